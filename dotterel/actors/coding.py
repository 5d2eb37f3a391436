"""The actors stage: turn an actor phrase from the parse into codes.

A phrase is coded from what the mentions stage found inside it: an organisation or a
person names it; a country name, demonym, capital or possessive ("Nigeria's army") gives
its country; an agent word ("troops", "the regime") gives its sector. When the phrase
has a sector but no country, the article's main country is used and flagged `context`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from dotterel.actors.lexicon import OUT_OF_OFFICE
from dotterel.coreference.pronouns import antecedent
from dotterel.mentions import PLACE_KINDS, Mention, MentionIndex
from dotterel.model import Actor

# Dependents that stay part of an actor phrase: "the president of Nigeria",
# "troops from Chad", "police in Lagos", "Bola Tinubu, Nigeria's president".
PHRASE_PREPS = {"of", "from", "in"}
PHRASE_RIGHT_DEPS = {"appos"}
SEATS_OF_GOVERNMENT = {"capital", "metonym"}
# Prepositions that name who did an act: "airstrikes by the army", "a statement from the ministry".
ACT_DOER_PREPS = ("by", "from")
# A people named as actor ("Hazaras marched") are civilians unless a word says otherwise.
PEOPLE_SECTOR = "CVL"
GROUP_SECTORS = {"MIL", "COP", "REB", "CVL", "UAF", "CRM", "OPP", "LEG", "JUD"}
# A state that acts, or is addressed, does so through its government ("Kenya refused", "urged China").
STATE_SECTOR = "GOV"
# Mentions that say whose an actor is: places and peoples, bodies, known people.
OWNER_KINDS = PLACE_KINDS | {"org", "person"}
# Modifiers that name the body a word belongs to: "Hamas leaders", "Hamas's leader".
OWNER_DEPS = {"compound", "poss", "nmod", "amod"}


def phrase_span(head: Token) -> Span:
    """The words that describe one actor: the head, its left modifiers, a few right ones."""
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in PHRASE_RIGHT_DEPS or (child.dep_ == "prep" and child.lower_ in PHRASE_PREPS):
            end = max(end, child.right_edge.i + 1)
    start = min([head.i] + [c.left_edge.i for c in head.lefts if c.dep_ not in ("cc", "punct", "preconj")])
    return head.doc[start:end]


def _mentions_in(span: Span, table: dict[int, Mention]) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {}
    for i in range(span.start, span.end):
        if i in table:
            seen[(table[i].start, table[i].end)] = table[i]
    return list(seen.values())


def _closest(mentions: list[Mention], head: Token) -> Mention | None:
    """The mention covering the head, else the nearest one."""
    if not mentions:
        return None
    return min(
        mentions, key=lambda m: 0 if m.start <= head.i < m.end else min(abs(m.start - head.i), abs(m.end - 1 - head.i))
    )


def _country_of(names: list[Mention], head: Token) -> str | None:
    """The country a phrase places its actor in.

    "ethnic Albanians in Serbia" live in Serbia; "Bosnian Serbs" are from Bosnia: a people
    named with a place or a second people in front is coded by that place, else by a place
    after it ("the Albanians of southern Serbia"). A known person's country counts too:
    "the Bush administration".
    """
    doc = head.doc
    places = [m for m in names if m.named.country and m.named.kind in OWNER_KINDS]
    ethnic = [m for m in places if m.named.kind == "demonym" and m.start > 0 and doc[m.start - 1].lower_ == "ethnic"]
    places = [m for m in places if m not in ethnic]
    best = _closest(places, head)
    if best is not None and best.named.kind == "demonym" and best.start <= head.i < best.end:
        before = [m for m in places if m.end <= best.start]
        after = [m for m in places if m.start >= best.end and m.named.kind in PLACE_KINDS - {"demonym"}]
        best = before[-1] if before else after[0] if after else best
    return best.named.country if best else None


def code_phrase(head: Token, index: MentionIndex, speaker: Token | None = None, quoting: Token | None = None) -> Actor:
    """Codes for the actor whose phrase is headed by `head`; a pronoun takes its antecedent's.

    `speaker` is whoever reports the clause ("Chad said it would"); `quoting` the speaker of
    the quotation the phrase stands in, for whom "I" and "we" speak."""
    if head.pos_ == "PRON":
        return _code_pronoun(head, index, speaker, quoting)
    span = phrase_span(head)
    part = _part_of(head, index)
    if part is not None:  # "thousands of Hazaras", "leaders of the opposition", "the UNITA wing"
        return part
    names = _mentions_in(span, index.names)
    agents = _mentions_in(span, index.agents)
    main = _closest(names, head)
    agent = _closest(agents, head)
    sector = agent.named.sector if agent else None
    on_head = main is not None and main.start <= head.i < main.end
    if on_head and main.named.kind in ("org", "person", "group"):
        span = _whole_name(span, main)
        # a country guessed from the story yields to one the phrase names: "Chad's Ministry of Mines"
        own = main.named.country if main.named.how != "context" else None
        placed = own or _country_of([m for m in names if m is not main], head)
        country = placed or main.named.country
        how = main.named.how if own or not placed else "dictionary"
        how = how or ("dictionary" if main.named.country or main.named.sector else "entity")
        named_sector = main.named.sector
        if main.named.kind == "group" and not (named_sector or sector) and head.tag_ in ("NNS", "NNPS"):
            named_sector = PEOPLE_SECTOR  # an unlisted people ("Kurds", "Tamils") acting as a crowd
        if named_sector == OUT_OF_OFFICE and sector and agent is not None and agent.end <= main.start:
            named_sector = sector  # the text's own title wins over the dates we hold: "President X"
        if country is None and (named_sector or sector) and index.main_country:
            country, how = index.main_country, "context"  # a titled name the parser took for a body
        return _actor(span, main.named.name, country, named_sector or sector, main.named.kind, how)
    if on_head and main.named.kind in SEATS_OF_GOVERNMENT:  # "Moscow denied", "the Kremlin said"
        return _actor(span, main.named.name, main.named.country, "GOV", "org", "dictionary")
    country = _country_of(names, head)
    if agent and (agent.start <= head.i < agent.end or not on_head):
        kind = "group" if sector in GROUP_SECTORS or head.tag_ in ("NNS", "NNPS") else "org"
        return _coded_agent(span, agent, country, kind, index)
    if on_head and main.named.kind == "demonym" and head.dep_ in ("amod", "compound") and head.head.i != head.i:
        # "tariffs on American goods": the adjective stands for its country, not for a people
        return _actor(span, main.named.name, main.named.country, None, "country", "dictionary")
    if on_head and main.named.kind == "demonym":  # "Kenyan Somalis", "ethnic Uzbeks": a people
        sector = sector or PEOPLE_SECTOR
        if country is None and index.main_country:
            return _actor(span, None, index.main_country, sector, "group", "context")
        return _actor(span, None, country, sector, "group", "dictionary" if country else "unresolved")
    if on_head and country:
        return _actor(span, main.named.name, country, sector, "country", "dictionary")
    doer = _act_doer(head, index) if not names and agent is None else None
    if doer is not None:  # "protests by students", "the army's statement": the act stands for its doer
        return _relabel(code_phrase(doer, index), head)
    body = _body_named_before(head, span, index) if not names and agent is None else None
    if body is not None:  # "the group claimed the attack": the body the article named last
        coded = code_phrase(body, index)
        return _actor(span, coded.name, coded.country, coded.sector, coded.kind, "description")
    if country is None and index.main_country and head.pos_ in ("NOUN", "PROPN") and not main:
        # "the captors", "a passenger train", "unnamed individuals": nothing in the phrase says
        # whose, and an unnamed party of a news story belongs to the country it is about
        return _actor(span, None, index.main_country, sector, "group", "context")
    return _actor(span, None, country, sector, "group", "unresolved")


def _whole_name(span: Span, name: Mention) -> Span:
    """The phrase widened to the whole name its head stands in: the parser may split a name
    at a hyphen ("al-Masri" as "al" and "Masri"), and the phrase is the name, not a piece."""
    return span.doc[min(span.start, name.start) : max(span.end, name.end)]


def _part_of(head: Token, index: MentionIndex) -> Actor | None:
    """Codes for a head that only points at the actor: a share, a member or a part of it.

    "thousands of Iraqi Kurds" are Iraqi Kurds; "leaders of the opposition coalition" and
    "Hamas leaders" take the sector of the body they lead (a longer title such as "party
    leader" says it itself); "the UNITA militarist wing" is UNITA.
    """
    word = head.lemma_.lower()
    agent = index.agents.get(head.i)
    single = agent is None or agent.end - agent.start == 1  # "opposition leader" says it itself
    if single and (word in index.quantities or head.pos_ == "NUM") and head.i not in index.names:
        inner = _of_object(head)
        if inner is not None:
            return _relabel(code_phrase(inner, index), head)
    member = single and (word in index.members or head.lower_ in index.members)
    if head.i in index.names or (agent is not None and not member):
        return None
    owner = next((c for c in head.lefts if c.dep_ in OWNER_DEPS and _names_body(c, index)), None)
    body = code_phrase(owner, index) if owner is not None else None
    if body is None and member:  # "rebel envoys", "leaders of the opposition alliance"
        modifier = next((c for c in head.lefts if c.dep_ in OWNER_DEPS and c.i in index.agents), None)
        inner = _of_object(head)
        if modifier is not None:
            span = phrase_span(head)
            country = _country_of(_mentions_in(span, index.names), head)
            body = _coded_agent(span, index.agents[modifier.i], country, "group", index)
        elif inner is not None:
            body = code_phrase(inner, index)
    if body is None or (member and body.sector is None):
        return None
    coded = _relabel(body, head)
    if member and coded.country is None:  # members of a body no list holds: the country around it
        return replace(coded, country=_country_of(_mentions_in(phrase_span(head), index.names), head))
    return coded


def _names_body(token: Token, index: MentionIndex) -> bool:
    mention = index.names.get(token.i)
    return mention is not None and mention.named.kind in ("org", "group") and mention.end - 1 == token.i


def _of_object(head: Token) -> Token | None:
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _relabel(actor: Actor, head: Token) -> Actor:
    """An actor coded from an inner phrase, shown with the whole phrase the text gives."""
    span = phrase_span(head)
    return replace(actor, text=span.text, start=span.start_char, end=span.end_char)


def never_actor(head: Token, index: MentionIndex) -> bool:
    """A disease, a storm or another hazard (agents.yaml `not_actors`): it acts on no one's behalf."""
    return head.lower_ in index.not_actors or head.lemma_.lower() in index.not_actors


def code_phrases(
    head: Token,
    index: MentionIndex,
    speaker: Token | None = None,
    quoting: Token | None = None,
    as_government: bool = False,
) -> list[Actor]:
    """One actor per country when coordinated adjectives share a head: "Indian and French warships".

    A disease, a storm or another never-actor word ("cholera killed 30") is no actor at all.
    With `as_government` a bare state stands for its government: as the doer of any act, or
    as the one an accusation, a demand or a promise is addressed to."""
    if never_actor(head, index):
        return []
    actor = code_phrase(head, index, speaker, quoting)
    if as_government:
        actor = as_state_actor(actor)
    for modifier in head.lefts:
        if modifier.dep_ in ("amod", "compound", "nmod") and modifier.conjuncts:
            countries = [index.names[t.i].named.country for t in (modifier, *modifier.conjuncts) if t.i in index.names]
            countries = [c for c in dict.fromkeys(countries) if c]
            if len(countries) > 1:
                return [replace(actor, country=c, resolution="dictionary") for c in countries]
    return [actor]


def as_state_actor(actor: Actor) -> Actor:
    """A country named as a party acts, and is spoken to, through its government: "Kenya
    expelled the envoy", "it urged restraint" (it = China), "accused Uganda". The target of a
    material act may be the land or its people ("shelled Ukraine"), and is not coded so."""
    if actor.kind == "country" and actor.country and actor.sector is None:
        return replace(actor, sector=STATE_SECTOR)
    return actor


def _code_pronoun(pronoun: Token, index: MentionIndex, speaker: Token | None, quoting: Token | None) -> Actor:
    found = antecedent(pronoun, index, speaker, quoting)
    span = pronoun.doc[pronoun.i : pronoun.i + 1]
    if found is None:
        return _actor(span, None, None, None, "group", "unresolved")
    coded = code_phrase(found, index)
    return _actor(span, coded.name or coded.text, coded.country, coded.sector, coded.kind, "pronoun")


def _coded_agent(span: Span, agent: Mention, country: str | None, kind: str, index: MentionIndex) -> Actor:
    how = "agent"
    if country is None and _definite(span.doc[agent.end - 1]):
        country = _described_before(span.doc, agent, index)
        how = "description" if country else how
    if country is None and index.main_country and agent.named.name.lower() not in index.stateless:
        country, how = index.main_country, "context"
    return _actor(span, None, country, agent.named.sector, kind, how)


def _actor(span: Span, name: str | None, country: str | None, sector: str | None, kind: str, how: str) -> Actor:
    return Actor(
        text=span.text,
        name=name,
        country=country,
        sector=sector,
        kind=kind,
        start=span.start_char,
        end=span.end_char,
        resolution=how,
    )


def _definite(head: Token) -> bool:
    """ "the spokesperson", "this ministry": a description of someone named before (the
    parser marks the definite article and the demonstratives in the determiner's morphology)."""
    return any(
        c.dep_ == "det" and ("Def" in c.morph.get("Definite") or "Dem" in c.morph.get("PronType")) for c in head.lefts
    )


def _described_before(doc: Doc, agent: Mention, index: MentionIndex) -> str | None:
    """The country of the latest earlier mention of the same agent word that named one.

    "A U.S. embassy spokesperson said ... the spokesperson added": a definite description
    with no place of its own refers back to the one the article introduced, and is theirs."""
    earlier = {m for m in index.agents.values() if m.end <= agent.start and m.named.name == agent.named.name}
    for mention in sorted(earlier, key=lambda m: -m.start):
        head = doc[mention.end - 1]
        country = _country_of(_mentions_in(phrase_span(head), index.names), head)
        if country is not None:
            return country
    return None


def _body_named_before(head: Token, span: Span, index: MentionIndex) -> Token | None:
    """The last token of the latest body named before a bare "the group" or "the movement"."""
    if head.lemma_.lower() not in index.back_references or span.end - span.start != 2 or not _definite(head):
        return None
    bodies = [m for m in index.all_names() if m.named.kind == "org" and m.end <= span.start]
    latest = max(bodies, key=lambda m: m.start, default=None)
    return head.doc[latest.end - 1] if latest is not None else None


def _act_doer(head: Token, index: MentionIndex) -> Token | None:
    """Who did the act a noun names: in a "by" phrase ("protests by students", "raids carried
    out by police"); for an act word (agents.yaml `acts`) also "from", a possessive or the
    clause it completes ("a statement from the ministry", "the army's operation", "the army
    announced plans") or, after "the", where the article told that act before ("the ministry
    wrote in a statement ... the statement")."""
    if head.pos_ != "NOUN":
        return None
    doer = _done_by(head, index, ("by",))
    if doer is not None or head.lemma_.lower() not in index.acts:
        return doer
    earlier = [head]
    if _definite(head):
        earlier += reversed([t for t in head.doc[: head.i] if t.lemma_ == head.lemma_ and t.pos_ == "NOUN"])
    for act in earlier:
        doer = _done_by(act, index, ACT_DOER_PREPS, possessive=True)
        doer = doer or _teller(act, index)
        if doer is not None:
            return doer
    return None


def _teller(act: Token, index: MentionIndex) -> Token | None:
    """The subject of the verb an act noun completes: "the army launched an operation", "the
    ministry wrote in a statement"."""
    verb = act.head.head if act.dep_ == "pobj" else act.head if act.dep_ == "dobj" else None
    if verb is None or verb.pos_ != "VERB":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and index.names_actor(subject) else None


def _done_by(head: Token, index: MentionIndex, preps: tuple[str, ...], possessive: bool = False) -> Token | None:
    """The doer an act's noun names in its phrase: "airstrikes by the Somali army", "a statement
    from the ministry", "the ministry's statement", "an operation conducted by the army"."""
    for child in head.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            doer = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            doer = _done_by(child, index, ("by",))
        else:
            doer = child if possessive and child.dep_ == "poss" else None
        if doer is not None and index.names_actor(doer):
            return doer
    return None
