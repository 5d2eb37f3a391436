"""Throughput of the full pipeline against the spaCy parse alone, on the same articles.

    python benchmarks/throughput.py ../shared/data/voa_stories/voa_stories.jsonl [--repeat 2] [--rounds 3] [--json]

Prints articles/s and words/s for (a) the parse alone (`nlp.pipe` with the same model, our stages disabled, and
batch size, on the cleaned texts, `n_process` 1 and 2) and (b) the full dotterel pipeline
with 1 and 2 worker processes (`dotterel ingest --workers N`: every stage runs in the
workers); the ratio full/parse at 1 process (`ratio`) and at 2 (`ratio_np2`); the share of
each stage after the parse, timed on already-parsed documents; and the peak resident memory.
Both sides exclude loading the model (done once, before any timing) and include starting
their worker processes. With `--rounds N` the parse and the full run take turns N times and
the fastest of each counts: on a shared machine, other people's work only ever slows a run.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from dotterel.clean import clean
from dotterel.components import STAGES, date_mentions
from dotterel.io import ReadError, read_paths
from dotterel.model import Article
from dotterel.pipeline import Coder
from dotterel.store.workers import LocalCoder

BATCH_SIZE = 32


def load_articles(path: str, repeat: int) -> list[Article]:
    articles = [a for a in read_paths([path]) if not isinstance(a, ReadError)]
    return articles * repeat


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def parse_only(coder: Coder, articles: list[Article], n_process: int) -> None:
    texts = (clean(a.text).text for a in articles)
    for _ in coder.nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process, disable=STAGES):
        pass


def full(coder: Coder, articles: list[Article], workers: int) -> None:
    """The whole pipeline as `dotterel ingest --workers N` runs it (the writing left out)."""
    for _ in LocalCoder(coder, workers, chunk=BATCH_SIZE).code_articles(articles):
        pass


def stage_costs(coder: Coder, articles: list[Article]) -> dict[str, float]:
    """Seconds spent in each post-parse stage, on documents parsed beforehand."""
    from dotterel.coreference import find_entities

    cleaned = [clean(a.text) for a in articles]
    docs = list(coder.nlp.pipe((c.text for c in cleaned), batch_size=BATCH_SIZE, disable=STAGES))
    costs = {
        "clean": timed(lambda: [clean(a.text) for a in articles]),
        "mentions": timed(lambda: [find_entities(d, coder.lexicon, coder.words) for d in docs]),
        "triggers": timed(lambda: [coder.finder(d) for d in docs]),
        "dates": timed(lambda: [date_mentions(d, None) for d in docs]),
        "all stages after the parse": timed(
            lambda: [coder.code_doc(d, a, c) for d, a, c in zip(docs, articles, cleaned, strict=True)]
        ),
    }
    return costs


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def fastest(coder: Coder, articles: list[Article], n: int, rounds: int) -> tuple[float, float]:
    """Seconds for the parse alone and for the full pipeline with `n` processes: the best of `rounds` turns."""
    times = [
        (timed(lambda: parse_only(coder, articles, n)), timed(lambda: full(coder, articles, n))) for _ in range(rounds)
    ]
    return min(t for t, _ in times), min(t for _, t in times)


def run(path: str, repeat: int, rounds: int = 1) -> dict[str, Any]:
    coder = Coder(batch_size=BATCH_SIZE)
    articles = load_articles(path, repeat)
    words = sum(len(a.text.split()) for a in articles)
    parse_only(coder, articles[:4], 1)  # warm-up: first batches pay one-off costs
    result: dict[str, Any] = {"articles": len(articles), "words": words, "rounds": rounds}
    for n in (1, 2):
        t_parse, t_full = fastest(coder, articles, n, rounds)
        suffix = "" if n == 1 else "_np2"
        result[f"parse_articles_per_s{suffix}"] = round(len(articles) / t_parse, 2)
        result[f"full_articles_per_s{suffix}"] = round(len(articles) / t_full, 2)
        result[f"parse_words_per_s{suffix}"] = round(words / t_parse)
        result[f"full_words_per_s{suffix}"] = round(words / t_full)
    result["ratio"] = round(result["full_articles_per_s"] / result["parse_articles_per_s"], 3)
    result["ratio_np2"] = round(result["full_articles_per_s_np2"] / result["parse_articles_per_s_np2"], 3)
    costs = stage_costs(coder, articles)
    t_parse_1 = len(articles) / result["parse_articles_per_s"]
    result["stage_share_of_parse"] = {k: round(v / t_parse_1, 4) for k, v in costs.items()}
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="articles: the VOA stories JSONL, or any file or folder dotterel reads")
    parser.add_argument("--repeat", type=int, default=1, help="code the articles this many times")
    parser.add_argument("--rounds", type=int, default=1, help="time each side this many times; the fastest counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = run(args.path, args.repeat, args.rounds)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['articles']} articles, {result['words']} words")
    print(f"{'':24}{'articles/s':>12}{'words/s':>12}")
    for label, key in (("parse alone, 1 process", ""), ("parse alone, 2 processes", "_np2")):
        print(f"{label:24}{result['parse_articles_per_s' + key]:>12}{result['parse_words_per_s' + key]:>12}")
    for label, key in (("dotterel, 1 process", ""), ("dotterel, 2 workers", "_np2")):
        print(f"{label:24}{result['full_articles_per_s' + key]:>12}{result['full_words_per_s' + key]:>12}")
    print(f"full / parse (1 process): {result['ratio']}; (2 processes): {result['ratio_np2']}")
    for stage, share in result["stage_share_of_parse"].items():
        print(f"  {stage:<28} {share:>7.1%} of the parse time")
    print(f"peak RSS: {result['peak_rss_mb']} MB")


if __name__ == "__main__":
    sys.exit(main())
