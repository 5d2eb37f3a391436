"""Find event triggers: match the codebook's patterns and keep one entry per trigger.

Several entries can fire on one word ("open" and "open fire on"); the most specific wins.
A word that an entry used as part of its own trigger ("sanctions" in "impose sanctions")
is not a second trigger, and an event inside the complement of an intent or speech-act
event ("agreed to withdraw", "threatened to attack") belongs to that event, not beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from dotterel.events.anchored import COLUMN, DocView, holds, match_at, signed_id, trigger_lemmas
from dotterel.events.codebook import Codebook, TriggerEntry
from dotterel.syntax import is_passive

# Pattern nodes that check the structure around a trigger without being part of it: the
# clause under "failed to [rein in the militants]" can hold an event of its own.
FREE_NODES = {"clause", "modal"}
# How far up the tree an intent verb can absorb an embedded event ("agreed to begin to pull out").
ABSORB_DEPTH = 3
COMPLEMENT_DEPS = {"xcomp", "ccomp", "pcomp", "pobj", "dobj", "prep", "acl", "advcl"}
# Links by which a noun names the act of the trigger above it: its object, its subject, a
# phrase on it, a second noun coordinated with it ("bombings and gun attacks").
RESTATE_DEPS = {"pobj", "prep", "dobj", "nsubj", "nsubjpass", "attr", "appos", "conj", "npadvmod"}
RESTATE_DEPTH = 3
NOT_EVENT_ENTITIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


@dataclass(frozen=True)
class TriggerMatch:
    entry: TriggerEntry
    trigger: Token
    constraint: Token | None  # the token an `object` constraint matched, if any
    parts: tuple[int, ...]  # every token the entry matched
    absorbed: tuple[TriggerMatch, ...] = ()  # events in its complement: "agreed to [send aid to X]"
    # for a word of blame that counts only in a source's mouth: the best act reading of the
    # same word, coded instead when no source says it ("violated the ceasefire")
    unspoken: TriggerMatch | None = None


class TriggerFinder:
    """The compiled trigger lexicon for one vocabulary: trigger lemma -> the entries it may start."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.by_lemma: dict[int, list[TriggerEntry]] = {}  # lemma string id -> entries
        for entry in codebook.entries.values():
            lemmas = {lemma for pattern in entry.patterns for lemma in trigger_lemmas(pattern)}
            for lemma in lemmas:
                self.by_lemma.setdefault(signed_id(get_string_id(lemma)), []).append(entry)

    def __call__(self, doc: Doc) -> list[TriggerMatch]:
        best: dict[int, TriggerMatch] = {}
        unspoken: dict[int, TriggerMatch] = {}
        for match in self.candidates(doc):
            for table in (best, unspoken) if not match.entry.spoken else (best,):
                current = table.get(match.trigger.i)
                if current is None or _rank(match) > _rank(current):
                    table[match.trigger.i] = match
        for i, match in best.items():
            if match.entry.spoken and i in unspoken:
                best[i] = replace(match, unspoken=unspoken[i])
        kept = _drop_characterisations(self._drop_parts_of_others(list(best.values())))
        return sorted(self._drop_tolls(_drop_restated(self._drop_absorbed(kept))), key=lambda m: m.trigger.i)

    def candidates(self, doc: Doc) -> Iterator[TriggerMatch]:
        """Every entry that matches at every token, before one is chosen per trigger."""
        view = DocView(doc)
        lemma_column = COLUMN["LEMMA"]
        for i, row in enumerate(view.rows):
            for entry in self.by_lemma.get(row[lemma_column], ()):
                match = self._match(view, i, entry)
                if match is None or (entry.active_only and is_passive(match.trigger)):
                    continue
                if self.is_event_word(match.trigger):
                    yield match

    @staticmethod
    def _match(view: DocView, i: int, entry: TriggerEntry) -> TriggerMatch | None:
        """The entry's first pattern that holds at token `i`, as a match."""
        if not holds(view, i, entry.compiled[0].tests[0]):
            return None  # every pattern of an entry shares its trigger node
        for pattern in entry.compiled:
            token_ids = match_at(view, i, pattern)
            if token_ids is not None:
                nodes = dict(zip(pattern.names, token_ids, strict=True))
                constraint = nodes.get("object")
                return TriggerMatch(
                    entry=entry,
                    trigger=view.doc[i],
                    constraint=view.doc[constraint] if constraint is not None else None,
                    parts=tuple(i for name, i in nodes.items() if name not in FREE_NODES),
                )
        return None

    def is_event_word(self, trigger: Token) -> bool:
        """A noun modifying another noun ("riot police") is an event only under a frame noun ("peace
        talks"); a noun whose modifier makes it a bodily or natural event ("a heart attack") is none,
        nor a word the parser reads as a date or a number ("in March")."""
        if trigger.ent_type_ in NOT_EVENT_ENTITIES:
            return False
        if any(
            c.dep_ in ("compound", "amod") and c.lemma_.lower() in self.codebook.not_event_modifiers
            for c in trigger.children
        ):
            return False
        if self._feared(trigger) or self._kind_of_conduct(trigger) or self._fights_a_cause(trigger):
            return False
        return trigger.dep_ != "compound" or trigger.head.lemma_.lower() in self.codebook.frame_nouns

    def _feared(self, trigger: Token) -> bool:
        """ "for fear of attack", "the risk of new clashes", "afraid of being deported": an act
        someone fears, not one done."""
        of = trigger.head
        return (
            trigger.pos_ in ("NOUN", "VERB") and trigger.dep_ in ("pobj", "pcomp") and of.lower_ == "of"
            and of.head.lemma_.lower() in self.codebook.possibility_nouns
        )  # fmt: skip

    def _kind_of_conduct(self, trigger: Token) -> bool:
        """ "to fight corruption", "the fight against graft", "the issue of impunity": a bare
        noun for a kind of conduct, not one act of anyone."""
        if trigger.pos_ != "NOUN" or any(c.dep_ in ("det", "poss", "nummod") for c in trigger.children):
            return False
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ in ("against", "of", "on"):
            head = head.head
        elif trigger.dep_ != "dobj":
            return False
        return head.lemma_.lower() in self.codebook.remedy_words

    def _fights_a_cause(self, trigger: Token) -> bool:
        """ "to combat corruption", "fighting for their rights": a struggle against a kind of
        thing or for a cause, not an attack on a party."""
        if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in self.codebook.remedy_words:
            return False
        objects = [c for c in trigger.children if c.dep_ == "dobj"]
        objects += [o for p in trigger.children if p.dep_ == "prep" and p.lower_ == "against" for o in p.children]
        if not objects:
            return any(p.dep_ == "prep" and p.lower_ == "for" for p in trigger.children)
        return all(_bare_kind(o) for o in objects)

    @staticmethod
    def _drop_parts_of_others(matches: list[TriggerMatch]) -> list[TriggerMatch]:
        """A word that a stronger match used ("talks" in "held talks") is not a trigger too."""
        kept: list[TriggerMatch] = []
        used: set[int] = set()
        for match in sorted(matches, key=_rank, reverse=True):
            if match.trigger.i not in used:
                kept.append(match)
                used.update(match.parts)
        return kept

    def _drop_absorbed(self, matches: list[TriggerMatch]) -> list[TriggerMatch]:
        """Fold each event in an intent's complement into that intent."""
        absorbing = {m.trigger.i: m for m in matches if self.codebook.types[m.entry.type].absorbs_complement}
        inner: dict[int, list[TriggerMatch]] = {}
        for match in matches:
            head = _governed_by(match.trigger, absorbing, self.codebook.circumstance_marks)
            if head is not None and not self._judged_act(match, absorbing[head]):
                inner.setdefault(head, []).append(match)
        taken = {m.trigger.i for found in inner.values() for m in found}
        return [replace(m, absorbed=tuple(inner.get(m.trigger.i, ()))) for m in matches if m.trigger.i not in taken]

    def _judged_act(self, match: TriggerMatch, judgement: TriggerMatch) -> bool:
        """An act that a judgement is about, told with its own doer, happened: in "welcomed the
        news that the rebels had agreed to a truce" or "condemned Russia's invasion" the
        agreement and the invasion are events of their own."""
        if not self.codebook.types[judgement.entry.type].reports_judged_acts:
            return False
        word = match.trigger
        if word.pos_ == "NOUN":
            return any(c.dep_ == "poss" for c in word.children)
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in word.children)

    def _drop_tolls(self, matches: list[TriggerMatch]) -> list[TriggerMatch]:
        """The killing an attack causes is that attack: "shelled the market, killing six" and
        "ambushed the convoy and killed four" are one ASSAULT each."""
        by_token = {m.trigger.i: m for m in matches}
        return [m for m in matches if not self._is_toll(m, by_token)]

    def _is_toll(self, match: TriggerMatch, by_token: dict[int, TriggerMatch]) -> bool:
        word = match.trigger
        if word.pos_ != "VERB" or word.lemma_.lower() not in self.codebook.toll_verbs:
            return False
        act = by_token.get(word.head.i)
        if act is None or act is match or act.entry.type != match.entry.type:
            return False
        # a verb with a subject of its own is someone's own act ("rebels attacked and troops
        # killed five of them"), except the relative pronoun of "the bombing that killed two"
        subjects = [c for c in word.children if c.dep_ == "nsubj"]
        if word.dep_ == "relcl":
            return act.trigger.pos_ == "NOUN" and all(c.tag_ in ("WDT", "WP") for c in subjects)
        return word.dep_ in ("advcl", "conj") and not subjects


def _bare_kind(noun: Token) -> bool:
    """A singular common noun with no determiner, owner or number: "corruption", "crime"."""
    return (
        noun.tag_ == "NN" and not noun.ent_type_
        and not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)
    )  # fmt: skip


def _drop_restated(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """A noun that names again the act of a trigger of the same type it hangs on is that act:
    "were killed in the attack", "the blast killed five", "bombings and gun attacks" are one
    ASSAULT each, not two or three."""
    by_token = {m.trigger.i: m for m in matches}
    return [m for m in matches if m.trigger.pos_ != "NOUN" or _restates(m, by_token) is None]


def _drop_characterisations(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """ "The raid on the paper is an attack on free speech": a noun that the verb "be" says
    another act is names what that act means; it is no second act. A spoken judgement of
    the act ("the bombing was a plot") is one, the speaker's."""
    acts = {m.trigger.i for m in matches}
    return [m for m in matches if m.entry.spoken or not _characterises(m.trigger, acts)]


def _characterises(word: Token, acts: set[int]) -> bool:
    if word.pos_ != "NOUN" or word.dep_ != "attr" or word.head.lemma_ != "be":
        return False
    return any(c.dep_ == "nsubj" and c.i in acts for c in word.head.children)


def _restates(match: TriggerMatch, by_token: dict[int, TriggerMatch]) -> TriggerMatch | None:
    current = match.trigger
    for _ in range(RESTATE_DEPTH):
        if current.dep_ not in RESTATE_DEPS or current.head.i == current.i:
            return None
        current = current.head
        other = by_token.get(current.i)
        if other is not None and other.entry.type == match.entry.type:
            return other
    return None


def _rank(match: TriggerMatch) -> tuple[int, bool, float, int]:
    """More constraints first; then an object that is the trigger's own argument ("withdrew the
    inspectors") over one that only modifies it ("the *weapons* inspectors"); then reliability."""
    entry, word = match.entry, match.constraint
    direct = word is None or word.dep_ != "compound"
    return (entry.specificity, direct, entry.reliability, -entry.order)


def _governed_by(token: Token, heads: dict[int, TriggerMatch], circumstance_marks: frozenset[str]) -> int | None:
    """The absorbing trigger above `token` in its clause chain, if any."""
    current = token
    for _ in range(ABSORB_DEPTH):
        current = _first_of_list(current, heads)
        if current.dep_ not in COMPLEMENT_DEPS or current.head.i == current.i:
            return None
        if current.dep_ == "advcl" and _accompanies(current, circumstance_marks):
            return None
        current = current.head
        if current.i in heads:
            return current.i
    return None


def _accompanies(clause: Token, circumstance_marks: frozenset[str]) -> bool:
    """ "vowed to hold on *as* the rebels pulled back", "*threatening* to kill the hostages,
    the gunmen demanded a ransom": a clause of circumstance, or a participle clause with no
    conjunction, tells a second act beside the first, not part of it."""
    marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
    return any(m in circumstance_marks for m in marks) or (clause.tag_ == "VBG" and not marks)


def _first_of_list(token: Token, heads: dict[int, TriggerMatch]) -> Token:
    """ "threatened to close *or suspend* the base", "charged with fraud, bribery *and
    kidnapping*": every item of a list stands where its first item does. A list of nouns
    only as what a verb charges or accuses someone of: "threats of violence, hunger and
    assault" names dangers, not the content of the threat."""
    first = token
    while first.dep_ == "conj" and first.pos_ in ("VERB", "NOUN") and first.head.i not in heads:
        first = first.head
    if token.pos_ == "NOUN" and not _charged_with(first):
        return token
    return first


def _charged_with(noun: Token) -> bool:
    """ "charged *with* fraud", "accused *of* graft", "arrested *for* looting"."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in ("with", "of", "for") and prep.head.pos_ == "VERB"
