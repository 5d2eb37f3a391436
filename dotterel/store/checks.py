"""Filter values checked before a query runs: a value that cannot match says so.

`--type PROTESTS` or `--actor-country Kenya` used to return 0 rows without a word, which
reads as "nothing happened". Event types and modes come from the codebook
(data/codebook/types.yaml); a country may be given by its code or by a name, alias or
demonym from data/countries.yaml, and a name is turned into its code, out loud.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

from dotterel.data import read_shipped
from dotterel.errors import InputError
from dotterel.store.query import EventFilter

COUNTRY_SIDES = ("actor_country", "recipient_country")


@cache
def event_modes() -> dict[str, tuple[str, ...]]:
    """PLOVER event type -> its modes, as the codebook defines them."""
    types: dict[str, Any] = read_shipped("codebook/types.yaml")["types"]
    return {name: tuple(spec.get("modes") or ()) for name, spec in types.items()}


@cache
def country_codes() -> dict[str, str]:
    """Lower-case country name, alias or demonym -> ISO 3166 alpha-3 code."""
    codes: dict[str, str] = {}
    for code, spec in read_shipped("countries.yaml")["countries"].items():
        for name in [spec.get("name"), *(spec.get("aliases") or []), *(spec.get("demonyms") or [])]:
            if isinstance(name, str):
                codes.setdefault(name.strip().lower(), code)
    return codes


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def check_type_and_mode(f: EventFilter) -> None:
    """Raise InputError naming the valid values when --type or --mode names none."""
    modes = event_modes()
    if f.type and f.type.upper() not in modes:
        raise InputError(f"type {f.type!r} is not a PLOVER event type{_suggest(f.type.upper(), list(modes))}; "
                         f"the types are {', '.join(modes)}")  # fmt: skip
    if not f.mode:
        return
    valid = modes[f.type.upper()] if f.type else tuple(sorted({m for ms in modes.values() for m in ms}))
    if f.mode.lower() not in valid:
        of = f" of {f.type.upper()}" if f.type else ""
        listing = ", ".join(valid) if valid else "none: this type has no modes"
        raise InputError(f"mode {f.mode!r} is not a mode{of}{_suggest(f.mode.lower(), list(valid))}; "
                         f"the modes{of} are {listing}")  # fmt: skip


def resolve_countries(f: EventFilter) -> list[str]:
    """Turn country names in the filter into codes; returns a note for each one turned."""
    notes = []
    for side in COUNTRY_SIDES:
        value = getattr(f, side)
        if not value:
            continue
        code = _country_code(value.strip(), side)
        if code != value.strip().upper():
            notes.append(f"--{side.replace('_', '-')} {value} means {code}")
        setattr(f, side, code)
    return notes


def _country_code(value: str, side: str) -> str:
    named = country_codes().get(value.lower())
    if named:
        return named
    if len(value) == 3 and value.isalpha():
        return value.upper()  # a code, ISO or one of the actor codes (IGO, EUR, UNO, ...)
    names = sorted({name.title() for name in country_codes()})
    raise InputError(f"--{side.replace('_', '-')} {value!r} is neither a country code (KEN) nor a country's "
                     f"name{_suggest(value.title(), names)}")  # fmt: skip


def checked(f: EventFilter) -> tuple[EventFilter, list[str]]:
    """The filter with country names turned into codes, and the notes saying so; bad values raise."""
    check_type_and_mode(f)
    notes = resolve_countries(f)
    return f, notes
