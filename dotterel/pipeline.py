"""The pipeline: every stage, in the order it runs, for one article or a stream of them.

    read -> clean -> parse -> mentions -> coreference -> dates -> events -> places -> records

The events stage codes its actors (`dotterel.actors.coding`) and reads who says so
(`dotterel.attribution`) as it builds each event. `Coder` loads the model, the codebook
and the word lists once; `Coder.code_articles` parses with `nlp.pipe` in batches and runs
the later stages on each parsed document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from dotterel import dates as date_stage
from dotterel import nlp as nlp_stage
from dotterel.actors.coding import code_phrase
from dotterel.actors.lexicon import load_lexicon
from dotterel.areas import AreaFinder, add_areas
from dotterel.attribution import attributions, find_quotes
from dotterel.casualties import CasualtyFinder, add_casualties
from dotterel.clean import CleanText, clean
from dotterel.coreference import find_entities
from dotterel.events.build import ArticleContext, build_events, sentence_numbers, speaker_of
from dotterel.events.codebook import load_codebook
from dotterel.events.matching import TriggerFinder
from dotterel.model import Article, CodedArticle, DateMention, Event, parse_day
from dotterel.places import PlaceResolver
from dotterel.records import collect_entities, remap_offsets
from dotterel.speech import load_speech_words

# The stages in the order `code_doc` runs them (not yet spaCy components, so not in nlp.pipe_names).
STAGES = ("read", "clean", "parse", "mentions", "coreference", "dates", "events", "places", "records")


class Coder:
    """Codes articles into PLOVER event records. Create once, use for many articles."""

    pipe_names = STAGES

    def __init__(
        self,
        codebook: list[str | Path] | None = None,
        actors: list[str | Path] | None = None,
        batch_size: int = 32,
        n_process: int = 1,
    ) -> None:
        self.nlp = nlp_stage.load()
        self.codebook = load_codebook(codebook)
        self.lexicon = load_lexicon(self.nlp, actors)
        self.people = self.lexicon.people_by_name()
        self.finder = TriggerFinder(self.codebook)
        self.places = PlaceResolver()
        self.casualties = CasualtyFinder(self.nlp.vocab)
        self.areas = AreaFinder()
        self.words = load_speech_words()
        self.batch_size = batch_size
        self.n_process = n_process

    def code(
        self,
        text: str,
        published: str | None = None,
        title: str | None = None,
        id: str | None = None,
        url: str | None = None,
        source: str | None = None,
    ) -> CodedArticle:
        """Code one article given as a string."""
        article = Article(
            id=id or Article.make_id(text, title), text=text, title=title, published=published, url=url, source=source
        )
        return next(self.code_articles([article]))

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code a stream of articles, parsing them in batches."""
        cleaned = ((c.text, (a, c)) for a in articles for c in [clean(a.text)])
        docs = self.nlp.pipe(cleaned, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process)
        for doc, (article, clean_text) in docs:
            yield self.code_doc(doc, article, clean_text)

    def code_doc(self, doc: Doc, article: Article, clean_text: CleanText) -> CodedArticle:
        """Every stage after the parse, for one parsed article."""
        published = parse_day(article.published)
        index = find_entities(doc, self.lexicon, self.words, published)
        dates = date_mentions(doc, published)
        ctx = ArticleContext(
            doc=doc,
            article_id=article.id,
            published=published,
            index=index,
            codebook=self.codebook,
            words=self.words,
            dates_by_token=_by_token(dates),
            sentence_ids=sentence_numbers(doc),
            people=self.people,
            attributions=attributions(doc, self.words),
        )
        built = build_events(self.finder(doc), ctx)
        matches, events = [m for m, _ in built], [e for _, e in built]
        places = self.places.find_places(doc, index.main_country, _actor_tokens(doc, events, self.places.destinations))
        for match, event in zip(matches, events, strict=True):
            event.location = self.places.event_location(match.trigger, places)
        add_casualties(doc, events, self.casualties, clean_text, article.text)
        add_areas(events, self.areas)
        coded = CodedArticle(
            article=article,
            events=events,
            places=[place for _, place in places],
            entities=collect_entities(index, lambda head: code_phrase(head, index), doc),
            quotes=find_quotes(doc, ctx.attributions, lambda head: speaker_of(head, ctx)),
            dates=[mention for _, mention in dates],
        )
        if published is None:
            coded.warnings.append("no publication date: relative dates are left unresolved")
        return remap_offsets(coded, clean_text, article.text)


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


def _by_token(dates: list[tuple[range, DateMention]]) -> dict[int, DateMention]:
    return {i: mention for tokens, mention in dates for i in tokens}
