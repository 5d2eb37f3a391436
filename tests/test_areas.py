"""Admin areas: each event location gets the first- and second-level areas it lies in."""

from __future__ import annotations

import pytest

from dotterel.areas import AreaFinder
from dotterel.model import Area, Place
from dotterel.places.gazetteer import Entry, Gazetteer


def spot(name: str, feature: str, geonameid: int | None = None, country: str = "KEN") -> Place:
    return Place(text=name, name=name, geonameid=geonameid, country=country, lat=None, lon=None, start=0,
                 end=len(name), feature=feature)  # fmt: skip


@pytest.fixture
def finder() -> AreaFinder:
    rows = [
        Entry(None, "Lakeside County", "KEN", "KE.90", "admin1", 0.0, 34.0, 1000),
        Entry(101, "Port Tilapia", "KEN", "KE.90", "city", 0.1, 34.1, 500),
        Entry(None, "Reedbank District", "KEN", "KE.90", "admin2", 0.2, 34.2, 100),
        Entry(102, "Kenya", "KEN", None, "country", 0.5, 37.0, 10),
    ]
    return AreaFinder(Gazetteer(rows=[tuple(r) for r in rows]))


def test_a_town_knows_its_province(finder: AreaFinder) -> None:
    assert finder.areas(spot("Port Tilapia", "city", 101)) == (Area("Lakeside County", "KE.90"), None)


def test_a_province_is_its_own_first_level_area(finder: AreaFinder) -> None:
    assert finder.areas(spot("Lakeside County", "admin1")) == (Area("Lakeside County", "KE.90"), None)


def test_a_county_knows_its_province_and_itself(finder: AreaFinder) -> None:
    assert finder.areas(spot("Reedbank District", "admin2")) == (
        Area("Lakeside County", "KE.90"), Area("Reedbank District", None))  # fmt: skip


def test_a_country_or_an_unknown_town_has_no_area(finder: AreaFinder) -> None:
    assert finder.areas(spot("Kenya", "country", 102)) == (None, None)
    assert finder.areas(spot("Nowhere", "city", 999)) == (None, None)


@pytest.fixture(scope="module")
def coder():
    from dotterel.pipeline import Coder

    return Coder()


@pytest.mark.parametrize(
    ("text", "admin1", "admin2"),
    [
        ("Police fired tear gas at protesters in Kisumu on Friday.", ("Kisumu County", "KE.26"), None),
        ("Nurses marched in Fresno on Friday.", ("California", "US.CA"), ("Fresno County", None)),
    ],
)
def test_the_coder_gives_event_locations_their_areas(coder, text: str, admin1: tuple, admin2: tuple | None) -> None:
    event = coder.code(text, published="2025-03-15").events[0]
    location = event.to_dict()["location"]
    assert (location["admin1"]["name"], location["admin1"]["code"]) == admin1
    assert location["admin2"] == ({"name": admin2[0], "code": admin2[1]} if admin2 else None)
