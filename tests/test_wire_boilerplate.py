"""A wire story with the furniture other outlets put in its body codes events from the story only.

The article is ours, written for this test: a dateline, a byline, a caption with its credit,
a correction, promos and credits around four lines of story.
"""

from __future__ import annotations

import pytest

from dotterel.pipeline import Coder

STORY = [
    "Police detained 12 dockers in Valmora on Tuesday after a strike closed the port.",
    "The transport minister accused the union of sabotage.",
    "The union rejected the charge and called a second strike for Monday.",
]
FURNITURE = [
    "By JANE DOE Associated Press",
    "FILE PHOTO: Riot police detain a docker in Valmora, Esteria, March 5, 2031. REUTERS/John Roe/File Photo",
    "Watch: Police detain dockers in Valmora",
    "Correction: A previous version of this report misstated how many dockers police detained.",
    "Sign up for breaking news alerts",
    "Click here to read the minister's statement.",
    "(Reporting by Jane Doe in Valmora; Editing by Ann Smith)",
    "Associated Press writers Jane Doe and John Roe contributed.",
]


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def test_no_event_is_coded_from_the_furniture(coder: Coder) -> None:
    lines = [FURNITURE[0], "VALMORA, Esteria (AP) \u2014 " + STORY[0], *FURNITURE[1:4], *STORY[1:], *FURNITURE[4:]]
    text = "\n".join(lines) + "\n"
    furniture = [(text.index(line), text.index(line) + len(line)) for line in FURNITURE]
    coded = coder.code(text, published="2031-03-06")
    assert coded.events, "the story's own events are coded"
    for event in coded.events:
        trigger = event.evidence.trigger.start
        assert not any(start <= trigger < end for start, end in furniture), event.evidence.trigger.text


def test_the_dateline_is_not_the_subject(coder: Coder) -> None:
    coded = coder.code("VALMORA, Esteria (AP) \u2014 " + STORY[0] + "\n", published="2031-03-06")
    detained = next(e for e in coded.events if e.type == "COERCE")
    assert [a.text for a in detained.actor] == ["Police"]
