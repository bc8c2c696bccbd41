"""Benchmark: date extraction and resolution on TempEval-3 platinum (TIMEX3 with DCT).

Runs the dateline nlp stage and :func:`dateline.extract.dates.extract_dates` on each document
text with its document creation time (DCT) as ``published``, matches system mentions to gold
TIMEX3 of type DATE by span overlap, and prints:

- recall of gold DATE expressions (found / total);
- value accuracy on the matched DATE expressions: exact string match, then "normalised" (the
  same TIMEX3 value written two ways counts as equal: decade ``199X`` = ``199``, century
  ``19XX`` = ``19``), then "lenient" (normalised, and gold values that are ``*_REF`` or hold
  unresolvable ``X`` digits such as ``XXXX-XX-XX`` are left out);
- precision of system mentions: share overlapping a gold DATE, and a gold DATE or TIME.

Usage::

    .venv/bin/python bench/dates_tempeval.py [--data DIR] [--show N] [--drop-refs]

The data folder is ``../shared/eval/raw/tempeval3_platinum`` beside the repository by default
(third-party text: it is read here, never copied into the repository).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from dateline.config import Settings
from dateline.extract.dates import extract_dates
from dateline.nlp import ParsedArticle, Parser
from dateline.records import Article, DateMention

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/eval/raw/tempeval3_platinum"


@dataclass(frozen=True, slots=True)
class Gold:
    type: str
    value: str
    start: int
    end: int
    text: str


@dataclass
class Doc:
    id: str
    dct: str
    text: str
    gold: list[Gold]


@dataclass
class Tally:
    gold_dates: int = 0
    found: int = 0
    exact: int = 0
    normalised: int = 0
    lenient_total: int = 0
    lenient: int = 0
    system: int = 0
    system_on_date: int = 0
    system_on_timex: int = 0
    errors: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str | None]] = field(default_factory=list)


def load(data: Path) -> list[Doc]:
    path = data / "te3_platinum_timex.jsonl"
    if not path.is_file():
        raise SystemExit(f"TempEval-3 data not found: {path}")
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            gold = [
                Gold(t["type"], t["value"], t["start"], t["end"], t["text"]) for t in d["timex3"]
            ]
            docs.append(Doc(d["id"], d["dct"], d["text"], gold))
    return docs


def normalise_value(value: str | None) -> str | None:
    """One spelling per TIMEX3 value: trailing placeholder X of decades and centuries dropped."""
    if value is None:
        return None
    if re.fullmatch(r"\d{2,3}X+", value):
        return value.rstrip("X")
    return value


def unresolvable(value: str) -> bool:
    """A gold value with no calendar reading: ``PRESENT_REF``, ``XXXX-XX-XX``, ``2012-WXX-7``."""
    if value.endswith("_REF"):
        return True
    return "X" in value and not re.fullmatch(r"\d{2,3}X*", value)


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def score(doc: Doc, mentions: list[DateMention], tally: Tally) -> None:
    dates = [g for g in doc.gold if g.type == "DATE"]
    timexes = [g for g in doc.gold if g.type in ("DATE", "TIME")]
    tally.gold_dates += len(dates)
    for g in dates:
        best = max(
            mentions,
            key=lambda m: overlap(m.start, m.end, g.start, g.end),
            default=None,
        )
        if best is None or overlap(best.start, best.end, g.start, g.end) == 0:
            tally.misses.append((doc.id, g.text, g.value))
            continue
        tally.found += 1
        tally.exact += best.value == g.value
        same = normalise_value(best.value) == normalise_value(g.value)
        tally.normalised += same
        if not unresolvable(g.value):
            tally.lenient_total += 1
            tally.lenient += same
        if best.value != g.value:
            tally.errors.append((doc.id, g.text, g.value, best.value))
    for m in mentions:
        tally.system += 1
        on_date = any(overlap(m.start, m.end, g.start, g.end) for g in dates)
        tally.system_on_date += on_date
        tally.system_on_timex += any(overlap(m.start, m.end, g.start, g.end) for g in timexes)
        if not on_date:
            tally.spurious.append((doc.id, m.text, m.value))


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def report(tally: Tally, seconds: float, show: int) -> None:
    rows = [
        ("DATE recall (found / gold)", f"{tally.found} / {tally.gold_dates}", ratio(tally.found, tally.gold_dates)),
        ("value accuracy, exact", f"{tally.exact} / {tally.found}", ratio(tally.exact, tally.found)),
        ("value accuracy, normalised", f"{tally.normalised} / {tally.found}", ratio(tally.normalised, tally.found)),
        ("value accuracy, lenient (no *_REF/X gold)", f"{tally.lenient} / {tally.lenient_total}", ratio(tally.lenient, tally.lenient_total)),
        ("correct values / all gold DATE", f"{tally.exact} / {tally.gold_dates}", ratio(tally.exact, tally.gold_dates)),
        ("precision vs gold DATE", f"{tally.system_on_date} / {tally.system}", ratio(tally.system_on_date, tally.system)),
        ("precision vs gold DATE or TIME", f"{tally.system_on_timex} / {tally.system}", ratio(tally.system_on_timex, tally.system)),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"TempEval-3 platinum, DATE expressions ({seconds:.1f}s)")
    print(f"{'measure':<{width}}  {'count':>10}  {'score':>6}")
    print("-" * (width + 20))
    for name, count, value in rows:
        print(f"{name:<{width}}  {count:>10}  {value:>6}")
    if show:
        print("\nvalue errors (doc, text, gold, system):")
        for e in tally.errors[:show]:
            print("  ", e)
        print("\nmissed DATE (doc, text, gold):")
        for miss in tally.misses[:show]:
            print("  ", miss)
        print("\nsystem mentions not on a gold DATE (doc, text, value):")
        for s in tally.spurious[:show]:
            print("  ", s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=0, help="list up to N errors of each kind")
    parser.add_argument(
        "--drop-refs",
        action="store_true",
        help="score without the PRESENT_REF/PAST_REF/FUTURE_REF mentions (to measure them)",
    )
    args = parser.parse_args(argv)
    docs = load(args.data)
    began = time.perf_counter()
    nlp = Parser(Settings())
    articles = [Article(id=d.id, text=d.text, published=d.dct, language="en") for d in docs]
    tally = Tally()
    for doc, parsed in zip(docs, nlp.parse(articles), strict=True):
        if not isinstance(parsed, ParsedArticle):
            print(f"{doc.id}: not parsed ({parsed.reason})", file=sys.stderr)
            score(doc, [], tally)
            continue
        mentions = extract_dates(parsed.doc, doc.dct)
        if args.drop_refs:
            mentions = [m for m in mentions if not (m.value or "").endswith("_REF")]
        score(doc, mentions, tally)
    report(tally, time.perf_counter() - began, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
