"""Web pages: the article's main text, title and date, found by trafilatura, offline.

`Article.text` is the extracted text (not the markup); offsets index it. When trafilatura
finds no main text (short or unusual pages) the page is stripped to its visible text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import trafilatura

from dotterel.io.errors import ReadError
from dotterel.io.records import Item, record_to_article

INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th"}
    | {"article", "section", "blockquote", "pre", "header", "footer", "figure"}
    | {"figcaption", "table", "ul", "ol"}
)
BLANK_RUNS = re.compile(r"\n{3,}")
# How a web page starts: a doctype, a comment or one of the tags a page opens with.
PAGE_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--|<meta\s)", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True for text that is a web page (saved, piped from curl), not an article's words."""
    return PAGE_START.match(text.lstrip("\ufeff")) is not None


def read_html(html: str, origin: str, published: str | None) -> Iterator[Item]:
    """The one article in a web page."""
    record = extract(html)
    if not (record["text"] or "").strip():
        yield ReadError(origin, "no article text found in the page")
        return
    yield from record_to_article(record, origin, published)


def extract(html: str) -> dict[str, str | None]:
    """text, title, published, url and source of a page, as record fields."""
    try:
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    except Exception:  # a parser failure on one odd page must not stop the batch
        document = None
    if document is None or not document.text:
        return strip_tags(html)
    return {
        "text": document.text,
        "title": document.title,
        "published": document.date,
        "url": document.url,
        "source": document.sitename,
    }


def strip_tags(html: str) -> dict[str, str | None]:
    """The visible text of a page, one block per line, and its <title>."""
    parser = PageText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
    title = " ".join("".join(parser.title).split()) or None
    return {"text": text, "title": title}


class PageText(HTMLParser):
    """Collects visible text and the <title>, ignoring scripts, styles and the like."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.hidden_depth = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_title = tag == "title"
        if tag in INVISIBLE_TAGS:
            self.hidden_depth += 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        if tag in INVISIBLE_TAGS and self.hidden_depth:
            self.hidden_depth -= 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden_depth:
            self.parts.append(data.replace("\n", " "))
