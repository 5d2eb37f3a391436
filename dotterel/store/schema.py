"""The event database's tables, and the migrations that create or upgrade them.

A database file outlives the dotterel that wrote it, so its layout is versioned: each
migration is a numbered list of statements, applied once, in its own transaction, and
recorded in `schema_version`. `migrate(con)` brings any older file up to date and refuses
a file written by a newer dotterel instead of guessing at it.

Types are the ones Parquet and Arrow carry without loss (VARCHAR, INTEGER, BIGINT, DOUBLE,
BOOLEAN, DATE, TIMESTAMP, VARCHAR[]), so any table exports as it is. Offsets `start` and
`end` are character offsets into the article's text as read, as everywhere in dotterel;
`end` is an SQL keyword, so write it `"end"` in queries.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dotterel.errors import DotterelError


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


INITIAL = Migration(
    1,
    "articles, events, actors, entities, quotes, places, dates, errors, clusters",
    (
        """CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            title VARCHAR,
            published DATE,
            url VARCHAR,
            source VARCHAR,
            language VARCHAR,
            origin VARCHAR,
            text VARCHAR,
            content_hash VARCHAR NOT NULL,
            warnings VARCHAR[],
            ingested_at TIMESTAMP DEFAULT current_timestamp
        )""",
        "CREATE INDEX articles_content_hash ON articles (content_hash)",
        """CREATE TABLE events (
            id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            position INTEGER,
            type VARCHAR NOT NULL,
            mode VARCHAR,
            contexts VARCHAR[],
            quad INTEGER,
            score DOUBLE,
            cameo VARCHAR,
            event_date DATE,
            date_text VARCHAR,
            date_value VARCHAR,
            date_value_end VARCHAR,
            date_granularity VARCHAR,
            date_start INTEGER,
            date_end INTEGER,
            date_reason VARCHAR,
            location_text VARCHAR,
            location_name VARCHAR,
            location_geonameid BIGINT,
            location_country VARCHAR,
            location_lat DOUBLE,
            location_lon DOUBLE,
            location_start INTEGER,
            location_end INTEGER,
            location_feature VARCHAR,
            location_rule VARCHAR,
            source_speaker VARCHAR,
            source_speaker_country VARCHAR,
            source_speaker_sector VARCHAR,
            source_cue VARCHAR,
            source_quoted BOOLEAN,
            modality VARCHAR,
            sentence INTEGER,
            evidence_text VARCHAR,
            evidence_start INTEGER,
            evidence_end INTEGER,
            trigger_text VARCHAR,
            trigger_start INTEGER,
            trigger_end INTEGER,
            rule VARCHAR,
            depth INTEGER,
            confidence DOUBLE,
            cluster_id VARCHAR
        )""",
        """CREATE TABLE event_actors (
            event_id VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            name VARCHAR,
            country VARCHAR,
            sector VARCHAR,
            kind VARCHAR,
            start INTEGER,
            "end" INTEGER,
            resolution VARCHAR
        )""",
        """CREATE TABLE entities (
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            name VARCHAR,
            country VARCHAR,
            sector VARCHAR,
            kind VARCHAR,
            resolution VARCHAR
        )""",
        """CREATE TABLE mentions (
            article_id VARCHAR NOT NULL,
            entity_position INTEGER NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            start INTEGER,
            "end" INTEGER
        )""",
        """CREATE TABLE quotes (
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            speaker_name VARCHAR,
            speaker_country VARCHAR,
            speaker_sector VARCHAR,
            cue VARCHAR,
            direct BOOLEAN,
            start INTEGER,
            "end" INTEGER
        )""",
        """CREATE TABLE places (
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            name VARCHAR,
            geonameid BIGINT,
            country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            start INTEGER,
            "end" INTEGER,
            feature VARCHAR,
            rule VARCHAR
        )""",
        """CREATE TABLE dates (
            article_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            value VARCHAR,
            value_end VARCHAR,
            granularity VARCHAR,
            start INTEGER,
            "end" INTEGER,
            reason VARCHAR
        )""",
        """CREATE TABLE errors (
            origin VARCHAR,
            message VARCHAR,
            level VARCHAR,
            "at" TIMESTAMP DEFAULT current_timestamp
        )""",
        """CREATE TABLE clusters (
            cluster_id VARCHAR PRIMARY KEY,
            type VARCHAR NOT NULL,
            modality VARCHAR,
            actor_key VARCHAR,
            recipient_key VARCHAR,
            actor_names VARCHAR,
            recipient_names VARCHAR,
            location_name VARCHAR,
            location_country VARCHAR,
            first_date DATE,
            last_date DATE,
            n_events INTEGER,
            n_reports INTEGER,
            n_sources INTEGER,
            first_report VARCHAR,
            last_report VARCHAR
        )""",
    ),
)

NEW_EVENT_COLUMNS = (
    "casualties_killed INTEGER", "casualties_injured INTEGER", "casualties_text VARCHAR",
    "casualties_start INTEGER", "casualties_end INTEGER",
    "location_admin1_name VARCHAR", "location_admin1_code VARCHAR",
    "location_admin2_name VARCHAR", "location_admin2_code VARCHAR",
)  # fmt: skip
NEW_PLACE_COLUMNS = ("admin1_name VARCHAR", "admin1_code VARCHAR", "admin2_name VARCHAR", "admin2_code VARCHAR")
CASUALTIES_AND_AREAS = Migration(
    2,
    "events: casualties (killed, injured, their words); events and places: first- and second-level areas",
    (
        *(f"ALTER TABLE events ADD COLUMN {column}" for column in NEW_EVENT_COLUMNS),
        *(f"ALTER TABLE places ADD COLUMN {column}" for column in NEW_PLACE_COLUMNS),
    ),
)

MIGRATIONS: tuple[Migration, ...] = (INITIAL, CASUALTIES_AND_AREAS)
SCHEMA_VERSION = MIGRATIONS[-1].version

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description VARCHAR,
    applied_at TIMESTAMP DEFAULT current_timestamp
)"""


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
