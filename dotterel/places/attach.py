"""An event's own location: the place the parse attaches to its trigger, not every place nearby.

Rules, first that finds a place wins, each named in `Place.rule`:

    attached  the object of a locative preposition ("in", "near", "outside" ... places.yaml)
              that depends on the trigger, on the verb the trigger depends on (through a
              preposition for a gerund: "in Oslo, they joined others in calling for ..."), or
              on the trigger's object ("held talks in Doha", "launched an attack on a camp near Goma")
    clause    a place in the trigger's clause (the nearest), a country only where it says where
    sentence  a place in the trigger's sentence (the nearest), the same
    article   where the rest of the article is set: the first place it puts something in,
              at, near, to or from that has a country; else the place it names most often

A place "says where" when it sits in a phrase of place ("in Doha", "to the port city of
Aden", "from Kenya and Uganda"). A country named otherwise is a party or a topic: "urged
Russia", "support for Ukraine", "China's role", "a U.S. proposal"; a sentence that names
countries only so does not say where its event happened, and the article's setting does. A
town or region named anywhere in the sentence still may ("shelling hit Kharkiv", "the Kabul
bombing"): towns are seldom parties.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from dotterel.model import Place

Located = tuple[range, Place]
OBJECT_DEPS = {"dobj", "obj", "nsubjpass", "attr", "pobj"}
# Dependencies that start a clause of their own: its places are not the outer clause's.
CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "parataxis", "pcomp"}
# Links that keep a place inside the phrase it belongs to: "Gaza *and* the West Bank", "the
# Kenyan capital, Nairobi", "the Quetta district", "Pakistan's Balochistan province".
PHRASE_DEPS = {"conj", "appos", "compound", "nmod", "amod", "poss"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class Wording:
    """The words that make a place mention say where something happens (places.yaml)."""

    prepositions: frozenset[str]  # of place, destination and origin: "in", "to", "from" ...
    place_nouns: frozenset[str]  # nouns that name a place: "city", "province", "border" ...
    setting: frozenset[str]  # of a place where things are, not a direction: "in", "at", "near" ...


def event_location(trigger: Token, places: list[Located], prepositions: set[str], wording: Wording) -> Place | None:
    """The event's location as a copy of one of the article's places, with the rule that chose it."""
    sent = trigger.sent
    sentence = [p for p in places if sent.start <= p[0].start < sent.end]
    elsewhere = [p for p in places if not sent.start <= p[0].start < sent.end]
    found = _attached(trigger, sentence, prepositions)
    if found is not None:
        return _in_setting(replace(found, rule="attached"), elsewhere, trigger.doc, wording)
    sentence = [p for p in sentence if p[1].feature != "country" or says_where(p, trigger.doc, wording)]
    clause = _clause(trigger)
    for rule, pool in (
        ("clause", [p for p in sentence if _clause_of(p[0], trigger) == clause]),
        ("sentence", sentence),
    ):
        found = _nearest(trigger, pool)
        if found is not None:
            return _in_setting(replace(found, rule=rule), elsewhere, trigger.doc, wording)
    # the sentence says nothing of where: the rest of the article does
    found = setting(elsewhere, trigger.doc, wording)
    return None if found is None else replace(found, rule="article")


def _in_setting(place: Place, elsewhere: list[Located], doc: Doc, wording: Wording) -> Place:
    """A place no gazetteer holds ("the Qarsa camp", a small air base): in the country where
    the rest of the article is set, as a reporter leaves it unsaid."""
    if place.country or place.geonameid is not None or place.lat is not None:
        return place
    found = setting(elsewhere, doc, wording)
    return place if found is None or not found.country else replace(place, country=found.country)


def setting(places: list[Located], doc: Doc, wording: Wording) -> Place | None:
    """Where an article is set: the first place with a country it puts something in, at or
    near, as a lead paragraph does (a direction, "a shift toward Moscow", "bought from
    France", does not set it); an article that never does so, its main place."""
    set_in = (
        place
        for tokens, place in places
        if place.country and says_where((tokens, place), doc, wording, wording.setting)
    )
    return next(set_in, None) or main_place(places)


def says_where(located: Located, doc: Doc, wording: Wording, prepositions: frozenset[str] | None = None) -> bool:
    """Whether a place mention sits in a phrase of place ("in Doha", "to the port city of Aden",
    "from Kenya and Uganda"), not in a party's or a topic's ("urged Russia", "support for
    Ukraine", "China's role", "a U.S. proposal"). `prepositions`: those of a phrase of place,
    all of `wording`'s by default."""
    tokens, place = located
    prepositions = wording.prepositions if prepositions is None else prepositions
    token = _head_of(tokens, doc)
    while True:
        if token.dep_ == "pobj":
            if token.head.lower_ in prepositions:
                return True
            if token.head.lower_ != "of" or token.head.head.i == token.head.i:
                return False
            token = token.head.head  # "the city of Aden": the phrase of "city" decides
        elif token.dep_ in PHRASE_DEPS and not _qualifies_a_thing(token, place, wording):
            token = token.head
        else:
            return False


def _qualifies_a_thing(token: Token, place: Place, wording: Wording) -> bool:
    """ "China's role", "a U.S. proposal": a possessive, or a country before a noun, that says
    whose the thing is, not where. Before a place noun ("Pakistan's Balochistan province") it
    still says where, and so does a town before a noun ("the Kabul bombing")."""
    if token.dep_ != "poss" and not (token.dep_ == "compound" and place.feature == "country"):
        return False
    head = token.head
    return head.lower_ not in wording.place_nouns and head.ent_type_ not in PLACE_LABELS


def _attached(trigger: Token, places: list[Located], prepositions: set[str]) -> Place | None:
    for head in _heads(trigger):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in prepositions:
                inside = [p for p in places if p[0].start >= child.left_edge.i and p[0].stop - 1 <= child.right_edge.i]
                if inside:  # "in the Black Sea port city of Odesa": the port, not the sea
                    return next((place for _, place in inside if not _across_borders(place)), inside[0][1])
    return None


def _across_borders(place: Place) -> bool:
    """A known place in no one country: a sea, a lake, a region across borders. (A name no
    gazetteer holds may well be in one: "the village of X near Y".)"""
    return place.country is None and (place.geonameid is not None or place.lat is not None)


def _heads(trigger: Token) -> list[Token]:
    """The trigger, its objects, and the verb it depends on (a gerund through its preposition), in that order."""
    heads = [trigger, *(c for c in trigger.children if c.dep_ in OBJECT_DEPS)]
    if trigger.head.i != trigger.i and trigger.head.pos_ in ("VERB", "AUX"):
        heads.append(trigger.head)
    elif trigger.dep_ == "pcomp" and trigger.head.head.pos_ in ("VERB", "AUX"):
        heads.append(trigger.head.head)  # "in Geneva, they joined others *in calling* for ..."
    return heads


def _clause(token: Token) -> int:
    """The token that heads the clause a token is in."""
    while token.head.i != token.i and not (token.pos_ in ("VERB", "AUX") and token.dep_ in CLAUSE_DEPS):
        token = token.head
    return token.i


def _clause_of(tokens: range, trigger: Token) -> int:
    """The clause of a place: that of its head word."""
    return _clause(_head_of(tokens, trigger.doc))


def _head_of(tokens: range, doc: Doc) -> Token:
    """The head word of a span: the one whose head is outside it."""
    return next((doc[i] for i in tokens if doc[i].head.i not in tokens), doc[tokens.start])


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
