"""`dotterel eval event-location`: does dotterel pick the place where the event happened?

The gold file (Halterman 2019, event_location_dev.jsonl, read at run time from the path
given) marks, in one sentence each, an event verb and the place where *that* event happened,
if the sentence says. Each sentence is parsed on its own; the trigger is the token at the
verb span (so the event is the gold one, scored on a gold span, which the output says);
`PlaceResolver.event_location` chooses among the places `dotterel code` finds in the
sentence (the same pipeline: cleaned text, main country, actor phrases left out).

Scoring: a record whose gold has a non-empty LOCATION span is right when the chosen place
overlaps one of those spans. A record with no LOCATION span, or only zero-length ones (a
quirk of the data, read as "no location in the sentence"), is right when no place is chosen.
`accuracy` is over all records; `accuracy_located` and `accuracy_unlocated` split it, `gold`
repeats the figures on the adjudicated RELABEL records when the file has any, and `by_rule` says how often each
rule chose the location and how often it was right.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from dotterel.eval.scoring import Tally, code_parsed, overlaps_any, to_clean
from dotterel.model import Article, Place
from dotterel.places import Located

GOLD_FILE = "event_location_dev.jsonl"
GOLD_SOURCE = "RELABEL"
SCORED_ON = "the event at the gold verb span, among the places dotterel code finds in the sentence"


@dataclass(frozen=True)
class Record:
    text: str
    verb: tuple[int, int]
    locations: list[tuple[int, int]]  # non-empty gold spans only
    source: str


def read_records(path: str | Path) -> list[Record]:
    """The labelled sentences: a JSON array or one JSON object a line; a folder holds the file."""
    file = Path(path)
    if file.is_dir():
        named = file / GOLD_FILE
        found = sorted(file.glob("*.jsonl")) + sorted(file.glob("*.json"))
        if not named.is_file() and len(found) != 1:
            names = ", ".join(p.name for p in found) or "no .jsonl or .json file"
            raise FileNotFoundError(f"expected {GOLD_FILE} (or one .jsonl file) in {file}; found {names}")
        file = named if named.is_file() else found[0]
    raw = file.read_text(encoding="utf-8")
    items = json.loads(raw) if raw.lstrip().startswith("[") else [json.loads(line) for line in raw.splitlines() if line]
    return [record for item in items if (record := _record(item)) is not None]


def _record(item: dict[str, Any]) -> Record | None:
    spans = item.get("spans") or []
    verbs = [(s["start"], s["end"]) for s in spans if s.get("label") == "VERB"]
    if not verbs:
        return None
    places = [(s["start"], s["end"]) for s in spans if s.get("label") == "LOCATION" and s["end"] > s["start"]]
    return Record(item["text"], verbs[0], places, str(item.get("source") or "").strip())


def _trigger(doc: Doc, verb: tuple[int, int]) -> Token | None:
    span = doc.char_span(verb[0], verb[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _right(record: Record, chosen: Place | None) -> bool:
    if not record.locations:
        return chosen is None
    return chosen is not None and overlaps_any((chosen.start, chosen.end), record.locations)


def located(doc: Doc, places: list[Place], to_doc: Callable[[int, int], tuple[int, int]]) -> list[Located]:
    """The coder's places (offsets in the article as read) with their tokens in the parse it coded."""
    out = []
    for place in places:
        span = doc.char_span(*to_doc(place.start, place.end), alignment_mode="expand")
        if span is not None and len(span):
            out.append((range(span.start, span.end), place))
    return out


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    from dotterel.pipeline import Coder

    records = read_records(path)[:limit]
    coder = Coder()
    tally = Tally()
    articles = (Article(id=f"loc-{n}", text=r.text) for n, r in enumerate(records))
    for (doc, cleaned, coded), record in zip(code_parsed(coder, articles), records, strict=True):
        to_doc = to_clean(cleaned)
        trigger = _trigger(doc, to_doc(*record.verb))
        places = located(doc, coded.places, to_doc)
        chosen = coder.places.event_location(trigger, places) if trigger is not None else None
        split = "located" if record.locations else "unlocated"
        keys = ["all", split, f"rule:{chosen.rule if chosen else 'none'}"]
        keys += [f"gold:{k}" for k in ("all", split)] if record.source == GOLD_SOURCE else []
        tally.add(keys, _right(record, chosen))
    rules = sorted(k for k in tally.total if k.startswith("rule:"))
    result: dict[str, Any] = {
        "accuracy": tally.share("all", 0.0),
        "accuracy_located": tally.share("located", 0.0),
        "accuracy_unlocated": tally.share("unlocated", 0.0),
        "n": tally.total["all"],
        "by_rule": {k[5:]: {"chosen": tally.total[k], "right": tally.share(k, 0.0)} for k in rules},
        "scored_on": SCORED_ON,
    }
    if tally.total["gold:all"]:  # the dev file holds no RELABEL records; a full release does
        result["gold"] = {k: tally.share(f"gold:{k}", 0.0) for k in ("all", "located", "unlocated")}
        result["gold"]["n"] = tally.total["gold:all"]
    return result
