"""Local parallelism and resumable output."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.config import Settings
from dateline.ingest import read_inputs
from dateline.output import to_output
from dateline.records import Article
from dateline.runner import default_workers
from dateline.runner.local import chunked, parallel_process
from dateline.runner.resume import prepare_resume

runner = CliRunner()


def _article(i: int) -> Article:
    return Article(id=f"a{i}", text=f"Article number {i}.", language="en")


def test_chunked_keeps_order_and_sizes() -> None:
    chunks = list(chunked((_article(i) for i in range(7)), 3))
    assert [[a.id for a in c] for c in chunks] == [["a0", "a1", "a2"], ["a3", "a4", "a5"], ["a6"]]


def test_chunked_reads_lazily() -> None:
    seen: list[int] = []

    def source() -> object:
        for i in range(100):
            seen.append(i)
            yield _article(i)

    first = next(chunked(source(), 4))  # type: ignore[arg-type]
    assert len(first) == 4 and len(seen) == 4  # nothing read beyond the first chunk


def test_default_workers_is_positive() -> None:
    assert default_workers() >= 1


def test_zero_workers_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(parallel_process([_article(0)], Settings(), workers=0))


def test_small_input_runs_in_process() -> None:
    # one chunk: no pool is started, and results still come in input order
    results = list(parallel_process([_article(i) for i in range(3)], Settings(), workers=2))
    assert [r.article.id for r in results] == ["a0", "a1", "a2"]


def test_resume_of_a_missing_file_is_a_fresh_start(tmp_path: Path) -> None:
    assert prepare_resume(tmp_path / "none.jsonl") == set()


def test_resume_cuts_the_partial_line(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"doc_id": "x1"}\n{"doc_id": "x2"}\n{"doc_id": "x3", "ent', encoding="utf-8")
    assert prepare_resume(out) == {"x1", "x2"}
    assert out.read_text(encoding="utf-8") == '{"doc_id": "x1"}\n{"doc_id": "x2"}\n'


def test_resume_refuses_a_foreign_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("hello\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"out\.jsonl:1"):
        prepare_resume(out)


def test_resume_needs_an_output_file(corpus: Path) -> None:
    result = runner.invoke(app, ["extract", str(corpus), "--resume", "-q"])
    assert result.exit_code != 0
    assert "--resume needs -o" in result.output


@pytest.mark.slow
def test_two_workers_give_the_same_output_in_order(
    corpus: Path, reference_lines: list[str]
) -> None:
    articles = [a for a in read_inputs([str(corpus)], Settings()) if isinstance(a, Article)]
    results = parallel_process(articles, Settings(), workers=2, chunk_size=3, window=2)
    lines = [json.dumps(to_output(r), ensure_ascii=False) for r in results]
    assert lines == reference_lines


@pytest.mark.slow
def test_cli_workers_2_is_byte_identical(
    corpus: Path, reference_lines: list[str], tmp_path: Path
) -> None:
    config = tmp_path / "dateline.toml"
    config.write_text("[limits]\nbatch_size = 4\n", encoding="utf-8")  # 3 chunks: the pool runs
    out = tmp_path / "out.jsonl"
    args = ["extract", str(corpus), "-o", str(out), "-q", "--config", str(config)]
    result = runner.invoke(app, [*args, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "\n".join(reference_lines) + "\n"


@pytest.mark.slow
def test_a_killed_run_resumes_without_loss_or_duplicates(
    corpus: Path, reference_lines: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-c", "from dateline.cli import main; main()"]
    cmd += ["extract", str(corpus), "-o", str(out), "-q", "--workers", "1"]
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and b"\n" in out.read_bytes():
            break  # at least one article written
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = out.read_text(encoding="utf-8")
    assert 0 < written.count("\n") < len(reference_lines)  # killed midway

    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "-q", "--resume"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["doc_id"] for line in lines]
    assert len(ids) == len(set(ids))  # nothing twice
    assert lines == reference_lines  # nothing lost, same order


def test_dask_engine_needs_an_output_folder(corpus: Path) -> None:
    result = runner.invoke(app, ["extract", str(corpus), "--engine", "dask", "-q"])
    assert result.exit_code == 2
    assert "needs-oLAKE" in "".join(ch for ch in result.output if ch.isalnum() or ch == "-")


def test_dask_engine_refuses_to_overwrite_a_previous_run(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    lake = tmp_path / "lake"
    lake.mkdir()
    (lake / "_progress.jsonl").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(corpus), "--engine", "dask", "-o", str(lake)])
    assert result.exit_code == 2
    flat = "".join(ch for ch in result.output if ch.isalnum())  # the error box wraps lines
    assert "holdsapreviousrun" in flat


@pytest.mark.slow
def test_recycled_workers_give_the_same_results() -> None:
    from dateline.pipeline import process

    articles = [
        Article(
            id=f"r{i}",
            text=f"Police arrested {i + 2} protesters in Lyon on Monday.",
            published="2025-03-14",
            language="en",
        )
        for i in range(6)
    ]
    expected = [to_output(r) for r in process(articles, Settings())]
    results = parallel_process(articles, Settings(), workers=2, chunk_size=2, recycle_after=1)
    assert [to_output(r) for r in results] == expected
