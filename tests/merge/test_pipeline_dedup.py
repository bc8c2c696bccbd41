"""Deduplication through the real pipeline: our articles (articles.jsonl) with sentence gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.config import Settings
from dateline.merge import merge_results
from dateline.merge.evaluate import label_mentions, load_sentence_gold, pairwise
from dateline.pipeline import run
from dateline.records import ArticleResult
from dateline.store import Store
from dateline.store.merged import events_json, refresh

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "dedup"


@pytest.fixture(scope="module")
def results() -> list[ArticleResult]:
    items = run([str(FIXTURES / "articles.jsonl")], Settings())
    return [r for r in items if isinstance(r, ArticleResult)]


@pytest.mark.slow
def test_real_pipeline_meets_the_targets(results: list[ArticleResult]) -> None:
    labelled = label_mentions(
        [((r.article.id, e.id), e.type, e.sentence_text) for r in results for e in r.events],
        load_sentence_gold(FIXTURES / "articles_gold.yaml"),
    )
    assert len(labelled.gold) >= 20
    merged = merge_results(results)
    predicted = {(m.doc_id, m.mention_id): ev.id for ev in merged.events for m in ev.mentions}
    scores = pairwise(labelled.gold, predicted)
    assert scores.precision >= 0.95
    assert scores.recall >= 0.85
    goma = [e for e in merged.events if "rp-harbor-1" in e.doc_ids]
    assert len(goma) == 1 and goma[0].n_outlets == 4
    assert any(m.hedged for m in goma[0].mentions)  # "reportedly ... according to a source"


@pytest.mark.slow
def test_real_pipeline_incremental_equals_all_at_once(
    tmp_path: Path, results: list[ArticleResult]
) -> None:
    with Store(tmp_path / "once.duckdb") as once:
        once.write_many(results)
        refresh(once)
        expected = events_json(once)
    by_day = sorted(results, key=lambda r: (r.article.published or "", r.article.id))
    with Store(tmp_path / "daily.duckdb") as daily:
        for i in range(0, len(by_day), 4):
            daily.write_many(by_day[i : i + 4])
            refresh(daily)
        assert events_json(daily) == expected
