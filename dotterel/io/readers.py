"""The read stage: paths (files, folders, `-` for stdin) to Articles, never raising.

Problems with the input become `ReadError` records in the same stream, so a batch goes on
past a broken file and the caller can count and report what was skipped.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from dotterel.io.decoding import (
    MAX_BYTES,
    SAMPLE_BYTES,
    Unreadable,
    check_text,
    decode,
    too_large,
)
from dotterel.io.errors import ReadError
from dotterel.io.fetch import is_url, read_url
from dotterel.io.html import looks_like_html, read_html
from dotterel.io.records import Item, iso_date
from dotterel.io.structured import bounded_lines, read_csv, read_json, read_jsonl_lines
from dotterel.io.text import read_text
from dotterel.model import Article

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
JSONL = ".jsonl"

TextReader = Callable[[str, str, str | None], Iterator[Item]]
TEXT_READERS: dict[str, TextReader] = {
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".csv": read_csv,
}
KNOWN_EXTENSIONS = (*TEXT_READERS, JSONL)


def read_paths(
    paths: Iterable[str], published: str | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Article | ReadError]:
    """Articles from files, folders (recursively) and `-` (stdin), with ReadErrors between.

    `published` is a default: it fills a missing or unusable publication date; a file's or
    record's own date wins. An invalid `published` raises ValueError here, before reading.
    A `ReadError` whose level is "warning" comes just before the article it is about.
    """
    default = _default_date(published)
    names = [paths] if isinstance(paths, str) else list(paths)
    return chain.from_iterable(_read_path(name, default, max_bytes) for name in names)


def _default_date(published: str | None) -> str | None:
    if published is None:
        return None
    date = iso_date(published)
    if date is None:
        raise ValueError(f"published date {published!r} is not an ISO date (YYYY-MM-DD)")
    return date


def _read_path(name: str, published: str | None, max_bytes: int) -> Iterator[Item]:
    if name == STDIN:
        return read_stdin(sys.stdin.buffer, published, max_bytes)
    if is_url(name):
        return read_url(name, published, max_bytes)
    path = Path(name)
    if not path.exists():
        return iter([ReadError(name, "no such file or folder; check the path")])
    if path.is_dir():
        return _read_folder(path, published, max_bytes)
    return read_file(path, published, max_bytes)


def _read_folder(folder: Path, published: str | None, max_bytes: int) -> Iterator[Item]:
    files = list(known_files(folder))
    if not files:
        kinds = " ".join(KNOWN_EXTENSIONS)
        yield ReadError(str(folder), f"folder has no files to read ({kinds})")
    for path in files:
        yield from read_file(path, published, max_bytes)


def known_files(folder: Path) -> Iterator[Path]:
    """Files under `folder` with a known extension, hidden ones skipped.

    Sorted by name, a folder's own files before its subfolders', so runs are repeatable.
    """
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in KNOWN_EXTENSIONS:
                yield Path(root, name)


def read_file(path: Path, published: str | None, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Everything in one file; a file that yields no article says so."""
    found = False
    for item in _read_file_items(path, published, max_bytes):
        found = found or isinstance(item, Article) or item.skipped
        yield item
    if not found:
        yield ReadError(str(path), "no articles found in the file")


def _read_file_items(path: Path, published: str | None, max_bytes: int) -> Iterator[Item]:
    origin, extension = str(path), path.suffix.lower()
    if extension not in KNOWN_EXTENSIONS:
        kinds = " ".join(KNOWN_EXTENSIONS)
        yield ReadError(
            origin,
            f"unknown file type {extension or '(none)'!r}: dotterel reads {kinds}",
        )
        return
    try:
        size = path.stat().st_size
        if extension == JSONL:
            yield from _read_jsonl_file(path, size, published, max_bytes)
        else:
            yield from _read_whole_file(path, size, published, max_bytes)
    except FileNotFoundError:
        yield ReadError(origin, "no such file or folder; check the path")
    except OSError as error:
        yield ReadError(origin, f"cannot read it: {error.strerror or error}")


def _read_whole_file(path: Path, size: int, published: str | None, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    if size > max_bytes:  # checked before reading, so a huge file is never loaded
        yield ReadError(origin, too_large(size, max_bytes))
        return
    try:
        text = decode(path.read_bytes(), max_bytes)
    except Unreadable as error:
        yield ReadError(f"{origin}:{error.line}" if error.line else origin, str(error))
        return
    yield from TEXT_READERS[path.suffix.lower()](text, origin, published)


def _read_jsonl_file(path: Path, size: int, published: str | None, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    with path.open("rb") as stream:
        head = stream.read(SAMPLE_BYTES)
        if not head.strip() and size <= SAMPLE_BYTES:
            yield ReadError(origin, "empty: nothing to read")
            return
        try:
            check_text(head)
        except Unreadable as error:
            yield ReadError(origin, str(error))
            return
        stream.seek(0)
        lines = bounded_lines(stream, max_bytes)
        yield from read_jsonl_lines(lines, origin, published, max_bytes)


def read_stdin(stream: BinaryIO, published: str | None, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """JSON lines when the first non-blank line starts with "{", a web page when the input is one
    (`curl URL | dotterel code -`), otherwise one text article."""
    lines = bounded_lines(stream, max_bytes)
    leading: list[bytes | None] = []
    for line in lines:
        leading.append(line)
        if line is None or line.strip():
            break
    first = leading[-1] if leading else b""
    if first is not None and first.lstrip(b"\xef\xbb\xbf \t").startswith(b"{"):
        yield from read_jsonl_lines(chain(leading, lines), STDIN_ORIGIN, published, max_bytes)
        return
    yield from _read_stdin_text(leading, stream, published, max_bytes)


def _read_stdin_text(
    leading: list[bytes | None], stream: BinaryIO, published: str | None, max_bytes: int
) -> Iterator[Item]:
    if None in leading:
        yield ReadError(STDIN_ORIGIN, too_large(max_bytes + 1, max_bytes))
        return
    data = b"".join(line for line in leading if line) + stream.read(max_bytes + 1)
    try:
        text = decode(data, max_bytes)
    except Unreadable as error:
        origin = f"{STDIN_ORIGIN}:{error.line}" if error.line else STDIN_ORIGIN
        yield ReadError(origin, str(error))
        return
    reader = read_html if looks_like_html(text) else read_text
    yield from reader(text, STDIN_ORIGIN, published)
