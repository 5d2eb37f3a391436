"""Actor codes that depend on the rest of the article, not on the phrase alone.

Invented stories, one behaviour each: who a person is when the text or our dated list says
so, and what a title before a name means.
"""

from __future__ import annotations

import dotterel
from dotterel.model import CodedArticle

DAY = "2024-06-01"


def _coded(text: str) -> CodedArticle:
    return dotterel.code(text, published=DAY)


def _entity_codes(text: str, name: str) -> tuple[str | None, str | None]:
    entity = next(e for e in _coded(text).entities if e.name == name)
    return entity.country, entity.sector


# --- people -----------------------------------------------------------------------------


def test_a_regional_executive_set_up_by_the_constitution_is_government() -> None:
    text = (
        "Kurdistan Region President Nechirvan Barzani met a trade delegation in Erbil on Monday. "
        "Barzani praised the new pipeline deal."
    )
    assert _entity_codes(text, "Nechirvan Barzani") == ("IRQ", "GOV")


def test_a_title_the_text_gives_beats_our_dates_for_someone_out_of_office() -> None:
    text = (
        "Peace envoy Tony Blair met Palestinian leaders in Ramallah on Monday. "
        "Blair praised the ceasefire and urged both sides to reopen the crossings."
    )
    assert _entity_codes(text, "Tony Blair") == ("GBR", "GOV")


def test_a_person_named_in_full_without_any_title_is_a_civilian() -> None:
    text = (
        "Floods cut the main road into Lilongwe on Tuesday. "
        "Chikondi Banda said soldiers beat her brother at a roadblock outside the city. "
        "Her son, Peter Mwale, was also beaten. Nineteen-year-old Grace Phiri saw the beating."
    )
    coded = {e.name: e.sector for e in _coded(text).entities}
    assert coded["Chikondi Banda"] == "CVL"
    assert coded["Peter Mwale"] == "CVL"  # described by family only
    assert coded["Grace Phiri"] == "CVL"  # described by age only


def test_a_title_we_cannot_code_leaves_the_sector_open() -> None:
    text = (
        "Floods cut the main road into Lilongwe on Tuesday. "
        "Chikondi Banda, the district harbourmaster, said soldiers beat a boatman. "
        "Peter Mwale said the ferry stopped."
    )
    coded = {e.name: e.sector for e in _coded(text).entities}
    assert coded["Chikondi Banda"] is None
    assert coded["Peter Mwale"] == "CVL"


def test_abbreviated_titles_code_the_person_and_a_rank_is_no_civilian() -> None:
    text = (
        "Floods hit Ohio on Monday. Sen. Maria Cantrell criticized the agency for its slow response. "
        "Gen. Sam Odom deployed troops to the levees. Dr. Ann Lee said the water was unsafe."
    )
    coded = {e.name: e.sector for e in _coded(text).entities}
    assert (coded["Maria Cantrell"], coded["Sam Odom"], coded["Ann Lee"]) == ("LEG", "MIL", None)


def test_the_office_in_a_title_is_its_head_word_not_the_portfolio() -> None:
    text = "Minister of Justice Aurelio Tembe, who wrote the decree, told reporters the assets would be seized."
    assert _entity_codes(text, "Aurelio Tembe")[1] == "GOV"


def test_a_title_the_parser_splits_at_its_of_still_describes_the_name() -> None:
    text = "Minister of Finance Aurelio Tembe announced new fuel taxes in Maputo on Monday."
    assert _entity_codes(text, "Aurelio Tembe")[1] == "GOV"


# --- acts that stand for whoever did them -------------------------------------------------


def _actor_codes(text: str, trigger: str) -> list[tuple[str | None, str | None]]:
    event = next(e for e in _coded(text).events if e.evidence.trigger.text == trigger)
    return [(a.country, a.sector) for a in event.actor]


def test_the_statement_is_whoever_issued_it_earlier() -> None:
    text = (
        "Heavy rain fell across Nairobi on Monday. "
        "Kenya's foreign ministry announced in a written statement that border posts would reopen. "
        "The statement accused the militia of burning two schools."
    )
    assert _actor_codes(text, "accused") == [("KEN", "GOV")]


def test_the_world_body_is_the_united_nations() -> None:
    text = (
        "Ruritania's army shelled a refugee camp near the border on Sunday. "
        "The world body condemned the shelling and asked for an inquiry."
    )
    assert _actor_codes(text, "condemned") == [("UNO", None)]


def test_the_court_is_the_body_not_the_judge_who_presides_over_it() -> None:
    text = (
        "Kenya refused to attend a hearing at the United Nations' top court over a fishing dispute. "
        "The court's president, Judge Maren Holt, said the hearing would go ahead. "
        "The court rejected Kenya's request for a delay."
    )
    assert _actor_codes(text, "rejected") == [("UNO", "JUD")]


# --- pronouns ---------------------------------------------------------------------------


def test_they_are_the_members_not_the_body_they_belong_to() -> None:
    text = (
        "Floods closed schools across Uganda this week. Meanwhile, in Nairobi, four members of the "
        "Kenyan parliament led a group of colleagues in writing to President Samia Suluhu Hassan "
        'about Tanzania. "We condemn the arrests of the students," they wrote.'
    )
    assert _actor_codes(text, "condemn") == [("KEN", "LEG")]


# --- one person, several spellings ------------------------------------------------------


def test_a_surname_written_without_its_arabic_article_is_the_same_person() -> None:
    text = (
        "Omar al-Bashir, once the ruler of Sudan, spent three decades in power. "
        "A court in Khartoum sentenced Bashir to two years in a reform centre on Saturday."
    )
    names = [e.name for e in _coded(text).entities if e.kind == "person"]
    assert names == ["Omar al-Bashir"]


def test_the_operation_is_whoever_the_article_said_conducted_it() -> None:
    text = (
        "Heavy rain hit Kismayo on Monday. Troops raided a camp in an operation conducted by the "
        "Kenyan army. The operation killed twelve fighters, officials said."
    )
    assert _actor_codes(text, "killed") == [("KEN", "MIL")]
