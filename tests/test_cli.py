"""`dotterel code` driven through its real entry point on small invented articles.

These tests hold the CLI to DESIGN.md: the record contract in every output format, bad
input reported by file and line without losing the good input, option mistakes as one
message and exit code 2, and a user codebook that can add and remove trigger entries.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import dotterel.pipeline
from dotterel.cli import EXIT_ERROR, EXIT_OK, EXIT_SKIPPED, main

ARTICLE_KEYS = {"id", "title", "published", "url", "source"}
EVENT_KEYS = {
    "id", "type", "mode", "contexts", "quad", "score", "cameo", "actor", "recipient", "date", "location",
    "source", "modality", "evidence", "confidence",
}  # fmt: skip
RECORD_KEYS = {"article", "events", "entities", "quotes", "places", "dates", "warnings"}
ACTOR_KEYS = {"text", "name", "country", "sector", "kind", "start", "end"}
DATE_KEYS = {"text", "value", "value_end", "granularity", "start", "end"}
EVIDENCE_KEYS = {"sentence", "text", "start", "end", "trigger", "rule"}

ARREST = "Kenyan police detained three opposition activists in Nakuru on Friday.\n"
MARCH = "Teachers marched through Lima on Tuesday.\n"
SERENADE = "Kenyan traders serenaded the governor in Nakuru on Monday.\n"

_coders: dict[tuple[Any, ...], dotterel.pipeline.Coder] = {}
_RealCoder = dotterel.pipeline.Coder


def _shared_coder(codebook: list[str] | None = None, actors: list[str] | None = None, n_process: int = 1) -> Any:
    """The real Coder, built once per codebook: building one takes seconds."""
    key = (tuple(codebook or ()), tuple(actors or ()), n_process)
    if key not in _coders:
        _coders[key] = _RealCoder(codebook=codebook, actors=actors, n_process=n_process)
    return _coders[key]


@pytest.fixture(autouse=True)
def shared_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dotterel.pipeline, "Coder", _shared_coder)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(folder: Path, name: str, content: str | bytes) -> str:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def jsonl(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def assert_contract(record: dict[str, Any]) -> None:
    assert set(record) >= RECORD_KEYS
    assert set(record["article"]) >= ARTICLE_KEYS
    for event in record["events"]:
        assert set(event) >= EVENT_KEYS
        for actor in event["actor"] + event["recipient"]:
            assert set(actor) >= ACTOR_KEYS
        assert set(event["date"]) >= DATE_KEYS
        assert set(event["evidence"]) >= EVIDENCE_KEYS
        assert set(event["evidence"]["trigger"]) >= {"text", "start", "end"}
        assert event["source"] is None or set(event["source"]) >= {"speaker", "cue", "quoted"}


# ---- output formats -----------------------------------------------------------------


def test_jsonl_output_holds_the_whole_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "arrest.txt", f"Title: Activists held\nPublished: 2024-03-13\n\n{ARREST}")
    code, out, err = run(["code", path, "--format", "jsonl"], capsys)
    assert code == EXIT_OK, err
    [record] = jsonl(out)
    assert_contract(record)
    assert record["article"]["title"] == "Activists held"
    assert record["article"]["published"] == "2024-03-13"
    [event] = record["events"]
    assert event["type"] == "COERCE"
    assert event["date"]["value"] == "2024-03-08"
    assert "coded 1 articles, 1 events" in err


def test_json_output_is_one_array_of_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "a.txt", ARREST)
    write(tmp_path, "b.txt", MARCH)
    code, out, _ = run(["code", str(tmp_path), "--format", "json", "--published", "2024-03-13"], capsys)
    assert code == EXIT_OK
    records = json.loads(out)
    assert isinstance(records, list) and len(records) == 2
    for record in records:
        assert_contract(record)
    _, one, _ = run(["code", str(tmp_path / "a.txt"), "--format", "json", "--published", "2024-03-13"], capsys)
    assert len(json.loads(one)) == 1


def test_csv_has_one_row_per_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "two.txt", ARREST + MARCH)
    write(tmp_path, "quiet.txt", "The weather in Nairobi was mild all week.\n")
    code, out, _ = run(["code", path, str(tmp_path / "quiet.txt"), "--format", "csv"], capsys)
    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["type"] for row in rows] == ["COERCE", "PROTEST"]
    assert {"article_id", "event_id", "actor_country", "evidence_start", "trigger_text"} <= set(rows[0])
    assert rows[0]["trigger_text"] == "detained"


def test_table_format_names_each_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "arrest.txt", ARREST)
    code, out, _ = run(["code", path, "--format", "table"], capsys)
    assert code == EXIT_OK
    assert "COERCE" in out
    assert not out.lstrip().startswith("{")


def test_out_writes_the_file_and_not_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "arrest.txt", ARREST)
    target = tmp_path / "events.jsonl"
    code, out, _ = run(["code", path, "--format", "jsonl", "--out", str(target)], capsys)
    assert code == EXIT_OK
    assert out == ""
    [record] = jsonl(target.read_text(encoding="utf-8"))
    assert_contract(record)


def test_published_fills_a_missing_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "arrest.txt", ARREST)
    code, out, _ = run(["code", path, "--format", "jsonl"], capsys)
    assert code == EXIT_OK
    [undated] = jsonl(out)
    assert undated["article"]["published"] is None
    assert undated["events"][0]["date"]["value"] is None
    assert undated["warnings"]

    _, out, _ = run(["code", path, "--format", "jsonl", "--published", "2024-03-13"], capsys)
    [dated] = jsonl(out)
    assert dated["article"]["published"] == "2024-03-13"
    assert dated["events"][0]["date"]["value"] == "2024-03-08"


def test_stdin_as_a_subprocess(tmp_path: Path) -> None:
    """The installed entry point, end to end: text on stdin, JSON lines on stdout."""
    result = subprocess.run(
        [sys.executable, "-m", "dotterel.cli", "code", "-", "--format", "jsonl", "--published", "2024-03-13"],
        input=ARREST,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == EXIT_OK, result.stderr
    [record] = jsonl(result.stdout)
    assert_contract(record)
    assert record["events"][0]["type"] == "COERCE"
    assert "Traceback" not in result.stderr


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stories = {"a": ARREST, "b": MARCH}
    lines = [json.dumps({"id": key, "text": text, "published": "2024-03-13"}) for key, text in stories.items()]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(lines).encode())))
    code, out, _ = run(["code", "-", "--format", "jsonl"], capsys)
    assert code == EXIT_OK
    assert [r["article"]["id"] for r in jsonl(out)] == ["a", "b"]


# ---- bad input ----------------------------------------------------------------------


def bad_inputs(folder: Path) -> dict[str, str]:
    good_jsonl = [
        json.dumps({"id": "first", "text": ARREST, "published": "2024-03-13"}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "third", "text": MARCH, "published": "2024-03-13"}),
    ]
    return {
        "empty": write(folder, "empty.txt", ""),
        "binary": write(folder, "blob.txt", b"\x00\x01\x02\xff\xfe\x00\x00binary\x00" * 8),
        "latin": write(folder, "latin.txt", b"Police in Lima arrested a union leader.\ncaf\xe9 owners\n"),
        "jsonl": write(folder, "mixed.jsonl", "\n".join(good_jsonl) + "\n"),
        "no_text": write(folder, "notext.jsonl", json.dumps({"id": "x", "title": "Headline only"}) + "\n"),
        "good": write(folder, "good.txt", MARCH),
    }


def test_bad_inputs_are_named_and_good_ones_coded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = bad_inputs(tmp_path)
    code, out, err = run(["code", *paths.values(), "--format", "jsonl"], capsys)
    assert code == EXIT_SKIPPED
    ids = [r["article"]["id"] for r in jsonl(out)]
    assert ids[:2] == ["first", "third"]
    assert len(ids) == 3  # and good.txt
    messages = err.splitlines()
    for name in ("empty.txt", "blob.txt", "latin.txt:2", "mixed.jsonl:2", "notext.jsonl:1"):
        assert any(name in line for line in messages), f"no message names {name}:\n{err}"
    assert messages[-1].count("skipped 5") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("bad", ["empty", "binary", "latin", "no_text"])
def test_each_bad_input_alone_exits_1(bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = bad_inputs(tmp_path)
    code, out, err = run(["code", paths[bad], paths["good"], "--format", "jsonl"], capsys)
    assert code == EXIT_SKIPPED
    assert len(jsonl(out)) == 1
    assert Path(paths[bad]).name in err
    assert "skipped 1" in err.splitlines()[-1]


def test_invalid_published_is_an_option_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "arrest.txt", ARREST)
    code, out, err = run(["code", path, "--published", "2024-13-45"], capsys)
    assert code == EXIT_ERROR
    assert out == ""
    assert "2024-13-45" in err
    assert "Traceback" not in err


# ---- user codebook ------------------------------------------------------------------

USER_TRIGGERS = """\
type: SUPPORT
entries:
  - id: user.serenade
    verbs: [serenade]
    recipient: [dobj]
"""

DISABLE_ARREST = """\
type: COERCE
entries:
  - id: coerce.arrest
    disabled: true
"""


def coded_events(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, err = run(argv, capsys)
    assert code == EXIT_OK, err
    return [event for record in jsonl(out) for event in record["events"]]


def test_codebook_file_adds_an_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = write(tmp_path, "serenade.txt", SERENADE)
    assert coded_events(["code", article, "--format", "jsonl"], capsys) == []
    triggers = write(tmp_path, "mine.yaml", USER_TRIGGERS)
    [event] = coded_events(["code", article, "--format", "jsonl", "--codebook", triggers], capsys)
    assert (event["type"], event["evidence"]["rule"]) == ("SUPPORT", "user.serenade")
    assert event["evidence"]["trigger"]["text"] == "serenaded"


def test_codebook_file_disables_an_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = write(tmp_path, "arrest.txt", ARREST)
    [event] = coded_events(["code", article, "--format", "jsonl"], capsys)
    assert event["evidence"]["rule"] == "coerce.arrest"
    triggers = write(tmp_path, "quiet.yaml", DISABLE_ARREST)
    events = coded_events(["code", article, "--format", "jsonl", "--codebook", triggers], capsys)
    assert all(e["evidence"]["rule"] != "coerce.arrest" for e in events)


@pytest.mark.parametrize(
    "content",
    [
        "type: SUPPORT\nentries:\n  - id: user.bad\n    verbs: [serenade\n",  # not YAML
        "entries:\n  - verbs: [serenade]\n",  # no id
        "type: CHEER\nentries:\n  - id: user.cheer\n    verbs: [serenade]\n",  # unknown type
    ],
)
def test_malformed_codebook_is_an_error_naming_the_file(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = write(tmp_path, "arrest.txt", ARREST)
    triggers = write(tmp_path, "broken.yaml", content)
    code, out, err = run(["code", article, "--codebook", triggers], capsys)
    assert code == EXIT_ERROR
    assert out == ""
    assert "broken.yaml" in err
    assert "Traceback" not in err


# ---- eval conflibert ----------------------------------------------------------------

SHARED = Path(os.environ.get("DOTTEREL_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
CONFLIBERT_KEYS = {"quad_accuracy", "quad_macro_f1", "per_class", "source_span_recall", "target_span_recall", "n"}

CLASS_LINES = [
    ("Kenyan police detained three opposition activists in Nakuru on Friday.", 4),
    ("The weather in Nairobi was mild all week.", 0),
]
NER_SENTENCES = [
    [("Kenyan", "B-S"), ("police", "I-S"), ("detained", "O"), ("three", "B-T"), ("activists", "I-T"), (".", "O")],
    [("Soldiers", "B-S"), ("attacked", "O"), ("a", "O"), ("village", "O"), (".", "O")],
]


def write_conflibert(folder: Path) -> Path:
    """A two-sentence stand-in for the ConfliBERT folder, in its two formats."""
    (folder / "cameo_class").mkdir(parents=True)
    (folder / "cameo_ner").mkdir()
    rows = "".join(f"{text}\t{label}\r\n" for text, label in CLASS_LINES)
    (folder / "cameo_class" / "train.tsv").write_text(rows, encoding="utf-8")
    blocks = ["".join(f"{token} {tag}\n" for token, tag in sentence) for sentence in NER_SENTENCES]
    (folder / "cameo_ner" / "train.txt").write_text("\n".join(blocks), encoding="utf-8")
    return folder


def test_eval_conflibert_scores_class_and_spans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_conflibert(tmp_path / "conflibert")
    code, out, err = run(["eval", "conflibert", str(folder), "--json"], capsys)
    assert code == EXIT_OK, err
    result = json.loads(out)
    assert set(result) >= CONFLIBERT_KEYS
    assert result["n"] == 2
    assert result["quad_accuracy"] == 1.0
    assert set(result["per_class"]) == {"0", "4"}
    assert result["source_span_recall"] == 1.0  # both actors found
    assert result["target_span_recall"] == 1.0


def test_eval_conflibert_missing_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["eval", "conflibert", str(tmp_path / "nowhere"), "--json"], capsys)
    assert code == EXIT_ERROR
    assert "nowhere" in err


def test_eval_conflibert_on_the_shared_data(capsys: pytest.CaptureFixture[str]) -> None:
    folder = SHARED / "data" / "conflibert_cameo_train"
    if not folder.is_dir():
        pytest.skip(f"ConfliBERT data not found at {folder} (set DOTTEREL_SHARED)")
    code, out, err = run(["eval", "conflibert", str(folder), "--json", "--limit", "10"], capsys)
    assert code == EXIT_OK, err
    result = json.loads(out)
    assert set(result) >= CONFLIBERT_KEYS
    assert result["n"] == 10  # the figure itself is checked on our own sentences below


def test_eval_conflibert_counts_a_wrong_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The two sentences above with one label swapped: the coder is right once in two."""
    folder = write_conflibert(tmp_path / "conflibert")
    rows = "".join(f"{text}\t{4 - label}\r\n" if label == 0 else f"{text}\t{label}\r\n" for text, label in CLASS_LINES)
    (folder / "cameo_class" / "train.tsv").write_text(rows, encoding="utf-8")
    code, out, err = run(["eval", "conflibert", str(folder), "--json"], capsys)
    assert code == EXIT_OK, err
    result = json.loads(out)
    assert result["n"] == 2
    assert result["quad_accuracy"] == 0.5
