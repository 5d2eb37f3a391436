"""Who speaks: the speaker of a speech verb, and the source of "according to X"."""

from __future__ import annotations

from spacy.tokens import Span, Token

from dotterel.quotation_marks import QUOTE_MARK
from dotterel.speech import SPEECH_DEPTH, SpeechWords
from dotterel.syntax import verb_subject

# Nominals that can stand for the speaker when the parse gives a cue no subject.
SPEAKER_POS = ("PROPN", "NOUN", "PRON")
# Where the parser puts an inverted or misread speaker: ""...," warned Ada Obi", ""...," Obi notes".
LOOSE_SPEAKER_DEPS = ("compound", "npadvmod", "dobj", "attr", "dep", "nmod", "appos", "oprd")
# Clauses that share their speaker with the verb above: "began by saying", "continued, saying".
SHARED_SPEAKER_DEPS = ("advcl", "pcomp", "xcomp", "conj", "prep", "pobj")


def speaker_of_cue(cue: Token, words: SpeechWords) -> Token | None:
    """Who speaks: the cue's subject, else a name the parse hung off it, else the speaker above it.

    Right after a quotation the words decide before the parse: '"...," said lecturer Ada Obi of
    the Will Institute' is Obi's however the parser reads a verb in the institute's name, and
    '"...," Ada Obi, told reporters' hers where the parser left the verb no subject."""
    named = _name_after(cue) if _after_quotation(cue) else _name_before(cue)
    if named is not None:
        return named
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


# How many words after an inverted speech verb its speaker's name may start: "said international
# relations lecturer Ada Obi".
NAME_REACH = 6


def _after_quotation(cue: Token) -> bool:
    """'"...," said': the cue follows a quotation's closing mark (and a comma)."""
    doc = cue.doc
    before = [doc[i] for i in range(max(0, cue.i - 2), cue.i)]
    return any(t.text == QUOTE_MARK for t in before) and all(t.is_punct for t in before)


def _name_after(cue: Token) -> Token | None:
    """The last word of the first person's name after the cue, before any punctuation; not a
    possessor ("said Obi's lawyer" is the lawyer's)."""
    doc = cue.doc
    for token in doc[cue.i + 1 : min(len(doc), cue.i + 1 + NAME_REACH)]:
        if token.is_punct:
            return None
        if token.ent_type_ == "PERSON" and token.ent_iob_ == "B":
            last = _entity_end(token)
            following = doc[last.i + 1] if last.i + 1 < len(doc) else None
            if following is None or following.tag_ != "POS":
                return last
    return None


def _name_before(cue: Token) -> Token | None:
    """'"...," Ada Obi, told reporters': a person's name set off by commas just before the cue,
    right after the quotation's closing mark."""
    doc = cue.doc
    last = cue.i - 1
    if last >= 0 and doc[last].text == ",":
        last -= 1
    if last < 0 or doc[last].ent_type_ != "PERSON":
        return None
    first = last
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while first > 0 and doc[first - 1].pos_ == "PROPN":  # a title before the name: "Representative"
        first -= 1
    opened = doc[first - 2 : first] if first >= 2 else doc[0:0]
    return doc[last] if any(t.text == QUOTE_MARK for t in opened) else None


def _entity_end(token: Token) -> Token:
    doc = token.doc
    end = token.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return doc[end]


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
