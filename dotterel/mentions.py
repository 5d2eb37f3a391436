"""The mentions stage: every name, agent word and named entity in a parsed article.

One PhraseMatcher pass for the proper names we know (countries, demonyms, capitals,
cities, organisations, people), one for agent words ("troops", "lawmakers"), plus spaCy's
own PERSON/ORG/NORP/GPE entities for names no list knows. Mentions of one person are then
joined (`dotterel.actors.coref`) and every mention carries its entity's name and codes, so
coding an actor phrase later is a few dictionary reads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token
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


def _quoted_tokens(doc: Doc) -> frozenset[int]:
    from dotterel.attribution import quotations  # a text function; attribution reads mentions later

    quoted: set[int] = set()
    for group in quotations(doc.text):
        for start, end in group:
            span = doc.char_span(start, end, alignment_mode="expand")
            quoted.update(range(span.start, span.end) if span is not None else ())
    return frozenset(quoted)


def _speech_verbs(doc: Doc, quoted: frozenset[int]) -> frozenset[int]:
    from dotterel.attribution import is_cue, speech_words

    words = speech_words()
    return frozenset(t.i for t in doc if t.pos_ == "VERB" and t.i not in quoted and is_cue(t, words))


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
    """Index every mention, then join the mentions of one entity and code it."""
    from dotterel.actors import coref

    index = MentionIndex(
        published=published,
        members=lexicon.members,
        quantities=lexicon.quantities,
        stateless=lexicon.stateless,
        not_actors=lexicon.not_actors,
        bodies=lexicon.bodies,
        quoted=_quoted_tokens(doc),
    )
    index.speech_verbs = _speech_verbs(doc, index.quoted)
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
    for mention in coref.entity_mentions(doc, index, lexicon):
        index.put(mention)
    index.main_country = _main_country(proper)
    coref.resolve(doc, index, lexicon)
    return index
