"""Casualties: how many people an ASSAULT, COERCE or PROTEST event killed and injured.

ACLED users work from fatality counts; NGEC extracts the killed and the injured. Each such
event gets `casualties` from its own sentence: the killed and the injured phrases nearest its
trigger ("at least 37 people were killed" is 37, a lower bound; "dozens wounded" keeps the
words with no number). The phrases are spaCy Matcher patterns in data/casualties.yaml; this
module reads the numbers and picks the phrases for each event.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from dotterel.clean import CleanText
from dotterel.data import read_shipped
from dotterel.model import Casualties, Event

VOCABULARY = "casualties.yaml"
COUNTED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
KILLED, INJURED = "killed", "injured"
# A count this large is a year or an amount, not people hurt in one event.
MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class Toll:
    """One casualty phrase: who it counts (killed or injured), how many (None: no number), where."""

    kind: str
    count: int | None
    span: Span


@dataclass(frozen=True)
class Vocabulary:
    numbers: dict[str, int]
    multipliers: dict[str, int]
    upper_bound: tuple[str, ...]
    patterns: dict[str, list[list[dict[str, Any]]]]

    @classmethod
    def read(cls) -> Vocabulary:
        data = read_shipped(VOCABULARY)
        return cls(
            numbers={str(k).lower(): int(v) for k, v in data["numbers"].items()},
            multipliers={str(k).lower(): int(v) for k, v in data["multipliers"].items()},
            upper_bound=tuple(p.lower() for p in data["upper_bound"]),
            patterns=data["patterns"],
        )


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary.read()


class CasualtyFinder:
    """Finds casualty phrases in a parsed document; build once per vocabulary."""

    def __init__(self, vocab: Vocab, words: Vocabulary | None = None) -> None:
        self.words = words or vocabulary()
        self.matcher = Matcher(vocab)
        for family, patterns in self.words.patterns.items():
            self.matcher.add(family, patterns, greedy="LONGEST")

    def __call__(self, doc: Doc) -> list[Toll]:
        tolls = []
        for match_id, start, end in self.matcher(doc):
            family = doc.vocab.strings[match_id]
            span = doc[start:end]
            if family.endswith("_subject") and _has_object(span):
                continue  # "two soldiers killed three protesters": the soldiers are not the dead
            kind = KILLED if family.startswith(KILLED) else INJURED
            tolls.append(Toll(kind, self.count(span), span))
        return _outermost(tolls)

    def count(self, span: Span) -> int | None:
        """The number a phrase gives: a lower bound counts, an upper bound or a vague word does not."""
        numbers = [t for t in span if t.like_num]
        if not numbers:
            return None
        before = span.doc[max(numbers[0].i - 4, 0) : numbers[0].i].text.lower()
        if any(before.endswith(cue) for cue in self.words.upper_bound):
            return None
        value = read_number([t.lower_ for t in numbers], self.words)
        return value if value is not None and 0 <= value < MAX_COUNT else None


def _outermost(tolls: list[Toll]) -> list[Toll]:
    """Drop a phrase inside a longer one of its kind: "two guards were killed" in "9 rebels and two ..."."""

    def inside(small: Toll, big: Toll) -> bool:
        return (
            small is not big
            and small.kind == big.kind
            and big.span.start <= small.span.start
            and small.span.end <= big.span.end
            and len(big.span) > len(small.span)
        )

    return [t for t in tolls if not any(inside(t, other) for other in tolls)]


def _has_object(span: Span) -> bool:
    verb = span[-1]
    return any(child.dep_ in ("dobj", "obj") for child in verb.children)


def read_number(words: list[str], vocab: Vocabulary) -> int | None:
    """ "37", "1,200", "five", "two hundred", "twenty-five" as a number; None when not one."""
    total = current = 0
    seen = False
    for word in (part for w in words for part in w.replace("-", " ").split()):
        digits = word.replace(",", "")
        if digits.isdigit():
            current += int(digits)
        elif word in vocab.numbers:
            current += vocab.numbers[word]
        elif word in vocab.multipliers:
            current = max(current, 1) * vocab.multipliers[word]
            total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def add_casualties(doc: Doc, events: list[Event], finder: CasualtyFinder, clean_text: CleanText, original: str) -> None:
    """Give each ASSAULT, COERCE and PROTEST event the casualties its sentence reports.

    Events still carry cleaned-text offsets here; the casualties' own offsets are mapped to
    the article's text as read, like every other offset in the record.
    """
    counted = [e for e in events if e.type in COUNTED_TYPES]
    if not counted:
        return
    tolls = finder(doc)
    for event in counted:
        event.casualties = casualties_of(event, tolls, clean_text, original)


def casualties_of(event: Event, tolls: list[Toll], clean_text: CleanText, original: str) -> Casualties | None:
    """The killed and the injured phrases of the event's sentence nearest its trigger."""
    ev = event.evidence
    inside = [t for t in tolls if ev.start <= t.span.start_char and t.span.end_char <= ev.end]
    if not inside:
        return None
    trigger = ev.trigger.start

    def nearest(kind: str) -> Toll | None:
        found = [t for t in inside if t.kind == kind]
        return min(found, key=lambda t: abs(t.span.start_char - trigger)) if found else None

    killed, injured = nearest(KILLED), nearest(INJURED)
    chosen = [t for t in (killed, injured) if t is not None]
    start, end = clean_text.span_to_original(min(t.span.start_char for t in chosen),
                                             max(t.span.end_char for t in chosen))  # fmt: skip
    return Casualties(
        killed=killed.count if killed else None,
        injured=injured.count if injured else None,
        text=original[start:end],
        start=start,
        end=end,
    )
