"""--engine dask: a 2-worker LocalCluster writes a Parquet lake equal to the local run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster

from dateline.config import Settings
from dateline.runner.dask_engine import PROGRESS, run_dask
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


def test_lake_equals_the_local_run(
    client: Client, corpus: Path, reference_lines: list[str], tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    report = run_dask([str(corpus)], Settings(), str(lake), shard_size=3, client=client)
    assert (report.shards, report.articles, report.errors) == (4, 10, 0)
    assert _lake_lines(lake) == reference_lines  # byte-identical records, input order

    # partitioned by publication date, one folder per day
    published = {json.loads(line)["published"][:10] for line in reference_lines}
    assert {p.name for p in lake.glob("published_date=*")} == {
        f"published_date={d}" for d in published
    }
    manifest = json.loads((lake / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and manifest["articles"] == 10
    assert [s["index"] for s in manifest["shards"]] == [0, 1, 2, 3]
    days = connect_lake(lake).execute("SELECT count(DISTINCT published_date) FROM articles")
    assert days.fetchone() == (len(published),)


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


def test_lake_records_reads_back_output_v1(
    client: Client, corpus: Path, reference_lines: list[str], tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    run_dask([str(corpus)], Settings(), str(lake), shard_size=5, client=client)
    assert lake_records(lake) == [json.loads(line) for line in reference_lines]


def test_lake_main_runs_sql(
    client: Client,
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dateline.runner.lake import main

    lake = tmp_path / "lake"
    run_dask([str(corpus)], Settings(), str(lake), shard_size=5, client=client)
    assert main([str(lake), "SELECT count(*) AS n FROM articles WHERE status = 'ok'"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "10"]


def test_connect_lake_refuses_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no Parquet lake"):
        connect_lake(tmp_path)
