"""The README and the docs show what their commands print: each checked example is run on a fresh demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from readme_examples import DOCS, README, build_demo, examples, page_examples, printed


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("readme") / "demo.duckdb"
    build_demo(db)
    return db


def test_the_readme_has_checked_examples() -> None:
    commands = [e.command.split()[0] for e in examples(README.read_text(encoding="utf-8").splitlines())]
    assert "events" in commands and "sql" in commands


@pytest.mark.parametrize("example", examples(README.read_text(encoding="utf-8").splitlines()), ids=lambda e: e.command)
def test_each_example_prints_what_the_readme_shows(example, demo_db: Path) -> None:
    assert printed(example, demo_db) == example.shown, (
        "README.md no longer shows what this command prints: run `.venv/bin/python tests/readme_examples.py`"
    )


DOC_EXAMPLES = [(page.name, example) for page in DOCS for example in page_examples(page)]


def test_the_docs_have_checked_examples() -> None:
    commands = {(page, example.command.split()[0]) for page, example in DOC_EXAMPLES}
    assert {("database.md", "sql"), ("serve.md", "curl")} <= commands


@pytest.mark.parametrize(("page", "example"), DOC_EXAMPLES, ids=[f"{p}:{e.command[:60]}" for p, e in DOC_EXAMPLES])
def test_each_docs_example_prints_what_its_page_shows(page: str, example, demo_db: Path) -> None:
    assert printed(example, demo_db) == example.shown, (
        f"docs/{page} no longer shows what this command prints: run `.venv/bin/python tests/readme_examples.py`"
    )
