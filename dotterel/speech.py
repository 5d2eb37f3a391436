"""The speech vocabulary (dotterel/data/speech.yaml) and the verbs that cue speech.

The words are loaded once by whoever builds the pipeline and passed down to every stage
that reads them (mentions, who says so, events), like every other word list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from dotterel.data import parse_yaml

# How far up the tree a speech verb can claim an event ("said that the army had begun to withdraw").
SPEECH_DEPTH = 4
# Clauses of a speech verb that hold what was said: "said (that) ...", "..., she said".
CONTENT_DEPS = ("ccomp", "parataxis")


@dataclass(frozen=True)
class SpeechWords:
    cue_verbs: frozenset[str]
    plain_speech_verbs: frozenset[str]
    claimed_nouns: frozenset[str]
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
    hypothetical_adjectives: frozenset[str]
    negations: frozenset[str]
    negating_verbs: frozenset[str]
    litotes_verbs: frozenset[str]
    background_preps: frozenset[str]
    background_nouns: frozenset[str]
    background_adjectives: frozenset[str]


@lru_cache(maxsize=1)
def load_speech_words() -> SpeechWords:
    """The shipped speech vocabulary; build it once per pipeline and pass it on."""
    text = resources.files("dotterel.data").joinpath("speech.yaml").read_text(encoding="utf-8")
    data = parse_yaml(text)
    return SpeechWords(**{key: frozenset(str(w).lower() for w in data[key]) for key in SpeechWords.__annotations__})


def is_cue(token: Token, words: SpeechWords) -> bool:
    """A speech verb used as one: not "is expected to" (a forecast), not a noun, and not a
    participle that describes a noun ("the added duty", "the stated aim"): that says nothing."""
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in words.cue_verbs:
        return False
    if token.dep_ == "amod":
        return False
    return not any(c.dep_ == "xcomp" for c in token.children) or any(c.dep_ in CONTENT_DEPS for c in token.children)


def is_stance(token: Token, words: SpeechWords) -> bool:
    """A verb of stance or finding whose object is what its subject holds: "called for talks", "polls show"."""
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in words.stance_verbs:
        return False
    return not (token.tag_ == "VBN" and token.dep_ in ("acl", "amod"))  # "a group called X": a name
