"""Entities against GUM's Wikinews documents: named-entity spans and canonical names.

Usage: ``.venv/bin/python bench/entities_gum.py [--gum DIR] [--errors N]``

Gold (from ``gum_wikinews_docs.jsonl`` and the CoNLL-U trees of ``conllu/``):

- A GUM mention of type person, organization or place is a *named* mention when its
  syntactic head (the token whose head lies outside the mention) is a proper noun (NNP/NNPS).
- Its gold name span is the run of proper nouns around that head inside the mention (with
  "of", "the", "and", "&", "de", "for" and hyphens between proper nouns; after the head not
  "and", a coordination, and for a person nothing but proper nouns: "Michael Tien of NPP" ->
  "Michael Tien"; before a person's head no name of another mention: "NASA Administrator
  Charles Bolden" -> "Charles Bolden"), after cutting titles and honorifics off its front (OntoNotes, which spaCy is trained on, keeps them out of a name:
  "U.S. President Donald Trump" -> "Donald Trump"; the title list is dateline's own lexicon).
  Names nested in a longer gold name ("Helsinki" in "University of Helsinki") are dropped:
  NER spans are flat.
- Types: person -> PERSON, organization -> ORG, place -> GPE | LOC | FAC. GUM has no GPE and
  files a country as organization or place by its role, so the untyped figures matter most.

System: the entities of ``extract_entities`` labelled PERSON, ORG, GPE, LOC or FAC, except the
nominal references it adds ("the secretary"), which are scored on their own: right when GUM
puts that phrase in the coreference chain of a gold mention that got the same canonical name.

Canonical names: for gold named mentions that a system entity matches exactly, every pair of
mentions in a document is a link in the gold when both carry the same Wikipedia identity
(or, second table, are in the same GUM coreference chain), and a link in the system when
both got the same canonical name. Pairwise precision/recall/F1, against a baseline whose
canonical name is the surface text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from spacy.tokens import Doc

from dateline.config import Settings
from dateline.extract.entities import (
    _match_forward,
    _norm,
    _phrase,
    extract_entities,
    load_name_lexicon,
)
from dateline.nlp import ParsedArticle, Parser
from dateline.records import Article, Entity

DEFAULT_GUM = Path("/work/shared/eval/raw/gum_wikinews")
TYPE_LABELS = {
    "person": frozenset({"PERSON"}),
    "organization": frozenset({"ORG"}),
    "place": frozenset({"GPE", "LOC", "FAC"}),
}
SYSTEM_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
PROPER = frozenset({"NNP", "NNPS"})
CONNECTORS = frozenset({"of", "the", "and", "&", "de", "-", "for"})
RIGHT_CONNECTORS = CONNECTORS - {"and"}  # "X and Y" after the head is a coordination


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    form: str
    xpos: str
    head: int  # doc-level index, -1 for the root


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    etype: str
    identity: str | None
    eid: str
    named_start: int  # the gold name span
    named_end: int


def read_tokens(conllu: Path, text: str) -> list[Tok]:
    """CoNLL-U words with character offsets into ``text`` (found in order)."""
    toks: list[Tok] = []
    pos = 0
    sent_base = 0
    sent_heads: list[tuple[str, str, int]] = []

    def flush() -> None:
        nonlocal pos, sent_base
        for form, xpos, head in sent_heads:
            at = text.find(form, pos)
            if at < 0:
                raise ValueError(f"{conllu.name}: cannot align {form!r} at {pos}")
            toks.append(Tok(at, at + len(form), form, xpos, head + sent_base - 1 if head else -1))
            pos = at + len(form)
        sent_base += len(sent_heads)
        sent_heads.clear()

    for line in conllu.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        sent_heads.append((cols[1], cols[4], int(cols[6])))
    flush()
    return toks


def _title_len(forms: list[str]) -> int:
    """How many leading words are titles (qualifiers count only before a title)."""
    lex = load_name_lexicon()
    i = 0
    while i < len(forms):
        j = _match_forward(forms, i, len(forms), lex.title_words, lex.max_phrase)
        if j is None:
            q = _match_forward(forms, i, len(forms), lex.title_qualifiers, lex.max_phrase)
            if q is not None:
                j = _match_forward(forms, q, len(forms), lex.title_words, lex.max_phrase)
        if j is None:
            break
        i = j
    return i


def gold_mentions(doc: dict, toks: list[Tok]) -> list[Gold]:
    """Named person/organization/place mentions of one GUM document with their name spans."""
    starts = {t.start: i for i, t in enumerate(toks)}
    ends = {t.end: i for i, t in enumerate(toks)}
    raw = [e for e in doc["entities"] if e["start"] in starts and e["end"] in ends]
    out: list[Gold] = []
    for e in raw:
        if e["etype"] not in TYPE_LABELS:
            continue
        a, b = starts[e["start"]], ends[e["end"]] + 1
        heads = [i for i in range(a, b) if not a <= toks[i].head < b]
        if not heads or toks[heads[0]].xpos not in PROPER:
            continue
        h = heads[0]
        nested = [
            (starts[o["start"]], ends[o["end"]] + 1)
            for o in raw
            if o is not e and e["start"] <= o["start"] and o["end"] <= e["end"]
        ]
        person = e["etype"] == "person"
        in_other = {i for p, q in nested if not p <= h < q for i in range(p, q)}
        lo = h
        while lo > a and not (person and lo - 1 in in_other):
            if toks[lo - 1].xpos in PROPER:
                lo -= 1
                continue
            k = lo - 1  # connectors ("Bank of America Tower") need a proper noun before them
            while k > a and toks[k].form.lower() in CONNECTORS:
                k -= 1
            if k < lo - 1 and toks[k].xpos in PROPER and not (person and k in in_other):
                lo = k
                continue
            break
        hi = h + 1
        while hi < b:
            if toks[hi].xpos in PROPER:
                hi += 1
                continue
            if person:
                break  # "Michael Tien of NPP": a person's name ends with its proper nouns
            k = hi  # "Foundation for the Visual Arts"
            while k < b - 1 and toks[k].form.lower() in RIGHT_CONNECTORS:
                k += 1
            if k > hi and toks[k].xpos in PROPER:
                hi = k + 1
                continue
            break
        # cut titles, and a place/organisation name that only qualifies a title ("U.S. President")
        while lo < hi:
            forms = [_norm(t.form) for t in toks[lo:hi]]
            n = _title_len(forms)
            if n:
                lo += n
                continue
            inner = next((q for p, q in nested if p == lo and lo < q < hi), None)
            if inner is not None and _title_len([_norm(t.form) for t in toks[inner:hi]]):
                lo = inner
                continue
            break
        while lo < hi and toks[lo].form.lower() in CONNECTORS:
            lo += 1
        if lo >= hi:
            continue  # a title alone ("NASA Administrator"): not a name
        out.append(
            Gold(
                e["start"],
                e["end"],
                e["etype"],
                e["identity"],
                e["eid"],
                toks[lo].start,
                toks[hi - 1].end,
            )
        )
    return out


def flat(golds: list[Gold]) -> list[Gold]:
    """One gold per name span, names inside a longer gold name dropped."""
    seen: dict[tuple[int, int], Gold] = {}
    for g in golds:
        seen.setdefault((g.named_start, g.named_end), g)
    spans = list(seen)
    keep = []
    for (s, e), g in seen.items():
        if any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans):
            continue
        keep.append(g)
    return keep


@dataclass
class PRF:
    tp_p: int = 0  # system items matched
    n_p: int = 0
    tp_r: int = 0  # gold items matched
    n_r: int = 0

    def add(self, other: PRF) -> None:
        self.tp_p += other.tp_p
        self.n_p += other.n_p
        self.tp_r += other.tp_r
        self.n_r += other.n_r

    def row(self) -> tuple[float, float, float]:
        p = self.tp_p / self.n_p if self.n_p else 0.0
        r = self.tp_r / self.n_r if self.n_r else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match(
    golds: list[Gold], ents: list[Entity], *, exact: bool, typed: bool
) -> list[tuple[Gold, Entity]]:
    """One-to-one greedy matching of gold names and system entities in text order."""

    def ok(g: Gold, e: Entity) -> bool:
        if typed and e.label not in TYPE_LABELS[g.etype]:
            return False
        if exact:
            return (g.named_start, g.named_end) == (e.start, e.end)
        return overlaps((g.named_start, g.named_end), (e.start, e.end))

    used: set[int] = set()
    out = []
    for g in golds:
        for k, e in enumerate(ents):
            if k not in used and ok(g, e):
                used.add(k)
                out.append((g, e))
                break
    return out


def score_spans(golds: list[Gold], ents: list[Entity], *, exact: bool, typed: bool) -> PRF:
    tp = len(match(golds, ents, exact=exact, typed=typed))
    return PRF(tp, len(ents), tp, len(golds))


@dataclass
class Pairs:
    both: int = 0
    gold: int = 0
    system: int = 0

    def add(self, other: Pairs) -> None:
        self.both += other.both
        self.gold += other.gold
        self.system += other.system

    def row(self) -> tuple[float, float, float]:
        p = self.both / self.system if self.system else 0.0
        r = self.both / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def pair_score(items: Iterable[tuple[str, str]]) -> Pairs:
    """items: (gold cluster, system cluster) per mention."""
    out = Pairs()
    for (g1, s1), (g2, s2) in combinations(list(items), 2):
        same_g, same_s = g1 == g2, s1 == s2
        out.both += same_g and same_s
        out.gold += same_g
        out.system += same_s
    return out


def raw_entities(doc: Doc) -> list[Entity]:
    """spaCy's entities unchanged, each its own canonical name (the baseline)."""
    return [Entity(e.text, e.label_, e.start_char, e.end_char, canonical=e.text) for e in doc.ents]


def is_nominal(e: Entity) -> bool:
    """A nominal reference ("the secretary") that extract_entities added."""
    return e.label == "PERSON" and _phrase(e.text) in load_name_lexicon().nominal_titles


def load(gum: Path) -> list[dict]:
    with (gum / "gum_wikinews_docs.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gum", type=Path, default=DEFAULT_GUM)
    ap.add_argument("--errors", type=int, default=0, help="print up to N span errors per kind")
    ap.add_argument(
        "--baseline",
        action="store_true",
        help="score spaCy's entities as they come (canonical name = text) instead",
    )
    args = ap.parse_args(argv)
    docs = load(args.gum)
    parser = Parser(Settings())
    articles = [
        Article(d["id"], d["text"], (d["meta"].get("dateCreated") or None), language="en")
        for d in docs
    ]
    parsed = [p for p in parser.parse(articles) if isinstance(p, ParsedArticle)]
    t0 = time.perf_counter()
    extract = raw_entities if args.baseline else extract_entities
    system = {p.article.id: extract(p.doc) for p in parsed}
    elapsed = time.perf_counter() - t0
    tokens = sum(len(p.doc) for p in parsed)

    spans = {(x, t): PRF() for x in ("exact", "overlap") for t in ("untyped", "typed")}
    by_type = {t: PRF() for t in TYPE_LABELS}
    ident_sys, ident_base, chain_sys, chain_base = Pairs(), Pairs(), Pairs(), Pairs()
    nominal_total = nominal_ok = 0
    missed: list[str] = []
    spurious: list[str] = []
    canon_err: list[str] = []
    nominal_rows: list[str] = []
    boundary: list[str] = []
    for d in docs:
        text = d["text"]
        toks = read_tokens(args.gum / "conllu" / f"{d['id']}.conllu", text)
        golds = gold_mentions(d, toks)
        nominals = [e for e in system[d["id"]] if is_nominal(e)]
        names = [e for e in system[d["id"]] if e.label in SYSTEM_LABELS and not is_nominal(e)]
        fl = flat(golds)
        for (x, t), prf in spans.items():
            prf.add(score_spans(fl, names, exact=x == "exact", typed=t == "typed"))
        for etype, prf in by_type.items():
            gs = [g for g in fl if g.etype == etype]
            es = [e for e in names if e.label in TYPE_LABELS[etype]]
            prf.add(score_spans(gs, es, exact=False, typed=True))
        pairs = match(fl, names, exact=True, typed=False)
        ident = [(g, e) for g, e in pairs if g.identity]
        ident_sys.add(pair_score((g.identity or "", e.canonical) for g, e in ident))
        ident_base.add(pair_score((g.identity or "", e.text) for g, e in ident))
        chain_sys.add(pair_score((g.eid, e.canonical) for g, e in pairs))
        chain_base.add(pair_score((g.eid, e.text) for g, e in pairs))
        # nominal references: right when a gold mention there is in a chain of that person
        chains_of: dict[str, set[str]] = defaultdict(set)
        for g, e in pairs:
            chains_of[e.canonical].add(g.eid)
        for n in nominals:
            nominal_total += 1
            here = {
                e["eid"]
                for e in d["entities"]
                if overlaps((e["start"], e["end"]), (n.start, n.end))
            }
            right = bool(here & chains_of.get(n.canonical, set()))
            nominal_ok += right
            nominal_rows.append(
                f"{d['id']}: {'ok ' if right else 'BAD'} {text[max(0, n.start - 60) : n.end + 20]!r}"
                f" -> {n.canonical!r}"
            )
        if args.errors:
            gold_spans = {(g.named_start, g.named_end) for g in fl}
            for g in fl:
                if not any(overlaps((g.named_start, g.named_end), (e.start, e.end)) for e in names):
                    missed.append(f"{d['id']}: {g.etype} {text[g.named_start : g.named_end]!r}")
            for e in names:
                near = [s for s in gold_spans if overlaps(s, (e.start, e.end))]
                if not near:
                    spurious.append(f"{d['id']}: {e.label} {e.text!r}")
                elif (e.start, e.end) not in near:
                    boundary.append(
                        f"{d['id']}: {e.text!r} vs gold {text[near[0][0] : near[0][1]]!r}"
                    )
            for a, b in combinations(ident, 2):
                if (a[0].identity == b[0].identity) != (a[1].canonical == b[1].canonical):
                    canon_err.append(
                        f"{d['id']}: {a[1].text!r}->{a[1].canonical!r} [{a[0].identity}] vs "
                        f"{b[1].text!r}->{b[1].canonical!r} [{b[0].identity}]"
                    )

    print(f"GUM Wikinews: {len(docs)} documents, {tokens} tokens")
    print(f"extract_entities: {elapsed:.2f} s ({1000 * elapsed / len(docs):.1f} ms/doc)\n")
    print("Named entities (gold: person/organization/place with a proper-noun head)")
    print(f"{'match':<18}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'system':>8}")
    for (x, t), prf in spans.items():
        p, r, f = prf.row()
        print(f"{x + ' ' + t:<18}{p:7.3f}{r:7.3f}{f:7.3f}{prf.n_r:7d}{prf.n_p:8d}")
    print("\nBy type (overlap, typed)")
    for etype, prf in by_type.items():
        p, r, f = prf.row()
        print(f"{etype:<18}{p:7.3f}{r:7.3f}{f:7.3f}{prf.n_r:7d}{prf.n_p:8d}")
    print("\nCanonical names, pairwise over matched gold named mentions")
    print(f"{'gold clusters':<16}{'system':<12}{'P':>7}{'R':>7}{'F1':>7}{'gold pairs':>12}")
    for label, sys_p, base_p in (
        ("wikipedia id", ident_sys, ident_base),
        ("coref chain", chain_sys, chain_base),
    ):
        for name, pr in (("canonical", sys_p), ("surface", base_p)):
            p, r, f = pr.row()
            print(f"{label:<16}{name:<12}{p:7.3f}{r:7.3f}{f:7.3f}{pr.gold:12d}")
    print(f"\nNominal references ('the secretary'): {nominal_total} emitted, {nominal_ok} right")
    for title, rows in (
        ("missed", missed),
        ("spurious", spurious),
        ("boundary", boundary),
        ("canonical", canon_err),
        ("nominal", nominal_rows),
    ):
        if rows and args.errors:
            print(f"\n-- {title} ({len(rows)})")
            for row in rows[: args.errors]:
                print("  " + row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
