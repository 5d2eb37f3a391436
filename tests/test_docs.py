"""The commands the docs show still exist: each `dotterel ...` line in a code block of
docs/*.md parses with the command line's own parser (subcommand, options, values).

The examples that show their output (`dotterel events|sql ... --db demo.duckdb`, and `curl`
to the API, in the README, docs/database.md and docs/serve.md) are run on the demo database
and compared in tests/test_readme.py. The figures in docs/measurements.md come from
minutes-long runs on data outside the project and are not run here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from dotterel.cli import build_parser

DOCS = Path(__file__).resolve().parent.parent / "docs"
COMMAND = re.compile(r"^(?:\$ )?(?:\.venv/bin/)?dotterel (.+)$")


def _commands() -> list[tuple[str, str]]:
    found = []
    for page in sorted(DOCS.glob("*.md")):
        in_block = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                in_block = not in_block
                continue
            match = COMMAND.match(line.strip()) if in_block else None
            if match:
                command = match.group(1).split(" #")[0].strip()
                found.append((page.name, command))
    return found


def test_the_docs_show_commands() -> None:
    assert len(_commands()) >= 10


@pytest.mark.parametrize(("page", "command"), _commands(), ids=[f"{p}:{c[:40]}" for p, c in _commands()])
def test_each_documented_command_parses(page: str, command: str) -> None:
    try:
        build_parser().parse_args(shlex.split(command))
    except SystemExit as exit:  # argparse exits on an unknown subcommand or option
        pytest.fail(f"{page}: `dotterel {command}` no longer parses (exit {exit.code})")
