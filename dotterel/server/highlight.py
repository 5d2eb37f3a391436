"""Article text cut into runs, each tagged with what it is evidence of.

The event page colours the trigger, actor, recipient, date, place and quote of an event
in its article. Annotations overlap (a trigger sits inside its sentence, an actor inside a
quote), so the text is cut at every annotation edge and each run carries all the kinds
that cover it; the template gives each kind its own colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

KINDS = ("evidence", "quote", "place", "date", "recipient", "actor", "trigger")  # inner last: drawn on top


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Run:
    text: str
    kinds: tuple[str, ...]


def runs(text: str, marks: list[Mark]) -> list[Run]:
    """The text as consecutive runs; a run's kinds are the marks covering all of it."""
    inside = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in inside), *(m.end for m in inside)})
    out = []
    for a, b in pairwise(cuts):
        kinds = {m.kind for m in inside if m.start <= a and b <= m.end}
        out.append(Run(text[a:b], tuple(k for k in KINDS if k in kinds)))
    return out


def _mark(start: Any, end: Any, kind: str) -> list[Mark]:
    return [Mark(start, end, kind)] if isinstance(start, int) and isinstance(end, int) else []


def event_marks(event: dict[str, Any], quotes: list[dict[str, Any]]) -> list[Mark]:
    """The marks of one event record: its evidence and each of its parts, and quotes around it."""
    evidence = event["evidence"]
    marks = _mark(evidence["start"], evidence["end"], "evidence")
    marks += _mark(evidence["trigger"]["start"], evidence["trigger"]["end"], "trigger")
    for role in ("actor", "recipient"):
        for side in event[role]:
            marks += _mark(side["start"], side["end"], role)
    marks += _mark(event["date"]["start"], event["date"]["end"], "date")
    if event["location"]:
        marks += _mark(event["location"]["start"], event["location"]["end"], "place")
    for quote in quotes:
        if _overlaps(quote, evidence):
            marks += _mark(quote["start"], quote["end"], "quote")
    return marks


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] is not None and b["start"] is not None and a["start"] < b["end"] and b["start"] < a["end"]


def trigger_parts(evidence: str | None, trigger: str | None, at: int | None) -> tuple[str, str, str]:
    """The evidence sentence cut around its trigger (before, trigger, after) for the events table.

    `at` is the trigger's offset in the sentence; where it does not point at the trigger's text
    (an older store, a sentence cut differently), the first match of the trigger is used.
    """
    text = evidence or ""
    if not trigger:
        return text, "", ""
    start = at if isinstance(at, int) and text[at : at + len(trigger)] == trigger else text.find(trigger)
    if start < 0:
        return text, "", ""
    return text[:start], trigger, text[start + len(trigger) :]
