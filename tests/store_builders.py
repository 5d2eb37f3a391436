"""Coded articles built by hand, for testing the store without running the parser.

The words are ours; the shapes are the pipeline's typed records, so what the store does
with these it does with real coder output.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from dotterel.model import (
    Actor,
    Article,
    CodedArticle,
    DateMention,
    Entity,
    EntityMention,
    Event,
    Evidence,
    Place,
    Quote,
    Source,
    Speaker,
    Trigger,
)

SCORES = {"PROTEST": (3, -6.5), "CONSULT": (1, 2.5), "ASSAULT": (4, -9.0), "AGREE": (1, 2.5)}


def actor(name: str, country: str | None = None, sector: str | None = None, kind: str = "group") -> Actor:
    return Actor(text=name, name=name, country=country, sector=sector, kind=kind, start=0, end=len(name),
                 resolution="test")  # fmt: skip


def place(name: str, country: str | None) -> Place:
    return Place(text=name, name=name, geonameid=1000, country=country, lat=1.5, lon=2.5, start=3, end=3 + len(name),
                 feature="city", rule="test")  # fmt: skip


def event(
    article_id: str,
    n: int = 0,
    type: str = "PROTEST",
    actors: list[Actor] | None = None,
    recipients: list[Actor] | None = None,
    date: str | None = "2024-03-15",
    granularity: str | None = "day",
    location: Place | None = None,
    modality: str = "asserted",
    speaker: str | None = None,
) -> Event:
    quad, score = SCORES.get(type, (1, 1.0))
    text = f"Sentence {n} of {article_id}."
    return Event(
        id=f"{article_id}-{n}-0", type=type, mode=None, contexts=["economic"] if n % 2 else [], quad=quad,
        score=score, cameo="140", actor=actors or [], recipient=recipients or [],
        date=DateMention("on Friday" if date else None, date, None, granularity if date else None, 1, 10),
        location=location,
        source=Source(Speaker(speaker, "KEN", "GOV"), "said", True) if speaker else None,
        modality=modality,
        evidence=Evidence(n, text, 0, len(text), Trigger("Sentence", 0, 8), "test.rule"),
        confidence=0.75,
    )  # fmt: skip


def coded(
    article_id: str,
    events: list[Event] | None = None,
    published: str | None = "2024-03-16",
    source: str | None = None,
    text: str | None = None,
) -> CodedArticle:
    """A coded article with one of every kind of record, so every table gets a row."""
    body = text or f"The text of article {article_id}. It says something happened."
    speaker = Speaker("Amina Otieno", "KEN", "GOV")
    return CodedArticle(
        article=Article(id=article_id, text=body, title=f"Title {article_id}", published=published,
                        url=f"https://example.org/{article_id}", source=source),
        events=events if events is not None else [event(article_id)],
        entities=[Entity("Amina Otieno", "KEN", "GOV", "person", [EntityMention("Otieno", 4, 10)], "test"),
                  Entity("Kenya", "KEN", None, "country", [], None)],
        quotes=[Quote("we will act", speaker, "said", True, 20, 31), Quote("no", None, None, False, 40, 42)],
        places=[place("Nairobi", "KEN")],
        dates=[DateMention("on Friday", "2024-03-15", None, "day", 1, 10)],
        warnings=["a test warning"],
    )  # fmt: skip


class SentenceCoder:
    """Stands in for `Coder`: one PROTEST event per sentence, its first word the actor.

    `delay` seconds per article stand in for the parse, so a run lasts long enough to kill.
    """

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        for article in articles:
            time.sleep(self.delay)
            sentences = [s.strip() for s in article.text.split(".") if s.strip()]
            events = [
                event(article.id, i, actors=[actor(s.split()[0], "KEN", "CVL")], date=article.published)
                for i, s in enumerate(sentences)
            ]
            yield coded(article.id, events, published=article.published, text=article.text)
