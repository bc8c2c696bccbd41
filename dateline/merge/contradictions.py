"""Contradictions inside a merged event, each listed with both sources.

* ``count``: two articles count the same thing (by category: "dead" and "killed" are one) with
  numbers no reading of their qualifiers reconciles ("31 killed" against "26 killed"; "at
  least 26" and "31" agree);
* ``denial``: one mention reports the event, another denies it (``negated``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.merge.cluster import Event
from dateline.merge.lexicon import MergeLexicon, default_lexicon
from dateline.merge.mentions import CountClaim, Mention, short_hash


@dataclass(frozen=True, slots=True)
class Claim:
    doc_id: str
    sentence: int
    outlet: str | None
    text: str  # the evidence sentence
    value: str | None = None  # the count as written, for count contradictions


@dataclass(frozen=True, slots=True)
class Contradiction:
    id: str
    event_id: str
    kind: str  # count | denial
    subject: str | None  # what is counted ("killed"); None for denials
    a: Claim
    b: Claim


def _claim(m: Mention, value: str | None = None) -> Claim:
    return Claim(m.doc_id, m.sentence, m.outlet, m.sentence_text, value)


def _compatible(x: CountClaim, y: CountClaim, lexicon: MergeLexicon) -> bool:
    xlo, xhi = lexicon.bounds(x.value, x.qualifier, x.text)
    ylo, yhi = lexicon.bounds(y.value, y.qualifier, y.text)
    return xlo <= yhi and ylo <= xhi


def count_contradictions(event: Event, lexicon: MergeLexicon | None = None) -> list[Contradiction]:
    """One contradiction per counted category: the most distant pair of incompatible counts
    from different articles."""
    lexicon = lexicon or default_lexicon()
    by_cat: dict[str, list[tuple[Mention, CountClaim]]] = defaultdict(list)
    for m in event.mentions:
        if m.negated:
            continue
        for c in m.counts:
            if c.category:
                by_cat[c.category].append((m, c))
    out: list[Contradiction] = []
    for cat in sorted(by_cat):
        claims = by_cat[cat]
        pairs = [
            (x, y)
            for i, x in enumerate(claims)
            for y in claims[i + 1 :]
            if x[0].doc_id != y[0].doc_id and not _compatible(x[1], y[1], lexicon)
        ]
        if not pairs:
            continue
        (ma, ca), (mb, cb) = max(
            pairs,
            key=lambda p: (abs(p[0][1].value - p[1][1].value), p[0][0].order, p[1][0].order),
        )
        if (ca.value, ma.order) > (cb.value, mb.order):
            (ma, ca), (mb, cb) = (mb, cb), (ma, ca)
        out.append(
            Contradiction(
                id="cx-" + short_hash(event.id, "count", cat),
                event_id=event.id,
                kind="count",
                subject=cat,
                a=_claim(ma, ca.text),
                b=_claim(mb, cb.text),
            )
        )
    return out


def denial_contradictions(event: Event) -> list[Contradiction]:
    """The earliest report against the earliest denial, when an event has both."""
    reports = [m for m in event.mentions if not m.negated]
    denials = [m for m in event.mentions if m.negated]
    if not reports or not denials:
        return []
    return [
        Contradiction(
            id="cx-" + short_hash(event.id, "denial"),
            event_id=event.id,
            kind="denial",
            subject=None,
            a=_claim(min(reports, key=lambda m: m.order)),
            b=_claim(min(denials, key=lambda m: m.order)),
        )
    ]


def find_contradictions(
    events: Iterable[Event], lexicon: MergeLexicon | None = None
) -> list[Contradiction]:
    out: list[Contradiction] = []
    for ev in events:
        out.extend(count_contradictions(ev, lexicon))
        out.extend(denial_contradictions(ev))
    return out


def by_event(contradictions: Sequence[Contradiction]) -> dict[str, list[Contradiction]]:
    grouped: dict[str, list[Contradiction]] = defaultdict(list)
    for c in contradictions:
        grouped[c.event_id].append(c)
    return grouped
