"""The dashboard's reads, checked against a plain-Python reading of the same small store.

The SQL behind `/api/events` is shaped for speed (clusters joined after the page is cut,
actor filters as uncorrelated IN lists); these tests hold it to what a filter means, written
here the slow and obvious way. The store is invented: numbered articles, each with four
events in two sentences, so that most acts are coded twice (in two modes) and the sort keys
tie and go missing often.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import pytest

from dotterel.events.codebook import load_types
from dotterel.server import reads
from dotterel.store import EventFilter
from dotterel.store.query import OCCURRED
from dotterel.store.schema import migrate

STORE = """
INSERT INTO articles (id, title, published, source, text, content_hash, warnings)
SELECT 'art' || lpad(i::VARCHAR, 2, '0'), 'Story ' || i, DATE '2025-01-01' + CAST(i AS INTEGER), 'Paper',
       'Some text.', md5(i::VARCHAR), []
FROM range(30) t(i);
INSERT INTO events (id, article_id, position, type, mode, contexts, quad, score, event_date, location_name,
    location_country, location_lat, location_lon, modality, sentence, evidence_text, evidence_start, evidence_end,
    trigger_text, trigger_start, trigger_end, rule, confidence, cluster_id)
SELECT 'ev' || lpad(i::VARCHAR, 3, '0'), 'art' || lpad((i // 4)::VARCHAR, 2, '0'), i % 4,
       ['PROTEST', 'ASSAULT', 'CONSULT'][1 + (i // 2) % 3], ['demo', 'rally', NULL][1 + i % 3], [],
       [3, 4, 1][1 + (i // 2) % 3], (i % 5) - 2.0,
       CASE WHEN i % 9 <> 0 THEN DATE '2025-01-01' + CAST(i % 11 AS INTEGER) END,
       'Town ' || (i % 6), ['KEN', 'UGA', 'TZA', NULL, 'KEN'][1 + (i * 7) % 5], (i % 3) * 1.0, (i % 2) * 1.0,
       ['asserted', 'reported', 'negated', 'historical', 'future'][1 + (i // 3) % 5], (i % 4) // 2,
       'People gathered in the town.', 0, 28, 'gathered', 7, 15, 'test.rule',
       CASE WHEN i % 7 <> 0 THEN (i % 4) / 4 END, 'cl' || (i % 40)
FROM range(120) t(i);
INSERT INTO event_actors (event_id, role, position, text, name, country, sector, kind, start, "end")
SELECT 'ev' || lpad(i::VARCHAR, 3, '0'), 'actor', 0, 'the army', 'Army of ' || c, c, 'MIL', 'group', 0, 8
FROM (SELECT i, ['KEN', 'UGA', 'TZA'][1 + (i // 5) % 3] AS c FROM range(120) t(i) WHERE i % 3 <> 0)
UNION ALL
SELECT 'ev' || lpad(i::VARCHAR, 3, '0'), 'recipient', 0, 'the police', 'Police', c, 'COP', 'group', 20, 30
FROM (SELECT i, ['UGA', 'KEN', NULL][1 + (i // 7) % 3] AS c FROM range(120) t(i) WHERE i % 2 = 0);
INSERT INTO clusters (cluster_id, type, modality, first_date, last_date, n_events, n_reports, n_sources,
    first_report, last_report)
SELECT 'cl' || k, 'PROTEST', 'asserted', NULL, NULL, 1, 1 + k % 3, 1, 'ev000', 'ev000'
FROM range(0, 40, 2) t(k);
"""


@pytest.fixture(scope="module")
def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect() as con:
        migrate(con)
        for statement in STORE.split(";\n"):
            if statement.strip():
                con.execute(statement)
        yield con.cursor()


@pytest.fixture(scope="module")
def everything(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every event with its cluster's reports and its actors' and recipients' countries and names."""
    found = reads.rows(cursor, """SELECT e.*, c.n_reports FROM events e
        LEFT JOIN clusters c ON c.cluster_id = e.cluster_id ORDER BY e.id""", [])  # fmt: skip
    sides = cursor.execute("SELECT event_id, role, country, name, text FROM event_actors").fetchall()
    for row in found:
        row["actors"] = [s[2:] for s in sides if s[0] == row["id"] and s[1] == "actor"]
        row["recipients"] = [s[2:] for s in sides if s[0] == row["id"] and s[1] == "recipient"]
    return found


def occurred(row: dict[str, Any]) -> bool:
    return row["modality"] in OCCURRED


def in_country(code: str) -> Callable[[dict[str, Any]], bool]:
    return lambda r: r["location_country"] == code or any(a[0] == code for a in r["actors"] + r["recipients"])


# (a selection, what it keeps, written out by hand)
CASES: list[tuple[Callable[[], reads.Selection], Callable[[dict[str, Any]], bool]]] = [
    (lambda: reads.Selection(), occurred),
    (lambda: reads.Selection(country="Kenya"), lambda r: occurred(r) and in_country("KEN")(r)),
    (lambda: reads.Selection(all_modalities=True, country="UGA"), in_country("UGA")),
    (lambda: reads.Selection(EventFilter(actor_country="TZA")),
     lambda r: occurred(r) and any(a[0] == "TZA" for a in r["actors"])),
    (lambda: reads.Selection(EventFilter(recipient_country="KEN", modality="all")),
     lambda r: any(a[0] == "KEN" for a in r["recipients"])),
    (lambda: reads.Selection(EventFilter(actor="ARMY of uga")),
     lambda r: occurred(r) and any("army of uga" in f"{a[1] or ''} {a[2]}".lower() for a in r["actors"])),
    (lambda: reads.Selection(EventFilter(min_reports=2), country="KEN"),
     lambda r: occurred(r) and in_country("KEN")(r) and (r["n_reports"] or 1) >= 2),
    (lambda: reads.Selection(dyad="country:KEN > UGA"),
     lambda r: occurred(r) and any(a[0] == "KEN" for a in r["actors"]) and any(a[0] == "UGA" for a in r["recipients"])),
    (lambda: reads.Selection(quad=4, country="TZA"), lambda r: occurred(r) and r["quad"] == 4 and in_country("TZA")(r)),
]  # fmt: skip
SORT_KEYS = {"date": "event_date", "score": "score", "reports": "n_reports", "confidence": "confidence"}


def in_order(rows: list[dict[str, Any]], sort: str, descending: bool) -> list[dict[str, Any]]:
    """The API's order: the sort key (missing values last), then article and position."""
    key = SORT_KEYS[sort]
    ordered = sorted(rows, key=lambda r: (r["article_id"], r["position"]))
    present = sorted((r for r in ordered if r[key] is not None), key=lambda r: r[key], reverse=descending)
    return present + [r for r in ordered if r[key] is None]


def act(row: dict[str, Any]) -> tuple:
    return row["article_id"], row["sentence"], row["trigger_start"], row["type"]


def first_of_each_act(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    firsts: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        firsts.setdefault(act(row), row)
    return list(firsts.values())


def test_the_store_has_what_the_cases_need(everything: list[dict[str, Any]]) -> None:
    assert len({act(r) for r in everything}) < len(everything)  # acts of several events
    assert any(r["n_reports"] is None for r in everything) and any(r["n_reports"] == 3 for r in everything)
    for _, keeps in CASES:
        kept = [r for r in everything if keeps(r)]
        assert 0 < len(kept) < len(everything)
    assert any(keeps(r) and not r["location_country"] for _, keeps in CASES[1:2] for r in everything)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_counts_are_the_selected_events_and_acts(
    cursor: duckdb.DuckDBPyConnection, everything: list[dict[str, Any]], case: int
) -> None:
    make, keeps = CASES[case]
    kept = [r for r in everything if keeps(r)]
    assert reads.count_events(cursor, make()) == len(kept)
    assert reads.count_events(cursor, make(), per_act=True) == len({act(r) for r in kept})


@pytest.mark.parametrize("case", range(len(CASES)))
@pytest.mark.parametrize(("sort", "descending"), [("date", True), ("score", False), ("reports", True),
                                                   ("confidence", True)])  # fmt: skip
def test_pages_are_the_selected_events_in_order(
    cursor: duckdb.DuckDBPyConnection, everything: list[dict[str, Any]], case: int, sort: str, descending: bool
) -> None:
    make, keeps = CASES[case]
    expected = in_order([r for r in everything if keeps(r)], sort, descending)
    for limit, offset in ((5, 0), (4, 3), (50, 0)):
        page = reads.events_page(cursor, make(), sort, descending, limit, offset)
        assert [(r["id"], r["n_reports"]) for r in page] == [(r["id"], r["n_reports"]) for r in
                                                             expected[offset:offset + limit]]  # fmt: skip


@pytest.mark.parametrize("case", range(len(CASES)))
def test_act_pages_are_the_first_event_of_each_act_with_its_modes(
    cursor: duckdb.DuckDBPyConnection, everything: list[dict[str, Any]], case: int
) -> None:
    make, keeps = CASES[case]
    expected = first_of_each_act(in_order([r for r in everything if keeps(r)], "date", True))
    modes = {act(r): sorted({m["mode"] for m in everything if act(m) == act(r) and m["mode"]}) for r in expected}
    for limit, offset in ((3, 0), (3, 2), (50, 0)):
        page = reads.events_page(cursor, make(), "date", True, limit, offset, per_act=True)
        assert [r["id"] for r in page] == [r["id"] for r in expected[offset : offset + limit]]
        assert [r["modes"] for r in page] == [modes[act(r)] for r in expected[offset : offset + limit]]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_leaving_out_the_clusters_changes_no_answer(
    cursor: duckdb.DuckDBPyConnection, case: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    make, _ = CASES[case]

    def answers() -> list[Any]:
        sel = make()
        # Map cells and actors with equal counts come in no fixed order, and a cell's commonest
        # quad, country and place are any of the tied ones: compare what is fixed.
        cells = sorted(
            (c["lat"], c["lon"], c["events"], c["q1"], c["q2"], c["q3"], c["q4"])
            for c in reads.map_cells(cursor, sel, 1.0, 100)
        )
        return [reads.count_events(cursor, sel), cells, reads.cell_types(cursor, sel, 1.0, 0.0, 0.0),
                sorted(map(repr, reads.actors(cursor, sel, None, 100, 0))), reads.dyads(cursor, sel, "sector", 100),
                reads.facets(cursor, sel, 8)]  # fmt: skip

    fast = answers()
    monkeypatch.setattr(reads.Selection, "source", lambda self: reads.JOIN_CLUSTERS)
    assert answers() == fast
    assert fast[3] and fast[5]["type"]  # the answers compared are not empty


def test_the_event_page_reads_the_type_list_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from dotterel.server import codebook_entries

    reads_of_the_file: list[int] = []

    def counted() -> Any:
        reads_of_the_file.append(1)
        return load_types()

    codebook_entries._definitions.cache_clear()
    monkeypatch.setattr(codebook_entries, "load_types", counted)
    try:
        definitions = [codebook_entries.type_definition(name) for name in ("PROTEST", "ASSAULT", "PROTEST")]
    finally:
        codebook_entries._definitions.cache_clear()
    assert len(reads_of_the_file) == 1
    assert all(definitions) and definitions[0] == definitions[2] != definitions[1]
    assert codebook_entries.type_definition("NO SUCH TYPE") is None
