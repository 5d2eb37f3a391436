"""The codebook entry behind an event, as the analyst wrote it, for the event page.

Every event names the trigger entry (`rule`) that produced it; showing that entry's YAML
next to the evidence lets an analyst see why dotterel coded it so, and where to change it.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from dotterel.events.codebook import load_types


@cache
def _entries() -> dict[str, dict[str, Any]]:
    folder = files("dotterel.data").joinpath("codebook").joinpath("triggers")
    found: dict[str, dict[str, Any]] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
        for entry in data.get("entries") or []:
            if isinstance(entry, dict) and "id" in entry:
                found[str(entry["id"])] = {"type": data.get("type"), "file": item.name, **entry}
    return found


def entry_yaml(rule: str | None) -> str | None:
    """The entry's YAML text, or None for a rule not in the bundled codebook (a user's own)."""
    entry = _entries().get(rule or "")
    return (
        yaml.safe_dump(entry, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
        if entry
        else None
    )


@cache
def _definitions() -> dict[str, str]:
    """Each type's definition, read from types.yaml once, not on every event-page request."""
    types, _ = load_types()
    return {name: t.definition for name, t in types.items()}


@cache
def type_quads() -> dict[str, int]:
    """Each PLOVER type's quad class, so the timeline can add types up by quad."""
    types, _ = load_types()
    return {name: t.quad for name, t in types.items()}


def type_definition(name: str) -> str | None:
    return _definitions().get(name)
