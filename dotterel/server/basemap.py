"""The dashboard's base map: country outlines from a package, drawn with no tile server.

The outlines are Natural Earth's 1:110m countries (public domain), as shipped inside the
`pyogrio` wheel (MIT). They are read once, on first request, and turned into SVG paths in
plate carrée coordinates (x = longitude, y = -latitude), rounded to 0.1 degree: about
100 kB, cached by the browser, and nothing is fetched from the network at run time.
"""

from __future__ import annotations

import struct
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

SHAPES = Path("tests") / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
POLYGON, MULTIPOLYGON = 3, 6


def shapefile() -> Path | None:
    spec = find_spec("pyogrio")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / SHAPES
    return path if path.exists() else None


@cache
def countries() -> list[dict[str, Any]]:
    """[{iso, name, d}] for each country; [] when the outlines are not installed."""
    path = shapefile()
    if path is None:
        return []
    from pyogrio.raw import read  # imported late: GDAL loads on import

    meta, _fids, geometries, fields = read(path, columns=["iso_a3", "name"])
    column = dict(zip(list(meta["fields"]), fields, strict=True))
    return [{"iso": iso, "name": name, "d": svg_path(wkb)}
            for wkb, iso, name in zip(geometries, column["iso_a3"], column["name"], strict=True)]  # fmt: skip


def svg_path(wkb: bytes) -> str:
    """A (multi)polygon in WKB as one SVG path, each ring closed."""
    return " ".join("M" + "L".join(f"{x:.1f},{-y:.1f}" for x, y in ring) + "Z" for ring in _rings(memoryview(wkb)))


def _rings(buf: memoryview) -> list[list[tuple[float, float]]]:
    order = "<" if buf[0] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", buf, 1)
    if kind == POLYGON:
        return _polygon(buf, 5, order)[0]
    if kind == MULTIPOLYGON:
        (count,) = struct.unpack_from(order + "I", buf, 5)
        offset, rings = 9, []
        for _ in range(count):
            inner = "<" if buf[offset] == 1 else ">"
            found, offset = _polygon(buf, offset + 5, inner)
            rings += found
        return rings
    return []


def _polygon(buf: memoryview, offset: int, order: str) -> tuple[list[list[tuple[float, float]]], int]:
    (count,) = struct.unpack_from(order + "I", buf, offset)
    offset += 4
    rings = []
    for _ in range(count):
        (points,) = struct.unpack_from(order + "I", buf, offset)
        offset += 4
        flat = struct.unpack_from(f"{order}{2 * points}d", buf, offset)
        offset += 16 * points
        rings.append(list(zip(flat[::2], flat[1::2], strict=True)))
    return rings, offset
