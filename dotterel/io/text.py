"""Plain-text articles: an optional header of metadata, then the article itself.

    Title: Army seizes power
    Published: 2024-03-15

    Soldiers took control of ...

The header (`Title:` and/or `Published:` lines at the very top, ended by a blank line) is
metadata, not article text: `Article.text` is the body after the blank line, and every
offset dotterel reports indexes that body. Without such a header the whole file is the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dotterel.io.errors import ReadError
from dotterel.io.records import Item, record_to_article

HEADER_LINE = re.compile(r"(?i)(title|published)[ \t]*:[ \t]*(.*?)\s*")


def read_text(text: str, origin: str, published: str | None) -> Iterator[Item]:
    """The one article in a text file."""
    header, body = split_header(text)
    if not body.strip():
        yield ReadError(origin, "no article text after the header (Title:/Published: lines)")
        return
    yield from record_to_article({**header, "text": body}, origin, published)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The header fields (lower-case names) and the body; no header when none ends in a blank."""
    header: dict[str, str] = {}
    position = 0
    for line in text.splitlines(keepends=True):
        match = HEADER_LINE.fullmatch(line)
        if match:
            header[match[1].lower()] = match[2]
        elif header and not line.strip():
            return header, text[position + len(line) :]
        else:
            break
        position += len(line)
    if header and position == len(text):
        return header, ""
    return {}, text
