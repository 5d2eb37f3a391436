"""Where an actor's country and sector come from when the phrase alone does not say.

Invented stories, one behaviour each: a state's official at an international body, a
definite description that refers back to someone introduced earlier, a body whose name
holds a listed body or whose phrase names its country, and security forces as the army.
"""

from __future__ import annotations

import dotterel
from dotterel.model import Actor, Event


def _events(text: str) -> list[Event]:
    return dotterel.code(text, published="2024-06-01").events


def _actors_of(text: str, trigger: str) -> list[Actor]:
    event = next(e for e in _events(text) if e.evidence.trigger.text == trigger)
    return event.actor


def test_a_states_envoy_to_an_international_body_speaks_for_the_state() -> None:
    text = (
        "Talks on the grain corridor stalled in Geneva on Monday. "
        "Norway's deputy U.N. ambassador Ingrid Solberg told reporters the blockade must end. "
        "Solberg condemned the shelling of the port."
    )
    [actor] = _actors_of(text, "condemned")
    assert (actor.country, actor.sector) == ("NOR", "GOV")


def test_the_spokesperson_is_the_one_the_story_introduced() -> None:
    text = (
        "Floods cut the road to Goma and fighting closed the border with Rwanda on Tuesday. "
        "Congolese troops shelled villages near the border, residents said. "
        "A Canadian embassy spokesperson said the shelling was unacceptable. "
        "The spokesperson urged both armies to pull back from the villages."
    )
    [actor] = _actors_of(text, "urged")
    assert (actor.country, actor.sector) == ("CAN", "GOV")


def test_an_unlisted_body_keeps_the_country_its_phrase_names() -> None:
    text = (
        "Peru and Bolivia argued over water from Lake Titicaca all week. "
        "Peruvian farmers protested in Puno and Peru recalled its envoy. "
        "Bolivia's Ministry of Water and Environment rejected the claims."
    )
    [actor] = _actors_of(text, "rejected")
    assert actor.country == "BOL"


def test_a_body_named_around_a_listed_body_takes_its_country() -> None:
    text = (
        "Venezuela's oil minister met traders in Caracas. Venezuela said exports would rise. "
        "The U.S. Treasury Department blacklisted two tankers last year."
    )
    [actor] = _actors_of(text, "blacklisted")
    assert actor.country == "USA"


def test_security_forces_are_the_army() -> None:
    [actor] = _actors_of("Security forces in Chad arrested forty protesters in N'Djamena.", "arrested")
    assert (actor.country, actor.sector) == ("TCD", "MIL")


def test_the_group_is_the_body_named_before() -> None:
    text = (
        "Gunmen from the Mai-Mai militia raided a gold mine in South Kivu on Sunday. "
        "The group threatened to burn the mine unless the owners paid a ransom."
    )
    [actor] = _actors_of(text, "threatened")
    assert (actor.country, actor.sector, actor.resolution) == ("COD", "REB", "description")


def test_a_name_after_a_persons_title_is_a_person_whatever_the_parser_says() -> None:
    # the small model tags this made-up name as an organisation; the title says it is a person
    text = (
        "Azerbaijan closed the Lachin road on Monday. "
        "Armenian presidential adviser Tigran Sevan, while condemning the raid, says talks are possible. "
        "Sevan accused Azerbaijan of starving the region."
    )
    [actor] = _actors_of(text, "accused")
    assert (actor.country, actor.sector) == ("ARM", "GOV")


def test_an_act_done_by_someone_stands_for_its_doer() -> None:
    [actor] = _actors_of("Airstrikes by the Malian army killed twelve herders near Mopti.", "killed")
    assert (actor.country, actor.sector) == ("MLI", "MIL")
