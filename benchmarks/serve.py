"""How fast `dotterel serve` answers over a database of 100,000+ events.

Builds a synthetic database with SQL straight into the schema (reports spread over 40
countries, 16 types and two years; every fifth event has no place), starts the real app in
uvicorn, and prints the median and 95th-percentile latency of typical requests, as a user
would see them over HTTP on this machine, and the median CPU time each took (this process:
server, client and DuckDB's threads), which other jobs on a shared machine change far less.

Then a bounded load check: 200 requests to /api/events and 60 to /api/code, 20 at a time,
with the p95 latency, the errors, the requests over the coding time limit, and the peak
memory (RSS) of the server process and of its coding worker.

    .venv/bin/python benchmarks/serve.py [--events 100000] [--runs 30] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import chain, zip_longest
from pathlib import Path

import duckdb
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_server import serving

from dotterel.server.coding import CODING
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
    "GET /api/events (acts, country name)": "/api/events?per=act&country=Kenya",
    "GET /api/facets (country)": "/api/facets?country=KEN",
    "GET / (dashboard HTML)": "/",
}
# What the dashboard asks for when it opens: the page, the base map, the table (one row per
# act), the timeline, the map cells, the network and the facets.
DASHBOARD_LOAD = ["/", "/basemap.json", "/api/events?limit=50&offset=0&per=act", "/api/series?by=week",
                  "/api/map?cell=2", "/api/network", "/api/facets"]  # fmt: skip


# Our own words: a short news story of the length /api/code usually gets (about 1,000 characters).
STORY = (
    "Kenyan police fired tear gas at hundreds of protesters in Nairobi on Tuesday, witnesses said. "
    "The demonstrators had marched from Uhuru Park towards parliament against a proposed fuel tax. "
    "Officers arrested at least twelve people near the central business district, a police spokesman "
    "told reporters. Opposition leaders condemned the arrests and called for a national strike on Friday. "
    "The interior minister said the government would not withdraw the tax, but agreed to meet union "
    "representatives next week. Uganda's foreign ministry urged calm and said it was watching the situation "
    "closely. Traders in Mombasa closed their shops in solidarity, local media reported."
)
LOAD_EVENTS, LOAD_CODE = 200, 60


def build(path: Path, events: int) -> None:
    with duckdb.connect(str(path)) as con:
        migrate(con)
        params = {"events": events, "articles": events // 2, "types": TYPES, "quads": QUADS, "countries": COUNTRIES}
        for statement in BUILD.split(";\n"):
            if statement.strip():
                used = {k: v for k, v in params.items() if f"${k}" in statement}
                con.execute(statement, used)


def timed(client: httpx.Client, paths: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds (all threads of this process) to answer `paths` in turn."""
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        client.get(path).raise_for_status()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def report(name: str, samples: list[tuple[float, float]]) -> None:
    ordered = sorted(wall for wall, _ in samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    cpu = statistics.median(cpu for _, cpu in samples)
    print(f"{name:<42} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   cpu {cpu:6.1f} ms")


def peak_rss_mb(pid: int | str = "self") -> float:
    """The highest resident memory a process has had (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _request(url: str, method: str, path: str, body: dict | None) -> tuple[str, int, float]:
    started = time.perf_counter()
    with httpx.Client(base_url=url, timeout=600) as client:
        response = client.post(path, json=body) if method == "POST" else client.get(path)
    return path, response.status_code, (time.perf_counter() - started) * 1000


def load_check(url: str, settings: Settings, concurrency: int) -> None:
    """Reads and codings interleaved, `concurrency` at a time: p95, errors, time-limit overruns, memory."""
    jobs = [("GET", f"/api/events?offset={i * 50}", None) for i in range(LOAD_EVENTS)]
    codes = [("POST", "/api/code", {"text": STORY.replace("Tuesday", day), "published": "2025-03-14"})
             for day in ("Monday", "Tuesday", "Wednesday") * (LOAD_CODE // 3)]  # fmt: skip
    mixed = [job for job in chain.from_iterable(zip_longest(jobs, codes)) if job]  # codings spread among reads
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda job: _request(url, *job), mixed))
    wall = time.perf_counter() - started
    print(f"load check: {len(results)} requests, {concurrency} at a time, in {wall:.1f} s")
    for name, prefix in (("GET /api/events", "/api/events"), ("POST /api/code", "/api/code")):
        times = sorted(ms for path, _, ms in results if path.startswith(prefix))
        errors = sum(1 for path, status, _ in results if path.startswith(prefix) and status != 200)
        over = sum(1 for ms in times if ms > settings.code_timeout * 1000)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"  {name:<16} n {len(times):4d}   p95 {p95:8.1f} ms   max {times[-1]:8.1f} ms   "
              f"errors {errors}   over the {settings.code_timeout:g} s limit {over}")  # fmt: skip
    worker = CODING._worker.process.pid if CODING._worker else None
    print(f"  peak RSS: server process {peak_rss_mb():.0f} MB (includes this client), "
          f"coding worker {peak_rss_mb(worker) if worker else float('nan'):.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        started = time.perf_counter()
        build(path, args.events)
        with duckdb.connect(str(path), read_only=True) as con:
            n = con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"built {n:,} events in {time.perf_counter() - started:.1f} s")
        settings = Settings(db=str(path))
        with serving(settings) as url, httpx.Client(base_url=url, timeout=60) as client:
            timed(client, DASHBOARD_LOAD)  # warm: first open, base map read
            for name, request in REQUESTS.items():
                report(name, [timed(client, [request]) for _ in range(args.runs)])
            report(
                "dashboard first load (HTML + 6 requests)", [timed(client, DASHBOARD_LOAD) for _ in range(args.runs)]
            )
            load_check(url, settings, args.concurrency)


if __name__ == "__main__":
    main()
