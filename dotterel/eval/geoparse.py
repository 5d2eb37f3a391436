"""`dotterel eval geoparse`: toponym recognition and resolution on LGL and GeoVirus.

Two news geoparsing corpora, read at run time from the folder given (never copied here):
`lgl.xml` (local US papers; gold GeoNames entries) and `GeoVirus.xml` (Wikinews; gold
coordinates). For each corpus:

- recognition: precision, recall and F1 of the places `PlaceResolver.find_places` returns
  against the gold toponym spans, exact character match (`f1`), and any overlap (`f1_overlap`);
- resolution: each gold toponym that has coordinates is resolved in its document context
  (the place found at exactly that span, else the name resolved with the context of the
  document's other toponyms) and counts as right within 161 km (100 miles) of the gold
  point (`acc_161km`, over `n` toponyms). Unresolved names count as wrong.

GeoVirus writes its offsets one character late; the reader finds the name where it is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.eval.scoring import prf
from dotterel.model import Place
from dotterel.nlp import load
from dotterel.places import PlaceResolver
from dotterel.places.gazetteer import distance_km

CORPORA = {"lgl": "lgl.xml", "geovirus": "GeoVirus.xml"}
ACCURACY_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    point: tuple[float, float] | None


@dataclass(frozen=True)
class GoldDoc:
    text: str
    toponyms: list[GoldToponym]


def _point(node: ET.Element) -> tuple[float, float] | None:
    lat, lon = node.findtext("lat"), node.findtext("lon")
    return (float(lat), float(lon)) if lat and lon else None


def read_lgl(path: Path) -> list[GoldDoc]:
    docs = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        toponyms = []
        for node in article.iter("toponym"):
            tag = node.find("gaztag")
            start, end = int(node.findtext("start") or 0), int(node.findtext("end") or 0)
            toponyms.append(GoldToponym(start, end, text[start:end], _point(tag) if tag is not None else None))
        docs.append(GoldDoc(text, toponyms))
    return docs


def read_geovirus(path: Path) -> list[GoldDoc]:
    docs = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        toponyms = []
        for node in article.iter("location"):
            name = node.findtext("name") or ""
            start = _locate(text, name, int(node.findtext("start") or 0))
            if start is not None:
                toponyms.append(GoldToponym(start, start + len(name), name, _point(node)))
        docs.append(GoldDoc(text, toponyms))
    return docs


def _locate(text: str, name: str, start: int) -> int | None:
    """Where a gold name really starts: at its offset, one before, or the nearest occurrence."""
    for guess in (start - 1, start):
        if text[guess : guess + len(name)] == name:
            return guess
    found = [i for i in range(len(text)) if text.startswith(name, i)]
    return min(found, key=lambda i: abs(i - start)) if found else None


READERS = {"lgl": read_lgl, "geovirus": read_geovirus}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    overlap_tp: int = 0
    overlap_fp: int = 0
    overlap_fn: int = 0
    resolved: int = 0
    within: int = 0

    def recognition(self, found: list[Place], gold: list[GoldToponym]) -> None:
        spans, gold_spans = {(p.start, p.end) for p in found}, {(g.start, g.end) for g in gold}
        self.tp += len(spans & gold_spans)
        self.fp += len(spans - gold_spans)
        self.fn += len(gold_spans - spans)
        self.overlap_tp += sum(any(_overlaps(g, s) for s in spans) for g in gold_spans)
        self.overlap_fn += sum(not any(_overlaps(g, s) for s in spans) for g in gold_spans)
        self.overlap_fp += sum(not any(_overlaps(g, s) for g in gold_spans) for s in spans)

    def result(self) -> dict[str, Any]:
        strict = prf(self.tp, self.fp, self.fn)
        loose = prf(self.overlap_tp, self.overlap_fp, self.overlap_fn)
        accuracy = self.within / self.resolved if self.resolved else 0.0
        return {**strict, "f1_overlap": loose["f1"], "acc_161km": round(accuracy, 4), "n": self.resolved}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _resolved(
    gold: GoldToponym, found: dict[tuple[int, int], Place], resolver: PlaceResolver, ctx: Any
) -> Place | None:
    place = found.get((gold.start, gold.end))
    if place is not None and place.lat is not None:
        return place
    return resolver.resolve_in(gold.text, ctx)


def score_corpus(docs: list[GoldDoc], resolver: PlaceResolver) -> dict[str, Any]:
    tally = Tally()
    nlp = load()
    for doc, gold in zip(nlp.pipe(d.text for d in docs), docs, strict=True):
        places = [place for _, place in resolver.find_places(doc, None, set())]
        tally.recognition(places, gold.toponyms)
        ctx = resolver.article_context(doc)
        found = {(p.start, p.end): p for p in places}
        for toponym in gold.toponyms:
            if toponym.point is None:
                continue
            place = _resolved(toponym, found, resolver, ctx)
            tally.resolved += 1
            if place is not None and place.lat is not None and place.lon is not None:
                tally.within += distance_km((place.lat, place.lon), toponym.point) <= ACCURACY_KM
    return tally.result()


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    """Scores per corpus found under `path` (a folder holding lgl.xml and/or GeoVirus.xml)."""
    folder = Path(path)
    corpora = CORPORA
    if folder.is_file():  # one corpus file, named as in the distribution
        corpora = {name: file for name, file in CORPORA.items() if file == folder.name}
        folder = folder.parent
    resolver = PlaceResolver()
    result = {}
    for name, file in corpora.items():
        if (folder / file).is_file():
            docs = READERS[name](folder / file)[:limit]
            result[name] = score_corpus(docs, resolver)
    if not result:
        names = " or ".join(CORPORA.values())
        raise FileNotFoundError(f"expected {names}, or a folder holding them; found {path}")
    return result
