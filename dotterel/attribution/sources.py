"""The attribution an event belongs to, and the speech verb whose content holds it."""

from __future__ import annotations

from spacy.tokens import Token

from dotterel.attribution.finding import Attribution
from dotterel.speech import CONTENT_DEPS, SPEECH_DEPTH, SpeechWords, is_cue


def speech_head(token: Token, words: SpeechWords, found: list[Attribution]) -> Token | None:
    """The speech verb whose content holds `token`, if any: "said (that) ...", "..., she said".

    FOUND is the article's attributions, as `attributions` found them.
    """
    current = token
    for _ in range(SPEECH_DEPTH):
        if current.head.i == current.i:
            break
        if current.dep_ in CONTENT_DEPS and is_cue(current.head, words):
            return current.head
        current = current.head
    holder = source_of(token, found)
    return holder.cue if holder is not None and not holder.direct else None


def source_of(trigger: Token, found: list[Attribution]) -> Attribution | None:
    """The attribution an event belongs to: the innermost of the article's attributions (FOUND)
    holding its trigger."""
    holding = [
        a
        for a in found
        if a.holds(trigger.idx) and (a.cue is None or a.cue.i != trigger.i) and not a.aims_at(trigger.idx)
    ]
    return min(holding, key=lambda a: a.end - a.start, default=None)
