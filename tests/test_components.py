"""Every stage after the parse is a spaCy component: `nlp.pipe_names` is DESIGN.md's flow, and
spaCy's own API adds, replaces and disables a stage. The articles are written here."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dotterel.errors import DotterelError
from dotterel.mentions import MentionIndex
from dotterel.model import Article
from dotterel.pipeline import Coder, to_record

# DESIGN.md: parse -> mentions -> coreference -> actors -> dates -> who says so -> events -> places
FLOW = [
    "dotterel_mentions",
    "dotterel_coreference",
    "dotterel_actors",
    "dotterel_dates",
    "dotterel_attribution",
    "dotterel_events",
    "dotterel_places",
]
LUSAKA = Article(
    id="zm-1",
    published="2025-06-11",
    text=(
        "Police in Lusaka arrested twelve opposition activists on Monday, Zambia's interior minister said. "
        "The activists had marched on parliament to demand new elections."
    ),
)


@Language.component("test_no_protests")
def no_protests(doc: Doc) -> Doc:
    """A user's own stage after the events: it reads doc._.events and drops the protests."""
    doc._.events = [event for event in doc._.events if event.type != "PROTEST"]
    return doc


@Language.component("test_no_dates")
def no_dates(doc: Doc) -> Doc:
    """A user's dates stage that finds none."""
    doc._.dates = []
    return doc


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def test_the_pipe_names_are_the_flow(coder: Coder) -> None:
    assert coder.nlp.pipe_names[-len(FLOW) :] == FLOW
    assert "parser" in coder.nlp.pipe_names[: -len(FLOW)]


def test_spacy_finds_no_stage_reading_what_no_earlier_stage_wrote(coder: Coder) -> None:
    problems = coder.nlp.analyze_pipes()["problems"]
    assert all(found == [] for found in problems.values())


def test_each_stage_leaves_its_result_on_the_doc(coder: Coder) -> None:
    doc = next(coder.docs([LUSAKA]))
    assert isinstance(doc._.mentions, MentionIndex)
    assert [entity.name for entity in doc._.entities] == ["Zambia"]
    assert [mention.value for _, mention in doc._.dates] == ["2025-06-09"]
    assert [a.cue_text for a in doc._.attributions] == ["said", "demand"]
    assert doc._.quotes[0].speaker.sector == "GOV"
    assert [event.type for event in doc._.events] == ["COERCE", "PROTEST"]
    assert doc._.places[0][1].name == "Lusaka"
    assert [event.location.name for event in to_record(doc).events] == ["Lusaka", "Lusaka"]


def test_a_disabled_stage_is_skipped(coder: Coder) -> None:
    with coder.nlp.select_pipes(disable=["dotterel_places"]):
        record = next(coder.code_articles([LUSAKA]))
    assert record.events and all(event.location is None for event in record.events)
    assert record.places == []
    assert next(coder.code_articles([LUSAKA])).events[0].location is not None  # enabled again


def test_a_stage_added_after_the_events_reads_them() -> None:
    coder = Coder()
    coder.nlp.add_pipe("test_no_protests", after="dotterel_events")
    assert [event.type for event in coder.code(LUSAKA.text, published=LUSAKA.published).events] == ["COERCE"]


def test_a_replaced_stage_feeds_the_later_ones() -> None:
    coder = Coder()
    coder.nlp.replace_pipe("dotterel_dates", "test_no_dates")
    record = coder.code(LUSAKA.text, published=LUSAKA.published)
    assert coder.nlp.pipe_names[-len(FLOW) :] == FLOW  # the replacement keeps the stage's name
    assert record.dates == []
    assert {event.date.value for event in record.events} == {"2025-06-11"}  # the publication date


def test_a_stage_whose_input_is_missing_says_which_stage_to_keep(coder: Coder) -> None:
    with coder.nlp.select_pipes(disable=["dotterel_mentions"]), pytest.raises(DotterelError, match="dotterel_mentions"):
        coder.code(LUSAKA.text)


def test_a_plain_nlp_call_runs_the_stages_without_a_publication_date(coder: Coder) -> None:
    doc = coder.nlp(LUSAKA.text)
    assert [event.type for event in doc._.events] == ["COERCE", "PROTEST"]
    assert [mention.value for _, mention in doc._.dates] == [None]  # "Monday" of an undated text


def test_two_parse_processes_give_the_same_records(coder: Coder) -> None:
    articles = [
        LUSAKA,
        Article(id="gh-1", text="Ghana recalled its ambassador to Togo on Friday.", published="2024-02-03"),
        Article(id="np-1", text="Nepalese troops clashed with smugglers near the border.", published="2023-09-30"),
    ]
    alone = [record.to_dict() for record in Coder(n_process=1).code_articles(articles)]
    pooled = [record.to_dict() for record in Coder(n_process=2).code_articles(articles)]
    assert pooled == alone
    assert alone == [record.to_dict() for record in coder.code_articles(articles)]
