"""The data files read as the words they show: YAML turns a bare on, off, yes or no into
true or false, and a word list holding one silently loses the word."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "dotterel" / "data"
FILES = sorted(p for p in DATA.rglob("*.yaml"))


def _booleans_in_lists(node: Any, where: str) -> list[str]:
    if isinstance(node, dict):
        return [hit for key, value in node.items() for hit in _booleans_in_lists(value, f"{where}.{key}")]
    if isinstance(node, list):
        if any(isinstance(item, str) for item in node):
            return [f"{where}[{i}]" for i, item in enumerate(node) if isinstance(item, bool)]
        return [hit for i, item in enumerate(node) for hit in _booleans_in_lists(item, f"{where}[{i}]")]
    return []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_word_list_holds_a_yaml_boolean(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _booleans_in_lists(data, path.name) == [], "quote on/off/yes/no in word lists"
