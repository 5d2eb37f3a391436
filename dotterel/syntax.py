"""Reading the dependency parse: who a verb's subject is, and whether it is passive.

These are the few syntax questions that both the who-says-so stage and the events stage
ask; they live here, below both, so that neither stage reaches into the other. Which words
count (the nouns of texts that speak for someone: "a statement", "a report") is passed in
from the speech vocabulary, like every other word list.
"""

from __future__ import annotations

from spacy.tokens import Token

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
# Clauses whose subject is shared with the verb they hang from: "agreed to withdraw",
# "arrived and met", "troops, who fired"; "is ready to withdraw" through the adjective.
INHERITS_SUBJECT = {"xcomp", "conj", "advcl", "pcomp", "acomp"}
RELATIVE_DEPS = {"relcl", "acl"}
# Verbs that govern a nominal trigger without changing who acts: "launched an attack".
NOMINAL_HOST_DEPS = {"dobj", "attr", "pobj", "nsubjpass", "oprd"}
PRONOUN_RELATIVES = {"who", "which", "that"}


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def child_with(token: Token, deps: set[str]) -> Token | None:
    """The first child of TOKEN attached by one of DEPS."""
    return next((c for c in token.children if c.dep_ in deps), None)


def passive_agent(verb: Token) -> Token | None:
    """The object of a passive "by" phrase."""
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            return child_with(child, {"pobj"})
    return None


def reduced_passive(verb: Token) -> bool:
    """A participle that describes its noun: in "two workers *seized* in Garissa" the workers
    were seized; they did not seize."""
    return (
        verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN", "PRON")
        # "the news that the rebels had agreed": a clause with a subject of its own is active
        and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)
    )  # fmt: skip


def verb_subject(verb: Token, source_nouns: frozenset[str], depth: int = 0) -> Token | None:
    """The doer of a verb, climbing through shared-subject clauses.

    SOURCE_NOUNS are the nouns of texts that speak for their author ("statement"), from
    the speech vocabulary: "the party issued a statement demanding" -> the party demands.
    """
    if is_passive(verb) or reduced_passive(verb):
        return passive_agent(verb)
    subject = child_with(verb, SUBJECT_DEPS)
    if subject is not None:
        if subject.lower_ in PRONOUN_RELATIVES and verb.dep_ in RELATIVE_DEPS:
            return verb.head
        return subject
    if verb.dep_ in RELATIVE_DEPS and verb.head.pos_ in ("NOUN", "PROPN"):
        return _author(verb.head, source_nouns, depth) or verb.head
    if verb.dep_ in INHERITS_SUBJECT and verb.head.i != verb.i and depth < 4:
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # "after meeting X, he said": through the preposition to its verb
        if verb.dep_ in ("xcomp", "pcomp") and is_passive(head):
            return child_with(head, PASSIVE_SUBJECT_DEPS)  # "X is expected to meet", "X was quoted as saying"
        return verb_subject(head, source_nouns, depth + 1)
    return None


def _author(noun: Token, source_nouns: frozenset[str], depth: int) -> Token | None:
    """Who a text speaks for: "the party issued a statement demanding": the party demands."""
    if noun.lemma_.lower() not in source_nouns or noun.dep_ not in NOMINAL_HOST_DEPS:
        return None
    host = noun.head.head if noun.dep_ == "pobj" else noun.head
    if host.pos_ not in ("VERB", "AUX") or host.i == noun.i or depth >= 4:
        return None
    return verb_subject(host, source_nouns, depth + 1)


def tree_depth(token: Token) -> int:
    """How many heads lie between a token and its sentence's root."""
    depth = 0
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth
