"""Bytes to text for every reader: size cap, empty and binary files, strict UTF-8.

dotterel never guesses an encoding: input that is not UTF-8 (with or without a byte-order
mark) is reported with the offset of the first bad byte, so the user can convert it.
"""

from __future__ import annotations

import codecs

MAX_BYTES = 10_000_000  # default cap on one file (or one JSONL line): 10 MB

SAMPLE_BYTES = 8192  # how much of a file to look at when deciding whether it is binary
MAX_CONTROL_SHARE = 0.1  # more control characters than this and it is not text
TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Unreadable(ValueError):
    """Why some bytes cannot be read as text, said for a person; `line` when one is to blame."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def too_large(size: int, max_bytes: int) -> str:
    """The message for a file or line over the size cap."""
    return (
        f"too large: {size:,} bytes, over the {max_bytes:,}-byte limit; split it, or raise "
        "the limit (max_bytes= in read_paths, --max-bytes on the command line)"
    )


def decode(data: bytes, max_bytes: int) -> str:
    """The text in `data`; raises Unreadable when there is none."""
    if len(data) > max_bytes:
        raise Unreadable(too_large(len(data), max_bytes))
    if not data.strip():
        raise Unreadable("empty: nothing to read")
    check_text(data)
    return decode_utf8(data)


def check_text(data: bytes) -> None:
    """Raise Unreadable when `data` (a whole file, or its start) is not UTF-8 text."""
    if data.startswith(UTF16_BOMS):
        raise Unreadable("UTF-16 text: save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)")
    if looks_binary(data):
        raise Unreadable("binary data, not text: dotterel reads .txt .html .json .jsonl .csv")


def looks_binary(data: bytes) -> bool:
    """NUL bytes anywhere, or many control characters near the start."""
    if b"\0" in data:
        return True
    sample = data[:SAMPLE_BYTES]
    controls = sum(1 for byte in sample if byte < 32 and byte not in TEXT_CONTROLS)
    return controls > len(sample) * MAX_CONTROL_SHARE


def decode_utf8(data: bytes, offset: int = 0) -> str:
    """Strict UTF-8, a leading byte-order mark dropped; `offset` places `data` in its file."""
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        position = skip + error.start
        raise Unreadable(
            f"not valid UTF-8: byte 0x{data[position]:02x} at byte offset "
            f"{offset + position}; convert it to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)",
            data.count(b"\n", 0, position) + 1,
        ) from None
