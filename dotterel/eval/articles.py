"""`dotterel eval articles`: whole-article accuracy on hand-coded news stories.

Each gold file is one article with every PLOVER event it reports (the `voa_gold` format:
`text`, `published`, `events` with verbatim `evidence`, `quotes`, `boilerplate`). The
article is coded as a user would code it, and:

- a gold event matches a predicted event of the same type whose evidence span overlaps the
  gold evidence (one-to-one, in text order); detection is the same with any type;
- article-level type scores ask only "is type T in this article?";
- on matched events, each field is right when a predicted code is among the gold codes,
  counted where the gold has a value (source and modality: on every matched event);
- a gold quote is found when a predicted quote covers its first words (a direct one first),
  and its speaker is right when the gold speaker's surname is in the predicted speaker's name.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from dotterel.errors import InputError
from dotterel.eval.scoring import Tally, overlaps, prf
from dotterel.model import Article, CodedArticle, Event, Quote

FIELDS = (
    "actor_country",
    "actor_sector",
    "recipient_country",
    "recipient_sector",
    "date",
    "location_country",
    "source",
    "speaker",
    "modality",
)
GOLD_FIELDS = ("actor", "recipient", "date", "location", "source", "modality")


@dataclass
class GoldEvent:
    index: int
    type: str
    start: int
    end: int
    raw: dict[str, Any]


@dataclass
class GoldArticle:
    id: str
    text: str
    published: str | None
    title: str | None
    events: list[GoldEvent]
    quotes: list[tuple[int, int, str | None]]  # start, end of the quote's first words; speaker
    boilerplate: list[tuple[int, int]]


def _span(text: str, snippet: str, after: int = 0) -> tuple[int, int]:
    at = text.find(snippet, after)
    if at < 0:
        at = text.find(snippet)
    return (at, at + len(snippet)) if at >= 0 else (-1, -1)


def load_article(path: Path) -> GoldArticle:
    data = json.loads(path.read_text(encoding="utf-8"))
    text = data["text"]
    events = []
    for i, raw in enumerate(data.get("events", [])):
        start, end = _span(text, raw.get("evidence") or "")
        if start >= 0:
            events.append(GoldEvent(i, raw["type"], start, end, raw))
    events.sort(key=lambda e: e.start)
    quotes = [(*_span(text, q["start"]), q.get("speaker")) for q in data.get("quotes", []) if q.get("start")]
    boiler = [_span(text, line) for line in data.get("boilerplate", []) if line]
    return GoldArticle(
        id=str(data.get("id") or path.stem),
        text=text,
        published=data.get("published"),
        title=data.get("title"),
        events=events,
        quotes=[q for q in quotes if q[0] >= 0],
        boilerplate=[b for b in boiler if b[0] >= 0],
    )


def gold_files(path: str | Path) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{path}: no such file or folder; expected a voa_gold-style folder of <id>.json files")
    files = sorted(p for p in path.glob("*.json"))
    if not files:
        raise InputError(f"{path}: expected <id>.json article files (voa_gold format), found none")
    return files


def _evidence(event: Event) -> tuple[int, int]:
    return event.evidence.start, event.evidence.end


def match_events(gold: list[GoldEvent], predicted: list[Event], typed: bool) -> list[tuple[GoldEvent, Event]]:
    """One-to-one matches in text order: each gold event takes the first free predicted event."""
    free = sorted(predicted, key=lambda e: e.evidence.start)
    pairs = []
    for item in gold:
        for event in free:
            if (not typed or event.type == item.type) and overlaps(_evidence(event), (item.start, item.end)):
                pairs.append((item, event))
                free.remove(event)
                break
    return pairs


# Letters with no decomposition that transliterations write plainly: Turkish dotless i.
UNDOTTED = str.maketrans({"\u0131": "i"})


def _fold(text: str) -> str:
    """Lower case without accents, so 'Łukasz' and 'Lukasz' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().translate(UNDOTTED)


# Transliterations of one name differ by a letter ("Zelensky", "Zelenskyy"): a surname this
# close to a word of the predicted name is the same person.
SPELLING_SIMILARITY = 88


def surname_in(gold_name: str, predicted_name: str | None) -> bool:
    """Whether the gold speaker's surname is in the predicted name (case, accents and one-letter
    transliteration differences aside)."""
    if not predicted_name:
        return False
    words = _fold(gold_name).replace(".", " ").split()
    if not words:
        return False
    surname, predicted = words[-1], _fold(predicted_name)
    if surname in predicted:
        return True
    return len(surname) >= 5 and any(fuzz.ratio(surname, w) >= SPELLING_SIMILARITY for w in predicted.split())


def date_agrees(gold: str, predicted: str | None) -> bool:
    """The predicted value lies within the gold value, compared at the gold's granularity: a day
    within the gold month, and an ISO week ("2025-W11") that overlaps the gold month."""
    if not predicted:
        return False
    if predicted.startswith(gold):
        return True
    if "-W" in predicted and len(gold) == 7:
        try:
            year, week = predicted[:8].split("-W")
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            return False
        return gold in {(monday + dt.timedelta(days=d)).strftime("%Y-%m") for d in range(7)}
    return False


def _codes(actors: list[dict[str, Any]], key: str) -> set[str]:
    return {a[key] for a in actors or [] if a.get(key)}


def _speaker(event: Event) -> str | None:
    return event.source.speaker.name if event.source and event.source.speaker else None


def score_fields(gold: dict[str, Any], event: Event, tally: Tally) -> None:
    for role in ("actor", "recipient"):
        predicted = getattr(event, role)
        for key in ("country", "sector"):
            wanted = _codes(gold.get(role), key)
            if wanted:
                tally.add(f"{role}_{key}", bool(wanted & {getattr(a, key) for a in predicted}))
    date = (gold.get("date") or {}).get("value")
    if date:
        tally.add("date", date_agrees(str(date), event.date.value))
    country = (gold.get("location") or {}).get("country")
    if country:
        tally.add("location_country", bool(event.location and event.location.country == country))
    speaker = (gold.get("source") or {}).get("speaker")
    if speaker:
        ok = surname_in(speaker, _speaker(event))
        tally.add("speaker", ok)
    else:
        ok = _speaker(event) is None
    tally.add("source", ok)
    tally.add("modality", event.modality == gold.get("modality"))


@dataclass
class Totals:
    typed: Counter = field(default_factory=Counter)  # tp / fp / fn over all types
    detect: Counter = field(default_factory=Counter)
    per_type: dict[str, Counter] = field(default_factory=dict)
    doc_type: dict[str, Counter] = field(default_factory=dict)
    fields: Tally = field(default_factory=Tally)
    quotes: Counter = field(default_factory=Counter)
    boilerplate_events: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def count(self, table: dict[str, Counter], label: str, key: str) -> None:
        table.setdefault(label, Counter())[key] += 1


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()


def score_article(gold: GoldArticle, coded: CodedArticle, totals: Totals, keep_errors: bool) -> None:
    predicted = coded.events
    matched = match_events(gold.events, predicted, typed=True)
    detected = match_events(gold.events, predicted, typed=False)
    totals.typed.update(tp=len(matched), fp=len(predicted) - len(matched), fn=len(gold.events) - len(matched))
    totals.detect.update(tp=len(detected), fp=len(predicted) - len(detected), fn=len(gold.events) - len(detected))
    hit_gold = {id(g) for g, _ in matched}
    hit_pred = {id(e) for _, e in matched}
    for item in gold.events:
        totals.count(totals.per_type, item.type, "tp" if id(item) in hit_gold else "fn")
    for event in predicted:
        if id(event) not in hit_pred:
            totals.count(totals.per_type, event.type, "fp")
    for item, event in matched:
        score_fields(item.raw, event, totals.fields)
    _score_doc_types(gold, predicted, totals)
    _score_quotes(gold, coded, totals, keep_errors)
    totals.boilerplate_events += sum(
        any(overlaps((e.evidence.trigger.start, e.evidence.trigger.end), b) for b in gold.boilerplate)
        for e in predicted
    )
    if keep_errors:
        _keep_errors(gold, predicted, hit_gold, hit_pred, matched, totals)


def _score_doc_types(gold: GoldArticle, predicted: list[Event], totals: Totals) -> None:
    wanted, found = {e.type for e in gold.events}, {e.type for e in predicted}
    for label in wanted | found:
        key = "tp" if label in wanted and label in found else ("fn" if label in wanted else "fp")
        totals.count(totals.doc_type, label, key)


def _score_quotes(gold: GoldArticle, coded: CodedArticle, totals: Totals, keep_errors: bool = False) -> None:
    for start, end, speaker in gold.quotes:
        quote = _quote_at(coded, start, end)
        totals.quotes["gold"] += 1
        if quote is None:
            if keep_errors:
                totals.errors.append(_quote_error(gold, "quote_miss", start, end, speaker, None))
            continue
        totals.quotes["found"] += 1
        if speaker:
            said_by = quote.speaker.name if quote.speaker else None
            right = surname_in(speaker, said_by)
            totals.quotes["with_speaker"] += 1
            totals.quotes["speaker_right"] += right
            if keep_errors and not right:
                totals.errors.append(_quote_error(gold, "quote_speaker", start, end, speaker, said_by))


def _quote_at(coded: CodedArticle, start: int, end: int) -> Quote | None:
    """The predicted quotation over a gold one's first words: a direct one where there is one,
    since gold quotations are direct; a partial quotation inside reported speech ("said that
    he was 'ready'") is also covered by the indirect content around it."""
    covering = [q for q in coded.quotes if overlaps((q.start, q.end), (start, end))]
    return next((q for q in covering if q.direct), covering[0] if covering else None)


def _quote_error(
    gold: GoldArticle, kind: str, start: int, end: int, speaker: str | None, predicted: str | None
) -> dict[str, Any]:
    """A gold quotation not found, or found with the wrong speaker, with the sentence it opens."""
    error = {"article": gold.id, "kind": kind, "quote": gold.text[start:end], "gold": speaker}
    if kind == "quote_speaker":
        error["predicted"] = predicted
    error["sentence"] = _sentence(gold.text, start, end)
    return error


def _keep_errors(gold, predicted, hit_gold, hit_pred, matched, totals: Totals) -> None:
    for item in gold.events:
        if id(item) not in hit_gold:
            totals.errors.append(
                {
                    "article": gold.id,
                    "kind": "miss",
                    "gold": item.type,
                    "evidence": item.raw.get("evidence"),
                    "sentence": _sentence(gold.text, item.start, item.end),
                }
            )
    for event in predicted:
        if id(event) not in hit_pred:
            totals.errors.append(
                {
                    "article": gold.id,
                    "kind": "false_alarm",
                    "predicted": event.type,
                    "trigger": event.evidence.trigger.text,
                    "rule": event.evidence.rule,
                    "sentence": event.evidence.text,
                }
            )
    for item, event in matched:
        wrong = Tally()
        score_fields(item.raw, event, wrong)
        bad = [name for name in wrong.total if not wrong.right[name]]
        if bad:
            totals.errors.append(
                {
                    "article": gold.id,
                    "kind": "field",
                    "type": item.type,
                    "fields": bad,
                    "evidence": item.raw.get("evidence"),
                    "gold": {k: item.raw.get(k) for k in GOLD_FIELDS},
                    "predicted": {
                        "actor": [a.to_dict() for a in event.actor],
                        "recipient": [a.to_dict() for a in event.recipient],
                        "date": event.date.value,
                        "location": event.location.country if event.location else None,
                        "speaker": _speaker(event),
                        "modality": event.modality,
                    },
                }
            )


def _articles(items: list[GoldArticle]) -> Iterator[Article]:
    for item in items:
        yield Article(id=item.id, text=item.text, title=item.title, published=item.published)


def _table(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    return {label: {**prf(c["tp"], c["fp"], c["fn"]), "n": c["tp"] + c["fn"]} for label, c in sorted(counts.items())}


def evaluate(path: str | Path, limit: int | None = None, errors: bool = False) -> dict[str, Any]:
    from dotterel.pipeline import Coder

    items = [load_article(p) for p in gold_files(path)][:limit]
    totals = Totals()
    for item, coded in zip(items, Coder().code_articles(_articles(items)), strict=True):
        score_article(item, coded, totals, keep_errors=errors)
    return _result(items, totals, errors)


def _result(items: list[GoldArticle], totals: Totals, errors: bool) -> dict[str, Any]:
    typed = prf(totals.typed["tp"], totals.typed["fp"], totals.typed["fn"])
    detect = prf(totals.detect["tp"], totals.detect["fp"], totals.detect["fn"])
    doc_types = _table(totals.doc_type)
    quotes = totals.quotes
    result: dict[str, Any] = {
        "articles": len(items),
        "gold_events": sum(len(i.events) for i in items),
        "event_f1": typed["f1"],
        "event_precision": typed["precision"],
        "event_recall": typed["recall"],
        "detect_f1": detect["f1"],
        "detect_precision": detect["precision"],
        "detect_recall": detect["recall"],
        "doc_type_macro_f1": round(sum(s["f1"] for s in doc_types.values()) / len(doc_types), 4) if doc_types else 0.0,
    }
    for name in FIELDS:
        result[name] = totals.fields.share(name)
        result[f"{name}_n"] = totals.fields.total[name]
    result["quotes_found"] = round(quotes["found"] / quotes["gold"], 4) if quotes["gold"] else None
    with_speaker = quotes["with_speaker"]
    result["quote_speaker"] = round(quotes["speaker_right"] / with_speaker, 4) if with_speaker else None
    result["quotes_n"] = quotes["gold"]
    result["boilerplate_events"] = totals.boilerplate_events
    result["per_type"] = _table(totals.per_type)
    result["doc_type"] = doc_types
    if errors:
        result["errors"] = totals.errors
    return result
