"""The gazetteer as the places stage reads it: places by normalised name, and distances.

Resolving a toponym has to be a dictionary read: `Gazetteer.lookup` is one. How the
gazetteer is built from GeoNames data and our files, and cached between processes, is
`dotterel.places.building`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple

_COMBINING = re.compile(r"[\u0300-\u036f]")


class Entry(NamedTuple):
    """One gazetteer place: what a resolved toponym points at."""

    geonameid: int | None
    name: str
    country: str | None  # ISO 3166 alpha-3; None for continents and cross-border regions
    admin1: str | None  # first-level area as "US.GA"; a state's own key for a state
    feature: str  # continent | country | admin1 | admin2 | city
    lat: float
    lon: float
    population: int
    capital: bool = False  # the seat of its country's government


@dataclass
class Gazetteer:
    """Places as plain rows, and their row numbers by normalised name.

    A row number is stored as is when the name is the place's own, and bit-inverted (~i)
    when it is an alternate name; rows and numbers keep the on-disk cache quick to read.
    """

    rows: list[tuple] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=dict)
    demonyms: dict[str, int] = field(default_factory=dict)  # "nigerian" -> Nigeria's row
    countries: dict[str, int] = field(default_factory=dict)  # ISO3 -> row
    config: dict[str, Any] = field(default_factory=dict)  # places.yaml
    capitals: dict[str, int] = field(default_factory=dict, repr=False)  # ISO3 -> capital's row, filled on first use

    def new(self, entry: Entry) -> int:
        self.rows.append(tuple(entry))
        return len(self.rows) - 1

    def add(self, text: str, row: int, own: bool) -> None:
        key = name_key(text)
        if not key:
            return
        hits = self.index.setdefault(key, [])
        if row in hits:
            return
        if ~row in hits:
            hits.remove(~row)
        hits.append(row if own else ~row)

    def entry(self, row: int) -> Entry:
        return Entry._make(self.rows[row])

    def lookup(self, text: str) -> list[tuple[Entry, bool]]:
        """Every place a name can stand for, and whether it is that place's own name.

        A feature no list holds that is named after a place ("the Salinas Valley", "Akita
        Prefecture", "the Swat valley") stands for that place, as an alternate name."""
        key = name_key(text)
        rows = self.index.get(key)
        if rows is None:
            words = key.split()
            namesake = len(words) > 1 and words[-1] in self.config.get("named_after_features", ())
            rows = [r if r < 0 else ~r for r in self.index.get(" ".join(words[:-1]), ())] if namesake else ()
        if not rows and (capital := self.capital_of(text)) is not None:
            return [(capital, True)]
        return [(self.entry(r if r >= 0 else ~r), r >= 0) for r in rows]

    def capital_of(self, text: str) -> Entry | None:
        """The capital a phrase names by its country's people: "the Afghan capital" (a
        country's own name is a toponym of its own: "Kenya's capital" stays Kenya)."""
        words = text.split()
        if words[:1] in (["the"], ["The"]):
            words = words[1:]
        if len(words) < 2 or words[-1].lower() != "capital":
            return None
        named = _POSSESSIVE.sub("", " ".join(words[:-1]))
        country = self.demonym(named) or next(
            (e for e, own in self.lookup(named) if own and e.feature == "country"), None
        )
        if country is None:
            return None
        if not self.capitals:
            self.capitals.update({e.country: i for i, row in enumerate(self.rows) if (e := Entry._make(row)).capital})
        row = self.capitals.get(country.country)
        return None if row is None else self.entry(row)

    def country(self, iso3: str | None) -> Entry | None:
        row = self.countries.get(iso3 or "")
        return None if row is None else self.entry(row)

    def demonym(self, text: str) -> Entry | None:
        row = self.demonyms.get(name_key(text))
        return None if row is None else self.entry(row)


_POSSESSIVE = re.compile(r"['\u2019]s$")
_PUNCT = re.compile(r"[.\u2019'`]")
_SPACES = re.compile(r"[\s\-]+")


def name_key(text: str) -> str:
    """A name as the index holds it: no accents, case, dots, apostrophes, leading "the"."""
    plain = text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    plain = _SPACES.sub(" ", _PUNCT.sub("", plain.casefold())).strip()
    return plain[4:] if plain.startswith("the ") else plain


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))
