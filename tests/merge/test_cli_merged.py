"""dateline merge / events / stories / contradictions, through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app
from dateline.records import ArticleResult
from dateline.store import Store

runner = CliRunner(env={"COLUMNS": "200"})


def _db(tmp_path: Path, results: list[ArticleResult]) -> Path:
    db = tmp_path / "news.duckdb"
    with Store(db) as store:
        store.write_many(results)
    return db


def test_events_json_lists_mentions_with_doc_sentence_and_outlet(
    tmp_path: Path, corpus_results: list[ArticleResult]
) -> None:
    db = _db(tmp_path, corpus_results)
    out = runner.invoke(app, ["events", "--db", str(db), "--format", "json", "--limit", "0"])
    assert out.exit_code == 0, out.output
    events = json.loads(out.stdout)
    assert len(events) == 20
    kharkiv = next(e for e in events if e["n_articles"] == 4)
    assert kharkiv["type"] == "ASSAULT" and kharkiv["day"] == "2025-03-10"
    assert {"doc_id": "harbor-0310-kharkiv", "sentence": 2, "outlet": "harbor times"}.items() <= (
        next(m for m in kharkiv["mentions"] if m["sentence"] == 2).items()
    )
    assert kharkiv["corroboration"] == "corroborated" and kharkiv["n_outlets"] == 4
    only = runner.invoke(
        app, ["events", "--db", str(db), "-f", "json", "--type", "threaten", "--min-outlets", "2"]
    )
    assert [e["type"] for e in json.loads(only.stdout)] == ["THREATEN", "THREATEN"]


def test_events_table_and_merge_command(
    tmp_path: Path, corpus_results: list[ArticleResult]
) -> None:
    db = _db(tmp_path, corpus_results[:5])
    first = runner.invoke(app, ["merge", "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "merged 5 changed" in first.output
    with Store(db) as store:
        store.write_many(corpus_results)
    table = runner.invoke(app, ["events", "--db", str(db)])  # refreshes on its own
    assert table.exit_code == 0, table.output
    assert "20 merged event(s)" in table.output and "corroborated" in table.output
    again = runner.invoke(app, ["merge", "--db", str(db), "--window", "0"])
    assert "merged 29 changed" in again.output  # another window: rebuilt whole
    off = runner.invoke(app, ["merge", "--db", str(db), "--max-km", "0"])
    assert "merged 29 changed" in off.output

    def n_events(output: str) -> int:
        return int(output.split(" events")[0].rsplit(" ", 1)[1])

    assert n_events(off.output) == n_events(again.output) - 1  # Jenin joins a Gaza event


def test_stories_and_contradictions(tmp_path: Path, corpus_results: list[ArticleResult]) -> None:
    db = _db(tmp_path, corpus_results)
    stories = json.loads(runner.invoke(app, ["stories", "--db", str(db), "-f", "json"]).stdout)
    kharkiv = next(s for s in stories if "harbor-0310-kharkiv" in s["articles"])
    assert kharkiv["title"] == "Russian shelling kills dozens in Kharkiv"
    assert [t["date"] for t in kharkiv["timeline"]] == ["2025-03-10", "2025-03-10"]
    text = runner.invoke(app, ["stories", "--db", str(db), "--min-articles", "3"]).output
    assert "Russian shelling kills dozens in Kharkiv" in text
    cx = json.loads(runner.invoke(app, ["contradictions", "--db", str(db), "-f", "json"]).stdout)
    assert sorted(c["kind"] for c in cx) == ["count", "denial"]
    denial = next(c for c in cx if c["kind"] == "denial")
    assert (denial["a_outlet"], denial["b_outlet"]) == ("harbor times", "capital wire")
    table = runner.invoke(app, ["contradictions", "--db", str(db)]).output
    assert "count (killed)" in table and "denial" in table


def test_missing_database_is_an_error(tmp_path: Path) -> None:
    out = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert out.exit_code == 2
    assert "no dateline database" in out.output
