"""Quotes against GUM's Wikinews documents; counts against the PLOVER gold records.

Usage: ``.venv/bin/python bench/quotes_gum.py [--gum DIR] [--plover FILE] [--show N]``

Quotes (``gum_wikinews_docs.jsonl`` and the CoNLL-U trees of ``conllu/``):

- Gold quotes are GUM's ``<quote>`` spans. GUM's ``<q>`` spans (quoted labels, titles,
  mentions) of two words or more are neutral: a system quote overlapping only one of them is
  neither right nor wrong. One-word ``<q>`` spans are scare quotes: a system quote there is
  wrong. Precision counts only documents with at least one ``<quote>`` or ``<q>``: 13 GUM
  documents have quotations but no quote annotation at all. Even in annotated documents GUM
  leaves some real quotations untagged, so precision is a lower bound.
- Recall: gold quotes overlapped by a system quote. Precision: system quotes overlapping a
  gold quote, over all non-neutral system quotes.
- Gold speakers: GUM has no speaker link for quotes in news, so we derive one from its gold
  syntax and coreference: the verbs that govern the quotation (the quotation's head outside
  it, or a verb attached as parataxis to it), the nearest that is (or hangs, through up to
  three clause heads, on) a communication verb (``SPEECH`` below; else the nearest verb), and
  that verb's nominal subject, named by its coreference chain (the chain's Wikipedia
  identity, else its most capitalised mention).
  Quotations with no such verb (continued quotes, quotes in a following sentence) have no
  gold speaker and are left out of speaker accuracy.
- Speaker accuracy: on found quotes with a gold speaker, the system speaker shares a name
  token with the gold one (lower case, titles and function words left out).

Counts (``plover_gsr.gold.jsonl``): a gold count is found when a system count overlapping its
evidence has the same value. The ``what`` agreement is printed too (same word).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from dateline.config import Settings
from dateline.extract.counts import extract_counts
from dateline.extract.entities import extract_entities
from dateline.extract.quotes import extract_quotes, word_count
from dateline.nlp import ParsedArticle, Parser
from dateline.records import Article, Quote

DEFAULT_GUM = Path("/work/shared/eval/raw/gum_wikinews")
DEFAULT_PLOVER = Path("/work/shared/eval/plover_gsr.gold.jsonl")
MARKS = "\"'\u201c\u201d\u2018\u2019 "
# communication verbs: the gold speaker is the subject of the nearest of these that governs
# the quotation (directly or through up to three clause heads), else of the nearest verb
SPEECH = frozenset(
    [
        "say",
        "tell",
        "add",
        "write",
        "comment",
        "state",
        "reply",
        "remark",
        "observe",
        "continue",
        "reason",
        "recommend",
        "call",
        "claim",
        "note",
        "report",
        "explain",
        "describe",
        "read",
        "announce",
        "ask",
        "answer",
        "respond",
        "conclude",
        "assert",
        "insist",
        "warn",
        "stress",
        "argue",
        "suggest",
        "tweet",
        "post",
        "admit",
        "confirm",
        "deny",
    ]
)
PRONOUNS = frozenset(
    [
        "i",
        "me",
        "we",
        "us",
        "you",
        "he",
        "him",
        "she",
        "her",
        "it",
        "they",
        "them",
        "this",
        "that",
        "who",
        "which",
        "one",
    ]
)
STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "mr",
        "ms",
        "mrs",
        "dr",
        "prof",
        "professor",
        "sir",
        "said",
        "'s",
        "s",
        "his",
        "her",
        "their",
        "its",
    ]
)


@dataclass(frozen=True, slots=True)
class Tok:
    index: int  # doc-level
    start: int
    end: int
    form: str
    lemma: str
    upos: str
    head: int  # doc-level index, -1 for the root
    deprel: str
    sent: int


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    eid: str
    identity: str | None
    text: str


@dataclass(slots=True)
class GoldQuote:
    doc: str
    start: int
    end: int
    text: str
    speaker: str | None = None


def read_tokens(conllu: Path, text: str) -> list[Tok]:
    """CoNLL-U words with character offsets into ``text`` (found in order)."""
    toks: list[Tok] = []
    pos = 0
    sent = -1
    base = 0
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            sent += 1
            base = len(toks)
            continue
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        form = cols[1]
        found = text.find(form, pos)
        if found < 0:
            raise ValueError(f"{conllu.name}: cannot align {form!r} at {pos}")
        head = int(cols[6])
        toks.append(
            Tok(
                len(toks),
                found,
                found + len(form),
                form,
                cols[2].lower(),
                cols[3],
                base + head - 1 if head else -1,
                cols[7].split(":")[0],
                sent,
            )
        )
        pos = found + len(form)
    return toks


def chain_name(mentions: list[Mention]) -> str:
    for m in mentions:
        if m.identity:
            return m.identity.replace("_", " ")

    def proper(m: Mention) -> tuple[bool, bool, int, int]:
        words = m.text.split()
        caps = sum(w[:1].isupper() for w in words)
        pronoun = m.text.lower() in PRONOUNS
        return (not pronoun, caps == len(words) and caps > 0, caps, -m.start)

    return max(mentions, key=proper).text


def _climb_to_speech(v: Tok, toks: list[Tok]) -> Tok | None:
    cur: Tok | None = v
    for _ in range(4):
        if cur is None:
            return None
        if cur.lemma in SPEECH:
            return cur
        cur = toks[cur.head] if cur.head >= 0 else None
    return None


def _subject(v: Tok, toks: list[Tok], idx: set[int]) -> Tok | None:
    subs = [s for s in toks if s.head == v.index and s.deprel == "nsubj" and s.index not in idx]
    return min(subs, key=lambda s: abs(s.index - v.index)) if subs else None


def gold_speaker(q: GoldQuote, toks: list[Tok], mentions: list[Mention]) -> str | None:
    inside = [t for t in toks if q.start <= t.start < q.end]
    if not inside:
        return None
    idx = {t.index for t in inside}
    sents = {t.sent for t in inside}
    candidates: list[tuple[int, Tok]] = []
    for t in toks:
        if t.sent not in sents or t.index in idx or t.upos not in {"VERB", "AUX"}:
            continue
        governs = any(u.head == t.index for u in inside)
        attached = t.head in idx and t.deprel in {"parataxis", "advcl", "conj"}
        if governs or attached:
            candidates.append((min(abs(t.start - q.start), abs(t.start - q.end)), t))
    candidates.sort(key=lambda x: x[0])
    subj: Tok | None = None
    for _, v in candidates:
        speech = _climb_to_speech(v, toks)
        if speech is not None and speech.index not in idx:
            subj = _subject(speech, toks, idx)
            if subj is not None:
                break
    if subj is None:
        for _, v in candidates:
            subj = _subject(v, toks, idx)
            if subj is not None:
                break
    if subj is None:
        return None
    containing = [m for m in mentions if m.start <= subj.start and subj.end <= m.end]
    if not containing:
        return subj.form
    mention = min(containing, key=lambda m: m.end - m.start)
    chain = [m for m in mentions if m.eid == mention.eid]
    return chain_name(chain)


def name_tokens(name: str | None) -> set[str]:
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    words = re.findall(r"[^\W_]+", plain.lower())
    return {w for w in words if w not in STOP and len(w) > 1}


def load_gum(path: Path) -> tuple[list[dict], dict[str, list[GoldQuote]], dict[str, list]]:
    docs = [json.loads(line) for line in (path / "gum_wikinews_docs.jsonl").open()]
    gold: dict[str, list[GoldQuote]] = {}
    neutral: dict[str, list[tuple[int, int, bool]]] = {}
    for d in docs:
        text = d["text"]
        toks = read_tokens(path / "conllu" / f"{d['id']}.conllu", text)
        mentions = [
            Mention(e["start"], e["end"], e["eid"], e.get("identity"), e["text"])
            for e in d["entities"]
        ]
        gq: list[GoldQuote] = []
        nq: list[tuple[int, int, bool]] = []
        for s in d["xml_spans"]:
            start, end = s["start"], s["end"]
            while start < end and text[start] in MARKS:
                start += 1
            while end > start and text[end - 1] in MARKS:
                end -= 1
            if s["tag"] == "quote":
                q = GoldQuote(d["id"], start, end, text[start:end])
                q.speaker = gold_speaker(q, toks, mentions)
                gq.append(q)
            elif s["tag"] == "q":
                nq.append((start, end, word_count(text[start:end]) >= 2))
        gold[d["id"]] = gq
        neutral[d["id"]] = nq
    return docs, gold, neutral


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def parse_all(articles: list[Article]) -> dict[str, ParsedArticle]:
    out: dict[str, ParsedArticle] = {}
    for item in Parser(Settings()).parse(articles):
        if isinstance(item, ParsedArticle):
            out[item.article.id] = item
    return out


def bench_quotes(gum: Path, show: int) -> None:
    docs, gold, neutral = load_gum(gum)
    parsed = parse_all([Article(id=d["id"], text=d["text"], language="en") for d in docs])
    n_gold = found = 0
    tp = fp = neutral_hits = 0
    with_speaker = right = 0
    errors: list[str] = []
    by_cue: dict[str, int] = defaultdict(int)
    unannotated = 0
    for d in docs:
        pa = parsed.get(d["id"])
        if pa is None:
            continue
        text = d["text"]
        system: list[Quote] = extract_quotes(pa.doc, extract_entities(pa.doc))
        annotated = bool(gold[d["id"]] or neutral[d["id"]])
        for q in system:
            if not annotated:
                unannotated += 1
                continue
            by_cue[q.cue or "-"] += 1
            if any(overlaps(q.start, q.end, g.start, g.end) for g in gold[d["id"]]):
                tp += 1
            elif any(ok and overlaps(q.start, q.end, s, e) for s, e, ok in neutral[d["id"]]):
                neutral_hits += 1
            else:
                fp += 1
                errors.append(f"FP {d['id']}: {q.text[:70]!r} speaker={q.speaker!r}")
        for g in gold[d["id"]]:
            n_gold += 1
            hits = [q for q in system if overlaps(q.start, q.end, g.start, g.end)]
            if not hits:
                ctx = text[max(0, g.start - 50) : g.start].replace("\n", "|")
                errors.append(f"FN {d['id']}: ...{ctx!r} <<{g.text[:60]!r}>>")
                continue
            found += 1
            if g.speaker is None:
                continue
            with_speaker += 1
            sys_speaker = hits[0].speaker
            if name_tokens(sys_speaker) & name_tokens(g.speaker):
                right += 1
            else:
                errors.append(
                    f"SPK {d['id']}: gold={g.speaker!r} system={sys_speaker!r} <<{g.text[:50]!r}>>"
                )
    precision = tp / (tp + fp) if tp + fp else 0.0
    print(
        f"quotes: gold {n_gold}, found {found} (recall {found / n_gold:.3f}); "
        f"system {tp + fp + neutral_hits} = {tp} right, {fp} wrong, {neutral_hits} neutral "
        f"(precision {precision:.3f}); {unannotated} more in documents with no quote "
        "annotation"
    )
    print(
        f"speakers: {right}/{with_speaker} found quotes with a gold speaker have it "
        f"(accuracy {right / with_speaker if with_speaker else 0:.3f})"
    )
    print("cues:", dict(sorted(by_cue.items(), key=lambda x: -x[1])[:12]))
    for line in errors[:show]:
        print("  ", line)


def bench_counts(plover: Path, show: int) -> None:
    records = [json.loads(line) for line in plover.open()]
    with_counts = [r for r in records if r.get("counts")]
    parsed = parse_all(
        [Article(id=r["doc_id"], text=r["text"], language="en") for r in with_counts]
    )
    n = found = what_same = 0
    errors: list[str] = []
    for r in with_counts:
        pa = parsed[r["doc_id"]]
        counts = extract_counts(pa.doc)
        text = r["text"]
        for g in r["counts"]:
            n += 1
            e0 = text.find(g["evidence"])
            e1 = e0 + len(g["evidence"])
            hit = next(
                (c for c in counts if overlaps(c.start, c.end, e0, e1) and c.value == g["value"]),
                None,
            )
            if hit is None:
                errors.append(f"FN {r['doc_id']}: {g} system={[(c.text, c.value) for c in counts]}")
                continue
            found += 1
            if hit.what == g["what"]:
                what_same += 1
            else:
                errors.append(f"WHAT {r['doc_id']}: gold={g['what']!r} system={hit.what!r}")
    print(
        f"counts (plover_gsr): gold {n}, found with equal value {found} (recall {found / n:.3f}); "
        f"same what {what_same}/{found}"
    )
    for line in errors[:show]:
        print("  ", line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--gum", type=Path, default=DEFAULT_GUM)
    ap.add_argument("--plover", type=Path, default=DEFAULT_PLOVER)
    ap.add_argument("--show", type=int, default=0, help="print this many errors")
    ap.add_argument("--only", choices=["quotes", "counts"], default=None)
    args = ap.parse_args(argv)
    t0 = time.time()
    if args.only != "counts":
        bench_quotes(args.gum, args.show)
    if args.only != "quotes":
        bench_counts(args.plover, args.show)
    print(f"({time.time() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
