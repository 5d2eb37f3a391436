"""Who speaks a quotation: the verb that governs it, pronoun cues, titles and the quotation's own words.

The sentences are ours; each case is one class of speaker error, not one sentence.
"""

from __future__ import annotations

import dotterel
from dotterel import _default_coder
from dotterel.attribution.finding import Attribution

PUBLISHED = "2025-05-14"


def _speakers(text: str) -> list[str | None]:
    """The speaker name of each direct quotation, in text order."""
    quotes = dotterel.code(text, published=PUBLISHED).quotes
    return [q.speaker.name if q.speaker else None for q in quotes if q.direct]


def test_a_quotation_inside_a_sentence_belongs_to_the_verb_that_governs_it() -> None:
    # The speech verb of the next sentence is nearer in characters, but the quotation hangs
    # under "told", far back in its own sentence.
    text = (
        "Mayor Lina Varga told reporters that the council had postponed the vote because "
        '"the budget figures are still incomplete." Opposition councillor Tomas Berg said the delay was a tactic.'
    )
    assert _speakers(text) == ["Lina Varga"]


def test_the_outermost_reporting_verb_speaks_but_not_through_a_time_clause() -> None:
    # "shows" reports the survey's finding, and "said" reports that: the party leader speaks.
    outer = 'Party leader Ana Ruiz said the new survey shows "a clear majority of voters wants early elections."'
    assert _speakers(outer) == ["Ana Ruiz"]
    # "after ... said" is when the country acted, not what it says: the prime minister speaks.
    timed = (
        "Denmark is seeking to sign the fisheries accord after Prime Minister Jens Holm said last week "
        'that he was "fully comfortable" with its terms.'
    )
    assert _speakers(timed) == ["Jens Holm"]


def test_a_speaker_is_never_a_word_of_the_quotation_itself() -> None:
    from dotterel.attribution.finding import _not_quoting_itself

    coder = _default_coder()
    doc = coder.nlp('"The harbour gives the navy a foothold," the analyst wrote.')
    harbour = next(t for t in doc if t.text == "harbour")
    wrote = next(t for t in doc if t.text == "wrote")
    content = (1, doc.text.index('," the'))
    misread = Attribution((content,), wrote, "wrote", harbour, True)
    assert _not_quoting_itself(misread).speaker is None
    analyst = next(t for t in doc if t.text == "analyst")
    assert _not_quoting_itself(Attribution((content,), wrote, "wrote", analyst, True)).speaker == analyst


def test_she_said_is_the_named_person_whose_title_is_a_longer_phrase() -> None:
    # "deputy" only modifies "program director", the appositive of the named person.
    text = (
        "Sara Lind, deputy program director for the Relief Alliance, said the camp was full. "
        '"We cannot take more families this month, and the rains are coming," she said.'
    )
    assert _speakers(text) == ["Sara Lind"]


def test_he_said_is_the_subject_the_passage_has_moved_on_to() -> None:
    # The lawyer spoke two sentences back; the senator is the subject of the sentence just before.
    text = (
        "Lawyer Piet Mols said his client would appeal the verdict. Senator Karl Dunn, an ally of the "
        'governor, condemned the ruling as political. "We will not accept this decision from the court," he said.'
    )
    assert _speakers(text) == ["Karl Dunn"]


def test_he_added_follows_the_earlier_he_said_back_to_its_name() -> None:
    text = (
        "The Danish envoy told reporters that the talks would resume in May. Erik Sand criticized the delay, "
        "but he also said Denmark still hopes for a deal. "
        '"Pressure alone will not bring anyone back to the table," he added.'
    )
    assert _speakers(text) == ["Erik Sand"]


def test_a_title_after_a_named_speaker_with_no_known_sector_is_that_speaker() -> None:
    # The article says nothing of the superintendent's sector: "the railway official" still fits him.
    text = (
        '"The line is cut in three places and the crews are waiting," said Omar Sadiq, the district rail '
        'superintendent in Kassa. "Crews cannot reach the site before night falls," the railway official said.'
    )
    assert _speakers(text) == ["Omar Sadiq", "Omar Sadiq"]


def test_a_described_speaker_far_from_the_named_one_of_that_country_is_that_speaker() -> None:
    # Paragraphs of other speakers lie between the named Kenyan minister and "the Kenyan
    # official": the description names the country, and the only Kenyan quoted before fits.
    text = (
        '"We will not reopen the camps this year," said Kenyan Interior Minister Amina Odhiambo.\n\n'
        '"The camps have sheltered families for three decades, and they deserve better," said Rosa Lind, '
        "who runs a Swedish charity that has worked in the region since the famine of the nineties.\n\n"
        "The charity says more than forty thousand people have moved through its clinics in the past "
        "year alone, and that its stores of grain and medicine will last only until the rains return "
        "in the spring. Donors in Europe have promised more money, but none of it has arrived so far, "
        "according to the charity's own accounts, which it publishes every quarter.\n\n"
        '"Our plan stands, whatever the donors decide," the Kenyan official said on Tuesday.'
    )
    assert _speakers(text)[-1] == "Amina Odhiambo"


def test_a_participle_that_describes_a_noun_is_no_speech_verb() -> None:
    # "the added levy" is nearer the quotation than "said", but it says nothing: the minister speaks.
    text = (
        'Trade Minister Ana Ruiz said the vote had been fair. "The tariff stays until the talks resume." '
        "The added levy will cost exporters millions."
    )
    assert _speakers(text) == ["Ana Ruiz"]


def test_a_quotation_opening_the_next_sentence_goes_on_in_the_same_voice() -> None:
    # The second quotation has no speech verb of its own; the governor's "said" just after it
    # is nearer, but news copy goes on quoting the engineer. After the governor's own sentence,
    # the third quotation is the governor's.
    text = (
        '"The river has cut the only road to the valley," said Lena Park, a council engineer. '
        '"Our crews need two weeks to rebuild the bridge." Governor Omar Diaz said the army would help. '
        '"Soldiers will carry food to the villages until the road opens."'
    )
    assert _speakers(text) == ["Lena Park", "Lena Park", "Omar Diaz"]


def test_a_quotation_running_into_according_to_is_that_source() -> None:
    text = (
        "Analysts said the vote was a test for the coalition. "
        '"The coalition has never looked weaker, and its partners know it," according to Marta Kask, '
        "a political scientist at Tartu University."
    )
    assert _speakers(text) == ["Marta Kask"]


def test_the_name_right_after_an_inverted_speech_verb_speaks_however_the_parse_reads_it() -> None:
    # A college whose name holds a verb ("Will") can take the subject slot in the parse: the
    # person named right after '"...," said' is still the speaker.
    from spacy.tokens import Doc

    from dotterel.attribution.speakers import speaker_of_cue
    from dotterel.speech import load_speech_words

    coder = _default_coder()
    sentence = '" Talks will fail , " said lecturer Ana Ruiz of Lima Will College .'
    words = sentence.split(" ")
    heads = [3, 3, 3, 6, 6, 6, 6, 9, 9, 13, 13, 13, 13, 6, 6]
    deps = ["punct", "nsubj", "aux", "ccomp", "punct", "punct", "ROOT", "compound", "compound", "compound"]
    deps += ["prep", "compound", "compound", "nsubj", "punct"]
    doc = Doc(
        coder.nlp.vocab,
        words=words,
        heads=heads,
        deps=deps,
        ents=["O"] * 8 + ["B-PERSON", "I-PERSON"] + ["O", "B-ORG", "I-ORG", "I-ORG", "O"],
    )
    assert speaker_of_cue(doc[6], load_speech_words()).text == "Ruiz"


def test_a_name_set_off_by_commas_before_the_verb_speaks() -> None:
    # '"...," Senator X, told reporters': the parser leaves "told" without a subject of its own.
    text = (
        '"We waited four years for this ceasefire, and we will defend it," Independent Senator Paul Brandt, '
        "told reporters."
    )
    assert _speakers(text) == ["Paul Brandt"]


def test_a_speech_verb_after_the_next_quotation_is_that_quotations() -> None:
    # "warned" runs on from the third quotation, not the second: the second goes on in the
    # minister's voice.
    text = (
        '"The border will stay closed," said Minister Omar Haddad. "Nobody crosses without papers." '
        '"Our farmers cannot sell their grain anywhere now," warned trader Lina Sabbagh.'
    )
    assert _speakers(text) == ["Omar Haddad", "Omar Haddad", "Lina Sabbagh"]
