"""Pronouns: the mention each "he", "they" or "its" stands for.

Part of the coreference stage; it reads the mentions index (names, agent words, which
tokens are quoted and which verbs report speech) and leaves the index as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dotterel.mentions import PRONOUN_KINDS, Mention, MentionIndex
from dotterel.quotation_marks import quotations
from dotterel.speech import SpeechWords, is_cue

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "herself": "f"}
PLURAL_PRONOUNS = {"they", "them", "their", "we", "our"}
# "I" and "we" inside a quotation are its speaker and the speaker's side.
FIRST_PERSON = {"i", "me", "my", "myself", "we", "us", "our", "ours", "ourselves"}
# How many sentences back a pronoun may look for its antecedent.
PRONOUN_REACH = 2
# The forms of one third-person pronoun, for following "he ... he ... he" back to a name.
PRONOUN_FORMS = {
    **{w: "he" for w in ("he", "him", "his", "himself")},
    **{w: "she" for w in ("she", "her", "herself")},
    **{w: "they" for w in ("they", "them", "their", "themselves")},
}
# How many such pronouns back the chain may follow.
CHAIN_DEPTH = 3
# How a title word sits inside a longer noun phrase: "deputy project director", "refugee programs".
MODIFIER_DEPS = ("compound", "amod")


def antecedent(
    pronoun: Token, index: MentionIndex, speaker: Token | None = None, quoting: Token | None = None, depth: int = 0
) -> Token | None:
    """The token a pronoun stands for: the speaker it reports, else the nearest compatible mention.

    Compatible means the right kind (a person for "she", a body or group for "they"), the
    right number, and no clash with a gender the article gave the person ("Ms. Okafor").
    A relative pronoun ("Okafor, who took office") stands for the noun its clause describes.
    "I" and "we" in a quotation stand for `quoting`, the quotation's speaker. A pronoun
    outside quotations never stands for a name inside one: in '"...Kenya's army...," he
    said', he is the person the passage is about, not a name he mentions.
    """
    if pronoun.tag_ in ("WP", "WDT") and pronoun.head.dep_ == "relcl":
        return pronoun.head.head
    if pronoun.lower_ in FIRST_PERSON and pronoun.i in index.quoted:
        return quoting if quoting is not None and quoting.i != pronoun.i else None
    kinds = PRONOUN_KINDS.get(pronoun.lower_)
    if not kinds:
        return None
    if speaker is not None and speaker.i != pronoun.i and speaker.pos_ != "PRON":
        return speaker
    inside = pronoun.i in index.quoted
    found: list[Candidate] = []
    for i in range(pronoun.i - 1, _reach(pronoun, index) - 1, -1):
        if not inside and i in index.quoted:
            continue
        token = pronoun.doc[i]
        if depth < CHAIN_DEPTH and _same_pronoun(token, pronoun) and _speaks(token, index):
            # "... he said. '...,' he added": the earlier "he" is the speaker the passage follows
            earlier = antecedent(token, index, depth=depth + 1)
            if earlier is not None:
                found.append(Candidate(earlier, subject=True, speaker=True, main_subject=True))
            continue
        mention = index.names.get(i) or index.agents.get(i)
        if mention is None or mention.end - 1 != i:
            continue
        holders = _share_holder(token, index)
        if holders is not None:  # "three members of the Senate": a they, whatever the Senate is
            if pronoun.lower_ in PLURAL_PRONOUNS:
                found.append(_candidate(holders, index))
        elif _compatible(mention, pronoun, kinds, index):
            referent = _referent(token, mention, index)
            if referent is not None:
                found.append(_candidate(referent, index))
    return _likeliest(found) if found else None


@dataclass(frozen=True)
class Candidate:
    """A mention a pronoun may stand for, and whether it is a subject, or one that speaks."""

    token: Token
    subject: bool
    speaker: bool
    main_subject: bool = False


def _candidate(token: Token, index: MentionIndex) -> Candidate:
    verb = _subject_of(token)
    if verb is None:
        return Candidate(token, False, False)
    return Candidate(token, True, verb.i in index.speech_verbs, verb.dep_ == "ROOT")


def _likeliest(candidates: list[Candidate]) -> Token:
    """Among compatible mentions, nearest first: the one who last spoke, else the last subject,
    else the nearest. A passage goes on about its speaker or its subject ("Ruto said ... The
    ministry ... he added"), not about every name it mentions on the way."""
    leading = [c for c in candidates if c.speaker or c.main_subject]
    subjects = [c for c in candidates if c.subject]
    return (leading or subjects or candidates)[0].token


def _same_pronoun(token: Token, pronoun: Token) -> bool:
    """The same third person ("he" ... "he", "they" ... "their"): likely the same referent."""
    form = PRONOUN_FORMS.get(token.lower_)
    return form is not None and form == PRONOUN_FORMS.get(pronoun.lower_)


def _speaks(token: Token, index: MentionIndex) -> bool:
    return token.dep_ == "nsubj" and token.head.i in index.speech_verbs


def _referent(token: Token, mention: Mention, index: MentionIndex) -> Token | None:
    """The token a compatible mention stands for, or None where it only modifies another noun.

    A title word inside a longer noun phrase ("refugee programs", "the deputy project
    director") is not itself a referent: the phrase is, and when that phrase is an appositive
    ("Ada Obi, deputy project director") the person it describes is."""
    head = token
    if mention.named.kind == "agent":
        while head.dep_ in MODIFIER_DEPS and head.head.i > head.i:
            head = head.head
    if head.i == token.i:
        return _named_instead(token, index)
    return head.head if head.dep_ == "appos" else None


def _share_holder(token: Token, index: MentionIndex) -> Token | None:
    """Several members or a share of a body named in their "of" phrase: in "three members of
    the Senate wrote ... they said", they are the members (the subject), not the Senate."""
    prep = token.head
    holder = prep.head
    if token.dep_ != "pobj" or prep.lower_ != "of" or holder.i == prep.i:
        return None
    word = holder.lemma_.lower()
    share = word in index.members or word in index.quantities or holder.pos_ == "NUM"
    several = holder.tag_ in ("NNS", "NNPS") or (holder.pos_ == "NUM" and holder.lower_ != "one")
    return holder if share and several else None


def _subject_of(token: Token) -> Token | None:
    """The verb a mention is the subject of, through a name's compound and appositive parts."""
    while token.dep_ in ("compound", "flat", "appos") and token.head.i != token.i:
        token = token.head
    return token.head if token.dep_ in ("nsubj", "nsubjpass") else None


def _reach(pronoun: Token, index: MentionIndex) -> int:
    """Where the look-back for an antecedent stops: PRONOUN_REACH sentences of the reporter's own
    words back (sentences inside quotations do not count for a pronoun outside them)."""
    sent, counted = pronoun.sent, 0
    while sent.start > 0 and counted < PRONOUN_REACH:
        sent = pronoun.doc[sent.start - 1].sent
        quoted = sum(1 for t in sent if t.i in index.quoted)
        counted += pronoun.i in index.quoted or quoted < len(sent) / 2
    return sent.start


def _named_instead(token: Token, index: MentionIndex) -> Token:
    """An appositive title stands for its person: in "Adeyemi, a former minister, said he", he is Adeyemi."""
    if token.i in index.agents and token.dep_ == "appos" and token.head.i in index.names:
        return token.head
    return token


def _compatible(mention: Mention, pronoun: Token, kinds: set[str], index: MentionIndex) -> bool:
    """A singular agent word can be a he or she ("the minister") unless it names a body ("the army");
    a plural one is a they."""
    token = pronoun.doc[mention.end - 1]
    if mention.named.kind == "agent":
        plural = token.tag_ in ("NNS", "NNPS")
        if not plural and "person" in kinds and mention.named.name.lower() in index.bodies:
            return False
        return plural == (pronoun.lower_ in PLURAL_PRONOUNS)
    if mention.named.kind == "person":
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        return "person" in kinds and (gender is None or mention.named.gender in (None, gender))
    return mention.named.kind in kinds


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Tokens inside quotation marks: "I" and "we" there are the speaker's."""
    quoted: set[int] = set()
    for group in quotations(doc.text):
        for start, end in group:
            span = doc.char_span(start, end, alignment_mode="expand")
            quoted.update(range(span.start, span.end) if span is not None else ())
    return frozenset(quoted)


def speech_verbs(doc: Doc, quoted: frozenset[int], words: SpeechWords) -> frozenset[int]:
    """Speech verbs outside quotations: a pronoun prefers the one who last spoke."""
    return frozenset(t.i for t in doc if t.pos_ == "VERB" and t.i not in quoted and is_cue(t, words))
