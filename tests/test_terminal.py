"""The terminal: filter values that cannot match, tables that fit, progress only for a person."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from store_builders import actor, coded, event

from dotterel.cli import main
from dotterel.progress import Counter, Heartbeat
from dotterel.store import Store
from dotterel.store.tables import write_table

LONG = "The marchers, who had walked from the university since dawn, " * 5


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "t.duckdb"
    protest = event("a", 0, actors=[actor("Kenyan university students' union", "KEN", "CVL")])
    protest.evidence.text = LONG
    with Store(path) as store:
        store.ingest([coded("a", [protest, event("a", 1, type="AGREE", actors=[actor("Uganda", "UGA", "GOV")])])])
    return str(path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- filter values -----------------------------------------------------------------------


def test_an_unknown_type_lists_the_types(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["events", "--db", db, "--type", "PROTESTS"], capsys)
    assert code == 2 and not out
    assert "did you mean PROTEST?" in err and "AGREE, CONSULT" in err


def test_an_unknown_mode_lists_the_modes_of_its_type(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["series", "--db", db, "--type", "protest", "--mode", "riots"], capsys)
    assert code == 2 and "did you mean riot?" in err and "modes of PROTEST are demo, riot" in err


def test_a_country_name_is_taken_and_its_code_said(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["events", "--db", db, "--actor-country", "Kenya", "--format", "csv"], capsys)
    assert code == 0 and "--actor-country Kenya means KEN" in err
    assert out.count("\n") == 2  # the header and the one Kenyan event
    _, out, err = run(["events", "--db", db, "--actor-country", "ugandan", "--format", "csv"], capsys)
    assert "means UGA" in err and out.count("\n") == 2


def test_a_country_that_names_nothing_says_so(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["events", "--db", db, "--actor-country", "Kenyaa"], capsys)
    assert code == 2 and "neither a country code" in err and "did you mean Kenya?" in err


# --- tables ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 120])
def test_tables_fit_the_terminal(db: str, columns: int, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    _, out, _ = run(["events", "--db", db], capsys)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "…" in out and lines[0].startswith("date")


def test_free_text_gives_way_before_codes() -> None:
    out = io.StringIO()
    write_table(["type", "evidence"], [("PROTEST", LONG)], out, width=30)
    _, row, _ = out.getvalue().splitlines()
    assert row.startswith("PROTEST  ") and row.endswith("…") and len(row) <= 30


# --- progress ----------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_counts_on_a_terminal_and_is_quiet_in_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dotterel.progress.REDRAW_S", 0.0)
    shown, piped = Terminal(), io.StringIO()
    assert list(Counter(shown).counted(range(3))) == [0, 1, 2]
    assert list(Counter(piped).counted(range(3))) == [0, 1, 2]
    assert "3 articles" in shown.getvalue() and piped.getvalue() == ""


def test_eval_shows_a_heartbeat_only_on_a_terminal() -> None:
    import time

    shown, piped = Terminal(), io.StringIO()
    for stream in (shown, piped):
        with Heartbeat("eval timex", stream, every=0.01):
            time.sleep(0.05)
    assert "eval timex: running" in shown.getvalue() and piped.getvalue() == ""


def test_the_api_refuses_a_type_that_cannot_match(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from dotterel.server import api, app
    from dotterel.server.settings import Settings

    monkeypatch.setattr(getattr(app, "CODING", None) or api.CODING, "warm", lambda: None)
    with TestClient(app.create_app(Settings(db=db)), base_url="http://127.0.0.1") as client:
        answer = client.get("/api/events", params={"type": "PROTESTS"})
    assert answer.status_code == 400 and "did you mean PROTEST?" in answer.json()["detail"]


def test_the_code_table_shows_the_toll() -> None:
    from dotterel.export import table_line
    from dotterel.model import Casualties

    attack = event("a", 0, type="ASSAULT", actors=[actor("Rebels", "COD", "REB")])
    assert "[" not in table_line(attack).split(" | ")[2]
    attack.casualties = Casualties(killed=3, injured=12, text="3 killed and 12 injured", start=0, end=23)
    assert table_line(attack).split(" | ")[2] == "ASSAULT [3 killed, 12 injured]"
