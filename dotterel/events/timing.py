"""When an event happened: the date of its clause, its sentence or its paragraph, or the
publication date; and which of those dates can make it background (see modality.py)."""

from __future__ import annotations

from spacy.tokens import Token

from dotterel.dates.vocabulary import COMPARISON_WORDS
from dotterel.events.context import ArticleContext
from dotterel.events.modality import date_modality
from dotterel.model import DateMention
from dotterel.syntax import tree_depth


def event_date(trigger: Token, ctx: ArticleContext) -> DateMention:
    """The date attached to the trigger, else the sentence's, else the one the paragraph carries
    from the sentence before, else the publication date."""
    own = sentence_date(trigger, ctx)
    if own is not None:
        return own
    carried = _paragraph_date(trigger.sent, ctx)
    if carried is not None:
        return carried
    return publication_date(ctx)


def sentence_date(trigger: Token, ctx: ArticleContext) -> DateMention | None:
    """The date attached to the trigger, else the first in its sentence."""
    attached = _attached_date(trigger, ctx)
    if attached is not None:
        return attached
    sent = trigger.sent
    found = [ctx.dates_by_token[i] for i in range(sent.start, sent.end) if i in ctx.dates_by_token]
    return _placed_first(found, [d for d in found if not _since(d, sent, ctx)])


def _placed_first(dates: list[DateMention], placing: list[DateMention] | None = None) -> DateMention | None:
    """The first date that places the act on the calendar, else the first date: in "More
    recently, in December, ..." the month dates the act and "recently" only orders it. Only
    PLACING dates (all, when not given) may be taken for their value: a "since" date starts
    a span and places no act ("a strike that morning, the third since the spring")."""
    placing = dates if placing is None else placing
    return next((d for d in placing if d.value), dates[0] if dates else None)


def _since(date: DateMention, sent, ctx: ArticleContext) -> bool:
    return any(t.head.lower_ == "since" for t in sent if ctx.dates_by_token.get(t.i) is date)


def publication_date(ctx: ArticleContext) -> DateMention:
    value = ctx.published.isoformat() if ctx.published else None
    reason = None if value else "no date in the sentence and no publication date"
    return DateMention(None, value, None, "publication" if value else None, None, None, reason)


def _paragraph_date(sent, ctx: ArticleContext) -> DateMention | None:
    """The last date of the sentence before, in the same paragraph: a story told over several
    sentences ("On Friday gunmen stormed the prison. They freed 400 inmates.") keeps its day.
    Only a date of that sentence's own act carries: one inside its quotation, its comparison
    or its "since" ("up tenfold on 2019", "trade has been free since 1997") dated nothing
    the next sentence goes on with."""
    doc = sent.doc
    if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws or doc[sent.start - 1].is_space:
        return None
    previous = doc[sent.start - 1].sent
    found = [ctx.dates_by_token[i] for i in range(previous.start, previous.end) if i in ctx.dates_by_token]
    dated = [d for d in found if d.value and d.granularity != "publication" and _dates_the_act(previous.root, d, ctx)]
    return dated[-1] if dated else None


def _attached_date(trigger: Token, ctx: ArticleContext) -> DateMention | None:
    candidates = [t for c in trigger.children for t in (c, *(g for g in c.children if c.dep_ == "prep"))]
    return _placed_first([ctx.dates_by_token[t.i] for t in candidates if t.i in ctx.dates_by_token])


def modality_date(trigger: Token, date: DateMention, ctx: ArticleContext) -> DateMention:
    """The date that can make an act background: the date of its own clause; else, for an act
    told in the past tense, the sentence's date (a sentence about 2013 tells background); an
    act in the present or present perfect ("has been under pressure") is current whatever
    another clause dates. A date inside what the act says or charges ("blamed them for
    quitting the deal in 2017") is no background for the saying, and one inside a comparison
    ("a kidnapping resembling the 2014 one") none for the act compared. A later date is left to the
    clause's tense and the type's rules."""
    if date_modality(date, ctx.published) != "historical" or _dates_the_act(trigger, date, ctx):
        return date
    inside = [ctx.dates_by_token[t.i] for t in trigger.subtree if t.i in ctx.dates_by_token]
    own = next((d for d in inside if d is not date and _dates_the_act(trigger, d, ctx)), None)
    if own is not None:
        return own
    tokens = _date_tokens(trigger, date, ctx)
    chain = {t.i for t in (trigger, *trigger.ancestors)}
    if (
        told_in_past(trigger)
        and not any(t.head.lower_ == "since" for t in tokens)
        and not _in_its_content(trigger, tokens)
        and not any(_compares(_climb(t, chain)[0]) for t in tokens)
    ):
        return date
    return publication_date(ctx)


def told_in_past(trigger: Token) -> bool:
    """The verb of the trigger's clause is in the simple past or past perfect ("sent",
    "were expelled", "had banned"), not the present or present perfect; a second verb with
    no subject or auxiliary of its own shares its first verb's ("have condemned the arrest
    and urged his release" is present perfect throughout)."""
    verb = next((t for t in (trigger, *trigger.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if _shares_present_perfect(verb, auxes):
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(a.tag_ == "VBD" for a in auxes))


def _date_tokens(trigger: Token, date: DateMention, ctx: ArticleContext) -> list[Token]:
    sent = trigger.sent
    return [sent.doc[i] for i in range(sent.start, sent.end) if ctx.dates_by_token.get(i) is date]


def _climb(token: Token, stops: set[int]) -> tuple[list[Token], Token | None]:
    """The words from `token` up to the first of `stops` (excluded), and that word."""
    path = []
    for above in (token, *token.ancestors):
        if above.i in stops:
            return path, above
        path.append(above)
    return path, None


# Clauses of their own within a sentence: a date inside one dates that clause's act only
# ("X, who lost power in 2013, rejected the charge"), and so does one over a clause that is
# an adjunct of the trigger's ("after talks in 2019 failed, ..."). What a dated verb says
# or aims at shares its time: "In May, X announced it was leaving".
OWN_CLAUSE_DEPS = ("relcl", "acl", "advcl", "ccomp", "pcomp", "csubj", "parataxis")
ADJUNCT_CLAUSE_DEPS = ("relcl", "acl", "advcl", "csubj", "parataxis")


def _dates_the_act(trigger: Token, date: DateMention, ctx: ArticleContext) -> bool:
    """Whether a date in the trigger's sentence says when the act happened. A date of another
    clause ("blamed them for quitting the deal in 2017") or one that starts a state lasting
    to now ("has been held since 2020") does not."""
    tokens = _date_tokens(trigger, date, ctx)
    if not tokens:
        return True  # carried from the sentence before, or the story's own date
    root = min(tokens, key=tree_depth)
    path, meeting = _climb(root, {t.i for t in (trigger, *trigger.ancestors)})
    if meeting is None:
        return True
    if meeting.i in {t.i for t in tokens}:
        return True  # "since 2011, when troops went in": a clause on the date itself
    if any(t.head.lower_ == "since" for t in path) or any(t.dep_ in OWN_CLAUSE_DEPS for t in path):
        return False
    if _compares(path):
        return False
    below = [t for t in (trigger, *trigger.ancestors) if t.i != meeting.i and meeting.is_ancestor(t)]
    return not any(t.dep_ in ADJUNCT_CLAUSE_DEPS or _own_conjunct(t) for t in below)


def _own_conjunct(token: Token) -> bool:
    """A verb joined by "and" or a comma with an auxiliary of its own: a clause with its own
    tense ("talks began in 2019 and have stalled since")."""
    return token.dep_ == "conj" and any(c.dep_ in ("aux", "auxpass") for c in token.children)


def _compares(path: list[Token]) -> bool:
    """A date reached through a word of comparison dates what is compared with."""
    return any(t.lemma_.lower() in COMPARISON_WORDS for t in path)


def _shares_present_perfect(verb: Token, auxes: list[Token]) -> bool:
    """A conjoined verb with no subject or auxiliary of its own under a "has"/"have" verb."""
    if verb.dep_ != "conj" or auxes or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    shared = (c for c in verb.head.children if c.dep_ in ("aux", "auxpass"))
    return any(a.lemma_ == "have" and a.tag_ in ("VBP", "VBZ") for a in shared)


def _in_its_content(trigger: Token, tokens: list[Token]) -> bool:
    """A date below the trigger in what it says (a clausal complement: "told them that aid
    reached 300 people last year") or in what it blames or charges (a gerund after its own
    preposition: "accused them of torching the village in 2015")."""
    for token in tokens:
        if not trigger.is_ancestor(token):
            continue
        path, _ = _climb(token, {trigger.i})
        charged = len(path) > 1 and path[-1].dep_ == "prep" and path[-2].dep_ == "pcomp"
        if charged or any(t.dep_ == "ccomp" for t in path):
            return True
    return False
