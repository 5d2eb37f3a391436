"""Who acts on whom: actor and recipient heads of a trigger, read off the dependency parse.

Works on syntax only; which words count is decided by the codebook entry (its recipient
roles) and the type defaults in types.yaml. Returns head tokens; the actors stage codes
the phrases they head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token

from dotterel.syntax import (
    NOMINAL_HOST_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    child_with,
    is_passive,
    passive_agent,
    reduced_passive,
    verb_subject,
)

# Entity types that fill a preposition slot but are never a recipient: "lifted the curfew on Saturday".
NOT_ACTORS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}


def with_conjuncts(token: Token) -> list[Token]:
    """A head and the heads coordinated with it: "China and Russia" -> [China, Russia]."""
    out = [token]
    for conj in token.conjuncts:
        if conj.i > token.i and conj.pos_ in ("NOUN", "PROPN", "PRON"):
            out.append(conj)
    return out


# Entity types that name a party an act can come *from*: "an attack from Assad loyalists".
# Places are left out: "fire from the north", "a withdrawal from Syria".
PARTY_ENTITIES = {"ORG", "NORP", "PERSON"}


def noun_actor(
    noun: Token, light_verbs: frozenset[str], source_nouns: frozenset[str], series_nouns: frozenset[str] = frozenset()
) -> Token | None:
    """The doer of a nominal trigger: "Chad's attack", "an attack by X", "X launched an attack",
    "an offensive launched by X", "an attack from X", "X carried out a series of raids"."""
    if noun.dep_ == "compound":  # "a mediation effort": the frame noun carries the roles
        noun = noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in series_nouns:
        noun = noun.head.head  # "a series of airstrikes": the series carries the roles
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            return child_with(child, {"pobj"})
        if child.dep_ == "acl" and child.pos_ == "VERB" and passive_agent(child) is not None:
            return passive_agent(child)
        if child.dep_ == "prep" and child.lower_ == "from":
            source = child_with(child, {"pobj"})
            if source is not None and (source.ent_type_ in PARTY_ENTITIES or _plural_group(source)):
                return source
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod") and (child.pos_ == "PROPN" or child.ent_type_ in ("NORP", "GPE", "ORG")):
            return child
    host = noun.head
    if noun.dep_ == "pobj":
        host = host.head
    if noun.dep_ in NOMINAL_HOST_DEPS and host.pos_ in ("VERB", "AUX") and host.i != noun.i:
        return verb_subject(host, source_nouns) if host.lemma_ in light_verbs or host.pos_ == "AUX" else None
    return None


def _plural_group(token: Token) -> bool:
    """A plural common noun with no place or time in it: "loyalists", "militants", "protesters"."""
    return token.tag_ == "NNS" and not token.ent_type_ and not any(c.lower_ == "all" for c in token.children)


def _prep_objects(token: Token, prep: str) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ == prep:
            obj = child_with(child, {"pobj", "pcomp"})
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
        objects = [c for c in trigger.children if c.dep_ == "dobj"]
        # "fired tear gas, stun grenades and bullets *at* the crowd": the phrase may hang on the last
        hosts.extend(o for obj in objects for o in (obj, *obj.conjuncts) if o not in hosts)
        hosts.extend(_sharing_object(trigger))
    fallback = None  # a role filled by no actor ("lifted a ban on Saturday in Baku"), if nothing better
    for role in (*roles, "prep:of"):
        for host in hosts:
            found = _partitive(_role_on(host, role, trigger, constraint))
            if found is None or found.ent_type_ in NOT_ACTORS:
                continue
            if is_actor(found):
                return found
            whose = owner(found, is_actor)
            if whose is not None:
                return whose
            if role != "dobj" and fallback is None:
                fallback = found
    return _claimed_by(constraint, is_actor) or fallback


def _partitive(found: Token | None) -> Token | None:
    """ "one of the group's leaders", "three of the hostages": a count of a group stands for
    the group it counts."""
    if found is None or found.pos_ != "NUM":
        return found
    return next(_prep_objects(found, "of"), found)


def _sharing_object(verb: Token) -> list[Token]:
    """Verbs joined by "and" share the object the last one takes: in "shelled and attacked the
    village" the village was shelled too. Only for a verb with no object of its own."""
    if child_with(verb, {"dobj"}) is not None or is_passive(verb):
        return []
    joined = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    return [c for c in joined if child_with(c, {"dobj"}) is not None][:1]


def _claimed_by(constraint: Token | None, is_actor: Callable[[Token], bool]) -> Token | None:
    """Whose request, plan or claim an act answers: "rejected Kenya's request" is aimed at Kenya.
    Only a named possessor: "its sanctions" is as often the actor's own."""
    if constraint is None:
        return None
    whose = child_with(constraint, {"poss"})
    return whose if whose is not None and whose.pos_ == "PROPN" and is_actor(whose) else None


def owner(thing: Token, is_actor: Callable[[Token], bool]) -> Token | None:
    """Whose a thing is: "a U.S. request", "North Korea's demand", "the withdrawal of Serbian forces"."""
    for child in thing.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and is_actor(child):
            return child
    for obj in (*_prep_objects(thing, "of"), *_prep_objects(thing, "by")):  # "a hearing by the court"
        if is_actor(obj):
            return obj
    for clause in (c for c in thing.children if c.dep_ == "acl" and c.pos_ == "VERB"):
        author = passive_agent(clause)  # "the allegations made by Pakistan"
        if author is not None and is_actor(author):
            return author
    if thing.pos_ == "NUM":  # "$20 billion of U.S. goods", "$2 billion in Russian assets"
        inner = next((o for prep in ("of", "in") for o in _prep_objects(thing, prep)), None)
        return owner(inner, is_actor) if inner is not None else None
    return None


def _role_on(host: Token, role: str, trigger: Token, constraint: Token | None) -> Token | None:
    if role == "dobj" and host.pos_ == "VERB":
        if host is trigger and is_passive(host):
            return child_with(host, PASSIVE_SUBJECT_DEPS)
        if host is trigger and reduced_passive(host) and child_with(host, {"dobj"}) is None:
            return host.head  # not "the raid, in 2016, killed 30 villagers": an object says it is active
        if host is trigger and bare_participle(host):
            return _shared_passive_subject(host)
        obj = _named_object(host, child_with(host, {"dobj"}))
        if obj is None or obj.i == trigger.i:  # "waged *its war* with X": the act itself, not its target
            return None
        return obj if constraint is None or obj.i != constraint.i else None
    if role == "clause_subject":  # "said Sudan must return": the subject of the reported clause
        clause = child_with(host, {"ccomp", "xcomp"}) or _for_clause(host)
        return child_with(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) if clause is not None else None
    if role == "owner":  # "froze Russian assets": whose the thing an entry's object names is
        return host if constraint is not None and host.i == constraint.i else None
    if role == "dative":
        return child_with(host, {"dative", "iobj"})
    if role.startswith("prep:"):
        if role == "prep:of" and host.pos_ == "VERB":
            return None  # "of" names a recipient only on a noun: "the arrest of the editor"
        return next(_prep_objects(host, role[5:]), None)
    return None


def bare_participle(verb: Token) -> bool:
    """A past participle with no subject or object of its own, joined to another clause:
    "was arrested and *sentenced*", "if *convicted*, he faces life"."""
    bare = not any(c.dep_ in ("dobj", "nsubj", "nsubjpass", "csubj", "aux", "auxpass") for c in verb.children)
    return verb.tag_ == "VBN" and verb.dep_ in ("conj", "advcl") and bare


def _shared_passive_subject(verb: Token) -> Token | None:
    """Who undergoes a bare participle: the passive subject of the verb it is joined to
    ("Osei was arrested and sentenced"), or the subject of the clause a condition or time
    clause leads into ("if convicted, the editor faces ten years")."""
    head = verb.head
    if verb.dep_ == "conj":
        return child_with(head, PASSIVE_SUBJECT_DEPS) if is_passive(head) else None
    return child_with(head, {"nsubj", "nsubjpass"}) if head.pos_ in ("VERB", "AUX") else None


def _named_object(verb: Token, obj: Token | None) -> Token | None:
    """The direct object, or what a naming verb names when the parse hides it: in "called
    Oslo 'a bully'" parsed with two object predicates (oprd) the first is the one named; in
    "what she called the mayor's failure" the predicate is the thing named, not "what"."""
    predicates = [c for c in verb.children if c.dep_ == "oprd"]
    if obj is None and len(predicates) > 1:
        return predicates[0]
    if obj is not None and obj.tag_ == "WP" and predicates:
        return predicates[0]
    return obj


def _for_clause(verb: Token) -> Token | None:
    """ "called for the junta to free them": the clause whose subject is asked to act."""
    return next((c for c in verb.children if c.dep_ == "advcl" and any(m.lower_ == "for" for m in c.children)), None)


def judged(word: Token) -> Token | None:
    """Who or what a judgement is about: the subject of "Iran is defying", of "the raids were
    illegal"; the owner of the thing in "Russia's illegal war"; the one who should act in
    "it is time for the junta to go"."""
    named = _named_by(word)
    if named is not None:  # "called Oslo's claims 'baseless'": the claims, and so Oslo, are judged
        return next((c for c in named.children if c.dep_ == "poss"), None) or named
    if word.dep_ == "amod":
        thing = word.head
        return next((c for c in thing.children if c.dep_ == "poss"), None) or thing
    act = next((c for c in word.children if c.dep_ in ("relcl", "acl") and child_with(c, {"mark"}) is not None), None)
    if act is not None:  # "time for the junta to step down": the one asked to act
        return child_with(act, SUBJECT_DEPS)
    if word.pos_ == "NOUN" and word.dep_ != "attr":  # "their lies", "meddling by Kenya"
        return next((c for c in word.children if c.dep_ == "poss"), None) or next(_prep_objects(word, "by"), None)
    clause = word.head if word.dep_ in ("acomp", "attr", "aux") else word
    if clause.pos_ == "VERB" and is_passive(clause) and passive_agent(clause) is not None:
        return passive_agent(clause)  # "the attack was planned by militants abroad": the doer is judged
    subject = _doer(clause) if clause.pos_ == "VERB" else child_with(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    if subject is None:
        return None
    return next((c for c in subject.children if c.dep_ == "poss"), None) or subject


# Links from a word of blame up to the predicate it stands in: "one of the *most abusive* regimes".
PREDICATE_PATH_DEPS = {"amod", "advmod", "pobj", "prep", "conj", "compound"}


def _named_by(word: Token) -> Token | None:
    """What a naming verb or a copula gives the blame to: in "called Oslo 'one of the most
    abusive regimes'" the blame stands in the object predicate (oprd) of "called", Oslo its
    object; in "Oslo is one of the most abusive regimes" it stands in the predicate of Oslo."""
    token = word
    while token.dep_ in PREDICATE_PATH_DEPS and token.head.i != token.i:
        token = token.head
    if token.dep_ == "attr" and token.i != word.i:
        return child_with(token.head, {"nsubj"})
    if token.dep_ != "oprd" or token.head.pos_ != "VERB":
        return None
    return _named_object(token.head, child_with(token.head, {"dobj"}))


# Clauses whose unstated subject is their head's: "tried *to derail* the talks", "spoke out,
# *calling* the vote a fraud", "has stalled *and* lied".
SHARED_SUBJECT_DEPS = {"xcomp", "conj", "advcl"}
NOMINAL_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def _doer(verb: Token, depth: int = 0) -> Token | None:
    """Who does what a verb says, through clauses that share their head's subject: in "the
    council has tried to sabotage the talks" the council sabotages; in "he was sent to spread
    lies" the one sent spreads them."""
    subject = child_with(verb, NOMINAL_SUBJECT_DEPS)  # a clause ("to be right means ...") is no party
    if subject is not None or depth >= 3 or verb.dep_ not in SHARED_SUBJECT_DEPS:
        return subject
    if verb.dep_ == "advcl" and verb.tag_ != "VBG":
        return None  # "if they fail": a subordinate clause with a subject of its own
    head = verb.head
    return _doer(head, depth + 1) if head.pos_ in ("VERB", "AUX") and head.i != verb.i else None
