"""The "where" stage: toponyms found and resolved in context, and an event's own location.

Sentences here were written for these tests. The geoparsing and event-location evals run on
the shared corpora when they are present and are skipped cleanly when they are not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from dotterel.model import Place
from dotterel.nlp import load
from dotterel.places import PlaceResolver
from dotterel.places.building import _middle
from dotterel.places.gazetteer import distance_km, name_key

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load()


@pytest.fixture(scope="module")
def resolver() -> PlaceResolver:
    return PlaceResolver()


def places_in(nlp: Language, resolver: PlaceResolver, text: str) -> dict[str, tuple[str | None, str | None]]:
    doc = nlp(text)
    return {p.text: (p.name, p.country) for _, p in resolver.find_places(doc, None, set())}


def test_name_keys_ignore_case_dots_accents_and_the() -> None:
    assert name_key("the U.S.") == name_key("US") == "us"
    assert name_key("Bogotá") == "bogota"


def test_country_names_and_news_aliases_resolve(resolver: PlaceResolver) -> None:
    for name, code in [("Kenya", "KEN"), ("U.S.", "USA"), ("Britain", "GBR"), ("Burma", "MMR")]:
        place = resolver.resolve(name, [])
        assert place is not None and place.country == code and place.feature == "country"


def test_context_country_chooses_between_namesakes(resolver: PlaceResolver) -> None:
    assert resolver.resolve("Paris", []).country == "FRA"
    assert resolver.resolve("Alexandria", []).country == "EGY"
    assert resolver.resolve("Alexandria", ["USA"]).country == "USA"
    assert resolver.resolve("Georgia", ["USA"]).feature == "admin1"
    assert resolver.resolve("Georgia", []).feature == "country"


def test_a_demonym_resolves_to_its_country_only_when_asked(resolver: PlaceResolver) -> None:
    assert resolver.resolve("Kenyan", []).country == "KEN"


def test_town_then_state_abbreviation(nlp: Language, resolver: PlaceResolver) -> None:
    found = places_in(nlp, resolver, "A woman was arrested in Gainesville, Ga. on Friday.")
    assert found["Gainesville"] == ("Gainesville", "USA")
    doc = nlp("A woman was arrested in Gainesville, Ga. on Friday.")
    town = next(p for _, p in resolver.find_places(doc, None, set()) if p.text == "Gainesville")
    assert distance_km((town.lat, town.lon), (34.3, -83.8)) < 50  # the Georgia one, not Florida's


def test_a_town_written_with_its_province_stays_in_that_province(nlp: Language, resolver: PlaceResolver) -> None:
    # With no town of the first name known in the province, the province itself is the
    # place, not the famous namesake abroad.
    assert places_in(nlp, resolver, "The ministers met in Toledo, Ontario.")["Toledo"] == ("Ontario", "CAN")
    # "Quebec" is a city and a province; after a comma it is the province
    assert places_in(nlp, resolver, "The ministers met on Thursday in Valencia, Quebec.")["Valencia"][1] == "CAN"


def test_a_county_named_for_sure_puts_its_towns_in_its_state(nlp: Language, resolver: PlaceResolver) -> None:
    found = places_in(nlp, resolver, "Deputies in Edgar County said the fire in Paris was set.")
    assert found["Paris"][1] == "USA"


def test_seas_and_oceans_are_places(resolver: PlaceResolver) -> None:
    place = resolver.resolve("Black Sea", [])
    assert place is not None and place.feature == "continent" and place.country is None


def test_other_places_in_the_article_decide(nlp: Language, resolver: PlaceResolver) -> None:
    found = places_in(nlp, resolver, "Police in Texas said the fire in Paris spread toward Dallas.")
    assert found["Paris"][1] == "USA"


def test_provinces_and_states_outside_the_us_resolve(resolver: PlaceResolver) -> None:
    sichuan = resolver.resolve("Sichuan", [])
    assert (sichuan.country, sichuan.feature) == ("CHN", "admin1")
    bavaria = resolver.resolve("Bavaria", [])
    assert bavaria.country == "DEU" and distance_km((bavaria.lat, bavaria.lon), (48.9, 11.4)) < 200
    assert resolver.resolve("KwaZulu-Natal", []).country == "ZAF"
    assert resolver.resolve("Alberta", []).feature == "admin1"


def test_counties_outside_the_us_sit_at_their_county_town(resolver: PlaceResolver) -> None:
    pangasinan = resolver.resolve("Pangasinan", [])
    assert (pangasinan.country, pangasinan.feature) == ("PHL", "admin2")
    assert resolver.resolve("Suffolk", ["GBR"]).country == "GBR"
    assert resolver.resolve("Suffolk", ["USA"]).country == "USA"


def test_a_us_county_sits_among_its_towns(nlp: Language, resolver: PlaceResolver) -> None:
    county = resolver.resolve("Lubbock County", [])
    assert county.feature == "admin2" and distance_km((county.lat, county.lon), (33.58, -101.86)) < 30
    # no town is called Box Elder: the county sits among its towns, not at Utah's middle
    found = places_in(nlp, resolver, "Firefighters from Brigham City fought a brush fire in Box Elder County.")
    assert found["Box Elder County"] == ("Box Elder County", "USA")
    box_elder = resolver.resolve("Box Elder County", [])
    assert box_elder.feature == "admin2" and distance_km((box_elder.lat, box_elder.lon), (41.52, -113.08)) < 120


def test_provinces_and_counties_of_the_area_data_resolve(nlp: Language, resolver: PlaceResolver) -> None:
    found = places_in(nlp, resolver, "Heavy rain flooded villages across Turkana County on Monday.")
    assert found["Turkana County"] == ("Turkana County", "KEN")
    turkana = resolver.resolve("Turkana County", [])
    assert turkana.feature == "admin1" and distance_km((turkana.lat, turkana.lon), (3.3, 35.6)) < 161
    bas_rhin = resolver.resolve("Bas-Rhin", [])
    assert (bas_rhin.country, bas_rhin.feature) == ("FRA", "admin2")
    assert distance_km((bas_rhin.lat, bas_rhin.lon), (48.6, 7.6)) < 80
    # "Kabupaten Gunungkidul" in the data: the regency is found by its bare name too
    assert resolver.resolve("Gunungkidul", []).country == "IDN"


def test_a_town_keeps_its_name_from_a_county_of_the_same_name(resolver: PlaceResolver) -> None:
    lubbock = resolver.resolve("Lubbock", ["USA"])
    assert lubbock.feature == "city"


def test_the_middle_of_towns_across_the_180th_meridian() -> None:
    lat, lon = _middle([(-17.8, 178.4), (-16.4, 179.4), (-16.8, -179.9), (-18.1, 178.5)])
    assert -18.0 < lat < -16.0 and (lon > 178.0 or lon < -179.0)


def test_towns_of_one_state_pull_a_namesake_into_it(nlp: Language, resolver: PlaceResolver) -> None:
    assert resolver.resolve("Athens", []).country == "GRC"
    doc = nlp("Fire crews from Marietta, Kennesaw and Smyrna were sent to Athens on Friday.")
    athens = next(p for _, p in resolver.find_places(doc, None, set()) if p.text == "Athens")
    assert athens.country == "USA" and distance_km((athens.lat, athens.lon), (33.96, -83.38)) < 50


def test_a_list_of_countries_is_not_a_town_and_its_state(nlp: Language, resolver: PlaceResolver) -> None:
    found = places_in(nlp, resolver, "Buyers came from Mexico, China, Japan and Canada last year.")
    assert found["China"] == ("China", "CHN")


def test_world_regions_islands_and_lakes_are_places(resolver: PlaceResolver) -> None:
    for name in ("Korean Peninsula", "Sub-Saharan Africa", "Lake Victoria", "Sumatra"):
        place = resolver.resolve(name, [])
        assert place is not None and place.lat is not None, name


def test_country_acting_as_subject_is_not_a_place(nlp: Language, resolver: PlaceResolver) -> None:
    found = places_in(nlp, resolver, "Russia said the talks in Geneva would resume.")
    assert "Russia" not in found and found["Geneva"][1] == "CHE"


def test_actor_tokens_are_not_places(nlp: Language, resolver: PlaceResolver) -> None:
    doc = nlp("Troops from Chad crossed into Niger.")
    chad = next(t.i for t in doc if t.text == "Chad")
    texts = {p.text for _, p in resolver.find_places(doc, None, {chad})}
    assert "Chad" not in texts and "Niger" in texts


def test_offsets_index_the_document_text(nlp: Language, resolver: PlaceResolver) -> None:
    doc = nlp("Protesters marched through Nairobi on Tuesday.")
    (tokens, place), *_ = resolver.find_places(doc, None, set())
    assert doc.text[place.start : place.end] == "Nairobi" and doc[tokens.start].text == "Nairobi"


def placed(nlp: Language, resolver: PlaceResolver, text: str, trigger: str) -> Place | None:
    """The location of the event whose trigger is the word `trigger` of `text`."""
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return resolver.event_location(token, resolver.find_places(doc, None, set()))


def location(nlp: Language, resolver: PlaceResolver, text: str, trigger: str) -> tuple[str | None, str | None]:
    place = placed(nlp, resolver, text, trigger)
    return (place.text, place.rule) if place else (None, None)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Officials from Kenya met Tanzanian ministers in Arusha on Monday.", "met", ("Arusha", "attached")),
        ("Rebels attacked a convoy near Goma, officials in Kinshasa said.", "attacked", ("Goma", "attached")),
        ("Teachers held a strike outside the ministry in Lima.", "strike", ("Lima", "attached")),
        ("In Nablus, soldiers arrested two men.", "arrested", ("Nablus", "attached")),
        ("After the vote in Dakar, police detained a reporter.", "detained", ("Dakar", "clause")),
        ("Police detained a reporter who later returned to Senegal.", "detained", ("Senegal", "sentence")),
        # a gerund after a preposition ("in calling") is placed by the verb the phrase depends on
        (
            "Meanwhile, in Oslo, six ministers joined the envoys in calling for new elections in Moldova.",
            "calling",
            ("Oslo", "attached"),
        ),
        ("In Nairobi, the bishops ended the day by urging calm in Kisumu.", "urging", ("Kisumu", "attached")),
        # a country named as a party or a topic does not say where: the article's setting does
        (
            "Foreign ministers met in Oslo on Monday. They urged Ukraine and Russia to accept a truce.",
            "urged",
            ("Oslo", "article"),
        ),
        (
            "Trade envoys gathered in Lisbon this week. On Friday they debated Brazil's tariffs and a U.S. proposal.",
            "debated",
            ("Lisbon", "article"),
        ),
        (
            "Ministers arrived in Nairobi on Monday. Later they pledged support for Somalia and Ethiopia.",
            "pledged",
            ("Nairobi", "article"),
        ),
        (
            "The army struck rebel camps near Goma on Sunday. Rwanda's government condemned the raids.",
            "condemned",
            ("Goma", "article"),
        ),
    ],
)
def test_event_location_rules(nlp: Language, resolver: PlaceResolver, text: str, trigger: str, expected: tuple) -> None:
    assert location(nlp, resolver, text, trigger) == expected


def test_article_rule_when_the_sentence_has_no_place(nlp: Language, resolver: PlaceResolver) -> None:
    place = placed(
        nlp, resolver, "Fighting broke out in Mogadishu. Later, the army arrested dozens of men.", "arrested"
    )
    assert place is not None and (place.text, place.rule) == ("Mogadishu", "article")


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Fighting spread on Tuesday to the port city of Aden.", "Aden", True),
        ("Troops withdrew from Kenya and Uganda last year.", "Uganda", True),
        ("Two bombs went off in Pakistan's Sindh province.", "Pakistan", True),
        ("The envoys urged Russia to talk.", "Russia", False),
        ("They discussed China's role in the talks.", "China", False),
        ("Envoys studied a U.S. proposal for a truce.", "U.S.", False),
    ],
)
def test_a_place_says_where_only_in_a_phrase_of_place(
    nlp: Language, resolver: PlaceResolver, text: str, name: str, expected: bool
) -> None:
    from dotterel.places.attach import says_where

    doc = nlp(text)
    found = next(p for p in resolver.find_places(doc, None, set()) if p[1].text == name)
    assert says_where(found, doc, resolver.wording) is expected


def test_the_first_place_the_article_puts_something_in_is_its_setting(nlp: Language, resolver: PlaceResolver) -> None:
    # Egypt is named most often, but as a party; the talks are in Geneva
    place = placed(
        nlp,
        resolver,
        "Talks on the dam opened in Geneva on Monday. Egypt's minister said Egypt's patience was over, and "
        "Egypt's envoy agreed. Later the mediators proposed a new timetable.",
        "proposed",
    )
    assert place is not None and (place.text, place.rule) == ("Geneva", "article")
    # a direction does not set the article: the talks are in Nairobi
    place = placed(
        nlp,
        resolver,
        "Critics said the tilt toward Beijing worried allies. Talks later opened in Nairobi. Then they signed.",
        "signed",
    )
    assert place is not None and (place.text, place.rule) == ("Nairobi", "article")


def test_in_a_phrase_of_place_the_place_in_a_country_wins(nlp: Language, resolver: PlaceResolver) -> None:
    # a sea names no country; the port named with it does
    assert location(nlp, resolver, "The envoys met in the Black Sea port city of Odesa on Monday.", "met") == (
        "Odesa",
        "attached",
    )


def test_in_a_phrase_of_place_an_unknown_village_stays_before_the_town_it_is_near(
    nlp: Language, resolver: PlaceResolver
) -> None:
    # only a known place in no country (a sea) gives way; a village no list holds does not
    text = "Gunmen killed two farmers in the village of Qarsaba near Homs on Sunday."
    assert location(nlp, resolver, text, "killed") == ("Qarsaba", "attached")


def test_a_place_no_gazetteer_holds_is_in_the_articles_country(nlp: Language, resolver: PlaceResolver) -> None:
    place = placed(
        nlp,
        resolver,
        "Fighting broke out in Mogadishu on Monday. On Tuesday, militants stormed a police post in the "
        "Lower Qaran region.",
        "stormed",
    )
    assert place is not None and (place.text, place.name, place.country) == ("Lower Qaran", None, "SOM")


def test_a_peoples_name_before_a_place_noun_says_the_country(nlp: Language, resolver: PlaceResolver) -> None:
    # the American Toledo is the larger, the Italian Florence the smaller; the text says which
    assert (
        places_in(nlp, resolver, "Police raided two flats in the Spanish city of Toledo on Sunday.")["Toledo"][1]
        == "ESP"
    )
    doc = nlp("Farmers blocked roads near the Italian city of Florence.")
    found = {p.text: p.country for _, p in resolver.find_places(doc, "USA", set())}
    assert found["Florence"] == "ITA"
    found = places_in(nlp, resolver, "Protesters marched through the Canadian city of London and the town of Sarnia.")
    assert found["London"][1] == "CAN"


def test_no_places_no_location(nlp: Language, resolver: PlaceResolver) -> None:
    doc = nlp("The minister resigned.")
    assert resolver.event_location(doc[2], resolver.find_places(doc, None, set())) is None


def test_a_word_after_the_name_says_what_kind_of_place_it_is(nlp: Language, resolver: PlaceResolver) -> None:
    doc = nlp("The outbreak began on a Washington state dairy farm last spring.")
    washington = next(p for _, p in resolver.find_places(doc, None, set()) if p.text == "Washington")
    assert washington.feature == "admin1" and washington.lon < -115


def test_a_name_and_its_kind_word_name_the_area_when_the_name_alone_does_not(
    nlp: Language, resolver: PlaceResolver
) -> None:
    # the gazetteer knows these states by their full names only
    assert places_in(nlp, resolver, "Troops shelled villages in northern Shan state on Monday.")["Shan"] == (
        "Shan State",
        "MMR",
    )
    doc = nlp("Gunmen attacked a school in Kaduna state.")
    kaduna = next(p for _, p in resolver.find_places(doc, None, set()) if p.text == "Kaduna")
    assert kaduna.feature == "admin1"


def test_a_name_in_a_list_of_states_is_a_state(nlp: Language, resolver: PlaceResolver) -> None:
    doc = nlp("Cases were confirmed in Idaho, Montana, Oregon, Washington and Wyoming this week.")
    washington = next(p for _, p in resolver.find_places(doc, None, set()) if p.text == "Washington")
    assert washington.feature == "admin1" and washington.lon < -115


def test_a_feature_named_after_a_place_stands_for_it(resolver: PlaceResolver) -> None:
    valley = resolver.resolve("Swat Valley", ["PAK"])
    assert valley is not None and valley.country == "PAK"
    assert resolver.resolve("Qwzxv Valley", []) is None


@pytest.mark.skipif(not (DATA / "geoparsing_lgl_geovirus").is_dir(), reason="geoparsing corpora not present")
def test_geoparse_eval_runs_on_a_few_articles() -> None:
    from dotterel.eval.geoparse import evaluate

    result = evaluate(DATA / "geoparsing_lgl_geovirus", limit=5)
    assert set(result) == {"lgl", "geovirus"}
    for scores in result.values():
        assert {"f1", "acc_161km", "n"} <= set(scores) and scores["n"] > 0


@pytest.mark.skipif(not (DATA / "event_location_dev").is_dir(), reason="event location data not present")
def test_event_location_eval_runs_on_a_few_records() -> None:
    from dotterel.eval.event_location import evaluate

    result = evaluate(DATA / "event_location_dev", limit=20)
    assert result["n"] == 20  # the figure itself is checked on our own records below


# Our own records in the event-location format: the gold verb span and the gold place span.
# The last one is the same sentence as the one before it with the place of origin marked
# as the event's place, so a scorer that counts it right is broken: 4 of 5 right.
LOCATION_RECORDS = [
    ("Police arrested ten protesters in Nakuru on Friday.", "arrested", "Nakuru"),
    ("Teachers marched in Fresno on Friday.", "marched", "Fresno"),
    ("The minister spoke about the economy on Friday.", "spoke", None),
    ("Farmers from Kisumu protested outside parliament in Nairobi.", "protested", "Nairobi"),
    ("Farmers from Kisumu protested outside parliament in Nairobi.", "protested", "Kisumu"),
]


def test_event_location_eval_scores_known_records(tmp_path: Path) -> None:
    from dotterel.eval.event_location import evaluate

    lines = []
    for text, verb, place in LOCATION_RECORDS:
        spans = [{"start": text.index(verb), "end": text.index(verb) + len(verb), "label": "VERB"}]
        if place:
            spans.append({"start": text.index(place), "end": text.index(place) + len(place), "label": "LOCATION"})
        lines.append(json.dumps({"text": text, "spans": spans, "source": "ours"}))
    (tmp_path / "event_location_dev.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = evaluate(tmp_path)
    assert result["n"] == 5
    assert result["accuracy"] == 0.8
    assert result["accuracy_located"] == 0.75
    assert result["accuracy_unlocated"] == 1.0
