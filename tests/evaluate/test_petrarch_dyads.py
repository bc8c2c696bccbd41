"""PETRARCH-style dyads of output-v1 events (dateline/evaluate/petrarch_validation.py)."""

from dateline.evaluate.petrarch_validation import system_dyads


def _actor(country: str) -> dict[str, str]:
    return {"name": country.title(), "country": country}


def test_one_dyad_per_source_and_target_pair() -> None:
    event = {"type": "ASSAULT", "source": [_actor("AAA"), _actor("BBB")], "target": [_actor("CCC")]}
    assert system_dyads(event) == [("ASSAULT", "AAA", "CCC"), ("ASSAULT", "BBB", "CCC")]


def test_a_joint_act_with_no_target_runs_both_ways() -> None:
    talks = {"type": "CONSULT", "source": [_actor("AAA"), _actor("BBB")], "target": []}
    assert system_dyads(talks) == [("CONSULT", "AAA", "BBB"), ("CONSULT", "BBB", "AAA")]
    postponed = {"type": "REJECT", "mode": "meet", "source": [_actor("AAA"), _actor("BBB")]}
    assert sorted(system_dyads(postponed)) == [("REJECT", "AAA", "BBB"), ("REJECT", "BBB", "AAA")]


def test_a_one_sided_act_with_no_target_stays_untargeted() -> None:
    strike = {"type": "ASSAULT", "source": [_actor("AAA"), _actor("BBB")], "target": []}
    assert system_dyads(strike) == [("ASSAULT", "AAA", ""), ("ASSAULT", "BBB", "")]
    alone = {"type": "CONSULT", "source": [_actor("AAA")], "target": []}
    assert system_dyads(alone) == [("CONSULT", "AAA", "")]


def test_a_negated_event_is_no_dyad() -> None:
    event = {"type": "ACCUSE", "negated": True, "source": [_actor("AAA")], "target": [_actor("B")]}
    assert system_dyads(event) == []


def test_a_meeting_or_visit_with_a_target_is_coded_for_both_sides() -> None:
    visit = {"type": "CONSULT", "mode": "visit", "source": [_actor("AAA")], "target": [_actor("B")]}
    assert system_dyads(visit) == [("CONSULT", "AAA", "B"), ("CONSULT", "B", "AAA")]
    met = {"type": "CONSULT", "source": [_actor("AAA")], "target": [_actor("B"), _actor("C")]}
    assert sorted(system_dyads(met)) == sorted(
        [("CONSULT", s, t) for s, t in [("AAA", "B"), ("AAA", "C"), ("B", "AAA"), ("C", "AAA")]]
    )
    mediation = {"type": "CONSULT", "mode": "third-party", "source": [_actor("AAA")]}
    mediation["target"] = [_actor("B")]
    assert system_dyads(mediation) == [("CONSULT", "AAA", "B")]
    untargeted_side = {"type": "CONSULT", "source": [_actor("AAA")], "target": [{"name": "x"}]}
    assert system_dyads(untargeted_side) == [("CONSULT", "AAA", "")]


def test_an_announced_act_is_coded_as_the_act_since_cameo_has_no_tense() -> None:
    offer = {"type": "AGREE", "act_type": "AID", "source": [_actor("AAA")], "target": [_actor("B")]}
    assert system_dyads(offer) == [("AID", "AAA", "B")]
    threat = {"type": "THREATEN", "act_type": "ASSAULT", "source": [_actor("AAA")], "target": []}
    assert system_dyads(threat) == [("ASSAULT", "AAA", "")]
    promise = {"type": "AGREE", "source": [_actor("AAA")], "target": [_actor("B")]}
    assert system_dyads(promise) == [("AGREE", "AAA", "B")]
    refusal = {"type": "REJECT", "act_type": "AID", "source": [_actor("AAA")], "target": []}
    assert system_dyads(refusal) == [("REJECT", "AAA", "")]


def test_actors_of_one_country_with_different_sectors_are_separate_dyads() -> None:
    media = {"name": "Danish media", "country": "DNK", "sector": "JRN"}
    government = {"name": "Danish government", "country": "DNK", "sector": "GOV"}
    again = {"name": "Copenhagen", "country": "DNK", "sector": "GOV"}
    event = {"type": "THREATEN", "source": [media, government, again], "target": [_actor("C")]}
    assert system_dyads(event) == [("THREATEN", "DNK", "C"), ("THREATEN", "DNK", "C")]
