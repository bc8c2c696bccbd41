"""Merge event mentions into events: deterministic, order-independent, within a time window.

Mentions merge only within a *block* (same PLOVER type, modality and dyad — see
:mod:`dateline.merge.identity` for actor keys); different types or dyads never merge. Within a
block:

1. mentions whose text gives the day group by day (days at most ``day_tolerance`` apart, counted
   from the group's first day);
2. every other mention (dated by its publication, a month or a year) may describe an event in
   a range of days ``[published - window_days, published]``; it joins the latest day group in
   its range;
3. the rest group among themselves: in order of their last possible day, a mention joins the
   current group while the ranges still share a day.

Everything is sorted first, so the result depends on the set of mentions only; an event's id
is a hash of its block and its earliest mention.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dateline.merge.mentions import Mention, MergeConfig, short_hash

Corroboration = Literal["corroborated", "single-source"]


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world event and every mention of it."""

    id: str
    block: str
    type: str
    mode: str | None
    modality: str
    source_key: str
    target_key: str
    source_names: tuple[str, ...]
    target_names: tuple[str, ...]
    day: date | None  # the day, when the mentions agree on one
    date_lo: date | None
    date_hi: date | None
    location: str | None
    mentions: tuple[Mention, ...]
    n_articles: int
    outlets: tuple[str, ...]
    corroboration: Corroboration
    hedged: bool  # every report of it is hedged
    denied: bool  # some mention denies it

    @property
    def n_outlets(self) -> int:
        return len(self.outlets)

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.doc_id for m in self.mentions}))


def _day_groups(dated: Sequence[Mention], tolerance: int) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    for m in sorted(dated, key=lambda x: x.order):
        assert m.lo is not None
        if groups and groups[-1][0].lo is not None and (m.lo - groups[-1][0].lo).days <= tolerance:
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _group_range(group: Sequence[Mention]) -> tuple[date, date]:
    days = [m.lo for m in group if m.lo is not None]
    return min(days), max(days)


def _uncertain_groups(mentions: Sequence[Mention]) -> list[list[Mention]]:
    def key(m: Mention) -> tuple[str, tuple[str, bool, str, int, str]]:
        return (m.hi or date.max).isoformat(), m.order

    groups: list[list[Mention]] = []
    lo = hi = date.min
    for m in sorted(mentions, key=key):
        if m.lo is None or m.hi is None:
            groups.append([m])  # nothing to compare: alone
            continue
        if groups and groups[-1][0].lo is not None and m.lo <= hi and lo <= m.hi:
            groups[-1].append(m)
            lo, hi = max(lo, m.lo), min(hi, m.hi)
        else:
            groups.append([m])
            lo, hi = m.lo, m.hi
    return groups


def cluster_block(mentions: Sequence[Mention], config: MergeConfig) -> list[list[Mention]]:
    """Group the mentions of one block into events (see the module docstring)."""
    dated = [m for m in mentions if m.dated]
    groups = _day_groups(dated, config.day_tolerance)
    ranges = [_group_range(g) for g in groups]
    rest: list[Mention] = []
    firsts = [first for first, _ in ranges]  # in day order
    for m in sorted((m for m in mentions if not m.dated), key=lambda x: x.order):
        home = None
        if m.lo is not None and m.hi is not None:
            # the latest group starting on or before the range's end that reaches into it
            # (day groups never overlap, so no earlier group can reach it either)
            i = bisect_right(firsts, m.hi) - 1
            if i >= 0 and m.lo <= ranges[i][1]:
                home = i
        if home is None:
            rest.append(m)
        else:
            groups[home].append(m)
    groups.extend(_uncertain_groups(rest))
    return [
        part
        for g in groups
        for part in split_by_place(sorted(g, key=lambda x: x.order), config.max_km)
    ]


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def split_by_place(group: Sequence[Mention], max_km: float) -> list[list[Mention]]:
    """Split a group whose mentions name cities more than ``max_km`` apart.

    In order, a mention with a city joins the first place whose first city is within
    ``max_km``; mentions without a city join the place with the most mentions.
    """
    located = [m for m in group if m.lat is not None and m.lon is not None]
    if max_km <= 0 or len(located) < 2:
        return [list(group)]
    places: list[tuple[tuple[float, float], list[Mention]]] = []
    for m in located:
        assert m.lat is not None and m.lon is not None
        here = (m.lat, m.lon)
        home = next((p for p in places if km_between(p[0], here) <= max_km), None)
        if home is None:
            places.append((here, [m]))
        else:
            home[1].append(m)
    if len(places) == 1:
        return [list(group)]
    biggest = max(places, key=lambda p: len(p[1]))  # the first of the largest
    biggest[1].extend(m for m in group if m.lat is None or m.lon is None)
    return [sorted(p[1], key=lambda x: x.order) for p in places]


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _fullest(names: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """The most complete way the reports name one side ("Muammar Gaddafi" over "Qadhafi")."""
    return min(names, key=lambda n: (-len(" ".join(n)), n), default=())


def build_event(group: Sequence[Mention]) -> Event:
    """The merged event of a group of mentions (sorted by :attr:`Mention.order`)."""
    first = group[0]
    days = [m.lo for m in group if m.dated and m.lo is not None]
    los = [m.lo for m in group if m.lo is not None]
    his = [m.hi for m in group if m.hi is not None]
    lo: date | None
    hi: date | None
    if days:
        lo, hi = min(days), max(days)
    else:
        lo = max(los) if los else None  # the days every mention allows
        hi = min(his) if his else None
        if lo is not None and hi is not None and lo > hi:
            lo, hi = min(los), max(his)
    outlets = tuple(sorted({m.outlet for m in group if m.outlet}))
    reports = [m for m in group if not m.negated]
    return Event(
        id="ev-" + short_hash(first.block, first.doc_id, first.mention_id),
        block=first.block,
        type=first.type,
        mode=_most_common(m.mode for m in group),
        modality=first.modality,
        source_key=first.source_key,
        target_key=first.target_key,
        source_names=_fullest(m.source_names for m in reports or group),
        target_names=_fullest(m.target_names for m in reports or group),
        day=lo if lo is not None and lo == hi else None,
        date_lo=lo,
        date_hi=hi,
        location=_most_common(m.location for m in group),
        mentions=tuple(group),
        n_articles=len({m.doc_id for m in group}),
        outlets=outlets,
        corroboration="corroborated" if len(outlets) >= 2 else "single-source",
        hedged=bool(reports) and all(m.hedged for m in reports),
        denied=any(m.negated for m in group),
    )


def blocks(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    out: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        out[m.block].append(m)
    return out


def merge_mentions(mentions: Iterable[Mention], config: MergeConfig | None = None) -> list[Event]:
    """Merged events, sorted by (first day, id). Pure: the same set of mentions in any order
    gives the same events."""
    config = config or MergeConfig()
    unique = {(m.doc_id, m.mention_id): m for m in mentions}
    events = [
        build_event(group)
        for block in blocks(unique.values()).values()
        for group in cluster_block(block, config)
    ]
    return sorted(events, key=event_order)


def event_order(ev: Event) -> tuple[str, str]:
    return ((ev.date_lo or date.min).isoformat(), ev.id)
