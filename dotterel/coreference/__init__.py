"""The coreference stage: which mentions of an article are one entity, and what pronouns stand for.

It runs after the mentions stage, on its index: person mentions are joined under their
fullest name and coded once (`names`), and the index learns which tokens are quoted and
which verbs report speech, which pronoun resolution (`pronouns`) reads later.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from dotterel.actors.lexicon import ActorLexicon
from dotterel.coreference.names import join_people
from dotterel.coreference.pronouns import quoted_tokens, speech_verbs
from dotterel.mentions import MentionIndex, find_mentions
from dotterel.speech import SpeechWords


def resolve_coreference(doc: Doc, index: MentionIndex, lexicon: ActorLexicon, words: SpeechWords) -> None:
    """Join the mentions of one entity in INDEX and note what pronoun resolution needs."""
    index.quoted = quoted_tokens(doc)
    index.speech_verbs = speech_verbs(doc, index.quoted, words)
    join_people(doc, index, lexicon)


def find_entities(
    doc: Doc, lexicon: ActorLexicon, words: SpeechWords, published: dt.date | None = None
) -> MentionIndex:
    """The mentions stage and then the coreference stage, for callers that want both."""
    index = find_mentions(doc, lexicon, published)
    resolve_coreference(doc, index, lexicon, words)
    return index
