"""The stages after the parse as registered spaCy components: `nlp.pipe_names` is the flow.

    read -> clean -> parse -> mentions -> coreference -> actors -> dates -> who says so -> events -> places -> records

Reading and cleaning work on text, before the tokenizer (cleaning keeps a map back to the
text as read); the records are made from the finished Doc (`dotterel.pipeline`). Every stage
between is a component here, and each writes its result to `doc._`, reading only what
earlier stages wrote:

    dotterel_mentions     doc._.mentions       names, agent words, entities (a MentionIndex)
    dotterel_coreference  doc._.mentions       the mentions of one entity joined, in place
    dotterel_actors       doc._.entities       each entity coded once: country, sector, name
    dotterel_dates        doc._.dates          date expressions resolved against the article's date
    dotterel_attribution  doc._.attributions   who says so; doc._.quotes, their speakers coded
    dotterel_events       doc._.events         Event records, with their casualties
    dotterel_places       doc._.places         toponyms resolved; each event's location and areas

Before they run, `doc._.article` holds the Article (id, text as read, publication date) and
`doc._.clean` the cleaned text's map back to it; a bare `nlp(text)` leaves both unset, and
the stages then read the Doc's own text with no publication date. The events stage codes
each event's actor phrases itself, with the actors stage's functions (`dotterel.actors.coding`):
an actor's codes depend on its clause (who reports it, whose quotation it stands in).

Word lists are read once per process, keyed by the user's files (the components' config
holds their paths), so pipelines with the same files share them. The stages keep Python
objects on the Doc, which `Doc.to_bytes` cannot carry: they run in one process (`Coder`
parses in worker processes and runs the stages in its own).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dotterel import dates as date_stage
from dotterel.actors.coding import code_phrase
from dotterel.actors.lexicon import ActorLexicon, load_lexicon
from dotterel.areas import AreaFinder, add_areas
from dotterel.attribution import attributions, find_quotes
from dotterel.casualties import CasualtyFinder, add_casualties
from dotterel.clean import CleanText
from dotterel.coreference import resolve_coreference
from dotterel.errors import DotterelError
from dotterel.events.build import build_events, sentence_numbers
from dotterel.events.codebook import Codebook, load_codebook
from dotterel.events.context import ArticleContext
from dotterel.events.matching import TriggerFinder
from dotterel.events.sources import phrase_speaker
from dotterel.mentions import MentionIndex, find_mentions
from dotterel.model import Article, DateMention, Event, parse_day
from dotterel.places import PlaceResolver
from dotterel.records import collect_entities
from dotterel.speech import load_speech_words

# The stages in the order of DESIGN.md's flow.
STAGES = (
    "dotterel_mentions",
    "dotterel_coreference",
    "dotterel_actors",
    "dotterel_dates",
    "dotterel_attribution",
    "dotterel_events",
    "dotterel_places",
)
# What the caller puts on a Doc before the stages (article, clean) and what they write.
EXTENSIONS = ("article", "clean", "mentions", "entities", "dates", "attributions", "quotes", "events", "places")
# Actor lexicons kept in memory at once (each holds two large PhraseMatchers).
LEXICONS_KEPT = 4

Component = Callable[[Doc], Doc]
FileKey = tuple[tuple[str, int], ...]


def _register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_register_extensions()


def add_stages(nlp: Language, codebook: list[str], actors: list[str]) -> None:
    """Our stages after the components already in `nlp`, in the flow's order, with the user's files."""
    config = {
        "dotterel_mentions": {"actors": actors},
        "dotterel_coreference": {"actors": actors},
        "dotterel_events": {"codebook": codebook, "actors": actors},
    }
    for name in STAGES:
        nlp.add_pipe(name, config=config.get(name, {}))


# ---- what the stages read ---------------------------------------------------------------


def article_of(doc: Doc) -> Article:
    """The article the Doc was made from; for a bare `nlp(text)`, the Doc's text with no date."""
    article = doc._.article
    return article if article is not None else Article(id=Article.make_id(doc.text), text=doc.text)


def published(doc: Doc) -> dt.date | None:
    return parse_day(article_of(doc).published)


def cleaned(doc: Doc) -> CleanText:
    """The map from the Doc's text back to the article's; the identity for a bare `nlp(text)`."""
    return doc._.clean if doc._.clean is not None else CleanText(doc.text)


def mentions_of(doc: Doc, stage: str) -> MentionIndex:
    """The mention index a stage builds on; a clear error when its stage did not run."""
    if doc._.mentions is None:
        raise DotterelError(
            f"The {stage} stage reads doc._.mentions, which no earlier stage wrote: keep dotterel_mentions "
            f"in the pipeline before {stage} (nlp.enable_pipe('dotterel_mentions'), or add it back with nlp.add_pipe)."
        )
    return doc._.mentions


# ---- word lists, read once per process ----------------------------------------------------


def file_key(paths: list[str]) -> FileKey:
    """The user's files as a cache key: a file changed since it was read is read again."""
    return tuple((str(path), _modified(str(path))) for path in paths)


def _modified(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0  # the loader reports the missing file


@lru_cache(maxsize=8)
def _codebook(files: FileKey) -> Codebook:
    return load_codebook([path for path, _ in files])


def codebook_for(paths: list[str]) -> Codebook:
    """The shipped codebook with the user's trigger files on top."""
    return _codebook(file_key(paths))


_LEXICONS: OrderedDict[tuple[object, FileKey], ActorLexicon] = OrderedDict()


def actor_lexicon(nlp: Language, paths: list[str]) -> ActorLexicon:
    """The actor lexicon with the user's actor files, built once per tokenizer: its matchers
    hold patterns made by that tokenizer, in its vocabulary."""
    key = (nlp.tokenizer, file_key(paths))
    if key not in _LEXICONS:
        _LEXICONS[key] = load_lexicon(nlp, list(paths))
        while len(_LEXICONS) > LEXICONS_KEPT:
            _LEXICONS.popitem(last=False)
    return _LEXICONS[key]


@lru_cache(maxsize=1)
def _area_finder() -> AreaFinder:
    return AreaFinder()


# ---- the stages ---------------------------------------------------------------------------


@Language.factory("dotterel_mentions", default_config={"actors": []}, assigns=["doc._.mentions"])
def make_mentions(nlp: Language, name: str, actors: list[str]) -> Component:
    lexicon = actor_lexicon(nlp, actors)

    def mentions(doc: Doc) -> Doc:
        doc._.mentions = find_mentions(doc, lexicon, published(doc))
        return doc

    return mentions


@Language.factory(
    "dotterel_coreference", default_config={"actors": []}, requires=["doc._.mentions"], assigns=["doc._.mentions"]
)
def make_coreference(nlp: Language, name: str, actors: list[str]) -> Component:
    lexicon, words = actor_lexicon(nlp, actors), load_speech_words()

    def coreference(doc: Doc) -> Doc:
        resolve_coreference(doc, mentions_of(doc, name), lexicon, words)
        return doc

    return coreference


@Language.factory("dotterel_actors", requires=["doc._.mentions"], assigns=["doc._.entities"])
def make_actors(nlp: Language, name: str) -> Component:
    def actors(doc: Doc) -> Doc:
        index = mentions_of(doc, name)
        doc._.entities = collect_entities(index, lambda head: code_phrase(head, index), doc)
        return doc

    return actors


@Language.factory("dotterel_dates", assigns=["doc._.dates"])
def make_dates(nlp: Language, name: str) -> Component:
    def dates(doc: Doc) -> Doc:
        doc._.dates = date_mentions(doc, published(doc))
        return doc

    return dates


@Language.factory("dotterel_attribution", requires=["doc._.mentions"], assigns=["doc._.attributions", "doc._.quotes"])
def make_attribution(nlp: Language, name: str) -> Component:
    words = load_speech_words()

    def attribution(doc: Doc) -> Doc:
        index = mentions_of(doc, name)
        doc._.attributions = attributions(doc, words)
        doc._.quotes = find_quotes(doc, doc._.attributions, lambda head: phrase_speaker(head, index, words), index)
        return doc

    return attribution


@Language.factory(
    "dotterel_events",
    default_config={"codebook": [], "actors": []},
    requires=["doc._.mentions"],
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str, codebook: list[str], actors: list[str]) -> Component:
    book = codebook_for(codebook)
    finder, casualties = TriggerFinder(book), CasualtyFinder(nlp.vocab)
    people, words = actor_lexicon(nlp, actors).people_by_name(), load_speech_words()

    def events(doc: Doc) -> Doc:
        article = article_of(doc)
        ctx = ArticleContext(
            doc=doc,
            article_id=article.id,
            published=parse_day(article.published),
            index=mentions_of(doc, name),
            codebook=book,
            words=words,
            dates_by_token=_by_token(doc._.dates or []),
            sentence_ids=sentence_numbers(doc),
            people=people,
            attributions=doc._.attributions or [],
        )
        found = [event for _, event in build_events(finder(doc), ctx)]
        add_casualties(doc, found, casualties, cleaned(doc), article.text)
        doc._.events = found
        return doc

    return events


@Language.factory("dotterel_places", requires=["doc._.mentions"], assigns=["doc._.places"])
def make_places(nlp: Language, name: str) -> Component:
    resolver, areas = PlaceResolver(), _area_finder()

    def places(doc: Doc) -> Doc:
        events = doc._.events or []
        actor_tokens = _actor_tokens(doc, events, resolver.destinations)
        found = resolver.find_places(doc, mentions_of(doc, name).main_country, actor_tokens)
        for event in events:
            event.location = resolver.event_location(trigger_of(doc, event), found)
        add_areas(events, areas)
        doc._.places = found
        return doc

    return places


# ---- helpers of the stages ----------------------------------------------------------------


def date_mentions(doc: Doc, published: dt.date | None) -> list[tuple[range, DateMention]]:
    """Every date expression in the article, resolved against the publication date.

    Durations and sets ("for three years", "every week") are not dates and are left out;
    "two days later" counts from the date before it.
    """
    out, anchor = [], None
    for start, end, _label in date_stage.find_dates(doc):
        span = doc[start:end]
        found = date_stage.resolve(span.text, published, date_stage.tense_at(span), anchor=anchor)
        if found.kind in ("duration", "set") and found.value is None:
            continue
        anchor = found if found.value else anchor
        mention = DateMention(
            span.text, found.value, found.value_end, found.granularity, span.start_char, span.end_char, found.reason
        )
        out.append((range(start, end), mention))
    return out


def _by_token(dates: list[tuple[range, DateMention]]) -> dict[int, DateMention]:
    return {i: mention for tokens, mention in dates for i in tokens}


def trigger_of(doc: Doc, event: Event) -> Token:
    """The trigger word of an event the events stage built from this Doc (cleaned-text offsets)."""
    trigger = event.evidence.trigger
    span = doc.char_span(trigger.start, trigger.end)
    assert span is not None and len(span) == 1, f"event {event.id}: its trigger is not one token of the Doc"
    return span[0]


def _actor_tokens(doc: Doc, events: list[Event], destinations: frozenset[str]) -> set[int]:
    """Tokens inside actor phrases: a country that acts ("Kenya agreed") is not a place; one
    reached by a destination preposition ("flew to Ghana", places.yaml) still is."""
    tokens = set()
    for event in events:
        for actor in [*event.actor, *event.recipient]:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is not None and not _destination(span, destinations):
                tokens.update(t.i for t in span if not _in_prepositional_phrase(t, span))
    return tokens


def _destination(span: Span, destinations: frozenset[str]) -> bool:
    return span.root.dep_ == "pobj" and span.root.head.lower_ in destinations


def _in_prepositional_phrase(token: Token, span: Span) -> bool:
    """ "in Lagos" inside "journalists in Lagos" places the actor; the place is still a place."""
    while span.start <= token.head.i < span.end and token.head.i != token.i:
        if token.dep_ == "prep":
            return True
        token = token.head
    return token.dep_ == "prep"
