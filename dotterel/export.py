"""Output formats for coded articles: JSON, JSONL, CSV (one row per event) and a terminal table.

JSON (one array) and JSONL (one record a line) carry the whole record of DESIGN.md; CSV flattens each event into columns
(lists joined with "; "); the table is for people reading a terminal.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from typing import IO, Any

from dotterel.model import Actor, Casualties, CodedArticle, Event, Place

CSV_COLUMNS = [
    "article_id", "article_title", "published", "event_id", "type", "mode", "contexts", "quad", "score", "cameo",
    "actor_text", "actor_name", "actor_country", "actor_sector",
    "recipient_text", "recipient_name", "recipient_country", "recipient_sector",
    "date_text", "date_value", "date_value_end", "date_granularity",
    "location_name", "location_country", "location_lat", "location_lon",
    "source_speaker", "source_cue", "source_quoted", "modality",
    "sentence", "evidence_text", "evidence_start", "evidence_end", "trigger_text", "trigger_start", "trigger_end",
    "rule", "confidence", "fatalities", "injured", "casualties_text",
    "location_admin1_name", "location_admin1_code", "location_admin2_name", "location_admin2_code",
]  # fmt: skip


def write_json(records: Iterable[CodedArticle], out: IO[str]) -> None:
    """One JSON array of records, however many inputs: `json.load` and `jq` read it whole.

    Records are written as they are coded, so a long batch shows progress; `jsonl` is the
    form to stream into another program line by line.
    """
    out.write("[")
    for n, record in enumerate(records):
        body = json.dumps(record.to_dict(), ensure_ascii=False, indent=2)
        out.write(("," if n else "") + "\n" + body)
    out.write("\n]\n")


def write_jsonl(records: Iterable[CodedArticle], out: IO[str]) -> None:
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")


def _join(actors: list[Actor], field: str) -> str:
    return "; ".join(str(getattr(a, field) or "") for a in actors)


def csv_row(record: CodedArticle, event: Event) -> dict[str, Any]:
    loc, src, ev = event.location, event.source, event.evidence
    speaker = src.speaker if src else None
    return {
        "article_id": record.article.id, "article_title": record.article.title,
        "published": record.article.published, "event_id": event.id, "type": event.type, "mode": event.mode,
        "contexts": "; ".join(event.contexts), "quad": event.quad, "score": event.score, "cameo": event.cameo,
        **{f"actor_{f}": _join(event.actor, f) for f in ("text", "name", "country", "sector")},
        **{f"recipient_{f}": _join(event.recipient, f) for f in ("text", "name", "country", "sector")},
        "date_text": event.date.text, "date_value": event.date.value, "date_value_end": event.date.value_end,
        "date_granularity": event.date.granularity,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "source_speaker": speaker.name if speaker else None, "source_cue": src.cue if src else None,
        "source_quoted": src.quoted if src else None, "modality": event.modality,
        "sentence": ev.sentence, "evidence_text": ev.text, "evidence_start": ev.start, "evidence_end": ev.end,
        "trigger_text": ev.trigger.text, "trigger_start": ev.trigger.start, "trigger_end": ev.trigger.end,
        "rule": ev.rule, "confidence": event.confidence, **_casualty_cells(event.casualties), **_area_cells(loc),
    }  # fmt: skip


def _casualty_cells(toll: Casualties | None) -> dict[str, Any]:
    """ACLED's `fatalities` (a lower bound where the text says "at least"), injured, and the words."""
    return {"fatalities": toll.killed if toll else None, "injured": toll.injured if toll else None,
            "casualties_text": toll.text if toll else None}  # fmt: skip


def _area_cells(loc: Place | None) -> dict[str, Any]:
    cells = {}
    for level in ("admin1", "admin2"):
        area = getattr(loc, level) if loc else None
        cells[f"location_{level}_name"] = area.name if area else None
        cells[f"location_{level}_code"] = area.code if area else None
    return cells


def write_csv(records: Iterable[CodedArticle], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        for event in record.events:
            writer.writerow(csv_row(record, event))


def _who(actors: list[Actor]) -> str:
    return " + ".join(a.name or a.text for a in actors) or "-"


def _codes(actors: list[Actor]) -> str:
    return "+".join(f"{a.country or '---'}{a.sector or ''}" for a in actors) or "-"


def table_line(event: Event) -> str:
    """One event as a line: date, actor, type/mode, recipient, place, who says so, evidence."""
    speaker = event.source.speaker.name if event.source and event.source.speaker else ""
    who_says = f"{speaker} ({event.source.cue})" if speaker else ("quoted" if event.source else "")
    place = event.location.name if event.location else ""
    kind = event.type + (f"/{event.mode}" if event.mode else "")
    modality = "" if event.modality == "asserted" else f" [{event.modality}]"
    return " | ".join([
        event.date.value or "?", f"{_who(event.actor)} {_codes(event.actor)}", kind + modality + _toll(event),
        f"{_who(event.recipient)} {_codes(event.recipient)}", place or "-", who_says or "-",
        _snippet(event),
    ])  # fmt: skip


def _toll(event: Event) -> str:
    """ " [3 killed, 12 injured]" when the sentence gives numbers."""
    toll = event.casualties
    counts = (
        [f"{n} {what}" for n, what in ((toll.killed, "killed"), (toll.injured, "injured")) if n is not None]
        if toll
        else []
    )
    return f" [{', '.join(counts)}]" if counts else ""


def _snippet(event: Event, width: int = 60) -> str:
    text, trig = event.evidence.text, event.evidence.trigger
    at = trig.start - event.evidence.start
    start = max(0, at - width // 2)
    piece = " ".join(text[start : start + width].split())
    return ("..." if start else "") + piece + ("..." if start + width < len(text) else "")


def write_table(records: Iterable[CodedArticle], out: IO[str]) -> None:
    width = shutil.get_terminal_size((160, 20)).columns
    for record in records:
        title = record.article.title or record.article.id
        out.write(f"== {title} ({record.article.published or 'no date'}): {len(record.events)} events\n")
        for event in record.events:
            out.write(table_line(event)[:width] + "\n")


WRITERS = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv, "table": write_table}
