"""Stories: articles grouped by the events they share, each with a title and a timeline.

Two articles belong to one story when they report a common merged event (connected
components), or when their titles share most of their content words and they were published
within the merge window of each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dateline.merge.cluster import Event, event_order
from dateline.merge.mentions import short_hash

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "with",
        "from",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "after",
        "over",
        "says",
        "said",
        "say",
        "new",
        "amid",
        "into",
        "than",
        "that",
        "this",
        "its",
        "it",
        "his",
        "her",
        "their",
    ]
)
TITLE_SIMILARITY = 0.6


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    doc_id: str
    title: str | None
    outlet: str | None
    published: date | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    event_id: str
    date: date | None
    label: str
    n_articles: int
    n_outlets: int


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    articles: tuple[ArticleInfo, ...]  # in publication order
    timeline: tuple[TimelineEntry, ...]  # in event order

    @property
    def first_published(self) -> date | None:
        return min((a.published for a in self.articles if a.published), default=None)

    @property
    def last_published(self) -> date | None:
        return max((a.published for a in self.articles if a.published), default=None)


class _Union:
    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def title_words(title: str | None) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", (title or "").lower())
    return frozenset(w for w in words if w not in _STOP and len(w) > 1)


def similar_titles(a: str | None, b: str | None, threshold: float = TITLE_SIMILARITY) -> bool:
    wa, wb = title_words(a), title_words(b)
    if len(wa) < 3 or len(wb) < 3:
        return False
    return len(wa & wb) / len(wa | wb) >= threshold


def _title_candidates(
    infos: Sequence[ArticleInfo], common: int = 500
) -> list[tuple[ArticleInfo, ArticleInfo]]:
    """Pairs of articles whose titles share a word (words in more than ``common`` titles
    are too common to bring candidates): an inverted index instead of every pair."""
    postings: dict[str, list[int]] = {}
    for i, a in enumerate(infos):
        for w in title_words(a.title):
            postings.setdefault(w, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if len(ids) <= common:
            pairs.update((x, y) for n, x in enumerate(ids) for y in ids[n + 1 :])
    return [(infos[x], infos[y]) for x, y in sorted(pairs)]


def event_label(ev: Event) -> str:
    src = ", ".join(ev.source_names) or "?"
    tgt = ", ".join(ev.target_names)
    kind = f"{ev.type}/{ev.mode}" if ev.mode else ev.type
    return f"{kind}: {src}" + (f" -> {tgt}" if tgt else "")


def _article_order(a: ArticleInfo) -> tuple[str, str]:
    return ((a.published or date.min).isoformat(), a.doc_id)


def build_stories(
    events: Sequence[Event], articles: Mapping[str, ArticleInfo], window_days: int = 2
) -> list[Story]:
    """Stories over ``articles`` (every article with a mention is in exactly one story)."""
    ids = sorted(articles)
    union = _Union(ids)
    for ev in events:
        docs = [d for d in ev.doc_ids if d in articles]
        for d in docs[1:]:
            union.join(docs[0], d)
    infos = sorted(articles.values(), key=_article_order)
    for a, b in _title_candidates(infos):
        close = a.published and b.published and abs((b.published - a.published).days) <= window_days
        if close and similar_titles(a.title, b.title):
            union.join(a.doc_id, b.doc_id)
    members: dict[str, list[ArticleInfo]] = {}
    for a in infos:
        members.setdefault(union.find(a.doc_id), []).append(a)
    story_events: dict[str, list[Event]] = {}
    for ev in events:
        docs = [d for d in ev.doc_ids if d in articles]
        if docs:
            story_events.setdefault(union.find(docs[0]), []).append(ev)
    stories = [_story(group, story_events.get(root, [])) for root, group in members.items()]
    return sorted(stories, key=lambda s: ((s.first_published or date.min).isoformat(), s.id))


def _story(group: Sequence[ArticleInfo], events: Sequence[Event]) -> Story:
    first = group[0]
    timeline = tuple(
        TimelineEntry(ev.id, ev.day or ev.date_lo, event_label(ev), ev.n_articles, ev.n_outlets)
        for ev in sorted(events, key=event_order)
    )
    biggest = max(events, key=lambda e: (e.n_articles, e.n_outlets), default=None)
    title = next((a.title for a in group if a.title), None)
    if title is None:
        title = event_label(biggest) if biggest else first.doc_id
    return Story(
        id="st-" + short_hash(first.doc_id),
        title=title,
        articles=tuple(group),
        timeline=timeline,
    )
