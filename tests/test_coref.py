"""In-document coreference on annotated fixtures (tests/fixtures/coref/): surnames, titles,
misspellings and transliterations join the full name; pronouns find their person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dotterel import _default_coder
from dotterel.actors.coding import code_phrase
from dotterel.coreference import find_entities
from dotterel.coreference.names import similar
from dotterel.mentions import fold
from dotterel.records import collect_entities

FIXTURES = Path(__file__).parent / "fixtures" / "coref"
CASES = [case for path in sorted(FIXTURES.glob("*.yaml")) for case in yaml.safe_load(path.read_text("utf-8"))]


def _analyse(case: dict):
    coder = _default_coder()
    doc = coder.nlp(case["text"])
    published = case["published"]
    published = published if isinstance(published, dt.date) else dt.date.fromisoformat(published)
    index = find_entities(doc, coder.lexicon, coder.words, published)
    entities = collect_entities(index, lambda head: code_phrase(head, index), doc)
    return doc, index, {e.name: e for e in entities}


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_clusters(case: dict) -> None:
    _, _, entities = _analyse(case)
    for expected in case["entities"]:
        entity = entities.get(expected["name"])
        assert entity is not None, f"{expected['name']} not in {sorted(entities)}"
        assert [m.text for m in entity.mentions] == expected["mentions"]
        for key in ("country", "sector", "resolution"):
            if key in expected:
                assert getattr(entity, key) == expected[key], key


@pytest.mark.parametrize("case", [c for c in CASES if c.get("pronouns")], ids=lambda c: c["text"][:30])
def test_pronouns(case: dict) -> None:
    doc, index, _ = _analyse(case)
    for key, name in case["pronouns"].items():
        word, nth = key.split("/")
        pronoun = [t for t in doc if t.lower_ == word][int(nth) - 1]
        assert code_phrase(pronoun, index).name == name, key


def test_fuzzy_names() -> None:
    assert fold("José") == fold("Jose")
    assert similar("okafur", "okafor") and similar("zelenskyy", "zelensky")
    assert not similar("obi", "abi") and not similar("mensah", "owusu")
