"""`dotterel eval geoparse`: toponym recognition and resolution on LGL and GeoVirus.

Two news geoparsing corpora, read at run time from the folder given (never copied here):
`lgl.xml` (local US papers; gold GeoNames entries) and `GeoVirus.xml` (Wikinews; gold
coordinates). For each corpus:

- recognition: precision, recall and F1 of the places `dotterel code` finds in the article
  (the same pipeline: cleaned text, main country, actor phrases left out) against the gold
  toponym spans, exact character match (`f1`), and any overlap (`f1_overlap`);
- resolution: each gold toponym that has coordinates is resolved in its document context
  (the place found at exactly that span, else the name resolved with the context of the
  document's other toponyms) and counts as right within 161 km (100 miles) of the gold
  point (`acc_161km`, over `n` toponyms). Unresolved names count as wrong. Resolution is
  scored on gold spans: `resolved_from_gold_span` says how many toponyms the pipeline did not
  find at their span, and `acc_161km_pipeline_places` the accuracy on the others.

GeoVirus writes its offsets one character late; the reader finds the name where it is.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dotterel.eval.scoring import Tally, code_parsed, overlaps_any, prf
from dotterel.model import Article, Place
from dotterel.places import PlaceResolver
from dotterel.places.gazetteer import distance_km

if TYPE_CHECKING:
    from dotterel.pipeline import Coder

CORPORA = {"lgl": "lgl.xml", "geovirus": "GeoVirus.xml"}
SCORED_ON = (
    "recognition: the places dotterel code finds; resolution: every gold toponym with coordinates, "
    "by the found place at its span, else by its gold span resolved in the article's context "
    "(resolved_from_gold_span)"
)
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


def add_recognition(tally: Tally, found: list[Place], gold: list[GoldToponym]) -> None:
    """Found places against gold spans: exactly (`exact:`), and by any overlap (`overlap:`)."""
    spans, gold_spans = {(p.start, p.end) for p in found}, {(g.start, g.end) for g in gold}
    tally.count("exact:gold", len(gold_spans), len(spans & gold_spans))
    tally.count("exact:found", len(spans), len(spans & gold_spans))
    tally.count("overlap:gold", len(gold_spans), sum(overlaps_any(g, spans) for g in gold_spans))
    tally.count("overlap:found", len(spans), sum(overlaps_any(s, gold_spans) for s in spans))


def result(tally: Tally) -> dict[str, Any]:
    strict = prf(tally.right["exact:found"], tally.missed("exact:found"), tally.missed("exact:gold"))
    loose = prf(tally.right["overlap:gold"], tally.missed("overlap:found"), tally.missed("overlap:gold"))
    return {
        **strict,
        "f1_overlap": loose["f1"],
        "acc_161km": tally.share("161km", 0.0),
        "n": tally.total["161km"],
        "resolved_from_gold_span": tally.total["gold_span"],
        "acc_161km_pipeline_places": tally.share("161km:pipeline", 0.0),
        "scored_on": SCORED_ON,
    }


def _resolved(
    gold: GoldToponym, found: dict[tuple[int, int], Place], resolver: PlaceResolver, ctx: Any
) -> tuple[Place | None, bool]:
    """The place dotterel gives the gold toponym, and whether the pipeline found it (else the gold
    span's name is resolved in the article's context)."""
    place = found.get((gold.start, gold.end))
    if place is not None and place.lat is not None:
        return place, True
    return resolver.resolve_in(gold.text, ctx), False


def _within(place: Place | None, point: tuple[float, float]) -> bool:
    if place is None or place.lat is None or place.lon is None:
        return False
    return distance_km((place.lat, place.lon), point) <= ACCURACY_KM


def score_corpus(docs: list[GoldDoc], coder: Coder) -> dict[str, Any]:
    """Recognition on the places `dotterel code` finds; resolution on the gold toponyms."""
    tally, resolver = Tally(), coder.places
    articles = (Article(id=f"geo-{n}", text=d.text) for n, d in enumerate(docs))
    for (doc, _, coded), gold in zip(code_parsed(coder, articles), docs, strict=True):
        add_recognition(tally, coded.places, gold.toponyms)
        ctx = resolver.article_context(doc)
        found = {(p.start, p.end): p for p in coded.places}
        for toponym in gold.toponyms:
            if toponym.point is None:
                continue
            place, by_pipeline = _resolved(toponym, found, resolver, ctx)
            right = _within(place, toponym.point)
            tally.add("161km", right)
            tally.add("161km:pipeline" if by_pipeline else "gold_span", right)
    return result(tally)


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    """Scores per corpus found under `path` (a folder holding lgl.xml and/or GeoVirus.xml)."""
    folder = Path(path)
    corpora = CORPORA
    if folder.is_file():  # one corpus file, named as in the distribution
        corpora = {name: file for name, file in CORPORA.items() if file == folder.name}
        folder = folder.parent
    from dotterel.pipeline import Coder

    present = {name: folder / file for name, file in corpora.items() if (folder / file).is_file()}
    if not present:
        names = " or ".join(CORPORA.values())
        raise FileNotFoundError(f"expected {names}, or a folder holding them; found {path}")
    coder = Coder()
    return {name: score_corpus(READERS[name](file)[:limit], coder) for name, file in present.items()}
