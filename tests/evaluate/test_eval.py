"""dateline eval: the shared scorer's metrics, reimplemented; our own small gold and system files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.evaluate import evaluate, keep_types, load_docs, render

SHARED_SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"

T1 = (
    "Kenyan police arrested six activists in Nairobi on Tuesday. "
    "The activists had marched on parliament. Police arrested them again later."
)
T2 = "Chile and Peru signed a fishing accord. Both governments praised it."
T3 = "Nothing happened in the valley today."


def _actor(name: str, country: str, sector: str) -> dict[str, Any]:
    return {"name": name, "country": [country], "sector": [sector]}


def _gold_event(text: str, sentence: str, etype: str, **extra: Any) -> dict[str, Any]:
    assert sentence in text
    return {"type": etype, "mode": None, "evidence": sentence, "required": True, **extra}


GOLD: list[dict[str, Any]] = [
    {
        "doc_id": "g1",
        "text": T1,
        "events": [
            _gold_event(
                T1,
                "Kenyan police arrested six activists in Nairobi on Tuesday.",
                "COERCE",
                source=[_actor("Kenyan police", "KEN", "COP")],
                target=[_actor("activists", "KEN", "CVL")],
                location={"name": "Nairobi", "country": "KEN"},
                dup_evidence=["Police arrested them again later."],
            ),
            _gold_event(T1, "The activists had marched on parliament.", "PROTEST", required=False),
        ],
        "quotes": [],
        "counts": [{"value": 6, "evidence": "six activists"}],
    },
    {
        "doc_id": "g2",
        "text": T2,
        "events": [
            _gold_event(
                T2,
                "Chile and Peru signed a fishing accord.",
                "AGREE",
                source=[_actor("Chile", "CHL", "GOV")],
                target=[_actor("Peru", "PER", "GOV")],
            ),
            _gold_event(T2, "Both governments praised it.", "SUPPORT"),
        ],
        "quotes": [],
        "counts": [],
    },
    {"doc_id": "g3", "text": T3, "events": [], "quotes": [], "counts": []},
]


def _sys_event(text: str, sentence: str, etype: str, **extra: Any) -> dict[str, Any]:
    start = text.index(sentence)
    return {
        "type": etype,
        "evidence": {"sentence": sentence, "start": start, "end": start + len(sentence)},
        **extra,
    }


SYSTEM: list[dict[str, Any]] = [
    {
        "doc_id": "g1",
        "events": [
            # wrong country on target: a true positive but not a full one
            _sys_event(
                T1,
                "Kenyan police arrested six activists in Nairobi on Tuesday.",
                "COERCE",
                source=[{"name": "police", "country": "KEN", "sector": "COP"}],
                target=[{"name": "activists", "country": "UGA", "sector": "CVL"}],
                location={"name": "Nairobi", "country": "KEN"},
            ),
            _sys_event(T1, "Police arrested them again later.", "COERCE"),  # repeat: neutral
            _sys_event(T1, "The activists had marched on parliament.", "PROTEST"),  # optional
        ],
        "counts": [{"value": 6, "start": T1.index("six"), "end": T1.index("six") + 3}],
    },
    {
        "doc_id": "g2",
        "events": [
            # evidence given as a sentence only (no offsets)
            {
                "type": "AGREE",
                "evidence": {"sentence": "Chile and Peru signed a fishing accord."},
                "source": [{"country": "CHL", "sector": "GOV"}],
                "target": [{"country": "PER", "sector": "MIL"}],
            },
            _sys_event(T2, "Both governments praised it.", "CONSULT"),  # extra + miss
        ],
    },
    # g3 missing from the system file
]


def _write(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return _write(tmp_path / "gold.jsonl", GOLD), _write(tmp_path / "sys.jsonl", SYSTEM)


def test_gold_against_itself_is_perfect(files: tuple[Path, Path]) -> None:
    gold = load_docs(files[0])
    summary = evaluate(gold, gold).summary()
    assert summary["event_f1"] == 1.0
    assert summary["full_event_f1"] == 1.0
    assert summary["event_fp"] == summary["event_fn"] == 0


def test_metrics_on_a_small_system_file(files: tuple[Path, Path]) -> None:
    result = evaluate(load_docs(files[0]), load_docs(files[1]))
    s = result.summary()
    assert (s["event_tp"], s["event_fp"], s["event_fn"]) == (2, 1, 1)
    assert s["docs"] == 3 and s["docs_missing"] == 1
    assert s["event_precision"] == 0.667 and s["event_recall"] == 0.667
    assert s["source_country_acc"] == 1.0 and s["target_country_acc"] == 0.5
    assert s["target_sector_acc"] == 0.5
    assert s["loc_acc"] == 1.0
    assert s["count_recall"] == 1.0
    assert s["full_event_f1"] == 0.333  # only the AGREE event has every country right
    assert result.per_type["SUPPORT"].fn == 1 and result.per_type["CONSULT"].fp == 1
    assert result.per_type["COERCE"].tp == 1 and result.per_type["COERCE"].fp == 0
    assert [(m.doc_id, m.type) for m in result.misses] == [("g2", "SUPPORT")]
    assert [(x.doc_id, x.type) for x in result.extras] == [("g2", "CONSULT")]
    text = render(result, show=5)
    assert "MISS  g2\tSUPPORT" in text and "EXTRA g2\tCONSULT" in text


def test_types_restrict_both_sides(files: tuple[Path, Path]) -> None:
    gold, system = load_docs(files[0]), load_docs(files[1])
    s = evaluate(keep_types(gold, ["COERCE"]), keep_types(system, ["COERCE"])).summary()
    assert (s["event_tp"], s["event_fp"], s["event_fn"]) == (1, 0, 0)


def test_cli_eval_with_system_file(files: tuple[Path, Path]) -> None:
    gold, system = files
    out = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--system", str(system), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["event_tp"] == 2
    table = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--system", str(system)])
    assert "SUPPORT" in table.output and "EXTRA" in table.output


def test_cli_eval_reports_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"events": []}\n', encoding="utf-8")
    out = CliRunner().invoke(app, ["eval", "--gold", str(bad), "--system", str(bad)])
    assert out.exit_code == 2


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="../shared/eval/score.py not present")
@pytest.mark.parametrize("types", [None, "COERCE,AGREE"])
def test_same_numbers_as_the_shared_scorer(files: tuple[Path, Path], types: str | None) -> None:
    gold, system = files
    extra = ["--types", types] if types else []
    command = [sys.executable, str(SHARED_SCORER), "--gold", str(gold), "--system", str(system)]
    shared = subprocess.run(
        [*command, "--json", *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    ours = CliRunner().invoke(
        app, ["eval", "--gold", str(gold), "--system", str(system), "--json", *extra]
    )
    assert json.loads(ours.output) == json.loads(shared.stdout)


@pytest.mark.slow
def test_without_system_dateline_runs_on_the_gold_texts(files: tuple[Path, Path]) -> None:
    out = CliRunner().invoke(app, ["eval", "--gold", str(files[0]), "--json"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output)
    assert summary["docs"] == 3 and summary["docs_missing"] == 0
