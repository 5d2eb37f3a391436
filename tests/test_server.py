"""`dotterel serve` tested as a client uses it: HTTP against a real uvicorn on a free port,
over a database built by `Store.ingest` from the real `Coder` on articles written here.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import httpx
import pytest
import uvicorn

from dotterel.model import Article
from dotterel.server import add_serve_command, settings_from
from dotterel.server.app import create_app
from dotterel.server.settings import Settings
from dotterel.store import EventFilter, Store, series_query
from dotterel.store.schema import migrate

# Our own words. Two articles report the same police action (one merged event), one
# article carries a negated and a hypothetical event, one is about sanctions in Mali.
ARTICLES = [
    Article(id="nairobi-march", title="Fuel tax march in Nairobi", published="2025-03-14", source="Daily A",
            text="Thousands of Kenyan protesters marched in Nairobi on Friday against a fuel tax, police said.\n"
                 "Kenyan police fired tear gas at the protesters in Nairobi on Friday."),
    Article(id="nairobi-teargas", title="Tear gas in Nairobi", published="2025-03-15", source="Daily B",
            text="Kenyan police fired tear gas at protesters in Nairobi on Friday, witnesses said."),
    Article(id="mali-sanctions", title="EU sanctions on Mali", published="2025-03-10", source="Wire",
            text="The European Union imposed new sanctions on the junta in Mali on Monday. "
                 '"We will not accept this," the foreign minister of Mali said.'),
    Article(id="uganda-denial", title="Uganda and Kenya", published="2025-03-12", source="Wire",
            text="Uganda did not attack Kenya on Monday. Ugandan troops may invade Kenya next week."),
]  # fmt: skip
TOKEN = "s3cret-token"
TRY_TEXT = "Nigerian soldiers attacked rebels near Kano on Friday."


@pytest.fixture(scope="session")
def coder():
    from dotterel.pipeline import Coder

    return Coder()


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, coder) -> Path:
    path = tmp_path_factory.mktemp("serve") / "events.duckdb"
    with Store(path) as store:
        store.ingest(coder.code_articles(ARTICLES))
    return path


# A store written straight in SQL, for what the coded fixture articles do not show: a large
# Tanzanian circle overlapping a small Kenyan one, an act coded in two modes, and a merged
# event reported twice by one article. The sentences are ours.
SYNTHETIC = """
INSERT INTO articles (id, title, published, source, text, content_hash, warnings) VALUES
  ('arusha', 'Strikes in Arusha', DATE '2025-05-02', 'Paper A', 'Workers struck in Arusha. Workers marched.', 'h1', []),
  ('nairobi', 'March in Nairobi', DATE '2025-05-03', 'Paper B',
   'Students marched and rallied in Nairobi on Monday. Students marched again later.', 'h2', []),
  ('nairobi-2', 'Nairobi march', DATE '2025-05-04', 'Paper C', 'Students marched in Nairobi on Monday.', 'h3', []);
INSERT INTO events (id, article_id, position, type, mode, contexts, quad, score, event_date, location_text,
    location_name, location_country, location_lat, location_lon, modality, sentence, evidence_text, evidence_start,
    evidence_end, trigger_text, trigger_start, trigger_end, rule, confidence, cluster_id)
SELECT 'tz' || i, 'arusha', i, 'PROTEST', 'strike', [], 3, -4.0, DATE '2025-05-01' + CAST(i % 5 AS INTEGER),
       'Arusha', 'Arusha', 'TZA', -2.0, 37.0, 'asserted', 0, 'Workers struck in Arusha.', 0, 25, 'struck', 8, 14,
       'protest.strike', 0.9, 'tz' || i
FROM range(50) t(i);
INSERT INTO events (id, article_id, position, type, mode, contexts, quad, score, event_date, location_text,
    location_name, location_country, location_lat, location_lon, modality, sentence, evidence_text, evidence_start,
    evidence_end, trigger_text, trigger_start, trigger_end, rule, confidence, cluster_id) VALUES
  ('ke-demo', 'nairobi', 0, 'PROTEST', 'demo', [], 3, -4.0, DATE '2025-05-05', 'Nairobi', 'Nairobi', 'KEN', -1.3, 36.8,
   'asserted', 0, 'Students marched and rallied in Nairobi on Monday.', 0, 50, 'marched', 9, 16, 'protest.march', 0.9,
   'ke'),
  ('ke-rally', 'nairobi', 1, 'PROTEST', 'rally', [], 3, -4.0, DATE '2025-05-05', 'Nairobi', 'Nairobi', 'KEN', -1.3,
   36.8, 'asserted', 0, 'Students marched and rallied in Nairobi on Monday.', 0, 50, 'marched', 9, 16,
   'protest.march', 0.9, 'ke'),
  ('ke-again', 'nairobi', 2, 'PROTEST', 'demo', [], 3, -4.0, DATE '2025-05-05', 'Nairobi', 'Nairobi', 'KEN', -1.3,
   36.8, 'asserted', 1, 'Students marched again later.', 51, 80, 'marched', 60, 67, 'protest.march', 0.9, 'ke'),
  ('ke-other', 'nairobi-2', 0, 'PROTEST', 'demo', [], 3, -4.0, DATE '2025-05-05', 'Nairobi', 'Nairobi', 'KEN', -1.3,
   36.8, 'reported', 0, 'Students marched in Nairobi on Monday.', 0, 38, 'marched', 9, 16, 'protest.march', 0.9, 'ke');
INSERT INTO event_actors (event_id, role, position, text, name, country, sector, kind, start, "end")
SELECT id, 'actor', 0, 'Workers', NULL, 'TZA', 'LAB', 'group', 0, 7 FROM events WHERE id LIKE 'tz%'
UNION ALL SELECT id, 'actor', 0, 'Students', NULL, 'KEN', 'EDU', 'group', 0, 8 FROM events WHERE id LIKE 'ke%';
INSERT INTO clusters (cluster_id, type, modality, first_date, last_date, n_events, n_reports, n_sources,
    first_report, last_report)
SELECT cluster_id, any_value(type), any_value(modality), min(event_date), max(event_date), count(*),
       count(DISTINCT article_id), count(DISTINCT article_id), min(id), max(id)
FROM events GROUP BY cluster_id;
"""


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "events.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con)
        for statement in SYNTHETIC.split(";\n"):
            if statement.strip():
                con.execute(statement)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """A real uvicorn serving the app in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def base(built_db: Path) -> Iterator[str]:
    with serving(Settings(db=str(built_db))) as url:
        yield url


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as client:
        yield client


def is_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body


# --- reading events ----------------------------------------------------------------------


def test_events_hide_negated_and_hypothetical_unless_asked(http: httpx.Client) -> None:
    shown = http.get("/api/events").json()
    everything = http.get("/api/events", params={"all_modalities": "true"}).json()
    assert {e["modality"] for e in shown["events"]}.isdisjoint({"negated", "hypothetical"})
    assert {"negated", "hypothetical"} <= {e["modality"] for e in everything["events"]}
    assert everything["total"] == shown["total"] + 2
    negated = http.get("/api/events", params={"modality": "negated"}).json()
    assert [e["article_id"] for e in negated["events"]] == ["uganda-denial"]


def test_events_filters_are_the_cli_filters(http: httpx.Client) -> None:
    kenya = http.get("/api/events", params={"country": "ken", "type": "assault"}).json()
    assert kenya["total"] == 2
    assert all(e["type"] == "ASSAULT" and e["place_country"] == "KEN" for e in kenya["events"])
    mali = http.get("/api/events", params={"recipient_country": "MLI"}).json()
    assert [e["type"] for e in mali["events"]] == ["SANCTION"]
    dated = http.get("/api/events", params={"since": "2025-03-11", "until": "2025-03-13", "all_modalities": True})
    assert {e["date"] for e in dated.json()["events"]} <= {"2025-03-11", "2025-03-12", "2025-03-13"}
    assert http.get("/api/events", params={"actor": "european"}).json()["total"] == 1
    assert http.get("/api/events", params={"min_reports": 2}).json()["total"] == 2


def test_events_page_and_sort(http: httpx.Client) -> None:
    full = http.get("/api/events", params={"sort": "date", "order": "asc"}).json()
    dates = [e["date"] for e in full["events"]]
    assert dates == sorted(dates)
    second = http.get("/api/events", params={"sort": "date", "order": "asc", "limit": 1, "offset": 1}).json()
    assert second["total"] == full["total"] and second["events"] == full["events"][1:2]
    by_score = [e["score"] for e in http.get("/api/events", params={"sort": "score", "order": "asc"}).json()["events"]]
    assert by_score == sorted(by_score)


def test_event_has_its_evidence_and_every_report_of_its_cluster(http: httpx.Client) -> None:
    merged = http.get("/api/events", params={"min_reports": 2}).json()["events"][0]
    found = http.get(f"/api/events/{merged['id']}").json()
    assert found["event"]["evidence"]["trigger"]["text"] == "fired"
    assert found["cluster"]["n_reports"] == 2
    assert {r["article_id"] for r in found["reports"]} == {"nairobi-march", "nairobi-teargas"}
    assert found["article"]["id"] == merged["article_id"]


def test_article_offsets_point_at_the_words(http: httpx.Client) -> None:
    found = http.get("/api/articles/nairobi-march").json()
    text = found["text"]
    for event in found["events"]:
        trigger = event["evidence"]["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
        for actor in event["actor"]:
            assert text[actor["start"] : actor["end"]] == actor["text"]
    assert found["places"] and found["dates"]


def test_series_is_dotterel_series(http: httpx.Client, built_db: Path) -> None:

    sql, params = series_query(EventFilter(modality="all"), "week", True)
    with duckdb.connect(str(built_db), read_only=True) as con:
        expected = con.execute(sql, params).fetchall()
    got = http.get("/api/series", params={"by": "week", "group": "dyad", "all_modalities": True}).json()["series"]
    assert [tuple(row.values()) for row in got] == [tuple(str(v) if i == 0 else v for i, v in enumerate(row))
                                                    for row in expected]  # fmt: skip
    default = http.get("/api/series").json()["series"]
    assert sum(r["events"] for r in default) == http.get("/api/events").json()["total"]


def test_actors_map_and_network(http: httpx.Client) -> None:
    actors = {a["name"]: a for a in http.get("/api/actors").json()["actors"]}
    assert actors["Kenyan police"]["as_actor"] == 2
    cells = http.get("/api/map", params={"cell": 1}).json()["cells"]
    assert {c["country"] for c in cells} >= {"KEN", "MLI"}
    assert sum(c["events"] for c in cells) <= http.get("/api/events").json()["total"]
    kenya = next(c for c in cells if c["country"] == "KEN")
    where = {"cell": 1, "lat": kenya["lat"], "lon": kenya["lon"]}
    types = http.get("/api/map/types", params=where).json()["types"]
    assert types[0]["type"] == "ASSAULT" and sum(t["events"] for t in types) == kenya["events"]
    assert http.get("/api/map/types", params=where | {"type": "PROTEST"}).json()["types"] == [
        {"type": "PROTEST", "events": 1}
    ]


def test_network_draws_coded_dyads_at_three_levels(http: httpx.Client) -> None:
    sector = http.get("/api/network").json()
    assert sector["level"] == "sector"
    # Coded sides only: the police are KEN COP, the protesters KEN with their sector; no raw phrases.
    assert any(e["source"].startswith("KEN ") and e["target"].startswith("KEN") for e in sector["edges"])
    assert all(e["source"] and e["target"] for e in sector["edges"])
    country = http.get("/api/network", params={"level": "country"}).json()["edges"]
    assert all(len(e["source"]) == 3 and len(e["target"]) == 3 for e in country)
    named = http.get("/api/network", params={"level": "named", "all_modalities": True}).json()["edges"]
    assert any(e["source"] == "European Union" and e["target"] == "MLI MIL" and e["mean_score"] < 0 for e in named)
    assert {"Uganda", "Kenya"} <= {n for e in named for n in (e["source"], e["target"])}
    assert http.get("/api/network", params={"level": "raw"}).status_code == 422


def test_a_network_edge_filters_the_events(http: httpx.Client) -> None:
    edge = http.get("/api/network", params={"level": "country"}).json()["edges"][0]
    dyad = f"country:{edge['source']} > {edge['target']}"
    picked = http.get("/api/events", params={"dyad": dyad}).json()
    assert picked["total"] == edge["events"]
    assert 0 < picked["total"] < http.get("/api/events").json()["total"]
    is_problem(http.get("/api/events", params={"dyad": "KEN > UGA"}), 400)


def test_country_filter_takes_a_name(http: httpx.Client) -> None:
    by_code = http.get("/api/events", params={"country": "KEN"}).json()
    assert by_code["total"] > 0
    for name in ("Kenya", "kenya", "Kenyan", "ken"):
        assert http.get("/api/events", params={"country": name}).json()["total"] == by_code["total"], name
    assert http.get("/api/events", params={"actor_country": "Kenya"}).json()["total"] > 0


def test_facets_count_the_selected_events(http: httpx.Client) -> None:
    facets = http.get("/api/facets").json()["facets"]
    assert set(facets) == {"type", "actor_country", "recipient_country", "modality", "place"}
    total = http.get("/api/events").json()["total"]
    assert sum(f["events"] for f in facets["modality"]) == total
    assault = next(f for f in facets["type"] if f["value"] == "ASSAULT")
    assert assault["events"] == http.get("/api/events", params={"type": "ASSAULT"}).json()["total"]
    kenya = http.get("/api/facets", params={"country": "KEN"}).json()["facets"]
    assert "MLI" not in {f["value"] for f in kenya["actor_country"]}


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_the_filtered_set_downloads(http: httpx.Client, fmt: str, tmp_path: Path) -> None:
    response = http.get(f"/api/events.{fmt}", params={"country": "KEN"})
    assert response.status_code == 200
    assert f'filename="dotterel-events.{fmt}"' in response.headers["content-disposition"]
    path = tmp_path / f"events.{fmt}"
    path.write_bytes(response.content)
    with duckdb.connect() as con:
        ids = {row[0] for row in con.execute(f"SELECT id FROM '{path}'").fetchall()}
    expected = {e["id"] for e in http.get("/api/events", params={"country": "KEN", "limit": 1000}).json()["events"]}
    assert ids == expected and expected


def test_events_table_rows_carry_the_trigger_offset(http: httpx.Client) -> None:
    for e in http.get("/api/events", params={"all_modalities": True}).json()["events"]:
        assert e["evidence"][e["trigger_at"] : e["trigger_at"] + len(e["trigger"])] == e["trigger"]


def test_openapi_lists_the_api(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    for path in ("/api/code", "/api/events", "/api/events/{event_id}", "/api/articles/{article_id}",
                 "/api/series", "/api/actors", "/api/ingest"):  # fmt: skip
        assert path in paths


# --- errors --------------------------------------------------------------------------------


def test_errors_are_problem_details(http: httpx.Client) -> None:
    is_problem(http.get("/api/events/no-such-event"), 404)
    is_problem(http.get("/api/articles/nope"), 404)
    is_problem(http.get("/api/events", params={"since": "last tuesday"}), 400)
    is_problem(http.get("/api/events", params={"quad": 9}), 422)
    is_problem(http.get("/api/events", params={"sort": "id; DROP TABLE events"}), 422)
    is_problem(http.post("/api/code", content=b"{not json", headers={"content-type": "application/json"}), 422)


def test_a_filter_cannot_change_the_query(http: httpx.Client) -> None:
    hostile = "KEN' OR 1=1 --"
    assert http.get("/api/events", params={"country": hostile}).json()["total"] == 0
    assert http.get("/api/events", params={"actor": "x') OR TRUE --"}).json()["total"] == 0


def test_no_cors_unless_asked(built_db: Path, http: httpx.Client) -> None:
    origin = {"Origin": "http://elsewhere.example"}
    assert "access-control-allow-origin" not in http.get("/api/events", headers=origin).headers
    with serving(Settings(db=str(built_db), cors=("http://elsewhere.example",))) as url:
        allowed = httpx.get(f"{url}/api/events", headers=origin)
    assert allowed.headers["access-control-allow-origin"] == "http://elsewhere.example"


def test_large_bodies_are_refused(built_db: Path) -> None:
    with serving(Settings(db=str(built_db), max_body=2048)) as url:
        body = is_problem(httpx.post(f"{url}/api/code", json={"text": "x" * 5000}), 413)
    assert "2,048" in body["detail"]


def test_a_database_locked_by_ingest_is_503(tmp_path: Path, built_db: Path) -> None:
    path = tmp_path / "locked.duckdb"
    shutil.copy(built_db, path)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ok', flush=True); "
         "time.sleep(60)"], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ok"
        with serving(Settings(db=str(path))) as url:
            body = is_problem(httpx.get(f"{url}/api/events"), 503)
        assert "dotterel ingest" in body["detail"]
    finally:
        holder.kill()
        holder.wait()
    with serving(Settings(db=str(path))) as url:
        assert httpx.get(f"{url}/api/events").status_code == 200


# --- coding and ingest ---------------------------------------------------------------------


def test_code_returns_the_record_and_stores_nothing(http: httpx.Client) -> None:
    before = http.get("/api/events", params={"all_modalities": True}).json()["total"]
    record = http.post("/api/code", json={"text": TRY_TEXT, "published": "2025-03-14", "title": "Kano"}).json()
    assert set(record) >= {"article", "events", "entities", "quotes", "places", "dates", "warnings"}
    event = record["events"][0]
    assert event["type"] == "ASSAULT" and event["date"]["value"] == "2025-03-14"
    assert TRY_TEXT[event["evidence"]["trigger"]["start"] : event["evidence"]["trigger"]["end"]] == "attacked"
    assert http.get("/api/events", params={"all_modalities": True}).json()["total"] == before
    is_problem(http.post("/api/code", json={"text": TRY_TEXT, "published": "14/03/2025"}), 422)


def test_code_needs_a_token_off_loopback(built_db: Path) -> None:
    # Settings.host says where the server listens; the test still reaches it on loopback.
    with serving(Settings(db=str(built_db), host="0.0.0.0", token=TOKEN)) as url:
        is_problem(httpx.post(f"{url}/api/code", json={"text": TRY_TEXT}), 401)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        allowed = httpx.post(f"{url}/api/code", json={"text": TRY_TEXT}, headers=auth, timeout=60)
    assert allowed.status_code == 200


def test_ingest_needs_the_token_and_stores_once(tmp_path: Path, built_db: Path, http: httpx.Client) -> None:
    is_problem(http.post("/api/ingest", json=[{"text": TRY_TEXT}]), 403)  # no token configured: disabled
    path = tmp_path / "ingest.duckdb"
    shutil.copy(built_db, path)
    article = {"id": "kano", "text": TRY_TEXT, "published": "2025-03-14", "title": "Kano", "source": "Wire"}
    with serving(Settings(db=str(path), token=TOKEN)) as url, httpx.Client(base_url=url, timeout=60) as client:
        is_problem(client.post("/api/ingest", json=[article]), 401)
        is_problem(client.post("/api/ingest", json=[article], headers={"Authorization": "Bearer wrong"}), 401)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert client.get("/api/events").json()["total"] > 0  # a read connection is open
        first = client.post("/api/ingest", json=[article], headers=auth).json()
        again = client.post("/api/ingest", json=[article], headers=auth).json()
        assert client.get("/api/articles/kano").json()["events"][0]["type"] == "ASSAULT"
    assert first["articles"] == 1 and first["events"] >= 1
    assert again == {"articles": 0, "events": 0, "duplicates": 1}


# --- pages and the command ----------------------------------------------------------------


def test_pages_render_on_the_server(http: httpx.Client) -> None:
    dashboard = http.get("/", params={"country": "KEN"}).text
    assert "Kenyan police" in dashboard and "EU sanctions" not in dashboard
    merged = http.get("/api/events", params={"min_reports": 2}).json()["events"][0]
    page = http.get(f"/events/{merged['id']}").text
    assert '<span class="k-evidence k-trigger ">fired</span>' in page
    assert "assault" in page.lower() and "Daily B" in page
    assert http.get("/try").status_code == 200
    outlines = http.get("/basemap.json").json()
    assert len(outlines) > 150 and {"KEN", "MLI"} <= {c["iso"] for c in outlines}


def test_base_map_ships_with_dotterel(http: httpx.Client) -> None:
    coarse = {c["iso"]: c for c in http.get("/basemap.json").json()}
    fine = {c["iso"]: c for c in http.get("/basemap.json", params={"detail": "50m"}).json()}
    assert len(fine) > len(coarse) > 150
    assert len(fine["KEN"]["d"]) > len(coarse["KEN"]["d"])
    west, south, east, north = coarse["KEN"]["bounds"]
    assert 33 < west < 35 and -5 < south < -4 and 41 < east < 42.5 and 4.5 < north < 6
    west, _, east, _ = coarse["FRA"]["bounds"]
    assert west > -6 and east < 10  # mainland France, not French Guiana
    areas = http.get("/basemap/areas.json").json()
    kenya = {a["name"] for a in areas if a["country"] == "KEN"}
    assert "Nairobi County" in kenya and len(kenya) > 40


def test_html_pages_have_html_errors_and_no_none(http: httpx.Client) -> None:
    html = {"accept": "text/html"}
    missing = http.get("/no-such-page", headers=html)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "There is no page at /no-such-page" in missing.text
    event = http.get("/events/no-such-event", headers=html)
    assert event.status_code == 404 and "no-such-event" in event.text and "<html" in event.text
    bad_date = http.get("/", params={"since": "last tuesday"}, headers=html)
    assert bad_date.status_code == 400 and "text/html" in bad_date.headers["content-type"]
    assert "From date &#39;last tuesday&#39; is not a date" in bad_date.text and "--since" not in bad_date.text
    is_problem(http.get("/api/no-such-endpoint", headers=html), 404)
    ids = [e["id"] for e in http.get("/api/events", params={"all_modalities": True}).json()["events"]]
    for path in ["/", "/try", "/?country=Kenya", *(f"/events/{i}" for i in ids)]:
        page = http.get(path, headers=html)
        assert page.status_code == 200 and ">None<" not in page.text and "None (" not in page.text, path
        assert "(None)" not in page.text and ": None" not in page.text, path


def test_api_docs_are_served_from_the_package(http: httpx.Client) -> None:
    docs = http.get("/api/docs")
    assert docs.status_code == 200
    assert not re.search(r'(src|href)="(https?:)?//', docs.text)  # every asset from this server
    for asset in ("/api/docs/swagger-ui-bundle.js", "/api/docs/swagger-ui.css", "/static/docs.js"):
        assert http.get(asset).status_code == 200, asset
    assert http.get("/api/docs/../../etc/passwd").status_code == 404


def test_serve_command_defaults_to_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = argparse.ArgumentParser()
    add_serve_command(parser.add_subparsers())
    monkeypatch.setenv("DOTTEREL_TOKEN", "from-env")
    settings = settings_from(parser.parse_args(["serve", "--db", "x.duckdb"]))
    assert settings.host == "127.0.0.1" and settings.loopback and settings.token == "from-env"
    assert settings.cors == () and settings.max_body == 2 * 1024 * 1024
    assert not settings_from(parser.parse_args(["serve", "--host", "0.0.0.0"])).loopback


# --- fuzz ---------------------------------------------------------------------------------


def test_fuzzed_requests_never_get_a_500(built_db: Path) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    app = create_app(Settings(db=str(built_db), allowed_hosts=("testserver",)))  # the ASGI client's Host
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures, calls = [], []
    for operation in schema.get_all_operations():
        op = operation.ok()
        limit = 5 if op.path in ("/api/code", "/api/ingest") else 25

        @given(case=op.as_strategy())
        @settings(max_examples=limit, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case) -> None:
            response = case.call()
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.query, response.status_code, response.text))

        fuzz()
    assert not failures, failures[:3]
    assert len(calls) > 50


def test_one_row_per_act_with_its_modes(synthetic_db: Path) -> None:
    with serving(Settings(db=str(synthetic_db))) as url, httpx.Client(base_url=url, timeout=60) as client:
        events = client.get("/api/events", params={"country": "KEN"}).json()
        acts = client.get("/api/events", params={"country": "KEN", "per": "act"}).json()
        assert events["total"] == 4 and acts["total"] == 3
        assert sorted(tuple(a["modes"]) for a in acts["events"]) == [("demo",), ("demo",), ("demo", "rally")]
        assert {e["id"] for e in acts["events"]} == {"ke-demo", "ke-again", "ke-other"}
        assert [e["modes"] for e in events["events"] if e["id"] == "ke-rally"] == [["rally"]]
        reports = client.get("/api/events/ke-rally").json()["reports"]
        assert sorted(r["article_id"] for r in reports) == ["nairobi", "nairobi-2"]  # each article once
        assert "ke-rally" in {r["id"] for r in reports}  # the event asked about stands for its article


def test_acts_page_without_repeats(synthetic_db: Path) -> None:
    # The fifty Arusha events are one act (one trigger in one sentence): pages must read past them.
    with serving(Settings(db=str(synthetic_db))) as url, httpx.Client(base_url=url, timeout=60) as client:
        acts = client.get("/api/events", params={"per": "act", "limit": 50}).json()
        assert acts["total"] == 4 and len(acts["events"]) == 4
        for sort in ("date", "score", "type"):
            one_by_one = [client.get("/api/events", params={"per": "act", "limit": 1, "offset": i, "sort": sort})
                          .json()["events"] for i in range(5)]  # fmt: skip
            assert [len(page) for page in one_by_one] == [1, 1, 1, 1, 0]
            ids = [page[0]["id"] for page in one_by_one if page]
            assert len(set(ids)) == 4 and sum(i.startswith("tz") for i in ids) == 1


def test_event_rows_carry_their_casualties(coder, tmp_path: Path) -> None:
    path = tmp_path / "casualties.duckdb"
    attack = Article(
        id="garissa-attack", title="Attack in Garissa", published="2025-03-14", source="Wire",
        text="Gunmen attacked a bus near Garissa on Friday, killing at least six passengers and wounding nine.",
    )  # fmt: skip
    with Store(path) as store:
        store.ingest(coder.code_articles([attack]))
    with serving(Settings(db=str(path))) as url, httpx.Client(base_url=url, timeout=60) as client:
        rows = client.get("/api/events", params={"type": "ASSAULT"}).json()["events"]
    assert rows and (rows[0]["killed"], rows[0]["injured"]) == (6, 9)
