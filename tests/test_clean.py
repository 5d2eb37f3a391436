"""The clean stage: boilerplate lines go, quotes and spaces are normalised, offsets map back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dotterel.clean import CleanText, clean, default_patterns, is_boilerplate, load_patterns

STORY = (
    "By Jane Doe and JOHN ROE, Example Wire\n"
    "Soldiers seized the state broadcaster in Valmora on Friday, officials said.\n"
    "Photo: Ann Smith/Example Wire\n"
    "\n"
    "\u201cWe will restore order,\u201d the colonel\u2019s spokesman said.\n"
    "Advertisement\n"
    "Follow Jane Doe on Twitter\n"
    "The president\u00a0called for calm.\n"
    "Reporting by Jane Doe; Editing by John Roe\n"
    "\u00a9 2031 Example Media\n"
)

BOILERPLATE = [
    "Photo: Jane Doe/Reuters",
    "(Photo credit: Example Agency)",
    "Troops patrol the capital on Monday. (AP Photo/Jane Doe)",
    "FILE - In this Jan. 5, 2020 file photo, soldiers stand guard.",
    "Image caption, The talks took place behind closed doors",
    "Getty Images",
    "Ann Smith/AFP via Getty Images",
    "By Jane Doe",
    "BY JANE DOE and JOHN ROE",
    "By Jane Doe, Reuters | March 5, 2024",
    "Reporting by Jane Doe in Valmora; Editing by John Roe",
    "Follow us on Instagram and Facebook",
    "Follow X on X",
    "Leave a comment",
    "Comments are closed.",
    "Join the conversation",
    "Sign up for our daily newsletter",
    "Subscribe to The Example Courier",
    "ADVERTISEMENT",
    "Read more: Army seizes power",
    "Related: Talks collapse in Port Lenna",
    "\u00a9 2025 Example Media Ltd. All rights reserved.",
    "  Advertisement  ",
    "Follow\u00a0us on Twitter",  # matched after normalising the space
    "Advertise\u00adment",  # and after dropping the soft hyphen
]

# What wire services, newspapers and broadcasters' sites put in a story's body besides the
# story: credits, captions with their credit at the end, corrections, promos, sign-offs.
WIRE_BOILERPLATE = [
    "Associated Press",
    "The Associated Press",
    "Reuters",
    "\u2014 AFP",
    "(With AFP)",
    "With reporting from AFP and Reuters",
    "FILE PHOTO: Riot police stand guard in Valmora, Esteria, March 5, 2031. REUTERS/Jane Doe/File Photo",
    "Riot police detain a protester in Valmora on March 5, 2031. AP Photo/Jane Doe",
    "Dockers block the port gates in Esterhaven. (Jane Doe/AFP via Getty Images)",
    "File photo",
    "File photo: Dockers block the port gates in Esterhaven.",
    "(Reporting by Jane Doe in Valmora; Writing by John Roe; Editing by Ann Smith)",
    "(Additional reporting by Jane Doe in Esterhaven)",
    "Associated Press writers Jane Doe in Valmora and John Roe contributed.",
    "This story has been corrected to show that police detained 12 people, not 20.",
    "This article was updated to add the minister's reply.",
    "Correction: A previous version of this report misstated where the strike began.",
    "Editor's note: The ministry did not answer questions before publication.",
    "The Example Wire receives support from several foundations. It is solely responsible for all content.",
    "This article was originally published by The Example Review.",
    "Sign up for breaking news alerts",
    "Newsletter: The day's top stories in your inbox every morning.",
    "Download the Example News app for the latest alerts.",
    "Get our free mobile app",
    "Click here to read the full statement.",
    "Have a news tip? Email us at tips@example.com",
    "Find more coverage of Esteria at https://example.com/hub/esteria",
    "Watch: Dockers block the port gates in Esterhaven",
    "WATCH | Minister accuses unions of sabotage",
    "Listen to this article",
    "Our Standards: The Example Trust Principles.",
]

STORY_LINES = [
    "A Reuters/Ipsos poll published on Tuesday showed the president trailing.",
    "The poll was conducted by Reuters/Ipsos.",
    "Local reporters said troops from Chad contributed.",
    "Donors from 40 countries contributed.",
    "Update: the death toll has risen to 40, police said.",
    "AP reporters were detained at the border on Monday.",
    "With AFP support, the army retook the town.",
    "The app was banned by the regulator on Monday.",
    "Get the army out of our streets, protesters chanted.",
    "By Friday, the army had withdrawn from the city.",
    "By Tuesday Russian forces had crossed the river.",
    "Related talks were held in Geneva last week.",
    "Copyright law was not discussed.",
    "The picture was sold to Getty Images, the agency said.",
    "Reporting by the Associated Press found widespread abuses.",
    "Millions follow the president on X, where he posts daily.",
    "Subscribers complained about the new rules.",
    "The photo showed soldiers at the gate.",
    "Files seized in the raid were handed to prosecutors.",
]

# what the clean stage does one character for one, for comparing cleaned text to the original
STRAIGHT = str.maketrans("\u2018\u2019\u201c\u201d\u00a0", "''\"\" ")


def assert_exact_map(original: str, cleaned: CleanText) -> None:
    """Every kept character maps back to the same character, modulo normalisation."""
    for offset, char in enumerate(cleaned.text):
        assert original[cleaned.to_original(offset)].translate(STRAIGHT) == char


def test_story_loses_its_boilerplate() -> None:
    result = clean(STORY)
    assert result.text == (
        "Soldiers seized the state broadcaster in Valmora on Friday, officials said.\n"
        "\n"
        '"We will restore order," the colonel\'s spokesman said.\n'
        "The president called for calm.\n"
    )


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate(line, default_patterns())


@pytest.mark.parametrize("line", WIRE_BOILERPLATE)
def test_wire_and_web_boilerplate_is_recognised(line: str) -> None:
    assert clean(f"Dockers struck in Esterhaven.\n{line}\nThe port closed.\n").text == (
        "Dockers struck in Esterhaven.\nThe port closed.\n"
    )


@pytest.mark.parametrize(
    ("line", "story"),
    [
        ("VALMORA, Esteria (AP) \u2014 Police detained 12 dockers.", "Police detained 12 dockers."),
        ("ESTERHAVEN, March 5 (Reuters) - Police detained 12 dockers.", "Police detained 12 dockers."),
        ("(AFP) - Police detained 12 dockers.", "Police detained 12 dockers."),
        ("Valmora (AFP) - Police detained 12 dockers.", "Police detained 12 dockers."),
        ("VALMORA, Esteria \u2014 Police detained 12 dockers.", "Police detained 12 dockers."),
        # not datelines: a name before a dash, an agency inside the sentence
        ("NATO \u2014 the alliance said \u2014 would act.", "NATO \u2014 the alliance said \u2014 would act."),
        ("Police in Valmora (AP) said.", "Police in Valmora (AP) said."),
    ],
)
def test_a_wire_dateline_leaves_the_line_and_the_story_stays(line: str, story: str) -> None:
    text = f"{line}\nThe port closed.\n"
    cleaned = clean(text)
    assert cleaned.text == f"{story}\nThe port closed.\n"
    assert text[cleaned.to_original(0) :].startswith(story)


@pytest.mark.parametrize("line", STORY_LINES)
def test_story_lines_are_kept(line: str) -> None:
    assert not is_boilerplate(line, default_patterns())


def test_quotes_and_spaces_are_normalised_one_for_one() -> None:
    text = "\u2018Yes,\u2019 she said:\u00a0\u201cnow\u201d\u2009ok"
    result = clean(text)
    assert result.text == "'Yes,' she said: \"now\" ok"
    assert len(result.segments) == 1  # nothing dropped: one run, offsets unchanged
    assert all(result.to_original(i) == i for i in range(len(text) + 1))


def test_invisible_characters_are_dropped_and_mapped() -> None:
    text = "impor\u00adtant\u200b talks"
    result = clean(text)
    assert result.text == "important talks"
    assert_exact_map(text, result)
    start = result.text.index("talks")
    assert text[slice(*result.span_to_original(start, start + 5))] == "talks"


@pytest.mark.parametrize(
    "text",
    [
        STORY,
        "Advertisement\nFirst line.\nPhoto: x\nSecond line.",
        "No boilerplate at all.\nJust text.\n",
        "Line one.\r\nBy Jane Doe\r\nLine two.\r\n",
        "Getty Images\n\nAdvertisement\n",
        "Ends without a newline\nSubscribe now",
        "",
    ],
)
def test_offsets_map_back_exactly(text: str) -> None:
    result = clean(text)
    assert_exact_map(text, result)
    for line in re.finditer(r"[^\n]+", result.text):
        for start in range(line.start(), line.end()):
            for end in (start + 1, line.end()):
                begin, finish = result.span_to_original(start, end)
                assert text[begin:finish].translate(STRAIGHT) == result.text[start:end]


def test_span_ending_before_a_dropped_line_stops_there() -> None:
    text = "First line.\nAdvertisement\nSecond line."
    result = clean(text)
    assert result.text == "First line.\nSecond line."
    end = result.text.index("\n") + 1
    assert result.span_to_original(0, end) == (0, 12)
    start = result.text.index("Second")
    assert result.to_original(start) == text.index("Second")
    assert result.span_to_original(start, start) == (text.index("Second"),) * 2
    assert result.to_original(len(result.text)) == len(text)


def test_everything_dropped_gives_empty_text() -> None:
    result = clean("Advertisement\nGetty Images\n")
    assert result.text == ""
    assert result.to_original(0) == 0


def test_segments_are_compact() -> None:
    result = clean(STORY * 50)
    assert len(result.segments) <= 6 * 50 + 1


def test_own_patterns_file(tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text("patterns:\n  - name: wire\n    pattern: 'WIRE COPY'\n")
    patterns = [*default_patterns(), *load_patterns(path)]
    assert clean("WIRE COPY\nText.\nAdvertisement\n", patterns).text == "Text.\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("patterns:\n  - name: broken\n    pattern: '(unclosed'\n")
    with pytest.raises(ValueError, match="broken"):
        load_patterns(bad)


# A caption restates the story with a date and place of its own; the credit line after it
# says it is a caption. Both go, and the story around them stays whole.
CAPTIONED = (
    "Police detained four union leaders in Valmora on Tuesday.\n"
    "Union members gather outside the labour court in Valmora on May 2, 2031, as ...\n"
    "AP Photo/Jane Doe\n"
    "The union called a general strike for Monday.\n"
    "Dockers block the port gates in Esterhaven.\n"
    "REUTERS/John Roe\n"
    "Ana Ruiz contributed to this report.\n"
)


def test_a_credit_line_takes_its_caption_with_it() -> None:
    cleaned = clean(CAPTIONED)
    assert cleaned.text == (
        "Police detained four union leaders in Valmora on Tuesday.\nThe union called a general strike for Monday.\n"
    )
    # offsets still map back to the text as read
    start = cleaned.text.index("The union")
    assert CAPTIONED[cleaned.to_original(start) :].startswith("The union called")


def test_a_long_paragraph_before_a_credit_is_not_taken_for_a_caption() -> None:
    paragraph = " ".join(["The talks went on for hours and no one would say what was agreed."] * 8)
    text = f"{paragraph}\nReuters/John Roe\n"
    assert clean(text).text == f"{paragraph}\n"


@pytest.mark.parametrize(
    "line",
    [
        "Jane Doe reported from Valmora; John Roe contributed from Esterhaven.",
        "This story originated in the agency's French service.",
        "The ministry reported from its own records that 40 people died.",
    ],
)
def test_production_credits_but_not_sentences(line: str) -> None:
    expected = line.startswith("The ministry")
    assert (clean(line + "\n").text != "") == expected
