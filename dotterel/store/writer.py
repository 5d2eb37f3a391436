"""Ingest: coded articles into the database, in batches that a crash cannot tear.

Each batch is one transaction: a kill -9 loses at most the batch being written, and the
file opens cleanly afterwards (DuckDB replays its write-ahead log). Ingest is idempotent:
an article whose id or content hash is stored already is skipped, so re-running a corpus
after a crash resumes where it stopped. `Store.known()` lets a caller skip an article
before spending the parse on it.

Rows go in column-wise, one `INSERT ... SELECT` per table per batch from numpy columns:
DuckDB's `executemany` costs milliseconds a row, which would make storage rival parsing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import duckdb
import numpy as np  # installed with spaCy

from dotterel.errors import DotterelError
from dotterel.model import Actor, Article, Casualties, CodedArticle, Event, Place, parse_day
from dotterel.store.merge import DEFAULT_WINDOW_DAYS, Merger, report_of, save_clusters
from dotterel.store.schema import migrate

DEFAULT_DB = "dotterel.duckdb"
DEFAULT_BATCH = 200
BATCH_VIEW = "dotterel_batch"

# Column order of each table's insert; the types come from the database itself.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "title", "published", "url", "source", "language", "origin", "text", "content_hash",
                 "warnings"),
    "events": ("id", "article_id", "position", "type", "mode", "contexts", "quad", "score", "cameo", "event_date",
               "date_text", "date_value", "date_value_end", "date_granularity", "date_start", "date_end",
               "date_reason", "location_text", "location_name", "location_geonameid", "location_country",
               "location_lat", "location_lon", "location_start", "location_end", "location_feature",
               "location_rule", "source_speaker", "source_speaker_country", "source_speaker_sector", "source_cue",
               "source_quoted", "modality", "sentence", "evidence_text", "evidence_start", "evidence_end",
               "trigger_text", "trigger_start", "trigger_end", "rule", "depth", "confidence", "casualties_killed",
               "casualties_injured", "casualties_text", "casualties_start", "casualties_end", "location_admin1_name",
               "location_admin1_code", "location_admin2_name", "location_admin2_code", "cluster_id"),
    "event_actors": ("event_id", "role", "position", "text", "name", "country", "sector", "kind", "start", "end",
                     "resolution"),
    "entities": ("article_id", "position", "name", "country", "sector", "kind", "resolution"),
    "mentions": ("article_id", "entity_position", "position", "text", "start", "end"),
    "quotes": ("article_id", "position", "text", "speaker_name", "speaker_country", "speaker_sector", "cue",
               "direct", "start", "end"),
    "places": ("article_id", "position", "text", "name", "geonameid", "country", "lat", "lon", "start", "end",
               "feature", "rule", "admin1_name", "admin1_code", "admin2_name", "admin2_code"),
    "dates": ("article_id", "position", "text", "value", "value_end", "granularity", "start", "end", "reason"),
}  # fmt: skip


@dataclass
class IngestStats:
    """What one `Store.ingest` call did."""

    articles: int = 0  # stored
    events: int = 0  # stored
    duplicates: int = 0  # articles skipped: id or content already stored
    batches: int = 0
    clusters_touched: int = 0
    seconds: float = 0.0  # time spent writing, not waiting for records

    def add(self, other: IngestStats) -> None:
        for name in ("articles", "events", "duplicates", "batches", "clusters_touched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds


def content_hash(text: str) -> str:
    """The article's text with spacing normalised: the same story re-sent under a new id matches."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:32]


def event_day(event: Event, published: dt.date | None) -> dt.date | None:
    """The day an event is filed under: its own date when resolved to a day, else publication."""
    if event.date.granularity == "day":
        return parse_day(event.date.value) or published
    return published


class Store:
    """One DuckDB file holding coded articles, their events and the merged clusters."""

    def __init__(self, path: str | Path = DEFAULT_DB, window_days: int = DEFAULT_WINDOW_DAYS) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise DotterelError(f"cannot open database {self.path}: {exc}") from exc
        try:
            migrate(self.con)
        except BaseException:
            self.con.close()
            raise
        self.merger = Merger(window_days)
        self._types = {table: self._column_types(table) for table in COLUMNS}

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def known(self, article: Article) -> bool:
        """True when this article (by id or by content) is stored already."""
        row = self.con.execute(
            "SELECT 1 FROM articles WHERE id = ? OR content_hash = ? LIMIT 1",
            [article.id, content_hash(article.text)],
        ).fetchone()
        return row is not None

    def add_error(self, origin: str, message: str, level: str = "error") -> None:
        """Record a problem with one input; the same problem seen again is not recorded twice."""
        self.con.execute(
            """INSERT INTO errors (origin, message, level)
               SELECT $1, $2, $3 WHERE NOT EXISTS
               (SELECT 1 FROM errors WHERE origin = $1 AND message = $2 AND level = $3)""",
            [origin, message, level],
        )

    def ingest(self, records: Iterable[CodedArticle], batch_size: int = DEFAULT_BATCH) -> IngestStats:
        """Store a stream of coded articles, one transaction per batch of `batch_size`."""
        total = IngestStats()
        for batch in batches(iter(records), batch_size):
            total.add(self.write_batch(batch))
        return total

    def write_batch(self, batch: list[CodedArticle]) -> IngestStats:
        """Store one batch atomically: every article in it, or (after a crash) none."""
        started = time.perf_counter()
        self.con.execute("BEGIN TRANSACTION")
        try:
            stats = self._write(batch)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        stats.seconds = time.perf_counter() - started
        return stats

    def _write(self, batch: list[CodedArticle]) -> IngestStats:
        fresh = self._new_only(batch)
        rows = Rows()
        reports = []
        for coded in fresh:
            published = parse_day(coded.article.published)
            days = rows.add_article(coded, published)
            reports += [report_of(e, days[e.id]) for e in rows.kept_events(coded)]
        assigned, clusters = self.merger.assign(self.con, reports)
        rows.set_clusters(assigned)
        for table, table_rows in rows.tables.items():
            self._insert(table, table_rows)
        save_clusters(self.con, clusters)
        return IngestStats(
            articles=len(fresh), events=len(reports), duplicates=len(batch) - len(fresh), batches=1,
            clusters_touched=len(clusters),
        )  # fmt: skip

    def _new_only(self, batch: list[CodedArticle]) -> list[CodedArticle]:
        """The batch less articles stored already or repeated within it."""
        hashes = [content_hash(c.article.text) for c in batch]
        stored = self.con.execute(
            """SELECT id, content_hash FROM articles
               WHERE id IN (SELECT unnest($1::VARCHAR[])) OR content_hash IN (SELECT unnest($2::VARCHAR[]))""",
            [[c.article.id for c in batch], hashes],
        ).fetchall()
        seen_ids = {row[0] for row in stored}
        seen_hashes = {row[1] for row in stored}
        fresh = []
        for coded, digest in zip(batch, hashes, strict=True):
            if coded.article.id in seen_ids or digest in seen_hashes:
                continue
            seen_ids.add(coded.article.id)
            seen_hashes.add(digest)
            fresh.append(coded)
        return fresh

    def _insert(self, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        names = COLUMNS[table]
        # DuckDB scans a dict of numpy object arrays natively: five times faster than list
        # parameters and twenty times faster than executemany, with no pandas or Arrow.
        data = {name: np.fromiter(column, dtype=object, count=len(rows))
                for name, column in zip(names, zip(*rows, strict=True), strict=True)}  # fmt: skip
        select = ", ".join(f'CAST("{name}" AS {self._types[table][name]})' for name in names)
        quoted = ", ".join(f'"{name}"' for name in names)
        self.con.register(BATCH_VIEW, data)
        try:
            self.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {select} FROM {BATCH_VIEW}")
        finally:
            self.con.unregister(BATCH_VIEW)

    def _column_types(self, table: str) -> dict[str, str]:
        rows = self.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
        return dict(rows)


def batches(records: Iterator[CodedArticle], size: int) -> Iterator[list[CodedArticle]]:
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    while batch := list(islice(records, size)):
        yield batch


class Rows:
    """The rows one batch adds to each table, built from the typed records."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        self._kept: dict[str, list[Event]] = {}

    def kept_events(self, coded: CodedArticle) -> list[Event]:
        return self._kept[coded.article.id]

    def add_article(self, coded: CodedArticle, published: dt.date | None) -> dict[str, dt.date | None]:
        """Add every row of one article; returns each kept event's filing day."""
        a = coded.article
        self.tables["articles"].append((a.id, a.title, published, a.url, a.source, a.language, a.origin, a.text,
                                        content_hash(a.text), list(coded.warnings)))  # fmt: skip
        events = _unique_events(coded.events)
        self._kept[a.id] = events
        days = {}
        for position, event in enumerate(events):
            days[event.id] = event_day(event, published)
            self.tables["events"].append(event_row(a.id, position, event, days[event.id]))
            self.tables["event_actors"] += actor_rows(event)
        self._add_context(coded)
        return days

    def _add_context(self, coded: CodedArticle) -> None:
        aid = coded.article.id
        for i, ent in enumerate(coded.entities):
            self.tables["entities"].append((aid, i, ent.name, ent.country, ent.sector, ent.kind, ent.resolution))
            self.tables["mentions"] += [(aid, i, j, m.text, m.start, m.end) for j, m in enumerate(ent.mentions)]
        for i, q in enumerate(coded.quotes):
            sp = q.speaker
            self.tables["quotes"].append((aid, i, q.text, sp.name if sp else None, sp.country if sp else None,
                                          sp.sector if sp else None, q.cue, q.direct, q.start, q.end))  # fmt: skip
        for i, p in enumerate(coded.places):
            self.tables["places"].append((aid, i, p.text, p.name, p.geonameid, p.country, p.lat, p.lon, p.start,
                                          p.end, p.feature, p.rule, *_area_cells(p)))  # fmt: skip
        for i, d in enumerate(coded.dates):
            self.tables["dates"].append((aid, i, d.text, d.value, d.value_end, d.granularity, d.start, d.end,
                                         d.reason))  # fmt: skip

    def set_clusters(self, assigned: dict[str, str]) -> None:
        cluster_at = COLUMNS["events"].index("cluster_id")
        self.tables["events"] = [(*row[:cluster_at], assigned.get(row[0])) for row in self.tables["events"]]


def _unique_events(events: list[Event]) -> list[Event]:
    """One event per id: two events from one trigger would collide on the primary key."""
    seen: set[str] = set()
    return [e for e in events if not (e.id in seen or seen.add(e.id))]  # type: ignore[func-returns-value]


def event_row(article_id: str, position: int, e: Event, day: dt.date | None) -> tuple:
    loc, src, ev, d = e.location, e.source, e.evidence, e.date
    speaker = src.speaker if src else None
    return (
        e.id, article_id, position, e.type, e.mode, list(e.contexts), e.quad, e.score, e.cameo, day,
        d.text, d.value, d.value_end, d.granularity, d.start, d.end, d.reason,
        *((loc.text, loc.name, loc.geonameid, loc.country, loc.lat, loc.lon, loc.start, loc.end, loc.feature,
           loc.rule) if loc else (None,) * 10),
        speaker.name if speaker else None, speaker.country if speaker else None,
        speaker.sector if speaker else None, src.cue if src else None, src.quoted if src else None,
        e.modality, ev.sentence, ev.text, ev.start, ev.end, ev.trigger.text, ev.trigger.start, ev.trigger.end,
        ev.rule, ev.depth, e.confidence, *_casualty_cells(e.casualties), *_area_cells(loc), None,
    )  # fmt: skip


def _casualty_cells(c: Casualties | None) -> tuple:
    return (c.killed, c.injured, c.text, c.start, c.end) if c else (None,) * 5


def _area_cells(loc: Place | None) -> tuple:
    areas = (loc.admin1, loc.admin2) if loc else (None, None)
    return tuple(value for area in areas for value in ((area.name, area.code) if area else (None, None)))


def actor_rows(event: Event) -> list[tuple]:
    return [_actor_row(event.id, "actor", i, a) for i, a in enumerate(event.actor)] + [
        _actor_row(event.id, "recipient", i, a) for i, a in enumerate(event.recipient)
    ]


def _actor_row(event_id: str, role: str, position: int, a: Actor) -> tuple:
    return (event_id, role, position, a.text, a.name, a.country, a.sector, a.kind, a.start, a.end, a.resolution)
