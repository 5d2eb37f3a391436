"""The event database: schema, idempotent crash-safe ingest, merging, queries and exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from store_builders import actor, coded, event, place

from dotterel.errors import DotterelError, InputError
from dotterel.model import Event
from dotterel.store import EventFilter, Store, events_query, migrate, series_query
from dotterel.store import writer as writer_module
from dotterel.store.commands import copy_parquet, export_delimited, export_jsonl
from dotterel.store.formats import GDELT_COLUMNS, GDELT_EXTRA, gdelt_query, polecat_query
from dotterel.store.query import CSV_QUERY, PARQUET_QUERY, export_query
from dotterel.store.schema import MIGRATIONS, SCHEMA_VERSION, current_version

KEN_POLICE = actor("Kenya Police", "KEN", "COP")
PROTESTERS = actor("protesters", "KEN", "CVL")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "test.duckdb") as opened:
        yield opened


def count(store: Store, table: str) -> int:
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def clusters_of(store: Store) -> dict[str, str]:
    return dict(store.con.execute("SELECT id, cluster_id FROM events").fetchall())


# --- schema ------------------------------------------------------------------------------


def test_migrate_creates_every_table_and_records_the_version(store: Store) -> None:
    tables = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "events", "event_actors", "entities", "mentions", "quotes", "places", "dates", "errors",
            "clusters", "schema_version"} <= tables  # fmt: skip
    assert current_version(store.con) == SCHEMA_VERSION
    assert migrate(store.con) == SCHEMA_VERSION  # a second run changes nothing
    assert count(store, "schema_version") == len(MIGRATIONS)


def test_a_database_from_a_newer_dotterel_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    Store(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_version (version, description) VALUES (?, 'future')", [SCHEMA_VERSION + 1])
    with pytest.raises(DotterelError, match="newer than this dotterel"):
        Store(path)


# --- ingest ------------------------------------------------------------------------------


def test_every_record_survives_the_round_trip(store: Store) -> None:
    record = coded("a1", [event("a1", 0, actors=[KEN_POLICE], recipients=[PROTESTERS], location=place("Nairobi", "KEN"),
                                speaker="Amina Otieno"), event("a1", 1, type="CONSULT")])  # fmt: skip
    store.ingest([record])
    out = io.StringIO()
    export_jsonl(store.con, out)
    back = json.loads(out.getvalue())
    for item in back["events"]:
        assert item.pop("cluster_id")
    assert back == record.to_dict()


def test_reingest_is_idempotent_by_id_and_by_content(store: Store) -> None:
    records = [coded(f"a{i}") for i in range(5)]
    first = store.ingest(records, batch_size=2)
    again = store.ingest(records)
    renamed = coded("other-id", text=records[0].article.text)
    third = store.ingest([renamed, coded("a9"), coded("a9")])
    assert (first.articles, first.batches, again.articles, again.duplicates) == (5, 3, 0, 5)
    assert (third.articles, third.duplicates) == (1, 2)
    assert count(store, "articles") == 6 and count(store, "events") == 6
    assert store.known(records[0].article) and store.known(renamed.article)
    assert not store.known(coded("new").article)


def test_a_failing_batch_leaves_nothing_behind(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ingest([coded("kept")])

    def fail(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer_module, "save_clusters", fail)
    with pytest.raises(RuntimeError):
        store.ingest([coded("lost1"), coded("lost2")])
    assert [r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()] == ["kept"]
    assert count(store, "events") == 1 and count(store, "event_actors") == 0


def test_two_events_with_one_id_keep_the_first(store: Store) -> None:
    stats = store.ingest([coded("a", [event("a", 0), event("a", 0, type="CONSULT")])])
    assert stats.events == 1
    assert store.con.execute("SELECT type FROM events").fetchall() == [("PROTEST",)]


def test_errors_are_recorded_once(store: Store) -> None:
    store.add_error("bad.jsonl:3", "malformed JSON", "error")
    store.add_error("bad.jsonl:3", "malformed JSON", "error")
    store.add_error("bad.jsonl:4", "no text", "warning")
    assert store.con.execute("SELECT origin, level FROM errors ORDER BY origin").fetchall() == [
        ("bad.jsonl:3", "error"), ("bad.jsonl:4", "warning")]  # fmt: skip


# --- merging -----------------------------------------------------------------------------


def protest(article_id: str, **changes: object) -> Event:
    fields = {"actors": [KEN_POLICE], "recipients": [PROTESTERS], "location": place("Nairobi", "KEN")}
    fields.update(changes)
    return event(article_id, 0, **fields)


def merged(store: Store, *pairs: tuple[str, dict]) -> bool:
    """Whether every article's first event lands in one cluster."""
    store.ingest([coded(aid, [protest(aid, **changes)], source=f"outlet-{aid}") for aid, changes in pairs])
    return len({clusters_of(store)[f"{aid}-0-0"] for aid, _ in pairs}) == 1


def test_one_event_in_two_outlets_is_one_cluster(store: Store) -> None:
    assert merged(store, ("a", {}), ("b", {"date": "2024-03-16"}))
    row = store.con.execute("SELECT n_events, n_reports, n_sources, first_report, last_report FROM clusters").fetchone()
    assert row == (2, 2, 2, "a-0-0", "b-0-0")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"actors": [actor("the police", "KEN", "COP")]}, True),  # same codes, other words
        ({"actors": [actor("Kenya Police", "KEN", None)]}, True),  # other codes, same name
        ({"actors": [actor("the army", "KEN", "MIL")]}, False),
        ({"recipients": [actor("traders", "KEN", "BUS")]}, False),
        ({"date": "2024-03-18"}, False),  # outside the one-day window
        ({"location": place("Kampala", "UGA")}, False),
        ({"location": None}, True),  # unknown place
        ({"modality": "negated"}, False),
        ({"modality": "hypothetical"}, False),
        ({"modality": "reported"}, True),
        ({"type": "ASSAULT"}, False),
    ],
)
def test_merge_rule(store: Store, changes: dict, expected: bool) -> None:
    assert merged(store, ("a", {}), ("b", changes)) is expected


def test_the_window_is_configurable(tmp_path: Path) -> None:
    with Store(tmp_path / "wide.duckdb", window_days=3) as wide:
        assert merged(wide, ("a", {}), ("b", {"date": "2024-03-18"}))


def test_month_dates_file_under_the_publication_day(store: Store) -> None:
    assert merged(store, ("a", {"date": "2024-03", "granularity": "month"}), ("b", {}))
    # article a's event has only a month: it is filed under a's publication day
    day = store.con.execute("SELECT event_date FROM events WHERE article_id = 'a'").fetchone()[0]
    assert day.isoformat() == "2024-03-16"


def test_events_without_actors_never_merge(store: Store) -> None:
    assert not merged(store, ("a", {"actors": [], "recipients": []}), ("b", {"actors": [], "recipients": []}))


def test_merging_is_incremental_and_counts_sources(store: Store) -> None:
    store.ingest([coded("a", [protest("a")], source="Daily")])
    store.ingest([coded("b", [protest("b")], source="Daily"), coded("c", [protest("c", date="2024-03-16")])])
    store.ingest([coded("d", [protest("d", date="2024-03-17")], published="2024-03-18", source="Weekly")])
    assert len(set(clusters_of(store).values())) == 1
    row = store.con.execute("SELECT n_reports, n_sources, first_date, last_date, last_report FROM clusters").fetchone()
    assert row[:2] == (4, 3)  # Daily twice, one article without a source, Weekly
    assert (row[2].isoformat(), row[3].isoformat(), row[4]) == ("2024-03-15", "2024-03-17", "d-0-0")


def test_chains_join_the_nearest_cluster(store: Store) -> None:
    store.ingest([coded("a", [protest("a", date="2024-03-01")]), coded("b", [protest("b", date="2024-03-10")])])
    store.ingest([coded("c", [protest("c", date="2024-03-09")])])
    ids = clusters_of(store)
    assert ids["c-0-0"] == ids["b-0-0"] != ids["a-0-0"]


# --- queries -----------------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    store.ingest([
        coded("a", [protest("a"), event("a", 1, type="CONSULT", actors=[actor("Kenya", "KEN", "GOV")],
                                        recipients=[actor("Uganda", "UGA", "GOV")], date="2024-04-02")],
              source="Daily"),
        coded("b", [protest("b", modality="negated")], source="Weekly"),
        coded("c", [protest("c")], source="Weekly"),
    ])  # fmt: skip
    return store


def ids(store: Store, f: EventFilter) -> list[str]:
    sql, params = events_query(f)
    cursor = store.con.execute(sql, params)
    at = [d[0] for d in cursor.description].index("id")
    return sorted(row[at] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (EventFilter(), ["a-0-0", "a-1-0", "c-0-0"]),  # a denial is not counted by default
        (EventFilter(modality="all"), ["a-0-0", "a-1-0", "b-0-0", "c-0-0"]),
        (EventFilter(modality="negated,asserted"), ["a-0-0", "a-1-0", "b-0-0", "c-0-0"]),
        (EventFilter(type="consult"), ["a-1-0"]),
        (EventFilter(actor_country="uga"), []),
        (EventFilter(recipient_country="UGA"), ["a-1-0"]),
        (EventFilter(actor="police"), ["a-0-0", "c-0-0"]),
        (EventFilter(since="2024-04-01"), ["a-1-0"]),
        (EventFilter(until="2024-03-31", modality="all"), ["a-0-0", "b-0-0", "c-0-0"]),
        (EventFilter(place="nairo"), ["a-0-0", "c-0-0"]),
        (EventFilter(place="KEN", modality="negated"), ["b-0-0"]),
        (EventFilter(min_reports=2), ["a-0-0", "c-0-0"]),
        (EventFilter(type="PROTEST' OR '1'='1"), []),  # a value, never SQL
        (EventFilter(actor="%"), []),
    ],
)
def test_event_filters(filled: Store, f: EventFilter, expected: list[str]) -> None:
    assert ids(filled, f) == expected


def test_limit_and_bad_dates(filled: Store) -> None:
    assert len(ids(filled, EventFilter(limit=2))) == 2
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        events_query(EventFilter(since="last week"))


def test_series_by_month_and_dyad(filled: Store) -> None:
    rows = filled.con.execute(*series_query(EventFilter(), "month", dyad=True)).fetchall()
    table = [(r[0].isoformat(), *r[1:5]) for r in rows]
    assert table == [("2024-03-01", "PROTEST", "KEN", "KEN", 2), ("2024-04-01", "CONSULT", "KEN", "UGA", 1)]
    with pytest.raises(InputError):
        series_query(EventFilter(), "fortnight", dyad=False)


# --- exports -----------------------------------------------------------------------------


def test_csv_export_reads_back(filled: Store) -> None:
    out = io.StringIO()
    export_delimited(filled.con, *export_query(CSV_QUERY, "all"), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 4
    assert rows[0]["actor_country"] == "KEN" and rows[0]["location_name"] == "Nairobi"


def test_parquet_export_reads_back(filled: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    copy_parquet(filled.con, *export_query(PARQUET_QUERY, "all"), str(path))
    table = pq.read_table(path)
    assert table.num_rows == 4 and {"id", "type", "actor", "n_reports", "contexts"} <= set(table.column_names)
    assert duckdb.sql(f"SELECT count(*) FROM '{path}' WHERE type = 'CONSULT'").fetchall() == [(1,)]


def test_parquet_needs_a_file(filled: Store) -> None:
    with pytest.raises(InputError, match="--out"):
        copy_parquet(filled.con, PARQUET_QUERY, [], None)


def test_polecat_export_reads_back(filled: Store) -> None:
    out = io.StringIO()
    export_delimited(filled.con, *polecat_query("dotterel test"), out, delimiter="\t")
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    consult = next(r for r in rows if r["Event Type"] == "CONSULT")
    assert consult["Recipient Country"] == "UGA" and consult["Intensity"] == "2.5"
    assert consult["Story People"] == "Amina Otieno" and consult["Version"] == "dotterel test"


def test_gdelt_export_has_61_columns_one_row_per_cluster(filled: Store) -> None:
    out = io.StringIO()
    export_delimited(filled.con, *gdelt_query("all"), out, delimiter="\t", header=False)
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter="\t"))
    columns = (*GDELT_COLUMNS, *GDELT_EXTRA)
    assert len(GDELT_COLUMNS) == 61 and {len(r) for r in rows} == {len(columns)}
    by_cluster = {r[62]: dict(zip(columns, r, strict=True)) for r in rows}
    assert len(by_cluster) == 3  # a and c merged; b is a denial
    row = by_cluster["a-0-0"]
    assert (row["SQLDATE"], row["Actor1Code"], row["GoldsteinScale"]) == ("20240315", "KENCOP", "-6.5")
    assert (row["NumArticles"], row["NumSources"], row["ActionGeo_CountryCode"]) == ("2", "2", "KE")
