"""The clean stage: drop boilerplate lines and datelines, normalise quotes and spaces, keep an offset map.

The parser sees the cleaned text, but every offset dotterel reports indexes the article's
text as read. `CleanText.to_original` maps cleaned offsets back. Cleaning only ever drops
characters (whole boilerplate lines, a wire dateline at the start of a line, invisible
characters) or swaps one character for one
(curly quote -> straight, odd space -> space), so the map is a short list of segments:
runs of cleaned text that were copied from one place in the original.

Boilerplate patterns are vocabulary, kept in dotterel/data/boilerplate.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dotterel.data import read_yaml

BOILERPLATE_FILE = Path(__file__).parent / "data" / "boilerplate.yaml"

# One character for one, so offsets inside a kept run do not move.
SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ",
        "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ",
        "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ",
        "\u2028": "\n", "\u2029": "\n",
    }
)  # fmt: skip
# Invisible characters that split words for the parser: soft hyphen, zero-width space,
# word joiner, byte-order mark. (Zero-width joiners are kept: some scripts need them.)
INVISIBLE = "\u00ad\u200b\u2060\ufeff"
VISIBLE_RUNS = re.compile(f"[^{INVISIBLE}]+")
LINES = re.compile(r"[^\n]*\n|[^\n]+")
FOR_MATCHING = str.maketrans(dict.fromkeys(map(ord, INVISIBLE)))


@dataclass
class CleanText:
    """Cleaned text and the segments that map it back to the original.

    `segments` holds (clean_start, original_start) for each run of cleaned text copied
    from one place in the original; a run ends where something was dropped.
    """

    text: str
    segments: list[tuple[int, int]] = field(default_factory=lambda: [(0, 0)])

    def to_original(self, offset: int) -> int:
        """The original offset of the character at `offset` in the cleaned text."""
        index = bisect_right(self.segments, offset, key=lambda segment: segment[0]) - 1
        clean_start, original_start = self.segments[max(index, 0)]
        return original_start + offset - clean_start

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of cleaned text[start:end].

        The end is mapped through the last character, so a span that stops just before a
        dropped line ends there, not after the dropped line.
        """
        if end <= start:
            original = self.to_original(start)
            return original, original
        return self.to_original(start), self.to_original(end - 1) + 1


# The longest paragraph before a credit line that is taken for the photo's caption.
CAPTION_WORDS = 80


def clean(text: str, patterns: Sequence[re.Pattern[str]] | None = None) -> CleanText:
    """`text` without boilerplate lines, with straight quotes and plain spaces."""
    rules = default_patterns() if patterns is None else patterns
    lines = list(LINES.finditer(text))
    dropped = {i for i, line in enumerate(lines) if is_boilerplate(line[0], rules)}
    dropped |= _captions(lines, default_credit_patterns())
    datelines = default_dateline_patterns()
    builder = _Builder()
    for i, line in enumerate(lines):
        if i not in dropped:
            skip = dateline_length(line[0], datelines)
            builder.keep(line.start() + skip, line[0][skip:])
    return builder.build()


def dateline_length(line: str, patterns: Sequence[re.Pattern[str]]) -> int:
    """How many characters of a wire dateline open the line ("VALMORA, Esteria (AP) — ",
    "LONDON, March 5 (Reuters) - "): none when it has none. The parser would take the
    dateline for the sentence's subject ("Esteria (AP) ... arrested"), so it goes."""
    content = line.translate(SAME_LENGTH)  # one character for one: offsets stay
    return max((found.end() for pattern in patterns if (found := pattern.match(content))), default=0)


def _captions(lines: list[re.Match[str]], credits: Sequence[re.Pattern[str]]) -> set[int]:
    """Credit lines and the short caption paragraph just before each of them."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if not is_boilerplate(line[0], credits):
            continue
        out.add(i)
        before = next((j for j in range(i - 1, -1, -1) if lines[j][0].strip()), None)
        if before is not None and len(lines[before][0].split()) <= CAPTION_WORDS:
            out.add(before)
    return out


def is_boilerplate(line: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    """Whether the whole line matches one of `patterns` (after trimming and normalising)."""
    content = line.translate(SAME_LENGTH).translate(FOR_MATCHING).strip()
    return bool(content) and any(pattern.fullmatch(content) for pattern in patterns)


class _Builder:
    """Accumulates kept text and records a new segment wherever the original jumps."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[tuple[int, int]] = []
        self.length = 0
        self.original_end = -1

    def keep(self, original_start: int, line: str) -> None:
        for run in VISIBLE_RUNS.finditer(line):
            self._append(original_start + run.start(), run[0].translate(SAME_LENGTH))

    def _append(self, original_start: int, piece: str) -> None:
        if original_start != self.original_end:
            self.segments.append((self.length, original_start))
        self.parts.append(piece)
        self.length += len(piece)
        self.original_end = original_start + len(piece)

    def build(self) -> CleanText:
        return CleanText("".join(self.parts), self.segments or [(0, 0)])


@lru_cache(maxsize=1)
def default_patterns() -> tuple[re.Pattern[str], ...]:
    """The boilerplate patterns shipped with dotterel, compiled once."""
    return tuple(load_patterns(BOILERPLATE_FILE))


@lru_cache(maxsize=1)
def default_credit_patterns() -> tuple[re.Pattern[str], ...]:
    """Photo-credit lines, whose caption paragraph goes with them."""
    return tuple(load_patterns(BOILERPLATE_FILE, key="credit_patterns"))


@lru_cache(maxsize=1)
def default_dateline_patterns() -> tuple[re.Pattern[str], ...]:
    """Wire datelines that open a story's first line, dropped from the line."""
    return tuple(load_patterns(BOILERPLATE_FILE, key="dateline_patterns"))


def load_patterns(path: Path, key: str = "patterns") -> list[re.Pattern[str]]:
    """Compiled patterns from a YAML file shaped like dotterel/data/boilerplate.yaml."""
    entries = read_yaml(path).get(key) or []
    return [_compile(entry, path) for entry in entries]


def _compile(entry: dict[str, str], path: Path) -> re.Pattern[str]:
    try:
        return re.compile(entry["pattern"])
    except re.error as error:
        raise ValueError(f"{path}: pattern {entry.get('name')!r} is invalid: {error}") from None
