"""Who says so: quotations, their speakers and cue verbs, and the attribution of each event.

An event in the reporter's own voice is asserted; one inside a quotation or in the content
of a speech verb ("the minister said troops had fired") is reported and carries the
speaker. The cue words are data (dotterel/data/speech.yaml, `dotterel.speech`); the
modality of an event is worked out next to the events (`dotterel.events.modality`).

Modules: `finding` (the attributions of a document), `speakers` (who speaks), `sources`
(the attribution holding an event), `quotes` (the article's quotations as records).
"""

from dotterel.attribution.finding import Attribution, attributions
from dotterel.attribution.quotes import find_quotes
from dotterel.attribution.sources import source_of, speech_head

__all__ = ["Attribution", "attributions", "find_quotes", "source_of", "speech_head"]
