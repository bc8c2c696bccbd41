"""The event coder on sentences of our own: types, roles, flags from the dependency parse."""

from collections.abc import Callable

import pytest

from dateline.extract.events.coder import EventCandidate, code_sentence
from dateline.extract.events.lexicon import load_grammar, load_lexicon
from dateline.nlp import ParsedArticle


@pytest.fixture(scope="module")
def code(parse: Callable[..., ParsedArticle]) -> Callable[[str], list[EventCandidate]]:
    lex, g = load_lexicon(), load_grammar()

    def _code(text: str) -> list[EventCandidate]:
        doc = parse(text).doc
        return [c for s in doc.sents for c in code_sentence(s, lex, g)]

    return _code


def one(events: list[EventCandidate], etype: str) -> EventCandidate:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, [(e.type, e.token.text) for e in events]
    return found[0]


def words(tokens: list) -> list[str]:  # type: ignore[type-arg]
    return [t.text for t in tokens]


def test_active_verb_with_subject_and_object(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code("Kenyan police arrested three opposition activists in Nairobi on Monday."), "COERCE"
    )
    assert ev.mode == "arrest"
    assert words(ev.sources) == ["police"] and words(ev.targets) == ["activists"]


def test_passive_voice_swaps_roles(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("The opposition leader was arrested by military police in Kampala."), "COERCE")
    assert words(ev.sources) == ["police"] and words(ev.targets) == ["leader"]
    assert ev.passive


def test_agentless_arrest_keeps_implicit_state_agent(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Two journalists were detained on Friday."), "COERCE")
    assert ev.implicit_source and not ev.sources


def test_nominalisation_with_possessor_and_destination(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("The Egyptian foreign minister's visit to Damascus lasted two days."), "CONSULT")
    assert ev.mode == "visit"
    assert words(ev.sources) == ["minister"] and words(ev.targets) == ["Damascus"]


def test_support_verb_gives_the_noun_its_source(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Turkey and Sweden held talks in Vilnius on Tuesday."), "CONSULT")
    assert words(ev.sources) == ["Turkey", "Sweden"]


def test_coordination_gives_compound_source(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code("Qatar, Saudi Arabia and Egypt condemned the raid on the refugee camp."), "ACCUSE"
    )
    assert words(ev.sources) == ["Qatar", "Arabia", "Egypt"]


def test_embedded_act_is_absorbed_by_rejection(code) -> None:  # type: ignore[no-untyped-def]
    events = code(
        "The government rejected a request from its neighbour to extradite two opposition leaders."
    )
    assert [e.type for e in events] == ["REJECT"]
    assert words(events[0].targets) == ["neighbour"]


def test_reported_speech_attributes_the_event(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("The spokesman said the rebels had rejected the ceasefire proposal."), "REJECT")
    assert words(ev.sources) == ["rebels"]
    assert ev.reporter is not None and ev.reporter.text == "spokesman"


def test_threat_takes_mode_from_what_is_threatened(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Washington threatened to impose new sanctions on Caracas.")
    assert [e.type for e in events] == ["THREATEN"]
    assert events[0].mode == "relations"


def test_negation_future_and_hypothesis_flags(code) -> None:  # type: ignore[no-untyped-def]
    assert one(code("The army did not attack the village."), "ASSAULT").negated
    assert one(code("The two presidents will meet in Geneva next week."), "CONSULT").future
    hyp = one(code("Analysts said the rebels could attack the city."), "ASSAULT")
    assert hyp.hypothetical


def test_conditional_announcement_is_a_threat(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code("Nigeria said it will withdraw its peacekeepers from Chad unless the fighting stops."),
        "THREATEN",
    )
    assert not ev.hypothetical
    assert one(code("Farmers would block the highway if the law passed."), "THREATEN")


def test_announced_cooperation_is_an_offer(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Norway said it will provide emergency food aid to the refugees."), "AGREE")
    assert words(ev.sources) == ["it"]


def test_negated_offer_is_a_refusal(code) -> None:  # type: ignore[no-untyped-def]
    events = code(
        "The minister said his country would not send troops or provide aid to the rebels."
    )
    assert "REJECT" in [e.type for e in events]


def test_obligation_in_reported_clause_is_a_request(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("The foreign secretary said Libya must hand over the two suspects."), "REQUEST")
    assert words(ev.sources) == ["secretary"] and words(ev.targets) == ["Libya"]


def test_one_event_per_type_per_sentence(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Gunmen attacked a convoy near Mosul, killing four soldiers and wounding six.")
    assert [e.type for e in events] == ["ASSAULT"]
    assert words(events[0].sources) == ["Gunmen"]


def test_relative_clause_subject(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code("Villagers described the militants who attacked the market on Sunday."), "ASSAULT"
    )
    assert words(ev.sources) == ["militants"]


def test_generic_mentions_without_actor_are_not_events(code) -> None:  # type: ignore[no-untyped-def]
    assert code("The war has lasted for three years.") == []
    assert code("Talks are difficult.") == []


def test_event_dates_are_output_v1_precisions() -> None:
    from dateline.extract.events.assemble import event_date

    assert event_date("2025-03-10TNI") == "2025-03-10"
    assert event_date("2025-03-10T14:00") == "2025-03-10"
    assert event_date("2025-03") == "2025-03" and event_date("2016") == "2016"
    assert event_date("2025-W10") == "2025-03"  # the month of the week's Thursday
    for vague in ("199X", "2025-SU", "2025-Q1", "PAST_REF", None):
        assert event_date(vague) is None


def test_protest_senses(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code("Hundreds of protesters gathered outside parliament in Nairobi on Sunday."), "PROTEST"
    )
    assert words(ev.sources) == ["Hundreds"]
    assert one(code("Thousands joined a rally against the new tax law on Sunday."), "PROTEST")
    assert code("Supporters packed the campaign rally in Ohio.") == []
    assert code("Voters lined up at his rally on Friday.") == []


def test_seize_and_strike_senses(code) -> None:  # type: ignore[no-untyped-def]
    assert one(code("Rebels seized the town of Kidal on Friday."), "ASSAULT")
    assert one(code("Customs officers seized weapons at the port."), "COERCE").mode == "seize"
    assert one(code("Teachers went on strike over unpaid wages."), "PROTEST").mode == "strike"
    assert one(code("Warplanes struck a convoy near the border."), "ASSAULT")


def test_planned_cooperation_keeps_its_type_with_future_flag(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Japan will send food aid to the flood victims next month."), "AID")
    assert ev.future


def test_background_and_compound_nouns(code) -> None:  # type: ignore[no-untyped-def]
    # an event noun in a temporal phrase is background, not news
    assert [e.type for e in code("Troops stayed on alert after a week of Palestinian unrest.")] != [
        "PROTEST"
    ]
    ev = one(
        code("A court in Nairobi issued an arrest warrant for the former minister."), "THREATEN"
    )
    assert ev.mode == "arrest"
    assert [e.type for e in code("Students marched in March against the fee increase.")] == [
        "PROTEST"
    ]


def test_protest_absorbs_its_demands(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Thousands of Kurds demonstrated in Kirkuk on Sunday, calling for a referendum.")
    assert [e.type for e in events] == ["PROTEST"]


def test_trade_ban_is_a_sanction(code) -> None:  # type: ignore[no-untyped-def]
    assert one(code("China banned imports of Australian wine."), "SANCTION")


def test_temporal_subordinate_clause_is_background(code) -> None:  # type: ignore[no-untyped-def]
    events = code(
        "UN troops withdrew from the buffer zone two weeks after rebels kidnapped dozens of peacekeepers."
    )
    assert [e.type for e in events] == ["RETREAT"]


def test_warnings_and_commitments(code) -> None:  # type: ignore[no-untyped-def]
    assert code("Doctors warn that the heat wave may last into next month.") == []
    assert one(code("Iran warned Israel that it would retaliate against any strike."), "THREATEN")
    assert [e.type for e in code("Both sides have committed grave abuses.")] == []


def test_two_sided_violence_has_all_sides_as_sources(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code(
            "Israeli jets struck targets in Gaza on Monday while Hamas fighters fired rockets at Tel Aviv."
        ),
        "ASSAULT",
    )
    assert words(ev.sources) == ["jets", "fighters"]


def test_denial_negates_the_denied_act(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("The M23 rebels denied attacking the town of Sake on Monday."), "ASSAULT")
    assert ev.negated and words(ev.sources) == ["rebels"]


def test_first_person_in_a_quote_is_its_speaker(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from dateline.cli import app

    text = (
        "Pakistan blamed Afghanistan for the train attack. "
        '"We categorically reject these baseless allegations," Taliban spokesman Zabihullah Mujahid said.'
    )
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "q", "published": "2025-03-11", "text": text}) + "\n")
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "-q"]).exit_code == 0
    doc = json.loads(out.read_text())
    reject = next(e for e in doc["events"] if e["type"] == "REJECT")
    assert [(a["country"], a["sector"]) for a in reject["source"]] == [("AFG", "REB")]


def test_misparsed_headlines(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Two journalists detained in Cairo on Monday."), "COERCE")
    assert words(ev.targets) == ["journalists"] and ev.implicit_source
    ev = one(
        code("Thousands of students protested in Belgrade on Saturday against the government."),
        "PROTEST",
    )
    assert words(ev.sources) == ["Thousands"]


def test_acts_done_to_protest_are_protests(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Dock workers shunned work on Monday to protest the new labour law."), "PROTEST")
    assert words(ev.sources) == ["workers"]
    assert (
        one(
            code("Angry farmers blocked the bridge into the capital for six hours."), "PROTEST"
        ).mode
        == "obstruct"
    )
    assert one(code("The army strengthened its forces along the border."), "MOBILIZE")


def test_topic_of_a_meeting_is_not_an_event(code) -> None:  # type: ignore[no-untyped-def]
    events = code("The ministers attended a summit in Geneva on the unrest in Iran.")
    assert "PROTEST" not in [e.type for e in events]


def test_a_warning_aimed_at_an_actor_is_a_threat(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code("The Ugandan army warned about the Lord's Resistance Army on Monday."), "THREATEN"
    )
    assert words(ev.sources) == ["army"] and "Army" in words(ev.targets)
    # a warning about a thing, addressed to no one, is a statement
    assert not [e for e in code("Doctors warned about the heat on Monday.") if e.type == "THREATEN"]


def test_a_claimed_attack_is_the_claimant_accusing(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Armenia claimed that Azerbaijani troops had shelled a border village.")
    ev = one(events, "ACCUSE")
    assert words(ev.sources) == ["Armenia"] and words(ev.targets) == ["troops"]
    assert not [e for e in events if e.type == "ASSAULT"]
    # a plain report of an attack stays an attack
    said = code("Armenia said that Azerbaijani troops had shelled a border village.")
    assert words(one(said, "ASSAULT").sources) == ["troops"]
    # claiming responsibility is an admission: no accusation
    owned = code("The rebel group claimed responsibility for the ambush on the convoy.")
    assert not [e for e in owned if e.type == "ACCUSE"]


def test_fighting_an_ill_is_not_an_assault(code) -> None:  # type: ignore[no-untyped-def]
    assert not [
        e for e in code("The city will fight homelessness this winter.") if e.type == "ASSAULT"
    ]
    assert not [
        e for e in code("Ministers vowed to combat corruption in the ports.") if e.type == "ASSAULT"
    ]
    ev = one(code("Government troops fought the rebels near the border."), "ASSAULT")
    assert words(ev.targets) == ["rebels"]


def test_received_assurances_come_from_the_giver(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("The striking miners received assurances from the labour ministry."), "AGREE")
    assert words(ev.sources) == ["ministry"] and words(ev.targets) == ["miners"]


def test_presenting_evidence_against_someone_is_an_accusation(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Prosecutors presented evidence against the former governor."), "ACCUSE")
    assert ev.mode == "allege" and words(ev.sources) == ["Prosecutors"]


def test_agentless_killing_names_its_weapon(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Four soldiers were killed in a roadside bomb blast near Kandahar."), "ASSAULT")
    assert words(ev.sources) == ["bomb"] and words(ev.targets) == ["soldiers"]
    assert not code("Two farmers were killed in a road accident on Sunday.")


def test_ending_a_conflict_measure_is_a_retreat_easing_a_rule_a_concession(code) -> None:  # type: ignore[no-untyped-def]
    assert (
        one(code("The navy lifted its blockade of the harbour on Friday."), "RETREAT").mode
        == "access"
    )
    assert (
        one(code("Militia leaders declared a ceasefire on Sunday."), "RETREAT").mode == "ceasefire"
    )
    assert one(code("The governor lifted the curfew in the capital."), "CONCEDE")


def test_aid_goods_counted_by_weight_or_listed_second(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Red Cross volunteers handed over 300 kg of medicine to the clinic."), "AID")
    assert words(ev.sources) == ["volunteers"]
    assert one(code("Japan is providing satellite images and other intelligence to Manila."), "AID")
    assert (
        one(code("The tenants handed over the keys to the landlord."), "RETREAT").mode == "return"
    )


def test_inspectors_sent_and_compensation_paid(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("The agency dispatched inspectors to the reactor site on Monday."), "ACCUSE")
    assert ev.mode == "investigate" and words(ev.sources) == ["agency"]
    paid = one(
        code("The government paid compensation to families whose land was seized."), "RETREAT"
    )
    assert paid.mode == "return"


def test_taking_to_the_streets_and_chanting_are_protests(code) -> None:  # type: ignore[no-untyped-def]
    assert one(code("Thousands of nurses took to the streets of Lagos on Friday."), "PROTEST")
    assert one(code("Students chanted slogans outside the ministry."), "PROTEST").mode == "demo"
    assert not code("The monks chanted prayers at dawn.")


def test_a_visit_without_object_takes_its_host_from_the_place(parse, tmp_path) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "verbs.yaml"
    user.write_text("CONSULT:\n  verbs:\n    - arrive: visit\n", encoding="utf-8")
    lex, g = load_lexicon((str(user),)), load_grammar()
    doc = parse("The Kenyan president arrived in Beijing on Monday for a state visit.").doc
    [ev] = [c for s in doc.sents for c in code_sentence(s, lex, g) if c.type == "CONSULT"]
    assert ev.mode == "visit" and words(ev.targets) == ["Beijing"]


def test_preparing_an_attack_is_mobilising(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("The army prepared to shell rebel positions near the river."), "MOBILIZE")
    assert ev.mode == "troops" and words(ev.sources) == ["army"]
    assert one(code("The militia said it would attack the convoy."), "THREATEN")


def test_acts_one_is_engaged_in(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Militia units were engaged in ethnic cleansing in the valley."), "ASSAULT")
    assert words(ev.sources) == ["units"]
    assert words(
        one(code("Two envoys were involved in talks with the rebels."), "CONSULT").sources
    ) == ["envoys"]


def test_a_demands_clause_names_its_target(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code("Farmers' unions demanded on Monday that the government cut fuel prices."), "REQUEST"
    )
    assert words(ev.targets) == ["government"]
    noun = one(
        code("The union repeated its demand that Ghana release the two organisers."), "REQUEST"
    )
    assert words(noun.targets) == ["Ghana"]


def test_the_parties_of_a_mediation_are_its_targets(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Norway's mediation between Colombia and the rebels began in March."), "CONSULT")
    assert ev.mode == "third-party"
    assert words(ev.sources) == ["Norway"] and words(ev.targets) == ["Colombia", "rebels"]
    talks = one(code("Talks between Colombia and the rebels began in March."), "CONSULT")
    assert words(talks.sources) == ["Colombia", "rebels"] and not talks.targets


def test_a_protested_thing_names_its_owner_as_target(code) -> None:  # type: ignore[no-untyped-def]
    # the object or "against" phrase of a protest is often a thing: its owner is the target
    ev = one(code("Villagers protested Tanzania's plan to build a dam."), "PROTEST")
    assert words(ev.targets) == ["Tanzania"]
    ev = one(code("Lawyers protested against the Zambian cabinet's new rules."), "PROTEST")
    assert words(ev.targets) == ["cabinet"]
    ev = one(code("Students marched against the policies of the military junta."), "PROTEST")
    assert words(ev.targets) == ["junta"]
    # after a noun of what is done to someone, the "of" phrase is the victim, not the owner
    ev = one(code("The opposition protested against the arrest of its leader."), "PROTEST")
    assert "leader" not in words(ev.targets)


def test_in_protest_takes_the_subject_of_its_verb(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(
        code("Nurses stayed at home in protest against the health ministry's new rules."),
        "PROTEST",
    )
    assert words(ev.sources) == ["Nurses"] and words(ev.targets) == ["ministry"]
    # plural, with "recent": when it happened, not how the police acted
    assert not [
        e
        for e in code("In recent protests, police fired tear gas at students.")
        if e.type == "PROTEST" and "police" in words(e.sources)
    ]


def test_a_complaint_targets_the_doer_of_what_it_is_about(code) -> None:  # type: ignore[no-untyped-def]
    ev = one(code("Lebanon complained to the United Nations over two Israeli air raids."), "ACCUSE")
    assert words(ev.targets) == ["Israeli"]
    # no doer named ("the arrest of its fishermen"): the one complained to stays the target
    ev = one(code("Kenya complained to Uganda about the arrest of its fishermen."), "ACCUSE")
    assert words(ev.targets) == ["Uganda"]


def test_an_event_noun_that_classifies_people_is_no_event(code) -> None:  # type: ignore[no-untyped-def]
    # "truce monitors", "protest leaders", "border patrol agents" are people
    assert not [e for e in code("UN truce monitors arrived in Kassala.") if e.type == "AGREE"]
    events = code("Protest leaders met the governor of Lagos on Friday.")
    assert [e.type for e in events] == ["CONSULT"]
    arrest = one(code("Border patrol agents arrested six smugglers near Tijuana."), "COERCE")
    assert words(arrest.sources) == ["agents"]


def test_the_frame_of_another_event_is_background(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Two bombers killed 23 people in the worst attack in the current uprising.")
    assert "uprising" not in [e.token.text for e in events]
    assert one(events, "ASSAULT").token.text == "killed"
