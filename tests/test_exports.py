"""Exports and counts as an analyst's scripts see them: the modality default, GDELT and POLECAT
files read with their published schemas, CSV as RFC 4180 with LF, typed Parquet, and the
same counts from the CLI and the API.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from store_builders import actor, coded, event, place

from dotterel.cli import main
from dotterel.model import Area, Casualties
from dotterel.store import Store
from dotterel.store.formats import GDELT_COLUMNS, GDELT_EXTRA, POLECAT_COLUMNS, POLECAT_EXTRA, global_event_id

# The GDELT 2.0 event table's published types (GDELT 2.0 Event Database codebook).
GDELT_TYPES = {name: "VARCHAR" for name in GDELT_COLUMNS} | {
    "GLOBALEVENTID": "BIGINT", "SQLDATE": "INTEGER", "MonthYear": "INTEGER", "Year": "INTEGER",
    "FractionDate": "DOUBLE", "IsRootEvent": "INTEGER", "QuadClass": "INTEGER", "GoldsteinScale": "DOUBLE",
    "NumMentions": "INTEGER", "NumSources": "INTEGER", "NumArticles": "INTEGER", "AvgTone": "DOUBLE",
    **{f"{who}Geo_{field}": kind for who in ("Actor1", "Actor2", "Action")
       for field, kind in (("Type", "INTEGER"), ("Lat", "DOUBLE"), ("Long", "DOUBLE"))},
    "DATEADDED": "BIGINT",
}  # fmt: skip
# The POLECAT public release's types, for the columns that are not text.
POLECAT_TYPES = {name: "VARCHAR" for name in POLECAT_COLUMNS} | {
    "Event Date": "DATE", "Intensity": "DOUBLE", "Quad Code": "INTEGER", "Actor COW": "INTEGER",
    "Recipient COW": "INTEGER", "Latitude": "DOUBLE", "Longitude": "DOUBLE", "GeoNames ID": "BIGINT",
    "Publication Date": "DATE",
}  # fmt: skip

POLICE = actor("Kenya\n Police", "KEN", "COP")  # a line break inside a name, as a parse can leave
CROWD = actor('Zoë\'s marchers, "the crowd"', "KEN", "CVL")  # non-ASCII, a comma and quotes


def kisumu():
    spot = place("Kisumu", "KEN")
    spot.admin1 = Area("Kisumu County", "KE.17")
    return spot


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Four events: an assault with a toll (code 040-style leading zero), a protest, a denial, a forecast."""
    assault = event("a", 0, type="ASSAULT", actors=[POLICE], recipients=[CROWD], location=kisumu())
    assault.cameo = "040"
    assault.evidence.text = 'Police fired on marchers, "killing at least 3",\nwitnesses said.'
    assault.casualties = Casualties(killed=3, injured=None, text="killing at least 3", start=30, end=48)
    path = tmp_path / "x.duckdb"
    with Store(path) as store:
        store.ingest([
            coded("a", [assault, event("a", 1, actors=[CROWD], location=place("Nairobi", "KEN"))]),
            coded("b", [event("b", 0, type="ASSAULT", actors=[POLICE], modality="negated")]),
            coded("c", [event("c", 0, type="PROTEST", actors=[CROWD], modality="future", date="2024-03-20")]),
        ])  # fmt: skip
    return str(path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests only read: the app must not load the parser in the background."""
    from dotterel.server import api, app

    monkeypatch.setattr(getattr(app, "CODING", None) or api.CODING, "warm", lambda: None)


def export(db: str, fmt: str, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--format", fmt, "--db", db, "--out", str(out), *extra]) == 0
    return out


# --- the modality default ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "polecat", "gdelt", "jsonl", "parquet"])
def test_every_export_counts_what_happened_unless_asked(db: str, fmt: str, tmp_path: Path) -> None:
    def modalities(path: Path) -> list[str]:
        if fmt == "parquet":
            return [r[0] for r in duckdb.sql(f"SELECT modality FROM '{path}'").fetchall()]
        text = path.read_text(encoding="utf-8")
        if fmt == "jsonl":
            return [e["modality"] for line in text.splitlines() for e in json.loads(line)["events"]]
        if fmt == "gdelt":
            return [row[61] for row in csv.reader(io.StringIO(text), delimiter="\t")]
        rows = csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "polecat" else ",")
        return [row["Modality" if fmt == "polecat" else "modality"] for row in rows]

    assert sorted(modalities(export(db, fmt, tmp_path))) == ["asserted", "asserted"]
    assert sorted(modalities(export(db, fmt, tmp_path, "--modality", "all"))) == [
        "asserted", "asserted", "future", "negated"]  # fmt: skip
    assert modalities(export(db, fmt, tmp_path, "--modality", "negated")) == ["negated"]


def test_events_and_series_count_what_happened(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["events", "--db", db, "--format", "json"], capsys)
    assert sorted(e["modality"] for e in json.loads(out)) == ["asserted", "asserted"]
    _, out, _ = run(["series", "--db", db, "--by", "month"], capsys)
    assert sum(int(r["events"]) for r in csv.DictReader(io.StringIO(out))) == 2
    _, out, _ = run(["events", "--db", db, "--format", "json", "--modality", "negated,future"], capsys)
    assert sorted(e["modality"] for e in json.loads(out)) == ["future", "negated"]


def test_a_modality_that_cannot_match_lists_the_valid_ones(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["events", "--db", db, "--modality", "denied"], capsys)
    assert code == 2 and not out and "asserted, reported, negated" in err and "all" in err


def test_cli_and_api_give_the_same_counts(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from dotterel.server.app import create_app
    from dotterel.server.settings import Settings

    no_model(monkeypatch)
    filters = [{}, {"type": "ASSAULT"}, {"modality": "negated"}, {"modality": "all"}, {"actor_country": "KEN"},
               {"modality": "future", "type": "PROTEST"}, {"since": "2024-03-16"}]  # fmt: skip
    with TestClient(create_app(Settings(db=db)), base_url="http://127.0.0.1") as client:
        for f in filters:
            flags = [x for key, value in f.items() for x in (f"--{key.replace('_', '-')}", value)]
            _, out, _ = run(["events", "--db", db, "--format", "json", *flags], capsys)
            _, series, _ = run(["series", "--db", db, *flags], capsys)
            in_series = sum(int(r["events"]) for r in csv.DictReader(io.StringIO(series)))
            answer = client.get("/api/events", params=f).json()
            api_series = client.get("/api/series", params=f).json()["series"]
            assert answer["total"] == len(json.loads(out)) == in_series, f
            assert sum(r["events"] for r in api_series) == in_series, f


# --- GDELT -------------------------------------------------------------------------------


def test_gdelt_loads_with_the_published_column_types(db: str, tmp_path: Path) -> None:
    path = export(db, "gdelt", tmp_path)
    raw = path.read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    types = {**GDELT_TYPES, "Modality": "VARCHAR", "DotterelEventID": "VARCHAR", "Fatalities": "INTEGER"}
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in types.items())
    rows = duckdb.sql(f"SELECT * FROM read_csv('{path}', delim='\\t', header=false, quote='\"', "
                      f"columns={{{columns}}})").fetchall()  # fmt: skip
    got = {row[62]: dict(zip(types, row, strict=True)) for row in rows}
    assault = got["a-0-0"]
    assert assault["GLOBALEVENTID"] == global_event_id("a-0-0") and 0 < assault["GLOBALEVENTID"] < 2**63
    assert (assault["SQLDATE"], assault["EventCode"], assault["EventRootCode"]) == (20240315, "040", "04")
    assert (assault["Actor1Name"], assault["Actor2Name"]) == ("KENYA POLICE", 'ZOË\'S MARCHERS, "THE CROWD"')
    assert (assault["ActionGeo_CountryCode"], assault["ActionGeo_ADM1Code"], assault["ActionGeo_Type"]) == (
        "KE", "KE17", 4)  # fmt: skip
    assert (assault["ActionGeo_Lat"], assault["Fatalities"]) == (1.5, 3)


def test_gdelt_reads_in_pandas_as_a_gdelt_user_would(db: str, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    path = export(db, "gdelt", tmp_path)
    frame = pd.read_csv(path, sep="\t", header=None, names=GDELT_COLUMNS, usecols=range(61),
                        dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str})  # fmt: skip
    assert str(frame["SQLDATE"].dtype) == "int64" and str(frame["GLOBALEVENTID"].dtype) == "int64"
    assert str(frame["ActionGeo_Lat"].dtype) == "float64"
    assert set(frame["EventCode"]) == {"040", "140"}
    assert len(GDELT_EXTRA) == 3


def test_fips_codes_differ_from_iso_where_gdelt_expects_it() -> None:
    from dotterel.store.formats import fips_codes

    codes = fips_codes()
    assert (codes["DEU"], codes["NGA"], codes["NER"], codes["NOR"], codes["KEN"]) == ("GM", "NI", "NG", "NO", "KE")
    assert len(codes) > 240


# --- POLECAT -----------------------------------------------------------------------------


def test_polecat_loads_with_the_release_columns_and_types(db: str, tmp_path: Path) -> None:
    path = export(db, "polecat", tmp_path)
    raw = path.read_bytes()
    assert b"\r" not in raw
    header = raw.decode("utf-8").splitlines()[0].split("\t")
    assert tuple(header) == (*POLECAT_COLUMNS, *POLECAT_EXTRA)
    types = {**POLECAT_TYPES, **dict.fromkeys(POLECAT_EXTRA, "VARCHAR"), "Fatalities": "INTEGER"}
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in types.items())
    rows = duckdb.sql(f"SELECT * FROM read_csv('{path}', delim='\\t', header=true, quote='\"', "
                      f"columns={{{columns}}})").fetchall()  # fmt: skip
    assault = next(dict(zip(types, r, strict=True)) for r in rows if r[2] == "ASSAULT")
    assert assault["Province"] == "Kisumu County" and assault["Fatalities"] == 3
    assert assault["Recipient Name"] == 'Zoë\'s marchers, "the crowd"' and assault["Actor COW"] is None


# --- CSV and Parquet ---------------------------------------------------------------------


def test_csv_export_is_rfc_4180_with_lf_and_utf8(db: str, tmp_path: Path) -> None:
    raw = export(db, "csv", tmp_path).read_bytes()
    assert b"\r\n" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assault = next(r for r in rows if r["type"] == "ASSAULT")
    assert assault["cameo"] == "040" and assault["fatalities"] == "3"
    assert assault["evidence_text"] == 'Police fired on marchers, "killing at least 3",\nwitnesses said.'
    assert assault["recipient_name"] == 'Zoë\'s marchers, "the crowd"'
    assert assault["location_admin1_name"] == "Kisumu County"


@pytest.mark.parametrize(
    "argv",
    [["events", "--format", "csv"], ["series", "--by", "week"], ["sql", "SELECT 'a,b' AS x, '040' AS cameo",
                                                                  "--format", "csv"]],
)  # fmt: skip
def test_query_csv_has_lf_line_ends(db: str, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([*argv, "--db", db], capsys)
    assert "\r" not in out and out.count("\n") >= 2


def test_parquet_has_a_typed_schema(db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    schema = pq.read_schema(export(db, "parquet", tmp_path))
    types = {name: str(schema.field(name).type) for name in schema.names}
    assert types["event_date"] == "date32[day]" and types["published"] == "date32[day]"
    assert (types["cameo"], types["quad"], types["score"]) == ("string", "int32", "double")
    assert types["casualties_killed"] == "int32" and types["actor"].startswith("list<")


# --- the store ---------------------------------------------------------------------------


def test_casualties_and_areas_survive_the_round_trip(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(["export", "--format", "jsonl", "--db", db], capsys)
    _, out, _ = run(["export", "--format", "jsonl", "--db", db], capsys)
    events = [e for line in out.splitlines() for e in json.loads(line)["events"]]
    assault = next(e for e in events if e["type"] == "ASSAULT")
    assert assault["casualties"] == {"killed": 3, "injured": None, "text": "killing at least 3", "start": 30,
                                     "end": 48}  # fmt: skip
    assert assault["location"]["admin1"] == {"name": "Kisumu County", "code": "KE.17"}
    assert next(e for e in events if e["type"] == "PROTEST")["casualties"] is None


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    from dotterel.store.schema import INITIAL, SCHEMA_VERSION, _apply, current_version

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
                    "applied_at TIMESTAMP DEFAULT current_timestamp)")  # fmt: skip
        _apply(con, INITIAL)
        con.execute("INSERT INTO events (id, article_id, type) VALUES ('old-1', 'old', 'PROTEST')")
    with Store(path) as store:
        assert current_version(store.con) == SCHEMA_VERSION
        row = store.con.execute("SELECT id, casualties_killed, location_admin1_code FROM events").fetchall()
    assert row == [("old-1", None, None)]


def test_the_api_and_the_event_page_show_casualties(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from dotterel.server.app import create_app
    from dotterel.server.settings import Settings

    no_model(monkeypatch)
    with TestClient(create_app(Settings(db=db)), base_url="http://127.0.0.1") as client:
        found = client.get("/api/events/a-0-0").json()["event"]
        page = client.get("/events/a-0-0").text
    assert found["casualties"] == {"killed": 3, "injured": None, "text": "killing at least 3", "start": 30, "end": 48}
    assert found["location"]["admin1"] == {"name": "Kisumu County", "code": "KE.17"}
    assert "3 killed" in page and "killing at least 3" in page
