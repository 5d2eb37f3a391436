"""Event coreference: a later telling of an act that names no doer is done by whoever the
story said did it.

"Gunmen stormed a village on Sunday. Ten people were killed." The killing has no doer in
its clause, but it is the storming's harm, told again: its doer is the gunmen. Only for an
act whose own clause leaves the doer unsaid (a passive with no "by", a noun such as "the
killings"), and only from an act of the same kind told just before or in the same sentence.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dotterel.model import Actor, Event
from dotterel.syntax import is_passive, passive_agent, reduced_passive

# How many sentences back an act's doer still stands for a later act told without one.
CARRY_REACH = 2
# Acts done to someone, whose later tellings ("were killed", "were detained") leave out the
# doer; verbal acts are told with their speaker and are not carried.
CARRIED_TYPES = frozenset({"ASSAULT", "COERCE"})


def doers_carried(events: list[tuple[Token, Event]]) -> list[Event]:
    """Each event, with the doer of a related earlier act where its own clause names none.

    `events` pairs each event with its trigger token, in any order."""
    return [_carried(trigger, event, events) for trigger, event in events]


def _carried(trigger: Token, event: Event, events: list[tuple[Token, Event]]) -> Event:
    if event.actor or event.type not in CARRIED_TYPES or not _doer_unsaid(trigger):
        return event
    source = _told_before(event, events)
    if source is None:
        return event
    undergoers = {_party(r) for r in event.recipient}
    if any(_party(a) in undergoers for a in source.actor):
        return event  # "militants attacked ... five militants were killed": not their own doers
    return replace(event, actor=[replace(a, resolution="event") for a in _coded(source.actor)])


def _doer_unsaid(trigger: Token) -> bool:
    """A passive with no "by" ("were killed"), a participle describing its noun ("the
    hostages seized"), or a noun with no owner or "by" ("the arrests")."""
    if trigger.pos_ == "VERB":
        passive = is_passive(trigger) or reduced_passive(trigger)
        return passive and passive_agent(trigger) is None
    return trigger.pos_ == "NOUN"


def _told_before(event: Event, events: list[tuple[Token, Event]]) -> Event | None:
    """The nearest act of the same type with a doer: earlier in the same sentence or in the
    few before it, or later in the same sentence ("were killed when gunmen stormed ...")."""
    here = event.evidence
    related = [
        e
        for _, e in events
        if e.type == event.type
        and _coded(e.actor)
        and e is not event
        and here.sentence - CARRY_REACH <= e.evidence.sentence <= here.sentence
        and (e.evidence.sentence < here.sentence or e.evidence.trigger.start != here.trigger.start)
    ]
    return min(related, key=lambda e: _distance(event, e), default=None)


def _distance(event: Event, other: Event) -> tuple[int, int]:
    """Sentences apart first, then characters apart within the text."""
    apart = event.evidence.sentence - other.evidence.sentence
    return apart, abs(event.evidence.trigger.start - other.evidence.trigger.start)


def _coded(actors: list[Actor]) -> list[Actor]:
    """The actors whose codes the text gives: not a word coded only by the story's country."""
    return [a for a in actors if a.sector or (a.country and a.resolution != "context")]


def _party(actor: Actor) -> tuple[str | None, str | None]:
    return actor.country, actor.sector
