from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from store_factories import all_results, failed, harbor, lagos

from dateline.output import to_output
from dateline.records import ArticleResult, RecordError
from dateline.store.rows import (
    CHILD_TABLES,
    article_rows,
    content_hash,
    date_span,
    parse_day,
    rebuild,
    record_errors,
)


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2025-03-14", (date(2025, 3, 14), date(2025, 3, 14))),
        ("2025-03-14T09:30:00+01:00", (date(2025, 3, 14), date(2025, 3, 14))),
        ("2025-02", (date(2025, 2, 1), date(2025, 2, 28))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
        ("2025-W09", (date(2025, 2, 24), date(2025, 3, 2))),
        ("199X", (date(1990, 1, 1), date(1999, 12, 31))),
        ("PAST_REF", None),
        ("2025-13", None),
        ("2025-02-30", None),
        ("", None),
        (None, None),
    ],
)
def test_date_span(value: str | None, span: tuple[date, date] | None) -> None:
    assert date_span(value) == span


def test_parse_day_only_accepts_full_days() -> None:
    assert parse_day("2025-03-14T09:30:00+01:00") == date(2025, 3, 14)
    assert parse_day("2025-03") is None
    assert parse_day("not a date") is None
    assert parse_day(None) is None


@pytest.mark.parametrize("result", all_results(), ids=lambda r: r.article.id)
def test_rows_rebuild_to_the_same_output(result: ArticleResult) -> None:
    rows = article_rows(result, run_id="r1")
    back = rebuild(rows.document, rows.children)
    assert to_output(back) == to_output(result)
    assert back.article == result.article
    assert back.extra == result.extra


def test_rows_cover_every_child_table() -> None:
    rows = article_rows(lagos())
    assert set(rows.children) == set(CHILD_TABLES)
    assert len(rows.children["events"]) == 2
    # 1 source + 1 target for the arrest, 1 source for the march
    assert [(a["role"], a["name"]) for a in rows.children["event_actors"]] == [
        ("source", "Lagos police"),
        ("target", "protesters"),
        ("source", "students"),
    ]
    first = rows.children["events"][0]
    assert (first["date_start"], first["date_end"]) == (date(2025, 3, 10), date(2025, 3, 10))
    march = rows.children["events"][1]
    assert (march["date_start"], march["date_end"]) == (date(2025, 3, 1), date(2025, 3, 31))
    assert rows.document["published"] == date(2025, 3, 14)
    assert rows.document["published_at"] == "2025-03-14T09:30:00+01:00"


def test_counts_keep_int_and_float_values() -> None:
    rows = article_rows(harbor())
    (count,) = rows.children["counts"]
    assert count["value"] == 3.5 and count["is_integer"] is False
    back = rebuild(rows.document, rows.children)
    assert back.counts[0].value == 3.5
    rows = article_rows(lagos())
    back = rebuild(rows.document, rows.children)
    assert back.counts[0].value == 12 and isinstance(back.counts[0].value, int)


def test_content_hash_ignores_origin_but_not_content() -> None:
    base = lagos()
    moved = lagos(origin="elsewhere.jsonl:9")
    assert content_hash(base) == content_hash(moved)
    retitled = lagos(title="Arrests in Lagos (updated)")
    assert content_hash(base) != content_hash(retitled)
    fewer = lagos()
    fewer.events = fewer.events[:1]
    assert content_hash(base) != content_hash(fewer)
    other_text = replace(base.article, text=base.article.text + " More.")
    assert content_hash(base) != content_hash(replace(base, article=other_text))


def test_record_errors() -> None:
    err = RecordError("x.jsonl:3", "broken JSON", None)
    assert record_errors(err) == [err]
    (e,) = record_errors(failed())
    assert (e.stage, e.severity, e.record_id) == ("extract", "error", "broken-1")
    (w,) = record_errors(lagos())
    assert (w.severity, w.reason) == ("warning", "published date has a time zone")
    assert record_errors(harbor()) == []
