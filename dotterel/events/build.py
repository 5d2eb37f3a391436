"""Turn a trigger match into an Event record: codes, roles, date, source, modality, evidence.

Everything here reads what earlier stages left on the parsed document (mentions, dates,
quotes); nothing parses again. Offsets are in the cleaned text; the pipeline maps them
back to the article as read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc, Token

from dotterel.actors.coding import code_phrases, never_actor
from dotterel.attribution import Attribution, source_of, speech_head
from dotterel.coreference.events import doers_carried
from dotterel.coreference.pronouns import FIRST_PERSON
from dotterel.events.codebook import Codebook, EventType
from dotterel.events.context import ArticleContext
from dotterel.events.matching import TriggerMatch
from dotterel.events.modality import event_modality, under_condition
from dotterel.events.roles import (
    bare_participle,
    find_recipient,
    judged,
    noun_actor,
    owner,
    with_conjuncts,
)
from dotterel.events.sources import event_source, speaker_of
from dotterel.events.timing import event_date, modality_date, publication_date, sentence_date, told_in_past
from dotterel.mentions import MentionIndex
from dotterel.model import Actor, DateMention, Event, Evidence, Source, Speaker, Trigger
from dotterel.speech import SpeechWords, is_cue
from dotterel.syntax import child_with, is_passive, passive_agent, tree_depth, verb_subject

# Country codes of bodies above states: leaving one is ending ties with it.
INTERNATIONAL_BODIES = {"IGO", "UNO", "EUR"}
ARMED_SECTORS = {"MIL", "COP"}  # forces of a body are not the body
# Mentions that name a state as a whole: a story's country is pointed back to by one of these.
STATE_KINDS = {"country", "capital", "demonym", "metonym"}
# A rejected claim answers the accusation told at most this many sentences before it.
CLAIM_REACH = 2
REJECT_TYPE, ACCUSE_TYPE = "REJECT", "ACCUSE"
# The preposition that turns a two-sided act into one aimed at the other side.
AIMED_PREPS = {"against"}
# An event dated this many days or fewer from publication codes its people by their office
# at publication (dates that close are often just the story's own).
ROLE_DATE_SLACK = 90
# Verbal cooperation and verbal conflict: the quads whose acts are done by saying them.
VERBAL_QUADS = (1, 3)
# Confidence factors: an event whose actor the parse found is likelier right than one
# without; reported and conditional events are less certain facts.
NO_ACTOR_FACTOR = 0.7
MODALITY_FACTOR = {
    "asserted": 1.0,
    "reported": 0.9,
    "future": 0.85,
    "historical": 0.9,
    "hypothetical": 0.7,
    "negated": 0.8,
}


def build_events(matches: list[TriggerMatch], ctx: ArticleContext) -> list[tuple[TriggerMatch, Event]]:
    """An event for each match that some actor performs.

    "Cholera killed 30" and "the storm destroyed the bridge" have no actor to code (PLOVER
    codes acts of actors); an entry marked `needs_actor` ("the new law *allows* officials
    to ...") reports an event only when its actor codes to a country or a sector.
    """
    events = [built for match in matches for built in _built(match, ctx)]
    events = _claims_answered(_without_demanded_acts(_one_judgement_per_sentence(events)), ctx.codebook)
    carried = doers_carried([(match.trigger, event) for match, event in events])
    return [(match, event) for (match, _), event in zip(events, carried, strict=True)]


def _built(match: TriggerMatch, ctx: ArticleContext) -> list[tuple[TriggerMatch, Event]]:
    """The match's event; or, for a judgement that is no event here, the acts it folded in:
    outside speech "they failed to reach a deal" still reports the failed deal."""
    event = build_event(match, ctx)
    if event is not None:
        return [(match, event)]
    if not match.entry.spoken:
        return []
    return [(inner, e) for inner in match.absorbed for e in [build_event(inner, ctx)] if e is not None]


def _claims_answered(built: list[tuple[TriggerMatch, Event]], codebook: Codebook) -> list[tuple[TriggerMatch, Event]]:
    """A rejection of a claim with no one named ("New Delhi rejected the charge", "Kabul
    dismissed those claims") answers whoever made the accusation the story has just told, in
    the same sentence or the two before it."""
    out = []
    for match, event in built:
        if event.type == REJECT_TYPE and not event.recipient and _rejects_a_claim(match.trigger, codebook):
            accusers = _last_accusers(built, event)
            event = replace(event, recipient=accusers) if accusers else event
        out.append((match, event))
    return out


def _rejects_a_claim(trigger: Token, codebook: Codebook) -> bool:
    """ "rejected the allegation", "a charge Kabul rejected": the thing refused is a claim."""
    claims = [c for c in trigger.children if c.dep_ == "dobj"]
    if trigger.dep_ == "relcl":
        claims.append(trigger.head)
    return any(c.lemma_.lower() in codebook.hearsay_nouns for c in claims)


def _last_accusers(built: list[tuple[TriggerMatch, Event]], rejection: Event) -> list[Actor]:
    """The actors of the latest accusation before a rejection, at most two sentences back."""
    here = rejection.evidence
    earlier = [
        e
        for _, e in built
        if e.type == ACCUSE_TYPE
        and e.actor
        and here.sentence - CLAIM_REACH <= e.evidence.sentence <= here.sentence
        and e.evidence.trigger.start < here.trigger.start
    ]
    names = {a.name or a.text for a in rejection.actor}
    latest = max(earlier, key=lambda e: e.evidence.trigger.start, default=None)
    return [a for a in latest.actor if (a.name or a.text) not in names] if latest is not None else []


def _without_demanded_acts(built: list[tuple[TriggerMatch, Event]]) -> list[tuple[TriggerMatch, Event]]:
    """ "They must stop the shelling," she said: the stopping is what she demands, not an event;
    so is the act of "it is time to lift the curfew"."""
    demanded = {m.trigger.head.i for m, _ in built if m.entry.spoken and m.trigger.dep_ == "aux"}
    demanded |= {
        c.i
        for m, _ in built
        if m.entry.spoken
        for c in m.trigger.children
        if c.dep_ == "xcomp" or (m.trigger.pos_ == "NOUN" and c.dep_ in ("relcl", "acl"))
    }
    return [(m, e) for m, e in built if m.entry.spoken or m.trigger.i not in demanded]


def _one_judgement_per_sentence(built: list[tuple[TriggerMatch, Event]]) -> list[tuple[TriggerMatch, Event]]:
    """ "unfair and inhumane," she said: one accusation, however many words of blame it takes.
    A spoken judgement also gives way to an event of its type that a stronger word reports."""
    taken = {(e.evidence.sentence, e.type) for m, e in built if not m.entry.spoken}
    kept = []
    for match, event in built:
        key = (event.evidence.sentence, event.type)
        if match.entry.spoken:
            if key in taken:
                continue
            taken.add(key)
        kept.append((match, event))
    return kept


def build_event(match: TriggerMatch, ctx: ArticleContext) -> Event | None:
    """The event a match reports, or None when nobody acted (see `build_events`)."""
    entry, trigger = match.entry, match.trigger
    event_type = ctx.codebook.types[entry.type]
    roles = _spoken_roles(match, ctx) if entry.spoken else _roles(match, event_type, ctx)
    if roles is None and match.unspoken is not None:
        return build_event(match.unspoken, ctx)  # no source says it: the word's act reading
    if roles is None or not _reports_an_act(match, *roles, ctx):
        return None
    date = event_date(trigger, ctx)
    own_date = sentence_date(trigger, ctx)
    actors, recipients = (_in_office_then(side, own_date, ctx) for side in roles)
    # a date carried over from the sentence before places the event in time, and dates its
    # modality only for an act told in the simple past or past perfect: "have demanded" stays current
    modality_date = own_date or (date if told_in_past(trigger) else publication_date(ctx))
    modality, source = _modality_and_source(match, ctx, modality_date)
    if _a_scenario(trigger, modality, actors, ctx.words):
        return None
    if (event_type.announces or entry.announces) and modality in ("future", "hypothetical"):
        modality = "reported" if source else "asserted"  # "we will retaliate": the threat is made now
    if entry.spoken and modality == "historical" and _said_now(trigger, ctx):
        modality = "asserted"  # "they say the ban violated the law": the judgement is made now
    source = _own_words(trigger, event_type, actors, source, ctx)
    mode, cameo = entry.mode, ctx.codebook.cameo_for(entry)
    if (
        event_type.body_withdrawal_type
        and entry.mode == "withdraw"
        and (_leaves_a_body(recipients) or _leaves_an_accord(trigger, ctx.codebook.accord_nouns))
    ):
        event_type, mode, cameo = _as_type(ctx.codebook.types[event_type.body_withdrawal_type], "withdraw")
    recoded = _recoded_type(match, event_type, modality, ctx)
    if recoded is not None:
        # PLOVER codes an announced act as the announcement: "will visit" is AGREE,
        # "will not accept refugees" a REJECT. A cooperative plan stays `future` (not yet
        # done); a threat or a refusal is made by saying it.
        planned = modality == "future" and not recoded.announces and recoded.name != event_type.refusal_type
        # "we are ready to help", she said: a promise its maker tells is made by saying it
        planned = planned and not _says_it_themselves(recoded, actors, source, entry.spoken, strict=True)
        event_type, mode = recoded, None
        modality = "future" if planned else "reported" if source else "asserted"
        cameo = event_type.cameo
        if entry.reciprocal and not entry.spoken:
            actors, recipients = _one_sided(match, event_type, own_date, ctx)
    if modality == "reported" and _says_it_themselves(event_type, actors, source, entry.spoken):
        modality = "asserted"  # a speaker's own demand, charge or promise: the saying is the event
    confidence = entry.reliability * (1.0 if actors else NO_ACTOR_FACTOR) * MODALITY_FACTOR[modality]
    return Event(
        id=f"{ctx.article_id}-{ctx.sentence_ids.get(trigger.sent.start, 0)}-{trigger.idx}",
        type=event_type.name,
        mode=mode,
        contexts=list(entry.contexts),
        quad=event_type.quad,
        score=event_type.score_for(mode),
        cameo=cameo,
        actor=actors,
        recipient=recipients,
        date=date,
        location=None,
        source=source,
        modality=modality,
        evidence=_evidence(match, ctx),
        confidence=round(confidence, 3),
    )


def _reports_an_act(match: TriggerMatch, actors: list[Actor], recipients: list[Actor], ctx: ArticleContext) -> bool:
    """Whether the match reports an act of someone, here: not a common word with no one coded
    behind it, not a noun pointing back at an act told before, not the aim of another act."""
    entry, trigger = match.entry, match.trigger
    if entry.needs_actor and not any(_codes_of_its_own(a) for a in actors):
        return False  # a country lent by the story's topic does not make "the new law" an actor
    if entry.needs_recipient and not any(_codes_of_its_own(r) for r in recipients):
        return False
    if not actors and not recipients and _refers_back(trigger, ctx.codebook):
        return False
    if not actors and _befell_in(trigger, ctx.index):
        return False
    if _fights_a_hazard(match, ctx.index) or _travel_no_visit(match, ctx.codebook):
        return False
    return not _purpose(trigger, ctx.codebook)


def _befell_in(trigger: Token, index: MentionIndex) -> bool:
    """ "were killed *in the earthquake*", "injured *in a bus crash*", "the *cyclone* slammed
    into the coast": a hazard or an accident did it, not an actor (agents.yaml `not_actors`)."""
    if any(c.dep_ == "nsubj" and never_actor(c, index) for c in trigger.children):
        return True
    return any(
        prep.lower_ in ("in", "by", "from") and any(o.dep_ == "pobj" and never_actor(o, index) for o in prep.children)
        for prep in trigger.children
        if prep.dep_ in ("prep", "agent")
    )


def _fights_a_hazard(match: TriggerMatch, index: MentionIndex) -> bool:
    """ "battled the blaze", "fighting the outbreak": a struggle with a fire, a flood or a
    disease (agents.yaml `not_actors`) is no act against anyone. Not a word of the entry's
    own ("opened fire on")."""
    return any(c.dep_ == "dobj" and c.i not in match.parts and never_actor(c, index) for c in match.trigger.children)


def _travel_no_visit(match: TriggerMatch, codebook: Codebook) -> bool:
    """ "the tanker arrived in port", "the detainees were flown to the capital": a journey of
    a vehicle or of people moved or on the move (types.yaml `not_visitors`) visits no one."""
    trigger = match.trigger
    if match.entry.mode != "visit" or trigger.pos_ != "VERB":
        return False
    if is_passive(trigger):
        return True  # someone was taken there
    movers = [c for c in trigger.children if c.dep_ == "nsubj"]
    return any(_on_the_move(m, codebook) for m in movers)


def _on_the_move(mover: Token, codebook: Codebook) -> bool:
    return mover.lemma_.lower() in codebook.not_visitors or (mover.ent_type_ == "NORP" and mover.tag_ == "NNPS")


def _codes_of_its_own(actor: Actor) -> bool:
    return bool(actor.sector or (actor.country and actor.resolution != "context"))


def _evidence(match: TriggerMatch, ctx: ArticleContext) -> Evidence:
    trigger, sent = match.trigger, match.trigger.sent
    return Evidence(
        sentence=ctx.sentence_ids.get(sent.start, 0),
        text=sent.text.strip(),
        start=sent.start_char + len(sent.text) - len(sent.text.lstrip()),
        end=sent.start_char + len(sent.text.rstrip()),
        trigger=Trigger(trigger.text, trigger.idx, trigger.idx + len(trigger)),
        rule=match.entry.id,
        depth=tree_depth(trigger),
    )


def _recoded_type(match: TriggerMatch, event_type: EventType, modality: str, ctx: ArticleContext) -> EventType | None:
    """The type PLOVER gives a future act, a cooperative act offered or refused, a hostile pledge."""
    trigger, codebook = match.trigger, ctx.codebook
    if event_type.hostile_intent_type and _pledges_hostile_act(match, codebook):
        return codebook.types[event_type.hostile_intent_type]
    if event_type.willingness_type and _complement_of(trigger, codebook.willingness_words):
        return codebook.types[event_type.willingness_type]
    if event_type.refusal_type and _complement_of(trigger, codebook.refusal_words):
        return codebook.types[event_type.refusal_type]
    conditional = modality == "hypothetical" and _conditional(trigger, codebook.condition_words)
    if event_type.future_type and (modality == "future" or conditional):
        return codebook.types[event_type.future_type]
    if modality == "negated" and event_type.refusal_type and _future_clause(trigger, ctx.words):
        return codebook.types[event_type.refusal_type]
    return None


def _pledges_hostile_act(match: TriggerMatch, codebook: Codebook) -> bool:
    """ "vowed to fight on", "announced it would pull out its monitors": the act pledged is conflictual."""
    return any(
        inner.trigger.head.i == match.trigger.i
        and inner.trigger.dep_ in ("xcomp", "ccomp", "advcl")
        and codebook.types[inner.entry.type].quad >= 3
        and not any(child.dep_ == "neg" for child in inner.trigger.children)
        for inner in match.absorbed
    )


def _conditional(trigger: Token, marks: frozenset[str]) -> bool:
    """ "may halt the talks if attacks continue": an act made to hang on a condition is announced."""
    return any(
        child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in child.children)
        for child in trigger.children
    )


def _complement_of(trigger: Token, words: frozenset[str]) -> bool:
    """ "is ready to release", "willing to withdraw"; with the refusal words "refused to release"."""
    head = trigger.head
    return trigger.dep_ == "xcomp" and (head.lower_ in words or head.lemma_.lower() in words)


def _future_clause(trigger: Token, words: SpeechWords) -> bool:
    """ "will not accept", "would not meet": a negation about what the actor is going to do."""
    clause = [trigger, trigger.head] if trigger.dep_ == "xcomp" else [trigger]
    future = words.future_auxiliaries | words.reported_future_modals
    return any(c.dep_ == "aux" and c.lower_ in future for t in clause for c in t.children)


def _roles(
    match: TriggerMatch, event_type: EventType, ctx: ArticleContext, directed: bool = False
) -> tuple[list[Actor], list[Actor]] | None:
    """Actors and recipients, coded; None when the doer is a disease, a storm or another hazard.

    A reciprocal act ("met", "clashed") puts every side among the actors, unless it is
    `directed`: announced or refused by one side ("will hold talks with Kyiv" is a pledge
    to Kyiv), or aimed at the other ("a war against the junta")."""
    actor_heads, recipient_head = _role_heads(match, event_type, ctx.index, ctx.codebook, ctx.words.source_nouns)
    if actor_heads and never_actor(actor_heads[0], ctx.index):
        return None
    cue = speech_head(match.trigger, ctx.words, ctx.attributions)
    # "Chad said it would ...": it = Chad
    speaker = verb_subject(cue, ctx.words.source_nouns) if cue is not None else None
    quoting = _quotation_speaker(match.trigger, ctx)
    actors = [a for h in actor_heads for a in code_phrases(h, ctx.index, speaker, quoting, as_government=True)]
    recipient_heads = with_conjuncts(recipient_head) if recipient_head is not None else []
    told = event_type.quad in VERBAL_QUADS  # a state told, asked or blamed is its government
    recipients = [r for h in recipient_heads for r in code_phrases(h, ctx.index, None, quoting, as_government=told)]
    if not recipients and event_type.requires_recipient and not match.entry.reciprocal:
        recipients = _story_country(match.trigger, actors, ctx)
    one_way = _against(recipient_head) or (event_type.requires_recipient and bool(actors) and _with(recipient_head))
    if match.entry.reciprocal and not (directed or one_way):
        return actors + recipients, []
    return actors, recipients


def _story_country(trigger: Token, actors: list[Actor], ctx: ArticleContext) -> list[Actor]:
    """The country a story is about, for an act that must go to someone and names no one
    ("the sanctions will stay in place") done by an outsider: its latest mention before the
    act stands for it. Not for an act of that country's own people, which may be domestic."""
    home = ctx.index.main_country
    if home is None or not any(a.country for a in actors) or any(a.country == home for a in actors):
        return []
    named = [m for m in ctx.index.all_names() if m.end <= trigger.i and m.named.country == home]
    countries = [m for m in named if m.named.kind in STATE_KINDS]
    return code_phrases(ctx.doc[countries[-1].end - 1], ctx.index) if countries else []


def _one_sided(
    match: TriggerMatch, event_type: EventType, date: DateMention | None, ctx: ArticleContext
) -> tuple[list[Actor], list[Actor]]:
    """The sides of a two-sided act that one side pledges or refuses: the pledger acts, the
    other side receives ("will hold talks with Kyiv" is an offer made to Kyiv)."""
    actors, recipients = _roles(match, event_type, ctx, directed=True) or ([], [])
    return _in_office_then(actors, date, ctx), _in_office_then(recipients, date, ctx)


def _against(recipient: Token | None) -> bool:
    """Whether the other side of a two-sided act is named as its target: "fought an
    insurgency *against* the state" has one side fighting the other, not two meeting."""
    while recipient is not None and recipient.dep_ in ("amod", "compound", "poss"):
        recipient = recipient.head  # "the Malian state": the phrase the owner stands in
    return recipient is not None and recipient.dep_ == "pobj" and recipient.head.lower_ in AIMED_PREPS


def _with(recipient: Token | None) -> bool:
    """Whether the other side is named in a "with" phrase: for an act that must go to someone
    (sanctions, aid, cooperation) "his trade war with Ottawa" is waged on Ottawa, while "the
    trade war between the two blocs" has no one side."""
    return recipient is not None and recipient.dep_ == "pobj" and recipient.head.lower_ == "with"


def _in_office_then(actors: list[Actor], date: DateMention | None, ctx: ArticleContext) -> list[Actor]:
    """A known person is coded by the office held when the event happened, not when the story
    ran: a president's 2011 crackdown is a president's (GOV), however former he is today. A
    body whose sector changed (an insurgency that took power) is coded by the event's date, or
    else the story's, since its name was coded by what it is today."""
    day = _middle_day(date) if date is not None else None
    if day is None or ctx.published is None or abs((day - ctx.published).days) <= ROLE_DATE_SLACK:
        day = None  # a person's codes for the story's date were given when the name was found
    out = []
    for actor in actors:
        known = ctx.people.get(actor.name or "") if actor.kind in ("person", "org") else None
        when = day or (ctx.published if actor.kind == "org" else None)
        if known is not None and when is not None and (actor.kind == "org" or actor.resolution == "dictionary"):
            country, sector = known.codes_on(when)
            actor = replace(actor, country=country, sector=sector)
        out.append(actor)
    return out


def _middle_day(date: DateMention) -> dt.date | None:
    """The middle of a day, month or year value ("2011" -> 1 July 2011), for looking up offices."""
    value = date.value or ""
    try:
        if date.granularity == "day":
            return dt.date.fromisoformat(value[:10])
        if date.granularity == "month":
            return dt.date(int(value[:4]), int(value[5:7]), 15)
        if date.granularity == "year":
            return dt.date(int(value[:4]), 7, 1)
    except ValueError:
        return None
    return None


def _as_type(event_type: EventType, mode: str) -> tuple[EventType, str | None, str | None]:
    """An act recoded as `event_type`, keeping its mode where that type has it."""
    kept = mode if mode in event_type.modes else None
    return event_type, kept, (event_type.modes.get(kept) or {}).get("cameo") or event_type.cameo


def _own_words(
    trigger: Token, event_type: EventType, actors: list[Actor], source: Source | None, ctx: ArticleContext
) -> Source | None:
    """Who says so for a verbal act made by a speech verb: "X said Kabul must act" is X's demand
    told in X's words, so X is its source. A verb that names the act itself ("X warned Kabul",
    "X alleged fraud") is X's act as the reporter tells it, with no source."""
    if event_type.quad not in VERBAL_QUADS or not actors or source is not None:
        return source
    if is_cue(trigger, ctx.words) and trigger.lemma_.lower() in ctx.words.plain_speech_verbs:
        actor = actors[0]
        return Source(Speaker(actor.name or actor.text, actor.country, actor.sector), trigger.text, False)
    quoting = _quotation_cued_by(trigger, ctx)
    if quoting is not None:
        return Source(speaker_of(quoting.speaker, ctx), trigger.text, True)
    return source


def _quotation_cued_by(trigger: Token, ctx: ArticleContext) -> Attribution | None:
    """A quotation the act is made with: 'called the ruling "a disgrace"' or 'demanded that
    Kabul "act now"' gives the act in the actor's own words, so the actor is its source. A
    speech verb that names the act ('alleged that troops "fired first"') stays the reporter's
    account of the act, as without the quotation."""
    if trigger.lemma_.lower() in ctx.words.cue_verbs:
        return None
    cued = (a for a in ctx.attributions if a.direct and a.cue is not None and a.cue.i == trigger.i)
    return next((a for a in cued if a.speaker is not None), None)


def _leaves_a_body(recipients: list[Actor]) -> bool:
    """ "withdrew from the bloc": the body is left. Its troops pulling out ("the withdrawal of
    NATO troops") leave a country, not the body."""
    return any(r.country in INTERNATIONAL_BODIES and r.sector not in ARMED_SECTORS for r in recipients)


def _a_scenario(trigger: Token, modality: str, actors: list[Actor], words: SpeechWords) -> bool:
    """ "if the children can be abducted", "if the freeze is not lifted": a passive act no one is
    said to bring about, in a condition or a possibility, is a scenario, not an event."""
    if actors or not is_passive(trigger):
        return False
    return modality == "hypothetical" or (modality == "negated" and under_condition(trigger, words))


def _leaves_an_accord(trigger: Token, accord_nouns: frozenset[str]) -> bool:
    """ "pulled out of the arms deal", "the withdrawal from the treaty": a party leaves an
    agreement or a negotiation, not a territory."""
    links = [c for c in trigger.children if c.dep_ in ("prep", "prt")]
    links += [g for c in links for g in c.children if g.dep_ == "prep"]  # "out" -> "of"
    left = [o for p in links if p.lower_ in ("from", "of") for o in p.children if o.dep_ == "pobj"]
    left += [c for c in trigger.children if c.dep_ == "dobj"]  # "quit the pact"
    return any(o.lemma_.lower() in accord_nouns for o in left)


def _says_it_themselves(
    event_type: EventType, actors: list[Actor], source: Source | None, spoken: bool, strict: bool = False
) -> bool:
    """A verbal act (a demand, an accusation, a promise) that its own speaker reports is done by
    the saying: "we urge Kabul to act," he said is his REQUEST as a fact, not a report of one.
    STRICT asks that the speaker be shown to be the actor's side, not merely quoted."""
    if spoken:
        return True
    if event_type.quad not in VERBAL_QUADS or source is None or source.speaker is None:
        return False
    if strict:
        return any(_same_party(a, source.speaker) for a in actors)
    return source.quoted or not actors or any(_same_party(a, source.speaker) for a in actors)


# Sectors whose people speak for their state: "the minister said Kenya will not back down".
STATE_SECTORS = {"GOV", "MIL"}


def _same_party(actor: Actor, speaker: Speaker) -> bool:
    """The speaker, or one who speaks for the actor: a government's official for the state
    or its government ("Odhiambo said Kenya rejects the plan")."""
    if bool(actor.name and actor.name == speaker.name) or actor.text.lower() in FIRST_PERSON:
        return True
    for_state = actor.sector is None or actor.sector in STATE_SECTORS
    return bool(actor.country) and actor.country == speaker.country and speaker.sector == "GOV" and for_state


def _spoken_roles(match: TriggerMatch, ctx: ArticleContext) -> tuple[list[Actor], list[Actor]] | None:
    """A judgement in someone's words ("the raids were illegal," she said): the speaker accuses
    whoever the judgement is about. None outside speech, where the reporter is describing."""
    found = source_of(match.trigger, ctx.attributions)
    if found is None or found.speaker is None or _past_obligation(match.trigger):
        return None
    if _disowned(match.trigger, found.cue, ctx.codebook) or _claimed(match.trigger, found.cue, ctx.words):
        return None
    speaker = code_phrases(found.speaker, ctx.index, as_government=True)
    target = judged(match.trigger)
    recipients = code_phrases(target, ctx.index, None, found.speaker, as_government=True) if target is not None else []
    if target is not None and target.pos_ == "PRON" and target.lower_ in FIRST_PERSON:
        recipients = []
    names = {a.name or a.text for a in speaker}
    return speaker, [r for r in recipients if (r.country or r.sector or r.name) and (r.name or r.text) not in names]


def _disowned(trigger: Token, cue: Token | None, codebook: Codebook) -> bool:
    """A judgement the speaker cites only to deny it: "rejected accusations that the arrest was
    illegal", "denied that the raid was unlawful". The blame is the accusers', not theirs.
    Only up to the cue: in "rejected the plan, saying it was illegal" the saying is theirs."""
    in_clause = False  # "false rumours" judges the rumours; only a clause can be their content
    for above in trigger.ancestors:
        lemma = above.lemma_.lower()
        if (in_clause and above.pos_ == "NOUN" and lemma in codebook.hearsay_nouns) or (
            above.pos_ == "VERB" and lemma in codebook.denial_verbs
        ):
            return True
        if cue is not None and above.i == cue.i:
            return False
        in_clause = in_clause or above.pos_ in ("VERB", "AUX")
    return False


def _claimed(trigger: Token, cue: Token | None, words: SpeechWords) -> bool:
    """ "claimed responsibility for the sabotage": a claimant takes the act as theirs; no word
    of the claim blames anyone."""
    return cue is not None and any(c.dep_ == "dobj" and c.lemma_.lower() in words.claimed_nouns for c in cue.children)


def _past_obligation(trigger: Token) -> bool:
    """ "should have acted", "must have known": a reproach or a guess about the past, no demand."""
    return trigger.dep_ == "aux" and any(c.dep_ == "aux" and c.lower_ == "have" for c in trigger.head.children)


def _quotation_speaker(trigger: Token, ctx: ArticleContext) -> Token | None:
    """Who speaks the direct quotation a trigger stands in: "I" and "we" there are that speaker."""
    found = source_of(trigger, ctx.attributions)
    return found.speaker if found is not None and found.direct else None


def _role_heads(
    match: TriggerMatch, event_type: EventType, index: MentionIndex, codebook: Codebook, source_nouns: frozenset[str]
) -> tuple[list[Token], Token | None]:
    trigger, constraint = match.trigger, match.constraint
    actor = _actor_head(trigger, codebook, source_nouns)
    if bare_participle(trigger):  # "if convicted, the editor faces ...": the editor is not the convicter
        actor = passive_agent(trigger)
    if match.entry.subject_is_recipient:
        return [], actor
    if actor is not None and _possessor_undergoes(trigger, actor, codebook):
        return [], actor  # "the reporter's arrest": the reporter was arrested
    if actor is None and match.entry.passive_actor and is_passive(trigger):
        actor = next((c for c in trigger.children if c.dep_ == "nsubjpass"), None)
    roles = match.entry.recipient or event_type.recipient
    recipient = _recipient(match, roles, event_type, index)
    if recipient is None and constraint is not None and "dobj" in roles:
        # "attacked rebels": the word that chose the entry is also the target; "attacked an
        # army base": the base's owner is
        recipient = constraint if index.names_actor(constraint) else owner(constraint, index.names_actor)
    if recipient is None:
        recipient = (
            _undergoer(trigger, codebook)
            or _purpose_target(trigger, index)
            or _aimed_at(trigger, codebook, index)
            or _victim(trigger, codebook)
            or _conditioned_on(trigger, codebook, index)
        )
    if actor is None:
        actor = _claimant(trigger, codebook, source_nouns)
    if recipient is not None and actor is not None and recipient.i == actor.i:
        recipient = None
    return (with_conjuncts(actor) if actor is not None else []), recipient


def _host_verb(noun: Token) -> Token | None:
    """The verb a noun's prepositional phrase hangs on: "died [in the attack]" -> died."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.i == prep.i:
        return None
    return prep.head  # a verb, or a noun such as "responsibility [for the attack]"


def _victim(trigger: Token, codebook: Codebook) -> Token | None:
    """ "Five guards died in the attack", "were wounded in the raid": who suffered the act."""
    verb = _host_verb(trigger)
    if verb is None or verb.lemma_.lower() not in codebook.suffer_verbs:
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _claimant(trigger: Token, codebook: Codebook, source_nouns: frozenset[str]) -> Token | None:
    """ "The group claimed responsibility for the attack": who claims an act did it."""
    holder = _host_verb(trigger)  # "responsibility [for the attack]": the noun, not a verb
    if holder is None or holder.lemma_.lower() not in codebook.claim_nouns:
        return None  # "claimed responsibility for", "took credit for", "are responsible for"
    return verb_subject(holder.head, source_nouns) if holder.dep_ in ("dobj", "acomp") else None


def _purpose(trigger: Token, codebook: Codebook) -> bool:
    """ "Troops were sent *to protect* civilians": an aim stated for another act, not an act
    that the article reports. After a call or a launched operation the aim is what was done:
    "phoned the premier to congratulate him", "launched raids to detain 110 suspects"."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return False
    if trigger.dep_ == "acl" and trigger.head.lemma_.lower() in codebook.aim_nouns:
        return True  # "talks to resolve the dispute": what the talks are for, not yet done
    return trigger.dep_ == "advcl" and trigger.head.lemma_.lower() not in codebook.means_verbs


def _refers_back(trigger: Token, codebook: Codebook) -> bool:
    """ "the scene of the attack", "after that raid": a definite noun with no one named around it
    points back to an act the article has told, or names a kind of act ("terrorist attacks are
    common"); it reports nothing new."""
    if trigger.pos_ != "NOUN":
        return False
    determiners = {c.lower_ for c in trigger.children if c.dep_ in ("det", "predet")}
    return bool(determiners & codebook.back_reference_words) or (not determiners and trigger.tag_ == "NNS")


def _actor_head(trigger: Token, codebook: Codebook, source_nouns: frozenset[str]) -> Token | None:
    """The doer: a verb's subject, a noun's owner or host verb's subject, the subject of the
    verb an adjective describes ("Seoul *was* alarmed by the launch")."""
    if trigger.pos_ == "VERB":
        return verb_subject(trigger, source_nouns)
    if trigger.pos_ == "ADJ":
        return verb_subject(trigger.head, source_nouns) if trigger.dep_ in ("acomp", "xcomp", "oprd") else None
    return noun_actor(trigger, codebook.light_verbs, source_nouns, codebook.series_nouns)


def _possessor_undergoes(trigger: Token, actor: Token, codebook: Codebook) -> bool:
    """ "Zamora's arrest", "the envoy's expulsion": some acts belong to the one they befall; with
    an "of" phrase the possessor acts ("Russia's expulsion of the diplomats")."""
    if trigger.pos_ != "NOUN" or actor.dep_ != "poss" or actor.head.i != trigger.i:
        return False
    has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in trigger.children)
    return not has_of and trigger.lemma_.lower() in codebook.undergoer_nouns


def _reported_clauses(trigger: Token, depth: int = 3) -> list[Token]:
    """The verbs of the clauses a trigger reports or governs: "warned [it would continue [to exert]]"."""
    found = []
    for child in trigger.children:
        if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX") and depth > 0:
            found += [child, *_reported_clauses(child, depth - 1)]
    return found


def _undergoer(trigger: Token, codebook: Codebook) -> Token | None:
    """ "The convoy came under attack": the subject of the clause the act befell; "the *jailed*
    publisher": the noun a participle of the act describes."""
    if trigger.dep_ == "amod" and trigger.tag_ in ("VBN", "JJ") and trigger.head.pos_ in ("NOUN", "PROPN"):
        return trigger.head
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ not in codebook.undergo_preps or prep.head.i == prep.i:
        return None
    return next((c for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _conditioned_on(trigger: Token, codebook: Codebook, index: MentionIndex) -> Token | None:
    """Whom an act is made to hang on: "if Ottawa escalates, we will cut the power" is aimed at
    Ottawa. The condition may sit on the verb the act completes ("will not hesitate to cut")."""
    for verb in (trigger, trigger.head) if trigger.dep_ == "xcomp" else (trigger,):
        for clause in verb.children:
            marked = any(m.dep_ == "mark" and m.lower_ in codebook.condition_words for m in clause.children)
            if clause.dep_ != "advcl" or not marked:
                continue
            party = child_with(clause, {"nsubj", "nsubjpass"})
            if party is not None and party.lower_ not in FIRST_PERSON and index.names_actor(party):
                return party
    return None


def _purpose_target(trigger: Token, index: MentionIndex) -> Token | None:
    """Whom an act is for, said by its purpose clause: "sent troops into Mali *to fight the
    rebels*", "set up roadblocks *to stop the smugglers*". The object of the aim is the act's
    target, before any place a direction phrase names ("into Mali")."""
    for clause in trigger.children:
        aimed = clause.dep_ == "advcl" and clause.pos_ == "VERB"
        if not aimed or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        obj = child_with(clause, {"dobj"})
        if obj is not None:
            return obj if index.names_actor(obj) else owner(obj, index.names_actor)
    return None


def _means(verb: Token) -> list[Token]:
    """What an act is done with: "responded *with* strikes", "retaliated *with* tariffs"."""
    return [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children if o.dep_ == "pobj"]


def _aimed_at(trigger: Token, codebook: Codebook, index: MentionIndex) -> Token | None:
    """An actor in a target phrase on the trigger, its object or the means it names ("retaliated
    with tariffs *on Kenyan tea*"), when the entry's roles found none; then in the clause it
    reports ("warned it would keep up pressure *on Tehran*")."""
    hosts = [trigger, *(c for c in trigger.children if c.dep_ == "dobj"), *_means(trigger)]
    for clause in _reported_clauses(trigger):
        hosts += [clause, *(c for c in clause.children if c.dep_ == "dobj"), *_means(clause)]
    for host in hosts:
        for prep in host.children:
            if prep.dep_ not in ("prep", "dative") or prep.lower_ not in codebook.target_preps:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if index.names_actor(obj):
                    return obj
                whose = owner(obj, index.names_actor)
                if whose is not None:
                    return whose
    return None


def _recipient(match: TriggerMatch, roles: tuple[str, ...], event_type: EventType, index: MentionIndex) -> Token | None:
    """The recipient on the trigger, else in the act it reports: "agreed to provide aid *for
    Romania*", "offered to hand them over *to Britain*". An actor anywhere beats a thing."""
    searches = [(match.trigger, roles, match.constraint)]
    searches += [(m.trigger, m.entry.recipient or event_type.recipient, m.constraint) for m in match.absorbed]
    if event_type.absorbs_complement:
        clauses = [c for c in match.trigger.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"]
        searches += [(c, roles, None) for c in clauses]
    fallback = None
    for host, host_roles, constraint in searches:
        found = find_recipient(host, host_roles, constraint, index.names_actor)
        if found is not None and index.names_actor(found):
            return found
        fallback = fallback or found
    return fallback


def _modality_and_source(match: TriggerMatch, ctx: ArticleContext, date: DateMention) -> tuple[str, Source | None]:
    trigger = match.trigger
    date = modality_date(trigger, date, ctx)
    source = event_source(trigger, ctx)
    mode = event_modality(trigger, match.entry.negative, source is not None, date, ctx.published, ctx.words)
    return mode, source


def _said_now(trigger: Token, ctx: ArticleContext) -> bool:
    """A source speaking in the present tense ("say", "argues"): what it judges, it judges now."""
    found = source_of(trigger, ctx.attributions)
    return found is not None and found.cue is not None and found.cue.tag_ in ("VBZ", "VBP")


def sentence_numbers(doc: Doc) -> dict[int, int]:
    return {sent.start: n for n, sent in enumerate(doc.sents)}
