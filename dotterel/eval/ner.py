"""`dotterel eval ner`: named-entity spans and kinds on CrossNER (politics), against spaCy's own.

CrossNER's labels are mapped to dotterel's kinds; its other labels (election, event, misc)
are not scored, and a prediction that lands on one of them counts for neither side:

    politician, person                -> person
    organisation, politicalparty      -> org
    country, location                 -> place   (dotterel's countries and places)

dotterel's prediction for a sentence is its entity list (person, org, country; groups
such as "Italian" are peoples, unscored) plus the places the mentions stage found (known
cities and capitals, and spaCy GPE/LOC names no list knows). spaCy's baseline is the same
parse's `doc.ents` mapped the same way (PERSON -> person, ORG -> org, GPE/LOC -> place).
Spans match exactly after dropping a leading "the" on either side.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from dotterel.eval.scoring import Tally, prf

GOLD_KINDS = {
    "politician": "person",
    "person": "person",
    "organisation": "org",
    "politicalparty": "org",
    "country": "place",
    "location": "place",
}
SPACY_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}
DOTTEREL_KINDS = {"person": "person", "org": "org", "country": "place"}
PLACE_MENTIONS = {"country", "capital", "city", "place", "metonym"}
KINDS = ("person", "org", "place")

Spans = set[tuple[int, int, str]]


def read_conll(path: str | Path) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences as (tokens, BIO tags)."""
    tokens: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                yield tokens, tags
            tokens, tags = [], []
            continue
        word, _, tag = line.partition("\t")
        tokens.append(word)
        tags.append(tag.strip() or "O")
    if tokens:
        yield tokens, tags


def _gold_spans(tokens: list[str], tags: list[str]) -> tuple[str, Spans, set[tuple[int, int]]]:
    """The sentence's text, its scored gold spans (character offsets) and its unscored ones."""
    starts, offset = [], 0
    for word in tokens:
        starts.append(offset)
        offset += len(word) + 1
    text = " ".join(tokens)
    spans: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][1] != starts[i] - 1)):
            spans.append((starts[i], starts[i] + len(tokens[i]), tag[2:]))
        elif tag.startswith("I-"):
            spans[-1] = (spans[-1][0], starts[i] + len(tokens[i]), spans[-1][2])
    scored = {(*_strip_the(text, s, e), GOLD_KINDS[label]) for s, e, label in spans if label in GOLD_KINDS}
    unscored = {_strip_the(text, s, e) for s, e, label in spans if label not in GOLD_KINDS}
    return text, scored, unscored


def _strip_the(text: str, start: int, end: int) -> tuple[int, int]:
    if text[start:end].lower().startswith("the "):
        start += 4
    return start, end


def spacy_spans(doc: Doc) -> Spans:
    return {
        (*_strip_the(doc.text, e.start_char, e.end_char), SPACY_KINDS[e.label_])
        for e in doc.ents
        if e.label_ in SPACY_KINDS
    }


def dotterel_spans(doc: Doc) -> Spans:
    """The entities and place names the pipeline's mentions, coreference and actors stages left on `doc`."""
    index = doc._.mentions
    out: Spans = set()
    for entity in doc._.entities:
        kind = DOTTEREL_KINDS.get(entity.kind)
        out |= {(*_strip_the(doc.text, m.start, m.end), kind) for m in entity.mentions if kind}
    for mention in index.all_names():
        if mention.named.kind in PLACE_MENTIONS:
            span = doc[mention.start : mention.end]
            out.add((*_strip_the(doc.text, span.start_char, span.end_char), "place"))
    return out


def add_kinds(tally: Tally, gold: Spans, predicted: Spans, unscored: set[tuple[int, int]]) -> None:
    """Exact matches per kind: a gold span found, a predicted span right; spans the gold leaves unscored are dropped."""
    predicted = {p for p in predicted if p[:2] not in unscored}
    for kind in KINDS:
        g = {s for s in gold if s[2] == kind}
        p = {s for s in predicted if s[2] == kind}
        tally.count(f"{kind}:gold", len(g), len(g & p))
        tally.count(f"{kind}:predicted", len(p), len(g & p))


def _prf(tally: Tally, kinds: tuple[str, ...]) -> dict[str, float]:
    tp = sum(tally.right[f"{k}:predicted"] for k in kinds)
    fp = sum(tally.missed(f"{k}:predicted") for k in kinds)
    fn = sum(tally.missed(f"{k}:gold") for k in kinds)
    return prf(tp, fp, fn)


def scores(tally: Tally) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    per_kind = {k: {**_prf(tally, (k,)), "n": tally.total[f"{k}:gold"]} for k in KINDS}
    return _prf(tally, KINDS), per_kind


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    """P/R/F1 per kind for dotterel's entities and for spaCy's NER on the same parse."""
    from dotterel.pipeline import Coder

    path = Path(path)
    if path.is_dir():
        path = path / "dev.txt"
    sentences = [_gold_spans(tokens, tags) for tokens, tags in list(read_conll(path))[:limit]]
    coder = Coder()
    ours, theirs = Tally(), Tally()
    for doc, (_, gold, unscored) in zip(
        coder.nlp.pipe((text for text, _, _ in sentences), batch_size=64), sentences, strict=True
    ):
        add_kinds(ours, gold, dotterel_spans(doc), unscored)
        add_kinds(theirs, gold, spacy_spans(doc), unscored)
    overall, per_kind = scores(ours)
    spacy_overall, spacy_per_kind = scores(theirs)
    return {
        "n": len(sentences),
        "precision": overall["precision"],
        "recall": overall["recall"],
        "f1": overall["f1"],
        "spacy_precision": spacy_overall["precision"],
        "spacy_recall": spacy_overall["recall"],
        "spacy_f1": spacy_overall["f1"],
        "per_kind": {k: {"dotterel": per_kind[k], "spacy": spacy_per_kind[k]} for k in KINDS},
    }
