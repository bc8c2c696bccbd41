"""`dateline export --format gdelt|polecat|graphml|gexf` on a store file."""

from __future__ import annotations

from pathlib import Path

import pytest
from interop_factories import all_results
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    with Store(path) as s:
        for result in all_results():
            s.write(result)
    return path


@pytest.mark.parametrize(
    ("args", "name", "first"),
    [
        (["--format", "gdelt"], "events.tsv", None),
        (["--format", "polecat"], "events.jsonl", "{"),
        (["--format", "polecat"], "events.tsv", "Event ID\t"),
        (["--format", "graphml"], "actors.xml", "<?xml"),
        ([], "actors.gexf", "<?xml"),  # from the suffix
    ],
)
def test_export_formats(
    db: Path, tmp_path: Path, args: list[str], name: str, first: str | None
) -> None:
    out = tmp_path / "out" / name
    result = CliRunner().invoke(app, ["export", "--db", str(db), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if first is None:
        assert all(len(line.split("\t")) == 61 for line in text.splitlines())
    else:
        assert text.startswith(first)


def test_interop_formats_refuse_stdout_and_tables(db: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["export", "--db", str(db), "-o", "-", "-f", "gdelt"]).exit_code == 2
    bad = runner.invoke(
        app, ["export", "--db", str(db), "-o", "x.tsv", "-f", "gdelt", "--table", "events"]
    )
    assert bad.exit_code == 2
