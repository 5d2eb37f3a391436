"""Who says so, read across the article: a speaker described rather than named ("the envoy",
"the military") is the named one the article gave the floor to before, and the events inside
what they say take that name too.

The sentences are ours; each case is one class of speaker error, not one sentence.
"""

from __future__ import annotations

import dotterel

PUBLISHED = "2025-05-14"


def _direct_speakers(text: str) -> list[str | None]:
    """The speaker name of each direct quotation, in text order."""
    quotes = dotterel.code(text, published=PUBLISHED).quotes
    return [q.speaker.name if q.speaker else None for q in quotes if q.direct]


def _event_speakers(text: str, event_type: str) -> list[str | None]:
    events = dotterel.code(text, published=PUBLISHED).events
    return [e.source.speaker.name if e.source and e.source.speaker else None for e in events if e.type == event_type]


def test_a_described_speaker_after_a_named_one_reported_without_quotation_marks_is_that_person() -> None:
    # The named diplomat is only reported ("said Moscow had ..."), never quoted: she still
    # holds the floor when "the Norwegian diplomat" speaks next.
    text = (
        "Norway's envoy to the Arctic Council, Ingrid Solberg, said Moscow had ignored the "
        'fishing quotas for a second year. "The quotas were agreed by every member and they bind every '
        'member," the Norwegian diplomat said on Monday.'
    )
    assert _direct_speakers(text) == ["Ingrid Solberg"]


def test_events_in_the_words_of_a_described_speaker_take_the_named_speaker() -> None:
    text = (
        "Kenyan Interior Minister Amina Odhiambo said on Monday that the border posts would stay open. "
        '"Our officers arrested forty smugglers at the crossing last week," the Kenyan official said.'
    )
    assert _event_speakers(text, "COERCE") == ["Amina Odhiambo"]


def test_a_described_body_is_never_the_person_quoted_before_it() -> None:
    # "The military" speaks for the armed forces as a body; the colonel quoted just before is
    # one of its officers, not the body itself.
    text = (
        '"The rebels will find no place to hide," army spokesman Colonel Idris Bako said on Monday.\n'
        '"Our jets struck three rebel camps near the river at dawn," the military said in a written note.'
    )
    speakers = _direct_speakers(text)
    assert speakers[0] == "Idris Bako"
    assert speakers[1] != "Idris Bako"


def test_an_indefinite_speaker_brings_in_someone_new() -> None:
    # "a teacher" is a new voice, not the teacher quoted before.
    text = (
        '"The camps will shut in a few weeks," said Carla Mendes, a teacher at the camp school.\n'
        '"Nobody here knows where the families will go after that," a teacher said.'
    )
    speakers = _direct_speakers(text)
    assert speakers[0] == "Carla Mendes"
    assert speakers[1] != "Carla Mendes"


def test_a_quotation_from_a_text_is_its_author_as_for_the_events_in_it() -> None:
    # "a statement from X said": X speaks the quotation, as X is the source of the events in it,
    # not the spokesman quoted just before.
    text = (
        '"We will keep the checkpoints until the roads are safe," army spokesman Colonel Musa Adamu '
        'told reporters. "Soldiers repelled the attack and secured the town before dawn," a statement '
        "from the Nigerian Defence Headquarters said."
    )
    assert _direct_speakers(text) == ["Musa Adamu", "Nigerian Defence Headquarters"]
    assert _event_speakers(text, "ASSAULT") == ["Nigerian Defence Headquarters"]


def test_a_relative_clause_in_reported_speech_is_the_reporters_background() -> None:
    # The police vouch for the release; the abduction, told in a relative clause, is what the
    # reader is taken to know already.
    text = (
        "Police said on Monday that the 40 students, who were abducted from their dormitory by gunmen "
        "last week, had been freed."
    )
    assert _event_speakers(text, "ASSAULT") == [None]
    assert _event_speakers(text, "RETREAT") == ["Police"]


def test_an_infinitive_relative_in_reported_speech_stays_the_speakers() -> None:
    # "a way to sanction the generals" tells what the speaker holds, not a fact the reader knows.
    text = "Senator Ana Ruiz said Congress had found a way to sanction the generals."
    assert _event_speakers(text, "SANCTION") not in ([], [None])


def test_one_who_speaks_for_a_body_is_named_as_its_member() -> None:
    # The spokesman speaks for the Pentagon but is not the Pentagon itself.
    text = '"The carrier group will stay in the gulf until the talks resume," a Pentagon spokesman told reporters.'
    assert _direct_speakers(text) == ["Pentagon spokesman"]
