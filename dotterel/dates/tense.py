"""The tense of the verb a date modifies: it decides which Friday "on Friday" means."""

from __future__ import annotations

from spacy.tokens import Span, Token

from dotterel.dates.vocabulary import FUTURE_AUXILIARIES, FUTURE_HEADS, PERFECT_AUXILIARIES

Tense = str  # "past" | "present" | "future"



def tense_of(token: Token) -> Tense:
    """The tense of a verb token: future (will, is going to, plans to), past (VBD, or a
    participle with have or a past auxiliary), present otherwise."""
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_AUXILIARIES for a in auxes) or _is_future_complement(token):
        return "future"
    if token.dep_ in ("xcomp", "conj", "advcl") and token.tag_ in ("VB", "VBG") and token.head.i != token.i:
        return tense_of(token.head)  # "tried to leave" is as past as "tried"
    if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if token.tag_ == "VBN" and (not auxes or any(a.lower_ in PERFECT_AUXILIARIES for a in auxes)):
        return "past"  # "has left", and "the ruling issued Thursday"
    if token.tag_ == "VBG" and any(a.lower_ in PERFECT_AUXILIARIES for a in auxes):
        return "past"  # "has been fighting since May": it began before now
    return "present"


def _is_future_complement(token: Token) -> bool:
    """'(is going | plans | is expected) to VERB' speaks of the future."""
    head = token.head
    if token.dep_ != "xcomp" or head.i == token.i or head.lemma_ not in FUTURE_HEADS:
        return False
    return head.lemma_ != "go" or head.tag_ == "VBG"  # "is going to", not "went to"


def governing_verb(span: Span) -> Token | None:
    """The verb a temporal expression modifies: the nearest verb above it in the parse."""
    token = span.root
    if token.dep_ == "poss":  # "Wednesday's ruling" names something already done
        return None
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            break
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def tense_at(span: Span) -> Tense:
    """The tense that decides how SPAN resolves; past when no verb governs it, as news
    mostly reports what has happened."""
    verb = governing_verb(span)
    return tense_of(verb) if verb is not None else "past"
