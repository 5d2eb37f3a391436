"""One declaration per table: the database, the writer's rows and the Parquet dataset agree with it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from store_builders import actor, coded, event, place

from dotterel.model import Area, Casualties, CodedArticle, parse_day
from dotterel.store import Store
from dotterel.store.schema import INITIAL, MIGRATIONS, TABLES, VIEWS, WRITTEN, _apply
from dotterel.store.writer import COLUMNS, Rows

# The columns each released schema version brought, as (table, column, type, constraint),
# then the views it brought, as (name, SQL). A released migration must never change: a file
# it made would differ from a new one.
RELEASED = {
    1: "06cd9fd6aa3edd6a",
    2: "8ffae831a9509328",
    3: "271862c5d0e44ee5",
}


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()


def _declared(table: str) -> list[tuple[str, str]]:
    return [(c.name, c.type) for c in TABLES[table].columns]


def _fingerprint(version: int) -> str:
    brought = [(t.name, c.name, c.type, c.constraint) for t in TABLES.values() for c in t.columns if c.since == version]
    views = [(v.name, v.select()) for v in VIEWS.values() if v.since == version]
    return hashlib.sha256((repr(brought) + (repr(views) if views else "")).encode()).hexdigest()[:16]


def _rich_article() -> CodedArticle:
    """An article whose event fills every optional part: place with areas, casualties, a speaker."""
    nairobi = place("Nairobi", "KEN")
    nairobi.admin1, nairobi.admin2 = Area("Nairobi County", "KE.30"), Area("Westlands", "KE.30.1")
    protest = event("s1", 0, actors=[actor("Teachers", "KEN", "EDU")], recipients=[actor("Ministry", "KEN", "GOV")],
                    location=nairobi, speaker="Amina Otieno")  # fmt: skip
    protest.casualties = Casualties(killed=2, injured=5, text="two dead, five hurt", start=12, end=31)
    return coded("s1", [protest])


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "schema.duckdb") as opened:
        yield opened


def test_the_database_holds_each_table_as_declared(store: Store) -> None:
    for name in TABLES:
        assert _columns(store.con, name) == _declared(name), name


def test_released_migrations_are_unchanged() -> None:
    assert {m.version: _fingerprint(m.version) for m in MIGRATIONS} == RELEASED


def test_a_version_1_file_upgraded_has_the_tables_of_a_new_one(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "v1.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
                    "applied_at TIMESTAMP DEFAULT current_timestamp)")  # fmt: skip
        _apply(con, INITIAL)
        assert _columns(con, "events")[-1] == ("cluster_id", "VARCHAR")  # version 1 ends there
    with Store(path) as upgraded:
        for name in TABLES:
            assert _columns(upgraded.con, name) == _columns(store.con, name), name


def test_the_writer_fills_the_declared_columns_in_table_order(store: Store) -> None:
    rows = Rows()
    record = _rich_article()
    rows.add_article(record, parse_day(record.article.published))
    for name in WRITTEN:
        in_table = [column for column, _ in _columns(store.con, name)]
        assert list(COLUMNS[name]) == [c for c in in_table if c in COLUMNS[name]], name
        assert rows.tables[name] and {len(row) for row in rows.tables[name]} == {len(COLUMNS[name])}, name
    # the columns the writer leaves to a default are the timestamps
    assert {c for name in WRITTEN for c, _ in _columns(store.con, name) if c not in COLUMNS[name]} == {"ingested_at"}


def test_each_value_lands_in_its_own_column(store: Store) -> None:
    store.ingest([_rich_article()])
    names = ["location_name", "location_country", "location_lat", "location_lon", "location_admin1_name",
             "location_admin1_code", "location_admin2_name", "location_admin2_code", "casualties_killed",
             "casualties_injured", "casualties_text", "casualties_start", "casualties_end", "source_speaker",
             "source_cue", "date_text", "date_value", "trigger_text", "evidence_start", "confidence"]  # fmt: skip
    row = store.con.execute(f"SELECT {', '.join(names)} FROM events").fetchone()
    assert dict(zip(names, row, strict=True)) == {
        "location_name": "Nairobi", "location_country": "KEN", "location_lat": 1.5, "location_lon": 2.5,
        "location_admin1_name": "Nairobi County", "location_admin1_code": "KE.30",
        "location_admin2_name": "Westlands", "location_admin2_code": "KE.30.1",
        "casualties_killed": 2, "casualties_injured": 5, "casualties_text": "two dead, five hurt",
        "casualties_start": 12, "casualties_end": 31, "source_speaker": "Amina Otieno", "source_cue": "said",
        "date_text": "on Friday", "date_value": "2024-03-15", "trigger_text": "Sentence", "evidence_start": 0,
        "confidence": 0.75,
    }  # fmt: skip
    actors = store.con.execute('SELECT role, position, name, country, sector, start, "end" FROM event_actors '
                               "ORDER BY role").fetchall()  # fmt: skip
    assert actors == [("actor", 0, "Teachers", "KEN", "EDU", 0, 8), ("recipient", 0, "Ministry", "KEN", "GOV", 0, 8)]
    quote = store.con.execute('SELECT text, speaker_name, cue, direct, start, "end" FROM quotes WHERE position = 0')
    assert quote.fetchone() == ("we will act", "Amina Otieno", "said", True, 20, 31)


def test_the_parquet_dataset_has_the_declared_columns(tmp_path: Path, store: Store) -> None:
    from dotterel.distributed import PartWriter
    from dotterel.store import dataset

    root = dataset.create(tmp_path / "ds")
    record = _rich_article()
    PartWriter().write(root, "p1", [record], [], [(record.article.id, 1, 0)])
    for name in TABLES:
        if name in dataset.NOT_PARTS:
            continue
        assert pq.read_schema(dataset.part_path(root, name, "p1")).names == [c for c, _ in _declared(name)], name
    with dataset.open_dataset(root) as con:
        for name in TABLES:
            assert _columns(con, name) == _columns(store.con, name), name
