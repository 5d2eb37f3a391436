"""Scaling out: one corpus coded by one process, by `--workers 2`, and by Ray with 1 and 2 actors.

    python benchmarks/scale.py ../shared/data/voa_stories/voa_stories.jsonl [--n 2000] [--json]

The stories are repeated, each copy made distinct (its own id and a closing line naming the
copy, so neither the id nor the content hash skips it), to at least `--n` articles. Each
engine codes and stores them from scratch, timed end to end (model loads and the merge
included; starting the local Ray is timed on its own). Prints articles/s for each, Ray's
overhead against the local path at equal workers, the speed-up from 1 to 2 actors, and
whether every run stored the same events.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dotterel.distributed import ingest_ray
from dotterel.io import ReadError, read_paths
from dotterel.pipeline import Coder
from dotterel.store import Store
from dotterel.store.commands import ingest_paths, open_read_only
from dotterel.store.workers import LocalCoder

BATCH = 200


def write_corpus(source: str, n: int, folder: Path) -> Path:
    """At least `n` distinct articles made from the stories in `source`, as one JSONL file."""
    stories = [a for a in read_paths([source]) if not isinstance(a, ReadError)]
    if not stories:
        raise SystemExit(f"no articles in {source}")
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(max(n, len(stories))):
            story, copy = stories[i % len(stories)], i // len(stories)
            text = f"{story.text}\n\nArchive copy {copy}."
            record = {"id": f"{story.id}-copy{copy}", "title": story.title, "published": story.published,
                      "source": story.source, "url": story.url, "text": text}  # fmt: skip
            out.write(json.dumps(record) + "\n")
    return path


def local(corpus: Path, db: Path, workers: int) -> float:
    started = time.perf_counter()
    coder = LocalCoder(Coder(), workers)
    with Store(db) as store:
        ingest_paths([str(corpus)], store, coder, batch_size=BATCH, err=io.StringIO())
    return noted(f"local, {workers} workers", time.perf_counter() - started)


def noted(label: str, seconds: float) -> float:
    """Each timing on stderr as it is taken: a long run that fails later keeps them."""
    print(f"{label}: {seconds:.1f} s", file=sys.stderr, flush=True)
    return seconds


def on_ray(corpus: Path, out: Path, actors: int) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    run = ingest_ray([str(corpus)], out, workers=actors, batch_size=BATCH, err=io.StringIO())
    phases = {k: round(v, 1) for k, v in run.seconds.items()}
    return noted(f"Ray, {actors} actors {phases}", time.perf_counter() - started), phases


def events_of(db: Path) -> set[str]:
    with open_read_only(str(db)) as con:
        return {repr(row) for row in con.execute("SELECT * EXCLUDE (cluster_id) FROM events").fetchall()}


def clusters_of(db: Path) -> set[str]:
    with open_read_only(str(db)) as con:
        return {repr(row) for row in con.execute("SELECT id, cluster_id FROM events").fetchall()}


def run(source: str, n: int, cpus: int) -> dict[str, Any]:
    import ray

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_corpus(source, n, folder)
        articles = sum(1 for _ in corpus.open(encoding="utf-8"))
        result: dict[str, Any] = {"articles": articles, "batch": BATCH}
        seconds = {
            "local_1": local(corpus, folder / "one.duckdb", 1),
            "local_2": local(corpus, folder / "two.duckdb", 2),
        }
        started = time.perf_counter()
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
        result["ray_start_s"] = round(time.perf_counter() - started, 1)
        try:
            seconds["ray_1"], result["ray_1_phases_s"] = on_ray(corpus, folder / "ray1", 1)
            seconds["ray_2"], result["ray_2_phases_s"] = on_ray(corpus, folder / "ray2", 2)
        finally:
            ray.shutdown()
        for name, value in seconds.items():
            result[f"{name}_s"] = round(value, 1)
            result[f"{name}_articles_per_s"] = round(articles / value, 2)
        result["ray_overhead_1"] = round(seconds["ray_1"] / seconds["local_1"] - 1, 3)
        result["ray_overhead_2"] = round(seconds["ray_2"] / seconds["local_2"] - 1, 3)
        result["ray_speedup_1_to_2"] = round(seconds["ray_1"] / seconds["ray_2"], 3)
        result["local_speedup_1_to_2"] = round(seconds["local_1"] / seconds["local_2"], 3)
        reference, merged = events_of(folder / "one.duckdb"), clusters_of(folder / "one.duckdb")
        result["events"] = len(reference)
        for name, db in (("local_2", "two.duckdb"), ("ray_1", "ray1"), ("ray_2", "ray2")):
            # events that differ from the single process's (0: the same event table), and cluster ids
            result[f"{name}_events_differing"] = len(events_of(folder / db) ^ reference)
            result[f"{name}_clusters_differing"] = len(clusters_of(folder / db) ^ merged)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="articles: the VOA stories JSONL, or any file or folder dotterel reads")
    parser.add_argument("--n", type=int, default=2000, help="at least this many distinct articles (default 2000)")
    parser.add_argument("--cpus", type=int, default=2, help="CPUs the local Ray may use (default 2)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = run(args.path, args.n, args.cpus)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['articles']} articles, {result['events']} events; Ray started in {result['ray_start_s']} s")
    for name, label in (("local_1", "one process"), ("local_2", "--workers 2"), ("ray_1", "Ray, 1 actor"),
                        ("ray_2", "Ray, 2 actors")):  # fmt: skip
        print(f"{label:<16}{result[name + '_articles_per_s']:>8} articles/s  ({result[name + '_s']} s)")
    print(f"Ray overhead: {result['ray_overhead_1']:+.1%} at 1 worker, {result['ray_overhead_2']:+.1%} at 2")
    print(f"speed-up 1 -> 2: Ray {result['ray_speedup_1_to_2']}, local {result['local_speedup_1_to_2']}")
    print(f"Ray phases (s): 1 actor {result['ray_1_phases_s']}, 2 actors {result['ray_2_phases_s']}")
    for name in ("local_2", "ray_1", "ray_2"):
        print(f"{name}: {result[name + '_events_differing']} event rows and "
              f"{result[name + '_clusters_differing']} cluster ids differ from the single process's")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
