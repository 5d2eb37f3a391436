"""`dotterel eval`: accuracy against gold data, as a readable report or one JSON object."""

from __future__ import annotations

import importlib
import json
import sys
from typing import IO, Any

from dotterel.progress import Heartbeat


def _report(result: dict[str, Any], out: IO[str]) -> None:
    for key, value in result.items():
        if key in ("per_type", "per_class", "doc_type"):
            out.write(f"{key.replace('_', ' ')}:               precision  recall   f1      n\n")
            for label, s in value.items():
                out.write(f"  {label:<22} {s['precision']:.3f}      {s['recall']:.3f}    {s['f1']:.3f}  {s['n']}\n")
        elif key == "errors":
            _report_errors(value, out)
        elif key != "misses":
            out.write(f"{key}: {value}\n")


def _report_errors(errors: list[dict[str, Any]], out: IO[str]) -> None:
    """One line per miss, false alarm or wrong field, so that error classes can be counted."""
    out.write(f"errors ({len(errors)}):\n")
    for error in errors:
        details = {k: v for k, v in error.items() if k not in ("article", "kind")}
        out.write(f"  {error['article']} {error['kind']}: {json.dumps(details, ensure_ascii=False)}\n")


def run_eval(module: str, path: str, as_json: bool, limit: int | None, out: IO[str], errors: bool = False) -> int:
    """Score dotterel with `module.evaluate(path, limit=...)` and print the figures.

    `errors` asks the scorers that can list their misses and false alarms to do so.
    """
    evaluate = importlib.import_module(module).evaluate
    # Some gold sets take minutes: a person at a terminal sees the time pass (stderr only).
    with Heartbeat(f"eval {module.rsplit('.', 1)[-1]}", sys.stderr):
        result = evaluate(path, limit=limit, errors=True) if errors else evaluate(path, limit=limit)
    if as_json:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        _report(result, out)
    return 0
