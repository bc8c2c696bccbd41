"""Proxy measure of actor resolution: resolve_text(name) on the gold actor names of a gold file.

For every event source/target in the gold file that has a "name", resolve the name alone (no
sentence context) and compare with the gold's acceptable "country" / "sector" lists. This is a
proxy: the event coder resolves the phrase it finds in context, which can differ from the gold
name, and gold sometimes codes context a bare name does not carry.

    .venv/bin/python bench/actors_eval.py [--gold PATH] [--misses N] [--by-code]

Use the misses to find general gaps (a missing demonym, title, organisation); never add a gold
name itself to a dictionary.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from dateline.resolve.actors import get_resolver

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover_gsr.gold.jsonl"


def _actors(path: Path) -> list[dict[str, object]]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            for event in doc.get("events", []):
                for role in ("source", "target"):
                    for actor in event.get(role) or []:
                        if actor.get("name"):
                            out.append(actor)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses of each kind")
    parser.add_argument("--by-code", action="store_true", help="sector accuracy per gold sector")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    resolver = get_resolver()
    load = time.perf_counter() - t0
    actors = _actors(args.gold)
    counts: Counter[str] = Counter()
    per_sector: Counter[str] = Counter()
    per_sector_ok: Counter[str] = Counter()
    country_misses: list[str] = []
    sector_misses: list[str] = []
    t1 = time.perf_counter()
    for actor in actors:
        name = str(actor["name"])
        code = resolver.resolve_text(name)
        got_country = code.country if code else None
        got_sector = code.sector if code else None
        gold_countries = [str(c).upper() for c in actor.get("country") or []]  # type: ignore[attr-defined]
        gold_sectors = [str(s).upper() for s in actor.get("sector") or []]  # type: ignore[attr-defined]
        if gold_countries:
            counts["country_n"] += 1
            if got_country in gold_countries:
                counts["country_ok"] += 1
            else:
                country_misses.append(f"{name!r}: got {got_country}, gold {gold_countries}")
        if gold_sectors:
            counts["sector_n"] += 1
            per_sector[gold_sectors[0]] += 1
            if got_sector in gold_sectors:
                counts["sector_ok"] += 1
                per_sector_ok[gold_sectors[0]] += 1
            else:
                sector_misses.append(f"{name!r}: got {got_sector}, gold {gold_sectors}")
    elapsed = time.perf_counter() - t1

    def ratio(ok: str, n: str) -> str:
        return f"{counts[ok] / counts[n]:.3f} ({counts[ok]}/{counts[n]})" if counts[n] else "n/a"

    print(f"gold file        {args.gold}")
    print(f"actors           {len(actors)}")
    print(f"country accuracy {ratio('country_ok', 'country_n')}")
    print(f"sector accuracy  {ratio('sector_ok', 'sector_n')}")
    print(f"load {load:.2f} s, resolve {elapsed * 1000 / max(len(actors), 1):.2f} ms per name")
    if args.by_code:
        for sector, n in per_sector.most_common():
            print(f"  {sector}  {per_sector_ok[sector]}/{n}")
    if args.misses:
        print("\ncountry misses:")
        for line in country_misses[: args.misses]:
            print("  " + line)
        print("\nsector misses:")
        for line in sector_misses[: args.misses]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
