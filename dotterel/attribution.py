"""Who says so: quotes, their speakers, and the modality of each event.

An event in the reporter's own voice is `asserted`; one inside a quotation or in the
content of a speech verb ("the minister said troops had fired") is `reported` and
carries the speaker. Negation, conditions, the future and the past are PLOVER's
auxiliary modes. The cue words are data (dotterel/data/speech.yaml).

Attributions are found once per parsed document, in one pass over its quote marks and
one over its tokens, and kept on the Doc, so the events stage and the quotes list see
the same spans, speakers and cues.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from dotterel.data import parse_yaml
from dotterel.events.roles import is_passive, verb_subject
from dotterel.model import DateMention, Quote, Speaker

SpeakerCoder = Callable[[Token | None], Speaker | None]

QUOTE_MARK = '"'  # the cleaner turns every double quotation mark into this one
# Wire copy (and some archives) write both marks as two apostrophes: ''We won,'' she said.
QUOTE_MARKS = re.compile(r"\"|''")
PARAGRAPHS = re.compile(r"[^\n]+")
# How far up the tree a speech verb can claim an event ("said that the army had begun to withdraw").
SPEECH_DEPTH = 4
# Clauses of a speech verb that hold what was said: "said (that) ...", "..., she said".
CONTENT_DEPS = ("ccomp", "parataxis")
# A quotation this short with no speech verb near it is a scare quote, not a quotation.
SCARE_QUOTE_WORDS = 3
# An event dated wholly more than this many days before publication is background, which
# PLOVER calls historical: last year's summit, a coup in a month long past.
HISTORICAL_DAYS = 90
USER_DATA_KEY = "dotterel.attributions"
# Dashes that sign a quotation with its speaker's name: ""..." -- Jane Doe".
DASHES = "\u2015\u2014\u2013"
# A paragraph headed by a short name and a colon: a transcript turn or a headline.
HEADED = re.compile(r"(?m)^[ \t]*([A-Z][\w.'\u2019-]*(?:[ \t][A-Z][\w.'\u2019-]*){0,3})[ \t]*:[ \t]+(\S[^\n]*?)[ \t]*$")


@dataclass(frozen=True)
class SpeechWords:
    cue_verbs: frozenset[str]
    stance_verbs: frozenset[str]
    raising_verbs: frozenset[str]
    content_preps: frozenset[str]
    source_nouns: frozenset[str]
    source_adverbs: frozenset[str]
    source_preps: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    future_adjectives: frozenset[str]
    reported_future_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_marks: frozenset[str]
    negations: frozenset[str]
    negating_verbs: frozenset[str]
    background_preps: frozenset[str]
    background_nouns: frozenset[str]


@dataclass(frozen=True)
class Attribution:
    """One thing somebody said: the content's characters, its cue and its speaker.

    `segments` are the content's character spans in the cleaned text: one for indirect
    speech, one per paragraph for a direct quotation (quote marks excluded).
    """

    segments: tuple[tuple[int, int], ...]
    cue: Token | None
    cue_text: str | None
    speaker: Token | None
    direct: bool

    @property
    def cue_span(self) -> tuple[int, int] | None:
        """The cue's characters; "according to" has no verb and gives none."""
        return (self.cue.idx, self.cue.idx + len(self.cue)) if self.cue is not None else None

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    def holds(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.segments)


@lru_cache(maxsize=1)
def speech_words() -> SpeechWords:
    text = resources.files("dotterel.data").joinpath("speech.yaml").read_text(encoding="utf-8")
    data = parse_yaml(text)
    return SpeechWords(**{key: frozenset(str(w).lower() for w in data[key]) for key in SpeechWords.__annotations__})


# -- quotation marks ---------------------------------------------------------------------


def quotations(text: str) -> list[list[tuple[int, int]]]:
    """Direct quotations, each a list of content spans (one per paragraph it runs over).

    Marks pair up within a paragraph. A quotation left open at the end of a paragraph
    continues when the next paragraph opens with a quote mark, as news style has it.
    """
    groups: list[list[tuple[int, int]]] = []
    left_open = False
    for paragraph in PARAGRAPHS.finditer(text):
        line = paragraph[0]
        spans, open_at_end = _paired(line, paragraph.start())
        continues = left_open and _opens_with_mark(line) and spans
        if continues:
            groups[-1].append(spans.pop(0))
        groups.extend([span] for span in spans)
        left_open = open_at_end
    return groups


def _opens_with_mark(text: str) -> bool:
    return QUOTE_MARKS.match(text.lstrip()) is not None


def _paired(line: str, offset: int) -> tuple[list[tuple[int, int]], bool]:
    """Content spans between paired marks in one paragraph; an odd mark runs to its end."""
    marks = [(offset + m.start(), offset + m.end()) for m in QUOTE_MARKS.finditer(line)]
    spans = [(marks[i][1], marks[i + 1][0]) for i in range(0, len(marks) - 1, 2)]
    open_at_end = len(marks) % 2 == 1
    if open_at_end:
        spans.append((marks[-1][1], offset + len(line.rstrip())))
    return [(s, e) for s, e in spans if e > s], open_at_end


def _mark_width(text: str, at: int) -> int:
    """1 for a quote mark at `at`, 2 for a pair of apostrophes."""
    return 2 if text[at : at + 2] == "''" else 1


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotations, marks included, one per paragraph piece."""
    return [
        (start - (2 if text[max(0, start - 2) : start] == "''" else 1), end + _mark_width(text, end))
        for group in quotations(text)
        for start, end in group
    ]


def is_cue(token: Token, words: SpeechWords) -> bool:
    """A speech verb used as one: not "is expected to" (a forecast), not a noun."""
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in words.cue_verbs:
        return False
    return not any(c.dep_ == "xcomp" for c in token.children) or any(c.dep_ in CONTENT_DEPS for c in token.children)


def is_stance(token: Token, words: SpeechWords) -> bool:
    """A verb of stance or finding whose object is what its subject holds: "called for talks", "polls show"."""
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in words.stance_verbs:
        return False
    return not (token.tag_ == "VBN" and token.dep_ in ("acl", "amod"))  # "a group called X": a name


# Nominals that can stand for the speaker when the parse gives a cue no subject.
SPEAKER_POS = ("PROPN", "NOUN", "PRON")
# Where the parser puts an inverted or misread speaker: ""...," warned Ada Obi", ""...," Obi notes".
LOOSE_SPEAKER_DEPS = ("compound", "npadvmod", "dobj", "attr", "dep", "nmod", "appos", "oprd")
# Clauses that share their speaker with the verb above: "began by saying", "continued, saying".
SHARED_SPEAKER_DEPS = ("advcl", "pcomp", "xcomp", "conj", "prep", "pobj")


def speaker_of_cue(cue: Token) -> Token | None:
    """Who speaks: the cue's subject, else a name the parse hung off it, else the speaker above it."""
    current = cue
    for _ in range(SPEECH_DEPTH):
        found = verb_subject(current)
        if found is not None:
            return found
        loose = [c for c in current.children if c.dep_ in LOOSE_SPEAKER_DEPS and c.pos_ in SPEAKER_POS]
        before = [c for c in loose if c.i < current.i and c.dep_ != "dobj"]
        after = [c for c in loose if c.i > current.i and _inverted(current, c)]
        if before or after:
            return (before or after)[-1 if before else 0]
        if current.dep_ not in SHARED_SPEAKER_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def _inverted(cue: Token, name: Token) -> bool:
    """ ""...," warned Ada Obi.": the cue follows the quotation and the name closes the clause."""
    doc = cue.doc
    end = name.right_edge.i + 1
    return cue.i > 0 and doc[cue.i - 1].is_punct and (end >= len(doc) or doc[end].is_punct)


def speech_head(token: Token, words: SpeechWords) -> Token | None:
    """The speech verb whose content holds `token`, if any: "said (that) ...", "..., she said"."""
    current = token
    for _ in range(SPEECH_DEPTH):
        if current.head.i == current.i:
            break
        if current.dep_ in CONTENT_DEPS and is_cue(current.head, words):
            return current.head
        current = current.head
    found = source_of(token, words)
    return found.cue if found is not None and not found.direct else None


def according_to(sent: Span, words: SpeechWords) -> Token | None:
    """The source named by "according to X" in a sentence."""
    prep = _according_prep(sent, words)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None


def _according_prep(sent: Span, words: SpeechWords) -> Token | None:
    for token in sent:
        if token.lower_ in words.source_preps and token.i + 1 < sent.end and token.nbor().lower_ == "to":
            return token.nbor()
    return None


# -- attributions of one document ---------------------------------------------------------


def attributions(doc: Doc, words: SpeechWords) -> list[Attribution]:
    """Every direct and indirect attribution in `doc`, found once and kept on the Doc."""
    found = doc.user_data.get(USER_DATA_KEY)
    if found is None:
        found = _find_attributions(doc, words)
        doc.user_data[USER_DATA_KEY] = found
    return found


def _find_attributions(doc: Doc, words: SpeechWords) -> list[Attribution]:
    groups = quotations(doc.text)
    starts = [start for group in groups for start, _ in group]
    ends = [end for group in groups for _, end in group]
    quoted = _QuotedText(starts, ends)
    cues = _Cues([t for t in doc if is_cue(t, words) and not quoted.holds(t.idx)])
    direct = _direct(doc, groups, cues, words)
    indirect = [a for cue in cues.tokens for a in _reported(cue, quoted)]
    held = {a.cue.i for a in indirect if a.cue is not None}
    stances = [t for t in doc if t.i not in held and is_stance(t, words) and not quoted.holds(t.idx)]
    stanced = [a for cue in stances for a in _stance(cue, quoted, words)]
    framed = {a.cue.sent.start for a in indirect if a.cue is not None}
    named = [
        a
        for sent in doc.sents
        for a in (*_according(sent, quoted, words), *_sourced(sent, quoted, words, framed))
        if quoted.share(a.start, a.end) < 0.5  # a quotation has its own speaker, found above
    ]
    headed = [a for a in _headed_paragraphs(doc) if quoted.share(a.start, a.end) < 0.5]
    return direct + indirect + stanced + named + headed


@dataclass(frozen=True)
class _Cues:
    """Speech verbs outside quotations, in text order, for looking up those of a paragraph."""

    tokens: list[Token]

    def between(self, low: int, high: int) -> list[Token]:
        offsets = [t.idx for t in self.tokens]
        return self.tokens[bisect_right(offsets, low - 1) : bisect_right(offsets, high - 1)]


@dataclass(frozen=True)
class _QuotedText:
    """Sorted quotation spans, for a quick "is this offset quoted?"."""

    starts: list[int]
    ends: list[int]

    def holds(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]

    def share(self, start: int, end: int) -> float:
        """The share of text[start:end] inside quotations."""
        inside = sum(max(0, min(e, end) - max(s, start)) for s, e in zip(self.starts, self.ends, strict=True))
        return inside / max(1, end - start)


def _direct(doc: Doc, groups: list[list[tuple[int, int]]], cues: _Cues, words: SpeechWords) -> list[Attribution]:
    """Direct quotations with the nearest speech verb of their paragraphs.

    A quotation split by its attribution ("...," she said, "...") is one attribution with
    two segments. A paragraph that is all quotation takes the speaker of the quotation
    just before it, as news copy goes on quoting the same person without repeating
    "she said".
    """
    out: list[Attribution] = []
    text = doc.text  # built from the tokens on each access: read it once
    for group in groups:
        cue = _nearest_cue(text, group, cues)
        previous = out[-1] if out else None
        if _same_quotation(text, previous, cue, group):
            out[-1] = replace(previous, segments=previous.segments + tuple(group))
            continue
        attribution = (
            Attribution(tuple(group), cue, cue.text, speaker_of_cue(cue), True)
            if cue is not None
            else _unattributed(doc, text, group, cues, words)
        )
        if attribution is not None:
            out.append(attribution)
    return out


def _same_quotation(text: str, previous: Attribution | None, cue: Token | None, group: list[tuple[int, int]]) -> bool:
    """Split by its cue ("...," she said, "...") or run on into a paragraph of its own."""
    if previous is None or previous.cue is None:
        return False
    if cue is not None:
        return cue.i == previous.cue.i
    return _follows(text, previous, group)


def _nearest_cue(text: str, group: list[tuple[int, int]], cues: _Cues) -> Token | None:
    """The speech verb closest to the quotation, within the paragraphs it spans.

    A speech verb in the sentence the quotation's closing mark runs into wins over a nearer
    one before the quotation: in 'police said. "...," the minister said.' the minister speaks.
    """
    best, best_distance = None, None
    for start, end in group:
        found = cues.between(*_paragraph_bounds(text, start))
        following = [cue for cue in found if cue.idx >= end]
        running_on = next((cue for cue in following if _runs_on(text[end - 1 : cue.idx])), None)
        if running_on is not None:
            return running_on
        for cue in found:
            distance = start - cue.idx if cue.idx < start else cue.idx - end
            if best_distance is None or distance < best_distance:
                best, best_distance = cue, distance
    return best


def _runs_on(between: str) -> bool:
    """No sentence ends between the quotation's last character and what follows its closing
    mark: '...," she said' runs on; '... ." Analysts say' and 'police said. The' do not."""
    if "\n" in between:
        return False
    ended = between[:1] in ".!?" and re.match(r"[.!?][\"']*\s*[A-Z]", between) is not None
    return not ended and not re.search(r"[.!?][\"']?\s+[A-Z\"]", between[1:].lstrip("\"' ,"))


def _paragraph_bounds(text: str, offset: int) -> tuple[int, int]:
    low = text.rfind("\n", 0, offset) + 1
    high = text.find("\n", offset)
    return low, len(text) if high < 0 else high


def _follows(text: str, previous: Attribution, group: list[tuple[int, int]]) -> bool:
    """The quotation opens the paragraph right after the one where `previous` ends."""
    low, _ = _paragraph_bounds(text, group[0][0])
    between = text[previous.end : low]
    return between.count("\n") >= 1 and not between.strip(" \"'\n.,") and _only_mark(text[low : group[0][0]])


def _only_mark(text: str) -> bool:
    """Nothing but an opening mark before the quotation's first character."""
    return text.strip() in (QUOTE_MARK, "''")


def _unattributed(
    doc: Doc, text: str, group: list[tuple[int, int]], cues: _Cues, words: SpeechWords
) -> Attribution | None:
    """A quotation with no speech verb in its paragraph.

    The source may still be named: "according to X", a dash and a name after it
    (""..." -- Jane Doe"), or a speech verb ending the paragraph before with a colon
    ("She said:"). A short one with no source is a scare quote ("so-called "reforms"")
    and is dropped.
    """
    span = doc.char_span(group[0][0], group[0][1], alignment_mode="expand")
    sent = span[0].sent if span is not None and len(span) else None
    named = according_to(sent, words) if sent is not None else None
    if named is not None:
        return Attribution(tuple(group), None, "according to", named, True)
    signed = _signed(doc, text, group[-1][1])
    if signed is not None:
        return Attribution(tuple(group), signed[0], signed[0].text, signed[1], True)
    announced = _announced(doc, text, group[0][0], cues)
    if announced is not None:
        return Attribution(tuple(group), announced, announced.text, speaker_of_cue(announced), True)
    if sum(len(text[s:e].split()) for s, e in group) <= SCARE_QUOTE_WORDS:
        return None
    return Attribution(tuple(group), None, None, None, True)


def _signed(doc: Doc, text: str, end: int) -> tuple[Token, Token] | None:
    """ ""..." -- Jane Doe": the dash after the closing mark and the name after it."""
    skip = end + _mark_width(text, end)
    after = text[skip : skip + 3]
    stripped = after.lstrip()
    if not stripped or stripped[0] not in DASHES:
        return None
    at = skip + after.index(stripped[0])
    dash = doc.char_span(at, at + 1, alignment_mode="expand")
    if dash is None or dash.end >= len(doc) or doc[dash.end].pos_ != "PROPN":
        return None
    name = doc[dash.end]
    while name.dep_ in ("compound", "flat") and name.head.i > name.i:
        name = name.head
    return dash[0], name


def _announced(doc: Doc, text: str, start: int, cues: _Cues) -> Token | None:
    """The speech verb of a paragraph that ends in a colon just before the quotation."""
    low, _ = _paragraph_bounds(text, start)
    colon = len(text[:low].rstrip()) - 1
    if colon < 0 or text[colon] != ":" or not _only_mark(text[low:start]):
        return None
    before = cues.between(*_paragraph_bounds(text, colon))
    if before:
        return before[-1]
    # "She released the following statement:", "Cruz called them on it:": the sentence's own verb
    span = doc.char_span(_paragraph_bounds(text, colon)[0], colon, alignment_mode="contract")
    verbs = [t for t in span or () if t.pos_ == "VERB" and verb_subject(t) is not None]
    return min(verbs, key=_depth_of, default=None)


def _depth_of(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < len(token.doc):
        token, depth = token.head, depth + 1
    return depth


def _reported(cue: Token, quoted: _QuotedText) -> Iterable[Attribution]:
    """ "X said (that) ..." and "..., X said": the content of one speech verb."""
    content = _content_of(cue, cue.sent)
    if content is not None and quoted.share(*content) < 0.5:
        yield Attribution((content,), cue, cue.text, speaker_of_cue(cue), False)


# Complements that hold what a stance verb's subject holds: "wants <to leave>", "accused <him of lying>".
COMPLEMENT_DEPS = ("dobj", "dative", "xcomp", "ccomp", "oprd", "attr", "acomp")
# Dates and places in a prepositional phrase are circumstances, not content: "backed it <on Monday>".
CIRCUMSTANCE_ENTS = ("DATE", "TIME", "GPE", "LOC", "FAC", "EVENT", "CARDINAL")


def _stance(cue: Token, quoted: _QuotedText, words: SpeechWords) -> Iterable[Attribution]:
    """ "X called for talks", "X accused Y of lying", "polls show Y ahead": the verb's complements."""
    content = _complements(cue, words)
    if content is not None and quoted.share(*content) < 0.5:
        yield Attribution((content,), cue, cue.text, speaker_of_cue(cue), False)


def _complements(cue: Token, words: SpeechWords) -> tuple[int, int] | None:
    """From the first complement to the last, and the subject of a raising verb ("is expected to")."""
    parts = [c for c in cue.children if c.i > cue.i and _is_complement(c, words)]
    if not parts:
        return None
    raising = cue.lemma_.lower() in words.raising_verbs or is_passive(cue)
    if raising and not any(c.dep_ == "agent" for c in cue.children):
        parts += [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i]
    first = min(parts, key=lambda t: t.left_edge.i).left_edge
    last = max(parts, key=lambda t: t.right_edge.i).right_edge
    while last.i > first.i and (last.is_punct or last.is_space):
        last = last.doc[last.i - 1]
    return _char_span(first, last)


def _is_complement(child: Token, words: SpeechWords) -> bool:
    if child.dep_ in COMPLEMENT_DEPS:
        return True
    if child.dep_ not in ("prep", "prt") or child.lower_ not in words.content_preps:
        return False
    objects = [o for o in child.children if o.dep_ in ("pobj", "pcomp")]
    return bool(objects) and all(o.ent_type_ not in CIRCUMSTANCE_ENTS for o in objects)


def _according(sent: Span, quoted: _QuotedText, words: SpeechWords) -> Iterable[Attribution]:
    """ "According to X, ...": the rest of the sentence is X's."""
    prep = _according_prep(sent, words)
    if prep is None:
        return
    content = _outside(sent, set(range(prep.head.left_edge.i, prep.head.right_edge.i + 1)))
    speaker = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if content is not None and quoted.share(*content) < 0.5:
        yield Attribution((content,), None, "according to", speaker, False)


def _sourced(sent: Span, quoted: _QuotedText, words: SpeechWords, framed: set[int]) -> Iterable[Attribution]:
    """ "In a statement, the party ...", "He reportedly left": a sentence told by a text or by hearsay.

    Skipped where a speech verb already frames the sentence ("she said in a statement").
    """
    if sent.start in framed:
        return
    for token in sent:
        if token.lower_ in words.source_adverbs and token.dep_ == "advmod":
            content = _outside(sent, {token.i})
            if content is not None and quoted.share(*content) < 0.5:
                yield Attribution((content,), token, token.text, None, False)
            return
        if token.lower_ == "in" and token.dep_ == "prep" and token.head.pos_ in ("VERB", "AUX"):
            noun = next((c for c in token.children if c.dep_ == "pobj"), None)
            if noun is None or noun.lemma_.lower() not in words.source_nouns:
                continue
            content = _outside(sent, set(range(token.left_edge.i, token.right_edge.i + 1)))
            if content is not None and quoted.share(*content) < 0.5:
                yield Attribution((content,), token, f"in {noun.text}", noun, False)
            return


def _headed_paragraphs(doc: Doc) -> Iterable[Attribution]:
    """ "PENCE: Well, look ..." and "Pence: Flowers won't be at debate": a name, a colon, words."""
    for paragraph in HEADED.finditer(doc.text):
        head = doc.char_span(paragraph.start(1), paragraph.end(1), alignment_mode="expand")
        if head is None or not any(t.pos_ == "PROPN" for t in head) or head.root.pos_ != "PROPN":
            continue
        colon = doc.char_span(paragraph.end(1), paragraph.end(1) + 1, alignment_mode="expand")
        content = (paragraph.start(2), paragraph.end(2))
        yield Attribution((content,), colon[0] if colon else None, ":", head.root, False)


def _content_of(cue: Token, sent: Span) -> tuple[int, int] | None:
    """What a speech verb reports: its content clause, or the sentence it frames."""
    clause = next((c for c in cue.children if c.dep_ in CONTENT_DEPS and c.pos_ in ("VERB", "AUX")), None)
    if clause is not None:
        return _char_span(clause.left_edge, clause.right_edge)
    if _is_frame(cue, sent):
        return _outside(sent, set(range(cue.left_edge.i, cue.right_edge.i + 1)))
    return None


def _is_frame(cue: Token, sent: Span) -> bool:
    """ "..., the minister said." or "Troops, he said, fired": the verb sits off the clause by a comma."""
    before = cue.left_edge.i - 1
    after = cue.right_edge.i + 1
    beside_comma = (before >= sent.start and cue.doc[before].text == ",") or (
        after < sent.end and cue.doc[after].text == ","
    )
    rest = [t for t in sent if not cue.left_edge.i <= t.i <= cue.right_edge.i]
    return beside_comma and any(t.pos_ in ("VERB", "AUX") for t in rest)


def _outside(sent: Span, skip: set[int]) -> tuple[int, int] | None:
    """The characters of a sentence outside `skip`, trimmed of punctuation at both ends."""
    kept = [t for t in sent if t.i not in skip]
    while kept and (kept[0].is_punct or kept[0].is_space):
        kept.pop(0)
    while kept and (kept[-1].is_punct or kept[-1].is_space):
        kept.pop()
    return _char_span(kept[0], kept[-1]) if kept else None


def _char_span(first: Token, last: Token) -> tuple[int, int]:
    return first.idx, last.idx + len(last)


def source_of(trigger: Token, words: SpeechWords) -> Attribution | None:
    """The attribution an event belongs to: the innermost one holding its trigger."""
    holding = [
        a for a in attributions(trigger.doc, words) if a.holds(trigger.idx) and (a.cue is None or a.cue.i != trigger.i)
    ]
    return min(holding, key=lambda a: a.end - a.start, default=None)


def find_quotes(doc: Doc, words: SpeechWords, speaker_of: SpeakerCoder) -> list[Quote]:
    """Direct and indirect quotations with their speech verb and coded speaker.

    A quotation split by its attribution ("...," she said, "...") or run over several
    paragraphs gives one Quote per piece, each with the quotation's speaker and cue.
    The quotations are the document's own attributions, the same the events stage reads.
    """
    quotes, text = [], doc.text
    for found in attributions(doc, words):
        speaker = speaker_of(found.speaker) if found.speaker is not None else None
        for start, end in found.segments:
            quotes.append(Quote(text[start:end], speaker, found.cue_text, found.direct, start, end))
    return _described_speakers(sorted(quotes, key=lambda q: (q.start, q.end)))


# How far back (characters) a described speaker looks for the named one quoted before.
DESCRIBED_SPEAKER_REACH = 600


def _described_speakers(quotes: list[Quote]) -> list[Quote]:
    """'"...," said Imran Hayat. ... "...," the railway official said.': a speaker described, not
    named, right after a named speaker of the same sector and country is that person."""
    named: Quote | None = None
    out = []
    for quote in quotes:
        speaker = quote.speaker
        if quote.direct and speaker is not None and _described(speaker) and named is not None:
            before = named.speaker
            close = quote.start - named.end <= DESCRIBED_SPEAKER_REACH
            if close and speaker.sector in (None, before.sector) and speaker.country in (None, before.country):
                quote = replace(quote, speaker=before)
        elif quote.direct and speaker is not None and not _described(speaker):
            named = quote
        out.append(quote)
    return out


def _described(speaker: Speaker) -> bool:
    first = (speaker.name or "").split(" ", 1)[0]
    return first.lower() in ("the", "a", "an") or not first[:1].isupper()


# -- modality ----------------------------------------------------------------------------


# Penn tags of a verb in the past tense or a perfect participle.
PAST_TAGS = {"VBD", "VBN"}


def event_modality(
    trigger: Token,
    negative_entry: bool,
    reported: bool,
    date: DateMention | None,
    published: dt.date | None,
    words: SpeechWords,
) -> str:
    """The event's one modality: a mode of its own clause, else its date's, else reported or asserted."""
    mode = modality_of(trigger, negative_entry, reported, words)
    if mode is None and date is not None:
        mode = date_modality(date, published)
        if mode == "future" and trigger.tag_ in PAST_TAGS:
            mode = None  # "expelled ... in late 2002": the verb says it happened; the date is off
    if mode is None and reported:
        mode = "reported"
    return mode or "asserted"


def modality_of(trigger: Token, negative_entry: bool, reported: bool, words: SpeechWords) -> str | None:
    """negated, hypothetical, future or historical from the trigger's own clause; None when none applies."""
    clause = [trigger]
    if trigger.dep_ in ("xcomp", "dobj", "pobj", "nsubjpass") and trigger.head.i != trigger.i:
        clause.append(trigger.head)
    children = [c for t in clause for c in t.children]
    modals = {c.lower_ for c in children if c.dep_ == "aux"}
    if not negative_entry and _negated(trigger, children, words):
        return "negated"
    if reported and modals & words.reported_future_modals:
        return "future"
    if modals & words.hypothetical_modals or _under_condition(trigger, words):
        return "hypothetical"
    if modals & words.future_auxiliaries or _intended(trigger, words):
        return "future"
    if _in_background(trigger, words):
        return "historical"
    return None


def _negated(trigger: Token, children: list[Token], words: SpeechWords) -> bool:
    """ "did not attack", "sent no troops", "No talks were held", "denied sending troops"."""
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in words.negations) for c in children):
        return True
    nouns = [trigger, *(c for c in children if c.dep_ in ("nsubjpass", "dobj", "nsubj") and c.pos_ == "NOUN")]
    determiners = (d for n in nouns for d in n.children if d.dep_ == "det")
    if (trigger.pos_ == "NOUN" or len(nouns) > 1) and any(d.lower_ == "no" for d in determiners):
        return True
    governor = trigger.head
    return trigger.dep_ in ("xcomp", "ccomp", "pcomp") and governor.lemma_.lower() in words.negating_verbs


def _intended(trigger: Token, words: SpeechWords) -> bool:
    """ "plans to visit", "is ready to withdraw": an action announced, not yet taken."""
    if trigger.dep_ != "xcomp":
        return False
    head = trigger.head
    return head.lemma_.lower() in words.future_verbs or head.lower_ in words.future_adjectives


def _under_condition(token: Token, words: SpeechWords) -> bool:
    current = token
    for _ in range(SPEECH_DEPTH):
        if any(c.dep_ == "mark" and c.lower_ in words.hypothetical_marks for c in current.children):
            return True
        if current.dep_ not in ("advcl", "xcomp", "conj", "ccomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def date_modality(date: DateMention, published: dt.date | None) -> str | None:
    """historical for a date years before publication, future for one after it."""
    if published is None or not date.value or date.granularity == "publication":
        return None
    last_day = _last_day(date)
    if last_day is None:
        return None
    if (published - last_day).days > HISTORICAL_DAYS:
        return "historical"
    start = _first_day(date)
    if start is not None and start > published:
        return "future"
    return None


def _first_day(date: DateMention) -> dt.date | None:
    """The first day of a day, week, month or year value ("2025-W21", "2025-06", "2026")."""
    value = date.value or ""
    try:
        if "-W" in value:
            year, week = value[:10].split("-W")
            return dt.date.fromisocalendar(int(year), int(week[:2]), 1)
        parts = [int(p) for p in value[:10].split("-")]
    except ValueError:
        return None
    if date.granularity not in ("day", "month", "year") or not 1 <= len(parts) <= 3:
        return None
    month, day = [*parts[1:], 1, 1][:2]
    return dt.date(parts[0], month, day)


def _last_day(date: DateMention) -> dt.date | None:
    """The last day a date covers: the day itself, a month's or a year's last day, a decade's end."""
    end = DateMention(None, date.value_end, None, date.granularity, None, None) if date.value_end else date
    if date.granularity in ("day", "month") and (start := _first_day(end)) is not None:
        if date.granularity == "day":
            return start
        following = start.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)
    _, last = _year_range(date)
    return dt.date(last, 12, 31) if last is not None else None


def _year_range(date: DateMention) -> tuple[int | None, int | None]:
    """First and last year a date covers; a decade value "201" covers 2010-2019."""
    try:
        if date.granularity == "decade":
            first = int(date.value[:3]) * 10
            return first, first + 9
        first = int(date.value[:4])
        return first, int((date.value_end or date.value)[:4])
    except (TypeError, ValueError):
        return None, None


def _in_background(trigger: Token, words: SpeechWords) -> bool:
    """ "during the civil war", "under the dictatorship": a past period named, not dated."""
    preps = (p for verb in (trigger, trigger.head) for p in verb.children if p.dep_ == "prep")
    return any(
        o.dep_ == "pobj" and o.lemma_.lower() in words.background_nouns
        for p in preps
        if p.lower_ in words.background_preps
        for o in p.children
    )
