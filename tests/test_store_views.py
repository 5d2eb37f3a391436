"""The views: declared once, kept in the database file, made over a Parquet dataset, and made
for a file of an older version without touching its data."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from store_builders import actor, coded, event, place

from dotterel.errors import InputError
from dotterel.model import Actor, CodedArticle
from dotterel.store import Store
from dotterel.store.commands import open_read_only
from dotterel.store.schema import (
    EVENT_SIDES,
    MIGRATIONS,
    SCHEMA_VERSION,
    VIEWS,
    _apply,
    current_version,
    same_tables,
)

# The SQL the views replace, as query.py and formats.py wrote it inline before schema version 3.
OLD_EVENTS_SIDES = """SELECT event_id,
    string_agg(coalesce(name, text) || ' [' || coalesce(country, '---') || coalesce(' ' || sector, '') || ']',
               '; ' ORDER BY position) FILTER (WHERE role = 'actor') AS actor,
    string_agg(coalesce(name, text) || ' [' || coalesce(country, '---') || coalesce(' ' || sector, '') || ']',
               '; ' ORDER BY position) FILTER (WHERE role = 'recipient') AS recipient
FROM event_actors GROUP BY event_id"""
_ACTOR = """{'text': text, 'name': name, 'country': country, 'sector': sector, 'kind': kind,
             'start': start, 'end': "end", 'resolution': resolution}"""
OLD_RECORDS_SIDES = f"""SELECT event_id,
    list({_ACTOR} ORDER BY position) FILTER (WHERE role = 'actor') AS actor,
    list({_ACTOR} ORDER BY position) FILTER (WHERE role = 'recipient') AS recipient
FROM event_actors GROUP BY event_id"""
OLD_CSV_SIDES = """SELECT event_id, role,
    string_agg(coalesce(text, ''), '; ' ORDER BY position) AS text,
    string_agg(coalesce(name, ''), '; ' ORDER BY position) AS name,
    string_agg(coalesce(country, ''), '; ' ORDER BY position) AS country,
    string_agg(coalesce(sector, ''), '; ' ORDER BY position) AS sector
FROM event_actors GROUP BY event_id, role"""
REPLACED = {"event_sides": OLD_EVENTS_SIDES, "event_actor_lists": OLD_RECORDS_SIDES, "event_roles": OLD_CSV_SIDES}


def _nameless(text: str, country: str | None = None) -> Actor:
    found = actor(text, country)
    found.name = None
    return found


def _articles() -> list[CodedArticle]:
    """Sides of every shape: several actors, no recipient, unknown names, countries and sectors."""
    police, crowd = actor("Kenya Police", "KEN", "COP"), actor("protesters", "KEN", "CVL")
    return [
        coded("a", [event("a", 0, actors=[police, _nameless("officers")], recipients=[crowd],
                          location=place("Nairobi", "KEN")),
                    event("a", 1, type="CONSULT", actors=[actor("Kenya", "KEN", "GOV"), actor("Uganda", "UGA")]),
                    event("a", 2, recipients=[_nameless("someone")])]),
        coded("b", [event("b", 0, type="ASSAULT", actors=[_nameless("gunmen")], recipients=[crowd, police]),
                    event("b", 1, type="AGREE")]),
    ]  # fmt: skip


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


def _views(con: duckdb.DuckDBPyConnection) -> set[str]:
    found = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    return {row[0] for row in found}


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "views.duckdb"
    with Store(path) as store:
        store.ingest(_articles())
    return path


def test_a_fresh_database_file_has_the_views(tmp_path: Path) -> None:
    path = tmp_path / "fresh.duckdb"
    Store(path).close()
    with duckdb.connect(str(path), read_only=True) as con:  # kept in the file, not made per connection
        assert _views(con) == set(VIEWS) == {"event_sides", "event_actor_lists", "event_roles"}
        assert con.execute("SELECT count(*) FROM event_sides").fetchone() == (0,)


@pytest.mark.parametrize("name", sorted(REPLACED))
def test_each_view_gives_the_rows_of_the_sql_it_replaces(filled: Path, name: str) -> None:
    with duckdb.connect(str(filled), read_only=True) as con:
        found = _rows(con, f"SELECT * FROM {name}")
        assert found == _rows(con, REPLACED[name])
    assert len(found) == (6 if name == "event_roles" else 4)  # b-1-0 has no actors: no row


def test_a_page_narrows_event_sides_to_the_same_rows(filled: Path) -> None:
    # what the events page and `dotterel events` run for the events they picked (query.SIDES)
    narrowed = EVENT_SIDES.select("event_id IN ('a-0-0', 'b-0-0', 'b-1-0')")
    with duckdb.connect(str(filled), read_only=True) as con:
        assert _rows(con, narrowed) == _rows(con, "SELECT * FROM event_sides WHERE event_id IN ('a-0-0', 'b-0-0')")


def test_event_sides_reads_as_dotterel_events_prints(filled: Path) -> None:
    with duckdb.connect(str(filled), read_only=True) as con:
        found = con.execute("SELECT actor, recipient FROM event_sides WHERE event_id = 'a-0-0'").fetchone()
        lists = con.execute("SELECT actor FROM event_actor_lists WHERE event_id = 'a-0-0'").fetchone()[0]
    assert found == ("Kenya Police [KEN COP]; officers [---]", "protesters [KEN CVL]")
    assert [(a["text"], a["name"], a["country"]) for a in lists] == [("Kenya Police", "Kenya Police", "KEN"),
                                                                     ("officers", None, None)]  # fmt: skip


def test_a_parquet_dataset_has_the_views_with_the_same_rows(filled: Path, tmp_path: Path) -> None:
    from dotterel.distributed import PartWriter
    from dotterel.store import dataset

    root = dataset.create(tmp_path / "ds")
    records = _articles()
    PartWriter().write(root, "p1", records, [], [(r.article.id, 1, i) for i, r in enumerate(records)])
    assert not any((root / name).exists() for name in VIEWS)  # views are made on reading, not written as parts
    with dataset.open_dataset(root) as con, duckdb.connect(str(filled), read_only=True) as file:
        assert set(VIEWS) <= _views(con)
        for name in VIEWS:
            assert _rows(con, f"SELECT * FROM {name}") == _rows(file, f"SELECT * FROM {name}"), name


def _version_2_file(path: Path) -> None:
    """A file as dotterel wrote it before the views: schema version 2, with an event and its actors."""
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
                    "applied_at TIMESTAMP DEFAULT current_timestamp)")  # fmt: skip
        for migration in MIGRATIONS[:2]:
            _apply(con, migration)
        con.execute("INSERT INTO events (id, article_id, type) VALUES ('old-1', 'old', 'PROTEST')")
        con.execute("INSERT INTO event_actors (event_id, role, position, text, country) VALUES "
                    "('old-1', 'actor', 0, 'students', 'KEN'), "
                    "('old-1', 'recipient', 0, 'the police', NULL)")  # fmt: skip


def test_the_views_are_the_only_change_since_version_2() -> None:
    assert SCHEMA_VERSION == 3 and same_tables(2) and not same_tables(1)
    assert all(statement.startswith("CREATE OR REPLACE VIEW") for statement in MIGRATIONS[2].statements)


def test_a_version_2_file_is_read_with_the_views_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    _version_2_file(path)
    with open_read_only(str(path)) as con:
        assert con.execute("SELECT actor, recipient FROM event_sides").fetchall() == [
            ("students [KEN]", "the police [---]")
        ]
    with duckdb.connect(str(path), read_only=True) as con:
        assert current_version(con) == 2 and _views(con) == set()


def test_the_commands_read_a_version_2_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dotterel.cli import main

    path = tmp_path / "v2.duckdb"
    _version_2_file(path)
    assert main(["sql", "SELECT actor, recipient FROM event_sides", "--db", str(path), "--format", "csv"]) == 0
    assert main(["events", "--db", str(path), "--format", "csv", "--modality", "all"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:2] == ["actor,recipient", "students [KEN],the police [---]"]
    assert "students [KEN]" in printed[3]


def test_a_version_2_file_opened_for_writing_gets_the_views_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    _version_2_file(path)
    Store(path).close()
    with duckdb.connect(str(path), read_only=True) as con:
        assert current_version(con) == SCHEMA_VERSION and _views(con) == set(VIEWS)
        assert con.execute("SELECT id, type FROM events").fetchall() == [("old-1", "PROTEST")]
        assert con.execute("SELECT count(*) FROM event_actors").fetchone() == (2,)
        assert con.execute("SELECT actor FROM event_sides").fetchall() == [("students [KEN]",)]


def test_a_version_2_dataset_is_read_with_the_views(tmp_path: Path) -> None:
    from dotterel.distributed import PartWriter
    from dotterel.store import dataset

    root = dataset.create(tmp_path / "ds")
    records = _articles()
    PartWriter().write(root, "p1", records, [], [(r.article.id, 1, i) for i, r in enumerate(records)])
    (root / dataset.MARKER).write_text(json.dumps({"format": dataset.FORMAT, "schema_version": 2}))
    with dataset.open_dataset(root) as con:
        assert con.execute("SELECT count(*) FROM event_sides").fetchone() == (4,)
    (root / dataset.MARKER).write_text(json.dumps({"format": dataset.FORMAT, "schema_version": 1}))
    with pytest.raises(InputError, match="holds schema version 1"):
        dataset.open_dataset(root)
