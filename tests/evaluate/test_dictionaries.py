"""PETRARCH dictionaries -> dateline: verb conversion, actor clean-up, CAMEO -> PLOVER, and the
validation-record scorer. The dictionary texts here are our own, in the PETRARCH format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dateline.cli import app
from dateline.evaluate.cameo import cameo_to_plover
from dateline.evaluate.dictionaries import (
    clean_petrarch_actors,
    convert_verbs,
    parse_petrarch_verbs,
)
from dateline.evaluate.petrarch_validation import load_validation_records, score_validation
from dateline.extract.events.lexicon import build_lexicon

VERBS = """\
# a small verb dictionary of our own
&PACTS
+TREATY
+WATER_ACCORD

--- MEND  [050] ---
MEND {MENDS MENDED MENDING}
PATCH_UP
- * {TRADE LINKS} [061]
- * (WITH) [040]
- * (TOWARD PEACE) [057]
- * (TO &PACTS) [057]
- * BRIDGES [---]   # nothing

--- SCOLD  [111] ---
SCOLD
REBUKE  # comment after a verb
- $ * + PUBLICLY [112]

--- OPINE  [010] ---
OPINE
- * (ON TALKS) [042]
"""

ACTORS = """\
<!-- our test actors -->
<!--
  a comment over
  two lines -->
NORLAND  [NOR]
+NORLANDIC
WESTMARCH
+WEST_MARCH
\t[WMC]
BARON_OAKES [NOR] [NORGOV 19990101 - 20051231] [NORELI > 060101]
NOBODY_IN_PARTICULAR  [---]
+UNNAMED
CLUB_OF_9 [C09]
TALL_KEEPER [NORGOV]
\t[NORMIL >080101]
"""


@pytest.mark.parametrize(
    ("code", "plover"),
    [
        ("173", ("COERCE", "arrest")),
        ("042", ("CONSULT", "visit")),
        ("051", ("SUPPORT", None)),
        ("057", ("AGREE", None)),
        ("050", ("COOPERATE", None)),
        ("1121", ("ACCUSE", None)),  # by its three-digit prefix
        ("075A", ("AID", "asylum")),  # letters after the digits are ignored
        ("190", ("ASSAULT", None)),
        ("010", None),  # public statements have no PLOVER type
        ("345", None),
        ("---", None),
        (None, None),
    ],
)
def test_cameo_to_plover(code: str | None, plover: tuple[str, str | None] | None) -> None:
    assert cameo_to_plover(code) == plover


def test_parse_petrarch_verbs() -> None:
    d = parse_petrarch_verbs(VERBS)
    assert d.synsets["&PACTS"] == ["treaty", "water accord"]
    mend = d.blocks[0]
    assert (mend.name, mend.code, mend.verbs) == ("MEND", "050", ["mend", "patch up"])
    assert [p.code for p in mend.patterns] == ["061", "040", "057", "057", "---"]
    assert mend.patterns[0].after == ("{TRADE", "LINKS}")
    scold = d.blocks[1]
    assert scold.verbs == ["scold", "rebuke"] and scold.patterns[0].before == ("$",)


def test_convert_verbs_to_trigger_entries() -> None:
    out = convert_verbs(parse_petrarch_verbs(VERBS))
    assert out == {
        # pattern codes that differ from the block's give two- and three-word entries
        "ACCUSE": {
            "verbs": [
                {"rebuke": "disapprove"},
                "rebuke publicly",
                {"scold": "disapprove"},
                "scold publicly",
            ]
        },
        # a synonym set gives one entry per member (its head); 'toward' is no particle: dropped
        "AGREE": {"verbs": ["mend to accord", "mend to treaty"]},
        # a block coded 010 (statement) gives nothing, its 042 pattern does
        "CONSULT": {"verbs": ["mend with", {"opine on talks": "visit"}]},
        # phrasal verbs stay when the second word is a particle; an object whose pattern codes
        # nothing ([---], or a statement) rules the verb's own code out for it
        "COOPERATE": {
            "verbs": [
                {"lemma": "mend", "not_modifier": ["bridges"]},
                {"mend links": "economic"},
                {"lemma": "patch up", "not_modifier": ["bridges"]},
            ]
        },
    }
    lex = build_lexicon([out])  # the event coder's lexicon builder reads it
    (mend,) = [t for t in lex.entries("mend", "VERB") if not t.particle and not t.obj]
    assert mend.not_modifier == frozenset({"bridges"})


def test_clean_petrarch_actors() -> None:
    lines = clean_petrarch_actors(ACTORS).splitlines()
    assert "NORLAND [NOR]" in lines and "+NORLANDIC" in lines
    assert "WESTMARCH [WMC]" in lines and "+WEST_MARCH" in lines
    assert "BARON_OAKES [NOR] [NORGOV 990101-051231] [NORELI >060101]" in lines
    assert "TALL_KEEPER [NORGOV] [NORMIL >080101]" in lines
    assert not any("NOBODY" in x or "UNNAMED" in x or "CLUB" in x or "<!" in x for x in lines)


def test_resolver_reads_the_cleaned_actors(tmp_path: Path) -> None:
    from dateline.resolve.actors import get_resolver

    path = tmp_path / "actors.txt"
    path.write_text(clean_petrarch_actors(ACTORS), encoding="utf-8")
    resolved = get_resolver([str(path)]).resolve_text("Westmarch")
    assert resolved is not None and resolved.country == "WMC"


def test_dict_convert_cli(tmp_path: Path) -> None:
    src, out = tmp_path / "verbs.txt", tmp_path / "triggers.yaml"
    src.write_text(VERBS, encoding="utf-8")
    result = CliRunner().invoke(app, ["dict", "convert", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        yaml.safe_load(out.read_text(encoding="utf-8"))["COOPERATE"]["verbs"][0]["lemma"] == "mend"
    )
    actors = tmp_path / "actors.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["dict", "convert", str(actors), "--kind", "actors", "-o", str(out)]
    )
    assert result.exit_code == 0 and "NORLAND [NOR]" in out.read_text(encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["dict", "convert", str(empty), "-o", str(out)]).exit_code == 2


def test_score_validation_records(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    records = [
        {"id": "r1", "date": "20010203", "text": "Norland scolded Westmarch.",
         "events": [{"eventcode": "111", "sourcecode": "NORGOV", "targetcode": "WMC"},
                    {"eventcode": "010", "sourcecode": "NOR", "targetcode": "WMC"}]},
        {"id": "r2", "date": "20010203", "text": "Westmarch mended ties with Norland.",
         "events": [{"eventcode": "050", "sourcecode": "WMC", "targetcode": "NOR"}]},
        {"id": "r3", "text": "Skipped.", "sentence_attrs": {"evaluate": "false"},
         "events": [{"eventcode": "050", "sourcecode": "WMC", "targetcode": "NOR"}]},
        {"id": "r4", "text": "Nothing.", "events": [{"noevents": "True"}]},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    recs = load_validation_records(path)
    assert [r.id for r in recs] == ["r1", "r2", "r4"]
    assert recs[0].published == "2001-02-03" and recs[0].unscorable == 1
    outputs = {
        "r1": {"events": [{"type": "ACCUSE", "source": [{"country": "NOR"}],
                           "target": [{"country": "WMC"}]}]},
        "r2": {"events": [{"type": "COOPERATE", "source": [{"country": "NOR"}], "target": []},
                          {"type": "ASSAULT", "source": [], "target": []}]},
        "r4": {"events": [{"type": "PROTEST", "source": [], "target": []}]},
    }  # fmt: skip
    figures = score_validation(recs, outputs).figures()
    assert figures["gold_events"] == 2 and figures["unscorable_gold_events"] == 1
    assert figures["found"] == 1.0 and figures["found_dyad"] == 0.5
    assert figures["extra_events"] == 2 and figures["extra_per_record"] == 0.667
