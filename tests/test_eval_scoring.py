"""The scorers' shared pieces, and the place scorers scoring what `dotterel code` gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotterel.clean import clean
from dotterel.eval.scoring import Tally, overlaps, overlaps_any, prf, to_clean

# Our own sentences. A city named inside an actor phrase ("the Lagos governor") is the
# actor's, not a place: `dotterel code` leaves it out, and so must the scorers.
MEETING = "The Lagos governor met traders in Ikeja on Friday."


def test_spans_that_only_touch_do_not_overlap() -> None:
    assert overlaps((0, 5), (4, 9)) and overlaps((4, 9), (0, 5))
    assert not overlaps((0, 5), (5, 9))
    assert overlaps_any((10, 12), [(0, 3), (11, 20)]) and not overlaps_any((10, 12), [])


def test_a_tally_counts_items_and_bulk_counts_alike() -> None:
    tally = Tally()
    tally.add("country", True)
    tally.add(["country", "sector"], False)
    tally.count("spans", 4, 3)
    assert (tally.total["country"], tally.right["country"]) == (2, 1)
    assert tally.share("country") == 0.5 and tally.share("sector") == 0.0 and tally.share("spans") == 0.75
    assert tally.missed("spans") == 1
    assert tally.share("never") is None and tally.share("never", 0.0) == 0.0


def test_sides_takes_precision_from_predictions_and_recall_from_gold() -> None:
    tally = Tally()
    tally.count("predicted", 4, 2)  # two of four predictions overlap a gold span
    tally.count("gold", 2, 2)  # both gold spans are found
    assert tally.sides("predicted", "gold") == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert prf(2, 2, 0) == {"precision": 0.5, "recall": 1.0, "f1": 0.6667}


def test_original_offsets_map_onto_the_cleaned_text() -> None:
    text = "Photo: Reuters\nThe mayor of Aflao spoke on Monday."
    cleaned = clean(text)
    start = text.index("Aflao")
    mapped = to_clean(cleaned)(start, start + len("Aflao"))
    assert cleaned.text[mapped[0] : mapped[1]] == "Aflao"


@pytest.fixture(scope="module")
def coder():
    from dotterel.pipeline import Coder

    return Coder()


def test_geoparse_leaves_out_countries_that_act_as_dotterel_code_does(coder) -> None:
    from dotterel.eval.geoparse import GoldDoc, GoldToponym, score_corpus

    start = MEETING.index("Ikeja")
    gold = GoldDoc(MEETING, [GoldToponym(start, start + 5, "Ikeja", (6.60, 3.35))])
    assert [p.name for p in coder.code(MEETING).places] == ["Ikeja"]
    scores = score_corpus([gold], coder)
    assert scores["precision"] == 1.0 and scores["recall"] == 1.0  # "Lagos" is not counted as a place found
    assert scores["resolved_from_gold_span"] == 0 and "gold span" in scores["scored_on"]


def test_event_location_chooses_among_the_places_dotterel_code_finds(tmp_path: Path) -> None:
    from dotterel.eval.event_location import evaluate

    verb, town = MEETING.index("met"), MEETING.index("Ikeja")
    arrest = "Nairobi police arrested three protesters on Monday."  # no place: the city names the police
    records = [
        {"text": MEETING, "spans": [{"label": "VERB", "start": verb, "end": verb + 3},
                                    {"label": "LOCATION", "start": town, "end": town + 5}]},
        {"text": arrest, "spans": [{"label": "VERB", "start": 15, "end": 23}]},
    ]  # fmt: skip
    (tmp_path / "event_location_dev.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = evaluate(tmp_path)
    assert result["n"] == 2 and result["accuracy"] == 1.0
    assert "gold verb span" in result["scored_on"]
