"""Who says so: quotes, their speakers, and the modality of each event.

An event in the reporter's own voice is `asserted`; one inside a quotation or in the
complement of a speech verb ("the minister said troops had fired") is `reported` and
carries the speaker. Negation, conditions and the future are PLOVER's auxiliary modes.
The cue words are data (dotterel/data/speech.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from dotterel.data import parse_yaml
from dotterel.events.roles import verb_subject
from dotterel.model import Quote, Speaker

SpeakerCoder = Callable[[Token | None], Speaker | None]

QUOTE_RE = re.compile(r'"([^"\n]{3,}?)"')
# How far up the tree a speech verb can claim an event ("said that the army had begun to withdraw").
SPEECH_DEPTH = 4


@dataclass(frozen=True)
class SpeechWords:
    cue_verbs: frozenset[str]
    source_preps: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    future_adjectives: frozenset[str]
    reported_future_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_marks: frozenset[str]
    negations: frozenset[str]


@lru_cache(maxsize=1)
def speech_words() -> SpeechWords:
    text = resources.files("dotterel.data").joinpath("speech.yaml").read_text(encoding="utf-8")
    data = parse_yaml(text)
    return SpeechWords(**{key: frozenset(str(w).lower() for w in data[key]) for key in SpeechWords.__annotations__})


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotations (quotes are straight after cleaning)."""
    return [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]


def in_quote(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(start < token.idx < end for start, end in spans)


def speech_head(token: Token, words: SpeechWords) -> Token | None:
    """The speech verb whose complement holds `token`, if any."""
    current = token
    for _ in range(SPEECH_DEPTH):
        if current.head.i == current.i:
            return None
        if current.dep_ in ("ccomp", "xcomp", "advcl", "conj", "parataxis") and current.head.lemma_ in words.cue_verbs:
            return current.head
        current = current.head
    return None


def cue_in_sentence(sent: Span, words: SpeechWords, spans: list[tuple[int, int]]) -> Token | None:
    """The speech verb of a sentence that holds a quotation: "...," she said."""
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_ in words.cue_verbs and not in_quote(token, spans):
            return token
    return None


def according_to(sent: Span, words: SpeechWords) -> Token | None:
    """The source named by "according to X" in a sentence."""
    for token in sent:
        if token.lower_ in words.source_preps and token.i + 1 < len(sent.doc) and token.nbor().lower_ == "to":
            return next((c for c in token.nbor().children if c.dep_ == "pobj"), None)
    return None


def modality_of(trigger: Token, negative_entry: bool, reported: bool, words: SpeechWords) -> str | None:
    """negated, hypothetical or future from the trigger's own clause; None when none applies."""
    clause = [trigger]
    if trigger.dep_ in ("xcomp", "dobj", "pobj") and trigger.head.i != trigger.i:
        clause.append(trigger.head)
    children = [c for t in clause for c in t.children]
    modals = {c.lower_ for c in children if c.dep_ == "aux"}
    if not negative_entry and any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in children):
        return "negated"
    if reported and modals & words.reported_future_modals:
        return "future"
    if modals & words.hypothetical_modals or _under_condition(trigger, words):
        return "hypothetical"
    if modals & words.future_auxiliaries or _intended(trigger, words):
        return "future"
    return None


def _intended(trigger: Token, words: SpeechWords) -> bool:
    """ "plans to visit", "is ready to withdraw": an action announced, not yet taken."""
    if trigger.dep_ != "xcomp":
        return False
    head = trigger.head
    return head.lemma_ in words.future_verbs or head.lower_ in words.future_adjectives


def _under_condition(token: Token, words: SpeechWords) -> bool:
    current = token
    for _ in range(SPEECH_DEPTH):
        if any(c.dep_ == "mark" and c.lower_ in words.hypothetical_marks for c in current.children):
            return True
        if current.dep_ not in ("advcl", "xcomp", "conj", "ccomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def find_quotes(doc: Doc, spans: list[tuple[int, int]], words: SpeechWords, speaker_of: SpeakerCoder) -> list[Quote]:
    """Direct quotations with the speech verb and speaker of their sentence."""
    quotes = []
    for start, end in spans:
        token = doc.char_span(start, end, alignment_mode="expand")
        if token is None:
            continue
        cue = cue_in_sentence(token[0].sent, words, spans)
        speaker = speaker_of(verb_subject(cue)) if cue is not None else None
        quotes.append(
            Quote(doc.text[start + 1 : end - 1], speaker, cue.text if cue else None, True, start + 1, end - 1)
        )
    return quotes
