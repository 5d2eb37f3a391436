"""One event or one article read back whole: the record of DESIGN.md, plus its cluster.

The dashboard's event page and `/api/events/{id}`, `/api/articles/{id}` read a handful of
rows by key, so these are small keyed queries rather than the export's whole-table ones.
"""

from __future__ import annotations

from typing import Any

import duckdb

from dotterel.server.reads import rows

ACTOR_KEYS = ("text", "name", "country", "sector", "kind", "start", "end", "resolution")


def _actors_of(cursor: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, dict[str, list]]:
    found = rows(cursor, """SELECT event_id, role, text, name, country, sector, kind, start, "end", resolution
        FROM event_actors WHERE event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY event_id, role, position""",
        [event_ids])  # fmt: skip
    sides: dict[str, dict[str, list]] = {i: {"actor": [], "recipient": []} for i in event_ids}
    for row in found:
        sides[row["event_id"]][row["role"]].append({k: row[k] for k in ACTOR_KEYS})
    return sides


def _prefixed(row: dict[str, Any], prefix: str, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: row[f"{prefix}_{k}"] for k in keys}


def event_record(row: dict[str, Any], sides: dict[str, list]) -> dict[str, Any]:
    """An `events` row and its actors as the event object of DESIGN.md (with `cluster_id`)."""
    location = None
    if row["location_text"] is not None:
        keys = ("text", "name", "geonameid", "country", "lat", "lon", "start", "end", "feature", "rule")
        location = _prefixed(row, "location", keys) | {level: _area(row, level) for level in ("admin1", "admin2")}
    source = None
    if row["source_quoted"] is not None:
        speaker = _prefixed(row, "source_speaker", ("country", "sector")) | {"name": row["source_speaker"]}
        source = {"speaker": speaker if any(speaker.values()) else None, "cue": row["source_cue"],
                  "quoted": row["source_quoted"]}  # fmt: skip
    return {
        "id": row["id"], "type": row["type"], "mode": row["mode"], "contexts": row["contexts"] or [],
        "quad": row["quad"], "score": row["score"], "cameo": row["cameo"],
        "actor": sides["actor"], "recipient": sides["recipient"],
        "date": _prefixed(row, "date", ("text", "value", "value_end", "granularity", "start", "end", "reason")),
        "location": location, "source": source, "modality": row["modality"],
        "evidence": {"sentence": row["sentence"], "text": row["evidence_text"], "start": row["evidence_start"],
                     "end": row["evidence_end"], "trigger": _prefixed(row, "trigger", ("text", "start", "end")),
                     "rule": row["rule"], "depth": row["depth"]},
        "confidence": row["confidence"], "cluster_id": row["cluster_id"], "event_date": row["event_date"],
        "casualties": _casualties(row),
    }  # fmt: skip


def _area(row: dict[str, Any], level: str) -> dict[str, Any] | None:
    area = _prefixed(row, f"location_{level}", ("name", "code"))
    return area if any(area.values()) else None


def _casualties(row: dict[str, Any]) -> dict[str, Any] | None:
    """The event's casualties as the record has them: none unless its sentence names some."""
    if row["casualties_text"] is None:
        return None
    return _prefixed(row, "casualties", ("killed", "injured", "text", "start", "end"))


def events_by(cursor: duckdb.DuckDBPyConnection, column: str, value: str) -> list[dict[str, Any]]:
    """Events whose `column` (id or article_id, fixed by the caller) equals `value`, as records."""
    found = rows(cursor, f"SELECT * FROM events WHERE {column} = ? ORDER BY position", [value])
    sides = _actors_of(cursor, [r["id"] for r in found])
    return [event_record(r, sides[r["id"]]) for r in found]


def article_header(cursor: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    found = rows(cursor, """SELECT id, title, CAST(published AS VARCHAR) AS published, url, source, language,
        text, warnings FROM articles WHERE id = ?""", [article_id])  # fmt: skip
    return found[0] if found else None


def reports(cursor: duckdb.DuckDBPyConnection, cluster_id: str, current: str | None = None) -> list[dict[str, Any]]:
    """Every article reporting one merged event, once each, earliest publication first.

    An article can hold several events of one cluster (one per mode of an act, or the act told
    twice); it is listed once, by the event asked about where it holds that one.
    """
    return rows(cursor, """SELECT e.id, e.article_id, a.title, CAST(a.published AS VARCHAR) AS published,
        a.source, e.event_date, e.modality, e.trigger_text AS trigger, e.evidence_text AS evidence
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE e.cluster_id = ?
        QUALIFY row_number() OVER (PARTITION BY e.article_id ORDER BY e.id = ? DESC, e.position, e.id) = 1
        ORDER BY a.published NULLS LAST, e.id""", [cluster_id, current])  # fmt: skip


def cluster(cursor: duckdb.DuckDBPyConnection, cluster_id: str | None) -> dict[str, Any] | None:
    if cluster_id is None:
        return None
    found = rows(cursor, "SELECT * FROM clusters WHERE cluster_id = ?", [cluster_id])
    return found[0] if found else None


def event_detail(cursor: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """An event, its article's header, its cluster and every report of that cluster."""
    found = events_by(cursor, "id", event_id)
    if not found:
        return None
    event = found[0]
    row = cursor.execute("SELECT article_id FROM events WHERE id = ?", [event_id]).fetchone()
    header = article_header(cursor, row[0])
    merged = cluster(cursor, event["cluster_id"])
    return {
        "event": event,
        "article": {k: v for k, v in (header or {}).items() if k not in ("text", "warnings")},
        "cluster": merged,
        "reports": reports(cursor, event["cluster_id"], event_id) if merged else [],
    }


def _by_article(cursor: duckdb.DuckDBPyConnection, table: str, article_id: str) -> list[dict[str, Any]]:
    return rows(cursor, f"SELECT * EXCLUDE (article_id) FROM {table} WHERE article_id = ? ORDER BY position",
                [article_id])  # fmt: skip


def article_detail(cursor: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """An article's text with every annotation dotterel stored for it, offsets into that text."""
    header = article_header(cursor, article_id)
    if header is None:
        return None
    mentions = _by_article(cursor, "mentions", article_id)
    entities = _by_article(cursor, "entities", article_id)
    for entity in entities:
        entity["mentions"] = [{k: m[k] for k in ("text", "start", "end")}
                              for m in mentions if m["entity_position"] == entity["position"]]  # fmt: skip
    text, warnings = header.pop("text"), header.pop("warnings")
    return {
        "article": header, "text": text, "events": events_by(cursor, "article_id", article_id),
        "entities": entities, "quotes": _by_article(cursor, "quotes", article_id),
        "places": _by_article(cursor, "places", article_id), "dates": _by_article(cursor, "dates", article_id),
        "warnings": warnings or [],
    }  # fmt: skip
