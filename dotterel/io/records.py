"""Turn one record (a JSON object, a CSV row, a text file's header) into an Article.

All readers go through `record_to_article`, so every input format checks fields, fills ids
and validates publication dates the same way.

A bad `published` value does not cost the article: it is read with the reader's default
date (or None) and a `ReadError` with level "warning" is yielded just before it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from dotterel.io.errors import WARNING, ReadError
from dotterel.io.language import detect_language
from dotterel.model import Article

Item = Article | ReadError

OPTIONAL_TEXT_FIELDS = ("title", "url", "source", "language")
# spaCy's default `nlp.max_length`: a longer text cannot be parsed, and would stop the whole batch
MAX_CHARS = 1_000_000
# a date, optionally with a time and zone, which is dropped: "2024-03-15T08:00:00.5+02:00"
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")


def iso_date(value: object) -> str | None:
    """'YYYY-MM-DD' from an ISO date or datetime string; None when it is not one."""
    match = ISO_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return date.fromisoformat(match[1]).isoformat()
    except ValueError:  # well formed but not a day, such as 2024-02-30
        return None


def record_to_article(record: object, origin: str, default_published: str | None) -> list[Item]:
    """The article in `record`, preceded by any warnings; or a single ReadError."""
    problem = _record_problem(record)
    if problem:
        return [ReadError(origin, problem)]
    assert isinstance(record, dict)  # checked by _record_problem
    published, warning = _published(record.get("published"), origin, default_published)
    title = _optional(record.get("title"))
    text = record["text"]
    article = Article(
        id=_optional(record.get("id")) or Article.make_id(text, title),
        text=text,
        title=title,
        published=published,
        url=_optional(record.get("url")),
        source=_optional(record.get("source")),
        language=_language(record.get("language")) or detect_language(text),
        origin=origin,
    )
    return [warning, article] if warning else [article]


def _record_problem(record: object) -> str | None:
    """What makes `record` unreadable, said for a person; None when it is fine."""
    if not isinstance(record, dict):
        kind = type(record).__name__
        return f'expected an object with a "text" field, found a {kind}; one article per record'
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return 'record has no "text" (missing or empty); every record needs the article text'
    if len(text) > MAX_CHARS:
        return (
            f"the text is {len(text):,} characters, over the parser's limit of {MAX_CHARS:,}: "
            "split the article at paragraphs into parts and code them separately"
        )
    for name in OPTIONAL_TEXT_FIELDS:
        if not isinstance(record.get(name), str | None):
            kind = type(record[name]).__name__
            return f'"{name}" must be a string, found a {kind}; fix or remove the field'
    if not isinstance(record.get("id"), str | int | None) or isinstance(record.get("id"), bool):
        return f'"id" must be a string or an integer, found {record["id"]!r}'
    return None


def _optional(value: Any) -> str | None:
    """A field's value as a string, with empty or missing as None (CSV cells are never null)."""
    if value is None or value == "":
        return None
    return str(value)


def _language(value: object) -> str | None:
    """A record's own language tag as its primary ISO 639-1 subtag: "en-GB" -> "en"."""
    tag = _optional(value)
    return tag.strip().lower().replace("_", "-").split("-")[0] or None if tag else None


def _published(value: object, origin: str, default: str | None) -> tuple[str | None, ReadError | None]:
    """The record's own date wins; the default fills a missing or unusable one."""
    if value is None or value == "":
        return default, None
    day = iso_date(value)
    if day:
        return day, None
    instead = f"used the default date {default}" if default else "read it without a date"
    message = f'"published" is {value!r}, not an ISO date (YYYY-MM-DD); {instead}'
    return default, ReadError(origin, message, WARNING)
