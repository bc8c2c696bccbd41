"""Fuzzing: the saved regression inputs replay cleanly (fast), and each atheris harness runs
for a few seconds without a finding (marker ``fuzz``; longer runs: see docs/reliability.md)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardening_helpers import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))

from harness import ContractError, check_item, regressions, run_one

from dateline.records import Article, RecordError

HARNESS = ROOT / "fuzz" / "fuzz_ingest.py"
SECONDS_PER_READER = 8


@pytest.mark.parametrize("path", regressions(), ids=lambda p: p.name)
def test_saved_fuzz_findings_replay_cleanly(path: Path) -> None:
    reader = path.name.split("-")[0]
    start = time.perf_counter()
    assert run_one(reader, path.read_bytes()) >= 1
    assert time.perf_counter() - start < 10


def test_there_are_saved_findings() -> None:
    names = {p.name for p in regressions()}
    assert {"feed-crash-control-chars", "warc-timeout-resync-loop"} <= names


def test_contract_check_catches_bad_items() -> None:
    check_item(RecordError("f", "why"))
    check_item(Article("a", "some text", "2025-03-14"))
    for bad in (Article("a", "  ", None), Article("a", "x", "14/03/2025"), "text"):
        with pytest.raises(ContractError):
            check_item(bad)


@pytest.mark.fuzz
@pytest.mark.slow  # also out of the fast default run (pytest -m "not slow")
@pytest.mark.parametrize("reader", ["jsonl", "txt", "html", "feed", "warc"])
def test_fuzz_reader_briefly(reader: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    command = [
        sys.executable,
        str(HARNESS),
        reader,
        f"-max_total_time={SECONDS_PER_READER}",
        "-timeout=20",
        "-rss_limit_mb=2048",
        f"-artifact_prefix={tmp_path}/",
        "-seed=1",
        str(corpus),
    ]
    # the seeds are copied into the corpus by the harness when no folder is given; here the
    # folder is ours, so copy them the same way
    from harness import seed_files

    for i, seed in enumerate(seed_files(reader)):
        (corpus / f"seed-{i:03d}").write_bytes(seed.read_bytes())
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=SECONDS_PER_READER + 60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    findings = sorted(
        p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-"))
    )
    tail = "\n".join(done.stderr.splitlines()[-40:])
    assert done.returncode == 0 and not findings, f"{findings}\n{tail}"
    assert "Done" in done.stderr
