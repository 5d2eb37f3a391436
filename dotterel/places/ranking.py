"""Choosing among the places a name can stand for, by what the rest of the article says.

"Paris" is a city in France, Texas and a dozen other places; "Georgia" a country and a
state. The choice weighs each candidate's size (population), whether the name is its own
or an alternate, and the article's context: its main country, the other countries, states
and towns it names, and the place written right after the name ("Gainesville, Ga.").
Every weight is a constant here so that a reader can see, and change, the whole rule.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from dotterel.places.gazetteer import Entry, distance_km

# What a candidate gains. Size counts as log10(population): a city of a million scores 6.
FEATURE_BONUS = {"continent": 2.0, "country": 2.0, "admin1": 1.5, "admin2": 3.0, "city": 0.0}
CAPITAL_BONUS = 2.5  # news means the capital: "Washington" is the city before the state
OWN_NAME_BONUS = 1.5  # "Paris" is Paris's own name, only an alternate one of Parizh
MAIN_COUNTRY_BONUS = 2.5
OTHER_COUNTRY_BONUS = 1.5
SAME_ADMIN1_BONUS = 2.5  # the article names the state or province the town is in
WITHIN_BONUS = 5.0  # "Gainesville, Ga.": the town is in the place written after it
NOT_WITHIN_PENALTY = 2.0
AREA_SUPPORT_BONUS, AREA_SUPPORT_CAP = 1.5, 2.0  # per unit of other names that can lie in its state
# A name votes for the areas of its candidates this close to its best one, and only these
# candidates gain from the other names' votes: area support decides among likely candidates.
AREA_MARGIN = 3.0
AREA_FEATURES = ("city", "admin2", "admin1")
AREA_VOTERS = ("city", "admin2")  # a state's own name counts through SAME_ADMIN1_BONUS
NEAR_KM, NEAR_BONUS = 150.0, 2.0  # close to a town the article names for sure
AROUND_KM, AROUND_BONUS = 400.0, 1.0
MAX_ANCHORS = 12  # the nearest-town test looks at this many of the article's sure places
MAX_CANDIDATES = 40  # the largest candidates of a very common name are enough


@dataclass
class Context:
    """What the rest of the article says about where it is."""

    main_country: str | None = None
    countries: Counter[str] = field(default_factory=Counter)  # ISO3 -> votes (sure names count 1)
    admin1: set[str] = field(default_factory=set)
    anchors: list[Entry] = field(default_factory=list)  # towns the article names for sure
    within: Entry | None = None  # the place written right after this one, after a comma
    # first-level areas ("US.TX") the article's names can lie in: each distinct name shares one
    # vote among the areas of its candidates ("Kaufman" all to Texas, "Springfield" thinly)
    areas: Counter[str] = field(default_factory=Counter)

    def without(
        self, entry: Entry | None, vote: float = 1.0, within: Entry | None = None, areas: Counter[str] | None = None
    ) -> Context:
        """The context for one name: less its own first guess and area votes, so that no name
        votes for itself."""
        countries = self.countries
        if entry is not None and entry.country:
            countries = countries.copy()
            countries[entry.country] -= vote
        anchors = [a for a in self.anchors if a != entry]
        own = self.areas if not areas else self.areas - areas
        return Context(self.main_country, +countries, self.admin1, anchors, within, own)


def score(entry: Entry, own: bool, ctx: Context) -> float:
    value = math.log10(entry.population + 10) + FEATURE_BONUS.get(entry.feature, 0.0)
    value += (OWN_NAME_BONUS if own else 0.0) + (CAPITAL_BONUS if entry.capital else 0.0)
    if entry.country and entry.country == ctx.main_country:
        value += MAIN_COUNTRY_BONUS
    elif entry.country and ctx.countries[entry.country] > 0:
        value += OTHER_COUNTRY_BONUS
    if entry.feature in ("city", "admin2") and entry.admin1 in ctx.admin1:
        value += SAME_ADMIN1_BONUS
    elif entry.feature == "admin2" and any(a.admin1 == entry.admin1 for a in ctx.anchors):
        value += SAME_ADMIN1_BONUS  # a county is in the state of the towns the article names
    if ctx.within is not None:
        value += WITHIN_BONUS if _is_within(entry, ctx.within) else -NOT_WITHIN_PENALTY
    return value + _nearness(entry, ctx.anchors)


def area_votes(hits: list[tuple[Entry, bool]], ctx: Context) -> Counter[str]:
    """One name's vote, shared equally among the first-level areas of its likely candidates: its
    own-name towns and counties that score within AREA_MARGIN of its best candidate."""
    if not hits:
        return Counter()
    scored = [(score(entry, own, ctx), entry, own) for entry, own in _largest(hits)]
    best = max(value for value, _, _ in scored)
    areas = {
        entry.admin1
        for value, entry, own in scored
        if own and entry.admin1 and entry.feature in AREA_VOTERS and value >= best - AREA_MARGIN
    }
    return Counter(dict.fromkeys(areas, 1.0 / len(areas))) if areas else Counter()


def _area_support(entry: Entry, own: bool, ctx: Context) -> float:
    """What the other names that can lie in this candidate's state or province add to it."""
    if not (own and entry.admin1 and entry.feature in AREA_FEATURES):
        return 0.0
    return AREA_SUPPORT_BONUS * min(AREA_SUPPORT_CAP, ctx.areas[entry.admin1])


def _largest(hits: list[tuple[Entry, bool]]) -> list[tuple[Entry, bool]]:
    if len(hits) > MAX_CANDIDATES:
        return sorted(hits, key=lambda hit: -hit[0].population)[:MAX_CANDIDATES]
    return hits


def _is_within(entry: Entry, outer: Entry) -> bool:
    if outer.feature == "admin1" and outer.admin1:
        return entry.admin1 == outer.admin1
    return outer.feature == "country" and entry.country == outer.country


def _nearness(entry: Entry, anchors: list[Entry]) -> float:
    if not anchors or entry.feature not in ("city", "admin1"):
        return 0.0
    nearest = min(distance_km((entry.lat, entry.lon), (a.lat, a.lon)) for a in anchors[:MAX_ANCHORS])
    if nearest <= NEAR_KM:
        return NEAR_BONUS
    return AROUND_BONUS if nearest <= AROUND_KM else 0.0


def choose(hits: list[tuple[Entry, bool]], ctx: Context) -> tuple[Entry | None, float]:
    """The best candidate and its lead over the runner-up (how sure the choice is)."""
    if not hits:
        return None, 0.0
    scored = [(score(entry, own, ctx), entry, own) for entry, own in _largest(hits)]
    best = max(value for value, _, _ in scored)
    ranked = sorted(
        ((value + _area_support(entry, own, ctx) if value >= best - AREA_MARGIN else value, entry)
         for value, entry, own in scored),
        key=lambda pair: -pair[0],
    )  # fmt: skip
    lead = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else math.inf
    return _placed(ranked[0][1], ctx), lead


def _placed(entry: Entry, ctx: Context) -> Entry:
    """A county with no point of its own (no town of its name): put it at the article's first
    sure town in its state."""
    if entry.feature != "admin2" or entry.population > 0:
        return entry
    town = next((a for a in ctx.anchors if a.admin1 == entry.admin1), None)
    return entry if town is None else entry._replace(lat=town.lat, lon=town.lon)
