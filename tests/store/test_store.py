from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from store_factories import all_results, failed, harbor, lagos, skipped

from dateline.output import to_output
from dateline.records import RecordError
from dateline.store import Store, StoreError
from dateline.store.rows import CHILD_TABLES

TABLES = ("documents", *CHILD_TABLES)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "test.duckdb") as s:
        yield s


def counts(store: Store) -> dict[str, int]:
    return {t: store.count(t) for t in TABLES}


def rows_of(store: Store, doc_id: str) -> dict[str, int]:
    return {
        t: store.connection.execute(
            f"SELECT count(*) FROM {t} WHERE doc_id = ?", [doc_id]
        ).fetchall()[0][0]
        for t in TABLES
    }


def test_write_stores_every_table(store: Store) -> None:
    assert store.write(lagos()) == "inserted"
    assert counts(store) == {
        "documents": 1,
        "sentences": 3,
        "entities": 2,
        "quotes": 1,
        "counts": 1,
        "dates": 1,
        "attributions": 1,
        "events": 2,
        "event_actors": 3,
    }


def test_writing_the_same_articles_twice_changes_nothing(store: Store) -> None:
    first = store.write_many(all_results(), run_id="r1")
    assert (first.inserted, first.replaced, first.unchanged) == (4, 0, 0)
    before = counts(store)
    snapshot = store.connection.execute(
        "SELECT doc_id, seq, content_hash, ingested_at, run_id FROM documents ORDER BY doc_id"
    ).fetchall()
    second = store.write_many(all_results(), run_id="r2")
    assert (second.inserted, second.replaced, second.unchanged) == (0, 0, 4)
    assert counts(store) == before
    assert (
        store.connection.execute(
            "SELECT doc_id, seq, content_hash, ingested_at, run_id FROM documents ORDER BY doc_id"
        ).fetchall()
        == snapshot
    )
    assert store.write(lagos(origin="another-file.jsonl:7")) == "unchanged"


def test_changed_content_replaces_the_article_and_all_its_rows(store: Store) -> None:
    store.write_many([lagos(), harbor()])
    harbor_rows = rows_of(store, "harbor-7")
    changed = lagos(title="Arrests in Lagos, updated")
    changed.events = changed.events[:1]
    changed.quotes = []
    assert store.write(changed, run_id="r2") == "replaced"
    assert rows_of(store, "lagos-1") == {
        "documents": 1,
        "sentences": 3,
        "entities": 2,
        "quotes": 0,
        "counts": 1,
        "dates": 1,
        "attributions": 1,
        "events": 1,
        "event_actors": 2,
    }
    assert rows_of(store, "harbor-7") == harbor_rows  # the other article is untouched
    back = store.result("lagos-1")
    assert back is not None
    assert to_output(back) == to_output(changed)
    run = store.connection.execute("SELECT run_id FROM documents WHERE doc_id = 'lagos-1'")
    assert run.fetchall() == [("r2",)]


def test_duplicates_in_one_batch_keep_the_last_version(store: Store) -> None:
    changed = lagos(title="Second title")
    report = store.write_many([lagos(), harbor(), changed, lagos(title="Second title")])
    assert (report.inserted, report.replaced, report.unchanged) == (2, 1, 1)
    assert store.count("documents") == 2
    assert store.count("events") == 4
    back = store.result("lagos-1")
    assert back is not None and back.article.title == "Second title"


def test_a_failure_mid_write_leaves_nothing_of_the_article(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(harbor())
    before = counts(store)
    real_insert = Store._insert

    def crash_on_events(self: Store, table: str, rows: list[dict[str, object]]) -> None:
        if table == "events":
            raise RuntimeError("disk on fire")
        real_insert(self, table, rows)

    monkeypatch.setattr(Store, "_insert", crash_on_events)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write(lagos())
    assert counts(store) == before
    assert rows_of(store, "lagos-1") == dict.fromkeys(TABLES, 0)
    # a replacement that fails keeps the old version whole
    changed = harbor(title="New title")
    with pytest.raises(RuntimeError):
        store.write(changed)
    assert counts(store) == before
    stored = store.result("harbor-7")
    assert stored is not None and stored.article.title == "Fishing deal"
    # and the store is still usable afterwards
    monkeypatch.setattr(Store, "_insert", real_insert)
    assert store.write(lagos()) == "inserted"


def test_write_many_retries_alone_and_reports_the_article_it_cannot_store(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_insert = Store._insert

    def reject_harbor(self: Store, table: str, rows: list[dict[str, object]]) -> None:
        if table == "events" and any(r["doc_id"] == "harbor-7" for r in rows):
            raise duckdb.ConstraintException("simulated constraint failure")
        real_insert(self, table, rows)

    monkeypatch.setattr(Store, "_insert", reject_harbor)
    errors = [RecordError("in.jsonl:9", "not valid JSON")]
    report = store.write_many([lagos(), harbor(), skipped()], run_id="r1", errors=errors)
    assert (report.inserted, len(report.failures)) == (2, 1)
    (failure,) = report.failures
    assert failure.record_id == "harbor-7" and failure.stage == "store"
    assert "simulated constraint failure" in failure.reason
    assert rows_of(store, "harbor-7") == dict.fromkeys(TABLES, 0)
    assert store.count("documents") == 2
    recorded = store.errors(run_id="r1")
    assert {(e["stage"], e["reason"]) for e in recorded} >= {("ingest", "not valid JSON")}
    assert any(e["stage"] == "store" and e["record_id"] == "harbor-7" for e in recorded)


def test_results_rebuild_the_output_in_write_order(store: Store) -> None:
    originals = all_results()
    store.write_many(originals)
    rebuilt = list(store.results())
    assert [r.article.id for r in rebuilt] == [r.article.id for r in originals]
    assert [to_output(r) for r in rebuilt] == [to_output(r) for r in originals]
    assert store.result("nope") is None


def test_store_persists_across_opens(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "p.duckdb"
    with Store(path) as s:
        s.write_many([lagos(), failed()])
    with Store(path, read_only=True) as s:
        assert s.count("documents") == 2
        back = s.result("broken-1")
        assert back is not None and back.status == "error"
        assert back.article.published == "not a date"


def test_runs_and_ingestion(store: Store) -> None:
    items: list[object] = [lagos(), RecordError("x.jsonl:2", "empty record"), failed(), harbor()]
    with store.ingestion("ingest", ["x.jsonl"], batch_size=2) as ing:
        for item in items:
            ing.add(item)  # type: ignore[arg-type]
    (run,) = store.runs()
    assert run["run_id"] == ing.run_id and run["status"] == "finished"
    assert run["inputs"] == ["x.jsonl"] and run["finished"] is not None
    assert run["counts"]["articles"] == 3
    assert run["counts"]["inserted"] == 3
    assert run["counts"]["record_errors"] == 1
    errs = store.errors(run_id=ing.run_id)
    kinds = sorted((e["severity"], e["stage"]) for e in errs)
    assert kinds == [("error", "extract"), ("error", "ingest"), ("warning", "ingest")]
    stats = store.stats()
    assert stats.last_run_errors == 2 and stats.errors == 2 and stats.warnings == 1


def test_ingestion_marks_an_interrupted_run_failed_and_keeps_complete_articles(
    store: Store,
) -> None:
    with pytest.raises(KeyboardInterrupt), store.ingestion("ingest", ["x"]) as ing:
        ing.add(lagos())
        raise KeyboardInterrupt
    (run,) = store.runs()
    assert run["status"] == "failed"
    assert store.count("documents") == 1


def test_stats(store: Store) -> None:
    store.write_many(all_results())
    s = store.stats()
    assert s.documents == 4
    assert s.by_status == {"error": 1, "ok": 2, "skipped": 1}
    assert s.sentences == 7
    assert (s.entities, s.quotes, s.counts, s.dates, s.attributions) == (6, 2, 2, 2, 1)
    assert s.events == 4
    assert s.events_by_type == {"AGREE": 1, "COERCE": 1, "CONSULT": 1, "PROTEST": 1}
    assert s.outlets == 2 and s.top_outlets[0] == ("Harbor Post", 2)
    assert str(s.published_from) == "2025-02-28" and str(s.published_to) == "2025-03-14"
    assert s.to_dict()["top_outlets"] == [["Harbor Post", 2], ["Coast Radio", 1]]


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "articles.jsonl"
    other.write_text('{"id": "x", "text": "Some words."}\n', encoding="utf-8")
    for read_only in (False, True):
        with pytest.raises(StoreError, match="is not a DuckDB database"):
            Store(other, read_only=read_only)
    assert other.read_text(encoding="utf-8") == '{"id": "x", "text": "Some words."}\n'
    with pytest.raises(StoreError):
        Store(tmp_path)  # a folder


def test_in_memory_store(tmp_path: Path) -> None:
    with Store(":memory:") as s:
        s.write(lagos())
        assert s.count("events") == 2
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    with pytest.raises(StoreError, match="not a DuckDB database"):
        Store(empty)
