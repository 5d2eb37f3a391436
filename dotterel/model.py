"""Typed records: what flows through the pipeline and what it returns.

The field names follow the record contract in DESIGN.md ("The record"); `to_dict()` on
each record produces exactly that contract, so consumers never see these classes.
Offsets (`start`, `end`) always index the article's text as read, before cleaning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def parse_day(value: str | None) -> dt.date | None:
    """The day of an ISO date or datetime string ("2024-03-15", "2024-03-15T08:00Z"); None if it is not one."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass
class Article:
    """One news article as read from a file, a record or a string."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD, or None when unknown
    url: str | None = None
    source: str | None = None
    language: str = "en"
    origin: str | None = None  # where it was read from: "file.jsonl:12", for messages

    @staticmethod
    def make_id(text: str, title: str | None = None) -> str:
        """A stable id from the content, for articles that come without one."""
        digest = hashlib.sha1(f"{title or ''}\n{text}".encode()).hexdigest()
        return digest[:16]

    def header(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "url": self.url,
            "source": self.source,
        }


@dataclass
class Actor:
    """One member of an event's actor or recipient list."""

    text: str
    name: str | None
    country: str | None
    sector: str | None
    kind: str  # person | org | group | country
    start: int
    end: int
    resolution: str | None = None  # how the codes were found: dictionary, agent, context...

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DateMention:
    """A temporal expression and its value resolved against the publication date."""

    text: str | None
    value: str | None
    value_end: str | None
    granularity: str | None  # day | week | month | quarter | year | decade | publication
    start: int | None
    end: int | None
    reason: str | None = None  # why a value is missing, when it is

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Place:
    """A toponym resolved to a gazetteer entry."""

    text: str
    name: str | None
    geonameid: int | None
    country: str | None
    lat: float | None
    lon: float | None
    start: int
    end: int
    feature: str | None = None  # country | admin1 | city
    rule: str | None = None  # for an event's location: which rule chose it
    admin1: Area | None = None  # the first-level area it lies in (province, state); its own for an admin1
    admin2: Area | None = None  # the second-level area (county, district)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Area:
    """An administrative area a place lies in: its name and GeoNames code ("KE.17")."""

    name: str | None
    code: str | None


@dataclass
class Casualties:
    """People killed and injured as the event's sentence reports them; None when no number is given.

    "at least 37 killed" is 37 (a lower bound); "dozens wounded" gives the text and no number.
    """

    killed: int | None = None
    injured: int | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Speaker:
    name: str | None
    country: str | None = None
    sector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Source:
    """Who says so: the speaker an event is attributed to."""

    speaker: Speaker | None
    cue: str | None
    quoted: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue,
            "quoted": self.quoted,
        }


@dataclass
class Quote:
    text: str
    speaker: Speaker | None
    cue: str | None
    direct: bool
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue,
            "direct": self.direct,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class Trigger:
    text: str
    start: int
    end: int


@dataclass
class Evidence:
    sentence: int
    text: str
    start: int
    end: int
    trigger: Trigger
    rule: str
    depth: int = 0  # the trigger's depth in its sentence's parse: 0 is the main verb

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    id: str
    type: str
    mode: str | None
    contexts: list[str]
    quad: int
    score: float
    cameo: str | None
    actor: list[Actor]
    recipient: list[Actor]
    date: DateMention
    location: Place | None
    source: Source | None
    modality: str
    evidence: Evidence
    confidence: float
    casualties: Casualties | None = None  # for ASSAULT, COERCE and PROTEST events

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "quad": self.quad,
            "score": self.score,
            "cameo": self.cameo,
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [r.to_dict() for r in self.recipient],
            "date": self.date.to_dict(),
            "location": self.location.to_dict() if self.location else None,
            "source": self.source.to_dict() if self.source else None,
            "modality": self.modality,
            "evidence": self.evidence.to_dict(),
            "confidence": self.confidence,
            "casualties": self.casualties.to_dict() if self.casualties else None,
        }


@dataclass
class EntityMention:
    text: str
    start: int
    end: int


@dataclass
class Entity:
    """One real-world person, organisation, group or country named in an article."""

    name: str
    country: str | None
    sector: str | None
    kind: str
    mentions: list[EntityMention] = field(default_factory=list)
    resolution: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CodedArticle:
    """Everything dotterel found in one article: the record of DESIGN.md."""

    article: Article
    events: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.header(),
            "events": [e.to_dict() for e in self.events],
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "places": [p.to_dict() for p in self.places],
            "dates": [d.to_dict() for d in self.dates],
            "warnings": list(self.warnings),
        }
