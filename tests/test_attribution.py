"""Who says so: quote forms, speakers, event sources and the auxiliary modes.

The sentences are ours (tests/fixtures/modality.yaml and the texts below). The PolNeAR
check runs only where the corpus is on disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import dotterel
from dotterel.quotation_marks import quotations, quote_spans

FIXTURE = Path(__file__).parent / "fixtures" / "modality.yaml"
# Measured 64/67 (0.955). The three misses are "denied <act>": the REJECT entry takes in
# the denied act, so there is no event left to mark negated (see docs/attribution.md).
MODALITY_ACCURACY = 0.93
POLNEAR = Path(__file__).parents[2] / "shared" / "data" / "polnear_train_dev"
PUBLISHED = "2025-05-14"


def _cases() -> list[dict]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def _modality_right(case: dict) -> bool:
    events = [e for e in dotterel.code(case["text"], published=PUBLISHED).events if e.type == case["type"]]
    event = next((e for e in events if e.modality == case["modality"]), None)
    if event is None:
        return False
    if case.get("speaker"):
        speaker = event.source.speaker if event.source else None
        return speaker is not None and case["speaker"].lower() in (speaker.name or "").lower()
    return True


def test_fixture_is_big_enough_and_covers_every_modality() -> None:
    cases = _cases()
    assert len(cases) >= 60
    wanted = {"asserted", "reported", "negated", "hypothetical", "future", "historical"}
    assert wanted <= {c["modality"] for c in cases}


def test_modality_accuracy() -> None:
    cases = _cases()
    wrong = [c["text"] for c in cases if not _modality_right(c)]
    assert 1 - len(wrong) / len(cases) >= MODALITY_ACCURACY, wrong


@pytest.mark.parametrize(
    "text",
    [
        "Iran refused to release the detained sailors on Sunday.",
        "North Korea threatened to attack South Korean warships near the border.",
    ],
)
def test_refusals_and_threats_are_events_not_modes(text: str) -> None:
    event = dotterel.code(text, published=PUBLISHED).events[0]
    assert event.type in ("REJECT", "THREATEN")
    assert event.modality == "asserted"


# -- quotation marks, without the parser ---------------------------------------------------


def test_split_quotation_gives_two_spans() -> None:
    text = '"We are here to work," she said, "not to rest."'
    assert [text[s:e] for s, e in quote_spans(text)] == ['"We are here to work,"', '"not to rest."']


def test_quotation_runs_over_paragraphs() -> None:
    text = '"We will not give up.\n"The people deserve better," he said.\nOther news.'
    groups = quotations(text)
    assert len(groups) == 1
    assert [text[s:e] for s, e in groups[0]] == ["We will not give up.", "The people deserve better,"]


def test_unclosed_quotation_does_not_run_into_a_plain_paragraph() -> None:
    text = '"We will not give up.\nThe talks ended on Friday.'
    assert [[text[s:e] for s, e in g] for g in quotations(text)] == [["We will not give up."]]


def test_a_quotation_left_open_where_paragraph_breaks_were_lost_ends_where_the_next_opens() -> None:
    # The first quotation ran on into a paragraph of its own; with the break lost, its next
    # mark can only open a quotation (after a full stop and a space, before a word).
    text = 'Ana Ruiz said: "The dam is safe. The crews checked it twice. "We will open the road," she added. More news.'
    groups = [[text[s:e] for s, e in g] for g in quotations(text)]
    assert groups == [["The dam is safe. The crews checked it twice."], ["We will open the road,"]]


# -- quote records through the pipeline ----------------------------------------------------


def _quotes(text: str) -> list:
    return dotterel.code(text, published=PUBLISHED).quotes


def test_direct_quote_with_curly_marks_keeps_original_offsets() -> None:
    text = "\u201cWe arrested the smugglers at dawn,\u201d a police spokesman in Lagos said."
    (quote,) = _quotes(text)
    assert quote.direct and quote.cue == "said"
    assert text[quote.start : quote.end] == "We arrested the smugglers at dawn,"
    assert "spokesman" in (quote.speaker.name or "")


def test_split_quote_pieces_share_speaker_and_cue() -> None:
    text = 'Grace Okafor, the Nigerian foreign minister, arrived. "We are here to work," she said, "not to rest."'
    quotes = [q for q in _quotes(text) if q.direct]
    assert [q.text for q in quotes] == ["We are here to work,", "not to rest."]
    assert {q.speaker.name for q in quotes} == {"Grace Okafor"}  # "she" through mentions.antecedent
    assert {q.cue for q in quotes} == {"said"}


def test_quote_across_paragraphs_takes_the_speaker_of_its_last_paragraph() -> None:
    text = '"We will not give up the fight.\n\n"The people of Kenya deserve better," said Raila Odinga.'
    quotes = [q for q in _quotes(text) if q.direct]
    assert len(quotes) == 2
    assert {q.speaker.name for q in quotes} == {"Raila Odinga"}


def test_partial_quote_inside_a_sentence() -> None:
    text = "The opposition leader described a government \u201con its last legs\u201d in a speech in Nairobi."
    (quote,) = [q for q in _quotes(text) if q.direct]
    assert quote.text == "on its last legs"
    assert quote.cue == "described"


def test_scare_quotes_are_not_quotations() -> None:
    text = 'Thousands marched against the so-called "reform" of the courts.'
    assert _quotes(text) == []


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker"),
    [
        (
            "Human Rights Watch said that police had beaten protesters in Mombasa.",
            "that police had beaten protesters in Mombasa",
            "said",
            "Human Rights Watch",
        ),
        (
            "President William Ruto claimed the protests were funded by foreign groups.",
            "the protests were funded by foreign groups",
            "claimed",
            "Ruto",
        ),
        (
            "According to the Red Cross, three people died in the clashes.",
            "three people died in the clashes",
            "according to",
            "Red Cross",
        ),
        (
            "Police fired tear gas at the crowd, the Kenyan Interior Ministry said on Monday.",
            "Police fired tear gas at the crowd",
            "said",
            "Interior Ministry",
        ),
    ],
)
def test_indirect_speech(text: str, content: str, cue: str, speaker: str) -> None:
    (quote,) = _quotes(text)
    assert not quote.direct
    assert quote.text == content
    assert quote.cue == cue
    assert speaker in (quote.speaker.name or "")


def test_event_in_a_quote_carries_its_source() -> None:
    text = '"Iran sent drones to Russia," the U.S. State Department said, "and it will pay for that."'
    event = next(e for e in dotterel.code(text, published=PUBLISHED).events if e.type == "AID")
    assert event.modality == "reported"
    assert event.source.quoted and event.source.cue == "said"
    assert "State Department" in event.source.speaker.name


def test_reporter_voice_has_no_source() -> None:
    event = dotterel.code("Kenyan police fired tear gas at protesters.", published=PUBLISHED).events[0]
    assert event.source is None and event.modality == "asserted"


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="PolNeAR is not on this machine")
def test_polnear_evaluation_runs() -> None:
    from dotterel.eval.attribution import evaluate

    result = evaluate(POLNEAR, limit=3)
    for key in ("content_f1_overlap", "content_f1_exact", "cue_acc", "direct_speaker_acc"):
        assert 0.0 <= result[key] <= 1.0
    assert result["content_f1_overlap"] > 0.5


def test_apostrophe_pairs_are_quote_marks() -> None:
    text = "''We will rebuild the bridge,'' the governor said. ''It will take a year.''"
    assert [text[s:e] for s, e in quote_spans(text)] == ["''We will rebuild the bridge,''", "''It will take a year.''"]


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        ("The Senegalese opposition called for a recount of the votes.", "a recount of the votes", "called"),
        ("Amara Diallo accused the mayor of hiding the audit.", "the mayor of hiding the audit", "accused"),
        ("The farmers' union wants to meet the minister next month.", "to meet the minister next month", "wants"),
        ("The ceasefire seems to be holding in the north.", "The ceasefire", "seems"),
    ],
)
def test_stance_verbs_give_their_complement(text: str, content: str, cue: str) -> None:
    quotes = [q for q in _quotes(text) if q.cue == cue]
    assert quotes and content in quotes[0].text


def test_inverted_speaker_after_a_quote() -> None:
    text = '"The river will flood again this year," warned Tomasz Nowak.'
    (quote,) = [q for q in _quotes(text) if q.direct]
    assert quote.cue == "warned"
    assert "Nowak" in (quote.speaker.name or "")


def test_colon_after_a_sentence_without_a_speech_verb() -> None:
    text = 'The Lagos governor released a short statement:\n"We mourn with the families of the victims."'
    (quote,) = [q for q in _quotes(text) if q.direct]
    assert quote.cue == "released"
    assert "governor" in (quote.speaker.name or "").lower()


def test_reportedly_and_in_a_statement_name_a_source() -> None:
    cues = {q.cue for q in _quotes("The envoy reportedly left Accra on Sunday.")}
    assert "reportedly" in cues
    cues = {q.cue for q in _quotes("In a statement, the ministry blamed the storm for the outage.")}
    assert "in statement" in cues
