"""Which language an article is written in, so that non-English text is not coded as English.

dotterel's parser, codebook and lexicons are English: a French article would go through
them, give no events, and be stored as English without a word. The detector is langdetect
(Google's language-detection profiles, shipped in the package). It is wrong, and sure of
itself, on short name-heavy English ("Kenya, Uganda sign border pact" is Indonesian to it),
so a text is called non-English only when it has a dozen words or more, few of them are
English function words, and the detector is confident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from langdetect import DetectorFactory, LangDetectException, detect_langs
from spacy.lang.en.stop_words import STOP_WORDS

from dotterel.io.errors import ReadError
from dotterel.model import Article

ENGLISH = "en"
SAMPLE_CHARS = 2000  # the start of an article tells its language; the rest only costs time
MIN_WORDS = 12  # below this (a headline, a caption) the detector guesses: such a text stays English
MIN_CONFIDENCE = 0.9  # the detector's probability for a language other than English
MAX_ENGLISH_SHARE = 0.2  # English running text has ~40% function words; other languages a few
WORD = re.compile(r"[^\W\d_]+")

DetectorFactory.seed = 0  # langdetect samples at random: a fixed seed makes runs repeatable


def detect_language(text: str) -> str:
    """An ISO 639-1 code ("en", "fr", ...); "en" unless the text is clearly in another language."""
    sample = text[:SAMPLE_CHARS]
    words = [w.lower() for w in WORD.findall(sample)]
    if len(words) < MIN_WORDS or sum(w in STOP_WORDS for w in words) / len(words) >= MAX_ENGLISH_SHARE:
        return ENGLISH
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:  # no letters the detector knows
        return ENGLISH
    return best.lang if best.prob >= MIN_CONFIDENCE else ENGLISH


def english_only(items: Iterable[Article | ReadError]) -> Iterator[Article | ReadError]:
    """Articles in English pass; any other becomes an error record naming its input."""
    for item in items:
        if isinstance(item, Article) and item.language != ENGLISH:
            yield ReadError(
                item.origin or item.id,
                f"the text is in language {item.language!r}, not English: skipped, since dotterel's "
                "parser and codebook are English (--force-language codes it anyway)",
            )
        else:
            yield item
