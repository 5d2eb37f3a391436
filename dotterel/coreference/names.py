"""Joining the mentions of one person, and the codes each entity gets.

News introduces a person once in full ("Lagos Mayor Grace Okafor") and then shortens,
titles or misspells the name ("Okafor", "Ms. Okafor", "Okafur"). This module joins those
mentions into one entity, names it by its fullest form, and codes it once: from the
known-actor dictionary by the article's date, else from a title or appositive next to any
of its mentions, else from the article's main country (flagged `context`). Fuzzy matching
compares only the few person names of one article, so it costs next to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from dotterel.actors.lexicon import OUT_OF_OFFICE, ActorLexicon, Named, Person
from dotterel.mentions import Mention, MentionIndex, could_be_name, fold

# Codes for bodies of no one state (organisations.yaml): a title naming one of them and a
# state is the state's official at that body.
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "MNC", "IMG", "ISM"})

# Sector of a person no list knows and no title describes: news names private people (a
# resident, a victim, a relative) without a title, and office holders with one.
UNTITLED_PERSON_SECTOR = "CVL"

# Shortest surname that may match a misspelt or transliterated variant ("Okafur", "Zelenskyy").
FUZZY_MIN_LENGTH = 5


def similar(a: str, b: str) -> bool:
    """Same folded name, or one or two edits apart in a name long enough to be distinctive."""
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_LENGTH or a[0] != b[0]:
        return False
    return Levenshtein.distance(a, b) <= (1 if max(len(a), len(b)) < 9 else 2)


# --- joining the mentions of one person --------------------------------------------------


@dataclass
class Cluster:
    """The mentions of one person, and the name they share."""

    tokens: list[str]  # the fullest name, folded: ["grace", "okafor"]
    person: Person | None = None  # from the dictionary, where one mention is listed there
    mentions: list[Mention] = field(default_factory=list)


def join_people(doc: Doc, index: MentionIndex, lexicon: ActorLexicon) -> None:
    """Join person mentions into entities and give every mention its entity's name and codes."""
    people = [m for m in index.all_names() if m.named.kind == "person"]
    clusters = _clusters(doc, people, index, lexicon)
    _add_repeats(doc, index, clusters)
    coded = []
    for cluster in clusters:
        named = _code_cluster(doc, cluster, index, lexicon)
        for mention in cluster.mentions:
            index.put(Mention(mention.start, mention.end, named))
        coded.append((cluster, named))
    _link_descriptions(doc, index, coded)
    for mention in index.all_names():
        if mention.named.kind == "org" and mention.named.how is None and not mention.named.people:
            index.put(replace(mention, named=_code_org(mention.named, index)))


def _name_tokens(doc: Doc, mention: Mention, lexicon: ActorLexicon) -> list[str]:
    words = [fold(t.text) for t in doc[mention.start : mention.end] if not t.is_punct]
    return [w for w in words if w and w not in lexicon.honorifics]


def _clusters(doc: Doc, mentions: list[Mention], index: MentionIndex, lexicon: ActorLexicon) -> list[Cluster]:
    """Fullest names first, so that a surname joins the full name it abbreviates."""
    clusters: list[Cluster] = []
    ordered = sorted(mentions, key=lambda m: (-len(_name_tokens(doc, m, lexicon)), m.start))
    for mention in ordered:
        person = mention.named.person_on(index.published)
        tokens = person.name.split() if person else _name_tokens(doc, mention, lexicon)
        tokens = _without_particles([fold(t) for t in tokens], lexicon) or [fold(mention.named.name)]
        cluster = _find_cluster(clusters, tokens, person)
        if cluster is None:
            cluster = Cluster(tokens, person)
            clusters.append(cluster)
        cluster.person = cluster.person or person
        cluster.mentions.append(mention)
    return clusters


def _without_particles(tokens: list[str], lexicon: ActorLexicon) -> list[str]:
    """A name's words without the article news may drop: "omar al-bashir" -> "omar bashir"."""
    out = []
    for token in tokens:
        particle, _, rest = token.partition("-")
        if token in lexicon.name_particles:
            continue
        out.append(rest if rest and particle in lexicon.name_particles else token)
    return out


def _add_repeats(doc: Doc, index: MentionIndex, clusters: list[Cluster]) -> None:
    """Surnames the parser did not tag as a person ("Ms. Okafor"), or tagged as something
    unknown ("Okafur" as an organisation), join the person they name."""
    surnames = {c.tokens[-1]: c for c in clusters if len(c.tokens[-1]) > 2}
    for token in doc:
        if not could_be_name(token) or not _free(index.names.get(token.i)):
            continue
        key = fold(token.text)
        cluster = surnames.get(key) or next((c for name, c in surnames.items() if similar(key, name)), None)
        if cluster is not None:
            cluster.mentions.append(Mention(token.i, token.i + 1, Named(token.text, None, None, "person")))


def _free(mention: Mention | None) -> bool:
    """No mention here, or a one-word name that no list knows and no person has claimed."""
    if mention is None:
        return True
    named = mention.named
    return mention.end - mention.start == 1 and named.kind in ("org", "place") and named.country is None


def _find_cluster(clusters: list[Cluster], tokens: list[str], person: Person | None) -> Cluster | None:
    for cluster in clusters:
        if person is not None and cluster.person is not None:
            if person.name == cluster.person.name:
                return cluster
            continue
        if _same_name(tokens, cluster.tokens):
            return cluster
    return None


def _same_name(tokens: list[str], full: list[str]) -> bool:
    """ "Okafor" or "Grace Okafur" is "Grace Okafor"; "G. Okafor" too; "Ben Okafor" is not."""
    if not similar(tokens[-1], full[-1]):
        return len(tokens) == 1 and len(full) > 1 and tokens[0] == full[0] and len(tokens[0]) >= FUZZY_MIN_LENGTH
    if len(tokens) == 1 or len(full) == 1:
        return True
    first, other = tokens[0], full[0]
    return similar(first, other) or (len(first) == 1 and other.startswith(first)) or other == first[:1]


# --- codes for one entity ---------------------------------------------------------------


@dataclass
class Clues:
    """What titles and appositives next to a person's mentions say about them."""

    sector: str | None = None
    country: str | None = None
    gender: str | None = None
    how: str | None = None


def _code_cluster(doc: Doc, cluster: Cluster, index: MentionIndex, lexicon: ActorLexicon) -> Named:
    clues = Clues()
    for mention in sorted(cluster.mentions, key=lambda m: m.start):
        _read_clues(doc, mention, index, lexicon, clues)
    if cluster.person is not None:
        country, sector = cluster.person.codes_on(index.published)
        if clues.sector == OUT_OF_OFFICE:  # "former President X": the text knows better than our dates
            sector = OUT_OF_OFFICE
        elif sector == OUT_OF_OFFICE and clues.sector is not None:
            # out of every office we hold dates for, but the article gives a title it does not
            # call former ("jailed publisher X", "President X" in a story of his rule): the text's
            sector = clues.sector
        return Named(cluster.person.name, country, sector, "person", how="dictionary", gender=clues.gender)
    name = _display_name(doc, cluster, lexicon)
    country, how = clues.country, clues.how
    if country is None and index.main_country:
        country, how = index.main_country, "context"
    sector = clues.sector or (UNTITLED_PERSON_SECTOR if _untitled_person(doc, cluster, clues, lexicon) else None)
    return Named(name, country, sector, "person", how=how or "default", gender=clues.gender)


def _determiner_or_rank(token: Token, lexicon: ActorLexicon) -> bool:
    """ "every Rasta" names no one; "Dr.", "Prof." or "Rev." before a name (an honorific with no
    gender) says a profession we cannot code."""
    word = fold(token.text)
    return token.pos_ == "DET" or (word in lexicon.honorifics and lexicon.honorifics[word] is None)


def _untitled_person(doc: Doc, cluster: Cluster, clues: Clues, lexicon: ActorLexicon) -> bool:
    """A private person: named in full somewhere ("Grace Okafor", not a people such as
    "Africans"), with no determiner or rank before it, and no title or appositive that said
    anything, not even a place, nor a word we cannot code ("X, the district superintendent")."""
    full = any(len(_name_tokens(doc, m, lexicon)) > 1 for m in cluster.mentions)
    bare = all(m.start == 0 or not _determiner_or_rank(doc[m.start - 1], lexicon) for m in cluster.mentions)
    described = any(
        t.pos_ == "NOUN" and t.lemma_.lower() not in lexicon.private_descriptions
        for m in cluster.mentions
        for span, _ in _clue_spans(doc, m)
        for t in span
    )
    return full and bare and not described and clues.how is None


def _display_name(doc: Doc, cluster: Cluster, lexicon: ActorLexicon) -> str:
    """The first of the fullest forms the article uses."""
    best = min(cluster.mentions, key=lambda m: (-len(_name_tokens(doc, m, lexicon)), m.start))
    return doc[best.start : best.end].text


def _clue_spans(doc: Doc, mention: Mention) -> list[tuple[Span, str]]:
    """Where a mention's titles are: in front ("Lagos Mayor X"), then appositives ("X, the interior minister")."""
    root = doc[mention.start : mention.end].root
    spans = [(doc[_title_start(root, mention) : mention.start], "title")]
    if root.dep_ == "appos":
        spans.append((doc[root.head.left_edge.i : root.head.i + 1], "appositive"))
    spans += [(doc[c.left_edge.i : c.right_edge.i + 1], "appositive") for c in root.rights if c.dep_ == "appos"]
    return spans


def _title_start(root: Token, mention: Mention) -> int:
    """Where the title in front of a name starts. The parser often hangs a name on the "of" of
    a capitalised title ("Minister of Finance Ada Obi" as the minister of Ada Obi): the whole
    title counts then, if no punctuation parts it from the name."""
    prep = root.head
    title = prep.head
    if root.dep_ != "pobj" or prep.lower_ != "of" or title.pos_ != "PROPN" or not title.text[:1].isupper():
        return root.left_edge.i
    between = root.doc[title.i : mention.start]
    return root.left_edge.i if any(t.is_punct for t in between) else title.left_edge.i


def _read_clues(doc: Doc, mention: Mention, index: MentionIndex, lexicon: ActorLexicon, clues: Clues) -> None:
    spans = _clue_spans(doc, mention)
    for word in spans[0][0]:
        clues.gender = clues.gender or lexicon.honorifics.get(fold(word.text))
    for span, how in spans:
        _take(span, index, lexicon, clues, how)


# --- "the governor": a title standing for a person named earlier --------------------------

# What makes "the governor" some other governor: "of Kano", "the Kano governor", "who ...".
DESCRIPTION_SPECIFIERS = {"prep", "compound", "nmod", "poss", "appos", "acl", "relcl"}


def _link_descriptions(doc: Doc, index: MentionIndex, coded: list[tuple[Cluster, Named]]) -> None:
    """ "Governor Grace Okafor ... the former governor": a definite title refers back to the
    latest person the article gave that title."""
    titled = [(_titles(doc, cluster, index), _title_words(doc, cluster), cluster, named) for cluster, named in coded]
    for agent in sorted(set(index.agents.values()), key=lambda m: m.start):
        head = doc[agent.end - 1]
        det = next((c for c in head.lefts if c.dep_ == "det"), None)
        if det is None or det.lower_ != "the" or head.tag_ != "NN" or agent.start in index.names:
            continue
        if agent.named.name.lower() in index.bodies:
            continue  # "the court" after "the court's president, Judge X" is the court, not the judge
        if head.dep_ == "appos":
            continue  # "X, the interior minister": the person's own title, not a reference back
        # "the governor of Kano", "the Kano governor" name another office, unless the person
        # was given those very words: "Railway official X ... the railway official"
        specifiers = {c.lower_ for c in head.children if c.dep_ in DESCRIPTION_SPECIFIERS}
        word = agent.named.name.lower().split()[-1]
        earlier = [
            (max(m.start for m in cluster.mentions if m.start < det.i), named)
            for titles, words, cluster, named in titled
            if word in titles and specifiers <= words and any(m.start < det.i for m in cluster.mentions)
        ]
        if earlier:
            index.put(Mention(det.i, agent.end, max(earlier, key=lambda pair: pair[0])[1]))


def _titles(doc: Doc, cluster: Cluster, index: MentionIndex) -> set[str]:
    """The last words of the titles given to a person: "Lagos Mayor" -> {"mayor"}."""
    return {
        index.agents[i].named.name.lower().split()[-1]
        for mention in cluster.mentions
        for span, _ in _clue_spans(doc, mention)
        for i in range(span.start, span.end)
        if i in index.agents
    }


def _title_words(doc: Doc, cluster: Cluster) -> set[str]:
    """Every word of the titles given to a person: "Railway official" -> {"railway", "official"}."""
    return {t.lower_ for mention in cluster.mentions for span, _ in _clue_spans(doc, mention) for t in span}


def _take(span: Span, index: MentionIndex, lexicon: ActorLexicon, clues: Clues, how: str) -> None:
    agents = [index.agents[i] for i in range(span.start, span.end) if i in index.agents]
    places = [
        index.names[i]
        for i in range(span.start, span.end)
        if i in index.names and index.names[i].named.country and index.names[i].named.kind != "person"
    ]
    if agents and clues.sector is None:
        former = any(t.lower_ in lexicon.former for t in span)
        head = _title_head(span, agents) if how == "title" else agents[-1]
        clues.sector = OUT_OF_OFFICE if former else head.named.sector
        clues.how = how
    if places and clues.country is None:
        clues.country = _serving_country([m.named.country for m in places])
        clues.how = clues.how or how


def _title_head(span: Span, agents: list[Mention]) -> Mention:
    """The office among the agent words of a title in front of a name: "Minister of Justice X"
    is a minister, the portfolio after its "of" only says which; else the last word
    ("Lagos police chief X")."""
    of = next((t.i for t in span if t.lower_ == "of"), span.end)
    before = [m for m in agents if m.end <= of]
    return (before or agents)[-1]


def _serving_country(countries: list[str]) -> str:
    """The country a title says a person serves: a state named beside an international body
    ("Britain's U.N. ambassador", "the U.S. envoy to NATO") is the one they speak for; the
    body counts only when no state is named ("the U.N. envoy")."""
    states = [c for c in countries if c not in NON_STATE_CODES]
    return (states or countries)[-1]


def _code_org(named: Named, index: MentionIndex) -> Named:
    """An unlisted organisation with a sector word ("Electoral Commission") is the main country's;
    a listed one keeps the country its entry gives ("al-Qaeda" IMG, "Red Cross" NGO)."""
    if named.country:
        return replace(named, how="dictionary")
    if named.sector and index.main_country:
        return replace(named, country=index.main_country, how="context")
    return replace(named, how="default")
