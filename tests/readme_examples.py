"""The example outputs of the README and the docs, produced by running the commands (in the manner of cog).

Each `$ .venv/bin/dotterel events|sql ... --db demo.duckdb` line in the README or a
page of docs/ is followed by the output it prints on a 160-column terminal, on the database
`make demo` builds. Each `$ curl -s 'http://127.0.0.1:8000/api/...' | python3 -m json.tool`
line is followed by the answer of `dotterel serve --db demo.duckdb` to that GET, as
json.tool prints it; the request goes through the real app over HTTP (FastAPI's test client).
tests/test_readme.py and tests/test_docs.py fail when a page no longer shows what the
commands print; after a change that moves the figures, refresh every page with

    .venv/bin/python tests/readme_examples.py
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import sys
import tempfile
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# The docs pages with checked examples (measurements.md shows runs on data outside the project).
DOCS = (ROOT / "docs" / "database.md", ROOT / "docs" / "serve.md")
DEMO_DB = "demo.duckdb"
WIDTH = "160"  # the terminal the README's tables are printed for
COMMAND = re.compile(r"^\$ \.venv/bin/dotterel ((?:events|sql) .*--db demo\.duckdb.*)$")
# A read-only API call, pretty-printed; the server runs on demo.duckdb.
REQUEST = re.compile(r"^\$ (curl -s 'http://127\.0\.0\.1:8000(/api/[^' ]*)' \| python3 -m json\.tool)$")


@dataclass
class Example:
    command: str  # after `.venv/bin/dotterel `, or the whole `curl ...` line
    first: int  # index of the first output line in the page's lines
    end: int  # index after the last output line
    shown: list[str]
    path: str | None = None  # the API path of a `curl` example


def examples(lines: list[str]) -> list[Example]:
    """Every checked command in a page and the output lines shown under it."""
    found = []
    for i, line in enumerate(lines):
        command, request = COMMAND.match(line), REQUEST.match(line)
        if not command and not request:
            continue
        end = i + 1
        while end < len(lines) and not lines[end].startswith(("$ ", "```")):
            end += 1
        shown = lines[i + 1 : end]
        if command:
            found.append(Example(command.group(1), i + 1, end, shown))
        else:
            found.append(Example(request.group(1), i + 1, end, shown, path=request.group(2)))
    return found


def page_examples(page: Path) -> list[Example]:
    return examples(page.read_text(encoding="utf-8").splitlines())


def build_demo(db: Path) -> None:
    from dotterel.demo import run_demo

    run_demo(str(db), out=io.StringIO())


def printed(example: Example, db: Path) -> list[str]:
    """What the command prints, on `db` in place of demo.duckdb, on a WIDTH-column terminal."""
    if example.path is not None:
        return answered(example.path, db)
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


def answered(path: str, db: Path) -> list[str]:
    """The server's answer to GET `path` on `db`, as `python3 -m json.tool` prints it."""
    from unittest import mock

    from fastapi.testclient import TestClient

    from dotterel.server.app import create_app
    from dotterel.server.coding import CODING
    from dotterel.server.settings import Settings

    # These requests only read: the coding worker (a spaCy parser) is not started for them.
    with mock.patch.object(CODING, "warm", lambda: None):
        app = create_app(Settings(db=str(db)))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        response = client.get(path)
    return json.dumps(response.json(), indent=4).splitlines()


def update(pages: tuple[Path, ...] = (README, *DOCS)) -> dict[str, int]:
    """Rewrite each example's output in these pages; returns how many changed in each."""
    changed = {}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / DEMO_DB
        build_demo(db)
        for page in pages:
            changed[page.name] = _refresh(page, db)
    return changed


def _refresh(page: Path, db: Path) -> int:
    lines = page.read_text(encoding="utf-8").splitlines()
    changed = 0
    for example in reversed(examples(lines)):
        fresh = printed(example, db)
        if fresh != example.shown:
            lines[example.first : example.end] = fresh
            changed += 1
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    for name, count in update().items():
        print(f"{name}: {count} example outputs refreshed", file=sys.stderr)
