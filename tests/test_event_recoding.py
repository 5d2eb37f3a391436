"""The manual's recodings and the concept entries that decide between neighbouring types.

Each sentence is ours. The type is the one the PLOVER manual gives the main event: a
pledge to harm is THREATEN, a refused or failed cooperative act REJECT, an act that hangs
on a condition is announced (THREATEN or AGREE), extradition is judicial cooperation,
an indictment is ACCUSE `allege`, sending peacekeepers or evacuating the wounded is AID.
"""

from __future__ import annotations

import pytest

import dotterel
from dotterel.eval.plover_gsr import main_event

CASES = [
    # pledges: the act pledged decides
    ("The militia vowed to shell the border villages again.", "THREATEN"),
    ("The warlord promised to shell the airport within a week.", "THREATEN"),
    ("The warlord promised not to shell the airport while the talks last.", "AGREE"),
    ("The customs services of both countries pledged to cooperate on cargo checks.", "AGREE"),
    # refusals and failures of a cooperative act
    ("The mediators failed to broker a truce between the clans.", "REJECT"),
    ("The mayor refused to meet the striking bus drivers.", "REJECT"),
    ("Police failed to arrest the smuggling boss in the raid.", "COERCE"),  # not a refusal
    # an act that hangs on a condition is announced
    ("The donors may cut off aid to the ministry if the audit finds fraud.", "THREATEN"),
    ("Caracas could reopen its embassy if the travel ban is dropped.", "AGREE"),
    # what is being agreed to
    ("The landlords agreed to a rent freeze for pensioners.", "AGREE"),
    ("The health ministers agreed that their laboratories should share test results.", "AGREE"),
    ("The employers offered concessions on overtime pay.", "AGREE"),
    # judicial acts
    ("The fugitive banker was extradited to Peru by Chile on Thursday.", "COOPERATE"),
    ("The tribunal indicted three police chiefs over the killings.", "ACCUSE"),
    ("The auditor general sent a team of investigators to the health ministry.", "ACCUSE"),
    # help
    ("Rwanda sent 500 peacekeepers to guard the camps in the Central African Republic.", "AID"),
    ("Coast guard crews evacuated stranded tourists from the island after the storm.", "AID"),
    ("Bangladesh will contribute peacekeepers to the UN mission in South Sudan.", "AGREE"),
    # letting people in, easing restrictions
    ("The authorities admitted a delegation of Red Cross inspectors to the detention camp.", "RETREAT"),
    ("The court decided to allow the exiled editor to return home.", "CONCEDE"),
    ("The military council eased the ban on public gatherings.", "CONCEDE"),
    # readiness
    ("Police in the capital were put on high alert before the verdict.", "MOBILIZE"),
    ("The mayor deployed more riot police around the stadium.", "MOBILIZE"),
    # demands and talks
    ("The farmers' federation insisted on its demand that the state buy the surplus maize.", "REQUEST"),
    ("The nurses' union and the health ministry resumed their talks over night shifts.", "CONSULT"),
    # orders to others are requests; orders to one's own forces are the act
    ("The judge ordered the oil company to pay the fishermen compensation.", "REQUEST"),
    ("The defence minister ordered the navy to pull back from the disputed reef.", "CONCEDE"),
    # announced withdrawals: of one's forces a concession, of inspectors a threat
    ("Burundi announced it would pull its troops out of Congo by December.", "CONCEDE"),
    ("The monitoring mission announced that it will recall its observers from the region.", "THREATEN"),
    ("Morocco announced a freeze on trade with Algeria.", "SANCTION"),
    ("The army reopened the mountain road to aid convoys on Sunday.", "RETREAT"),
    ("The regime expelled the Norwegian aid charity from the province.", "SANCTION"),
    # coercion rather than protest or sanction
    ("Hackers shut down the electoral commission's website on polling day.", "COERCE"),
    ("Gunmen chased the farmers out of their villages in the hills.", "COERCE"),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_main_event_type(text: str, expected: str) -> None:
    event = main_event(dotterel.code(text, published="2025-05-14").events)
    assert event is not None, text
    assert event.type == expected, (text, event.type, event.evidence.rule)


def test_a_pledge_to_harm_keeps_the_pledger_as_actor() -> None:
    record = dotterel.code("Nigeria vowed to attack the militants' camps in the forest.", published="2025-05-14")
    event = main_event(record.events)
    assert event.type == "THREATEN"
    assert [a.country for a in event.actor] == ["NGA"]


def test_extradition_recipient_is_the_receiving_country() -> None:
    record = dotterel.code("The fugitive banker was extradited to Peru by Chile.", published="2025-05-14")
    event = main_event(record.events)
    assert [a.country for a in event.recipient] == ["PER"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Ghana is committed to the regional trade accord, its finance minister said.", "GHA"),
        ("Poland is opposed to the grain deal with Ukraine.", "POL"),
        ("Hundreds of Liberian ex-fighters have been disarmed since the peace deal.", "LBR"),
        ("Tuareg separatists issued a communique demanding that Mali free their negotiators.", "MLI"),
    ],
)
def test_who_acts_in_stances_passives_and_declarations(text: str, actor: str) -> None:
    event = main_event(dotterel.code(text, published="2025-05-14").events)
    assert actor in {a.country for a in event.actor}, (text, event.type, event.actor)


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("The Asian Development Bank agreed to lend Nepal money for new mountain roads.", "NPL"),
        ("Japan promised to go on funding Cambodia's mine-clearing teams.", "KHM"),
        ("Panama offered to return the seized ship to Honduras.", "HND"),
    ],
)
def test_the_recipient_of_a_pledged_act(text: str, recipient: str) -> None:
    event = main_event(dotterel.code(text, published="2025-05-14").events)
    assert recipient in {r.country for r in event.recipient}, (text, event.type, event.recipient)


@pytest.mark.parametrize(
    "text",
    [
        "The new law allows the police to detain suspects for two weeks.",
        "This approach lets farmers sell their grain abroad.",
        "High prices forced hundreds of traders out of business.",
    ],
)
def test_common_words_need_an_actor_to_report_an_event(text: str) -> None:
    types = {e.type for e in dotterel.code(text, published="2025-05-14").events}
    assert not types & {"CONCEDE", "COERCE"}, (text, types)
