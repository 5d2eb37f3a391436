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
    ("The militia vowed to fight on until the last village is retaken.", "THREATEN"),
    ("The rebel commander swore to attack the capital before the rains.", "THREATEN"),
    ("The rebel commander swore not to attack the capital during the talks.", "AGREE"),
    ("The two governments vowed to work together on border security.", "AGREE"),
    # refusals and failures of a cooperative act
    ("The two delegations failed to reach an agreement on the water dispute.", "REJECT"),
    ("The prime minister refused to respond to the miners' ultimatum.", "REJECT"),
    ("The army failed to capture the hill town after a week of fighting.", "COERCE"),  # not a refusal
    # an act that hangs on a condition is announced
    ("The government may halt talks with the rebels if the attacks continue.", "THREATEN"),
    ("Tehran could resume negotiations if the sanctions are lifted.", "AGREE"),
    # what is being agreed to
    ("The council agreed to a one-year extension of the monitoring mission.", "AGREE"),
    ("The two ministers agreed that their navies should hold joint exercises next year.", "AGREE"),
    ("The rebels offered concessions on the exchange of prisoners.", "AGREE"),
    # judicial acts
    ("Kenya extradited two suspected smugglers to Tanzania on Monday.", "COOPERATE"),
    ("A grand jury indicted the former defence minister on bribery charges.", "ACCUSE"),
    ("The watchdog dispatched inspectors to the enrichment plant.", "ACCUSE"),
    # help
    ("The first peacekeeping troops deployed to the buffer zone on Friday.", "AID"),
    ("Navy helicopters evacuated the wounded from the besieged port.", "AID"),
    ("Pakistan will contribute peacekeeping troops to the mission in Darfur.", "AGREE"),
    # letting people in, easing restrictions
    ("The government received a team of election observers from the African Union.", "RETREAT"),
    ("The court decided to allow the jailed opposition leader to stand in the election.", "CONCEDE"),
    ("The governor shortened the nightly curfew by two hours.", "CONCEDE"),
    # readiness
    ("Troops remained on high alert along the northern border.", "MOBILIZE"),
    ("The provincial government ordered extra police patrols in the old city.", "MOBILIZE"),
    # demands and talks
    ("The union insisted on its demand that the mine owners raise wages.", "REQUEST"),
    ("Ethiopia and Eritrea renewed negotiations on the disputed border on Tuesday.", "CONSULT"),
    # orders to others are requests; orders to one's own forces are the act
    ("A judge has ordered the former president to appear in court for questioning.", "REQUEST"),
    ("The president ordered troops to withdraw from the town.", "CONCEDE"),
    # announced withdrawals: of one's forces a concession, of inspectors a threat
    ("Ethiopia announced it would withdraw its troops from Somalia by June.", "CONCEDE"),
    ("The UN chief announced that he will withdraw the weapons inspectors from the country.", "THREATEN"),
    ("Italy announced a suspension of air links with Serbia.", "SANCTION"),
    ("Uzbekistan opened the Friendship Bridge to lorries after four years.", "RETREAT"),
    ("The junta forced the UN food agency out of the country last year.", "SANCTION"),
    # coercion rather than protest or sanction
    ("Hackers defaced dozens of government websites last week.", "COERCE"),
    ("Militiamen drove the villagers out of their homes in the valley.", "COERCE"),
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
    record = dotterel.code("Kenya extradited two suspected smugglers to Tanzania.", published="2025-05-14")
    event = main_event(record.events)
    assert [a.country for a in event.recipient] == ["TZA"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Ghana is committed to the regional trade accord, its finance minister said.", "GHA"),
        ("Israel is opposed to any mediation by Turkey in the talks.", "ISR"),
        ("Some 3,000 Congolese militiamen have been demobilised since the accord.", "COD"),
        ("The Kurdish rebels issued a declaration demanding that Turkey release their leader.", "TUR"),
    ],
)
def test_who_acts_in_stances_passives_and_declarations(text: str, actor: str) -> None:
    event = main_event(dotterel.code(text, published="2025-05-14").events)
    assert actor in {a.country for a in event.actor}, (text, event.type, event.actor)


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("The Nordic ministers agreed to provide 40 million euros of aid for Moldova.", "MDA"),
        ("Spain has promised to continue its military aid to Mauritania.", "MRT"),
        ("Ecuador has offered to hand over to Colombia three suspects in the bombing.", "COL"),
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
