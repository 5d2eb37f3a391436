"""dotterel: code news articles into PLOVER political event records, offline.

    >>> import dotterel
    >>> record = dotterel.code("Kenya and Uganda agreed on Tuesday to reopen the border.", published="2025-03-14")
    >>> [e.type for e in record.events]
    ['AGREE']

`code()` shares one `Coder` per process; build a `Coder` yourself to code many articles
as a stream, with your own codebook or actor files.
"""

from __future__ import annotations

from functools import lru_cache

from dotterel.model import Article, CodedArticle
from dotterel.pipeline import Coder

__all__ = ["Article", "CodedArticle", "Coder", "code"]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def _default_coder() -> Coder:
    return Coder()


def code(text: str, published: str | None = None, title: str | None = None, id: str | None = None) -> CodedArticle:
    """Code one article: its events, entities, quotes, places and dates."""
    return _default_coder().code(text, published=published, title=title, id=id)
