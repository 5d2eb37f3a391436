"""`dotterel ingest` and the query commands, driven through their parser on real files.

The coder is a stand-in (tests/store_builders.py) so these run without the parser; the
tests at the end use the real `Coder` and run whenever it loads.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from store_builders import SentenceCoder

from dotterel.store import Store
from dotterel.store import commands as commands_module
from dotterel.store.commands import add_commands, ingest_paths

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SUBJECTS = ["Traders", "Teachers", "Farmers", "Students", "Nurses", "Drivers", "Fishermen", "Miners"]
PLACES = ["Kisumu", "Mombasa", "Nakuru", "Eldoret", "Garissa", "Nyeri"]


def write_corpus(path: Path, n: int, bad_line_at: int | None = None) -> int:
    """`n` invented two-sentence stories as JSONL; returns how many sentences they hold."""
    lines = []
    for i in range(n):
        who, where = SUBJECTS[i % len(SUBJECTS)], PLACES[i % len(PLACES)]
        text = f"{who} marched in {where} over story {i}. Police watched the crowd number {i}."
        lines.append(json.dumps({"id": f"s{i}", "text": text, "published": f"2024-05-{1 + i % 28:02d}"}))
        if i == bad_line_at:
            lines.append('{"id": "broken", "text": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 2 * n


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="dotterel")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code = args.func(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands_module, "make_coder", lambda args: SentenceCoder())


@pytest.fixture
def db(tmp_path: Path, stand_in: None, capsys: pytest.CaptureFixture[str]) -> str:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 30, bad_line_at=10)
    path = str(tmp_path / "cli.duckdb")
    code, _, err = cli(["ingest", str(corpus), "--db", path, "--batch-size", "7"], capsys)
    assert code == 1 and "stored 30 articles, 60 events" in err and "1 inputs skipped" in err
    return path


def test_a_malformed_line_is_stored_as_an_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["sql", "SELECT origin, level, message FROM errors", "--db", db, "--format", "json"], capsys)
    [error] = json.loads(out)
    assert error["origin"].endswith("corpus.jsonl:12") and error["level"] == "error" and code == 0


def test_reingest_codes_nothing_and_records_no_new_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = str(Path(db).parent / "corpus.jsonl")
    code, _, err = cli(["ingest", corpus, "--db", db], capsys)
    assert code == 1 and "stored 0 articles" in err and "30 articles were stored already" in err
    _, out, _ = cli(["sql", "SELECT count(*) AS n FROM errors", "--db", db, "--format", "csv"], capsys)
    assert out.splitlines() == ["n", "1"]


def test_a_clean_corpus_exits_zero(tmp_path: Path, stand_in: None, capsys: pytest.CaptureFixture[str]) -> None:
    write_corpus(tmp_path / "ok.jsonl", 3)
    code, _, err = cli(["ingest", str(tmp_path / "ok.jsonl"), "--db", str(tmp_path / "ok.duckdb")], capsys)
    assert code == 0 and "stored 3 articles" in err


def test_events_command_filters_and_formats(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["events", "--db", db, "--actor", "teachers", "--format", "jsonl"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows and all(r["actor"].startswith("Teachers [KEN CVL]") for r in rows)
    _, out, _ = cli(["events", "--db", db, "--since", "2024-05-03", "--until", "2024-05-03", "--format", "csv"], capsys)
    assert {r["date"] for r in csv.DictReader(io.StringIO(out))} == {"2024-05-03"}
    _, out, _ = cli(["events", "--db", db, "--limit", "3"], capsys)
    assert out.splitlines()[0].split()[:3] == ["date", "type", "mode"] and out.splitlines()[-1].startswith("(3 rows")


def test_sql_is_read_only(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    from dotterel.errors import InputError

    with pytest.raises(InputError, match="query failed"):
        cli(["sql", "DELETE FROM articles", "--db", db], capsys)
    _, out, _ = cli(["sql", "SELECT count(*) AS n FROM articles", "--db", db, "--format", "csv"], capsys)
    assert out.splitlines() == ["n", "30"]


def test_a_missing_database_says_how_to_make_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dotterel.errors import InputError

    with pytest.raises(InputError, match="dotterel ingest"):
        cli(["events", "--db", str(tmp_path / "nope.duckdb")], capsys)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "polecat", "gdelt", "parquet"])
def test_export_formats_read_back(db: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"export.{fmt}"
    assert cli(["export", "--format", fmt, "--db", db, "--out", str(out)], capsys)[0] == 0
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(out).num_rows == 60
        return
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        assert len(records) == 30 and sum(len(r["events"]) for r in records) == 60
    elif fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(text)))) == 60
    elif fmt == "polecat":
        assert len(list(csv.DictReader(io.StringIO(text), delimiter="\t"))) == 60
    else:
        rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
        clusters = duckdb.connect(db, read_only=True).execute("SELECT count(*) FROM clusters").fetchone()[0]
        assert len(rows) == clusters and {len(r) for r in rows} == {61 + 3}  # GDELT 2.0, then dotterel's own


def test_series_csv_and_parquet(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(["series", "--db", db, "--by", "week", "--dyad"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sum(int(r["events"]) for r in rows) == 60 and rows[0]["actor_country"] == "KEN"
    target = tmp_path / "series.parquet"
    cli(["series", "--db", db, "--by", "month", "--type", "PROTEST", "--format", "parquet", "--out", str(target)],
        capsys)  # fmt: skip
    assert duckdb.sql(f"SELECT sum(events) FROM '{target}'").fetchall() == [(60,)]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 40)
    monkeypatch.setattr(commands_module.time, "monotonic", iter(range(0, 10_000, 1)).__next__)
    shown, hidden = Terminal(), io.StringIO()
    with Store(tmp_path / "a.duckdb") as store:
        ingest_paths([str(corpus)], store, SentenceCoder(), err=shown)
    with Store(tmp_path / "b.duckdb") as store:
        ingest_paths([str(corpus)], store, SentenceCoder(), err=hidden)
    assert "/ 40 articles" in shown.getvalue() and "articles/s" in shown.getvalue() and "ETA" in shown.getvalue()
    assert hidden.getvalue() == ""


# --- a real kill -9 ----------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from dotterel.store import Store
    from dotterel.store.commands import ingest_paths
    from store_builders import SentenceCoder

    with Store({db!r}) as store:
        ingest_paths([{corpus!r}], store, {coder}, batch_size=50,
                     on_batch=lambda run: print(run.stats.articles, flush=True))
    print("done", flush=True)
    """
)


def run_until_first_commit(corpus: Path, db: Path, coder: str) -> int:
    """Start an ingest, kill -9 it as soon as it reports a committed batch; returns what it had reported."""
    script = WORKER.format(tests=str(TESTS), db=str(db), corpus=str(corpus), coder=coder)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    first = proc.stdout.readline().strip()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert first.isdigit(), f"the worker ended before its first commit: {first!r}"
    return int(first)


def check_complete(db: Path, articles: int, events: int) -> None:
    with Store(db) as store:
        con = store.con
        assert con.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT content_hash) FROM articles"
                           ).fetchone() == (articles,) * 3  # fmt: skip
        assert con.execute("SELECT count(*), count(DISTINCT id) FROM events").fetchone() == (events, events)
        assert con.execute("SELECT sum(n_events) FROM clusters").fetchone()[0] == events
        assert con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL").fetchone()[0] == 0


def test_kill_9_mid_ingest_loses_nothing_committed_and_resumes(tmp_path: Path) -> None:
    corpus, db = tmp_path / "big.jsonl", tmp_path / "killed.duckdb"
    sentences = write_corpus(corpus, 3000)
    reported = run_until_first_commit(corpus, db, "SentenceCoder(delay=0.003)")
    with Store(db) as store:  # opens cleanly; holds whole batches only
        stored = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert reported <= stored < 3000 and stored % 50 == 0
    with Store(db) as store:
        run = ingest_paths([str(corpus)], store, SentenceCoder(), batch_size=50)
    assert run.known == stored and run.stats.articles == 3000 - stored
    check_complete(db, 3000, sentences)


# --- with the real coder -----------------------------------------------------------------


def _model_installed() -> bool:
    """Only a missing spaCy model skips the tests below; any other failure of the Coder fails them."""
    from importlib.util import find_spec

    from dotterel.nlp import MODEL_PACKAGE

    return find_spec(MODEL_PACKAGE) is not None


needs_coder = pytest.mark.skipif(not _model_installed(), reason="the pinned spaCy model is not installed")

ONE_EVENT = [
    ("Riot police in Kenya fired tear gas at protesters in Nairobi on Tuesday, witnesses said.", "Daily Nation"),
    ("Kenyan police fired tear gas at demonstrators in Nairobi on Tuesday.", "The Star"),
    ("On Tuesday police in Nairobi used tear gas against protesters, Kenya's interior ministry confirmed.", "Citizen"),
]


@needs_coder
def test_real_coder_merges_one_event_told_three_ways(tmp_path: Path) -> None:
    from dotterel.model import Article
    from dotterel.pipeline import Coder

    articles = [Article(id=f"r{i}", text=text, published="2024-06-26", source=source)
                for i, (text, source) in enumerate(ONE_EVENT)]  # fmt: skip
    with Store(tmp_path / "real.duckdb") as store:
        store.ingest(Coder().code_articles(articles))
        rows = store.con.execute(
            "SELECT type, n_reports, n_sources FROM clusters WHERE n_reports > 1 ORDER BY n_reports DESC"
        ).fetchall()
    assert rows and rows[0][1] >= 2 and rows[0][2] >= 2


@needs_coder
def test_real_coder_kill_9_and_resume(tmp_path: Path) -> None:
    from dotterel.pipeline import Coder

    corpus, db = tmp_path / "real.jsonl", tmp_path / "real-killed.duckdb"
    write_corpus(corpus, 150)
    run_until_first_commit(corpus, db, "__import__('dotterel.pipeline').pipeline.Coder()")
    with Store(db) as store:
        ingest_paths([str(corpus)], store, Coder(), batch_size=50)
        events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
    check_complete(db, 150, events)


# --- the demo ----------------------------------------------------------------------------


def test_demo_replaces_an_old_database_and_summarises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dotterel.pipeline
    from dotterel.demo import run_demo
    from dotterel.events.codebook import load_types

    monkeypatch.setattr(dotterel.pipeline, "Coder", SentenceCoder)
    db = tmp_path / "demo.duckdb"
    db.write_text("an old file that is not a database")
    out = io.StringIO()
    assert run_demo(str(db), out) == 0
    text = out.getvalue()
    assert all(f"  {name} " in text for name in load_types()[0])
    n = len(list((ROOT / "dotterel" / "data" / "demo").glob("*.txt")))
    assert f"Articles: {n}\n" in text and f"dotterel events --db {db} --type PROTEST" in text
    assert run_demo(str(db), io.StringIO()) == 0  # a second run starts afresh
    assert duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM articles").fetchone() == (n,)


@needs_coder
def test_demo_with_the_real_coder(tmp_path: Path) -> None:
    from dotterel.demo import run_demo

    out = io.StringIO()
    assert run_demo(str(tmp_path / "demo.duckdb"), out) == 0
    assert "Events reported by more than one article" in out.getvalue()
