"""The merged view in the store: incremental refresh equals all-at-once, exact round trips."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from dateline.merge import merge_results
from dateline.merge.mentions import mentions_from_result
from dateline.records import ArticleResult
from dateline.store import Store
from dateline.store.merged import (
    MERGED_TABLES,
    contradictions_json,
    events_json,
    is_stale,
    mention_from_row,
    mention_row,
    refresh,
    stories_json,
)


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in MERGED_TABLES:
        out[table] = sorted(store.connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    return out


def _count(store: Store) -> int:
    ((n,),) = store.connection.execute("SELECT count(*) FROM merged_events").fetchall()
    return int(n)


def _by_day(results: list[ArticleResult]) -> list[list[ArticleResult]]:
    days: dict[str, list[ArticleResult]] = {}
    for r in results:
        days.setdefault(r.article.published or "", []).append(r)
    return [days[d] for d in sorted(days)]


def test_incremental_ingestion_equals_all_at_once(
    tmp_path: Path, corpus_results: list[ArticleResult]
) -> None:
    with Store(tmp_path / "once.duckdb") as once:
        once.write_many(corpus_results)
        refresh(once)
        expected = _tables(once)
    with Store(tmp_path / "daily.duckdb") as daily:
        for day in _by_day(corpus_results):
            daily.write_many(day)
            refresh(daily)
        assert _tables(daily) == expected
    # in three batches, latest days first (late reports before the early ones)
    days = _by_day(corpus_results)
    with Store(tmp_path / "reverse.duckdb") as rev:
        for i in (2, 1, 0):
            rev.write_many([r for day in days[i::3] for r in day])
            refresh(rev)
        assert _tables(rev) == expected
    assert len(expected["merged_events"]) == len(merge_results(corpus_results).events)


def test_day_two_updates_day_one_events(
    tmp_path: Path, corpus_results: list[ArticleResult]
) -> None:
    day1 = [r for r in corpus_results if r.article.published == "2025-03-10"]
    day2 = [r for r in corpus_results if r.article.published == "2025-03-11"]
    with Store(tmp_path / "a.duckdb") as store:
        store.write_many(day1)
        refresh(store)
        (before,) = [
            e
            for e in events_json(store)
            if e["block"].startswith("ASSAULT|actual|country:RUS>country:UKR")
        ]
        assert before["n_articles"] == 2
        n_before = _count(store)
        store.write_many(day2)
        assert is_stale(store)
        report = refresh(store)
        assert report.changed == len(day2)
        assert not is_stale(store)
        (after,) = [e for e in events_json(store) if e["event_id"] == before["event_id"]]
        assert after["n_articles"] == 4 and after["n_outlets"] == 4
        assert after["denied"] is True
        # day 2's Kharkiv reports joined the day-1 event instead of adding one
        kharkiv = [e for e in events_json(store) if e["block"] == before["block"]]
        assert len(kharkiv) == 1
        assert _count(store) == n_before + 1  # Ankara is new; Belgorod and Kharkiv grew
        assert {m["doc_id"] for m in after["mentions"]} == {
            "harbor-0310-kharkiv",
            "northwind-0310-kharkiv",
            "meridian-0311-kharkiv",
            "capital-0311-denial",
        }


def test_a_replaced_or_changed_article_is_merged_again(
    tmp_path: Path, corpus_results: list[ArticleResult]
) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        store.write_many(corpus_results)
        refresh(store)
        denial = next(r for r in corpus_results if r.article.id == "capital-0311-denial")
        changed = replace(denial, events=[replace(denial.events[0], negated=False)])
        store.write(changed)
        report = refresh(store)
        assert report.changed == 1 and report.blocks == 1
        assert not any(c["kind"] == "denial" for c in contradictions_json(store))
        store.write_many([replace(r) for r in corpus_results if r.article.id != denial.article.id])
        with Store(tmp_path / "b.duckdb") as other:
            other.write_many(
                [changed if r.article.id == denial.article.id else r for r in corpus_results]
            )
            refresh(other)
            assert _tables(other)["merged_events"] == _tables(store)["merged_events"]


def test_mention_rows_round_trip(corpus_results: list[ArticleResult]) -> None:
    for r in corpus_results:
        for m in mentions_from_result(r):
            assert mention_from_row(mention_row(m, "ev-x")) == m


def test_json_views(tmp_path: Path, corpus_results: list[ArticleResult]) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        store.write_many(corpus_results)
        refresh(store)
        events = events_json(store)
        assert all(
            {"doc_id", "sentence", "outlet"} <= set(m) for e in events for m in e["mentions"]
        )
        assert sum(len(e["mentions"]) for e in events) == sum(len(r.events) for r in corpus_results)
        stories = stories_json(store)
        assert sum(len(s["articles"]) for s in stories) == len(corpus_results)
        kinds = sorted(c["kind"] for c in contradictions_json(store))
        assert kinds == ["count", "denial"]
        # a full rebuild gives the same tables
        before = _tables(store)
        refresh(store, full=True)
        assert _tables(store) == before


def test_another_config_rebuilds_the_view(
    tmp_path: Path, corpus_results: list[ArticleResult]
) -> None:
    from dateline.merge import MergeConfig
    from dateline.store.merged import stored_config

    with Store(tmp_path / "a.duckdb") as store:
        store.write_many(corpus_results)
        refresh(store)
        assert stored_config(store.connection) == MergeConfig()
        n = _count(store)
        refresh(store, MergeConfig(day_tolerance=3))
        assert stored_config(store.connection) == MergeConfig(day_tolerance=3)
        assert _count(store) == n - 1  # the two Kharkiv attacks are one event now
        refresh(store)  # no config: keeps the stored one
        assert _count(store) == n - 1


def test_export_layouts_run(tmp_path: Path, corpus_results: list[ArticleResult]) -> None:
    from dateline.store.merged import EXPORT_TABLES

    with Store(tmp_path / "a.duckdb") as store:
        store.write_many(corpus_results)
        refresh(store)
        sizes = {
            name: len(store.connection.sql(sql).fetchall()) for name, sql in EXPORT_TABLES.items()
        }
    assert sizes == {
        "merged_events": 20,
        "merged_mentions": 38,
        "contradictions": 2,
        "stories": 13,
    }
