"""Signs of life for a person at a terminal: a count that redraws itself, or the time so far.

`dotterel code` over a folder and every `dotterel eval` can run for minutes. On a terminal
they show one line on stderr that redraws in place; when stderr is a file or a pipe they
print nothing, so logs and scripts see only the results.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import IO, TypeVar

T = TypeVar("T")
REDRAW_S = 0.5


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


class Counter:
    """'12 articles, 3.1/s' redrawn on stderr as items pass through `counted()`."""

    def __init__(self, stream: IO[str], unit: str = "articles", shown: bool | None = None) -> None:
        self.stream, self.unit = stream, unit
        self.shown = stream.isatty() if shown is None else shown
        self.done = 0
        self.started = self.last = time.monotonic()

    def counted(self, items: Iterable[T]) -> Iterator[T]:
        try:
            for item in items:
                self.done += 1
                self._draw()
                yield item
        finally:
            self.finish()

    def _draw(self) -> None:
        now = time.monotonic()
        if not self.shown or now - self.last < REDRAW_S:
            return
        self.last = now
        rate = self.done / max(now - self.started, 1e-9)
        self.stream.write(f"\r{self.done:,} {self.unit}, {rate:.1f}/s, {_duration(now - self.started)}   ")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown and self.last != self.started:
            self.stream.write("\r" + " " * 60 + "\r")  # the summary line takes its place
            self.stream.flush()
        self.shown = False


class Heartbeat:
    """'label: 1m20s' redrawn each second while a long step runs, for steps that cannot count."""

    def __init__(self, label: str, stream: IO[str], every: float = 1.0) -> None:
        self.label, self.stream, self.every = label, stream, every
        self.shown = stream.isatty()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True, name="dotterel-heartbeat")
        self.started = time.monotonic()

    def __enter__(self) -> Heartbeat:
        if self.shown:
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self.shown:
            self._stop.set()
            self._thread.join()
            self.stream.write("\r" + " " * (len(self.label) + 20) + "\r")
            self.stream.flush()

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            self.stream.write(f"\r{self.label}: running, {_duration(time.monotonic() - self.started)}")
            self.stream.flush()



def stored_summary(
    db: str, articles: int, events: int, stored_already: int, skipped: int, warnings: int, engine: str = ""
) -> str:
    """The line `dotterel ingest` ends with, on one machine or on Ray (`engine` " (Ray)"): what it
    stored, what it found stored already, and where to read what it skipped."""
    text = f"dotterel: stored {articles} articles, {events} events in {db}{engine}"
    if stored_already:
        text += f"; {stored_already} articles were stored already"
    if skipped or warnings:
        text += f'; {skipped} inputs skipped, {warnings} warnings (dotterel sql "SELECT * FROM errors" --db {db})'
    return text
