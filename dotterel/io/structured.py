"""Articles as records: .json (one object or a list), .jsonl (one per line) and .csv.

Each record is read on its own: a malformed line or a record without text becomes a
ReadError naming the file and line, and the records around it are still read.
Fields: id, title, text, published, url, source (and language); others are ignored.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from dotterel.io.decoding import Unreadable, decode_utf8, too_large
from dotterel.io.errors import ReadError
from dotterel.io.records import Item, record_to_article

# csv's default cap (128 KiB per field) is below a long article; our own size cap rules.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

WHITESPACE = " \t\r\n"
# Python's JSON parser recurses once per level and raises RecursionError past ~1000 levels;
# an article record is two or three levels deep, so anything this deep is not one.
TOO_DEEP = "JSON nested too deeply to be an article record; fix or remove it"


def read_json(text: str, name: str, published: str | None) -> Iterator[Item]:
    """Each object of a .json file: the top-level object, or each item of a top-level list."""
    try:
        for line, value in json_values(text):
            yield from record_to_article(value, f"{name}:{line}", published)
    except json.JSONDecodeError as error:
        message = f"malformed JSON: {error.msg} (column {error.colno}); records before it were read"
        yield ReadError(f"{name}:{error.lineno}", message)
    except RecursionError:
        yield ReadError(name, f"{TOO_DEEP}; records before it were read")


def json_values(text: str) -> Iterator[tuple[int, object]]:
    """(line, value) for the one top-level value, or for each item of a top-level array.

    Items are decoded one at a time, so a syntax error late in a list costs only what follows.
    """
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if not text.startswith("[", position):
        value, end = decoder.raw_decode(text, position)
        _expect_end(text, end)
        yield text.count("\n", 0, position) + 1, value
        return
    line, counted = 1, 0
    position = _skip_space(text, position + 1)
    while not text.startswith("]", position):
        value, end = decoder.raw_decode(text, position)
        line, counted = line + text.count("\n", counted, position), position
        yield line, value
        position = _skip_space(text, end)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif not text.startswith("]", position):
            raise json.JSONDecodeError("expected ',' or ']' after a record", text, position)
    _expect_end(text, position + 1)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in WHITESPACE:
        position += 1
    return position


def _expect_end(text: str, position: int) -> None:
    position = _skip_space(text, position)
    if position < len(text):
        raise json.JSONDecodeError("extra data after the JSON value", text, position)


def read_jsonl_lines(lines: Iterable[bytes | None], name: str, published: str | None, max_bytes: int) -> Iterator[Item]:
    """Records from raw lines; None stands for a line longer than `max_bytes`."""
    offset = 0
    for number, raw in enumerate(lines, start=1):
        origin = f"{name}:{number}"
        if raw is None:
            yield ReadError(origin, f"line {too_large(max_bytes + 1, max_bytes)}")
            continue
        try:
            line = decode_utf8(raw, offset)
        except Unreadable as error:
            yield ReadError(origin, str(error))
            continue
        finally:
            offset += len(raw or b"")
        if line.strip():
            yield from _jsonl_record(line, origin, published)


def _jsonl_record(line: str, origin: str, published: str | None) -> list[Item]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        message = f"malformed JSON line: {error.msg} (column {error.colno}); fix or remove it"
        return [ReadError(origin, message)]
    except RecursionError:
        return [ReadError(origin, TOO_DEEP)]
    return record_to_article(value, origin, published)


def bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of `stream`; None for a line over `max_bytes`, which is skipped, not loaded."""
    while line := stream.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_line(stream)
            yield None
        else:
            yield line


def _skip_line(stream: BinaryIO) -> None:
    while (chunk := stream.readline(1 << 20)) and not chunk.endswith(b"\n"):
        pass


def read_csv(text: str, name: str, published: str | None) -> Iterator[Item]:
    """Each row of a CSV file whose header row names the fields (at least `text`)."""
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip().lower() for column in next(rows, [])]
    if "text" not in header:
        found = ", ".join(header) or "nothing"
        message = f'the header row must name a "text" column (found: {found})'
        yield ReadError(f"{name}:1", message)
        return
    line = rows.line_num
    try:
        for row in rows:
            origin, line = f"{name}:{line + 1}", rows.line_num
            if any(cell.strip() for cell in row):
                yield from _csv_record(header, row, origin, published)
    except csv.Error as error:
        yield ReadError(
            f"{name}:{rows.line_num}",
            f"malformed CSV: {error}; rows before it were read",
        )


def _csv_record(header: list[str], row: list[str], origin: str, published: str | None) -> list[Item]:
    if len(row) > len(header):
        message = f"{len(row)} fields but the header has {len(header)}; check the quoting"
        return [ReadError(origin, message)]
    return record_to_article(dict(zip(header, row, strict=False)), origin, published)
