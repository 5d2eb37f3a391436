"""Query results as a table that fits the terminal: long text is cut, lines never wrap.

An event row holds an evidence sentence, actor names and a cluster id; printed whole it
is a 300-character line that wraps into an unreadable block. The free-text columns give
way first (each cut with "…"), then empty columns, ids and counts are left off.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import IO, Any

CELL_MAX = 40  # no cell is wider than this, however wide the terminal
FREE_SOFT = 30  # free-text columns are cut to this before any column is left off
FREE_FLOOR = 12  # and never below this
GAP = 2
# Columns of running text or names: cut these before anything else.
FREE_TEXT = ("evidence", "actor", "recipient", "said_by", "place", "trigger", "title", "text", "name", "message")
# Left off first when cutting is not enough: ids and counts a person reading a terminal needs least.
SPARE = ("article_id", "id", "cluster_id", "n_sources", "n_reports", "place_country", "trigger", "said_by", "mode")


def terminal_width() -> int:
    """The terminal's width ($COLUMNS when set); 160 when output goes to a file or a pipe."""
    return shutil.get_terminal_size((160, 20)).columns


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _line_width(widths: dict[int, int]) -> int:
    return sum(widths.values()) + GAP * (len(widths) - 1)


def fit_widths(columns: Sequence[str], widths: list[int], total: int, empty: set[int]) -> dict[int, int]:
    """The columns to show (by position) and their widths, so that a line fits in `total`.

    Free-text columns are cut first (widest first) to FREE_SOFT; then empty columns and ids
    and counts (SPARE) are left off; then free text is cut to FREE_FLOOR; then columns are
    left off from the right. A lone column left is cut to the width.
    """
    shown = dict(enumerate(widths))
    free = [i for i, c in enumerate(columns) if c in FREE_TEXT]
    spare = [columns.index(c) for c in SPARE if c in columns]
    _cut_free(shown, free, columns, total, FREE_SOFT)
    _leave_off(shown, [*sorted(empty, reverse=True), *spare], total)
    _cut_free(shown, free, columns, total, FREE_FLOOR)
    _leave_off(shown, list(reversed(range(len(columns)))), total)
    if _line_width(shown) > total:
        only = next(iter(shown))
        shown[only] = max(total, 1)
    return shown


def _cut_free(shown: dict[int, int], free: list[int], columns: Sequence[str], total: int, floor: int) -> None:
    while _line_width(shown) > total:
        cuttable = [i for i in free if i in shown and shown[i] > max(floor, len(columns[i]))]
        if not cuttable:
            return
        shown[max(cuttable, key=lambda i: shown[i])] -= 1


def _leave_off(shown: dict[int, int], order: list[int], total: int) -> None:
    for i in order:
        if _line_width(shown) <= total or len(shown) == 1:
            return
        shown.pop(i, None)


def write_table(columns: list[str], rows: list[Sequence[Any]], out: IO[str], width: int | None = None) -> None:
    """Aligned columns fitted to `width` (the terminal's by default), then the row count."""
    cells = [[_cut(_cell(v), CELL_MAX) for v in row] for row in rows]
    natural = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    total = width or terminal_width()
    empty = {i for i in range(len(columns)) if not any(r[i] for r in cells)}
    shown = fit_widths(columns, natural, total, empty)
    for row in [columns, *cells]:
        out.write("  ".join(_cut(row[i], w).ljust(w) for i, w in shown.items()).rstrip() + "\n")
    hidden = [c for i, c in enumerate(columns) if i not in shown]
    note = f"; --format csv has all; left off to fit: {', '.join(hidden)}" if hidden else ""
    out.write(_cut(f"({len(rows)} rows{note}", total - 1) + ")\n")
