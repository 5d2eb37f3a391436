"""What storing costs next to coding: `dotterel ingest` against coding alone, same articles.

    python benchmarks/ingest.py ../shared/data/voa_stories [--n 5000] [--batch-size 200] [--json]

The VOA stories are repeated, each copy with its own id and a distinct last line, to N
articles (so deduplication does not skip them). Pass 1 codes them and throws the records
away; pass 2 codes them again and ingests them into a fresh database. Prints articles/s
for both, the share of pass 2 spent writing, the database size per 1,000 articles, and
the time of a filtered `dotterel events` query on the result. The design target: storage
under 10% of coding time.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dotterel.io import ReadError, read_paths
from dotterel.model import Article
from dotterel.pipeline import Coder
from dotterel.store import EventFilter, Store, events_query


def load_articles(path: str, n: int) -> list[Article]:
    stories = [a for a in read_paths([path]) if not isinstance(a, ReadError)]
    if not stories:
        sys.exit(f"no stories found under {path}")
    return [copy_of(stories[i % len(stories)], i // len(stories)) for i in range(n)]


def copy_of(story: Article, k: int) -> Article:
    if k == 0:
        return story
    return dataclasses.replace(story, id=f"{story.id}-copy{k}", text=f"{story.text}\n\nCopy {k}.")


def bare(coder: Coder, articles: list[Article]) -> float:
    start = time.perf_counter()
    for _ in coder.code_articles(articles):
        pass
    return time.perf_counter() - start


def with_store(coder: Coder, articles: list[Article], db: Path, batch_size: int) -> tuple[float, float, int]:
    """Wall seconds, seconds spent writing, events stored."""
    start = time.perf_counter()
    with Store(db) as store:
        stats = store.ingest(coder.code_articles(articles), batch_size=batch_size)
    return time.perf_counter() - start, stats.seconds, stats.events


def query_ms(db: Path, repeat: int = 5) -> float:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        top = con.execute("SELECT type FROM events GROUP BY type ORDER BY count(*) DESC LIMIT 1").fetchone()
        since = con.execute("SELECT min(event_date) FROM events").fetchone()[0]
        sql, params = events_query(EventFilter(type=top[0] if top else "PROTEST", since=str(since or "2000-01-01")))
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            con.execute(sql, params).fetchall()
            times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def measure(path: str, n: int, batch_size: int, workers: int) -> dict[str, Any]:
    articles = load_articles(path, n)
    coder = Coder(n_process=workers)
    coding = bare(coder, articles)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        wall, writing, events = with_store(coder, articles, db, batch_size)
        size = db.stat().st_size
        query = query_ms(db)
    return {
        "articles": n, "events": events, "workers": workers, "batch_size": batch_size,
        "coding_articles_per_s": round(n / coding, 2),
        "coding_and_ingest_articles_per_s": round(n / wall, 2),
        "writing_seconds": round(writing, 3),
        "storage_share_of_ingest": round(writing / wall, 4),
        "ingest_over_coding": round(wall / coding - 1, 4),
        "db_mib_per_1000_articles": round(size / 2**20 / n * 1000, 2),
        "filtered_events_query_ms": round(query, 2),
    }  # fmt: skip


def report(result: dict[str, Any]) -> Iterator[str]:
    yield f"{result['articles']} articles, {result['events']} events, {result['workers']} worker(s)"
    yield f"coding alone:      {result['coding_articles_per_s']:8.2f} articles/s"
    yield f"coding + ingest:   {result['coding_and_ingest_articles_per_s']:8.2f} articles/s"
    share = 100 * result["storage_share_of_ingest"]
    yield f"writing:           {result['writing_seconds']:8.3f} s = {share:.1f}% of ingest"
    yield f"database size:     {result['db_mib_per_1000_articles']:8.2f} MiB per 1,000 articles"
    yield f"filtered query:    {result['filtered_events_query_ms']:8.2f} ms (events --type <most common> --since)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the VOA stories folder or JSONL file")
    parser.add_argument("--n", type=int, default=5000, help="articles to code (default 5000)")
    parser.add_argument("--batch-size", type=int, default=200, dest="batch_size")
    parser.add_argument("--workers", type=int, default=1, help="parser processes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.path, args.n, args.batch_size, args.workers)
    print(json.dumps(result) if args.json else "\n".join(report(result)))


if __name__ == "__main__":
    main()
