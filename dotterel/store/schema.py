"""The event database's tables, and the migrations that create or upgrade them.

A database file outlives the dotterel that wrote it, so its layout is versioned: each
migration is a numbered list of statements, applied once, in its own transaction, and
recorded in `schema_version`. `migrate(con)` brings any older file up to date and refuses
a file written by a newer dotterel instead of guessing at it.

Types are the ones Parquet and Arrow carry without loss (VARCHAR, INTEGER, BIGINT, DOUBLE,
BOOLEAN, DATE, TIMESTAMP, VARCHAR[]), so any table exports as it is. Offsets `start` and
`end` are character offsets into the article's text as read, as everywhere in dotterel;
`end` is an SQL keyword, so write it `"end"` in queries.

Each table is declared once, below, as the columns of the record it stores: name, type,
where the value comes from in the typed records (`path`), and the schema version that
added it. The migrations' DDL, the writer's column order and its row builders are all
generated from these declarations, so a column cannot be declared in one place and
forgotten in another; the Parquet dataset is written from the same tables.

Queries that several readers need (an event's actors gathered into lists) are views,
declared once below with the tables and kept in the database file, so the exports, the
API and an analyst's own SQL read the same thing; the Parquet dataset makes the same views.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from dotterel.errors import DotterelError


@dataclass(frozen=True)
class Column:
    """One column: its SQL type, and the record attribute it stores.

    `path` is dotted: its first name is a value the row builder is given (the record, or
    an id or position from around it), the rest are attributes, and a None on the way
    gives None (an event without a location has no location name). A column without a
    path is not written by `Table.row` (a default, or filled by another statement).
    """

    name: str
    type: str
    path: str | None = None
    since: int = 1  # the schema version that added it
    constraint: str = ""  # PRIMARY KEY, NOT NULL, DEFAULT ...

    def ddl(self) -> str:
        return " ".join(part for part in (_quoted(self.name), self.type, self.constraint) if part)


@dataclass(frozen=True)
class Table:
    """A table as the columns of the record it stores, in the order the database holds them."""

    name: str
    columns: tuple[Column, ...]
    _row: Callable[..., tuple] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_row", _row_builder(self.written()))

    def written(self) -> tuple[Column, ...]:
        """The columns `row` fills, in table order."""
        return tuple(c for c in self.columns if c.path is not None)

    @property
    def names(self) -> tuple[str, ...]:
        """The columns `row` fills, by name: the writer's insert order."""
        return tuple(c.name for c in self.written())

    def row(self, **values: Any) -> tuple:
        """One row of the written columns, read from the given records and values."""
        return self._row(**values)

    def create(self, version: int) -> str:
        """CREATE TABLE with the columns this table had at `version`."""
        columns = ",\n    ".join(c.ddl() for c in self.columns if c.since <= version)
        return f"CREATE TABLE {self.name} (\n    {columns}\n)"


def _quoted(name: str) -> str:
    # "end" and "at" are SQL keywords; quoting every name that is one keeps the DDL valid.
    return f'"{name}"' if name in ("end", "at") else name


def _row_builder(columns: tuple[Column, ...]) -> Callable[..., tuple]:
    """A function that builds one row as a single tuple expression.

    Generated once per table (as `dataclasses` generates `__init__`): a row is built for
    every record stored, and one expression is several times faster than a loop of getters.
    """
    heads = sorted({(c.path or "").split(".")[0] for c in columns})
    if not heads:  # a table filled by its own statements
        return lambda **_: ()
    cells = ", ".join(_cell(c) for c in columns)
    source = f"def row(*, {', '.join(heads)}):\n    return ({cells},)\n"
    namespace: dict[str, Any] = {"_list": _list}
    exec(compile(source, "<dotterel.store.schema row>", "exec"), namespace)  # the source is built from the declarations
    return namespace["row"]


def _list(value: Any) -> list | None:
    # DuckDB reads a Python list as a LIST; records may hold tuples.
    return None if value is None else list(value)


def _cell(column: Column) -> str:
    """The expression for one cell: the path's attributes, None as soon as one is None."""
    parts = (column.path or "").split(".")
    if not all(part.isidentifier() for part in parts):
        raise ValueError(f"column {column.name}: {column.path!r} is not a dotted path")
    value = ".".join(parts)
    if column.type.endswith("[]"):
        value = f"_list({value})"
    guards = [".".join(parts[:i]) for i in range(2, len(parts))]
    if not guards:
        return value
    return f"(None if {' or '.join(f'{g} is None' for g in guards)} else {value})"


def C(name: str, type: str, path: str | None = None, since: int = 1, constraint: str = "") -> Column:
    """A column, declared in one short line."""
    return Column(name, type, path, since, constraint)


TEXT, INT, BIG, REAL, BOOL = "VARCHAR", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN"
KEY, REQUIRED = "PRIMARY KEY", "NOT NULL"

ARTICLES = Table("articles", (
    C("id", TEXT, "article.id", constraint=KEY), C("title", TEXT, "article.title"), C("published", "DATE", "published"),
    C("url", TEXT, "article.url"), C("source", TEXT, "article.source"), C("language", TEXT, "article.language"),
    C("origin", TEXT, "article.origin"), C("text", TEXT, "article.text"),
    C("content_hash", TEXT, "content_hash", constraint=REQUIRED), C("warnings", "VARCHAR[]", "warnings"),
    C("ingested_at", "TIMESTAMP", constraint="DEFAULT current_timestamp"),
))  # fmt: skip

EVENTS = Table("events", (
    C("id", TEXT, "event.id", constraint=KEY), C("article_id", TEXT, "article_id", constraint=REQUIRED),
    C("position", INT, "position"), C("type", TEXT, "event.type", constraint=REQUIRED), C("mode", TEXT, "event.mode"),
    C("contexts", "VARCHAR[]", "event.contexts"), C("quad", INT, "event.quad"), C("score", REAL, "event.score"),
    C("cameo", TEXT, "event.cameo"), C("event_date", "DATE", "day"),
    C("date_text", TEXT, "event.date.text"), C("date_value", TEXT, "event.date.value"),
    C("date_value_end", TEXT, "event.date.value_end"), C("date_granularity", TEXT, "event.date.granularity"),
    C("date_start", INT, "event.date.start"), C("date_end", INT, "event.date.end"),
    C("date_reason", TEXT, "event.date.reason"),
    C("location_text", TEXT, "event.location.text"), C("location_name", TEXT, "event.location.name"),
    C("location_geonameid", BIG, "event.location.geonameid"), C("location_country", TEXT, "event.location.country"),
    C("location_lat", REAL, "event.location.lat"), C("location_lon", REAL, "event.location.lon"),
    C("location_start", INT, "event.location.start"), C("location_end", INT, "event.location.end"),
    C("location_feature", TEXT, "event.location.feature"), C("location_rule", TEXT, "event.location.rule"),
    C("source_speaker", TEXT, "event.source.speaker.name"),
    C("source_speaker_country", TEXT, "event.source.speaker.country"),
    C("source_speaker_sector", TEXT, "event.source.speaker.sector"), C("source_cue", TEXT, "event.source.cue"),
    C("source_quoted", BOOL, "event.source.quoted"), C("modality", TEXT, "event.modality"),
    C("sentence", INT, "event.evidence.sentence"), C("evidence_text", TEXT, "event.evidence.text"),
    C("evidence_start", INT, "event.evidence.start"), C("evidence_end", INT, "event.evidence.end"),
    C("trigger_text", TEXT, "event.evidence.trigger.text"), C("trigger_start", INT, "event.evidence.trigger.start"),
    C("trigger_end", INT, "event.evidence.trigger.end"), C("rule", TEXT, "event.evidence.rule"),
    C("depth", INT, "event.evidence.depth"), C("confidence", REAL, "event.confidence"),
    C("cluster_id", TEXT, "cluster_id"),
    C("casualties_killed", INT, "event.casualties.killed", 2),
    C("casualties_injured", INT, "event.casualties.injured", 2),
    C("casualties_text", TEXT, "event.casualties.text", 2),
    C("casualties_start", INT, "event.casualties.start", 2), C("casualties_end", INT, "event.casualties.end", 2),
    C("location_admin1_name", TEXT, "event.location.admin1.name", 2),
    C("location_admin1_code", TEXT, "event.location.admin1.code", 2),
    C("location_admin2_name", TEXT, "event.location.admin2.name", 2),
    C("location_admin2_code", TEXT, "event.location.admin2.code", 2),
))  # fmt: skip

EVENT_ACTORS = Table("event_actors", (
    C("event_id", TEXT, "event_id", constraint=REQUIRED), C("role", TEXT, "role", constraint=REQUIRED),
    C("position", INT, "position", constraint=REQUIRED), C("text", TEXT, "actor.text"), C("name", TEXT, "actor.name"),
    C("country", TEXT, "actor.country"), C("sector", TEXT, "actor.sector"), C("kind", TEXT, "actor.kind"),
    C("start", INT, "actor.start"), C("end", INT, "actor.end"), C("resolution", TEXT, "actor.resolution"),
))  # fmt: skip

ENTITIES = Table("entities", (
    C("article_id", TEXT, "article_id", constraint=REQUIRED), C("position", INT, "position", constraint=REQUIRED),
    C("name", TEXT, "entity.name"), C("country", TEXT, "entity.country"), C("sector", TEXT, "entity.sector"),
    C("kind", TEXT, "entity.kind"), C("resolution", TEXT, "entity.resolution"),
))  # fmt: skip

MENTIONS = Table("mentions", (
    C("article_id", TEXT, "article_id", constraint=REQUIRED),
    C("entity_position", INT, "entity_position", constraint=REQUIRED),
    C("position", INT, "position", constraint=REQUIRED), C("text", TEXT, "mention.text"),
    C("start", INT, "mention.start"), C("end", INT, "mention.end"),
))  # fmt: skip

QUOTES = Table("quotes", (
    C("article_id", TEXT, "article_id", constraint=REQUIRED), C("position", INT, "position", constraint=REQUIRED),
    C("text", TEXT, "quote.text"), C("speaker_name", TEXT, "quote.speaker.name"),
    C("speaker_country", TEXT, "quote.speaker.country"), C("speaker_sector", TEXT, "quote.speaker.sector"),
    C("cue", TEXT, "quote.cue"), C("direct", BOOL, "quote.direct"), C("start", INT, "quote.start"),
    C("end", INT, "quote.end"),
))  # fmt: skip

PLACES = Table("places", (
    C("article_id", TEXT, "article_id", constraint=REQUIRED), C("position", INT, "position", constraint=REQUIRED),
    C("text", TEXT, "place.text"), C("name", TEXT, "place.name"), C("geonameid", BIG, "place.geonameid"),
    C("country", TEXT, "place.country"), C("lat", REAL, "place.lat"), C("lon", REAL, "place.lon"),
    C("start", INT, "place.start"), C("end", INT, "place.end"), C("feature", TEXT, "place.feature"),
    C("rule", TEXT, "place.rule"),
    C("admin1_name", TEXT, "place.admin1.name", 2), C("admin1_code", TEXT, "place.admin1.code", 2),
    C("admin2_name", TEXT, "place.admin2.name", 2), C("admin2_code", TEXT, "place.admin2.code", 2),
))  # fmt: skip

DATES = Table("dates", (
    C("article_id", TEXT, "article_id", constraint=REQUIRED), C("position", INT, "position", constraint=REQUIRED),
    C("text", TEXT, "date.text"), C("value", TEXT, "date.value"), C("value_end", TEXT, "date.value_end"),
    C("granularity", TEXT, "date.granularity"), C("start", INT, "date.start"), C("end", INT, "date.end"),
    C("reason", TEXT, "date.reason"),
))  # fmt: skip

# Written by their own statements (`Store.add_error`, `merge.save_clusters`), not by `Table.row`.
ERRORS = Table("errors", (
    C("origin", TEXT), C("message", TEXT), C("level", TEXT),
    C("at", "TIMESTAMP", constraint="DEFAULT current_timestamp"),
))  # fmt: skip

CLUSTERS = Table("clusters", (
    C("cluster_id", TEXT, constraint=KEY), C("type", TEXT, constraint=REQUIRED), C("modality", TEXT),
    C("actor_key", TEXT), C("recipient_key", TEXT), C("actor_names", TEXT), C("recipient_names", TEXT),
    C("location_name", TEXT),
    C("location_country", TEXT), C("first_date", "DATE"), C("last_date", "DATE"), C("n_events", INT),
    C("n_reports", INT), C("n_sources", INT), C("first_report", TEXT), C("last_report", TEXT),
))  # fmt: skip

TABLES: dict[str, Table] = {t.name: t for t in (ARTICLES, EVENTS, EVENT_ACTORS, ENTITIES, MENTIONS, QUOTES, PLACES,
                                                 DATES, ERRORS, CLUSTERS)}  # fmt: skip
# The tables the writer fills row by row from a coded article.
WRITTEN = ("articles", "events", "event_actors", "entities", "mentions", "quotes", "places", "dates")


@dataclass(frozen=True)
class View:
    """A query over the tables, kept in the database under a name: one row per `group_by`.

    `select(where)` is the same query narrowed to some rows before they are grouped: DuckDB
    does not push a filter on the grouped key from a join or a subquery into a view (a page
    of 20 events joined to the view gathers the actors of every event, 40 times slower on a
    million), so a reader of a few events narrows the declaration instead of the view.
    """

    name: str
    columns: str  # the SELECT list
    source: str
    group_by: str
    since: int  # the schema version that created it, or last changed it

    def select(self, where: str = "") -> str:
        narrowed = f" WHERE {where}" if where else ""
        return f"SELECT {self.columns}\nFROM {self.source}{narrowed}\nGROUP BY {self.group_by}"

    def create(self, temporary: bool = False) -> str:
        return f"CREATE OR REPLACE {'TEMP ' if temporary else ''}VIEW {self.name} AS\n{self.select()}"


# An actor as `dotterel events` prints it: "Kenya Police [KEN COP]", "protesters [---]".
_LABEL = "coalesce(name, text) || ' [' || coalesce(country, '---') || coalesce(' ' || sector, '') || ']'"
# An actor as the record of DESIGN.md holds it.
_RECORD = """{'text': text, 'name': name, 'country': country, 'sector': sector, 'kind': kind,
             'start': start, 'end': "end", 'resolution': resolution}"""


def _by_role(expression: str) -> str:
    """The event's id, then `expression` aggregated over its actors and over its recipients."""
    sides = [f"{expression} FILTER (WHERE role = '{role}') AS {role}" for role in ("actor", "recipient")]
    return ",\n       ".join(["event_id", *sides])


def _joined(column: str) -> str:
    return f"string_agg(coalesce({column}, ''), '; ' ORDER BY position) AS {column}"


# One row per event with an actor or a recipient: each side as one line of text.
EVENT_SIDES = View("event_sides", _by_role(f"string_agg({_LABEL}, '; ' ORDER BY position)"), "event_actors",
                   "event_id", 3)  # fmt: skip
# One row per event with an actor or a recipient: each side as a list of the record's actors, in order.
EVENT_ACTOR_LISTS = View("event_actor_lists", _by_role(f"list({_RECORD} ORDER BY position)"), "event_actors",
                         "event_id", 3)  # fmt: skip
# One row per event and role: the side's words, names, countries and sectors, each joined with
# "; " and "" for an unknown, position by position (the flat columns of the CSV export).
EVENT_ROLES = View("event_roles", ",\n       ".join(["event_id", "role", *map(_joined, ("text", "name", "country",
                   "sector"))]), "event_actors", "event_id, role", 3)  # fmt: skip

VIEWS: dict[str, View] = {v.name: v for v in (EVENT_SIDES, EVENT_ACTOR_LISTS, EVENT_ROLES)}


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


# What each version brought; the tables and columns come from the declarations above.
DESCRIPTIONS = {
    1: "articles, events, actors, entities, quotes, places, dates, errors, clusters",
    2: "events: casualties (killed, injured, their words); events and places: first- and second-level areas",
    3: "views: event_sides, event_actor_lists, event_roles (an event's actors gathered by side)",
}
# Statements that are not columns (indexes), by the version that added them.
EXTRA: dict[int, tuple[str, ...]] = {
    1: ("CREATE INDEX articles_content_hash ON articles (content_hash)",),
}


def _table_statements(version: int) -> tuple[str, ...]:
    """A table whose first column came with `version` is created; later columns are added."""
    out = []
    for table in TABLES.values():
        if table.columns[0].since == version:
            out.append(table.create(version))
        else:
            out += [f"ALTER TABLE {table.name} ADD COLUMN {c.ddl()}" for c in table.columns if c.since == version]
    return (*out, *EXTRA.get(version, ()))


def _statements(version: int) -> tuple[str, ...]:
    return (*_table_statements(version), *(v.create() for v in VIEWS.values() if v.since == version))


MIGRATIONS: tuple[Migration, ...] = tuple(Migration(v, d, _statements(v)) for v, d in sorted(DESCRIPTIONS.items()))
INITIAL = MIGRATIONS[0]
SCHEMA_VERSION = MIGRATIONS[-1].version

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description VARCHAR,
    applied_at TIMESTAMP DEFAULT current_timestamp
)"""


def same_tables(version: int) -> bool:
    """True when the migrations after `version` add views only: its tables are those of today.

    Such a file (or Parquet dataset) is read as it is, with the views made for the connection
    (`create_views`); only writing it upgrades it.
    """
    later = range(version + 1, SCHEMA_VERSION + 1)
    return 0 < version <= SCHEMA_VERSION and not any(_table_statements(v) for v in later)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """The views, for this connection only: on a read-only file of an older version they are missing."""
    for view in VIEWS.values():
        con.execute(view.create(temporary=True))


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database: 0 for a file without dotterel tables."""
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'").fetchone()
    if not found or not found[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Create the tables, or upgrade an older database; returns the version now in force."""
    con.execute(VERSION_TABLE)
    version = current_version(con)
    if version > SCHEMA_VERSION:
        raise DotterelError(
            f"this database has schema version {version}, newer than this dotterel knows "
            f"({SCHEMA_VERSION}); upgrade dotterel to use it"
        )
    for migration in MIGRATIONS:
        if migration.version > version:
            _apply(con, migration)
    return SCHEMA_VERSION


def _apply(con: duckdb.DuckDBPyConnection, migration: Migration) -> None:
    # One transaction per migration: a crash leaves the file at the previous version.
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in migration.statements:
            con.execute(statement)
        con.execute(
            "INSERT INTO schema_version (version, description) VALUES (?, ?)",
            [migration.version, migration.description],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
