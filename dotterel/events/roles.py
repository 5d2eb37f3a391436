"""Who acts on whom: actor and recipient heads of a trigger, read off the dependency parse.

Works on syntax only; which words count is decided by the codebook entry (its recipient
roles) and the type defaults in types.yaml. Returns head tokens; the actors stage codes
the phrases they head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

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
# Entity types that fill a preposition slot but are never a recipient: "lifted the curfew on Saturday".
NOT_ACTORS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}


def with_conjuncts(token: Token) -> list[Token]:
    """A head and the heads coordinated with it: "China and Russia" -> [China, Russia]."""
    out = [token]
    for conj in token.conjuncts:
        if conj.i > token.i and conj.pos_ in ("NOUN", "PROPN", "PRON"):
            out.append(conj)
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def _child(token: Token, deps: set[str]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _agent(verb: Token) -> Token | None:
    """The object of a passive "by" phrase."""
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            return _child(child, {"pobj"})
    return None


def reduced_passive(verb: Token) -> bool:
    """A participle that describes its noun: in "two workers *seized* in Garissa" the workers
    were seized; they did not seize."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN", "PRON")


def verb_subject(verb: Token, depth: int = 0) -> Token | None:
    """The doer of a verb, climbing through shared-subject clauses."""
    if is_passive(verb) or reduced_passive(verb):
        return _agent(verb)
    subject = _child(verb, SUBJECT_DEPS)
    if subject is not None:
        if subject.lower_ in PRONOUN_RELATIVES and verb.dep_ in RELATIVE_DEPS:
            return verb.head
        return subject
    if verb.dep_ in RELATIVE_DEPS and verb.head.pos_ in ("NOUN", "PROPN"):
        return _author(verb.head, depth) or verb.head
    if verb.dep_ in INHERITS_SUBJECT and verb.head.i != verb.i and depth < 4:
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            head = head.head  # "after meeting X, he said": through the preposition to its verb
        if verb.dep_ in ("xcomp", "pcomp") and is_passive(head):
            return _child(head, PASSIVE_SUBJECT_DEPS)  # "X is expected to meet", "X was quoted as saying"
        return verb_subject(head, depth + 1)
    return None


def _author(noun: Token, depth: int) -> Token | None:
    """Who a text speaks for: "the party issued a statement demanding": the party demands."""
    from dotterel.attribution import speech_words  # attribution reads roles: import late

    if noun.lemma_.lower() not in speech_words().source_nouns or noun.dep_ not in NOMINAL_HOST_DEPS:
        return None
    host = noun.head.head if noun.dep_ == "pobj" else noun.head
    if host.pos_ not in ("VERB", "AUX") or host.i == noun.i or depth >= 4:
        return None
    return verb_subject(host, depth + 1)


def noun_actor(noun: Token, light_verbs: frozenset[str]) -> Token | None:
    """The doer of a nominal trigger: "Chad's attack", "an attack by X", "X launched an attack"."""
    if noun.dep_ == "compound":  # "a mediation effort": the frame noun carries the roles
        noun = noun.head
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            return _child(child, {"pobj"})
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod") and (child.pos_ == "PROPN" or child.ent_type_ in ("NORP", "GPE", "ORG")):
            return child
    host = noun.head
    if noun.dep_ == "pobj":
        host = host.head
    if noun.dep_ in NOMINAL_HOST_DEPS and host.pos_ in ("VERB", "AUX") and host.i != noun.i:
        return verb_subject(host) if host.lemma_ in light_verbs or host.pos_ == "AUX" else None
    return None


def _prep_objects(token: Token, prep: str) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ == prep:
            obj = _child(child, {"pobj", "pcomp"})
            if obj is not None:
                yield obj


def find_recipient(
    trigger: Token, roles: tuple[str, ...], constraint: Token | None, is_actor: Callable[[Token], bool]
) -> Token | None:
    """The first role in `roles` that the parse fills, looked up on the trigger and its object.

    `constraint` is the token an entry's `object` matched ("sanctions" in "impose sanctions"):
    it is part of the trigger, not the recipient, but preps attached to it still count
    ("sanctions on Iran").
    """
    hosts = [t for t in (trigger, constraint) if t is not None]
    if trigger.pos_ == "NOUN" and trigger.dep_ in NOMINAL_HOST_DEPS and trigger.head.pos_ == "VERB":
        hosts.append(trigger.head)
    if trigger.pos_ == "VERB":  # "provided $70 million of aid *for Romania*": the phrase hangs on the object
        hosts.extend(c for c in trigger.children if c.dep_ == "dobj" and c not in hosts)
    fallback = None  # a role filled by no actor ("lifted a ban on Saturday in Baku"), if nothing better
    for role in (*roles, "prep:of"):
        for host in hosts:
            found = _role_on(host, role, trigger, constraint)
            if found is None or found.ent_type_ in NOT_ACTORS:
                continue
            if is_actor(found):
                return found
            whose = owner(found, is_actor)
            if whose is not None:
                return whose
            if role != "dobj" and fallback is None:
                fallback = found
    return fallback


def owner(thing: Token, is_actor: Callable[[Token], bool]) -> Token | None:
    """Whose a thing is: "a U.S. request", "North Korea's demand", "the withdrawal of Serbian forces"."""
    for child in thing.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and is_actor(child):
            return child
    for obj in _prep_objects(thing, "of"):
        if is_actor(obj):
            return obj
    return None


def _role_on(host: Token, role: str, trigger: Token, constraint: Token | None) -> Token | None:
    if role == "dobj" and host.pos_ == "VERB":
        if host is trigger and is_passive(host):
            return _child(host, PASSIVE_SUBJECT_DEPS)
        if host is trigger and reduced_passive(host):
            return host.head
        obj = _child(host, {"dobj"})
        return obj if obj is not None and (constraint is None or obj.i != constraint.i) else None
    if role == "clause_subject":  # "said Sudan must return": the subject of the reported clause
        clause = _child(host, {"ccomp", "xcomp"})
        return _child(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) if clause is not None else None
    if role == "dative":
        return _child(host, {"dative", "iobj"})
    if role.startswith("prep:"):
        if role == "prep:of" and host.pos_ == "VERB":
            return None  # "of" names a recipient only on a noun: "the arrest of the editor"
        return next(_prep_objects(host, role[5:]), None)
    return None


def judged(word: Token) -> Token | None:
    """Who or what a judgement is about: the subject of "Iran is defying", of "the raids were
    illegal"; the owner of the thing in "Russia's illegal war"; the one who should act in
    "it is time for the junta to go"."""
    if word.dep_ == "amod":
        thing = word.head
        return next((c for c in thing.children if c.dep_ == "poss"), None) or thing
    act = next((c for c in word.children if c.dep_ in ("relcl", "acl") and _child(c, {"mark"}) is not None), None)
    if act is not None:  # "time for the junta to step down": the one asked to act
        return _child(act, SUBJECT_DEPS)
    if word.pos_ == "NOUN" and word.dep_ != "attr":  # "their lies", "meddling by Kenya"
        return next((c for c in word.children if c.dep_ == "poss"), None) or next(_prep_objects(word, "by"), None)
    clause = word.head if word.dep_ in ("acomp", "attr", "aux") else word
    subject = _child(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    if subject is None:
        return None
    return next((c for c in subject.children if c.dep_ == "poss"), None) or subject
