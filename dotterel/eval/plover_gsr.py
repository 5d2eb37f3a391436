"""`dotterel eval plover-gsr`: event type and actor accuracy on the PLOVER gold records.

The gold file (`PLOVER_GSR_CAMEO.txt`, one JSON array) codes one event per sentence.
Each sentence is coded on its own; dotterel's *main* event for the sentence (the one
whose trigger is highest in the parse tree, ties to the earlier trigger) is compared
with the gold type. Actor and recipient codes are compared on the sentences whose type
was right, since the actors of a wrongly typed event are not comparable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.eval.scoring import Tally, prf, type_scores
from dotterel.model import Actor, Event

# The gold file predates PLOVER's final 16 types.
LABEL_MAP = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
# Legacy CAMEO country codes left in the gold file, and international codes it lumps as IGO.
CODE_MAP = {"JAP": "JPN", "ITL": "ITA", "UNO": "IGO", "EUR": "IGO"}


@dataclass
class GoldSentence:
    id: str
    text: str
    type: str
    actor_codes: list[str]
    actor_sectors: list[str]
    recipient_codes: list[str]
    recipient_sectors: list[str]


def _codes(actors: Any, field: str) -> list[str]:
    if not isinstance(actors, list):
        return []
    out = []
    for actor in actors:
        value = actor.get(field) if isinstance(actor, dict) else None
        if value and value != "***":
            out.append(CODE_MAP.get(value[:3], value[:3]))
    return out


def load_gold(path: str | Path) -> list[GoldSentence]:
    file = Path(path)
    if file.is_dir():  # the corpus folder: its one gold file
        found = sorted(p for p in file.iterdir() if p.suffix in (".txt", ".json"))
        if len(found) != 1:
            names = ", ".join(p.name for p in found) or "no .txt or .json file"
            raise FileNotFoundError(f"expected one PLOVER GSR file (.txt or .json) in {file}; found {names}")
        file = found[0]
    records = json.loads(file.read_text(encoding="utf-8"))
    gold = []
    for record in records:
        event = record.get("event")
        if event in (None, "DOCUMENT") or not record.get("text"):
            continue
        gold.append(
            GoldSentence(
                id=record["id"],
                text=record["text"],
                type=LABEL_MAP.get(event, event),
                actor_codes=_codes(record.get("source"), "code"),
                actor_sectors=_codes(record.get("source"), "sector"),
                recipient_codes=_codes(record.get("target"), "code"),
                recipient_sectors=_codes(record.get("target"), "sector"),
            )
        )
    return gold


def main_event(events: list[Event]) -> Event | None:
    """The sentence's main event: highest trigger in the tree, then the earliest."""
    if not events:
        return None
    return min(events, key=lambda e: (e.evidence.depth, e.evidence.trigger.start))


def _norm(actors: list[Actor], field: str) -> set[str]:
    values = (getattr(a, field) for a in actors)
    return {CODE_MAP.get(v, v) for v in values if v}


def _agree(roles: Tally, name: str, gold: list[str], predicted: set[str]) -> None:
    """A role agrees when it shares any code with the gold; a role the gold leaves empty is not scored."""
    if gold:
        roles.add(name, bool(set(gold) & predicted))


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    from dotterel.pipeline import Coder

    gold = load_gold(path)[:limit]
    coder = Coder()
    pairs, roles, misses = [], Tally(), []
    for item, record in zip(gold, coder.code_articles(_articles(gold)), strict=True):
        event = main_event(record.events)
        predicted = event.type if event else None
        pairs.append((item.type, predicted))
        if predicted != item.type:
            misses.append({"id": item.id, "gold": item.type, "predicted": predicted})
            continue
        _agree(roles, "actor_country", item.actor_codes, _norm(event.actor, "country"))
        _agree(roles, "actor_sector", item.actor_sectors, _norm(event.actor, "sector"))
        _agree(roles, "recipient_country", item.recipient_codes, _norm(event.recipient, "country"))
        _agree(roles, "recipient_sector", item.recipient_sectors, _norm(event.recipient, "sector"))
    per_type, macro, micro = type_scores(pairs)
    result = {
        "n": len(gold),
        "label_map": LABEL_MAP,
        "macro_f1": macro,
        "micro_f1": micro,
        "per_type": per_type,
        "no_event": sum(1 for _, p in pairs if p is None),
    }
    for name in ("actor_country", "actor_sector", "recipient_country", "recipient_sector"):
        result[f"{name}_acc"] = roles.share(name)
        result[f"{name}_n"] = roles.total[name]
    result["misses"] = misses
    return result


def _articles(gold: list[GoldSentence]):
    from dotterel.model import Article

    for item in gold:
        # The gold dates are placeholders; 2000-01-01 keeps relative dates resolvable.
        yield Article(id=item.id, text=item.text, published="2000-01-01")


__all__ = ["evaluate", "load_gold", "main_event", "prf"]
