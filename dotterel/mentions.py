"""The mentions stage: every name, agent word and named entity in a parsed article.

One PhraseMatcher pass for the proper names we know (countries, demonyms, capitals,
cities, organisations), one for agent words ("troops", "lawmakers"), plus spaCy's own
PERSON/ORG/NORP/GPE entities for names no list knows. Later stages look mentions up by
token, so coding an actor phrase is a few dictionary reads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.util import filter_spans

from dotterel.actors.lexicon import ActorLexicon, Named

# spaCy entity labels that can name an actor, and the kind they give it
ENTITY_KINDS = {"PERSON": "person", "ORG": "org", "NORP": "group", "GPE": "country"}
PLACE_KINDS = {"country", "capital", "city", "demonym", "metonym"}


@dataclass(frozen=True)
class Mention:
    start: int  # token index
    end: int
    named: Named


@dataclass
class MentionIndex:
    """Mentions of one document, addressable by token."""

    names: dict[int, Mention] = field(default_factory=dict)  # token -> proper-name mention
    agents: dict[int, Mention] = field(default_factory=dict)  # token -> agent-word mention
    main_country: str | None = None  # the country the article is most about

    def names_actor(self, token: Token) -> bool:
        """Whether a token is part of a name or agent word that can be an actor."""
        if token.pos_ == "PRON":
            return token.lower_ in PRONOUN_KINDS
        return token.i in self.agents or (token.i in self.names and self.names[token.i].named.kind != "city")

    def all_names(self) -> list[Mention]:
        return sorted(set(self.names.values()), key=lambda m: m.start)


# spaCy entity labels that confirm a name which is also an ordinary word ("Chad", "Jordan")
NAME_LABELS = {"GPE", "NORP", "LOC", "ORG", "FAC"}


def _confirmed(doc: Doc, match_id: int, start: int, lexicon: ActorLexicon) -> bool:
    return not lexicon.names[match_id].needs_context or doc[start].ent_type_ in NAME_LABELS


# Which mentions a pronoun can stand for.
PRONOUN_KINDS = {
    "he": {"person"}, "him": {"person"}, "his": {"person"},
    "she": {"person"}, "her": {"person"},
    "it": {"org", "country", "metonym", "capital"}, "its": {"org", "country", "metonym", "capital"},
    "they": {"org", "country", "group", "agent", "metonym"}, "them": {"org", "country", "group", "agent"},
    "their": {"org", "country", "group", "agent"},
    "we": {"org", "country", "group", "agent"}, "our": {"org", "country", "group", "agent"},
}  # fmt: skip
# How many sentences back a pronoun may look for its antecedent.
PRONOUN_REACH = 2


def antecedent(pronoun: Token, index: MentionIndex, speaker: Token | None = None) -> Token | None:
    """The token a pronoun stands for: the speaker it reports, else the nearest compatible mention."""
    kinds = PRONOUN_KINDS.get(pronoun.lower_)
    if not kinds:
        return None
    if speaker is not None and speaker.i != pronoun.i and speaker.pos_ != "PRON":
        return speaker
    first_sentence = _sentence_start(pronoun, PRONOUN_REACH)
    for i in range(pronoun.i - 1, first_sentence - 1, -1):
        mention = index.names.get(i) or index.agents.get(i)
        if mention is not None and mention.end - 1 == i and _compatible(mention, pronoun.doc[i], kinds):
            return pronoun.doc[i]
    return None


def _compatible(mention: Mention, token: Token, kinds: set[str]) -> bool:
    """A singular agent word ("the minister") can be a he or she; a plural one a they."""
    if mention.named.kind == "agent" and "person" in kinds:
        return token.tag_ == "NN"
    return mention.named.kind in kinds


def _sentence_start(token: Token, back: int) -> int:
    sent = token.sent
    for _ in range(back):
        if sent.start == 0:
            break
        sent = token.doc[sent.start - 1].sent
    return sent.start


def _spans_to_mentions(doc: Doc, matches: list[tuple[int, int, int]], lexicon: ActorLexicon) -> list[Mention]:
    matches = [(m, s, e) for m, s, e in matches if _confirmed(doc, m, s, lexicon)]
    spans = [doc[start:end] for _, start, end in matches]
    keep = {(s.start, s.end) for s in filter_spans(spans)}
    return [Mention(s, e, lexicon.names[m]) for m, s, e in matches if (s, e) in keep]


def _entity_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """Named entities that no list knows: a name, a kind, no codes yet."""
    out = []
    for ent in doc.ents:
        kind = ENTITY_KINDS.get(ent.label_)
        if kind and not any(i in taken for i in range(ent.start, ent.end)):
            start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
            if start < ent.end:
                out.append(Mention(start, ent.end, Named(doc[start : ent.end].text, None, None, kind)))
    return out


def _main_country(mentions: list[Mention]) -> str | None:
    counts = Counter(m.named.country for m in mentions if m.named.country and len(m.named.country) == 3)
    places = [c for c, _ in counts.most_common() if c not in {"IGO", "UNO", "EUR", "NGO", "MNC"}]
    return places[0] if places else None


def find_mentions(doc: Doc, lexicon: ActorLexicon) -> MentionIndex:
    index = MentionIndex()
    proper = _spans_to_mentions(doc, lexicon.proper(doc), lexicon)
    taken = {i for m in proper for i in range(m.start, m.end)}
    for mention in [*proper, *_entity_mentions(doc, taken)]:
        for i in range(mention.start, mention.end):
            index.names[i] = mention
    for mention in _spans_to_mentions(doc, lexicon.agents(doc), lexicon):
        if any(i in taken for i in range(mention.start, mention.end)):
            continue  # "Union" in "European Union" is part of a name, not an agent word
        for i in range(mention.start, mention.end):
            index.agents[i] = mention
    index.main_country = _main_country(proper)
    return index
