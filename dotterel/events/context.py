"""What the events stage knows about one parsed article, shared by the modules that build events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dotterel.actors.lexicon import Person
from dotterel.attribution import Attribution
from dotterel.events.codebook import Codebook
from dotterel.mentions import MentionIndex
from dotterel.model import DateMention
from dotterel.speech import SpeechWords


@dataclass
class ArticleContext:
    """What the events stage needs to know about one parsed article."""

    doc: Doc
    article_id: str
    published: dt.date | None
    index: MentionIndex
    codebook: Codebook
    words: SpeechWords
    dates_by_token: dict[int, DateMention] = field(default_factory=dict)
    sentence_ids: dict[int, int] = field(default_factory=dict)  # sentence start token -> number
    people: dict[str, Person] = field(default_factory=dict)  # known people by name: roles by date
    attributions: list[Attribution] = field(default_factory=list)  # who says so, found once per article
