"""The article's list of quotations, each with its speaker coded and its speech verb."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from dotterel.attribution.finding import Attribution
from dotterel.mentions import NOT_PERSON_LABELS, MentionIndex
from dotterel.model import Quote, Speaker

SpeakerCoder = Callable[[Token | None], Speaker | None]

# What a speaker phrase is, for telling who a described speaker is: a name of a person or of
# a body ("Ada Obi", "the army of Kenya"), or a definite description of one person or one
# body ("the envoy", "the military"). Plurals and indefinites ("officials", "an analyst")
# bring in speakers of their own and are none of these.
PERSON, BODY = "person", "body"
# Pronouns that stand for one person and for one body.
PERSON_PRONOUNS = ("he", "she", "him", "her")
BODY_PRONOUNS = ("it",)
# Entity labels and kinds of name (dotterel.mentions) that name a body, not a person.
BODY_ENTITIES = ("ORG", "GPE", "NORP")
BODY_NAMES = ("org", "country", "capital", "metonym", "demonym", "group")


@dataclass(frozen=True)
class _Said:
    """One quotation piece and what its speaker phrase is: a name (`named`) or a description,
    of a person or a body (`kind`; None where it is neither)."""

    quote: Quote
    named: bool
    kind: str | None


def find_quotes(doc: Doc, found: list[Attribution], speaker_of: SpeakerCoder, index: MentionIndex) -> list[Quote]:
    """Direct and indirect quotations with their speech verb and coded speaker.

    A quotation split by its attribution ("...," she said, "...") or run over several
    paragraphs gives one Quote per piece, each with the quotation's speaker and cue.
    FOUND is the document's attributions, the same the events stage reads; INDEX the
    document's mentions, which tell a name from a description.
    """
    said, text = [], doc.text
    for attribution in found:
        head = attribution.speaker
        speaker = speaker_of(head) if head is not None else None
        named, kind = _phrase_kind(head, speaker, index)
        for start, end in attribution.segments:
            quote = Quote(text[start:end], speaker, attribution.cue_text, attribution.direct, start, end)
            said.append(_Said(quote, named, kind))
    return _described_speakers(sorted(said, key=lambda s: (s.quote.start, s.quote.end)))


def _phrase_kind(head: Token | None, speaker: Speaker | None, index: MentionIndex) -> tuple[bool, str | None]:
    """Whether the speaker phrase is a name, and whether it stands for a person or a body."""
    if head is None or speaker is None:
        return False, None
    if head.pos_ == "PRON":
        kind = PERSON if head.lower_ in PERSON_PRONOUNS else BODY if head.lower_ in BODY_PRONOUNS else None
        return not _described(speaker), kind
    named = _name_kind(head, speaker, index)
    if named is not None:
        return True, named
    if not _definite_description(head, speaker):
        return False, None
    return False, BODY if head.lemma_.lower() in index.bodies | index.back_references else PERSON


def _name_kind(head: Token, speaker: Speaker, index: MentionIndex) -> str | None:
    """Whether the speaker was coded as a name of the phrase, of a person or of a body: the head
    itself ("Obi") or a name the title leads to ("the envoy to the talks, Ada Obi")."""
    if _described(speaker):
        return None
    for token in (head, *head.subtree):
        mention = index.names.get(token.i)
        if mention is not None and mention.named.name == speaker.name:
            return PERSON if mention.named.kind == "person" else BODY
        if token.pos_ == "PROPN" and token.ent_type_ not in NOT_PERSON_LABELS and token.text in (speaker.name or ""):
            body = token.ent_type_ in BODY_ENTITIES or (mention is not None and mention.named.kind in BODY_NAMES)
            return BODY if body else PERSON
    return None


def _definite_description(head: Token, speaker: Speaker) -> bool:
    """ "The envoy", "Kenya's envoy": one known person or body, described and not named; the
    coded speaker is still the description (no name was found for it)."""
    definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the") for c in head.children)
    return head.pos_ == "NOUN" and head.tag_ == "NN" and definite and head.text in (speaker.name or "")


# How far back (characters) a described speaker looks for the named one quoted before.
DESCRIBED_SPEAKER_REACH = 600


def _described_speakers(said: list[_Said]) -> list[Quote]:
    """'"...," said Ada Obi. ... "...," the party official said.': a speaker described, not named,
    is the named speaker before whom the description fits (see `_named_earlier`). Whoever was
    last given the floor counts, quoted or reported ("Obi said talks had failed"), and a
    described speaker of reported speech is resolved too: the events inside it take it."""
    named: list[_Said] = []
    out = []
    for piece in said:
        quote, speaker = piece.quote, piece.quote.speaker
        if piece.named:
            named.append(piece)
        elif speaker is not None and piece.kind is not None:
            same_kind = [n.quote for n in named if n.kind == piece.kind]
            found = _named_earlier(speaker, quote, same_kind)
            quote = replace(quote, speaker=found) if found is not None else quote
        out.append(quote)
    return out


def _named_earlier(described: Speaker, quote: Quote, named: list[Quote]) -> Speaker | None:
    """The last named speaker (of the description's kind), given the floor just before, if the
    description fits them; further back, the last named speaker of the country the
    description gives ("the Kenyan envoy")."""
    if named and quote.start - named[-1].end <= DESCRIBED_SPEAKER_REACH and _fits(described, named[-1].speaker):
        return named[-1].speaker
    if described.country is None:
        return None
    fitting = [
        q.speaker
        for q in named
        if q.speaker is not None and q.speaker.country == described.country and _fits(described, q.speaker)
    ]
    return fitting[-1] if fitting else None


def _fits(described: Speaker, named: Speaker) -> bool:
    """A description ("the railway official") that does not clash with what the article says of
    the named person: the same sector, or a person the article gave no sector; no other country."""
    same_sector = None in (described.sector, named.sector) or described.sector == named.sector
    return same_sector and described.country in (None, named.country)


def _described(speaker: Speaker) -> bool:
    first = (speaker.name or "").split(" ", 1)[0]
    return first.lower() in ("the", "a", "an") or not first[:1].isupper()
