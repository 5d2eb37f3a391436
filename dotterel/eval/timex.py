"""Measure the "when" stage against TimeML gold: TempEval-3 TBAQ (TimeBank + AQUAINT).

Recognition is scored on DATE and TIME expressions by overlapping spans; normalisation
(value accuracy) on the matched gold DATE expressions, each resolved against its
document's creation time as the publication date, as dotterel resolves news.

    python -m dotterel.eval.timex /path/to/tempeval3_tbaq [limit]
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from dotterel import dates as when
from dotterel.eval.scoring import Tally, overlaps, overlaps_any
from dotterel.nlp import load

SCORED_TYPES = ("DATE", "TIME")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class TimemlDoc:
    name: str
    text: str
    created: dt.date
    timexes: list[GoldTimex]


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_timeml(path: Path) -> TimemlDoc:
    """The TEXT of a .tml file without its tags, its creation date and its TIMEX3s."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'<DCT>.*?value="(\d{4}-\d{2}-\d{2})', raw, re.S)
    if dct is None:
        raise ValueError(f"{path}: no creation time (DCT) found")
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    text, timexes = _strip_tags(body)
    return TimemlDoc(path.name, text, dt.date.fromisoformat(dct[1]), timexes)


def _strip_tags(body: str) -> tuple[str, list[GoldTimex]]:
    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes = []
    position = 0
    for m in _TAG.finditer(body):
        piece = html.unescape(body[position : m.start()])
        parts.append(piece)
        length += len(piece)
        position = m.end()
        if m[2] != "TIMEX3":
            continue
        if not m[1]:
            open_timex = (length, dict(_ATTR.findall(m[3])))
        elif open_timex is not None:
            start, attrs = open_timex
            surface = "".join(parts)[start:length]
            timexes.append(GoldTimex(start, length, attrs["type"], attrs.get("value", ""), surface))
            open_timex = None
    parts.append(html.unescape(body[position:]))
    return "".join(parts), timexes


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    text: str
    resolution: when.Resolution


def predict(doc_text: str, created: dt.date, nlp: Language) -> list[Predicted]:
    """Our DATE and TIME expressions: found, resolved, and kept when they are dates or
    times (not durations or recurring sets, which TIMEX3 types apart)."""
    doc = nlp(doc_text)
    found = []
    anchor = None
    for start, end, _label in when.find_dates(doc):
        span = doc[start:end]
        resolution = when.resolve(span.text, created, when.tense_at(span), anchor)
        if resolution.kind in ("date", "time"):
            found.append(Predicted(span.start_char, span.end_char, span.text, resolution))
        if resolution.value is not None and resolution.kind == "date":
            anchor = resolution
    return found


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, float]:
    """Precision, recall and F1 of DATE/TIME recognition and value accuracy on DATEs."""
    files = ([Path(path)] if Path(path).is_file() else sorted(Path(path).rglob("*.tml")))[:limit]
    nlp = load()
    tally = Tally()
    for file in files:
        gold_doc = read_timeml(file)
        gold = [g for g in gold_doc.timexes if g.type in SCORED_TYPES]
        _add_document(tally, gold, predict(gold_doc.text, gold_doc.created, nlp))
    return {
        **tally.sides("predicted", "gold"),
        "value_acc": tally.share("date", 0.0),
        "n_gold": tally.total["gold"],
        "n_pred": tally.total["predicted"],
    }


def _add_document(tally: Tally, gold: list[GoldTimex], predicted: list[Predicted]) -> None:
    """Recognition by any overlap, from both sides; the value of each DATE found."""
    tally.count("predicted", len(predicted), sum(overlaps_any((p.start, p.end), _spans(gold)) for p in predicted))
    for g in gold:
        match = next((p for p in predicted if overlaps((p.start, p.end), (g.start, g.end))), None)
        tally.add("gold", match is not None)
        if match is not None and g.type == "DATE":
            tally.add("date", match.resolution.timex_value == g.value)


def _spans(items: list[GoldTimex]) -> list[tuple[int, int]]:
    return [(g.start, g.end) for g in items]
