"""The package's imports follow DESIGN.md's flow: no import circles, and no stage reaching back.

Every `import` in dotterel/**/*.py is read with ast, late imports inside functions included
(they hide circles rather than remove them). Each module belongs to a layer; a module may
import its own layer and the layers below it, never one above.

The layers follow DESIGN.md's flow (read -> clean -> parse -> mentions -> coreference ->
actors -> dates -> who says so -> events -> places -> records), adjusted to the code:

- the base (errors, data files, the typed records of model.py) is below everything;
- the text and parse helpers (io, clean, nlp, the syntax questions of syntax.py, the speech
  vocabulary of speech.py and quotation marks) sit below the stages, as every stage reads them;
- the actor lexicon (actors/lexicon.py) sits below mentions, which match its names; the rest
  of actors/ codes phrases after coreference;
- casualties and areas read events and places, so they share the places layer;
- store, export and the Ray job sit above the pipeline, and the front ends (cli, server,
  eval, demo, the package's own `dotterel.code`) above everything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dotterel

PACKAGE = Path(dotterel.__file__).parent

# Lowest first. A module's layer is that of the longest prefix listed here.
LAYERS: list[tuple[str, ...]] = [
    ("dotterel.errors", "dotterel.data", "dotterel.model", "dotterel.progress"),
    ("dotterel.io", "dotterel.clean", "dotterel.nlp", "dotterel.syntax", "dotterel.speech", "dotterel.quotation_marks"),
    ("dotterel.actors.lexicon",),
    ("dotterel.mentions",),
    ("dotterel.coreference",),
    ("dotterel.actors",),
    ("dotterel.dates",),
    ("dotterel.attribution",),
    ("dotterel.events",),
    ("dotterel.places", "dotterel.casualties", "dotterel.areas"),
    ("dotterel.records",),
    ("dotterel.components", "dotterel.pipeline"),
    ("dotterel.store", "dotterel.export", "dotterel.distributed"),
    ("dotterel.cli", "dotterel.server", "dotterel.eval", "dotterel.demo", "dotterel"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    best, found = -1, None
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), rank
    assert found is not None, f"{module} is in no layer: add it to LAYERS"
    return found


def imports_of(path: Path, module: str) -> set[str]:
    """The dotterel modules a file imports, resolved to the module (not the name) imported.

    `from dotterel import __version__` is left out: the version string is a constant that
    any layer may print, and the package is loaded before any function that reads it runs.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            found |= {_submodule(base, alias.name) for alias in node.names if alias.name != "__version__"}
    return {name for name in found if name == "dotterel" or name.startswith("dotterel.")}


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The module an import names, with a relative import resolved against PACKAGE."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    return ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))


def _submodule(base: str, name: str) -> str:
    """`from dotterel import nlp` imports the module dotterel.nlp; `from dotterel.nlp import
    load` imports dotterel.nlp."""
    candidate = f"{base}.{name}"
    path = PACKAGE.parent / Path(*candidate.split("."))
    return candidate if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file() else base


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        graph[module] = {m for m in imports_of(path, module) if m != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)) is not None:
            return cycle
    return None


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports from a lower layer to a higher one. A package's __init__ importing its own
    modules is not one: it is how a package shows what it holds."""
    found = []
    for module, targets in graph.items():
        for target in targets:
            own_part = target.startswith(module + ".")
            if not own_part and layer_of(target) > layer_of(module):
                found.append(f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})")
    return sorted(found)


def test_the_package_has_no_import_circle() -> None:
    assert find_cycle(import_graph()) is None


def test_no_module_imports_a_later_stage() -> None:
    assert upward_imports(import_graph()) == []


def test_every_module_has_a_layer() -> None:
    for module in import_graph():
        layer_of(module)


def test_the_checks_find_a_circle_and_a_climb() -> None:
    """The checks can fail: a made-up graph with a circle, and a climb from mentions to events."""
    graph = {"dotterel.mentions": {"dotterel.events.build"}, "dotterel.events.build": {"dotterel.mentions"}}
    assert find_cycle(graph) == ["dotterel.events.build", "dotterel.mentions", "dotterel.events.build"]
    assert upward_imports(graph) == ["dotterel.mentions (layer 3) imports dotterel.events.build (layer 8)"]


def test_late_imports_inside_functions_count(tmp_path: Path) -> None:
    """A circle hidden in a function body is still a circle."""
    source = tmp_path / "late.py"
    source.write_text("def f():\n    from dotterel.events import roles\n    return roles\n", encoding="utf-8")
    assert imports_of(source, "dotterel.mentions") == {"dotterel.events.roles"}
