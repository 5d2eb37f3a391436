"""Who speaks: the speaker of a speech verb, and the source of "according to X"."""

from __future__ import annotations

from spacy.tokens import Span, Token

from dotterel.speech import SPEECH_DEPTH, SpeechWords
from dotterel.syntax import verb_subject

# Nominals that can stand for the speaker when the parse gives a cue no subject.
SPEAKER_POS = ("PROPN", "NOUN", "PRON")
# Where the parser puts an inverted or misread speaker: ""...," warned Ada Obi", ""...," Obi notes".
LOOSE_SPEAKER_DEPS = ("compound", "npadvmod", "dobj", "attr", "dep", "nmod", "appos", "oprd")
# Clauses that share their speaker with the verb above: "began by saying", "continued, saying".
SHARED_SPEAKER_DEPS = ("advcl", "pcomp", "xcomp", "conj", "prep", "pobj")


def speaker_of_cue(cue: Token, words: SpeechWords) -> Token | None:
    """Who speaks: the cue's subject, else a name the parse hung off it, else the speaker above it."""
    current = cue
    for _ in range(SPEECH_DEPTH):
        found = verb_subject(current, words.source_nouns)
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


def according_to(sent: Span, words: SpeechWords) -> Token | None:
    """The source named by "according to X" in a sentence."""
    prep = according_prep(sent, words)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None


def according_prep(sent: Span, words: SpeechWords) -> Token | None:
    for token in sent:
        if token.lower_ in words.source_preps and token.i + 1 < sent.end and token.nbor().lower_ == "to":
            return token.nbor()
    return None
