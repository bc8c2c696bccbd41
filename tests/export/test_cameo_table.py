"""The PLOVER -> CAMEO table (dateline/data/cameo/plover_to_cameo.yaml)."""

from __future__ import annotations

import pytest

from dateline.export.gdelt import CameoTableError, actor_code, cameo_table, parse_cameo_table

PLOVER_TYPES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
]


def test_every_plover_type_has_a_cameo_code() -> None:
    table = cameo_table()
    for name in PLOVER_TYPES:
        ev = table.event(name)
        assert ev is not None, name
        assert ev.root == ev.code[:2] and ev.base == ev.code[:3]
        assert 1 <= ev.quad_class <= 4 and -10.0 <= ev.goldstein <= 10.0


@pytest.mark.parametrize(
    ("plover", "mode", "code", "quad", "goldstein"),
    [
        ("COERCE", "arrest", "173", 4, -5.0),
        ("PROTEST", "demo", "141", 4, -6.5),
        ("PROTEST", "riot", "145", 4, -7.5),
        ("CONSULT", "visit", "042", 1, 1.9),
        ("AID", "humanitarian", "073", 2, 7.4),
        ("ACCUSE", None, "112", 3, -2.0),
        ("RETREAT", "ceasefire", "0871", 2, 9.0),
        ("ASSAULT", "aerial", "195", 4, -10.0),
        ("ASSAULT", "no-such-mode", "180", 4, -9.0),  # unknown modes take the type's code
    ],
)
def test_type_and_mode_give_code_quad_class_and_goldstein(
    plover: str, mode: str | None, code: str, quad: int, goldstein: float
) -> None:
    ev = cameo_table().event(plover, mode)
    assert ev is not None
    assert (ev.code, ev.quad_class, ev.goldstein) == (code, quad, goldstein)


def test_cooperation_types_are_quad_1_or_2_and_conflict_types_3_or_4() -> None:
    table = cameo_table()
    for name in ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"):
        ev = table.event(name)
        assert ev is not None and ev.quad_class in (1, 2) and ev.goldstein > 0, name
    for name in ("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT"):
        ev = table.event(name)
        assert ev is not None and ev.quad_class in (3, 4) and ev.goldstein < 0, name


def test_unknown_type_has_no_code() -> None:
    assert cameo_table().event("DANCE") is None


def test_actor_codes_join_country_and_cameo_sector() -> None:
    assert actor_code("KEN", "GOV") == "KENGOV"
    assert actor_code("USA", "JRN") == "USAMED"  # PLOVER journalists are CAMEO media
    assert actor_code("NGA", "MED") == "NGAHLH"  # PLOVER health is CAMEO HLH
    assert actor_code("IGO", None) == "IGO"
    assert actor_code(None, "REB") == "REB"


def test_a_code_without_goldstein_value_is_refused() -> None:
    data = {
        "quad_classes": {"17": 4},
        "codes": {"170": {"name": "Coerce", "goldstein": -7.0}},
        "events": {"COERCE": {"code": "170", "modes": {"arrest": "173"}}},
        "sectors": {},
    }
    with pytest.raises(CameoTableError, match="173"):
        parse_cameo_table(data)
    with pytest.raises(CameoTableError):
        parse_cameo_table({"codes": {}})


@pytest.mark.parametrize(
    ("plover", "act", "code", "quad"),
    [
        ("AGREE", "AID", "033", 1),  # "said it will send aid": intent to provide material aid
        ("AGREE", "CONSULT", "036", 1),
        ("AGREE", "RETREAT", "035", 1),
        ("REJECT", "CONSULT", "125", 3),
        ("THREATEN", "ASSAULT", "138", 3),
        ("THREATEN", "COERCE", "137", 3),
        ("AGREE", "PROTEST", "057", 1),  # an act with no entry keeps the type's code
        ("ASSAULT", "AID", "180", 4),  # act types only refine announcements
    ],
)
def test_the_act_an_announcement_is_about_refines_its_code(
    plover: str, act: str, code: str, quad: int
) -> None:
    ev = cameo_table().event(plover, None, act)
    assert ev is not None and (ev.code, ev.quad_class) == (code, quad)


def test_an_act_code_without_goldstein_value_is_refused() -> None:
    data = {
        "quad_classes": {"03": 1, "05": 1},
        "codes": {"057": {"name": "Sign formal agreement", "goldstein": 8.0}},
        "events": {"AGREE": {"code": "057", "acts": {"AID": "033"}}},
        "sectors": {},
    }
    with pytest.raises(CameoTableError, match="033"):
        parse_cameo_table(data)
