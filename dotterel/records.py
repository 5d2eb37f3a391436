"""The records stage: assemble the article's entity list and put every offset in article terms.

Earlier stages work on the cleaned text; the contract promises offsets into the text as
read. `remap_offsets` is the one place where that translation happens.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from dotterel.actors.lexicon import Named
from dotterel.clean import CleanText
from dotterel.data import read_shipped
from dotterel.mentions import MentionIndex
from dotterel.model import Actor, CodedArticle, DateMention, Entity, EntityMention

# Mentions of these kinds name an actor; cities and demonyms are places and adjectives.
ENTITY_KINDS = {"person", "org", "group", "country", "metonym"}
_PLACES = read_shipped("places.yaml")
# Prepositions that make a country a location ("in Nigeria", "to Ghana", "from Kenya"), not
# an actor: places.yaml's lists, the same words that attach a place to an event.
LOCATIVE_PREPS = frozenset(
    [*_PLACES["location_prepositions"], *_PLACES["destination_prepositions"], *_PLACES["origin_prepositions"]]
)


def collect_entities(index: MentionIndex, code: Callable[[Token], Actor], doc: Doc) -> list[Entity]:
    """One entity per real-world actor: the mentions coreference joined, under one name.

    A country that the article only uses as a location ("fighting in Sudan") is a place,
    not an actor, and is left to the places list.
    """
    entities: dict[tuple[str, str], Entity] = {}
    acting: set[tuple[str, str]] = set()
    for mention in index.all_names():
        named = mention.named
        if named.kind not in ENTITY_KINDS:
            continue
        span = doc[mention.start : mention.end]
        kind = "org" if named.kind == "metonym" else named.kind
        key = (kind, named.name)
        if kind != "country" or not _locative(span):
            acting.add(key)
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = _entity(named, kind, code(span.root))
        entity.mentions.append(EntityMention(span.text, span.start_char, span.end_char))
    return [entity for key, entity in entities.items() if key in acting]


def _entity(named: Named, kind: str, actor: Actor) -> Entity:
    return Entity(
        named.name,
        named.country or actor.country,
        named.sector or actor.sector,
        kind,
        resolution=named.how or actor.resolution,
    )


def _locative(span: Span) -> bool:
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS


def remap_offsets(coded: CodedArticle, clean_text: CleanText, original: str) -> CodedArticle:
    """Map every cleaned-text offset back to the article text and re-read the text there."""

    def span(start: int, end: int) -> tuple[int, int]:
        return clean_text.span_to_original(start, end)

    for event in coded.events:
        for actor in [*event.actor, *event.recipient]:
            actor.start, actor.end = span(actor.start, actor.end)
            actor.text = original[actor.start : actor.end]
        _remap_date(event.date, span, original)
        if event.location is not None and event.location.start is not None:
            event.location.start, event.location.end = span(event.location.start, event.location.end)
            event.location.text = original[event.location.start : event.location.end]
        ev = event.evidence
        ev.start, ev.end = span(ev.start, ev.end)
        ev.text = original[ev.start : ev.end]
        ev.trigger.start, ev.trigger.end = span(ev.trigger.start, ev.trigger.end)
        ev.trigger.text = original[ev.trigger.start : ev.trigger.end]
    for entity in coded.entities:
        for mention in entity.mentions:
            mention.start, mention.end = span(mention.start, mention.end)
            mention.text = original[mention.start : mention.end]
    for quote in coded.quotes:
        quote.start, quote.end = span(quote.start, quote.end)
        quote.text = original[quote.start : quote.end]
    for place in coded.places:
        place.start, place.end = span(place.start, place.end)
        place.text = original[place.start : place.end]
    for date in coded.dates:
        _remap_date(date, span, original)
    return coded


def _remap_date(date: DateMention, span: Callable[[int, int], tuple[int, int]], original: str) -> None:
    """Dates are shared between an event and the article's list: map each object once."""
    if date.start is None or date.end is None or getattr(date, "_mapped", False):
        return
    date.start, date.end = span(date.start, date.end)
    date.text = original[date.start : date.end]
    object.__setattr__(date, "_mapped", True)
