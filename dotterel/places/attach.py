"""An event's own location: the place the parse attaches to its trigger, not every place nearby.

Rules, first that finds a place wins, each named in `Place.rule`:

    attached  the object of a locative preposition ("in", "near", "outside" ... places.yaml)
              that depends on the trigger, on the verb the trigger depends on, or on the
              trigger's object ("held talks in Doha", "launched an attack on a camp near Goma")
    clause    a place in the trigger's clause (the nearest)
    sentence  a place in the trigger's sentence (the nearest)
    article   the article's main place: the place it names most often, ties to the first
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Token

from dotterel.model import Place

Located = tuple[range, Place]
OBJECT_DEPS = {"dobj", "obj", "nsubjpass", "attr", "pobj"}
# Dependencies that start a clause of their own: its places are not the outer clause's.
CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "parataxis", "pcomp"}


def event_location(trigger: Token, places: list[Located], prepositions: set[str]) -> Place | None:
    """The event's location as a copy of one of the article's places, with the rule that chose it."""
    sent = trigger.sent
    sentence = [p for p in places if sent.start <= p[0].start < sent.end]
    found = _attached(trigger, sentence, prepositions)
    if found is not None:
        return replace(found, rule="attached")
    clause = _clause(trigger)
    for rule, pool in (
        ("clause", [p for p in sentence if _clause_of(p[0], trigger) == clause]),
        ("sentence", sentence),
    ):
        found = _nearest(trigger, pool)
        if found is not None:
            return replace(found, rule=rule)
    found = main_place(places)
    return None if found is None else replace(found, rule="article")


def _attached(trigger: Token, places: list[Located], prepositions: set[str]) -> Place | None:
    for head in _heads(trigger):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in prepositions:
                inside = [p for p in places if p[0].start >= child.left_edge.i and p[0].stop - 1 <= child.right_edge.i]
                if inside:
                    return inside[0][1]
    return None


def _heads(trigger: Token) -> list[Token]:
    """The trigger, its objects, and the verb it depends on, in that order."""
    heads = [trigger, *(c for c in trigger.children if c.dep_ in OBJECT_DEPS)]
    if trigger.head.i != trigger.i and trigger.head.pos_ in ("VERB", "AUX"):
        heads.append(trigger.head)
    return heads


def _clause(token: Token) -> int:
    """The token that heads the clause a token is in."""
    while token.head.i != token.i and not (token.pos_ in ("VERB", "AUX") and token.dep_ in CLAUSE_DEPS):
        token = token.head
    return token.i


def _clause_of(tokens: range, trigger: Token) -> int:
    """The clause of a place: that of its head word, the one whose head is outside it."""
    doc = trigger.doc
    root = next((doc[i] for i in tokens if doc[i].head.i not in tokens), doc[tokens.start])
    return _clause(root)


def _nearest(trigger: Token, places: list[Located]) -> Place | None:
    if not places:
        return None
    return min(places, key=lambda p: (min(abs(i - trigger.i) for i in p[0]), p[0].start))[1]


def main_place(places: list[Located]) -> Place | None:
    """The place an article names most often (resolved places first), ties to the first named."""
    resolved = [place for _, place in places if place.geonameid is not None or place.lat is not None]
    pool = resolved or [place for _, place in places]
    if not pool:
        return None
    counts = Counter((p.name or p.text) for p in pool)
    best = max(counts.values())
    return next(p for p in pool if counts[p.name or p.text] == best)
