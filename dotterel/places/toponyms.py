"""Finding toponyms in a parsed article: spaCy's place entities plus names the gazetteer knows.

spaCy tags most place names GPE, LOC or FAC; a country, state, continent or large city it
missed is picked up when a whole run of proper nouns is a gazetteer name. A name used as
an actor ("Russia said", or any token the actor stage claims) is not a place, and neither
is a people's name: demonyms are NORP, never a place label.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dotterel.places.gazetteer import Gazetteer

# A proper-noun run outside spaCy's entities counts as a place when it is the own name of a
# place this large (or a country, state or continent): smaller towns share names with people.
UNTAGGED_MIN_POPULATION = 100_000
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True)
class Toponym:
    start: int  # token offsets in the doc
    end: int
    label: str  # the spaCy label, or "GAZ" for a gazetteer name spaCy did not tag


def find_toponyms(doc: Doc, gaz: Gazetteer, actor_tokens: set[int]) -> list[Toponym]:
    labels = set(gaz.config.get("toponym_labels") or [])
    refused = {text.casefold() for text in gaz.config.get("not_places") or []}
    found = []
    for ent in doc.ents:
        span = _without_article(ent)
        if ent.label_ in labels and span is not None and span.text.casefold() not in refused:
            found.append(Toponym(span.start, span.end, ent.label_))
    found += _untagged(doc, gaz) + _mislabelled(doc, gaz)
    # a capital named by its country comes before the country inside it ("Kenya's capital")
    found += _capitals(doc, gaz)
    kept = (t for t in found if not _is_actor(doc[t.start : t.end], actor_tokens))
    return sorted(kept, key=lambda t: (t.start, t.start - t.end))


def _capitals(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """A capital named by its country: "the Afghan capital", "Kenya's capital" is that city."""
    out = []
    for token in doc:
        if token.lower_ != "capital" or token.pos_ != "NOUN" or _named_beside(token):
            continue
        country = next((c for c in token.children if c.dep_ == "amod"), None)  # "the Afghan capital"
        if country is not None and gaz.capital_of(doc[country.left_edge.i : token.i + 1].text) is not None:
            out.append(Toponym(country.left_edge.i, token.i + 1, "GAZ"))
    return out


def _named_beside(token: Token) -> bool:
    """ "the Syrian capital, Damascus", "the Afghan capital Kabul": the city's name is there."""
    after = [t for t in token.doc[token.i + 1 : token.i + 3] if t.text != ","][:1]
    named = bool(after) and after[0].pos_ == "PROPN" and after[0].ent_type_ not in ("DATE", "TIME")
    return named or any(c.dep_ == "appos" for c in token.children)


def _without_article(ent: Span) -> Span | None:
    start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
    return ent.doc[start : ent.end] if start < ent.end else None


def _is_actor(span: Span, actor_tokens: set[int]) -> bool:
    """Claimed by the actor stage, or the subject of a verb: "Russia said", "Kenya signed"."""
    if any(i in actor_tokens for i in range(span.start, span.end)):
        return True
    root = span.root
    return root.dep_ in SUBJECT_DEPS and root.head.pos_ in ("VERB", "AUX")


def _mislabelled(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    """Well-known places the model labelled otherwise, where a locative preposition shows the
    place ("clashes in Dakar" tagged PERSON, "crossed into Niger" tagged DATE)."""
    labels = set(gaz.config.get("toponym_labels") or [])
    prepositions = set(gaz.config.get("location_prepositions") or [])
    return [
        Toponym(ent.start, ent.end, "GAZ")
        for ent in doc.ents
        if ent.label_ not in labels
        and ent.root.dep_ == "pobj"
        and ent.root.head.lower_ in prepositions
        and _well_known(ent.text, gaz)
    ]


def _untagged(doc: Doc, gaz: Gazetteer) -> list[Toponym]:
    out, i = [], 0
    while i < len(doc):
        end = i
        while end < len(doc) and _bare_proper_noun(doc, end):
            end += 1
        if end > i and _well_known(doc[i:end].text, gaz):
            out.append(Toponym(i, end, "GAZ"))
        i = max(end, i + 1)
    return out


def _bare_proper_noun(doc: Doc, i: int) -> bool:
    token = doc[i]
    return token.pos_ == "PROPN" and not token.ent_type_ and token.text[:1].isupper()


def _well_known(text: str, gaz: Gazetteer) -> bool:
    return any(
        own and (entry.feature != "city" or entry.population >= UNTAGGED_MIN_POPULATION)
        for entry, own in gaz.lookup(text)
    )
