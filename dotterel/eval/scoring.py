"""What every evaluation command shares: span overlap, one tally of named counts, and P/R/F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from dotterel.clean import CleanText
from dotterel.model import Article, CodedArticle

if TYPE_CHECKING:
    from dotterel.pipeline import Coder

Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    """Two character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def overlaps_any(span: Span, others: Iterable[Span]) -> bool:
    return any(overlaps(span, other) for other in others)


@dataclass
class Tally:
    """Named counts summed over a corpus: how many items were scored under a name, and how many were right.

    One class for every scorer, so that an accuracy, a recall or a precision is always
    the same division, rounded the same way.
    """

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, names: str | Iterable[str], ok: bool) -> None:
        """One item scored under each name."""
        for name in [names] if isinstance(names, str) else names:
            self.total[name] += 1
            self.right[name] += ok

    def count(self, name: str, total: int, right: int) -> None:
        """Many items at once: `total` scored, `right` of them right."""
        self.total[name] += total
        self.right[name] += right

    def missed(self, name: str) -> int:
        return self.total[name] - self.right[name]

    def share(self, name: str, empty: float | None = None) -> float | None:
        """right / total to four places; `empty` when nothing was scored under the name."""
        return round(self.right[name] / self.total[name], 4) if self.total[name] else empty

    def sides(self, predicted: str, gold: str) -> dict[str, float]:
        """Precision from the predicted items right, recall from the gold items found, and their F1:
        for overlap matching, where one prediction may cover two gold items or none."""
        precision = self.right[predicted] / self.total[predicted] if self.total[predicted] else 0.0
        recall = self.right[gold] / self.total[gold] if self.total[gold] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def type_scores(pairs: list[tuple[str, str | None]]) -> tuple[dict[str, dict[str, float]], float, float]:
    """Per-label P/R/F1, macro F1 over the gold labels, and micro F1, from (gold, predicted) pairs.

    A sentence with no prediction is a false negative; a wrong prediction is a false
    positive for the predicted label and a false negative for the gold one.
    """
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, predicted in pairs:
        if predicted == gold:
            tp[gold] += 1
            continue
        fn[gold] += 1
        if predicted is not None:
            fp[predicted] += 1
    labels = sorted({g for g, _ in pairs})
    per_type = {label: {**prf(tp[label], fp[label], fn[label]), "n": tp[label] + fn[label]} for label in labels}
    macro = round(sum(s["f1"] for s in per_type.values()) / len(labels), 4) if labels else 0.0
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))["f1"]
    return per_type, macro, micro


def to_clean(cleaned: CleanText) -> Callable[[int, int], Span]:
    """Original -> cleaned offsets, by inverting the cleaner's segment map: gold spans are
    given in the original text, the parse is of the cleaned one."""

    def convert(start: int, end: int) -> Span:
        def one(offset: int) -> int:
            best = 0
            for clean_start, original_start in cleaned.segments:
                if original_start <= offset:
                    best = clean_start + offset - original_start
            return best

        return one(start), one(end)

    return convert


def code_parsed(coder: Coder, articles: Iterable[Article]) -> Iterator[tuple[Doc, CleanText, CodedArticle]]:
    """Each article coded as `dotterel code` codes it (`Coder.docs`, then `to_record`), with the
    Doc it was coded from: scorers that need tokens read the same Doc the coder saw."""
    from dotterel.pipeline import to_record

    for doc in coder.docs(articles):
        yield doc, doc._.clean, to_record(doc)
