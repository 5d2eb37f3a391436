"""Rules that matter on whole articles more than on single sentences, on our own small texts:
one act named twice in a clause is one event, a source's words of blame are an accusation by
that source, and speakers and pronouns follow the passage rather than the nearest name."""

from __future__ import annotations

from pathlib import Path

import pytest

import dotterel
from dotterel.errors import CodebookError
from dotterel.events.codebook import load_word_list


def _coder() -> dotterel.Coder:
    return dotterel._default_coder()


def _types(text: str) -> list[str]:
    return [e.type for e in _coder().code(text, published="2025-04-02").events]


def test_a_noun_that_names_the_act_again_is_not_a_second_event() -> None:
    # "killed ... in an ambush": the ambush is the killing's act, not another one
    assert _types("Gunmen killed four traders in an ambush near the market on Sunday.").count("ASSAULT") == 1
    assert _types("The bombing killed nine villagers on Sunday.").count("ASSAULT") == 1


def test_a_sources_words_of_blame_are_an_accusation_by_that_source() -> None:
    record = _coder().code(
        '"The expulsion of the aid workers is cruel and unlawful," Kenyan Foreign Minister Amina Odhiambo said.',
        published="2025-04-02",
    )
    accusations = [e for e in record.events if e.type == "ACCUSE"]
    assert len(accusations) == 1  # two words of blame, one accusation
    event = accusations[0]
    assert event.actor and event.actor[0].country == "KEN" and event.actor[0].sector == "GOV"
    assert event.modality == "asserted"  # the saying itself is the act
    assert event.source is not None and event.source.speaker is not None


def test_the_same_words_in_the_reporters_voice_accuse_no_one() -> None:
    assert "ACCUSE" not in _types("The clinic was closed under an unlawful order in 2019.")


def test_a_word_that_classifies_is_no_judgement() -> None:
    assert "ACCUSE" not in _types('"We stopped forty illegal migrants at the border," the police chief said.')


def test_we_in_a_quotation_is_the_speaker() -> None:
    record = _coder().code(
        '"We condemn the shelling of the market," said Kenyan Foreign Minister Amina Odhiambo.',
        published="2025-04-02",
    )
    event = next(e for e in record.events if e.type == "ACCUSE")
    assert event.actor[0].text == "We"
    assert (event.actor[0].country, event.actor[0].sector) == ("KEN", "GOV")


def test_a_speakers_own_demand_is_asserted() -> None:
    record = _coder().code(
        '"We demand that the junta free the three reporters," the head of the journalists\' union said.',
        published="2025-04-02",
    )
    event = next(e for e in record.events if e.type == "REQUEST")
    assert event.modality == "asserted"
    assert event.source is not None and event.source.quoted


def test_a_material_act_a_source_reports_stays_reported() -> None:
    record = _coder().code("Police arrested six students at the campus, the ministry said.", published="2025-04-02")
    event = next(e for e in record.events if e.type == "COERCE")
    assert event.modality == "reported"


def test_an_act_dated_months_before_the_news_is_background() -> None:
    record = _coder().code("Kenya and Uganda signed a border accord last year.", published="2025-04-02")
    assert [e.modality for e in record.events] == ["historical"]


def _roles(text: str, kind: str) -> list[tuple[list[tuple], list[tuple]]]:
    events = [e for e in _coder().code(text, published="2025-04-02").events if e.type == kind]
    return [([(a.country, a.sector) for a in e.actor], [(a.country, a.sector) for a in e.recipient]) for e in events]


def test_the_owner_of_a_target_thing_is_the_recipient() -> None:
    # the entry's own object ("vehicle") says which attack this is; the army owns it
    [(_, recipients)] = _roles("The rebels took credit for attacking a military vehicle near the border.", "ASSAULT")
    assert recipients and recipients[0][1] == "MIL"


def test_an_actor_in_a_target_phrase_is_the_recipient() -> None:
    [(actors, recipients)] = _roles("The militia ramped up attacks on police posts in the delta.", "ASSAULT")
    assert actors and actors[0][1] in ("UAF", "REB")
    assert recipients and recipients[0][1] == "COP"


def test_what_comes_under_attack_is_the_recipient() -> None:
    record = _coder().code("The ministry's convoy came under attack near the town.", published="2025-04-02")
    event = next(e for e in record.events if e.type == "ASSAULT")
    assert [a.text for a in event.recipient] == ["The ministry's convoy"]


def test_an_unnamed_party_belongs_to_the_country_the_story_is_about() -> None:
    text = (
        "Kenya's interior ministry said on Friday that two aid workers seized in Garissa were safe.\n"
        "Their captors released the two aid workers after talks with elders, the Kenyan ministry said.\n"
    )
    events = [e for e in _coder().code(text, published="2025-04-02").events if e.type == "RETREAT"]
    assert events and events[0].actor[0].country == "KEN"
    assert events[0].actor[0].resolution == "context"


def test_a_participle_describing_its_noun_makes_the_noun_the_target() -> None:
    [(actors, recipients)] = _roles("Two aid workers seized by gunmen in Garissa were freed on Friday.", "ASSAULT")
    assert actors and actors[0][1] != "SOC"  # the workers did not seize anyone
    assert recipients and recipients[0][1] == "SOC"


def test_concern_about_what_another_party_did_is_disapproval() -> None:
    text = "The European Union is deeply concerned about the arrests of two editors."
    [(actors, recipients)] = _roles(text, "ACCUSE")
    assert actors == [("EUR", None)]
    assert recipients and recipients[0][1] == "JRN"


def test_the_one_who_faces_charges_is_the_recipient_of_the_accusation() -> None:
    [(actors, recipients)] = _roles("The former mayor faces three charges of fraud.", "ACCUSE")
    assert actors == []
    assert recipients and recipients[0][1] == "ELI"


def test_a_source_naming_another_party_the_aggressor_accuses_it() -> None:
    record = _coder().code('"Moscow is the aggressor in this war," the Estonian senator said.', published="2025-04-02")
    event = next(e for e in record.events if e.type == "ACCUSE")
    assert [a.country for a in event.actor] == ["EST"]
    assert [a.country for a in event.recipient] == ["RUS"]


def test_a_definite_noun_with_no_one_named_points_back_and_is_not_a_new_event() -> None:
    text = (
        "Gunmen attacked a police post in Garissa on Monday.\n"
        "Residents near the scene of the attack said they were still afraid.\n"
    )
    events = [e for e in _coder().code(text, published="2025-04-02").events if e.type == "ASSAULT"]
    assert len(events) == 1
    assert events[0].evidence.trigger.text == "attacked"


def test_the_claimant_of_an_attack_is_its_actor_and_those_who_died_in_it_its_recipients() -> None:
    [(actors, _)] = _roles("The Liberation Front claimed responsibility for the attack.", "ASSAULT")
    assert actors and actors[0][1] in ("REB", "UAF", None)
    record = _coder().code("Four soldiers died in the attack near the border.", published="2025-04-02")
    [event] = [e for e in record.events if e.type == "ASSAULT"]
    assert [a.sector for a in event.recipient] == ["MIL"]


def test_a_call_for_someone_to_go_is_a_request_by_the_speaker() -> None:
    record = _coder().code(
        "It is time for the governor to resign, the leader of the opposition party said.", published="2025-04-02"
    )
    assert [e.type for e in record.events] == ["REQUEST"]
    [event] = record.events
    assert [a.sector for a in event.actor] == ["OPP"]
    assert [a.sector for a in event.recipient] == ["GOV"]


def test_accidents_disease_and_bodily_events_are_not_acts() -> None:
    assert _types("The former minister died of a heart attack on Sunday.") == []
    assert _types("Floods destroyed the bridge and killed nine people.") == []
    assert _types("A bus crash killed twelve passengers near the lake.") == []


def test_a_paragraph_told_over_several_sentences_keeps_its_day() -> None:
    text = "On Friday gunmen stormed the prison in Kisumu. They freed four hundred inmates.\n"
    record = _coder().code(text, published="2025-04-02")
    freed = next(e for e in record.events if e.evidence.trigger.text == "freed")
    assert freed.date.value == "2025-03-28"
    assert freed.modality == "asserted"  # the carried day does not make it background


def test_keeping_people_from_acting_breaking_up_cells_and_intercepting_ships_are_coercion() -> None:
    assert _types("The ministry barred girls from attending secondary classes.") == ["COERCE"]
    assert _types("Police dismantled a smuggling ring in the port city.") == ["COERCE"]
    assert _types("The coast guard intercepted a fishing vessel off the coast.") == ["COERCE"]


def test_a_month_name_is_not_a_march() -> None:
    assert "PROTEST" not in _types("Police jailed the editor in March.")


def test_a_quotation_keeps_its_own_speaker_when_a_column_is_named_after_it() -> None:
    record = _coder().code('"We are ready for talks," analyst Ken Obi wrote in a newspaper column.\n')
    speakers = {q.speaker.name for q in record.quotes if q.speaker}
    assert speakers == {"Ken Obi"}


def test_an_aim_stated_for_another_act_is_not_reported_as_done() -> None:
    record = _coder().code("Peacekeepers were deployed to protect civilians in the north.", published="2025-04-02")
    assert [e.evidence.trigger.text for e in record.events] == ["deployed"]


def test_leaving_an_international_body_is_a_sanction_and_listed_countries_are_countries() -> None:
    record = _coder().code(
        "Burkina Faso, Mali and Niger withdrew from the regional bloc ECOWAS.", published="2025-04-02"
    )
    [event] = record.events
    assert event.type == "SANCTION" and event.mode == "withdraw"
    assert [a.country for a in event.actor] == ["BFA", "MLI", "NER"]


def test_an_obligation_a_source_lays_on_a_party_is_a_demand_on_it() -> None:
    record = _coder().code("Washington needs to act on the border, the Kenyan senator said.", published="2025-04-02")
    [event] = [e for e in record.events if e.type == "REQUEST"]
    assert [a.country for a in event.recipient] == ["USA"]
    assert [a.sector for a in event.actor] == ["LEG"]


def test_obligations_in_the_reporters_voice_are_no_demands() -> None:
    assert _types("Applicants must register with the electoral board by Friday.") == []


def test_reporters_formulas_and_data_sent_to_no_one_are_not_events() -> None:
    assert _types("The ministry did not respond to requests for comment.") == []
    assert "COOPERATE" not in _types("The ship's transponder transmits data about its position.")


def test_the_aim_of_a_call_or_a_launched_operation_is_what_was_done() -> None:
    assert "SUPPORT" in _types("The president phoned the new premier on Monday to congratulate him on his victory.")
    assert "COERCE" in _types("Police launched raids on Monday to detain forty suspected smugglers.")


def test_those_held_responsible_for_an_attack_are_its_actors() -> None:
    [(actors, _)] = _roles("The rebel militia is responsible for the massacre in the valley.", "ASSAULT")
    assert actors and actors[0][1] in ("REB", "UAF")


def test_wont_is_will_not() -> None:
    # the tokenizer splits "won't" into "wo" + "n't": both spellings are the same refusal
    assert _types("Uganda won't open the border to the traders.") == _types(
        "Uganda will not open the border to the traders."
    )
    assert _types("Malawi won't take in any more asylum seekers from the north.") == ["REJECT"]


def test_a_destination_reached_by_to_is_where_the_visit_happens() -> None:
    record = _coder().code("Kenya's president flew to Ghana on Tuesday for talks.", published="2025-04-02")
    visit = next(e for e in record.events if e.type == "CONSULT")
    assert visit.location is not None and visit.location.country == "GHA"


def test_a_demand_made_by_saying_has_its_speaker_as_source() -> None:
    record = _coder().code("The Kenyan foreign minister said Uganda must reopen the border.", published="2025-04-02")
    [event] = [e for e in record.events if e.type == "REQUEST"]
    assert event.source is not None and event.source.speaker is not None
    assert event.source.speaker.sector == "GOV" and event.modality == "asserted"


def test_a_known_person_is_coded_by_the_office_held_when_the_event_happened() -> None:
    record = _coder().code("In 2011 Bashar al-Assad sent troops against protesters in Deraa.", published="2025-03-12")
    event = next(e for e in record.events if e.actor)
    assert (event.actor[0].name, event.actor[0].sector) == ("Bashar al-Assad", "GOV")
    today = _coder().code("Bashar al-Assad sent a letter to the court.", published="2025-03-12")
    assert all(a.sector != "GOV" for e in today.events for a in e.actor)  # out of office by then


def test_the_speech_verb_a_quotation_runs_into_names_its_speaker() -> None:
    text = (
        "Gunmen freed 400 inmates in the north, officials said. "
        '"We are hunting for the escaped prisoners," Frantz Exantus, the justice minister, said on Saturday.\n'
    )
    record = _coder().code(text, published="2025-03-01")
    hunting = next(q for q in record.quotes if q.text.startswith("We are hunting"))
    assert hunting.speaker is not None and "Exantus" in hunting.speaker.name


def test_a_title_phrase_ending_in_a_name_is_that_person_speaking() -> None:
    # the parser hangs the name on "for": the title looks like the speaker
    text = '"The wells are dry," Red Cross Relief Coordinator for the Delta Samuel Okoro said.\n'
    record = _coder().code(text, published="2025-03-01")
    assert [q.speaker.name for q in record.quotes if q.speaker] == ["Samuel Okoro"]


def test_a_described_speaker_right_after_a_named_one_of_the_same_side_is_that_person() -> None:
    text = (
        '"The line is closed," said railway official Imran Khanzada.\n'
        'Crews worked through the night. "We have sent a relief train," the spokesman said.\n'
    )
    record = _coder().code(text, published="2025-03-01")
    speakers = [q.speaker.name for q in record.quotes if q.direct and q.speaker]
    assert speakers == ["Imran Khanzada", "Imran Khanzada"]


def test_a_target_in_the_reported_clause_is_the_recipient() -> None:
    [(_, recipients)] = _roles("Tanzania warned that it would keep up the pressure on Burundi.", "THREATEN")
    assert recipients == [("BDI", "GOV")]


def test_a_bare_on_in_a_word_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "types.yaml"
    path.write_text("target_preps: [against, on]\n", encoding="utf-8")  # YAML reads bare on as true
    with pytest.raises(CodebookError, match="quote them"):
        load_word_list("target_preps", path)


def test_a_deadline_given_to_another_party_is_an_ultimatum() -> None:
    text = "The rebels gave the provincial authorities 48 hours to free their men."
    [(actors, recipients)] = _roles(text, "THREATEN")
    assert actors and actors[0][1] == "REB"
    assert recipients and recipients[0][1] == "GOV"


def test_the_party_that_faces_sanctions_is_threatened() -> None:
    [(actors, recipients)] = _roles("Ankara faces new sanctions if it activates the system.", "THREATEN")
    assert actors == [] and recipients == [("TUR", "GOV")]
    assert _types("The company faces the possibility of bankruptcy.") == []


def _event(text: str, kind: str) -> dotterel.Event:
    return next(e for e in _coder().code(text, published="2025-04-02").events if e.type == kind)


def _codes(actors: list) -> list[tuple[str | None, str | None]]:
    return [(a.country, a.sector) for a in actors]


def test_verbs_joined_by_and_share_their_object() -> None:
    # the shelling was aimed at the soldiers as much as the raid was
    record = _coder().code("Insurgents shelled and raided Malian soldiers near Gao overnight.", published="2025-04-02")
    assaults = [e for e in record.events if e.type == "ASSAULT"]
    assert assaults and all(_codes(e.recipient) == [("MLI", "MIL")] for e in assaults)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Gunmen raided two villages near Kaduna in Nigeria on Sunday.", ("NGA", "CVL")),
        ("Militants ambushed a minibus on the highway outside Garissa in Kenya.", ("KEN", "CVL")),
        ("Jihadists overran an army post near Djibo in Burkina Faso.", ("BFA", "MIL")),
    ],
)
def test_a_place_or_vehicle_attacked_stands_for_the_people_in_it(text: str, target: tuple[str, str]) -> None:
    assert _codes(_event(text, "ASSAULT").recipient) == [target]


def test_the_party_called_on_to_act_is_the_recipient() -> None:
    event = _event("The Ghanaian bishops called for the army to return to its barracks.", "REQUEST")
    assert _codes(event.recipient) == [("GHA", "MIL")]


def test_whose_request_is_turned_down_is_the_recipient() -> None:
    event = _event("The tribunal turned down Ecuador's request for a delay.", "REJECT")
    assert _codes(event.recipient) == [("ECU", "GOV")]


@pytest.mark.parametrize(
    "text",
    [
        "A former Zambian finance minister is on trial in Lusaka over missing road funds.",
        "Two Zambian customs officers were tried for smuggling last week.",
        "The trial of a Zambian opposition leader opened in Lusaka on Monday.",
    ],
)
def test_someone_on_trial_is_accused(text: str) -> None:
    event = _event(text, "ACCUSE")
    assert event.recipient and event.recipient[0].country == "ZMB"


def test_a_medical_trial_is_no_prosecution() -> None:
    assert "ACCUSE" not in _types("A Zambian hospital began a clinical trial of a malaria vaccine.")


def test_a_source_naming_who_planned_an_attack_accuses_them() -> None:
    event = _event(
        '"The bombing at the depot was planned by separatist rebels," the Cameroonian army spokesman said.', "ACCUSE"
    )
    assert _codes(event.actor) == [("CMR", "MIL")]
    assert [r.sector for r in event.recipient] == ["REB"]


def test_a_movement_that_took_power_is_coded_by_the_date() -> None:
    # an insurgency before it took the capital, a government after
    text = "The Taliban attacked a police post in Ghazni province."
    before = _coder().code(text, published="2018-06-01").events[0].actor[0]
    after = _coder().code(text, published="2023-06-01").events[0].actor[0]
    assert (before.sector, after.sector) == ("REB", "GOV")


def test_an_outgoing_leader_still_holds_the_office() -> None:
    event = _event("Outgoing Canadian Prime Minister Justin Trudeau condemned the attack on the embassy.", "ACCUSE")
    assert _codes(event.actor) == [("CAN", "GOV")]


def test_a_nationality_adjective_on_a_thing_is_its_country_not_a_people() -> None:
    event = _event("Mexico imposed new tariffs on Chinese steel.", "SANCTION")
    assert _codes(event.recipient) == [("CHN", None)]


def test_an_ambassador_to_the_un_speaks_for_the_country() -> None:
    record = _coder().code("China's U.N. Ambassador Fu Cong condemned the missile launch.", published="2025-04-02")
    event = next(e for e in record.events if e.type == "ACCUSE")
    assert _codes(event.actor) == [("CHN", "GOV")]


def test_an_event_dated_only_by_an_earlier_year_is_background() -> None:
    record = _coder().code("Rebels attacked the town of Kalemie in Congo in 2024.", published="2025-02-10")
    assert [e.modality for e in record.events if e.type == "ASSAULT"] == ["historical"]


def test_a_word_of_blame_outside_speech_keeps_its_act_reading() -> None:
    # "harass" is a word of blame in a source's mouth, and an act when the reporter says it
    assert _types("Belarusian police harassed two reporters outside the courthouse in Minsk.") == ["COERCE"]
    said = _types('"The police keep harassing reporters," the Belarusian editor said.')
    assert said == ["ACCUSE"]


def test_an_amount_of_goods_or_assets_names_whose_they_are() -> None:
    tariffs = _event("Chile imposed new tariffs on $4 billion of Argentine goods.", "SANCTION")
    assert _codes(tariffs.recipient) == [("ARG", None)]
    frozen = _event("The bloc froze $3 billion in Venezuelan central bank reserves.", "SANCTION")
    assert _codes(frozen.recipient) == [("VEN", None)]


def test_hitting_a_country_with_a_levy_is_a_sanction() -> None:
    event = _event("Australia hit Indonesia with a 20% levy on palm oil.", "SANCTION")
    assert _codes(event.recipient) == [("IDN", None)]


def test_a_name_of_praise_is_no_blame() -> None:
    # nor is it a meeting called: naming the talks is neither convening nor planning them
    assert _types('The Peruvian foreign minister called the talks "frank and productive."') == []
    assert _types("Peru called an emergency meeting of Andean foreign ministers.") == ["CONSULT"]
    assert "ACCUSE" in _types("The Peruvian foreign minister called the verdict a travesty of justice.")


def test_sorrow_over_deaths_is_condolence_not_apology() -> None:
    assert _types("The Chilean president expressed sorrow over the deaths of the miners.") == ["SUPPORT"]


def test_an_act_only_feared_is_not_reported() -> None:
    assert _types("Farmers in northern Mali avoid their fields for fear of attack by jihadists.") == []
    assert _types("Jihadists attacked farmers in their fields in northern Mali.") == ["ASSAULT"]


def test_whoever_made_the_allegations_is_the_one_answered() -> None:
    event = _event("Nepal rejected the allegations made by Bhutan on Friday.", "REJECT")
    assert _codes(event.recipient) == [("BTN", "GOV")]


def test_those_who_stand_accused_are_accused() -> None:
    event = _event("Three Chadian officers stand accused of fraud.", "ACCUSE")
    assert _codes(event.recipient) == [("TCD", "COP")]


def test_security_forces_words_for_killing_are_killing() -> None:
    event = _event("Nigerien troops neutralised six bandits near Tillaberi.", "ASSAULT")
    assert _codes(event.recipient) == [("NER", "CRM")]
    assert _types("The Nigerien budget eliminated fuel subsidies.") == []


def test_an_exchange_of_fire_is_a_fight() -> None:
    assert _types("An exchange of fire between Nigerien troops and bandits lasted an hour.") == ["ASSAULT"]


def test_some_acts_belong_to_whoever_they_befall() -> None:
    arrest = _event("The Zambian reporter's arrest drew protests from press groups.", "COERCE")
    assert (arrest.actor, _codes(arrest.recipient)) == ([], [("ZMB", "JRN")])
    expulsion = _event("Zambia's expulsion of two Chinese diplomats angered Beijing.", "SANCTION")
    assert _codes(expulsion.actor) == [("ZMB", "GOV")]


def test_people_held_in_custody_and_sent_back_to_prison() -> None:
    held = _event("Four Burundian journalists remain in custody in Bujumbura.", "COERCE")
    assert (held.actor, _codes(held.recipient)) == ([], [("BDI", "JRN")])
    back = _event("A Burundian judge ordered the editor back to prison.", "COERCE")
    assert _codes(back.actor) == [("BDI", "JUD")]
    assert "COERCE" not in _types("The Burundian minister stayed in Paris for three days.")


def test_calling_a_claim_baseless_denies_it() -> None:
    # a denial is REJECT (the guide's and PLOVER's reading), not an accusation
    assert _types("The Nepali foreign ministry called the Bhutanese claims baseless.") == ["REJECT"]
    assert _types("The Nepali report contained false figures about the harvest.") == []


def test_signing_a_bill_endorses_it() -> None:
    event = _event("The Malawian president signed the land bill on Friday.", "SUPPORT")
    assert _codes(event.actor) == [("MWI", "GOV")]


def test_what_talks_are_for_is_not_yet_done() -> None:
    assert "AGREE" not in _types("Talks in Lusaka to settle the border dispute between Zambia and Malawi failed.")
    # an attempted killing is an attack all the same
    assert "ASSAULT" in _types("An attempt to assassinate a Zambian minister was foiled in Lusaka.")


def _accusations(text: str) -> list[dotterel.model.Event]:
    return [e for e in _coder().code(text, published="2025-04-02").events if e.type == "ACCUSE"]


def test_criticism_without_a_word_of_blame_is_still_criticism() -> None:
    # being critical of a party, speaking out against it, doubting its judgement, what its critics say
    for text in (
        "Several Kenyan senators are critical of the fishing accord with Tanzania.",
        "Opposition lawmakers in Lusaka have spoken out against the new media decree.",
        "Farm unions questioned the wisdom of the government's grain export ban.",
        "Critics say the new mining code will drive investors out of Guinea.",
    ):
        assert _accusations(text), text


def test_a_source_blaming_a_party_for_a_failure_or_for_defiance_accuses_it() -> None:
    failure = _accusations("The governor said the federal police had failed to protect the villagers.")
    assert failure and failure[0].recipient and failure[0].recipient[0].sector == "COP"
    defiance = _accusations("Seoul's foreign ministry said Pyongyang was openly flouting the arms embargo.")
    assert defiance and defiance[0].recipient[0].country == "PRK"


def test_failing_to_agree_is_no_ones_fault_and_stays_a_failed_deal() -> None:
    # in a source's words or not, "failed to reach a deal" is the deal not made, not blame
    for text in (
        "Ethiopia and Egypt failed to agree a settlement over the dam after two days of talks.",
        "Ethiopia and Egypt failed to agree a settlement over the dam, diplomats from both sides said.",
    ):
        assert _types(text) == ["REJECT"], text


def test_a_failure_without_a_party_blames_no_one() -> None:
    assert not _accusations("Engineers said the old pump had failed to start on Monday.")


def test_imputing_a_motive_or_a_setback_in_a_sources_words_is_criticism() -> None:
    assert _accusations('"These dismissals are politically motivated," the teachers\' union in Harare said.')
    assert _accusations("Press freedom groups said the editor's detention sends a worrying signal to reporters.")
    assert not _accusations("The detention of the editor was reported on Monday.")


def test_blame_a_speaker_cites_only_to_deny_is_not_theirs() -> None:
    assert not _accusations("The transport ministry dismissed allegations that the port tender was rigged.")
    assert not _accusations("Lagos police denied that the raid on the newsroom was unlawful.")
    # a word that judges a rumour is the speaker's own judgement, not the rumour's content
    assert "REJECT" in _types("The interior ministry said the curfew would stop false rumours about the vote.")
    # the denial is the speaker's; their own reason for it still accuses
    assert _accusations("Teachers' unions rejected the new pay scale, saying it was unfair to rural staff.")


def _first(text: str, type_: str) -> dotterel.model.Event:
    return next(e for e in _coder().code(text, published="2025-04-02").events if e.type == type_)


def test_the_doer_of_a_named_act_in_other_shapes() -> None:
    # a count of acts, a participle with "by", an act coming "from" a party, a claimed act
    assert _first("Chadian troops carried out a wave of airstrikes on rebel camps.", "ASSAULT").actor[0].sector == "MIL"
    offensive = _first("An offensive launched by Tuareg fighters last month surprised the garrison.", "ASSAULT")
    assert offensive.actor and offensive.actor[0].text == "Tuareg fighters"
    ambush = _first("The patrol came under a deadly ambush from separatist militants.", "ASSAULT")
    assert ambush.actor and ambush.actor[0].sector == "REB"
    claimed = _first("The militia claimed the killing of three soldiers at the checkpoint.", "ASSAULT")
    assert claimed.actor[0].text == "The militia"
    # a place an act comes from is no doer
    events = _coder().code("Shelling from the north damaged two schools.", published="2025-04-02").events
    assert not any(actor.text.endswith("north") for event in events for actor in event.actor)


def test_shooting_back_is_shooting_and_a_tweet_is_the_tweeters() -> None:
    assert _first("The border guards returned fire on the smugglers.", "ASSAULT").actor[0].text == "The border guards"
    condemnation = _first("The Ghanaian president tweeted condemnation of the coup.", "ACCUSE")
    assert condemnation.actor and condemnation.actor[0].country == "GHA"


def test_more_ways_of_holding_and_restricting_people() -> None:
    for text in (
        "The opposition mayor was rearrested in the capital last week.",
        "Border police caught the two fugitives near the river crossing.",
        "The island camp still holds 300 migrants awaiting review.",
        "The blogger is not allowed to leave Belarus.",
        "Troops occupied four hospitals in the eastern district.",
        "The independent radio station was forced to close.",
    ):
        assert "COERCE" in _types(text), text
    # catching a cold, a lake that holds water, permission given
    for text in (
        "The minister caught a cold during the summit.",
        "The reservoir holds enough water for the dry season.",
        "The court allowed the candidate to run in the election.",
    ):
        assert "COERCE" not in _types(text), text


def test_a_pause_in_aid_is_a_sanction() -> None:
    event = _first("Washington's pause in military aid to Kyiv worried European allies.", "SANCTION")
    assert event.recipient and event.recipient[0].country == "UKR"


def test_hoping_another_party_acts_is_an_appeal_to_it() -> None:
    event = _first("The Senegalese minister said she hopes Mali and Niger can reopen the border.", "REQUEST")
    assert {r.country for r in event.recipient} == {"MLI", "NER"}
    assert event.cameo == "020"  # an appeal, not a demand
    # one's own hopes and forecasts ask no one
    assert "REQUEST" not in _types("We hope we can finish the new bridge by May.")
    assert "REQUEST" not in _types("Analysts expect the central bank will cut rates in June.")


def test_gratitude_pride_friendship_and_solidarity_are_support() -> None:
    assert _first("The Kenyan president said he was proud of the army.", "SUPPORT").recipient
    grateful = _first("Malawi is grateful to Norway for the new clinics, the health minister said.", "SUPPORT")
    assert grateful.recipient and grateful.recipient[0].country == "NOR"
    assert _first("The senator credited Ghana for its role in the talks.", "SUPPORT").recipient[0].country == "GHA"
    assert _first("She calls the Brazilian president a close friend.", "SUPPORT").recipient[0].country == "BRA"
    solidarity = _first("Choirs in Durban sang in support of the Kenyan miners.", "SUPPORT")
    assert solidarity.recipient
    # pleased with a result, proud of a record: no party approved of
    assert "SUPPORT" not in _types("The coach was pleased with the weather on Sunday.")


def test_a_forecast_is_no_threat_but_a_warning_to_a_party_is() -> None:
    for text in (
        "Doctors warn that cholera could spread to the northern camps by March.",
        "Economists warned that the currency is likely to fall further.",
    ):
        assert "THREATEN" not in _types(text), text
    for text in (
        "Addis Ababa warned Cairo against any move on the dam.",
        "Kigali warned that it would respond to any further shelling.",
        "The interior minister warned that police will not tolerate more road blockades.",
        "The ministry warned that the strikers would be dismissed if they did not return on Monday.",
    ):
        assert "THREATEN" in _types(text), text


def test_an_aim_to_stop_a_thing_is_not_a_restriction_on_people() -> None:
    assert "COERCE" not in _types("Britain will take every step needed to prevent Iran from building a bomb.")
    assert "COERCE" not in _types("Health officials are working to stop the virus from spreading.")
    assert "COERCE" in _types("Police stopped the reporters from filming outside the court.")
    hospital = "The injured were taken to the district hospital, where an emergency had been declared."
    assert "COERCE" not in _types(hospital)


def test_a_finding_by_a_body_is_its_judgement() -> None:
    event = _first("A UN panel determined that the detention of the Ugandan editor was arbitrary.", "ACCUSE")
    assert event.actor and event.actor[0].country == "UNO"


def test_seeking_to_cooperate_is_an_intent_to_cooperate() -> None:
    # the manual's AGREE: an expressed willingness or commitment to cooperate
    assert _types("Nairobi is looking to restore relations with Mogadishu.") == ["AGREE"]
    assert _types("The Zambian president wants to meet the opposition leaders next month.") == ["AGREE"]


def test_taking_part_in_a_meeting_in_other_words() -> None:
    for text in (
        "The Sudanese envoy told a meeting of the African Union that the siege must end.",
        "Speaking at a Security Council session on Haiti, the ambassador asked for more police.",
        "Foreign ministers from the Arab League gathered on Sunday in Rabat.",
        "The Lusaka talks ended without a deal.",
    ):
        assert "CONSULT" in _types(text), text
    # crowds gathering, or a meeting named without its parties, are not a consultation
    assert "CONSULT" not in _types("Thousands of fans gathered outside the stadium on Sunday.")


def test_help_to_build_rescues_and_forces_sent_or_activated() -> None:
    built = _first("Japan helped Ghana build two bridges over the Volta.", "AID")
    assert built.recipient and built.recipient[0].country == "GHA"
    rescue = _first("Firefighters worked for hours to rescue miners trapped in the shaft.", "AID")
    assert rescue.recipient
    deployed = _first("African Union troops were deployed to guard the camps.", "MOBILIZE")
    assert deployed.actor and deployed.actor[0].sector == "MIL"
    assert "MOBILIZE" in _types("The bloc announced the activation of its rapid reaction force on Monday.")
    # an aim after a verb that does not carry it out stays an aim
    assert "AID" not in _types("Troops were sent to rescue the stranded villagers.")


def test_security_operations_hijackings_and_fire_taken() -> None:
    operation = _first("Ugandan troops are conducting operations against the rebels near the border.", "ASSAULT")
    assert operation.recipient and operation.recipient[0].sector == "REB"
    assert "ASSAULT" in _types("The army began a sweep to flush out the insurgents from the hills.")
    hijack = _first("Armed men took over a passenger train near Kandahar on Tuesday.", "ASSAULT")
    assert hijack.actor and hijack.recipient
    fired_on = _first("The aid convoy came under fire near the river crossing.", "ASSAULT")
    assert fired_on.recipient and fired_on.recipient[0].text == "The aid convoy"
    # taking over a company is no attack; coming to terms is an agreement
    assert "ASSAULT" not in _types("The Kenyan firm took over a logistics company in Mombasa.")
    assert _types("The unions and the ministry came to an agreement on Friday.") == ["AGREE"]


def test_a_news_conference_is_no_meeting_and_a_measure_helps_no_one() -> None:
    assert "CONSULT" not in _types('"We will not back down," the Ghanaian minister told a news conference in Accra.')
    assert "AID" not in _types("The Kenyan envoy said the new rules would help rebuild trust.")


def test_announced_retaliation_is_a_threat_made_now() -> None:
    event = _first('"If they shell our villages again, we will retaliate," the Armenian minister said.', "THREATEN")
    assert event.modality == "asserted"  # the threat is made by saying it; its act lies ahead
    assert "THREATEN" in _types("Ghana would respond firmly to any attack on its fishermen, the ministry said.")
    assert "THREATEN" in _types("The army said any new raid would be met with full force.")
    # "not hesitate to" asserts the act it governs
    cut = _first('"We will not hesitate to cut the power to the rebel areas," the Ethiopian minister said.', "THREATEN")
    assert cut.modality != "negated"
    assert "THREATEN" not in _types("The ministry said it would respond to the letter next week.")


def test_a_participle_that_describes_is_no_endorsement_and_backing_off_concedes() -> None:
    assert "SUPPORT" not in _types("Somali troops backed by Kenyan soldiers retook the town on Monday.")
    assert "SUPPORT" in _types("The Kenyan parliament backed the new border treaty with Tanzania.")
    assert "CONCEDE" in _types("The Ghanaian government backed off its plan to tax mobile payments.")


def test_advice_to_think_is_no_demand() -> None:
    assert "REQUEST" not in _types('"Lawmakers in Nairobi must understand that the tax will fail," the economist said.')
    assert "REQUEST" not in _types('"We should think about the cost of the new stadium," the Kenyan envoy said.')
    demand = _first("The Ghanaian minister said Togo must reopen the border crossing.", "REQUEST")
    assert demand.recipient and demand.recipient[0].country == "TGO"


def test_a_planned_meeting_is_an_agreement_not_yet_done() -> None:
    plan = _first("The Kenyan president is due to meet his Ugandan counterpart in Kampala next week.", "AGREE")
    assert plan.modality == "future"
    refusal = _first('"We will not accept more refugees," the Danish minister said.', "REJECT")
    assert refusal.modality != "future"


def test_quarrels_regrets_anger_and_attacks_on_words_are_criticism() -> None:
    for text in (
        "The Kenyan and Ugandan presidents publicly disagreed over the pipeline route.",
        "The tribunal regrets Ghana's decision to skip the hearing.",
        "Nigerian senators are angry with the ministry's handling of the strike.",
        "The Zambian president attacked the newspaper in a speech on Friday.",
        "The two foreign ministers traded barbs for a week.",
    ):
        assert "ACCUSE" in _types(text), text
    # attacking a place is still an attack, and regretting a loss is sorrow
    assert _types("Gunmen attacked the village on Friday.") == ["ASSAULT"]
    assert "ACCUSE" not in _types("The minister regrets the loss of life in the flood.")


def test_tariffs_trade_wars_and_travel_bans_are_sanctions() -> None:
    tariffs = _first("Pretoria announced new tariffs on Zambian copper on Monday.", "SANCTION")
    assert tariffs.recipient and tariffs.recipient[0].country == "ZMB"
    assert "SANCTION" in _types("Kenya has been waging a trade war with Tanzania since March.")
    ban = _first("Washington barred two Ugandan officials from entering the country.", "SANCTION")
    assert ban.recipient and ban.recipient[0].country == "UGA"
    # turning back migrants at the border is not a sanction on a state
    assert "SANCTION" not in _types("Guards barred the migrants from entering the port.")


def test_buying_arms_or_goods_from_a_state_is_cooperation_with_it() -> None:
    arms = _first("Nigeria bought Turkish drones last year.", "COOPERATE")
    assert arms.recipient and arms.recipient[0].country == "TUR"
    assert "COOPERATE" in _types("Kenya's purchase of the French helicopters was approved on Monday.")
    assert "COOPERATE" in _types("Egypt imports most of its wheat from Russia.")
    assert "COOPERATE" in _types("The raid was carried out in coordination with the Malian army.")
    # buying a house is no cooperation between states
    assert "COOPERATE" not in _types("The minister bought a house in Nairobi.")


def test_people_freed_by_name_by_pronoun_or_from_prison() -> None:
    for text in (
        "He was released in March after two years in detention.",
        "Uganda freed Ivan Okello on Monday.",
        "The blogger spoke to reporters after being freed from prison.",
    ):
        assert "RETREAT" in _types(text), text
    assert "RETREAT" not in _types("The ministry released a statement on Monday.")


def test_a_source_tying_a_party_to_violence_accuses_it() -> None:
    assert _accusations("Kenyan police said the cell was linked to a Somali militant group.")
    assert _accusations("Some lawyers claim the explosion was a plot by the army to delay the vote.")
    assert not _accusations("The Tanzanian minister said the two towns are linked to the coast by a new road.")


def test_naming_what_another_party_needs_to_do_is_a_request() -> None:
    event = _first("The envoy stressed the need for the Malian government to pay the soldiers.", "REQUEST")
    assert event.recipient and event.recipient[0].country == "MLI"
    assert "REQUEST" not in _types("There is a need for more rain to fall in the north.")


def test_troops_of_a_body_pulling_out_leave_a_country_not_the_body() -> None:
    assert "RETREAT" in _types("The raid came during the withdrawal of British and NATO troops from the province.")
    assert "SANCTION" in _types("Niger withdrew from ECOWAS in January.")


def test_the_dead_an_attack_leaves_are_its_toll_not_a_second_attack() -> None:
    # a killing verb hung on the attack (a participle clause, or a second verb sharing its
    # subject) is the attack's outcome: one event
    assert _types("Gunmen opened fire on a wedding party in the hills, killing nine guests.").count("ASSAULT") == 1
    assert _types("Insurgents raided the outpost at dawn and killed four guards.").count("ASSAULT") == 1
    # a second verb with its own subject is another party's act
    assert _types("Rebels attacked the garrison, and soldiers killed twelve of them.").count("ASSAULT") == 2


def test_a_clause_of_circumstance_is_not_part_of_a_vow() -> None:
    # what happens "as" or "after" someone speaks is an event of its own, not the speech's content
    record = _coder().code(
        "The minister vowed to keep the border shut as the rebels pulled back from the river.",
        published="2025-04-02",
    )
    assert [e.type for e in record.events] == ["AGREE", "RETREAT"]
    warned = "The mayor warned that the city would cut water supplies after the union rejected the offer."
    assert "REJECT" in _types(warned)


def test_hostilities_are_fighting_but_hostility_is_an_attitude() -> None:
    assert "ASSAULT" in _types("The army and the rebels resumed hostilities on Monday.")
    assert "ASSAULT" not in _types("The editor said the council's hostility toward the press was plain.")


def test_a_crackdown_on_a_party_is_repression_not_an_armed_attack() -> None:
    types = _types("The junta widened its crackdown against opposition students on Tuesday.")
    assert "COERCE" in types and "ASSAULT" not in types


def test_leaving_an_agreement_is_a_sanction_not_a_retreat() -> None:
    types = _types("The withdrawal of Ruritania from the trade pact angered its neighbours.")
    assert "SANCTION" in types and "RETREAT" not in types
    assert "RETREAT" in _types("Rebels withdrew from the town of Kessa on Monday.")


def test_trying_to_persuade_a_party_to_act_is_a_request_to_it() -> None:
    event = next(
        e
        for e in _coder()
        .code("Diplomats tried to convince the junta to hold elections next year.", published="2025-04-02")
        .events
        if e.type == "REQUEST"
    )
    assert event.recipient and event.recipient[0].text == "the junta"


def test_a_possibility_no_one_is_said_to_bring_about_is_no_event() -> None:
    # a passive act in a conditional or modal clause, with no doer, is a fear or a scenario
    assert _types("Parents fear that pupils could be abducted on the way to school.") == []
    assert _types("If the curfew is lifted, traders could return to the market.") == []
    assert "CONCEDE" not in _types('"We will look elsewhere if the freeze is not lifted," the minister said.')
    assert "CONCEDE" in _types("The charge against the editor has not been dropped.")  # told as not done
    # with a doer it is a hypothetical event of that doer
    assert "ASSAULT" in _types("Rebels could attack the villages again, officials said.")


def test_deaths_in_a_disaster_or_an_accident_are_no_assault() -> None:
    assert _types("Five people were killed in the earthquake on Tuesday.") == []
    assert _types("Two soldiers were killed in a helicopter crash.") == []
    assert _types("Two soldiers were killed in an ambush near the pass.") == ["ASSAULT"]


def test_a_kind_of_conduct_fought_or_discussed_is_no_act() -> None:
    # a bare noun for conduct, named as what is fought or talked about, accuses no one
    assert "ACCUSE" not in _types('"We will keep up the fight against graft in the ports," the minister said.')
    assert "ACCUSE" not in _types('"The problem of impunity in the police is old," the minister said.')
    # with an owner it is someone's conduct
    assert "ACCUSE" in _types("The opposition condemned the corruption of the ruling family.")


def test_fighting_a_kind_of_thing_or_for_a_cause_is_no_attack() -> None:
    assert "ASSAULT" not in _types("The new government has pledged to fight corruption in the ports.")
    assert "ASSAULT" not in _types("Teachers are fighting for better pay.")
    assert "ASSAULT" in _types("Troops fought militants near the border on Sunday.")


def test_a_verb_in_the_perfect_progressive_is_anchored_in_the_past() -> None:
    from dotterel.dates import tense_of

    doc = _coder().nlp("The army has been shelling the town.")
    assert tense_of(doc[4]) == "past"


def test_a_plan_met_with_anger_is_no_meeting() -> None:
    assert "CONSULT" not in _types("The reform plan was met with anger in the provinces.")
    assert "CONSULT" in _types("The envoy met with rebel leaders on Monday.")


def test_should_in_a_clause_of_purpose_is_no_demand() -> None:
    assert "REQUEST" not in _types(
        '"So instead, I cut the boys\' hair so that they should stay in class," the mother said.'
    )
    assert "REQUEST" in _types("The union said the minister should resign.")


def test_warning_that_a_thing_is_so_is_no_threat() -> None:
    # the warner's own step still to come is a threat; a warning about how things are is not
    assert "THREATEN" not in _types("Firefighters warn it is far too large to put out.")
    assert "THREATEN" in _types("Ankara warned it could turn to Moscow for jets.")


def test_an_act_welcomed_as_news_with_its_own_doer_happened() -> None:
    record = _coder().code(
        "Donors welcomed the news that the rebels had agreed to a truce on Monday.", published="2025-04-02"
    )
    agreed = [e for e in record.events if e.type == "AGREE"]
    assert [e.type for e in record.events] == ["SUPPORT", "AGREE"]
    assert agreed[0].actor and agreed[0].actor[0].text == "the rebels"
    # an allegation is a claim, not an act told as done
    assert _types("The union alleged that the police had beaten the strikers.") == ["ACCUSE"]


def test_aiming_a_weapon_at_someone_is_a_threat_to_them() -> None:
    events = _coder().code("A soldier pointed his rifle at the reporter.").events
    event = next(e for e in events if e.type == "THREATEN")
    assert event.recipient and event.recipient[0].text == "the reporter"
    assert _types("The minister pointed at the map.") == []


def test_a_capital_named_by_its_country_is_that_city() -> None:
    record = _coder().code("A bomb exploded in the Somali capital on Friday.", published="2025-04-02")
    assert [(p.name, p.country) for p in record.places] == [("Mogadishu", "SOM")]
    # the city named beside it is the place, not the phrase
    record = _coder().code("Rebels shelled the Syrian capital, Damascus, on Monday.", published="2025-04-02")
    assert [p.text for p in record.places] == ["Damascus"]


def test_x_with_a_full_stop_is_the_platform_not_an_initial() -> None:
    # read as an initial, "X." never ends a sentence; split off, the full stop can
    doc = _coder().nlp("Her lawyer broke the news on X. Police raided the newspaper the next day.")
    assert [t.text for t in doc[6:9]] == ["X", ".", "Police"]
    doc = _coder().nlp("The rebel commander announced the truce in a video he shared on X. Soldiers shelled a village.")
    assert len(list(doc.sents)) == 2


def test_a_feeling_is_no_actor() -> None:
    events = _coder().code("Anger spilled onto the streets of Nairobi on Tuesday as police fired tear gas.").events
    assert all(a.text.lower() != "anger" for e in events for a in e.actor)


def _recipients(text: str, event_type: str) -> list[str]:
    event = next(e for e in _coder().code(text, published="2025-04-02").events if e.type == event_type)
    return [r.text for r in event.recipient]


def test_recipients_of_allegations_bombs_and_speeches_to_a_body() -> None:
    assert _recipients("The union alleged the mayor had rigged the tender.", "ACCUSE") == ["the mayor"]
    assert _recipients("A bomber detonated a device near a police convoy on Monday.", "ASSAULT") == ["a police convoy"]
    # addressing a council is aimed at it, not a meeting among equals
    assert _recipients("The envoy briefed the Security Council on Tuesday.", "CONSULT") == ["the Security Council"]


def test_allowing_a_thing_to_happen_is_no_concession() -> None:
    assert "CONCEDE" not in _types("The mayor has allowed crime to flourish in the city.")
    assert "CONCEDE" in _types("The junta allowed the opposition leader to hold a rally on Sunday.")


def test_joint_flights_are_cooperation_and_a_drawn_out_trial_no_retreat() -> None:
    assert "COOPERATE" in _types("Chinese and Russian bombers made joint flights near Alaska on Tuesday.")
    assert _types("The trial has been drawn out for years.") == []
    assert _types("The army drew back from the border town.") == ["RETREAT"]


def test_alternatives_inside_a_threat_are_part_of_it() -> None:
    # "to close or suspend" is one threat with two options, not a threat and a retreat
    assert _types("The union has threatened to shut or picket the plant.") == ["THREATEN"]
    assert _types("The rebels threatened the town and attacked a convoy on Monday.") == ["THREATEN", "ASSAULT"]


def test_a_denial_is_the_deniers_rejection_alone() -> None:
    # the gold guide and PLOVER's note on "deny responsibility": the denial is the event
    assert _types("The militia routinely denies giving shelter to foreign fighters.") == ["REJECT"]
    assert _types("The navy denied that its ships had fired on the fishing boats.") == ["REJECT"]


def test_a_source_placing_perpetrators_abroad_accuses() -> None:
    text = '"The masterminds of this massacre are hiding across the border," the governor said.'
    assert _types(text) == ["ACCUSE"]
    assert "ACCUSE" not in _types("The aid agency is based in Geneva, its director said.")


def test_a_source_saying_a_party_breaks_a_law_or_a_right_accuses() -> None:
    assert _types("Rights groups say the new detention law violates Chile's obligations under the treaty.") == [
        "ACCUSE"
    ]
    assert _types('"This is a flagrant violation of our sovereignty," the foreign minister said.') == ["ACCUSE"]
    # a broken truce is fighting, not a judgement
    assert "ACCUSE" not in _types("Both armies are guilty of violating the truce agreement, monitors said.")


def test_the_gravest_names_and_blame_for_a_harm_accuse() -> None:
    assert _types('"What happened in the camps are war crimes," the envoy said.') == ["ACCUSE"]
    assert _types('"The junta is responsible for this famine," the senator told reporters.') == ["ACCUSE"]
    assert _types('"The ministry alone is to blame," the union leader said.') == ["ACCUSE"]
    # being in charge of a task is no blame
    assert "ACCUSE" not in _types('"The army is responsible for security at the polls," the minister said.')


def test_every_item_of_a_charge_is_its_content_not_an_act() -> None:
    assert _types("The rebels are accused of looting, rape and abducting children.") == ["ACCUSE"]
    # a list of dangers is no charge: the assault in it is told as happening
    assert "ASSAULT" in _types("Children face threats of hunger, disease and sexual assault by the militias.")


def test_a_fight_with_a_fire_or_a_disease_is_no_attack() -> None:
    assert _types("Volunteers battled the blaze for two days.") == []
    assert _types("Troops opened fire on the crowd.") == ["ASSAULT"]


def test_calling_an_act_an_attack_on_something_is_no_second_attack() -> None:
    assert _types("The raid on the newspaper is an attack on press freedom.").count("ASSAULT") == 1
    assert _types('"The blast was a plot hatched by the secret police," the senator said.') == ["ACCUSE"]


def test_some_of_the_wanted_being_caught_is_an_arrest() -> None:
    assert _types("Police caught two of the escaped inmates near the river on Friday.") == ["COERCE"]
    assert _types("The rangers caught two of the fish in the lake.") == []


def test_wearing_explosives_is_no_attack() -> None:
    assert _types("The guards said the intruder was carrying a suicide belt.") == []


def test_a_journey_of_vehicles_or_of_people_on_the_move_is_no_visit() -> None:
    assert _types("The Iranian tanker arrived in Latakia on Sunday.") == []
    assert _types("Ethiopians arrived in the port of Djibouti by boat.") == []
    assert _types("The forty detainees were flown to Texas on Tuesday.") == []
    assert _types("A trade delegation traveled to Hanoi in May.") == ["CONSULT"]


def test_support_from_a_party_better_ties_and_agreements_between_parties() -> None:
    assert _types("The reform passed with support from the three largest parties.") == ["SUPPORT"]
    assert _types("Washington's improved ties with Hanoi worry Beijing.") == ["SUPPORT"]
    assert _types("A 2015 agreement between Peru and Bolivia set the border.") == ["SUPPORT"]


def test_calls_on_a_party_and_saying_it_is_time_to_act_are_requests() -> None:
    text = "The bishops said their repeated calls on the two armies to stop the shelling have gone unanswered."
    assert "REQUEST" in _types(text)
    assert _types('"It\'s time to lift the curfew," the governor said.') == ["REQUEST"]
    # a call on a day is no demand
    assert "REQUEST" not in _types("The two leaders held a phone call on Monday.")


def test_an_act_someone_is_afraid_of_or_at_risk_of_is_not_reported_as_done() -> None:
    assert _types("The three activists live in fear of being sent home when their visas run out.") == []
    assert _types("Many are afraid of being detained at the border.") == []


def test_a_threat_of_a_penalty_is_a_threat_and_a_threat_in_a_participle_is_its_own_act() -> None:
    assert _types("The company went ahead despite threats of American sanctions.") == ["THREATEN"]
    assert "THREATEN" not in _types("The threat of war hangs over the valley.")
    types = _types("Threatening to kill the hostages, the gunmen demanded the release of their leader.")
    assert "THREATEN" in types and "REQUEST" in types


def test_a_source_running_down_a_party_accuses_it() -> None:
    assert _types('"The ministry is weak and incompetent," the union leader said.') == ["ACCUSE"]
    # no party judged, no accusation
    assert _types('"The weather is terrible," the farmer said.') == []


def test_a_standing_refusal_to_recognise_is_a_rejection() -> None:
    assert _types("The party does not recognize the electoral court.") == ["REJECT"]
    assert "REJECT" not in _types("The court recognized the new party in March.")


def test_worry_about_how_things_stand_or_a_hazard_blames_no_one() -> None:
    assert _types("China expressed concern about rising tensions on the peninsula.") == []
    assert _types("The EU voiced concern over the arrests of the two reporters.") == ["ACCUSE"]
    assert _types("A tropical cyclone slammed into the coast of Mozambique this week.") == []


def test_a_request_noun_with_the_act_asked_and_a_spoken_need_for_a_step_are_requests() -> None:
    assert _types("Chile filed several requests for the hearing to be postponed.") == ["REQUEST"]
    assert _types('"We need real talks with the rebels," the general said.') == ["REQUEST"]
    assert _types('"We need more money," the farmer said.') == []


def test_penalties_measures_and_laws_aimed_at_a_party_are_sanctions() -> None:
    assert _types("The White House is punishing Beijing over trade.") == ["SANCTION"]
    assert _types("Lawmakers voted on Tuesday on measures against Belarus.") == ["SANCTION"]
    assert _types("A Senate committee passed legislation targeting Iran and Iranian officials.") == ["SANCTION"]
    assert "SANCTION" not in _types("Doctors took measures against the virus.")
    assert "SANCTION" not in _types("The junta has imposed strict measures against women.")


def test_assurances_readiness_and_promises_to_keep_ties_are_agreements_made_when_said() -> None:
    assert _types("Beijing had assured Bangkok that the men would be treated well.") == ["AGREE"]
    assert _types("The rebels said they were ready for a truce along the river.") == ["AGREE"]
    event = _coder().code(
        "The union said it will maintain close trade ties with its two neighbours.", published="2025-04-02"
    ).events[0]
    assert (event.type, event.modality) == ("AGREE", "asserted")
    assert _types("The two countries maintain close ties.") == []


def test_curbs_on_access_sealing_a_border_and_a_jailed_person_are_coercion() -> None:
    assert "COERCE" in _types("The junta's sweeping curbs on women's access to education drew criticism.")
    assert _types("Troops sealed the border crossings on Monday.") == ["COERCE"]
    event = _coder().code("Supporters of the imprisoned opposition leader gathered outside.", published="2025-04-02")
    coerced = [e for e in event.events if e.type == "COERCE"]
    assert coerced and coerced[0].recipient[0].sector == "OPP"
    assert "COERCE" not in _types("Lawyers visited the detained centres last week.")


def test_a_judgement_said_now_and_a_refusal_announced_are_made_when_said() -> None:
    text = "Rights groups say the 2019 deportations violated international law."
    judgement = next(e for e in _coder().code(text, published="2025-04-02").events if e.type == "ACCUSE")
    assert judgement.modality == "asserted"
    refusal = _coder().code("The militia announced it will no longer recognize the governor.", published="2025-04-02")
    assert [(e.type, e.modality) for e in refusal.events] == [("REJECT", "asserted")]


def test_opposing_what_a_party_does_accuses_it_and_opposing_a_proposal_rejects_it() -> None:
    assert _types("The group opposes Chinese mining investment in the valley.") == ["ACCUSE"]
    assert _types("The ministers reiterated their opposition to any effort to redraw the border.") == ["ACCUSE"]
    assert _types("The union opposes the new pension bill.") == ["REJECT"]


def test_a_source_saying_an_act_must_go_on_or_stop_requests_it() -> None:
    assert _types('"Talks with the unions must continue," the prime minister said.') == ["REQUEST"]
    assert "REQUEST" not in _types("Talks with the unions will continue next week.")
