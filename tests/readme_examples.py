"""The README's example outputs, produced by running the commands (in the manner of cog).

Each `$ .venv/bin/dotterel events|sql ... --db demo.duckdb` line in the README is followed by
the output it prints on a 160-column terminal, on the database `make demo` builds.
tests/test_readme.py fails when the README no longer shows what the commands print; after a
change that moves the figures, refresh the README with

    .venv/bin/python tests/readme_examples.py
"""

from __future__ import annotations

import io
import os
import re
import shlex
import sys
import tempfile
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
DEMO_DB = "demo.duckdb"
WIDTH = "160"  # the terminal the README's tables are printed for
COMMAND = re.compile(r"^\$ \.venv/bin/dotterel ((?:events|sql) .*--db demo\.duckdb.*)$")


@dataclass
class Example:
    command: str  # after `.venv/bin/dotterel `
    first: int  # index of the first output line in the README's lines
    end: int  # index after the last output line
    shown: list[str]


def examples(lines: list[str]) -> list[Example]:
    """Every checked command in the README and the output lines shown under it."""
    found = []
    for i, line in enumerate(lines):
        match = COMMAND.match(line)
        if not match:
            continue
        end = i + 1
        while end < len(lines) and not lines[end].startswith(("$ ", "```")):
            end += 1
        found.append(Example(match.group(1), i + 1, end, lines[i + 1 : end]))
    return found


def build_demo(db: Path) -> None:
    from dotterel.demo import run_demo

    run_demo(str(db), out=io.StringIO())


def printed(example: Example, db: Path) -> list[str]:
    """What the command prints, on `db` in place of demo.duckdb, on a WIDTH-column terminal."""
    from dotterel.cli import main

    argv = [str(db) if arg == DEMO_DB else arg for arg in shlex.split(example.command)]
    out = io.StringIO()
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        with redirect_stdout(out):
            main(argv)
    finally:
        if before is None:
            os.environ.pop("COLUMNS")
        else:
            os.environ["COLUMNS"] = before
    return out.getvalue().splitlines()


def update(readme: Path = README) -> int:
    """Rewrite each example's output in the README; returns how many changed."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    changed = 0
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / DEMO_DB
        build_demo(db)
        for example in reversed(examples(lines)):
            fresh = printed(example, db)
            if fresh != example.shown:
                lines[example.first : example.end] = fresh
                changed += 1
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    print(f"README.md: {update()} example outputs refreshed", file=sys.stderr)
