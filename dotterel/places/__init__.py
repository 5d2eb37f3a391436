"""The "where" stage: toponyms found, resolved to GeoNames entries, and attached to events.

`PlaceResolver` holds the gazetteer (built once per process, see `gazetteer.py`). For one
parsed article it finds the toponyms (`toponyms.py`), resolves each by name and by the
article's context in two passes: a first guess for every name, then each name again with
what the others said (`ranking.py`); and it picks an event's own location among them
(`attach.py`). Offsets are in the cleaned text `doc.text`; the pipeline maps them back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Set

from spacy.tokens import Doc, Span, Token

from dotterel.model import Place
from dotterel.places.attach import Located, Wording, main_place
from dotterel.places.attach import event_location as _event_location
from dotterel.places.building import load_gazetteer
from dotterel.places.gazetteer import Entry, Gazetteer
from dotterel.places.ranking import Context, area_votes, choose
from dotterel.places.toponyms import Toponym, find_toponyms

__all__ = ["Context", "Located", "PlaceResolver", "main_place"]

# A first-pass choice this far ahead of the runner-up is sure enough to guide the others.
SURE_LEAD = 2.0
# Share of a list's other names that must be states (or countries) for a name in it to be one.
LIST_SHARE = 0.6
EMPTY: frozenset[int] = frozenset()


class PlaceResolver:
    """Finds and resolves the places of an article. Create once, use for many articles."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.prepositions = set(self.gazetteer.config.get("location_prepositions") or [])
        self.destinations = frozenset(self.gazetteer.config.get("destination_prepositions") or [])
        origins = frozenset(self.gazetteer.config.get("origin_prepositions") or [])
        nouns = frozenset(self.gazetteer.config.get("place_nouns") or [])
        where = frozenset(self.gazetteer.config.get("setting_prepositions") or [])
        self.wording = Wording(frozenset(self.prepositions) | self.destinations | origins, nouns, where)
        kind_words = self.gazetteer.config.get("kind_words") or {}
        self.kind_words = {str(word): frozenset(kinds) for word, kinds in kind_words.items()}

    def find_places(self, doc: Doc, main_country: str | None, actor_tokens: set[int]) -> list[Located]:
        """Every toponym of the article not used as an actor, resolved in the article's context."""
        toponyms, hits, first, ctx = self._first_pass(doc, main_country, actor_tokens)
        within = _within(doc, toponyms, [entry for entry, _ in first], hits)
        within = [outer or self._named_country(doc, t) for outer, t in zip(within, toponyms, strict=True)]
        kinds = _kinds(doc, toponyms, [entry for entry, _ in first], self.kind_words)
        out, chosen = [], {}
        for toponym, found, (guess, lead), outer, kind in zip(toponyms, hits, first, within, kinds, strict=True):
            if kind:
                found = (
                    [hit for hit in found if hit[0].feature in kind]
                    or self._with_kind_word(doc, toponym, kind)
                    or found
                )
            key = (doc[toponym.start : toponym.end].text, outer, kind)
            if key not in chosen:  # a name said twice is the same place twice
                own_areas = area_votes(found, Context(main_country))
                entry = choose(found, ctx.without(guess, _vote(lead), outer, own_areas))[0]
                chosen[key] = _in_named_area(entry, outer)
            entry = chosen[key]
            if entry is not None or toponym.label != "FAC":
                out.append((range(toponym.start, toponym.end), to_place(doc[toponym.start : toponym.end], entry)))
        return out

    def _with_kind_word(self, doc: Doc, toponym: Toponym, kind: frozenset[str]) -> list[tuple[Entry, bool]]:
        """ "Shan state", "Rakhine state": where the name alone is no place of the kind the word
        after it says, the name with that word may be ("Shan State")."""
        named = f"{doc[toponym.start : toponym.end].text} {doc[toponym.end].text.title()}"
        return [hit for hit in self.gazetteer.lookup(named) if hit[0].feature in kind]

    def _named_country(self, doc: Doc, toponym: Toponym) -> Entry | None:
        """The country a people's name or a country's possessive gives the place noun a name
        belongs to: "the Italian cities of Turin and Bari", "the northern Nigerian town of
        Bama", "Pakistan's Kalat district", "the U.S. state of Georgia", "the Somali capital,
        Mogadishu"."""
        noun = _place_noun_of(doc[toponym.start : toponym.end].root, self.wording.place_nouns)
        for child in noun.children if noun is not None else ():
            if child.dep_ == "amod" and (country := self.gazetteer.demonym(child.text)) is not None:
                return country
            if child.dep_ in ("poss", "compound"):
                named = doc[child.left_edge.i : child.i + 1].text
                country = next((e for e, own in self.gazetteer.lookup(named) if own and e.feature == "country"), None)
                if country is not None:
                    return country
        return None

    def article_context(self, doc: Doc, main_country: str | None = None, actor_tokens: Set[int] = EMPTY) -> Context:
        """What an article's toponyms say about where it is: to resolve one more name in it."""
        return self._first_pass(doc, main_country, actor_tokens)[3]

    def _first_pass(
        self, doc: Doc, main_country: str | None, actor_tokens: Set[int]
    ) -> tuple[list[Toponym], list[list[tuple[Entry, bool]]], list[tuple[Entry | None, float]], Context]:
        """Each toponym's candidates and first guess, and the context all the guesses make."""
        toponyms = find_toponyms(doc, self.gazetteer, actor_tokens)
        names = [doc[t.start : t.end].text for t in toponyms]
        hits = {name: self.gazetteer.lookup(name) for name in names}
        guesses = {name: choose(found, Context(main_country)) for name, found in hits.items()}
        ctx = _article_context(main_country, list(guesses.values()))
        for found in hits.values():
            ctx.areas.update(area_votes(found, Context(main_country)))
        return toponyms, [hits[n] for n in names], [guesses[n] for n in names], ctx

    def event_location(self, trigger: Token, places: list[Located]) -> Place | None:
        """The event's own location (a copy of one of `places` with `rule` set), or None."""
        return _event_location(trigger, places, self.prepositions, self.wording)

    def resolve(self, name: str, context_countries: list[str]) -> Place | None:
        """One name resolved on its own, the first country given counting as the main one."""
        ctx = Context(context_countries[0] if context_countries else None, Counter(context_countries))
        return self.resolve_in(name, ctx)

    def resolve_in(self, name: str, ctx: Context) -> Place | None:
        """One name resolved in a context; a people's name ("Kenyan") resolves to its country."""
        found = self.gazetteer.lookup(name)
        guess, lead = choose(found, Context(ctx.main_country))
        entry, _ = choose(found, ctx.without(guess, _vote(lead), None, area_votes(found, Context(ctx.main_country))))
        entry = entry or self.gazetteer.demonym(name)
        return None if entry is None else _place(name, entry, 0, len(name))


def _within(
    doc: Doc, toponyms: list[Toponym], guesses: list[Entry | None], hits: list[list[tuple[Entry, bool]]]
) -> list[Entry | None]:
    """For "Gainesville, Ga." and "Pandi, Bulacan": the state or country written after a town
    (not after a country: "China, Japan" is a list). A name that is both a city and a state
    ("Quebec", "New York") is the state there: "Valencia, Quebec"."""
    out: list[Entry | None] = [None] * len(toponyms)
    for i in range(len(toponyms) - 1):
        here, after = toponyms[i], toponyms[i + 1]
        comma = after.start == here.end + 1 and doc[here.end].text == ","
        inner = guesses[i]
        listed = inner is not None and inner.feature in ("country", "continent")  # "China, Japan"
        outer = _area_reading(guesses[i + 1], hits[i + 1])
        if comma and not listed and outer is not None:
            out[i] = outer
    return out


def _place_noun_of(token: Token, place_nouns: frozenset[str]) -> Token | None:
    """The place noun a name stands in apposition to or names: "the cities *of* Seville and
    Ceuta", "the Kalat district", "the capital, Mogadishu"."""
    while token.dep_ == "conj":
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        noun = token.head.head
    elif token.dep_ in ("compound", "appos"):
        noun = token.head
    else:
        return None
    return noun if noun.lower_ in place_nouns and noun.i != token.i else None


def _in_named_area(entry: Entry | None, outer: Entry | None) -> Entry | None:
    """ "Toledo, Ontario" with no Toledo in Ontario known: Ontario, not the namesake in another
    country. A town in the right country stays, even when its state code differs."""
    if outer is None or (entry is not None and entry.country == outer.country):
        return entry
    return outer


def _area_reading(guess: Entry | None, found: list[tuple[Entry, bool]]) -> Entry | None:
    """The state or country a name can be, its first guess first."""
    if guess is not None and guess.feature in ("admin1", "country"):
        return guess
    areas = [entry for entry, _ in found if entry.feature in ("admin1", "country")]
    return max(areas, key=lambda entry: entry.population) if areas else None


def _kinds(
    doc: Doc, toponyms: list[Toponym], guesses: list[Entry | None], words: dict[str, frozenset[str]]
) -> list[frozenset[str]]:
    """What kind of place the text says a name is, where it says so: the word after it
    ("Washington *state*", "Sindh *province*"); in a list of states ("Utah, Virginia,
    Washington and Wyoming") a name is a state too, in a list of countries a country."""
    at = {i: n for n, t in enumerate(toponyms) for i in range(t.start, t.end)}
    out = []
    for toponym in toponyms:
        after = doc[toponym.end] if toponym.end < len(doc) else None
        kind = words.get(after.lower_, frozenset()) if after is not None and after.is_lower else frozenset()
        if not kind:
            siblings = {at[c.i] for c in doc[toponym.end - 1].conjuncts if c.i in at}
            features = Counter(guesses[n].feature for n in siblings if guesses[n] is not None)
            common, count = features.most_common(1)[0] if features else (None, 0)
            if common in ("admin1", "country") and count >= 2 and count >= LIST_SHARE * len(siblings):
                kind = frozenset({common})
        out.append(kind)
    return out


def _vote(lead: float) -> float:
    """How much a first guess says about the article's country: a sure one 1, a coin toss 0."""
    return min(1.0, lead / SURE_LEAD)


def _article_context(main_country: str | None, first: list[tuple[Entry | None, float]]) -> Context:
    """Country votes, named states and sure towns from the first guesses, once per distinct place."""
    guesses = {entry: lead for entry, lead in first if entry is not None}
    countries: Counter[str] = Counter()
    for entry, lead in guesses.items():
        if entry.country:
            countries[entry.country] += _vote(lead)
    admin1 = {e.admin1 for e, lead in guesses.items() if e.admin1 and _names_its_area(e, lead)}
    anchors = [e for e, lead in guesses.items() if e.feature == "city" and lead >= SURE_LEAD]
    main = main_country or (countries.most_common(1)[0][0] if countries else None)
    return Context(main, countries, admin1, anchors)


def _names_its_area(entry: Entry, lead: float) -> bool:
    """A state or province the article names, or one it implies by a county it names for sure
    ("Edgar County" puts the article in Illinois, so its "Paris" is there too)."""
    return entry.feature == "admin1" or (entry.feature == "admin2" and lead >= SURE_LEAD)


def to_place(span: Span, entry: Entry | None) -> Place:
    return _place(span.text, entry, span.start_char, span.end_char)


def _place(text: str, entry: Entry | None, start: int, end: int) -> Place:
    if entry is None:
        return Place(text, None, None, None, None, None, start, end)
    lat, lon = round(entry.lat, 4), round(entry.lon, 4)
    return Place(text, entry.name, entry.geonameid, entry.country, lat, lon, start, end, entry.feature)
