"""Each word list once, in dotterel/data/: no Python word set copies or shadows a data file's list.

A word list kept both in code and in a data file drifts: one copy gains a word the other
lacks ("wo" of "won't" among the future auxiliaries) and the stages disagree. The test reads
every module-level constant of the stages with ast and fails when a literal set, tuple or
list of lower-case words and a word list of a data file have a third or more of their
words in common (of all the words the two hold), whether the code copies the list or
contradicts it. A short list of prepositions that happens to share words with a long one
("of", "from", "in" among the words that lead a date) stays below that.

Left out, as they are no vocabulary: spaCy's own labels (dependency relations, tags, entity
labels: `spacy.glossary`), lists inside the codebook's Matcher patterns (triggers/*.yaml and
`patterns` keys), and the front ends (store, server, eval, cli), which read no text.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from spacy.glossary import GLOSSARY

import dotterel

PACKAGE = Path(dotterel.__file__).parent
DATA = PACKAGE / "data"
FRONT_ENDS = ("store", "server", "eval", "io", "cli.py", "export.py", "distributed.py", "demo.py", "progress.py")
WORD = re.compile(r"'?[a-z][a-z' .-]*")
PATTERN_KEYS = ("patterns", "pattern")


def data_word_lists() -> dict[str, set[str]]:
    """Every list of strings in the data files, by file and key: "speech.yaml:cue_verbs"."""
    found: dict[str, set[str]] = {}
    for path in sorted(DATA.rglob("*.yaml")):
        if "triggers" not in path.parts:
            found.update(_lists(yaml.safe_load(path.read_text(encoding="utf-8")), path.name))
    return found


def _lists(node: Any, key: str) -> Iterator[tuple[str, set[str]]]:
    if isinstance(node, dict):
        for name, value in node.items():
            if name not in PATTERN_KEYS:
                yield from _lists(value, f"{key}:{name}")
    elif isinstance(node, list):
        words = {str(w).lower() for w in node if isinstance(w, str | bool)}
        if len(words) >= 2:
            yield key, words
        for value in node:
            if isinstance(value, dict):
                yield from _lists(value, key)


def code_word_sets(path: Path, root: Path = PACKAGE.parent) -> Iterator[tuple[str, set[str]]]:
    """Literal word collections assigned at module level: `NAME = {"a", "b"}`, `frozenset({...})`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            for node in ast.walk(statement.value):
                words = _words(node)
                if words is not None:
                    yield f"{path.relative_to(root)}:{statement.lineno}", words


def _words(node: ast.AST) -> set[str] | None:
    if not isinstance(node, ast.Set | ast.Tuple | ast.List):
        return None
    texts = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if len(texts) < 2 or len(texts) != len(node.elts) or not all(WORD.fullmatch(t) for t in texts):
        return None
    words = {t for t in texts if t not in GLOSSARY}
    return words if len(words) >= 2 else None


def stage_modules() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if not p.relative_to(PACKAGE).parts[0].startswith(FRONT_ENDS)]


def shadowed(code: dict[str, set[str]], data: dict[str, set[str]]) -> list[str]:
    """Code word sets with a third or more of their words and a data list's in common."""
    return [
        f"{where} {sorted(words)} shadows {name} (shared: {sorted(words & listed)})"
        for where, words in code.items()
        for name, listed in data.items()
        if len(words & listed) * 3 >= len(words | listed)
    ]


def test_no_word_set_in_code_shadows_a_data_file() -> None:
    code = {where: words for path in stage_modules() for where, words in code_word_sets(path)}
    assert shadowed(code, data_word_lists()) == []


def test_the_check_finds_a_copy_that_drifted(tmp_path: Path) -> None:
    """The check can fail: a module keeping its own future auxiliaries, one word more than speech.yaml's."""
    module = tmp_path / "tense.py"
    module.write_text('FUTURE = frozenset({"will", "shall", "\'ll", "wo", "would"})\n', encoding="utf-8")
    code = dict(code_word_sets(module, tmp_path))
    found = shadowed(code, data_word_lists())
    assert any("speech.yaml:future_auxiliaries" in line for line in found)


def test_labels_and_short_tuples_are_not_vocabulary(tmp_path: Path) -> None:
    module = tmp_path / "labels.py"
    module.write_text('DEPS = {"nsubj", "dobj", "pobj"}\nONE = ("said",)\n', encoding="utf-8")
    assert dict(code_word_sets(module, tmp_path)) == {}
