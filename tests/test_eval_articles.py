"""`dotterel eval articles`: whole-article scoring, on a small article we wrote in the gold format."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from dotterel.cli import EXIT_ERROR, EXIT_OK
from dotterel.eval.articles import GoldArticle, Totals, date_agrees, load_article, score_article, surname_in
from dotterel.model import Article, CodedArticle, Quote, Speaker
from tests.test_cli import (
    SHARED,
    run,
    shared_coder,  # noqa: F401  (autouse: one real Coder for the module)
)

TEXT = (
    "Kenyan police arrested twelve traders in Nakuru on Tuesday, officials said.\n"
    "The governor of Nakuru County praised the traders for keeping calm.\n"
    "Photo: a market street in Nakuru. AP Photo/Jane Doe\n"
)

GOLD = {
    "id": "ours-1",
    "title": "Traders held in Nakuru",
    "published": "2025-06-12",
    "text": TEXT,
    "events": [
        {
            "type": "COERCE", "mode": "arrest",
            "actor": [{"text": "Kenyan police", "name": "Kenya police", "country": "KEN", "sector": "COP"}],
            "recipient": [{"text": "twelve traders", "name": "traders", "country": "KEN", "sector": "BUS"}],
            "date": {"text": "on Tuesday", "value": "2025-06-10"},
            "location": {"text": "Nakuru", "name": "Nakuru", "country": "KEN"},
            "source": {"speaker": "Kenyan officials"}, "modality": "reported",
            "evidence": "Kenyan police arrested twelve traders in Nakuru on Tuesday", "same_as": None,
        },
        {
            "type": "PROTEST", "mode": None, "actor": [], "recipient": [], "date": None, "location": None,
            "source": {"speaker": None}, "modality": "asserted",
            "evidence": "praised the traders for keeping calm", "same_as": None,
        },
    ],
    "quotes": [],
    "boilerplate": ["Photo: a market street in Nakuru. AP Photo/Jane Doe"],
}  # fmt: skip


def write_gold(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ours-1.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return folder


def test_load_article_finds_every_span(tmp_path: Path) -> None:
    item = load_article(write_gold(tmp_path / "gold") / "ours-1.json")
    assert [e.type for e in item.events] == ["COERCE", "PROTEST"]
    assert TEXT[item.events[0].start : item.events[0].end].startswith("Kenyan police arrested")
    assert TEXT[slice(*item.boilerplate[0])].startswith("Photo:")


def test_surname_matching_ignores_case_and_accents() -> None:
    assert surname_in("Zoë Müller", "minister zoe muller")
    assert surname_in("Kenyan officials", "officials")
    assert not surname_in("Ana Ruiz", "Ana Torres")
    assert not surname_in("Ana Ruiz", None)
    assert surname_in("Olena Kovalenkko", "Olena Kovalenko")  # a transliteration one letter apart
    assert not surname_in("Mark Rolland", "Mark Holland")
    assert surname_in("Aysel Kilic", "Aysel K\u0131l\u0131\u00e7")  # a dotless i has no accent to strip


def test_scores_a_folder_and_counts_a_wrongly_typed_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_gold(tmp_path / "gold")
    code, out, err = run(["eval", "articles", str(folder), "--json", "--errors"], capsys)
    assert code == EXIT_OK, err
    result = json.loads(out)
    # The arrest is found with its type; the praise is found but the gold calls it PROTEST,
    # so detection finds both events while typed matching finds one.
    assert result["event_recall"] == 0.5
    assert result["detect_recall"] == 1.0
    assert result["actor_country"] == 1.0
    assert result["date"] == 1.0
    assert result["boilerplate_events"] == 0
    kinds = {e["kind"] for e in result["errors"]}
    assert "miss" in kinds and "false_alarm" in kinds


def test_a_missing_folder_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["eval", "articles", str(tmp_path / "nowhere")], capsys)
    assert code == EXIT_ERROR
    assert "nowhere" in err and "Traceback" not in err


def test_on_the_shared_gold_when_present(capsys: pytest.CaptureFixture[str]) -> None:
    folder = SHARED / "data" / "voa_gold"
    if not folder.is_dir():
        pytest.skip(f"voa_gold not found at {folder} (set DOTTEREL_SHARED)")
    code, out, err = run(["eval", "articles", str(folder), "--json", "--limit", "2"], capsys)
    assert code == EXIT_OK, err
    result = json.loads(out)
    assert result["articles"] == 2
    for key in ("event_f1", "detect_f1", "doc_type_macro_f1", "quote_speaker", "boilerplate_events"):
        assert key in result


def test_dates_agree_at_the_golds_granularity() -> None:
    assert date_agrees("2025-03", "2025-03-14")
    assert date_agrees("2025-03", "2025-W11")  # a week inside March
    assert date_agrees("2025-03", "2025-W09")  # 24 Feb to 2 Mar overlaps March
    assert not date_agrees("2025-03", "2025-W15")  # 7 to 13 April
    assert not date_agrees("2025-03-14", "2025-03")  # coarser than the gold is not enough
    assert not date_agrees("2025-03-14", None)


def test_a_gold_quotation_is_scored_on_the_direct_quotation_and_listed_when_wrong() -> None:
    text = 'The minister said the port "will reopen within days" and that crews were ready.'
    start = text.index("will reopen")
    gold = GoldArticle("ours-2", text, None, None, [], [(start, start + 20, "Lena Sorensen")], [])
    reported = Quote(text[19:], Speaker("Port authority"), "said", False, 19, len(text))
    quoted = Quote("will reopen within days", Speaker("Lena Sorensen"), "said", True, start, start + 23)
    coded = CodedArticle(Article(id="ours-2", text=text), quotes=[reported, quoted])
    totals = Totals()
    score_article(gold, coded, totals, keep_errors=True)
    # The reported speech around the quotation starts first, but the direct quotation is the one scored.
    assert totals.quotes["speaker_right"] == 1 and not totals.errors
    wrong = CodedArticle(Article(id="ours-2", text=text), quotes=[reported, replace(quoted, speaker=None)])
    score_article(gold, wrong, totals, keep_errors=True)
    assert [(e["kind"], e["gold"], e["predicted"]) for e in totals.errors] == [("quote_speaker", "Lena Sorensen", None)]
