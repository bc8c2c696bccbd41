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
