"""The attribution an event belongs to, and the speech verb whose content holds it."""

from __future__ import annotations

from spacy.tokens import Token

from dotterel.attribution.finding import Attribution, attributions
from dotterel.speech import CONTENT_DEPS, SPEECH_DEPTH, SpeechWords, is_cue


def speech_head(token: Token, words: SpeechWords) -> Token | None:
    """The speech verb whose content holds `token`, if any: "said (that) ...", "..., she said"."""
    current = token
    for _ in range(SPEECH_DEPTH):
        if current.head.i == current.i:
            break
        if current.dep_ in CONTENT_DEPS and is_cue(current.head, words):
            return current.head
        current = current.head
    found = source_of(token, words)
    return found.cue if found is not None and not found.direct else None


def source_of(trigger: Token, words: SpeechWords) -> Attribution | None:
    """The attribution an event belongs to: the innermost one holding its trigger."""
    holding = [
        a for a in attributions(trigger.doc, words) if a.holds(trigger.idx) and (a.cue is None or a.cue.i != trigger.i)
    ]
    return min(holding, key=lambda a: a.end - a.start, default=None)
