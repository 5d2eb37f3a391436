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
import sys
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from dotterel import dates as when
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


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def evaluate_timex(path: str | Path, *, limit: int | None = None, errors: list | None = None) -> dict[str, float]:
    """Precision, recall and F1 of DATE/TIME recognition and value accuracy on DATEs.

    ERRORS, when given, collects (document, gold text, gold value, our value, reason) for
    each matched DATE resolved wrongly, for reading.
    """
    files = ([Path(path)] if Path(path).is_file() else sorted(Path(path).rglob("*.tml")))[:limit]
    nlp = load()
    n_gold = n_pred = gold_found = pred_right = dates = dates_right = 0
    for file in files:
        gold_doc = read_timeml(file)
        gold = [g for g in gold_doc.timexes if g.type in SCORED_TYPES]
        predicted = predict(gold_doc.text, gold_doc.created, nlp)
        n_gold += len(gold)
        n_pred += len(predicted)
        pred_right += sum(any(_overlaps(p.start, p.end, g.start, g.end) for g in gold) for p in predicted)
        for g in gold:
            match = next((p for p in predicted if _overlaps(p.start, p.end, g.start, g.end)), None)
            if match is None:
                continue
            gold_found += 1
            if g.type == "DATE":
                dates += 1
                right = match.resolution.timex_value == g.value
                dates_right += right
                if not right and errors is not None:
                    errors.append(
                        (file.name, g.text, g.value, match.text, match.resolution.timex_value, match.resolution.reason)
                    )
    precision = pred_right / n_pred if n_pred else 0.0
    recall = gold_found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "value_acc": round(dates_right / dates, 4) if dates else 0.0,
        "n_gold": n_gold,
        "n_pred": n_pred,
    }


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m dotterel.eval.timex PATH_TO_TEMPEVAL3_TBAQ [LIMIT]")
    print(evaluate_timex(sys.argv[1], limit=int(sys.argv[2]) if len(sys.argv) > 2 else None))
