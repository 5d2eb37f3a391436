"""Every attribution of one document: direct quotations, reported speech, stances, sources.

Attributions are found once per parsed document, in one pass over its quote marks and
one over its tokens; the pipeline passes the one list to the events stage and to the
quotes list, so both see the same spans, speakers and cues (nothing is kept on the Doc).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from dotterel.attribution.speakers import according_prep, according_to, speaker_of_cue
from dotterel.quotation_marks import QUOTE_MARK, mark_width, quotations
from dotterel.speech import CONTENT_DEPS, SpeechWords, is_cue, is_stance
from dotterel.syntax import is_passive, verb_subject

# A quotation this short with no speech verb near it is a scare quote, not a quotation.
SCARE_QUOTE_WORDS = 3
# Dashes that sign a quotation with its speaker's name: ""..." -- Jane Doe".
DASHES = "\u2015\u2014\u2013"
# Where a sentence ends: a full stop, question or exclamation mark, perhaps a closing quotation
# mark, then a space or the end of the text.
SENTENCE_END = re.compile(r"[.!?]\"?(\s+|$)")
# A paragraph headed by a short name and a colon: a transcript turn or a headline.
HEADED = re.compile(r"(?m)^[ \t]*([A-Z][\w.'\u2019-]*(?:[ \t][A-Z][\w.'\u2019-]*){0,3})[ \t]*:[ \t]+(\S[^\n]*?)[ \t]*$")


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
    # Spans of the content that are the speaker's own aim ("seeks <to finalize the deal>"):
    # part of what the stance holds, but no report of an event by the speaker.
    aims: tuple[tuple[int, int], ...] = ()

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

    def aims_at(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.aims)


def attributions(doc: Doc, words: SpeechWords) -> list[Attribution]:
    """Every direct and indirect attribution in `doc`. The pipeline finds them once per
    article and hands the list to the events stage and to the quotes list."""
    groups = quotations(doc.text)
    starts = [start for group in groups for start, _ in group]
    ends = [end for group in groups for _, end in group]
    quoted = _QuotedText(starts, ends)
    cues = _Cues([t for t in doc if is_cue(t, words) and not quoted.holds(t.idx)])
    direct = _direct(doc, groups, cues, words, quoted)
    indirect = [a for cue in cues.tokens for a in _reported(cue, quoted, words)]
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


def _direct(
    doc: Doc, groups: list[list[tuple[int, int]]], cues: _Cues, words: SpeechWords, quoted: _QuotedText
) -> list[Attribution]:
    """Direct quotations with the nearest speech verb of their paragraphs.

    A quotation split by its attribution ("...," she said, "...") is one attribution with
    two segments. A paragraph that is all quotation takes the speaker of the quotation
    just before it, as news copy goes on quoting the same person without repeating
    "she said".
    """
    out: list[Attribution] = []
    text = doc.text  # built from the tokens on each access: read it once
    for group in groups:
        previous = out[-1] if out else None
        cue = _governing_verb(doc, group[0], words, quoted) or _running_on_cue(text, group, cues)
        named = _according_after(doc, text, group, words) if cue is None else None
        if named is not None:
            out.append(Attribution(tuple(group), None, "according to", named, True))
            continue
        if cue is None and _goes_on(text, previous, group):
            out[-1] = replace(previous, segments=previous.segments + tuple(group))
            continue
        cue = cue or _nearest_cue(text, group, cues)
        if _same_quotation(text, previous, cue, group):
            out[-1] = replace(previous, segments=previous.segments + tuple(group))
            continue
        attribution = (
            Attribution(tuple(group), cue, cue.text, speaker_of_cue(cue, words), True)
            if cue is not None
            else _unattributed(doc, text, group, cues, words)
        )
        if attribution is not None:
            out.append(_not_quoting_itself(attribution))
    return out


def _not_quoting_itself(attribution: Attribution) -> Attribution:
    """A quotation's speaker is never a word of the quotation itself: where the parse makes the
    quotation's own subject the speech verb's ("'The plan shows ...,' wrote an analyst" split
    badly), the speaker is unknown rather than something the speaker talks about."""
    speaker = attribution.speaker
    if speaker is not None and attribution.holds(speaker.idx):
        return replace(attribution, speaker=None)
    return attribution


# How a speech verb's clause hangs in the clause of an outer one that also reports it:
# "said the attack shows, '...'", "said the agency does not comment but '...'".
REPORTED_DEPS = ("ccomp", "xcomp", "conj", "parataxis")


def _governing_verb(doc: Doc, segment: tuple[int, int], words: SpeechWords, quoted: _QuotedText) -> Token | None:
    """The speech or stance verb whose clause holds a quotation set inside a sentence.

    "X called for talks and 'a constructive dialogue'", "X told reporters that Y was acting
    because '...'": the quotation's words hang under X's verb, however far the nearest other
    speech verb is. From the quotation up, the outermost such verb that still reports it
    wins ("X said the poll shows '...'" is X's); a verb met through a time or reason clause
    ("Britain acted after X said '...'") is where the climb stops.
    """
    span = doc.char_span(*segment, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token, found = span.root, None
    while token.head.i != token.i and (found is None or token.dep_ in REPORTED_DEPS):
        token = token.head
        if not quoted.holds(token.idx) and (is_cue(token, words) or is_stance(token, words)):
            found = token
    return found


def _same_quotation(text: str, previous: Attribution | None, cue: Token | None, group: list[tuple[int, int]]) -> bool:
    """Split by its cue ("...," she said, "...") or run on into a paragraph of its own."""
    if previous is None or previous.cue is None:
        return False
    if cue is not None:
        return cue.i == previous.cue.i
    return _follows(text, previous, group)


def _running_on_cue(text: str, group: list[tuple[int, int]], cues: _Cues) -> Token | None:
    """A speech verb in the sentence the quotation's closing mark runs into: in 'police said.
    "...," the minister said.' the minister speaks, however near the police are."""
    for start, end in group:
        following = [cue for cue in cues.between(*_paragraph_bounds(text, start)) if cue.idx >= end]
        running_on = next((cue for cue in following if _runs_on_to(text, end, cue)), None)
        if running_on is not None:
            return running_on
    return None


def _runs_on_to(text: str, end: int, cue: Token) -> bool:
    """The quotation ending at `end` runs on into `cue`'s sentence, with no other quotation
    opening on the way: in '"..." "...," warned X' the verb is the second quotation's."""
    after_mark = end + mark_width(text, end)
    return _runs_on(text[end - 1 : cue.idx]) and QUOTE_MARK not in text[after_mark : cue.idx]


def _nearest_cue(text: str, group: list[tuple[int, int]], cues: _Cues) -> Token | None:
    """The speech verb closest to the quotation, within the paragraphs it spans."""
    best, best_distance = None, None
    for start, end in group:
        for cue in cues.between(*_paragraph_bounds(text, start)):
            distance = start - cue.idx if cue.idx < start else cue.idx - end
            if best_distance is None or distance < best_distance:
                best, best_distance = cue, distance
    return best


# '"...," according to Ada Obi': the source named right after a quotation's closing mark.
ACCORDING_AFTER = re.compile(r"[\s,]*according to\s", re.IGNORECASE)


def _according_after(doc: Doc, text: str, group: list[tuple[int, int]], words: SpeechWords) -> Token | None:
    """'"...," according to Ada Obi, an analyst.': the source the quotation runs on into, however
    near a speech verb of someone else is."""
    end = group[-1][1]
    after = end + mark_width(text, end)
    found = ACCORDING_AFTER.match(text, after)
    if found is None or not _runs_on(text[end - 1 : found.end()]):
        return None
    according = doc.char_span(found.end() - len("to "), found.end() - 1, alignment_mode="expand")
    sent = according[0].sent if according is not None and len(according) else None
    return according_to(sent, words) if sent is not None else None


def _goes_on(text: str, previous: Attribution | None, group: list[tuple[int, int]]) -> bool:
    """'"...," said Ada Obi. "..."': a quotation with no speech verb of its own that opens the
    sentence right after the one the quotation before it ends in goes on in the same voice.
    A sentence of the reporter's between them ('Analysts agree.') ends the run."""
    if previous is None or not previous.direct or (previous.cue is None and previous.speaker is None):
        return False
    between = text[previous.end - 1 : group[0][0]]  # from the quotation's last character: '."'
    opening = between.rstrip()
    if "\n" in between or not opening.endswith(QUOTE_MARK):
        return False
    tail = opening[:-1]
    ends = list(SENTENCE_END.finditer(tail))
    return len(ends) == 1 and not tail[ends[0].end() :].strip()


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
    announced = _announced(doc, text, group[0][0], cues, words)
    if announced is not None:
        return Attribution(tuple(group), announced, announced.text, speaker_of_cue(announced, words), True)
    if sum(len(text[s:e].split()) for s, e in group) <= SCARE_QUOTE_WORDS:
        return None
    return Attribution(tuple(group), None, None, None, True)


def _signed(doc: Doc, text: str, end: int) -> tuple[Token, Token] | None:
    """ ""..." -- Jane Doe": the dash after the closing mark and the name after it."""
    skip = end + mark_width(text, end)
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


def _announced(doc: Doc, text: str, start: int, cues: _Cues, words: SpeechWords) -> Token | None:
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
    verbs = [t for t in span or () if t.pos_ == "VERB" and verb_subject(t, words.source_nouns) is not None]
    return min(verbs, key=_depth_of, default=None)


def _depth_of(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < len(token.doc):
        token, depth = token.head, depth + 1
    return depth


def _reported(cue: Token, quoted: _QuotedText, words: SpeechWords) -> Iterable[Attribution]:
    """ "X said (that) ..." and "..., X said": the content of one speech verb."""
    content = _content_of(cue, cue.sent)
    if content is not None and quoted.share(*content) < 0.5:
        yield Attribution((content,), cue, cue.text, speaker_of_cue(cue, words), False)


# Complements that hold what a stance verb's subject holds: "wants <to leave>", "accused <him of lying>".
COMPLEMENT_DEPS = ("dobj", "dative", "xcomp", "ccomp", "oprd", "attr", "acomp")
# Dates and places in a prepositional phrase are circumstances, not content: "backed it <on Monday>".
CIRCUMSTANCE_ENTS = ("DATE", "TIME", "GPE", "LOC", "FAC", "EVENT", "CARDINAL")


def _stance(cue: Token, quoted: _QuotedText, words: SpeechWords) -> Iterable[Attribution]:
    """ "X called for talks", "X accused Y of lying", "polls show Y ahead": the verb's complements."""
    content = _complements(cue, words)
    if content is not None and quoted.share(*content) < 0.5:
        yield Attribution((content,), cue, cue.text, speaker_of_cue(cue, words), False, _own_aims(cue, words))


def _own_aims(cue: Token, words: SpeechWords) -> tuple[tuple[int, int], ...]:
    """ "Britain seeks to finalize the deal", "she plans to visit": the infinitive is the
    subject's own aim, which the reporter tells (its modality says it lies ahead), not
    something the subject says happened. A verb of speech ("claimed to hold"), a raising verb
    ("is expected to") or one with an object who is to act ("urged Kabul to talk") still
    reports its infinitive."""
    if cue.lemma_.lower() in words.cue_verbs | words.raising_verbs or is_passive(cue):
        return ()
    if any(c.dep_ in ("dobj", "dative") for c in cue.children):
        return ()
    return tuple(_char_span(c.left_edge, c.right_edge) for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i)


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
    prep = according_prep(sent, words)
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
            # the adverb hedges the clause it modifies: in "X accused Y of allegedly lying"
            # the accusation is the reporter's, the lying is hearsay
            clause = token.head
            scope = sent if clause.dep_ == "ROOT" else sent.doc[clause.left_edge.i : clause.right_edge.i + 1]
            content = _outside(scope, {token.i})
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
    """ "..., the minister said." or "Troops, he said, fired": the verb sits off the clause by a comma.
    A participle after the main clause ("X rejected the report, saying ...") adds to what X
    did; it does not put the main clause in X's mouth. Nor does a participle that describes a
    noun ("the alleged plot")."""
    if cue.tag_ == "VBG" or cue.dep_ == "amod":
        return False
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
