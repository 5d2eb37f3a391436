"""Coding for the API in a worker process, with a time limit and a bounded queue.

A text sent to `/api/code` is parsed by spaCy, which cannot be interrupted from a thread.
So the `Coder` lives in a child process: past the time limit the child is killed (and a
fresh one started for the next request) and the caller gets a 503. One job runs at a time;
callers beyond `queue` running or waiting get a 429 at once instead of piling up threads.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from multiprocessing.connection import Connection
from typing import Any

from dotterel.model import Article, CodedArticle
from dotterel.server.problems import Problem

LOAD_TIMEOUT = 300.0  # seconds to load the model in a fresh worker (seconds on a laptop)
log = logging.getLogger("dotterel.server")


def _serve(conn: Connection, parent: int) -> None:
    """The worker: load the Coder once, then code each list of articles it is sent."""
    from dotterel.pipeline import Coder
    from dotterel.store.lifetime import watch_parent

    watch_parent(parent)  # started from a passing thread: the kernel's parent-death signal would fire early
    coder = Coder()
    conn.send(("ready", None))
    while True:
        articles = conn.recv()
        try:
            conn.send(("ok", list(coder.code_articles(articles))))
        except Exception as exc:  # reported to the caller as a 500, the worker goes on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class Worker:
    """One child process holding a loaded Coder, and the pipe to it."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # the server has threads: never fork it
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, os.getpid()), daemon=True, name="dotterel-coder")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        if not self.ready:
            self._receive(LOAD_TIMEOUT, "loading the model")
            self.ready = True

    def run(self, articles: list[Article], timeout: float) -> list[CodedArticle]:
        self.conn.send(articles)
        return self._receive(timeout, "coding")

    def _receive(self, timeout: float, what: str) -> Any:
        try:
            if not self.conn.poll(timeout):
                detail = f"{what} was stopped after {timeout:g} s; send a shorter text, or raise --code-timeout"
                raise Problem(503, "Coding took too long", detail, {"Retry-After": "5"})
            status, value = self.conn.recv()
        except (EOFError, OSError):
            raise Problem(503, "Coding worker stopped", f"the coding worker died while {what} (out of memory?); "
                          "try again", {"Retry-After": "5"}) from None  # fmt: skip
        if status == "error":
            raise RuntimeError(f"the coding worker failed: {value}")
        return value

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Coding:
    """The API's coding: one worker, one job at a time, at most `queue` callers."""

    def __init__(self) -> None:
        self._job = threading.Lock()  # one job in the worker at a time
        self._count = threading.Lock()  # guards `_callers`
        self._callers = 0
        self._worker: Worker | None = None

    def warm(self) -> None:
        """Start the worker now: loading the model takes seconds, better before the first request."""
        threading.Thread(target=self._ready_worker_locked, daemon=True, name="dotterel-coder-start").start()

    def _ready_worker_locked(self) -> None:
        with self._job:
            try:
                self._ready_worker()
            except Problem as exc:  # the first request will try again and answer with it
                log.warning("coding worker did not start: %s", exc.detail)

    def _ready_worker(self) -> Worker:
        if self._worker is None or not self._worker.process.is_alive():
            self._worker = Worker()
        try:
            self._worker.wait_ready()
        except Problem:
            self._discard()
            raise
        return self._worker

    def _discard(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def code(self, articles: list[Article], timeout: float, queue: int) -> list[CodedArticle]:
        """Coded articles; Problem 429 past `queue` callers, 503 past `timeout` seconds of coding."""
        with self._count:
            if self._callers >= queue:
                raise Problem(429, "Too many coding requests", f"{queue} coding requests are running or waiting; "
                              "try again in a moment", {"Retry-After": "2"})  # fmt: skip
            self._callers += 1
        try:
            with self._job:
                worker = self._ready_worker()
                try:
                    return worker.run(articles, timeout)
                except Problem:  # stopped or dead: the next job gets a fresh worker
                    log.warning("coding worker stopped after %s s or died; starting a new one", timeout)
                    self._discard()
                    raise
        finally:
            with self._count:
                self._callers -= 1


# One per process: every app in it (tests start several) shares the worker and its model.
CODING = Coding()
