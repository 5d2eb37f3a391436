"""The mentions stage: every name, agent word and named entity in a parsed article.

One PhraseMatcher pass for the proper names we know (countries, demonyms, capitals,
cities, organisations, people), one for agent words ("troops", "lawmakers"), plus spaCy's
own PERSON/ORG/NORP/GPE entities for names no list knows. Joining the mentions of one
entity and resolving pronouns is the next stage's job (`dotterel.coreference`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dotterel.actors.lexicon import OUT_OF_OFFICE, ActorLexicon, Named

# spaCy entity labels that can name an actor, and the kind they give it. A GPE or LOC that
# no gazetteer knows ("Texas", "Bavaria", "Europe") is a place, not an actor.
ENTITY_KINDS = {"PERSON": "person", "ORG": "org", "NORP": "group", "GPE": "place", "LOC": "place"}
# Mentions that place an event but never act in one.
NOT_ACTOR_KINDS = {"city", "place"}
PLACE_KINDS = {"country", "capital", "city", "demonym", "metonym"}
# spaCy labels under which a one-word person alias ("May", "Rice", "Ford") is something else
NOT_PERSON_LABELS = {"DATE", "TIME", "LOC", "FAC", "PRODUCT", "MONEY", "CARDINAL", "ORDINAL", "LAW"}


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
    published: dt.date | None = None  # the article's date: a known person is coded by it
    members: set[str] = field(default_factory=set)  # lexicon.members: "leaders of X" take X's sector
    quantities: set[str] = field(default_factory=set)  # lexicon.quantities: "thousands of X" are X
    stateless: set[str] = field(default_factory=set)  # lexicon.stateless: "Western countries" lend no country
    not_actors: set[str] = field(default_factory=set)  # lexicon.not_actors: "cholera", "hurricane"
    bodies: set[str] = field(default_factory=set)  # lexicon.bodies: "the army" is never a he or she
    back_references: set[str] = field(default_factory=set)  # lexicon.back_references: "the group"
    acts: set[str] = field(default_factory=set)  # lexicon.acts: "the statement" is its maker's
    quoted: frozenset[int] = frozenset()  # tokens inside quotation marks
    speech_verbs: frozenset[int] = frozenset()  # speech verbs outside quotations ("said", "told")

    def names_actor(self, token: Token) -> bool:
        """Whether a token is part of a name or agent word that can be an actor."""
        if token.pos_ == "PRON":
            return token.lower_ in PRONOUN_KINDS or (token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl")
        mention = self.names.get(token.i)
        return token.i in self.agents or (mention is not None and mention.named.kind not in NOT_ACTOR_KINDS)

    def all_names(self) -> list[Mention]:
        return sorted(set(self.names.values()), key=lambda m: m.start)

    def put(self, mention: Mention) -> None:
        for i in range(mention.start, mention.end):
            self.names[i] = mention


# spaCy entity labels that confirm a name which is also an ordinary word ("Chad", "Jordan")
NAME_LABELS = {"GPE", "NORP", "LOC", "ORG", "FAC"}


def _confirmed(doc: Doc, match_id: int, start: int, end: int, lexicon: ActorLexicon) -> bool:
    """A listed name is trusted unless it is also an ordinary word the parse says it is here."""
    named = lexicon.names[match_id]
    if named.kind == "person" and end - start == 1:  # "May" the month, "Rice" the grain
        return could_be_name(doc[start])
    return not named.needs_context or (doc[start].ent_type_ in NAME_LABELS and _whole_entity(doc, start, end))


def _namesakes(doc: Doc, matches: list[tuple[int, int, int]], lexicon: ActorLexicon) -> set[str]:
    """Surnames the article gives to someone other than the listed person who bears them.

    "Samuel Otieno" is not the minister "Peter Otieno" of our list, and once the article has
    its own Otieno, a bare "Otieno" later is that person too: the article's own people come
    before the dictionary. (The listed full name, when written, matches as a longer name.)
    """
    found = set()
    longer = {i for m, s, e in matches if e - s > 1 and lexicon.names[m].kind == "person" for i in range(s, e)}
    for match_id, start, end in matches:
        if end - start != 1 or lexicon.names[match_id].kind != "person" or start == 0 or start in longer:
            continue
        first = doc[start - 1]
        first_name = first.pos_ == "PROPN" and first.text[:1].isupper() and first.ent_type_ == "PERSON"
        if first_name and doc[start].ent_type_ == "PERSON" and not _title(first, lexicon):
            found.add(doc[start].text)
    return found


def _title(token: Token, lexicon: ActorLexicon) -> bool:
    """ "President", "Senator", "Mr.": a word before a surname that is no first name."""
    word = token.lower_.rstrip(".")
    return word in lexicon.honorifics or bool(lexicon.agents(token.doc[token.i : token.i + 1]))


def _whole_entity(doc: Doc, start: int, end: int) -> bool:
    """The parser's entity is this name and no longer one ("Democrats", not "Australian Democrats")."""
    after_the = start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].ent_iob_ == "B"
    opens = doc[start].ent_iob_ == "B" or after_the
    return opens and (end == len(doc) or doc[end].ent_iob_ != "I")


def could_be_name(token: Token) -> bool:
    """A capitalised word that may be a surname: a proper noun, or capitalised mid-sentence,
    and not a date or place by the parser's reckoning (the small model tags "Zelenskyy" NOUN)."""
    if not token.text[:1].isupper() or token.ent_type_ in NOT_PERSON_LABELS:
        return False
    if token.pos_ == "PROPN" or (not token.is_sent_start and token.pos_ in ("NOUN", "ADJ", "VERB")):
        return True
    # "Trump blocked the sale" opens a sentence: a name the article uses for a person elsewhere
    return any(t.text == token.text and t.ent_type_ == "PERSON" for t in token.doc if t.i != token.i)


# Which mentions a pronoun can stand for.
PRONOUN_KINDS = {
    "he": {"person"}, "him": {"person"}, "his": {"person"}, "himself": {"person"},
    "she": {"person"}, "her": {"person"}, "herself": {"person"},
    "it": {"org", "country", "metonym", "capital"}, "its": {"org", "country", "metonym", "capital"},
    "they": {"org", "country", "group", "agent", "metonym"}, "them": {"org", "country", "group", "agent"},
    "their": {"org", "country", "group", "agent"},
    "we": {"org", "country", "group", "agent"}, "our": {"org", "country", "group", "agent"},
}  # fmt: skip


def fold(text: str) -> str:
    """Lowercase without accents or full stops: "José" and "Jose", "Mr." and "Mr" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip(".")


# --- spaCy entities that no list knows ---------------------------------------------------


def entity_mentions(doc: Doc, index: MentionIndex, lexicon: ActorLexicon) -> list[Mention]:
    """Named entities that no list knows: people without titles, organisations with their place."""
    out = []
    for ent in doc.ents:
        kind = ENTITY_KINDS.get(ent.label_)
        if kind is None or _never_actor(ent, lexicon):
            continue
        if kind != "person" and _after_a_title(ent, index):
            kind = "person"  # "presidential adviser Mesut Casin", whatever label the parser chose
        mention = _person_mention(ent, index, lexicon) if kind == "person" else _other_mention(ent, kind, index)
        if mention is not None:
            out.append(mention)
    return out


def _after_a_title(ent: Span, index: MentionIndex) -> bool:
    """A first and last name right after a person's title ("adviser", "spokesman"): a person.

    A body's word ("the rebel group M23", "the ministry") is no person's title."""
    before = index.agents.get(ent.start - 1)
    if before is None or before.named.name.lower() in index.bodies or len(ent) < 2:
        return False
    return all(t.pos_ == "PROPN" and t.i not in index.names for t in ent)


def _never_actor(ent: Span, lexicon: ActorLexicon) -> bool:
    return ent.text.lower() in lexicon.not_actors or any(t.lower_ in lexicon.not_actors for t in ent)


def _person_mention(ent: Span, index: MentionIndex, lexicon: ActorLexicon) -> Mention | None:
    """The name part of a PERSON entity: titles in front ("Lagos Mayor") are clues, not the name.

    A place or body inside the rest ("Stuart Lyon Smith", "Michael Bloomberg") is part of
    the name; a known person is already a mention.
    """
    doc = ent.doc
    titles = [t.i for t in ent[:-1] if t.i in index.agents or _title_word(t, lexicon)]
    start, end = (titles[-1] + 1 if titles else ent.start), ent.end
    if end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    inside = _inside(index, start, end)
    opens_name = doc[start].text[:1].isupper() or doc[start].lower_ in lexicon.name_particles  # "al-Bashir"
    if start >= end or not opens_name or any(m.named.kind in ("person", "clash") for m in inside):
        return None
    if any(m.named.kind == "demonym" and m.end == end for m in inside):
        return None  # "Bosnian Serbs" is a people, not a person
    if any(m.start == start and m.end == end for m in inside):
        return None  # a listed body or place the parser took for a person ("Boko Haram")
    return Mention(start, end, Named(doc[start:end].text, None, None, "person"))


def _title_word(token: Token, lexicon: ActorLexicon) -> bool:
    """A courtesy title ("Mr.") or a lowercase word before a name ("lawyer Ana Ruiz"), unless
    it is a particle of the name itself: the Arabic article in "Abu Salman al-Tikriti"."""
    if fold(token.text) in lexicon.honorifics:
        return True
    return token.is_lower and token.lower_ not in lexicon.name_particles


def _inside(index: MentionIndex, start: int, end: int) -> set[Mention]:
    """Names within [start, end); a name reaching outside counts as a clash."""
    found = {index.names[i] for i in range(start, end) if i in index.names}
    return {m if start <= m.start and m.end <= end else Mention(-1, -1, Named("", None, None, "clash")) for m in found}


def _other_mention(ent: Span, kind: str, index: MentionIndex) -> Mention | None:
    """A name longer than the listed names inside it is another body: "Democratic Party of
    Japan" is not the Democratic Party; "Lagos State University" takes Lagos's country."""
    start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
    inside = _inside(index, start, ent.end)
    if start >= ent.end or (inside and kind not in ("org", "place")):
        return None
    if any(m.named.kind in ("clash", "person") for m in inside):
        return None
    if any(m.start == start and m.end == ent.end for m in inside):
        return None  # the entity is a listed name itself
    span = ent.doc[start : ent.end]
    places = sorted((m for m in inside if m.named.kind in PLACE_KINDS and m.named.country), key=lambda m: m.start)
    # "the U.S. Treasury Department" takes the country of the listed body inside it
    bodies = sorted((m for m in inside if m.named.kind == "org" and m.named.country), key=lambda m: m.start)
    country = (places or bodies)[0].named.country if places or bodies else None
    sector = _sector_inside(span, index, inside)
    return Mention(start, ent.end, Named(span.text, country, sector, kind, how="name" if country else None))


def _sector_inside(span: Span, index: MentionIndex, inside: set[Mention]) -> str | None:
    """The kind of body a name says it is: a listed body's sector, else an agent word's ("Ministry")."""
    listed = [m.named.sector for m in inside if m.named.kind == "org" and m.named.sector]
    agents = [index.agents[i].named.sector for i in range(span.start, span.end) if i in index.agents]
    return (listed or agents or [None])[-1]


def _spans_to_mentions(doc: Doc, matches: list[tuple[int, int, int]], lexicon: ActorLexicon) -> list[Mention]:
    namesakes = _namesakes(doc, matches, lexicon)
    confirmed = [(m, s, e) for m, s, e in matches if _confirmed(doc, m, s, e, lexicon)]
    matches = [
        (m, s, e)
        for m, s, e in [*confirmed, *_listed_with_countries(doc, matches, confirmed, lexicon)]
        if not (e - s == 1 and doc[s].text in namesakes)
    ]
    spans = [doc[start:end] for _, start, end in matches]
    keep = {(s.start, s.end) for s in filter_spans(spans)}
    return [Mention(s, e, lexicon.names[m]) for m, s, e in matches if (s, e) in keep]


def _listed_with_countries(
    doc: Doc, matches: list[tuple[int, int, int]], confirmed: list[tuple[int, int, int]], lexicon: ActorLexicon
) -> list[tuple[int, int, int]]:
    """A country name that is also an ordinary word ("Niger", "Chad") is a country when it is
    listed with other countries: "Burkina Faso, Mali and Niger"."""
    countries = {i for m, s, e in confirmed if lexicon.names[m].kind == "country" for i in range(s, e)}
    found = []
    for match in matches:
        match_id, _, end = match
        if match in confirmed or lexicon.names[match_id].kind != "country":
            continue
        word = doc[end - 1]
        listed = [c for c in word.children if c.dep_ == "conj"] + ([word.head] if word.dep_ == "conj" else [])
        if any(t.i in countries for t in listed):
            found.append(match)
    return found


def _main_country(mentions: list[Mention]) -> str | None:
    counts = Counter(m.named.country for m in mentions if m.named.country and len(m.named.country) == 3)
    places = [c for c, _ in counts.most_common() if c not in {"IGO", "UNO", "EUR", "NGO", "MNC", "IMG", "ISM"}]
    return places[0] if places else None


# Words that end the modifiers in front of a title: "the former president", "ousted Socialist premier".
TITLE_MODIFIER_STOPS = {"DET", "ADP", "CCONJ", "SCONJ", "PRON", "AUX", "NUM"}


def _former(doc: Doc, start: int, lexicon: ActorLexicon) -> bool:
    """A "former" word among the few modifiers before a title: the office is no longer held."""
    for i in range(start - 1, max(start - 4, 0) - 1, -1):
        token = doc[i]
        if token.lower_ in lexicon.former:
            return True
        if token.pos_ in TITLE_MODIFIER_STOPS or (token.is_punct and token.text != "-"):
            return False
    return False


def find_mentions(doc: Doc, lexicon: ActorLexicon, published: dt.date | None = None) -> MentionIndex:
    """Index every mention: listed names, agent words, and the entities no list knows."""
    index = MentionIndex(
        published=published,
        members=lexicon.members,
        quantities=lexicon.quantities,
        stateless=lexicon.stateless,
        not_actors=lexicon.not_actors,
        bodies=lexicon.bodies,
        back_references=lexicon.back_references,
        acts=lexicon.acts,
    )
    proper = _spans_to_mentions(doc, lexicon.proper(doc), lexicon)
    for mention in proper:
        index.put(mention)
    for mention in _spans_to_mentions(doc, lexicon.agents(doc), lexicon):
        if any(i in index.names for i in range(mention.start, mention.end)):
            continue  # "Union" in "European Union" is part of a name, not an agent word
        if mention.named.sector in lexicon.former_sectors and _former(doc, mention.start, lexicon):
            mention = replace(mention, named=replace(mention.named, sector=OUT_OF_OFFICE))
        for i in range(mention.start, mention.end):
            index.agents[i] = mention
    for mention in entity_mentions(doc, index, lexicon):
        index.put(mention)
    index.main_country = _main_country(proper)
    return index
