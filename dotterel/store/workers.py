"""Coding on every core of one machine: the whole per-article pipeline runs in the workers.

`LocalCoder(coder, workers)` codes a stream of articles in chunks. With one worker it codes
in this process; with more, each worker process codes whole chunks (clean, parse, and every
stage after the parse) and sends back finished records, so the main process only writes.
That is what the Ray actors do on a cluster (`dotterel.distributed`).

Workers are forked from the process that built the `Coder`: they share its model and
codebook pages and load nothing. An article that makes the coder raise becomes a
`CodingError` record and the rest of its chunk is coded: one odd article never stops a
batch of a million.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from dotterel.errors import DotterelError
from dotterel.model import Article, CodedArticle

DEFAULT_CHUNK = 32  # articles per task: one `nlp.pipe` batch
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: enough to keep it busy, little held in memory
MIN_TAIL_CHUNK = 4  # articles: smaller tasks would cost more in messages than they gain in balance


class ArticleCoder(Protocol):
    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]: ...


@dataclass(frozen=True)
class CodingError:
    """An article the coder raised on: stored in `errors`, counted as skipped."""

    origin: str
    message: str
    level: str = "error"

    @property
    def skipped(self) -> bool:
        return True

    def __str__(self) -> str:
        return f"{self.origin}: {self.level}: {self.message}"


Coded = CodedArticle | CodingError


def coding_error(article: Article, exc: BaseException) -> CodingError:
    return CodingError(
        article.origin or f"article {article.id}",
        f"article {article.id} could not be coded ({type(exc).__name__}: {exc}); the rest of the batch was coded",
    )


def code_isolated(coder: ArticleCoder, articles: list[Article]) -> list[Coded]:
    """Code a chunk; if it raises, code its articles one by one so only the culprit is lost."""
    try:
        return list(coder.code_articles(articles))
    except Exception:  # any bug on any article: find which one below
        pass
    out: list[Coded] = []
    for article in articles:
        try:
            out += coder.code_articles([article])
        except Exception as exc:
            out.append(coding_error(article, exc))
    return out


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    items = iter(articles)
    while chunk := list(islice(items, size)):
        yield chunk


def balanced_chunks(articles: Iterable[Article], size: int, workers: int) -> Iterator[list[Article]]:
    """Chunks of `size` articles that shrink as the stream runs out, so the workers finish together.

    With fixed chunks the last one lands on whichever worker is free first while the other
    has nothing left: 89 articles in chunks of 32 give one worker 57 and the other 32. Here
    each chunk is a `1 / (2 * workers)` share of the articles read ahead (guided
    self-scheduling): `size` while the stream is long, smaller and smaller in its tail.
    """
    items = iter(articles)
    ahead = IN_FLIGHT_PER_WORKER * workers * size
    buffer: deque[Article] = deque(islice(items, ahead))
    while buffer:
        share = -(-len(buffer) // (IN_FLIGHT_PER_WORKER * workers))  # rounded up
        n = min(size, max(MIN_TAIL_CHUNK, share), len(buffer))
        yield [buffer.popleft() for _ in range(n)]
        buffer.extend(islice(items, ahead - len(buffer)))


# The coder a forked worker inherited from its parent; set just before the pool forks.
_WORKER_CODER: ArticleCoder | None = None


def _start_worker() -> None:
    # A worker must not outlive a killed parent; and it parses alone (no nested process pool).
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _set_parent_death_signal()
    if hasattr(_WORKER_CODER, "n_process"):
        _WORKER_CODER.n_process = 1  # type: ignore[union-attr]


def _set_parent_death_signal() -> None:
    """Linux: the kernel kills this worker when its parent dies, even by kill -9."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still applies
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _code_chunk(articles: list[Article]) -> list[Coded]:
    assert _WORKER_CODER is not None, "worker started without a coder"
    return code_isolated(_WORKER_CODER, articles)


class LocalCoder:
    """Codes articles with `workers` processes on this machine; yields records in input order."""

    def __init__(self, coder: ArticleCoder, workers: int = 1, chunk: int = DEFAULT_CHUNK) -> None:
        if workers < 1:
            raise ValueError(f"--workers must be at least 1, not {workers}")
        self.coder, self.workers, self.chunk = coder, workers, chunk
        if hasattr(coder, "n_process"):
            coder.n_process = 1  # parallelism is ours: whole articles, not just the parse

    def code_articles(self, articles: Iterable[Article]) -> Iterator[Coded]:
        if self.workers == 1:
            for chunk in chunks(articles, self.chunk):
                yield from code_isolated(self.coder, chunk)
            return
        yield from self._in_workers(articles)

    def _in_workers(self, articles: Iterable[Article]) -> Iterator[Coded]:
        global _WORKER_CODER
        _WORKER_CODER = self.coder
        context = multiprocessing.get_context("fork")  # workers inherit the loaded model
        frozen_here = _freeze_for_fork()
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker)
        pending: deque[tuple[int, Future[list[Coded]]]] = deque()
        limit = IN_FLIGHT_PER_WORKER * self.workers * self.chunk  # articles in flight, whatever the chunk sizes
        try:
            for chunk in balanced_chunks(articles, self.chunk, self.workers):
                pending.append((len(chunk), pool.submit(_code_chunk, chunk)))
                while sum(n for n, _ in pending) >= limit:
                    yield from _result(pending.popleft()[1])
            while pending:
                yield from _result(pending.popleft()[1])
        finally:
            for _, future in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            _WORKER_CODER = None
            if frozen_here:
                gc.unfreeze()


def _freeze_for_fork() -> bool:
    """Keep the loaded model and codebook out of the workers' garbage collector.

    A forked worker's collector would otherwise walk every inherited object, costing CPU
    and writing to their pages, which the kernel must then copy. True if this call froze
    them (and so must unfreeze them), False if someone had frozen objects already.
    """
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def _result(future: Future[list[Coded]]) -> list[Coded]:
    try:
        return future.result()
    except BrokenProcessPool:
        raise DotterelError(
            "a worker process died (killed, or out of memory); everything stored so far is kept: "
            "run the same command again to resume, with fewer --workers if memory is short"
        ) from None
