"""The server's handle on the database file: read-only for queries, Store for ingest.

DuckDB lets one process write a file or several read it, and inside one process it will
not mix a read-only and a read-write connection to the same file. So the server keeps one
read-only connection (a cursor per request, as DuckDB wants for threads) and, to ingest,
waits for running queries to finish, closes it, writes through `Store`, and reopens it.
A file locked by another process (a running `dotterel ingest`) is a 503, not a crash.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dotterel.errors import DotterelError
from dotterel.model import CodedArticle
from dotterel.server.problems import DatabaseBusy, Problem
from dotterel.store import IngestStats, Store
from dotterel.store.commands import open_read_only


class ReadWriteLock:
    """Many readers or one writer; a waiting writer stops new readers from starving it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and not self._waiting_writers)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            self._cond.wait_for(lambda: not self._writing and not self._readers)
            self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def _unavailable(path: str, exc: DotterelError) -> Problem:
    """A 503 for a file another process holds, or one this dotterel cannot use."""
    if "lock" in str(exc).lower():
        return DatabaseBusy(path, str(exc))
    return Problem(503, "Database unavailable", str(exc))


class Database:
    """Opens the file lazily, so a server started during an ingest recovers when it ends."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = ReadWriteLock()
        self._open_lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None

    def ensure_exists(self) -> None:
        """Create an empty database (the schema only) when the file is missing."""
        if not Path(self.path).exists():
            with Store(self.path):
                pass

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only cursor for one request."""
        with self._lock.reading():
            cursor = self._connection().cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    def ingest(self, records: Iterable[CodedArticle]) -> IngestStats:
        """Store coded articles through `Store` (idempotent, one transaction per batch)."""
        with self._lock.writing():
            self.close()
            try:
                store = Store(self.path)
            except DotterelError as exc:
                raise _unavailable(self.path, exc) from None
            with store:
                return store.ingest(records)

    def close(self) -> None:
        with self._open_lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def _connection(self) -> duckdb.DuckDBPyConnection:
        with self._open_lock:
            if self._con is None:
                self._con = self._open()
            return self._con

    def _open(self) -> duckdb.DuckDBPyConnection:
        if not Path(self.path).exists():
            raise Problem(503, "No database", f"no database at {self.path}; ingest articles first")
        try:
            return open_read_only(self.path)
        except DotterelError as exc:
            raise _unavailable(self.path, exc) from None
