"""The store-backed commands, through typer's CliRunner.

Fast tests replace the pipeline by hand-built results (tests/store/store_factories.py); the slow
ones run the real pipeline on a small JSON Lines file written here.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_factories import all_results

import dateline.pipeline
from dateline.cli import app
from dateline.cli.store_cmds import ExportPlan, plan_export
from dateline.config import Settings
from dateline.output import to_output
from dateline.records import ArticleResult, RecordError
from dateline.store import Store

runner = CliRunner(env={"COLUMNS": "160"})

BAD = RecordError("fixture.jsonl:5", "the record is not valid JSON", None)


def fake_run(inputs: Sequence[str], settings: Settings) -> Iterator[ArticleResult | RecordError]:
    yield from all_results()[:2]
    yield BAD
    yield from all_results()[2:]


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dateline.pipeline, "run", fake_run)


@pytest.fixture
def db(tmp_path: Path, fake_pipeline: None) -> Path:
    path = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["ingest", "fixture.jsonl", "--db", str(path)])
    assert result.exit_code == 1, result.output  # one bad record, one failed extraction
    return path


def table_counts(path: Path) -> dict[str, int]:
    with Store(path, read_only=True) as s:
        return {t: s.count(t) for t in ("documents", "events", "entities", "errors", "runs")}


def test_ingest_stores_articles_errors_and_the_run(db: Path) -> None:
    assert table_counts(db) == {
        "documents": 4,
        "events": 4,
        "entities": 6,
        "errors": 3,  # the bad record, the failed extraction, one warning
        "runs": 1,
    }
    with Store(db, read_only=True) as s:
        (run,) = s.runs()
        assert run["command"] == "ingest" and run["inputs"] == ["fixture.jsonl"]
        assert run["status"] == "finished" and run["counts"]["inserted"] == 4


def test_ingest_prints_the_summary_and_is_idempotent(tmp_path: Path, fake_pipeline: None) -> None:
    path = tmp_path / "t.duckdb"
    first = runner.invoke(app, ["ingest", "fixture.jsonl", "--db", str(path)])
    assert "4 articles" in first.stderr and "4 new, 0 replaced, 0 unchanged" in first.stderr
    assert "the record is not valid JSON" in first.stderr
    before = table_counts(path)
    second = runner.invoke(app, ["ingest", "fixture.jsonl", "--db", str(path)])
    assert second.exit_code == 1
    assert "0 new, 0 replaced, 4 unchanged" in second.stderr
    after = table_counts(path)
    assert {k: after[k] for k in ("documents", "events", "entities")} == {
        k: before[k] for k in ("documents", "events", "entities")
    }
    assert after["runs"] == 2  # every run is recorded, with its own errors
    quiet = runner.invoke(app, ["ingest", "fixture.jsonl", "--db", str(path), "-q"])
    assert quiet.stderr == "" and quiet.exit_code == 1


def test_ingest_exit_code_is_0_without_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dateline.pipeline, "run", lambda i, s: iter(all_results()[:3]))
    result = runner.invoke(app, ["ingest", "x.jsonl", "--db", str(tmp_path / "ok.duckdb")])
    assert result.exit_code == 0, result.output


def test_query_lists_events_as_a_table(db: Path) -> None:
    result = runner.invoke(app, ["query", "--db", str(db)])
    assert result.exit_code == 0, result.output
    for word in ("COERCE", "AGREE", "PROTEST", "CONSULT", "Lagos police", "harbor-7"):
        assert word in result.stdout
    assert "events: 4" in result.stderr


def test_query_json_with_filters(db: Path) -> None:
    result = runner.invoke(
        app,
        ["query", "--db", str(db), "-f", "json", "--entity", "peru", "--from", "2025-03-03"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["event_id"] for r in rows] == ["harbor-7:e0"]
    assert rows[0]["published"] == "2025-03-05" and rows[0]["target_country"] == "PER"


def test_query_csv_of_entities_and_other_kinds(db: Path) -> None:
    result = runner.invoke(
        app, ["query", "--db", str(db), "--what", "entities", "--format", "csv", "--limit", "0"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["entity"] == "Peru" and rows[0]["mentions"] == "2"
    assert len(rows) == 5
    for what, word in [
        ("documents", "Fishing deal"),
        ("quotes", "We will not tolerate"),
        ("counts", "about 3.5 days"),
        ("errors", "not valid JSON"),
    ]:
        out = runner.invoke(app, ["query", "--db", str(db), "-w", what, "-f", "json"])
        assert out.exit_code == 0, out.output
        assert word in out.stdout, what


def test_query_injection_string_returns_nothing(db: Path) -> None:
    for option in ("--entity", "--type", "--outlet", "--country", "--doc"):
        result = runner.invoke(
            app, ["query", "--db", str(db), "-f", "json", option, "x'; DROP TABLE events; --"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == []
    assert table_counts(db)["events"] == 4


def test_query_errors_are_explained(db: Path, tmp_path: Path) -> None:
    bad_date = runner.invoke(app, ["query", "--db", str(db), "--from", "last week"])
    assert bad_date.exit_code == 2 and "not a date" in bad_date.stderr
    wrong = runner.invoke(app, ["query", "--db", str(db), "-w", "quotes", "--type", "AGREE"])
    assert wrong.exit_code == 2 and "does not apply to quotes" in wrong.stderr
    missing = tmp_path / "missing.duckdb"
    result = runner.invoke(app, ["query", "--db", str(missing)])
    assert result.exit_code == 2 and "no dateline database" in result.stderr
    assert not missing.exists()


def test_query_falls_back_to_documents_without_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_events = [r for r in all_results() if not r.events]
    monkeypatch.setattr(dateline.pipeline, "run", lambda i, s: iter(no_events))
    path = tmp_path / "n.duckdb"
    runner.invoke(app, ["ingest", "x", "--db", str(path)])
    result = runner.invoke(app, ["query", "--db", str(path)])
    assert result.exit_code == 0
    assert "listing documents" in result.stderr and "fr-1" in result.stdout


def test_export_jsonl_equals_the_output_of_the_results(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "all.jsonl"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert exported == [json.loads(json.dumps(to_output(r))) for r in all_results()]
    stdout = runner.invoke(app, ["export", "--db", str(db), "-f", "jsonl", "-o", "-"])
    assert [json.loads(line) for line in stdout.stdout.splitlines()] == exported


def test_export_csv_and_parquet_folders(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "--db", str(db), "-f", "csv", "-o", str(tmp_path / "csv")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "csv" / "events.csv").is_file()
    assert (tmp_path / "csv" / "entities.csv").is_file()
    result = runner.invoke(
        app,
        [
            "export",
            "--db",
            str(db),
            "-f",
            "parquet",
            "-o",
            str(tmp_path / "pq"),
            "--table",
            "events",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "pq").iterdir()] == ["events.parquet"]
    assert pq.read_table(tmp_path / "pq" / "events.parquet").num_rows == 4
    bad = runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", "-"])
    assert bad.exit_code == 2


def test_export_one_table_to_a_file_with_the_format_from_the_suffix(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).column("event_id").to_pylist()[0] == "lagos-1:e0"
    ents = tmp_path / "ents.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "-o", str(ents), "--table", "entities"])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(ents.open(encoding="utf-8")))) == 6
    lines = tmp_path / "all.jsonl"
    assert runner.invoke(app, ["export", "--db", str(db), "-o", str(lines)]).exit_code == 0
    assert len(lines.read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize(
    ("fmt", "output", "tables", "plan"),
    [
        (None, "x.jsonl", [], ExportPlan("jsonl", "jsonl")),
        ("jsonl", "-", [], ExportPlan("jsonl", "jsonl")),
        (None, "out/events.PARQUET", [], ExportPlan("parquet", "file", ("events",))),
        ("csv", "e.csv", ["entities"], ExportPlan("csv", "file", ("entities",))),
        ("csv", "lake", [], ExportPlan("csv", "folder", ())),
        (
            "parquet",
            "lake",
            ["events", "dates"],
            ExportPlan("parquet", "folder", ("events", "dates")),
        ),
    ],
)
def test_plan_export(fmt: str | None, output: str, tables: list[str], plan: ExportPlan) -> None:
    assert plan_export(fmt, output, tables) == plan


@pytest.mark.parametrize(
    ("fmt", "output", "tables", "message"),
    [
        (None, "lake", [], "give --format"),
        ("jsonl", "x.jsonl", ["events"], "--table applies"),
        ("csv", "-", [], "writes files"),
        ("csv", "x.parquet", [], "does not end in .csv"),
        ("csv", "x.csv", ["events", "entities"], "one file holds one table"),
    ],
)
def test_plan_export_refusals(
    fmt: str | None, output: str, tables: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        plan_export(fmt, output, tables)


def test_stats_text_and_json(db: Path) -> None:
    result = runner.invoke(app, ["stats", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "4 (2 ok, 1 skipped, 1 failed)" in out
    assert "2025-02-28 … 2025-03-14" in out
    assert "AGREE 1" in out and "Harbor Post 2" in out
    assert "2 errors, 1 warning over 1 run" in out
    data = json.loads(runner.invoke(app, ["stats", "--db", str(db), "-f", "json"]).stdout)
    assert data["documents"] == 4 and data["events_by_type"]["PROTEST"] == 1
    assert data["published_to"] == "2025-03-14"


@pytest.mark.parametrize("command", ["ingest", "query", "export", "stats"])
def test_every_command_has_an_example_and_a_db_option(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "--db" in result.stdout


# ---------------------------------------------------------------- the real pipeline

ARTICLES = [
    {
        "id": "river-1",
        "text": "Farmers blocked the main highway near Rosario on Tuesday to protest a new export "
        "tax, the local newspaper reported. The agriculture minister said talks would resume "
        "next week. About 300 tractors took part.",
        "published": "2025-04-10",
        "outlet": "Pampa Daily",
        "title": "Farmers block highway",
    },
    {
        "id": "river-2",
        "text": "Le conseil municipal a adopté le budget après un long débat hier soir.",
        "published": "2025-04-11",
        "outlet": "Pampa Daily",
    },
    {
        "id": "port-3",
        "text": "Dock workers in Durban ended a two-day strike on Friday after the port authority "
        'agreed to raise wages. "We got what we asked for," a union leader told reporters.',
        "published": "2025-04-12",
        "outlet": "Harbor Post",
    },
]


@pytest.fixture
def articles_file(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8"
    )
    return path


@pytest.mark.slow
def test_ingest_then_export_equals_extract(articles_file: Path, tmp_path: Path) -> None:
    extracted = tmp_path / "extract.jsonl"
    result = runner.invoke(app, ["extract", str(articles_file), "-o", str(extracted), "-q"])
    assert result.exit_code in (0, 1), result.output
    db = tmp_path / "real.duckdb"
    ingest = runner.invoke(app, ["ingest", str(articles_file), "--db", str(db)])
    assert ingest.exit_code == result.exit_code, ingest.output
    exported = tmp_path / "export.jsonl"
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "jsonl", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    want = [json.loads(x) for x in extracted.read_text(encoding="utf-8").splitlines()]
    got = [json.loads(x) for x in exported.read_text(encoding="utf-8").splitlines()]
    assert [w["doc_id"] for w in want] == ["river-1", "river-2", "port-3"]
    assert got == want
    # ingesting the same file again changes nothing
    before = table_counts(db)
    again = runner.invoke(app, ["ingest", str(articles_file), "--db", str(db), "-q"])
    assert again.exit_code == ingest.exit_code
    after = table_counts(db)
    assert (after["documents"], after["events"], after["entities"]) == (
        before["documents"],
        before["events"],
        before["entities"],
    )
    stats = runner.invoke(app, ["stats", "--db", str(db)])
    assert stats.exit_code == 0 and "Pampa Daily 2" in stats.stdout
