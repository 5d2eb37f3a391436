"""Finding temporal expressions in a parse: spaCy's DATE and TIME entities and our patterns."""

from __future__ import annotations

import re

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dotterel.dates.vocabulary import DATE_WORDS, DATES

_MATCHERS: dict[int, Matcher] = {}


def _matcher(doc: Doc) -> Matcher:
    """One Matcher per vocabulary, built once from the patterns in dates.yaml."""
    key = id(doc.vocab)
    if key not in _MATCHERS:
        matcher = Matcher(doc.vocab)
        for entry in DATES["patterns"]:
            matcher.add(entry["label"], [entry["pattern"]])
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


_TRIM_LEFT = frozenset({"about", "around", "nearly", "almost", "some", "approximately"})


def _trim(span: Span) -> Span | None:
    """Leave the expression itself: no leading hedges, no trailing possessive or punctuation."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].lower_ in _TRIM_LEFT or span.doc[start].is_punct):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].tag_ == "POS"):
        end -= 1
    if start == end or span.doc[end - 1].lower_ == "old":  # "44 years old" is an age
        return None
    return Span(span.doc, start, end, label=span.label_)


_SPLIT_AT = frozenset({"ended", "ending", "ends"})


def _split(span: Span) -> list[Span]:
    """'the quarter ended Sept. 30' is two expressions, the period and its end date."""
    pieces, start = [], span.start
    for token in span:
        if token.lower_ in _SPLIT_AT and token.i > start:
            pieces.append(Span(span.doc, start, token.i, label=span.label_))
            start = token.i + 1
    if start < span.end:
        pieces.append(Span(span.doc, start, span.end, label=span.label_))
    return pieces


def _is_bare_number(span: Span) -> bool:
    """An age or a count the NER took for a date ('Kopp, 44,'): a number that is no year."""
    text = span.text
    return text.isdigit() and not (len(text) == 4 and 1000 <= int(text) <= 2199)


_CONNECTORS = frozenset({"to", "through", "thru", "until", "till", "and"})
_RANGE_OPENERS = frozenset({"between", "from"})


def _names_a_date(tokens: Span) -> bool:
    """Whether TOKENS hold a date of their own: a month, weekday, season, deictic day or
    year, not just a day number that borrows its month ('24 and 25')."""
    words = {t.lower_.rstrip(".") for t in tokens}
    return bool(words & DATE_WORDS) or any(re.fullmatch(r"\d{4}", t.text) for t in tokens)


def _split_range(span: Span) -> list[Span]:
    """'between 1985 and 1987', 'Aug. 26 to Oct. 20': two expressions, as TimeML marks them,
    where each end names a date by itself; 'March 3 to 5' stays one range."""
    doc = span.doc
    for token in span:
        if token.lower_ not in _CONNECTORS or token.i in (span.start, span.end - 1):
            continue
        start = span.start + (span[0].lower_ in _RANGE_OPENERS)
        left, right = doc[start : token.i], doc[token.i + 1 : span.end]
        if len(left) and _names_a_date(left) and _names_a_date(right):
            return [Span(doc, start, token.i, label=span.label_), Span(doc, token.i + 1, span.end, label=span.label_)]
    return [span]


def find_dates(doc: Doc) -> list[tuple[int, int, str]]:
    """The temporal expressions in DOC: (start token, end token, label DATE or TIME).

    spaCy's DATE and TIME entities, plus Matcher patterns for what the NER misses; where
    the two overlap the longer span wins.
    """
    spans = [r for e in doc.ents if e.label_ in ("DATE", "TIME") for p in _split(e) for r in _split_range(p)]
    spans += _matcher(doc)(doc, as_spans=True)
    trimmed = [s for s in map(_trim, spans) if s is not None and not _is_bare_number(s)]
    return [(s.start, s.end, s.label_) for s in sorted(filter_spans(trimmed))]
