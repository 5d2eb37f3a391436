"""The Python API as a user meets it: `dotterel.code`, `Coder`, and what a record promises.

The promises checked here are DESIGN.md's: typed records with `to_dict()`, one model load
for a stream of articles, every offset indexing the text as given (boilerplate and curly
quotes included), and the grammar news is written in (passives, compound and possessive
actors, weekday dates resolved against the publication date).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import spacy

import dotterel
from dotterel import nlp as nlp_stage
from dotterel.model import Article, CodedArticle, Event

PUBLISHED = "2024-03-13"  # a Wednesday

REPORT = (
    "Photo: Police detained dozens of protesters outside parliament in Lima. (Reuters)\n"
    "Lima, Peru \u2014 \u201cThe arrests were unjustified,\u201d said Rosa Quispe, a union leader, on Saturday.\n"
    "Peruvian police detained 40 striking teachers in Lima on Friday, officials said.\n"
    "By Jane Doe\n"
    "Kenya\u2019s army shelled a militant base near the Somali border.\n"
    "Follow Rosa Quispe on Twitter for more.\n"
)
BOILERPLATE = (
    "Photo: Soldiers attacked a village near Gao. (AFP)\n",
    "Reporting by Jane Doe; Editing by John Roe\n",
    "Follow Jane Doe on Twitter.\n",
)


@pytest.fixture(scope="module")
def coder() -> dotterel.Coder:
    """The same Coder `dotterel.code` uses, so the module builds one."""
    return dotterel._default_coder()


def only_event(record: CodedArticle) -> Event:
    assert len(record.events) == 1, [(e.type, e.evidence.text) for e in record.events]
    return record.events[0]


def codes(event: Event, role: str) -> list[tuple[str | None, str | None]]:
    return [(a.country, a.sector) for a in getattr(event, role)]


# ---- the API ------------------------------------------------------------------------


def test_code_returns_a_coded_article(coder: dotterel.Coder) -> None:
    record = dotterel.code(
        "Kenyan police detained three opposition activists in Nakuru on Friday.",
        published=PUBLISHED,
        title="Activists held",
    )
    assert isinstance(record, CodedArticle)
    assert record.article.title == "Activists held"
    assert record.article.published == PUBLISHED
    for name in ("events", "entities", "quotes", "places", "dates", "warnings"):
        assert isinstance(getattr(record, name), list)
    assert [e.type for e in record.events] == ["COERCE"]
    as_dict = record.to_dict()
    assert set(as_dict) == {"article", "events", "entities", "quotes", "places", "dates", "warnings"}
    assert as_dict["events"][0]["evidence"]["trigger"]["text"] == "detained"


def test_the_same_text_gives_the_same_record(coder: dotterel.Coder) -> None:
    text = "Soldiers attacked a village in Mali on Friday."
    assert dotterel.code(text, published=PUBLISHED).to_dict() == dotterel.code(text, published=PUBLISHED).to_dict()


def numbered_articles(n: int) -> Iterator[Article]:
    towns = ["Nakuru", "Kisumu", "Eldoret", "Garissa", "Nyeri"]
    for i in range(n):
        text = f"Kenyan police detained {i + 2} traders in {towns[i % len(towns)]} on Friday."
        yield Article(id=f"story-{i:02d}", text=text, published=PUBLISHED)


def test_a_coder_streams_articles_in_order_with_one_model_load(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[object] = []
    real_load = spacy.load

    def counting_load(*args: object, **kwargs: object) -> spacy.language.Language:
        loads.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(nlp_stage.spacy, "load", counting_load)
    nlp_stage.load.cache_clear()
    coder = dotterel.Coder(batch_size=8)
    stream = coder.code_articles(numbered_articles(20))
    assert isinstance(stream, Iterator)
    records = list(stream)
    assert [r.article.id for r in records] == [f"story-{i:02d}" for i in range(20)]
    assert all(len(r.events) == 1 for r in records)
    assert len(loads) == 1


# ---- offsets ------------------------------------------------------------------------


def test_offsets_index_the_original_text(coder: dotterel.Coder) -> None:
    record = coder.code(REPORT, published=PUBLISHED)
    assert len(record.events) >= 2
    for event in record.events:
        evidence, trigger = event.evidence, event.evidence.trigger
        assert REPORT[evidence.start : evidence.end] == evidence.text
        assert REPORT[trigger.start : trigger.end] == trigger.text
        assert evidence.start <= trigger.start < trigger.end <= evidence.end
        for actor in event.actor + event.recipient:
            assert REPORT[actor.start : actor.end] == actor.text
        if event.date.start is not None:
            assert REPORT[event.date.start : event.date.end] == event.date.text
    for quote in record.quotes:
        assert REPORT[quote.start : quote.end] == quote.text
    for mention in [m for entity in record.entities for m in entity.mentions]:
        assert REPORT[mention.start : mention.end] == mention.text


def test_curly_apostrophes_survive_in_actor_text(coder: dotterel.Coder) -> None:
    record = coder.code(REPORT, published=PUBLISHED)
    shelling = [e for e in record.events if e.evidence.trigger.text == "shelled"]
    assert [a.text for e in shelling for a in e.actor] == ["Kenya\u2019s army"]


def test_evidence_is_the_sentence_without_surrounding_whitespace(coder: dotterel.Coder) -> None:
    record = coder.code(REPORT, published=PUBLISHED)
    for event in record.events:
        assert event.evidence.text == event.evidence.text.strip()


def test_boilerplate_lines_produce_no_events(coder: dotterel.Coder) -> None:
    record = coder.code("".join(BOILERPLATE), published=PUBLISHED)
    assert record.events == []


def test_no_event_comes_from_a_caption(coder: dotterel.Coder) -> None:
    record = coder.code(REPORT, published=PUBLISHED)
    caption_end = REPORT.index("\n")
    assert all(e.evidence.start > caption_end for e in record.events)
    assert "By Jane Doe" not in " ".join(e.evidence.text for e in record.events)


# ---- grammar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("An opposition leader was detained by police in Harare on Friday.", ("ZWE", "COP"), ("ZWE", "OPP")),
        ("A Nigerian journalist was arrested by soldiers in Kano on Friday.", ("NGA", "MIL"), ("NGA", "JRN")),
    ],
)
def test_passive_puts_the_agent_first(
    coder: dotterel.Coder, text: str, actor: tuple[str, str], recipient: tuple[str, str]
) -> None:
    event = only_event(coder.code(text, published=PUBLISHED))
    assert event.type == "COERCE"
    assert codes(event, "actor") == [actor]
    assert codes(event, "recipient") == [recipient]


def test_compound_actor_is_a_list(coder: dotterel.Coder) -> None:
    event = only_event(coder.code("China and Russia condemned the missile test on Wednesday.", published=PUBLISHED))
    assert event.type == "ACCUSE"
    assert [a.country for a in event.actor] == ["CHN", "RUS"]
    assert [a.text for a in event.actor] == ["China", "Russia"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Nigeria's military attacked a rebel camp near Maiduguri.", ("NGA", "MIL")),
        ("Kenya\u2019s army shelled a militant base near the Somali border.", ("KEN", "MIL")),
    ],
)
def test_possessive_gives_the_country(coder: dotterel.Coder, text: str, actor: tuple[str, str]) -> None:
    event = only_event(coder.code(text, published=PUBLISHED))
    assert event.type == "ASSAULT"
    assert codes(event, "actor") == [actor]


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2024-03-13", "2024-03-08"), ("2024-03-16", "2024-03-15"), ("2024-03-18", "2024-03-15")],
)
def test_past_tense_friday_is_the_friday_before(coder: dotterel.Coder, published: str, expected: str) -> None:
    text = "Peruvian police detained 40 striking teachers in Lima on Friday."
    event = only_event(coder.code(text, published=published))
    assert (event.date.text, event.date.value, event.date.granularity) == ("Friday", expected, "day")


def test_without_a_publication_date_the_weekday_stays_unresolved(coder: dotterel.Coder) -> None:
    record = coder.code("Peruvian police detained 40 striking teachers in Lima on Friday.")
    assert only_event(record).date.value is None
    assert record.warnings
