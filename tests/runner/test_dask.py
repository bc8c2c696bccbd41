"""--engine dask: a 2-worker LocalCluster writes a Parquet lake equal to the local run.

The workers read their shards themselves (line ranges of JSON Lines, row ranges of Parquet,
groups of files from folders and globs, fsspec URLs); the lake's records, read in input order,
are byte-identical to the lines ``dateline extract`` writes for the same input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from dateline.cli import app
from dateline.config import Settings
from dateline.ingest import read_inputs
from dateline.ingest.parquet import COLUMNS
from dateline.records import RecordError
from dateline.runner.dask_engine import ERRORS, PROGRESS, run_dask
from dateline.runner.lake import connect_lake, lake_records

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as c,
    ):
        yield c


def _lake_lines(lake: Path) -> list[str]:
    con = connect_lake(lake)
    return [r[0] for r in con.execute("SELECT record FROM articles ORDER BY seq").fetchall()]


@pytest.fixture(scope="module")
def jsonl_lake(client: Client, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lake = tmp_path_factory.mktemp("jsonl") / "lake"
    report = run_dask([str(corpus)], Settings(), str(lake), shard_size=3, client=client)
    assert (report.shards, report.articles, report.errors) == (4, 10, 0)  # 4 line ranges
    return lake


def test_lake_equals_the_local_run(
    jsonl_lake: Path, corpus: Path, reference_lines: list[str]
) -> None:
    lake = jsonl_lake
    assert _lake_lines(lake) == reference_lines  # byte-identical records, input order

    # partitioned by publication date, one folder per day
    published = {json.loads(line)["published"][:10] for line in reference_lines}
    assert {p.name for p in lake.glob("published_date=*")} == {
        f"published_date={d}" for d in published
    }
    manifest = json.loads((lake / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and manifest["articles"] == 10
    assert [s["index"] for s in manifest["shards"]] == [0, 1, 2, 3]
    assert all(s["key"].startswith(f"lines:{corpus}@") for s in manifest["shards"])
    days = connect_lake(lake).execute("SELECT count(DISTINCT published_date) FROM articles")
    assert days.fetchone() == (len(published),)


def test_lake_records_reads_back_output_v1(jsonl_lake: Path, reference_lines: list[str]) -> None:
    assert lake_records(jsonl_lake) == [json.loads(line) for line in reference_lines]


def test_lake_main_runs_sql(jsonl_lake: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dateline.runner.lake import main

    assert main([str(jsonl_lake), "SELECT count(*) AS n FROM articles WHERE status = 'ok'"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "10"]


def test_cli_parquet_input_on_a_scheduler_equals_the_local_run(
    client: Client, corpus: Path, reference_lines: list[str], tmp_path: Path
) -> None:
    rows = [
        {k: record.get(k) for k in COLUMNS}
        for record in map(json.loads, corpus.read_text(encoding="utf-8").splitlines())
    ]
    path = tmp_path / "corpus.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=4)  # groups of 4, 4, 2
    lake = tmp_path / "lake"
    args = ["extract", str(path), "--engine", "dask", "--scheduler", client.scheduler.address]
    result = CliRunner().invoke(app, [*args, "-o", str(lake), "--shard-size", "3"])
    assert result.exit_code == 0, result.output
    assert "10 articles in 4 shards" in result.output  # 4 row ranges
    assert _lake_lines(lake) == reference_lines


def test_globs_folders_and_file_urls_equal_the_local_run(
    client: Client, corpus: Path, reference_lines: list[str], tmp_path: Path
) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "in" / "more").mkdir(parents=True)
    (tmp_path / "in" / "a.jsonl").write_text("".join(lines[:4]), encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text("".join(lines[4:6]), encoding="utf-8")
    (tmp_path / "in" / "more" / "c.jsonl").write_text("".join(lines[6:]), encoding="utf-8")
    inputs = [str(tmp_path / "in" / "*.jsonl"), f"file://{tmp_path}/in/more"]
    lake = f"file://{tmp_path}/lake"  # the lake as an fsspec URL too
    report = run_dask(inputs, Settings(), lake, shard_size=2, client=client)
    assert report.articles == 10 and report.errors == 0
    assert _lake_lines(tmp_path / "lake") == reference_lines


def test_record_errors_as_ingest_gives_them(client: Client, tmp_path: Path) -> None:
    text = "Mayor {} of Dorn resigned after a long dispute over the harbour budget."
    lines = [json.dumps({"id": f"e{i}", "text": text.format(i)}) for i in range(12)]
    lines[4] = "{not json"
    lines[9] = json.dumps({"id": "e9", "text": ""})
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    missing = str(tmp_path / "missing.jsonl")
    lake = tmp_path / "lake"
    report = run_dask([str(path), missing], Settings(), str(lake), shard_size=3, client=client)
    assert report.shards >= 3 and report.articles == 10
    written = [json.loads(x) for x in (lake / ERRORS).read_text(encoding="utf-8").splitlines()]
    local = [e for e in read_inputs([str(path), missing], Settings()) if isinstance(e, RecordError)]
    assert [(e["origin"], e["reason"]) for e in written] == [(e.origin, e.reason) for e in local]
    assert [e["origin"] for e in written] == [f"{path}:5", f"{path}:10", missing]


def test_a_killed_run_resumes_without_loss_or_duplicates(
    client: Client, corpus: Path, reference_lines: list[str], tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    run_dask([str(corpus)], Settings(), str(lake), shard_size=3, client=client)
    # as if killed while writing shard 1's progress line: shard 0 done, the rest not recorded
    progress = lake / PROGRESS
    first, second, *_ = progress.read_text(encoding="utf-8").splitlines(keepends=True)
    done_first = json.loads(first)["index"]
    progress.write_text(first + second[:10], encoding="utf-8")

    report = run_dask(
        [str(corpus)], Settings(), str(lake), shard_size=3, client=client, resume=True
    )
    assert report.resumed == 1 and report.articles == 10
    lines = _lake_lines(lake)
    assert lines == reference_lines  # nothing lost, nothing twice
    indexes = [json.loads(line)["index"] for line in progress.read_text().splitlines()[1:]]
    assert done_first not in indexes  # the finished shard was not redone


def test_a_used_lake_needs_resume(client: Client, corpus: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    (lake).mkdir()
    (lake / PROGRESS).write_text("", encoding="utf-8")
    with pytest.raises(FileExistsError, match="resume"):
        run_dask([str(corpus)], Settings(), str(lake), client=client)


def test_connect_lake_refuses_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no Parquet lake"):
        connect_lake(tmp_path)
