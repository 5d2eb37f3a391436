"""`dotterel eval attribution`: quotes, cues and speakers against PolNeAR.

PolNeAR (Newell, Margolin & Ruths 2018) marks, in US political news, each attribution's
content, cue and source spans in brat standoff files. It is read at run time from the
folder given (the corpus root, whose `dev` split is used, or a split folder with `text/`
and `attributions/`); nothing from it is kept in dotterel. Where an article has several
annotators, the first annotation file in name order is the gold.

Scores:
  content_p/r/f1_overlap  a predicted content span counts if it overlaps a gold one (and
                          a gold one is found if a prediction overlaps it)
  content_f1_exact        the same with both ends equal, quote marks, spaces and end
                          punctuation aside
  cue_acc                 of the gold attributions found, the share whose cue we name
  direct_speaker_acc      of the gold direct quotes found, the share whose speaker is the
                          gold source: its head lies in the source span, or both code to
                          the same named actor (a pronoun through its antecedent)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from dotterel.actors.coding import code_phrase
from dotterel.attribution import Attribution
from dotterel.clean import CleanText, clean
from dotterel.eval.scoring import Tally, overlaps, prf, to_clean
from dotterel.mentions import MentionIndex

Spans = tuple[tuple[int, int], ...]
QUOTE_MARKS = ('"', "\u201c", "\u201d")
EDGE = " \t\n\"\u201c\u201d\u2018\u2019'.,;:"


@dataclass
class GoldAttribution:
    content: Spans
    cue: Spans
    source: Spans
    text: str = ""

    @property
    def direct(self) -> bool:
        """A direct quotation: the content opens with a quote mark (not a partial quote inside a paraphrase)."""
        return self.text.lstrip()[:1] in QUOTE_MARKS


@dataclass
class Predicted:
    content: Spans
    cue: tuple[int, int] | None
    cue_text: str | None
    speaker: tuple[int, int] | None
    speaker_name: str | None
    direct: bool


def split_folder(path: str | Path) -> Path:
    """The folder holding `text/` and `attributions/`: the dev split of a corpus root."""
    root = Path(path)
    if (root / "text").is_dir():
        return root
    if (root / "dev" / "text").is_dir():
        return root / "dev"
    raise FileNotFoundError(f"{root}: no text/ folder, nor dev/text/; give the PolNeAR folder or one of its splits")


def load_gold(folder: Path, limit: int | None = None) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(name, article text, gold attributions) for each article with an annotation file."""
    out = []
    for text_file in sorted((folder / "text").glob("*.txt"))[:limit]:
        annotations = sorted((folder / "attributions").glob(f"{text_file.stem}_*.ann"))
        if not annotations:
            continue
        text = text_file.read_text(encoding="utf-8")
        out.append((text_file.stem, text, parse_ann(annotations[0].read_text(encoding="utf-8"), text)))
    return out


def parse_ann(ann: str, text: str) -> list[GoldAttribution]:
    """Brat lines: `T<n>\\tLabel s e[;s e]\\ttext` spans, `E<n>\\tAttribution:T Content:T Cue:T Source:T`."""
    spans: dict[str, Spans] = {}
    relations = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _label, _, ranges = fields[1].partition(" ")
            spans[fields[0]] = tuple(tuple(int(x) for x in r.split()) for r in ranges.split(";"))  # type: ignore[misc]
        elif line.startswith("E") and len(fields) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in fields[1].split()[1:] if ":" in arg))
    gold = []
    for args in relations:
        content = spans.get(args.get("Content", ""), ())
        if content:
            found = GoldAttribution(content, spans.get(args.get("Cue", ""), ()), spans.get(args.get("Source", ""), ()))
            found.text = " ".join(text[s:e] for s, e in content)
            gold.append(found)
    return gold


def predict(doc: Doc, cleaned: CleanText, index: MentionIndex) -> list[Predicted]:
    """dotterel's attributions (the pipeline's attribution stage), in the article's own offsets."""
    out = []
    for found in doc._.attributions:
        out.append(
            Predicted(
                content=tuple(_widen(cleaned.span_to_original(s, e), found.direct) for s, e in found.segments),
                cue=cleaned.span_to_original(*found.cue_span) if found.cue_span else None,
                cue_text=found.cue_text,
                speaker=cleaned.span_to_original(found.speaker.idx, found.speaker.idx + len(found.speaker))
                if found.speaker is not None
                else None,
                speaker_name=_name(found, index),
                direct=found.direct,
            )
        )
    return out


def _widen(span: tuple[int, int], direct: bool) -> tuple[int, int]:
    """A direct quotation's span with its marks, as PolNeAR marks content."""
    return (span[0] - 1, span[1] + 1) if direct else span


def _name(found: Attribution, index: MentionIndex) -> str | None:
    return code_phrase(found.speaker, index).name if found.speaker is not None else None


def _overlaps(a: Spans, b: Spans) -> bool:
    """Some part of one multi-part span overlaps some part of the other."""
    return any(overlaps(x, y) for x in a for y in b)


def _overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _exact(a: Spans, b: Spans, text: str) -> bool:
    return _trimmed(a, text) == _trimmed(b, text)


def _trimmed(spans: Spans, text: str) -> tuple[int, int]:
    start, end = spans[0][0], spans[-1][1]
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def add_article(
    tally: Tally, text: str, gold: list[GoldAttribution], predicted: list[Predicted], doc: Doc, index: Any
) -> None:
    """Count one article: content spans from both sides, then cue and speaker of each gold attribution found."""
    tally.count(
        "pred_overlap", len(predicted), sum(any(_overlaps(p.content, g.content) for g in gold) for p in predicted)
    )
    tally.count(
        "pred_exact", len(predicted), sum(any(_exact(p.content, g.content, text) for g in gold) for p in predicted)
    )
    for item in gold:
        match = max(predicted, key=lambda p: _overlap(p.content, item.content), default=None)
        found = match is not None and _overlap(match.content, item.content) > 0
        tally.add("gold_overlap", found)
        tally.add("gold_exact", found and any(_exact(p.content, item.content, text) for p in predicted))
        if item.direct:
            tally.add("direct", found and match.direct)
        if not found:
            continue
        tally.add("cue", _cue_right(match, item, text))
        if item.direct and match.direct:
            tally.add("speaker", _speaker_right(match, item, doc, index))


def result(tally: Tally) -> dict[str, Any]:
    overlap = prf(tally.right["pred_overlap"], tally.missed("pred_overlap"), tally.missed("gold_overlap"))
    exact = prf(tally.right["pred_exact"], tally.missed("pred_exact"), tally.missed("gold_exact"))
    return {
        "content_p_overlap": overlap["precision"],
        "content_r_overlap": overlap["recall"],
        "content_f1_overlap": overlap["f1"],
        "content_f1_exact": exact["f1"],
        "cue_acc": tally.share("cue", 0.0),
        "direct_speaker_acc": tally.share("speaker", 0.0),
        "direct_found": f"{tally.right['direct']}/{tally.total['direct']}",
        "n_pred": tally.total["pred_overlap"],
        "n_gold": tally.total["gold_overlap"],
    }


def _cue_right(match: Predicted, item: GoldAttribution, text: str) -> bool:
    if match.cue is not None:
        return _overlaps((match.cue,), item.cue)
    cue_text = " ".join(text[s:e] for s, e in item.cue).lower()
    return match.cue_text is not None and match.cue_text in cue_text


def _speaker_right(match: Predicted, item: GoldAttribution, doc: Doc, index: Any) -> bool:
    if match.speaker is None or not item.source:
        return False
    if _overlaps((match.speaker,), item.source):
        return True
    return match.speaker_name is not None and match.speaker_name == _gold_name(item, doc, index)


def _gold_name(item: GoldAttribution, doc: Doc, index: Any) -> str | None:
    start, end = item.source[0]
    cleaned = doc.user_data.get("dotterel.eval.to_clean")
    span = doc.char_span(*cleaned(start, end), alignment_mode="expand") if cleaned else None
    return code_phrase(span.root, index).name if span is not None and len(span) else None


def _articles(gold: list[tuple[str, str, list[GoldAttribution]]]) -> Iterator[tuple[str, tuple[int, CleanText]]]:
    for n, (_, text, _) in enumerate(gold):
        cleaned = clean(text)
        yield cleaned.text, (n, cleaned)


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    from dotterel.pipeline import Coder

    gold = load_gold(split_folder(path), limit)
    coder = Coder()
    tally = Tally()
    for doc, (n, cleaned) in coder.nlp.pipe(_articles(gold), as_tuples=True, batch_size=16):
        _, text, items = gold[n]
        index = doc._.mentions  # the pipeline's mentions and coreference stages
        doc.user_data["dotterel.eval.to_clean"] = to_clean(cleaned)
        add_article(tally, text, items, predict(doc, cleaned, index), doc, index)
    return {"n_articles": len(gold), **result(tally)}
