"""Quotation marks in a text: where direct quotations start and end.

A text function, below the parse: the mentions stage uses it to know which tokens are
quoted, and the who-says-so stage to find direct quotations.
"""

from __future__ import annotations

import re

QUOTE_MARK = '"'  # the cleaner turns every double quotation mark into this one
# Wire copy (and some archives) write both marks as two apostrophes: ''We won,'' she said.
QUOTE_MARKS = re.compile(r"\"|''")
PARAGRAPHS = re.compile(r"[^\n]+")


def quotations(text: str) -> list[list[tuple[int, int]]]:
    """Direct quotations, each a list of content spans (one per paragraph it runs over).

    Marks pair up within a paragraph. A quotation left open at the end of a paragraph
    continues when the next paragraph opens with a quote mark, as news style has it.
    """
    groups: list[list[tuple[int, int]]] = []
    left_open = False
    for paragraph in PARAGRAPHS.finditer(text):
        line = paragraph[0]
        spans, open_at_end = _paired(line, paragraph.start())
        continues = left_open and _opens_with_mark(line) and spans
        if continues:
            groups[-1].append(spans.pop(0))
        groups.extend([span] for span in spans)
        left_open = open_at_end
    return groups


def _opens_with_mark(text: str) -> bool:
    return QUOTE_MARKS.match(text.lstrip()) is not None


def _paired(line: str, offset: int) -> tuple[list[tuple[int, int]], bool]:
    """Content spans between paired marks in one paragraph; an odd mark runs to its end.

    A text whose paragraph breaks were lost runs a quotation that went on into the next
    paragraph (left open, as news style has it) into the next quotation: a mark that can only
    open one (after a sentence's end and a space, before a word) while one is open closes the
    open one at that sentence's end and opens anew."""
    marks = [(offset + m.start(), offset + m.end()) for m in QUOTE_MARKS.finditer(line)]
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for start, end in marks:
        if opened is None:
            opened = end
        elif _reopens(line, start - offset):
            spans.append((opened, offset + len(line[: start - offset].rstrip())))
            opened = end
        else:
            spans.append((opened, start))
            opened = None
    open_at_end = opened is not None
    if opened is not None:
        spans.append((opened, offset + len(line.rstrip())))
    return [(s, e) for s, e in spans if e > s], open_at_end


def _reopens(line: str, at: int) -> bool:
    """A quote mark that opens a quotation and cannot close one: '... advantage. "That area'."""
    before = line[:at]
    return before.endswith(" ") and before.rstrip()[-1:] in ".?!" and line[at + 1 : at + 2].isalnum()


def mark_width(text: str, at: int) -> int:
    """1 for a quote mark at `at`, 2 for a pair of apostrophes."""
    return 2 if text[at : at + 2] == "''" else 1


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotations, marks included, one per paragraph piece."""
    return [
        (start - (2 if text[max(0, start - 2) : start] == "''" else 1), end + mark_width(text, end))
        for group in quotations(text)
        for start, end in group
    ]
