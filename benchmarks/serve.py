"""How fast `dotterel serve` answers over a database of 100,000+ events.

Builds a synthetic database with SQL straight into the schema (reports spread over 40
countries, 16 types and two years; every fifth event has no place), starts the real app in
uvicorn, and prints the median and 95th-percentile latency of typical requests, as a user
would see them over HTTP on this machine.

    .venv/bin/python benchmarks/serve.py [--events 100000] [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_server import serving

from dotterel.server.settings import Settings
from dotterel.store.schema import migrate

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]  # fmt: skip
QUADS = [1, 1, 1, 2, 2, 2, 2, 1, 3, 3, 3, 4, 4, 4, 4, 4]
COUNTRIES = ["KEN", "UGA", "TZA", "NGA", "MLI", "NER", "SDN", "ETH", "SOM", "COD", "ZAF", "EGY", "FRA", "GBR", "DEU",
             "USA", "BRA", "COL", "VEN", "PER", "IND", "PAK", "BGD", "CHN", "JPN", "KOR", "PHL", "IDN", "RUS", "UKR",
             "TUR", "IRN", "IRQ", "SYR", "ISR", "SAU", "MEX", "ARG", "KGZ", "TJK"]  # fmt: skip

BUILD = """
INSERT INTO articles (id, title, published, source, text, content_hash, warnings)
SELECT 'a' || i, 'Article ' || i, DATE '2023-01-01' + CAST(i % 730 AS INTEGER), 'source ' || (i % 50),
       'Text of article ' || i || '. Soldiers attacked a village. Leaders met in the capital.', md5('a' || i), []
FROM range($articles) t(i);
INSERT INTO events (id, article_id, position, type, mode, contexts, quad, score, event_date, date_text, date_start,
    date_end, location_text, location_name, location_country, location_lat, location_lon, location_start,
    location_end, modality, sentence, evidence_text, evidence_start, evidence_end, trigger_text, trigger_start,
    trigger_end, rule, confidence, cluster_id)
SELECT 'e' || i, 'a' || (i // 2), i % 2, $types[1 + i % 16], NULL, [], $quads[1 + i % 16], (i % 21) - 10.0,
       DATE '2023-01-01' + CAST((i // 2) % 730 AS INTEGER), NULL, NULL, NULL,
       CASE WHEN i % 5 THEN 'Place ' || (i % 300) END, CASE WHEN i % 5 THEN 'Place ' || (i % 300) END,
       CASE WHEN i % 5 THEN $countries[1 + i % 40] END,
       CASE WHEN i % 5 THEN ((i * 37) % 140) - 60.0 + (i % 7) / 10 END,
       CASE WHEN i % 5 THEN ((i * 91) % 340) - 170.0 + (i % 11) / 10 END, NULL, NULL,
       ['asserted', 'reported', 'asserted', 'negated', 'hypothetical', 'future'][1 + i % 6], i % 2,
       'Soldiers attacked a village.', 0, 28, 'attacked', 9, 17, 'assault.attack', 0.8, 'c' || (i // 3)
FROM range($events) t(i);
INSERT INTO event_actors (event_id, role, position, text, name, country, sector, kind, start, "end")
SELECT 'e' || i, role, 0, name, name, country, 'GOV', 'group', 0, 8 FROM (
    SELECT i, 'actor' AS role, 'Government of ' || $countries[1 + i % 40] AS name, $countries[1 + i % 40] AS country
    FROM range($events) t(i)
    UNION ALL
    SELECT i, 'recipient', 'Army of ' || $countries[1 + (i * 7) % 40], $countries[1 + (i * 7) % 40]
    FROM range($events) t(i) WHERE i % 3 <> 0
);
INSERT INTO clusters (cluster_id, type, modality, first_date, last_date, n_events, n_reports, n_sources,
    first_report, last_report)
SELECT cluster_id, any_value(type), any_value(modality), min(event_date), max(event_date), count(*), count(*),
       count(*), min(id), max(id)
FROM events GROUP BY cluster_id;
"""

REQUESTS = {
    "GET /api/events (no filter)": "/api/events",
    "GET /api/events (country+type)": "/api/events?country=KEN&type=ASSAULT",
    "GET /api/events (dates, sort score)": "/api/events?since=2024-01-01&until=2024-03-31&sort=score",
    "GET /api/events (actor text, page 20)": "/api/events?actor=kenya&offset=1000",
    "GET /api/series (by week)": "/api/series?by=week",
    "GET /api/series (dyad, month, country)": "/api/series?by=month&group=dyad&country=NGA",
    "GET /api/map": "/api/map?cell=2",
    "GET /api/network": "/api/network",
    "GET / (dashboard HTML)": "/",
}
DASHBOARD_LOAD = ["/", "/basemap.json", "/api/events?limit=50&offset=0", "/api/series?by=week", "/api/map?cell=2",
                  "/api/network"]  # fmt: skip


def build(path: Path, events: int) -> None:
    with duckdb.connect(str(path)) as con:
        migrate(con)
        params = {"events": events, "articles": events // 2, "types": TYPES, "quads": QUADS, "countries": COUNTRIES}
        for statement in BUILD.split(";\n"):
            if statement.strip():
                used = {k: v for k, v in params.items() if f"${k}" in statement}
                con.execute(statement, used)


def timed(client: httpx.Client, paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        client.get(path).raise_for_status()
    return (time.perf_counter() - started) * 1000


def report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{name:<42} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        started = time.perf_counter()
        build(path, args.events)
        with duckdb.connect(str(path), read_only=True) as con:
            n = con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"built {n:,} events in {time.perf_counter() - started:.1f} s")
        with serving(Settings(db=str(path))) as url, httpx.Client(base_url=url, timeout=60) as client:
            timed(client, DASHBOARD_LOAD)  # warm: first open, base map read
            for name, request in REQUESTS.items():
                report(name, [timed(client, [request]) for _ in range(args.runs)])
            report(
                "dashboard first load (HTML + 5 requests)", [timed(client, DASHBOARD_LOAD) for _ in range(args.runs)]
            )


if __name__ == "__main__":
    main()
