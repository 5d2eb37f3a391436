"""The modality of an event: asserted, reported, negated, hypothetical, future, historical.

Negation, conditions, the future and the past are PLOVER's auxiliary modes; they are read
from the trigger's own clause (words from dotterel/data/speech.yaml), else from the event's
date, else from whether someone else reports the event.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from dotterel.dates.vocabulary import BACKGROUND_ADVERBS, LONG_SPAN_NOUNS, LONG_SPAN_PREPS, STARTING_POINT_MARKS
from dotterel.model import DateMention
from dotterel.speech import SPEECH_DEPTH, SpeechWords
from dotterel.syntax import is_passive

# An event dated wholly more than this many days before publication is background, which
# PLOVER calls historical: a coup in a month long past. Two months back is still the news's
# run-up ("talks in September" in a November story); three is background. An event dated only
# by an earlier year ("last year's summit", "in 2019") is background whatever the month.
HISTORICAL_DAYS = 60


# Penn tags of a verb in the past tense or a perfect participle.
PAST_TAGS = {"VBD", "VBN"}


def event_modality(
    trigger: Token,
    negative_entry: bool,
    reported: bool,
    date: DateMention | None,
    published: dt.date | None,
    words: SpeechWords,
) -> str:
    """The event's one modality: a mode of its own clause, else its date's, else reported or asserted."""
    mode = modality_of(trigger, negative_entry, reported, words)
    if mode is None and date is not None:
        mode = date_modality(date, published)
        if mode == "future" and trigger.tag_ in PAST_TAGS:
            mode = None  # "expelled ... in late 2002": the verb says it happened; the date is off
    if mode is None and reported:
        mode = "reported"
    return mode or "asserted"


def modality_of(trigger: Token, negative_entry: bool, reported: bool, words: SpeechWords) -> str | None:
    """negated, hypothetical, future or historical from the trigger's own clause; None when none applies."""
    clause = [trigger]
    if trigger.dep_ in ("xcomp", "dobj", "pobj", "nsubjpass") and trigger.head.i != trigger.i:
        clause.append(trigger.head)
    children = [c for t in clause for c in t.children if not _litotes(t, c, trigger, words)]
    modals = {c.lower_ for c in children if c.dep_ == "aux"}
    if not negative_entry and _negated(trigger, children, words):
        return "negated"
    if reported and modals & words.reported_future_modals:
        return "future"
    possible = any(c.dep_ == "amod" and c.lower_ in words.hypothetical_adjectives for c in trigger.children)
    if modals & words.hypothetical_modals or under_condition(trigger, words) or possible:
        return "hypothetical"
    if modals & words.future_auxiliaries or _intended(trigger, words):
        return "future"
    if _in_background(trigger, words) or _told_as_before(trigger, reported) or _over_years(trigger, reported):
        return "historical"
    return None


def _litotes(token: Token, child: Token, trigger: Token, words: SpeechWords) -> bool:
    """The "not" of "will not hesitate to strike": it asserts the strike, so it is no negation."""
    return token is not trigger and child.dep_ == "neg" and token.lemma_.lower() in words.litotes_verbs


def _negated(trigger: Token, children: list[Token], words: SpeechWords) -> bool:
    """ "did not attack", "sent no troops", "No talks were held", "failed to send troops"."""
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in words.negations) for c in children):
        return True
    nouns = [trigger, *(c for c in children if c.dep_ in ("nsubjpass", "dobj", "nsubj") and c.pos_ == "NOUN")]
    determiners = (d for n in nouns for d in n.children if d.dep_ == "det")
    if (trigger.pos_ == "NOUN" or len(nouns) > 1) and any(d.lower_ == "no" for d in determiners):
        return True
    governor = trigger.head
    return trigger.dep_ in ("xcomp", "ccomp", "pcomp") and governor.lemma_.lower() in words.negating_verbs


def _intended(trigger: Token, words: SpeechWords) -> bool:
    """ "plans to visit", "is ready to withdraw": an action announced, not yet taken; and the
    trigger "expected" or "scheduled" itself, when the codebook codes the act by it ("is
    expected to attend", "is scheduled to travel")."""
    if trigger.lemma_.lower() in words.future_verbs and is_passive(trigger):
        return any(c.dep_ == "xcomp" for c in trigger.children)
    if trigger.dep_ != "xcomp":
        return False
    head = trigger.head
    return head.lemma_.lower() in words.future_verbs or head.lower_ in words.future_adjectives


def under_condition(token: Token, words: SpeechWords) -> bool:
    """In an "if" or "unless" clause, or a clause that hangs on one."""
    current = token
    for _ in range(SPEECH_DEPTH):
        if any(c.dep_ == "mark" and c.lower_ in words.hypothetical_marks for c in current.children):
            return True
        if current.dep_ not in ("advcl", "xcomp", "conj", "ccomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def date_modality(date: DateMention, published: dt.date | None) -> str | None:
    """historical for a date years before publication, future for one after it."""
    if published is None or not date.value or date.granularity == "publication":
        return None
    last_day = _last_day(date)
    if last_day is None:
        return None
    if (published - last_day).days > HISTORICAL_DAYS or (date.granularity == "year" and last_day.year < published.year):
        return "historical"
    start = _first_day(date)
    if start is not None and start > published:
        return "future"
    return None


def _first_day(date: DateMention) -> dt.date | None:
    """The first day of a day, week, month or year value ("2025-W21", "2025-06", "2026")."""
    value = date.value or ""
    try:
        if "-W" in value:
            year, week = value[:10].split("-W")
            return dt.date.fromisocalendar(int(year), int(week[:2]), 1)
        parts = [int(p) for p in value[:10].split("-")]
    except ValueError:
        return None
    if date.granularity not in ("day", "month", "year") or not 1 <= len(parts) <= 3:
        return None
    month, day = [*parts[1:], 1, 1][:2]
    return dt.date(parts[0], month, day)


def _last_day(date: DateMention) -> dt.date | None:
    """The last day a date covers: the day itself, a month's or a year's last day, a decade's end."""
    end = DateMention(None, date.value_end, None, date.granularity, None, None) if date.value_end else date
    if date.granularity in ("day", "month") and (start := _first_day(end)) is not None:
        if date.granularity == "day":
            return start
        following = start.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)
    _, last = _year_range(date)
    return dt.date(last, 12, 31) if last is not None else None


def _year_range(date: DateMention) -> tuple[int | None, int | None]:
    """First and last year a date covers; a decade value "201" covers 2010-2019."""
    try:
        if date.granularity == "decade":
            first = int(date.value[:3]) * 10
            return first, first + 9
        first = int(date.value[:4])
        return first, int((date.value_end or date.value)[:4])
    except (TypeError, ValueError):
        return None, None


def _in_background(trigger: Token, words: SpeechWords) -> bool:
    """ "during the civil war", "under the dictatorship": a past period named, not dated; and
    "past attacks", "in past disputes": an act or its episode said to lie in the past."""
    preps = [p for verb in (trigger, trigger.head) for p in verb.children if p.dep_ == "prep"]
    if any(
        o.dep_ == "pobj" and o.lemma_.lower() in words.background_nouns
        for p in preps
        if p.lower_ in words.background_preps
        for o in p.children
    ):
        return True
    # "over the past week" is a span reaching to now, not an episode before it
    episodes = [trigger, *(o for p in preps for o in p.children if o.dep_ == "pobj" and o.ent_type_ != "DATE")]
    return any(a.dep_ == "amod" and a.lower_ in words.background_adjectives for n in episodes for a in n.children)


def _told_as_before(trigger: Token, reported: bool) -> bool:
    """A past act the reporter sets before the story's time: by an adverb ("had previously
    seized the port", "initially agreed"), by a title as it was then ("fought then-president
    Bozize"), as the starting point of what holds now ("has grown since the rebels seized the
    north"), or in a relative clause in the simple past that
    describes someone or something by what it did ("a senator who opposed the treaty",
    "protests that toppled the king"); the story's news is told in its main clauses. A
    relative clause with a date of its own is left to its date, and one in someone's words
    ("militants who attacked the camp", an official said) to the speaker."""
    verb = next((t for t in (trigger, *trigger.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or not _past_clause(verb):
        return False
    if any(c.dep_ == "advmod" and c.lower_ in BACKGROUND_ADVERBS for c in verb.children):
        return True
    if any(_then_title(t) for t in verb.subtree) or _starting_point(verb):
        return True
    return verb.dep_ == "relcl" and verb.tag_ == "VBD" and not _dated(verb) and not reported


def _dated(verb: Token) -> bool:
    return any(t.ent_type_ == "DATE" for t in verb.subtree)


def _past_clause(verb: Token) -> bool:
    """In the simple past, or with a past auxiliary ("was holding", "had seized")."""
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _then_title(token: Token) -> bool:
    """The "then" of "then-president": a title that no longer holds, so the clause is past."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.lower_ == "then" and following is not None and following.text == "-" and not token.whitespace_


def _starting_point(verb: Token) -> bool:
    """A simple-past "since" or "before" clause under a clause in the present or present
    perfect: the act lies before the time the main clause speaks of, which is now."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBD" or verb.head.i == verb.i:
        return False
    if not any(c.dep_ == "mark" and c.lower_ in STARTING_POINT_MARKS for c in verb.children):
        return False
    if _dated(verb):
        return False  # "since the truce began on Sunday": its own date says how long ago
    main = verb.head
    auxes = [c for c in main.children if c.dep_ in ("aux", "auxpass")]
    return main.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes)


def _over_years(trigger: Token, reported: bool) -> bool:
    """ "has denied it for years", "sanctions imposed in recent years": an act the reporter
    spreads over uncounted years lies mostly before the story. A counted span ("for three
    years") is left to the date; a speaker's own "for years" is their charge, not background."""
    verb = next((t for t in (trigger, *trigger.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or reported:
        return False
    spans = (
        o
        for head in {trigger, verb}
        for p in head.children
        if p.dep_ == "prep" and p.lower_ in LONG_SPAN_PREPS
        for o in p.children
        if o.dep_ == "pobj" and o.lower_ in LONG_SPAN_NOUNS
    )
    return any(not any(c.like_num or c.lower_ in SPANS_TO_NOW for c in o.children) for o in spans)


# "over the past years", "in the last years": a span reaching to now, not one before the story
SPANS_TO_NOW = ("past", "last")
