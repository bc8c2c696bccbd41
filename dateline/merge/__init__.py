"""From reports to events: merge event mentions across articles.

``merge_results(results)`` is the whole stage as one pure function: articles' output-v1 events
in, merged events (with their mentions), contradictions and stories out. The store keeps the
same view incrementally (:mod:`dateline.store.merged`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dateline.merge.cluster import Event, merge_mentions
from dateline.merge.contradictions import Contradiction, find_contradictions
from dateline.merge.identity import ActorIdentity, default_identity, normalise_name
from dateline.merge.mentions import (
    Mention,
    MergeConfig,
    mentions_from_result,
    result_from_output,
)
from dateline.merge.stories import ArticleInfo, Story, build_stories
from dateline.records import ArticleResult
from dateline.store.rows import parse_day

__all__ = [
    "ActorIdentity",
    "ArticleInfo",
    "Contradiction",
    "Event",
    "Mention",
    "MergeConfig",
    "MergeResult",
    "Story",
    "article_info",
    "default_identity",
    "mentions_from_result",
    "merge_mentions",
    "merge_results",
    "normalise_name",
    "result_from_output",
]


@dataclass(frozen=True, slots=True)
class MergeResult:
    events: list[Event]
    contradictions: list[Contradiction]
    stories: list[Story]


def article_info(result: ArticleResult) -> ArticleInfo:
    a = result.article
    return ArticleInfo(a.id, a.title, a.outlet, parse_day(a.published_date))


def merge_results(
    results: Iterable[ArticleResult], config: MergeConfig | None = None
) -> MergeResult:
    """Merge the events of many articles (all at once)."""
    config = config or MergeConfig()
    items = list(results)
    mentions = [m for r in items for m in mentions_from_result(r, config)]
    events = merge_mentions(mentions, config)
    with_mentions = {m.doc_id for m in mentions}
    articles = {r.article.id: article_info(r) for r in items if r.article.id in with_mentions}
    return MergeResult(
        events=events,
        contradictions=find_contradictions(events),
        stories=build_stories(events, articles, config.window_days),
    )
