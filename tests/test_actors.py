"""Actor coding: the known-actor dictionary by date, user people files, groups and non-actors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dotterel import _default_coder
from dotterel.actors.coding import code_phrase
from dotterel.actors.lexicon import Person, Role, load_lexicon
from dotterel.coreference import find_entities
from dotterel.records import collect_entities

CROSSNER = Path("/work/shared/data/crossner_politics_train_dev/dev.txt")


def _entities(text: str, published: str | None = None, lexicon=None) -> dict:
    coder = _default_coder()
    doc = coder.nlp(text)
    day = dt.date.fromisoformat(published) if published else None
    index = find_entities(doc, lexicon or coder.lexicon, coder.words, day)
    return {e.name: e for e in collect_entities(index, lambda head: code_phrase(head, index), doc)}


def test_roles_follow_the_date() -> None:
    person = Person("A B", "NGA", (Role("OPP", None, dt.date(2010, 1, 1), dt.date(2015, 5, 28)),
                                   Role("GOV", "President", dt.date(2015, 5, 29), dt.date(2023, 5, 29))))  # fmt: skip
    assert person.codes_on(dt.date(2012, 1, 1)) == ("NGA", "OPP")
    assert person.codes_on(dt.date(2020, 1, 1)) == ("NGA", "GOV")
    assert person.codes_on(dt.date(2024, 1, 1)) == ("NGA", "ELI")
    assert person.codes_on(None) == ("NGA", "GOV")


def test_known_person_by_publication_date() -> None:
    text = "Gorbachev met Putin in Moscow."
    assert _entities(text, "2015-06-01")["Mikhail Gorbachev"].sector == "ELI"
    assert _entities(text, "1991-01-01")["Mikhail Gorbachev"].sector == "GOV"
    assert _entities(text, "2015-06-01")["Vladimir Putin"].country == "RUS"


def test_user_people_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "people:\n  - name: Amaka Eze\n    aliases: [Eze]\n    country: NGA\n"
        "    roles:\n      - {sector: LEG, title: Senator, from: 2019-06-11, to: null}\n"
    )
    lexicon = load_lexicon(_default_coder().nlp, [path])
    entity = _entities("Senator Amaka Eze spoke. Eze was angry.", "2024-01-01", lexicon)["Amaka Eze"]
    assert (entity.country, entity.sector, entity.resolution) == ("NGA", "LEG", "dictionary")
    assert len(entity.mentions) == 2


def test_organisation_named_after_its_place() -> None:
    entity = _entities("The Nigerian Bar Association said the ruling was wrong.")["Nigerian Bar Association"]
    assert (entity.kind, entity.country, entity.resolution) == ("org", "NGA", "name")


def test_non_actors_are_not_entities() -> None:
    entities = _entities("Ebola spread as Hurricane Maria hit Puerto Rico in May.")
    assert not any(e.kind in ("person", "org") for e in entities.values())


def test_groups_get_sectors_not_names() -> None:
    coder = _default_coder()
    doc = coder.nlp("Kenyan police fired on protesters in Nairobi.")
    index = find_entities(doc, coder.lexicon, coder.words)
    police = code_phrase(doc[1], index)
    protesters = code_phrase(doc[4], index)
    assert (police.country, police.sector, police.name) == ("KEN", "COP", None)
    assert (protesters.sector, protesters.name) == ("CVL", None)


@pytest.mark.skipif(not CROSSNER.exists(), reason="CrossNER data not present")
def test_ner_eval_reports_both_systems() -> None:
    from dotterel.eval.ner import evaluate

    result = evaluate(CROSSNER, limit=20)
    assert {"f1", "spacy_f1", "per_kind"} <= result.keys()
    assert set(result["per_kind"]) == {"person", "org", "place"}
