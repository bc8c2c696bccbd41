"""The trigger lexicon and grammar lists are data: check their shape and a few meanings."""

from pathlib import Path

import pytest
import yaml

from dateline.extract.events.lexicon import (
    PLOVER_TYPES,
    LexiconError,
    build_lexicon,
    load_grammar,
    load_lexicon,
)

DATA = Path(__file__).resolve().parents[2] / "dateline" / "data" / "events"


def test_every_plover_type_has_verb_triggers() -> None:
    lex = load_lexicon()
    types = {t.type for entries in lex.verbs.values() for t in entries}
    assert types == set(PLOVER_TYPES)


def test_yaml_has_no_accidental_booleans() -> None:
    """YAML 1.1 reads bare on/off/yes/no as booleans: particles must stay words."""

    def walk(node: object, path: str) -> None:
        if isinstance(node, bool):
            assert path.endswith(("intransitive", "complement")), path
        elif isinstance(node, dict):
            for k, v in node.items():
                assert not isinstance(k, bool), path
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    for name in ("triggers.yaml", "grammar.yaml"):
        walk(yaml.safe_load((DATA / name).read_text()), name)


def test_two_word_entries_parse_into_particle_or_object() -> None:
    lex = load_lexicon()
    call = {(t.particle, t.type) for t in lex.entries("call", "VERB")}
    assert ("for", "REQUEST") in call and ("on", "REQUEST") in call
    open_fire = [t for t in lex.entries("open", "VERB") if t.obj == "fire"]
    assert open_fire and open_fire[0].type == "ASSAULT" and open_fire[0].mode == "firearms"
    air = [t for t in lex.entries("strike", "NOUN") if t.obj == "air"]
    assert air and air[0].type == "ASSAULT"
    emergency = lex.entries("state", "NOUN")
    assert emergency and emergency[0].particle == "of" and emergency[0].obj == "emergency"


def test_constrained_entries_come_before_plain_ones() -> None:
    lex = load_lexicon()
    for entries in list(lex.verbs.values()) + list(lex.nouns.values()):
        specs = [t.specificity for t in entries]
        assert specs == sorted(specs, reverse=True)


def test_word_classes_expand() -> None:
    lex = load_lexicon()
    seize_goods = [t for t in lex.entries("seize", "VERB") if t.type == "COERCE"]
    assert seize_goods and "weapon" in (seize_goods[0].object_in or ())


def test_user_lexicon_extends_and_validates(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("ASSAULT:\n  verbs:\n    - skewer: primitive\n")
    lex = load_lexicon((str(extra),))
    assert lex.entries("skewer", "VERB")[0].mode == "primitive"
    with pytest.raises(LexiconError):
        build_lexicon([{"FIGHT": {"verbs": ["punch"]}}])
    with pytest.raises(LexiconError):
        build_lexicon([{"ASSAULT": {"verbs": [{"lemma": "hit", "object": ["@nosuchclass"]}]}}])


def test_grammar_lists_load() -> None:
    g = load_grammar()
    assert "say" in g.reporting_verbs and "hold" in g.support_verbs and "speed" in g.support_verbs
    assert "plan" in g.future_control
    assert {"AGREE", "REJECT", "REQUEST", "THREATEN"} <= g.embedding_types
    assert "with" in g.preps_for("CONSULT") and "on" in g.preps_for("ASSAULT")
    assert "must" in g.obligation_modals
    assert "PROTEST" in g.owner_target_types and "ASSAULT" not in g.owner_target_types
    assert "protest" in g.manner_nouns and "in" in g.manner_preps
    assert "ACCUSE" in g.grievance_types and "over" in g.grievance_preps
    assert "monitor" in g.role_heads
    assert "troop" in g.means_nouns and "ASSAULT" not in g.means_types


def test_user_entries_win_over_packaged_ones(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("COOPERATE:\n  verbs:\n    - restore\n")
    lex = load_lexicon((str(extra),))
    assert lex.entries("restore", "VERB")[0].type == "COOPERATE"
    assert lex.entries("restore", "VERB")[0].user


def test_user_event_nouns_are_known_to_the_coder(tmp_path: Path, parse) -> None:  # type: ignore[no-untyped-def]
    from dateline.extract.events.coder import code_sentence

    extra = tmp_path / "nouns.yaml"
    extra.write_text("PROTEST:\n  nouns:\n    - cacerolazo: demo\n")
    lex = load_lexicon((str(extra),))
    doc = parse("Residents of Caracas staged a cacerolazo against the government on Friday.").doc
    events = [c for s in doc.sents for c in code_sentence(s, lex, load_grammar())]
    assert [e.type for e in events] == ["PROTEST"]


def test_fighting_social_ills_is_no_attack() -> None:
    lex = load_lexicon()
    fight = [t for t in lex.entries("fight", "VERB") if t.type == "ASSAULT"]
    assert fight and all(t.not_modifier and "terrorism" in t.not_modifier for t in fight)
    battle = [t for t in lex.entries("battle", "NOUN") if t.type == "ASSAULT"]
    assert battle and all(t.not_modifier and "poverty" in t.not_modifier for t in battle)
