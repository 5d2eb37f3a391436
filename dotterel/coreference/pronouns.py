"""Pronouns: the mention each "he", "they" or "its" stands for.

Part of the coreference stage; it reads the mentions index (names, agent words, which
tokens are quoted and which verbs report speech) and leaves the index as it is.
"""

from __future__ import annotations

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


def antecedent(
    pronoun: Token, index: MentionIndex, speaker: Token | None = None, quoting: Token | None = None
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
    found = []
    for i in range(pronoun.i - 1, _reach(pronoun, index) - 1, -1):
        if not inside and i in index.quoted:
            continue
        mention = index.names.get(i) or index.agents.get(i)
        if mention is not None and mention.end - 1 == i and _compatible(mention, pronoun, kinds, index):
            found.append(_named_instead(pronoun.doc[i], index))
    return _likeliest(found, index) if found else None


def _likeliest(candidates: list[Token], index: MentionIndex) -> Token:
    """Among compatible mentions, nearest first: the one who last spoke, else the last subject,
    else the nearest. A passage goes on about its speaker or its subject ("Ruto said ... The
    ministry ... he added"), not about every name it mentions on the way."""
    subjects = [t for t in candidates if _subject_of(t) is not None]
    speakers = [t for t in subjects if _subject_of(t).i in index.speech_verbs]
    return (speakers or subjects or candidates)[0]


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
