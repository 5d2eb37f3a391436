"""The article's list of quotations, each with its speaker coded and its speech verb."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Token

from dotterel.attribution.finding import Attribution
from dotterel.model import Quote, Speaker

SpeakerCoder = Callable[[Token | None], Speaker | None]


def find_quotes(doc: Doc, found: list[Attribution], speaker_of: SpeakerCoder) -> list[Quote]:
    """Direct and indirect quotations with their speech verb and coded speaker.

    A quotation split by its attribution ("...," she said, "...") or run over several
    paragraphs gives one Quote per piece, each with the quotation's speaker and cue.
    FOUND is the document's attributions, the same the events stage reads.
    """
    quotes, text = [], doc.text
    for attribution in found:
        speaker = speaker_of(attribution.speaker) if attribution.speaker is not None else None
        for start, end in attribution.segments:
            quotes.append(Quote(text[start:end], speaker, attribution.cue_text, attribution.direct, start, end))
    return _described_speakers(sorted(quotes, key=lambda q: (q.start, q.end)))


# How far back (characters) a described speaker looks for the named one quoted before.
DESCRIBED_SPEAKER_REACH = 600


def _described_speakers(quotes: list[Quote]) -> list[Quote]:
    """'"...," said Ada Obi. ... "...," the party official said.': a speaker described, not named,
    is the named speaker quoted before whom the description fits (see `_named_earlier`)."""
    named: list[Quote] = []
    out = []
    for quote in quotes:
        speaker = quote.speaker
        if quote.direct and speaker is not None and _described(speaker):
            found = _named_earlier(speaker, quote, named)
            quote = replace(quote, speaker=found) if found is not None else quote
        elif quote.direct and speaker is not None:
            named.append(quote)
        out.append(quote)
    return out


def _named_earlier(described: Speaker, quote: Quote, named: list[Quote]) -> Speaker | None:
    """The last named speaker, quoted just before, if the description fits them; further back,
    the last named speaker of the country the description gives ("the Kenyan envoy")."""
    if named and quote.start - named[-1].end <= DESCRIBED_SPEAKER_REACH and _fits(described, named[-1].speaker):
        return named[-1].speaker
    if described.country is None:
        return None
    fitting = [
        q.speaker
        for q in named
        if q.speaker is not None and q.speaker.country == described.country and _fits(described, q.speaker)
    ]
    return fitting[-1] if fitting else None


def _fits(described: Speaker, named: Speaker) -> bool:
    """A description ("the railway official") that does not clash with what the article says of
    the named person: the same sector, or a person the article gave no sector; no other country."""
    same_sector = None in (described.sector, named.sector) or described.sector == named.sector
    return same_sector and described.country in (None, named.country)


def _described(speaker: Speaker) -> bool:
    first = (speaker.name or "").split(" ", 1)[0]
    return first.lower() in ("the", "a", "an") or not first[:1].isupper()
