"""`dotterel eval conflibert`: quad class and actor spans on ConfliBERT's CAMEO sentences.

ConfliBERT's `cameo_class/train.tsv` gives each sentence one of five classes and
`cameo_ner/train.txt` marks its source and target actors, so together they test two
things the PLOVER gold file does not: coarse event class on other sentences, and whether
the words dotterel picks as actor and recipient are the ones a coder marked.

The five classes are undocumented upstream; the sentences match the Phoenix "quad class"
of CAMEO codes, which adds a neutral class 0 to the four quads:

    0 neutral: public statements and appeals (CAMEO 01-02), or no event at all
    1 verbal cooperation (CAMEO 03-05)     2 material cooperation (06-08)
    3 verbal conflict (09-13)              4 material conflict (14-20)

A sentence is coded on its own and its *main* event (`plover_gsr.main_event`) decides
its class: no event is class 0, an event whose CAMEO code is in 01 or 02 is class 0,
any other event is its PLOVER `quad`. PLOVER's quads differ from Phoenix's in two
places and we keep PLOVER's: REQUEST (CAMEO 10, demands, but also appeals, which are 02
in Phoenix) is quad 3, and SANCTION (CAMEO 16) is quad 4.

Spans: the NER file is tokenised; its tokens are joined into a sentence (no space before
closing punctuation or clitics) and that sentence is coded. Source (`S`) and reciprocal
(`R`) spans are compared with the main event's actors, target (`T`) spans with its
recipients; a gold span counts as found when a predicted span overlaps it by at least
one character, and a predicted span is right when it overlaps a gold span of its role.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.errors import InputError
from dotterel.eval.plover_gsr import main_event
from dotterel.eval.scoring import Span, Tally, overlaps_any, type_scores
from dotterel.model import Actor, Article, CodedArticle, Event

CLASS_NAMES = {
    "0": "neutral or no event",
    "1": "verbal cooperation",
    "2": "material cooperation",
    "3": "verbal conflict",
    "4": "material conflict",
}
NEUTRAL_CAMEO_ROOTS = ("01", "02")
CLASS_FILE = Path("cameo_class") / "train.tsv"
NER_FILE = Path("cameo_ner") / "train.txt"
# The gold sentences carry no dates; a fixed day keeps relative dates resolvable.
PUBLISHED = "2000-01-01"


@dataclass
class ClassSentence:
    text: str
    label: str


@dataclass
class NerSentence:
    text: str
    sources: list[Span]
    targets: list[Span]


def predicted_class(event: Event | None) -> str:
    """The five-way class of a sentence whose main event is `event` (see module docstring)."""
    if event is None or (event.cameo or "").startswith(NEUTRAL_CAMEO_ROOTS):
        return "0"
    return str(event.quad)


def load_classes(path: Path) -> list[ClassSentence]:
    """`sentence<TAB>label` lines; blank lines are skipped."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep or label.strip() not in CLASS_NAMES:
            raise InputError(f"{path}:{number}: expected 'sentence<TAB>0-4', got {line[:60]!r}")
        out.append(ClassSentence(text.strip(), label.strip()))
    return out


def load_ner(path: Path) -> list[NerSentence]:
    """CoNLL `token tag` lines, one blank line between sentences."""
    sentences, rows = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            if rows:
                sentences.append(_ner_sentence(rows))
            rows = []
            continue
        token, sep, tag = line.strip().rpartition(" ")
        if not sep:
            raise InputError(f"{path}:{number}: expected 'token tag', got {line[:60]!r}")
        rows.append((token, tag))
    if rows:
        sentences.append(_ner_sentence(rows))
    return sentences


def _ner_sentence(rows: list[tuple[str, str]]) -> NerSentence:
    text, offsets = detokenize([token for token, _ in rows])
    spans = _bio_spans([tag for _, tag in rows], offsets)
    return NerSentence(text, sources=spans["S"] + spans["R"], targets=spans["T"])


# Closing punctuation and clitics attach to the token before; the CAMEO text uses three apostrophes.
CLOSING = {",", ".", ";", ":", "!", "?", "%", ")", "]"}
CLITICS = {"'", "'s", "n't", "'re", "'ve", "'ll", "'d", "\u2019s", "\u02bcs"}
NO_SPACE_BEFORE = CLOSING | CLITICS
NO_SPACE_AFTER = {"(", "[", "$"}


def detokenize(tokens: list[str]) -> tuple[str, list[Span]]:
    """The sentence the tokens came from, as near as spacing rules allow, and each token's offsets."""
    text, offsets = "", []
    for i, token in enumerate(tokens):
        glued = i == 0 or token in NO_SPACE_BEFORE or tokens[i - 1] in NO_SPACE_AFTER
        text += "" if glued else " "
        offsets.append((len(text), len(text) + len(token)))
        text += token
    return text, offsets


def _bio_spans(tags: list[str], offsets: list[Span]) -> dict[str, list[Span]]:
    spans: dict[str, list[Span]] = {"S": [], "T": [], "R": []}
    role, start, end = None, 0, 0
    for tag, (tok_start, tok_end) in zip([*tags, "O"], [*offsets, (0, 0)], strict=True):
        prefix, _, label = tag.partition("-")
        if role and (prefix != "I" or label != role):
            spans[role].append((start, end))
            role = None
        if prefix == "B" or (prefix == "I" and role is None and label in spans):
            role, start = label, tok_start
        if role:
            end = tok_end
    return spans


def _actor_spans(actors: list[Actor]) -> list[Span]:
    return [(a.start, a.end) for a in actors if a.start is not None and a.end is not None]


def _add_spans(tally: Tally, role: str, gold: list[Span], predicted: list[Span]) -> None:
    """Gold spans found (any overlap with a prediction), and predicted spans right, for one role."""
    tally.count(f"{role}:gold", len(gold), sum(overlaps_any(span, predicted) for span in gold))
    tally.count(f"{role}:predicted", len(predicted), sum(overlaps_any(span, gold) for span in predicted))


def resolve_paths(path: str | Path) -> tuple[Path | None, Path | None]:
    """The class file and the NER file for PATH: the dataset folder, or either file."""
    path = Path(path)
    if path.is_dir():
        found = tuple(p if p.is_file() else None for p in (path / CLASS_FILE, path / NER_FILE))
        if found == (None, None):
            raise InputError(f"{path} holds neither {CLASS_FILE} nor {NER_FILE}: give the ConfliBERT data folder")
        return found
    if path.is_file():
        return (path, None) if path.suffix == ".tsv" else (None, path)
    raise InputError(f"{path} does not exist: give the ConfliBERT data folder, a cameo_class .tsv or a cameo_ner .txt")


def _code(coder: Any, texts: list[str], prefix: str) -> Iterator[Event | None]:
    articles = (Article(id=f"{prefix}{i}", text=text, published=PUBLISHED) for i, text in enumerate(texts))
    record: CodedArticle
    for record in coder.code_articles(articles):
        yield main_event(record.events)


def score_classes(coder: Any, gold: list[ClassSentence]) -> dict[str, Any]:
    events = list(_code(coder, [g.text for g in gold], "class-"))
    pairs = [(item.label, predicted_class(event)) for item, event in zip(gold, events, strict=True)]
    per_class, macro, _micro = type_scores(pairs)
    for label, scores in per_class.items():
        scores["name"] = CLASS_NAMES[label]
    return {
        "n": len(pairs),
        "quad_accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else None,
        "quad_macro_f1": macro,
        "per_class": per_class,
        "no_event": sum(event is None for event in events),
    }


def score_spans(coder: Any, gold: list[NerSentence]) -> dict[str, Any]:
    spans = Tally()
    for item, event in zip(gold, _code(coder, [g.text for g in gold], "ner-"), strict=True):
        _add_spans(spans, "source", item.sources, _actor_spans(event.actor) if event else [])
        _add_spans(spans, "target", item.targets, _actor_spans(event.recipient) if event else [])
    return {
        "ner_n": len(gold),
        "source_span_recall": spans.share("source:gold"),
        "source_span_precision": spans.share("source:predicted"),
        "target_span_recall": spans.share("target:gold"),
        "target_span_precision": spans.share("target:predicted"),
        "source_spans": spans.total["source:gold"],
        "target_spans": spans.total["target:gold"],
    }


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    from dotterel.pipeline import Coder

    class_file, ner_file = resolve_paths(path)
    coder = Coder()
    result: dict[str, Any] = {"n": 0, "quad_accuracy": None, "quad_macro_f1": None, "per_class": {}}
    if class_file:
        result.update(score_classes(coder, load_classes(class_file)[:limit]))
    result.update({"source_span_recall": None, "target_span_recall": None})
    if ner_file:
        result.update(score_spans(coder, load_ner(ner_file)[:limit]))
    return result


__all__ = ["detokenize", "evaluate", "load_classes", "load_ner", "predicted_class"]
