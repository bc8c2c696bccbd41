"""The bundled sample corpus (samples/): well-formed, dated, varied, and our own text.

These checks read the files directly (json, html.parser, plain text), so they do not depend on
the ingest readers.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"

REQUIRED_FIELDS = ("id", "text", "published", "title", "outlet")
FIRST_DATE = date(2015, 1, 1)
LAST_DATE = date(2025, 12, 31)
NGRAM = 9

# Articles that tell the same event in different outlets' words (see samples/README.md).
CLUSTERS = {
    "grain-deal-2022-07-22": ("sample-027", "sample-028", "sample-029"),
    "rafah-aid-2023-10-21": ("sample-037", "sample-038"),
    "gaza-ceasefire-2025-01-15": ("sample-045", "sample-046", "sample-047"),
}
SPANISH_ARTICLE = "sample-015"
FRENCH_PASSAGE_ARTICLE = "sample-036"

# A lexical stand-in for "the corpus covers all 16 PLOVER types": a typical trigger stem per
# type that must occur in at least two articles. It proves vocabulary, not coding.
TYPE_TRIGGERS = {
    "AGREE": r"\bagree",
    "CONSULT": r"\b(summit|talks)\b",
    "SUPPORT": r"\b(recognis|voiced support|welcomed)",
    "CONCEDE": r"\b(released|freed|resigned|suspend)",
    "COOPERATE": r"\b(cooperat|coordination|joined)",
    "AID": r"\baid\b",
    "RETREAT": r"\b(withdraw|pulled? (back|out))",
    "REQUEST": r"\b(asked|urged|called (on|for))\b",
    "ACCUSE": r"\b(accus|blamed|condemn)",
    "REJECT": r"\b(reject|denied|dismissed|ruled out)",
    "THREATEN": r"\b(warned|threat|vowed)",
    "PROTEST": r"\b(protest|demonstrat|marched|rall(y|ies|ied))",
    "SANCTION": r"\b(sanction|severed|breaking (off )?(diplomatic )?relations)",
    "MOBILIZE": r"\b(mobilis|deploy|call-up)",
    "COERCE": r"\b(detain|arrest|expel)",
    "ASSAULT": r"\b(killed|struck|missiles?|airstrikes?)\b",
}

_HTML_DATE_KEYS = {("name", "date"), ("property", "article:published_time")}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Sample:
    id: str
    format: str  # "jsonl", "html" or "txt"
    path: Path
    published: str
    title: str
    text: str


class _PageParser(HTMLParser):
    """Collects what a news page must carry: <title>, meta tags, <article> paragraphs."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[tuple[str, str], str] = {}
        self.paragraphs: list[str] = []
        self.tags: set[str] = set()
        self._in_title = False
        self._article_depth = 0
        self._paragraph: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        attr = {k: v or "" for k, v in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and "content" in attr:
            for key in ("name", "property"):
                if key in attr:
                    self.meta[(key, attr[key])] = attr["content"]
        elif tag == "article":
            self._article_depth += 1
        elif tag == "p" and self._article_depth:
            self._paragraph = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "article":
            self._article_depth -= 1
        elif tag == "p" and self._paragraph is not None:
            self.paragraphs.append("".join(self._paragraph).strip())
            self._paragraph = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._paragraph is not None:
            self._paragraph.append(data)


def _parse_page(path: Path) -> _PageParser:
    page = _PageParser()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _page_date(page: _PageParser) -> str | None:
    for key in _HTML_DATE_KEYS:
        if key in page.meta:
            return page.meta[key][:10]
    return None


def _txt_header(path: Path) -> tuple[dict[str, str], str]:
    """The ``Key: value`` lines at the top of a text file, and the body after the blank line."""
    head, sep, body = path.read_text(encoding="utf-8").partition("\n\n")
    assert sep, f"{path.name}: no blank line between header and body"
    header = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        assert colon and value.strip(), f"{path.name}: header line is not 'Key: value': {line!r}"
        header[key.strip().lower()] = value.strip()
    return header, body


def _jsonl_records() -> list[dict[str, object]]:
    lines = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _file_id(path: Path) -> str:
    match = re.match(r"sample-\d{3}", path.name)
    assert match, f"{path.name}: file name does not start with sample-NNN"
    return match.group(0)


def _all_samples() -> list[Sample]:
    samples = [
        Sample(
            str(r["id"]),
            "jsonl",
            SAMPLES / "articles.jsonl",
            str(r["published"]),
            str(r["title"]),
            str(r["text"]),
        )
        for r in _jsonl_records()
    ]
    for path in sorted((SAMPLES / "html").glob("*.html")):
        page = _parse_page(path)
        samples.append(
            Sample(
                _file_id(path),
                "html",
                path,
                _page_date(page) or "",
                page.title,
                "\n\n".join(page.paragraphs),
            )
        )
    for path in sorted((SAMPLES / "txt").glob("*.txt")):
        header, body = _txt_header(path)
        samples.append(
            Sample(
                header.get("id", _file_id(path)),
                "txt",
                path,
                header.get("date", ""),
                header.get("title", ""),
                body,
            )
        )
    return samples


@pytest.fixture(scope="module")
def samples() -> list[Sample]:
    return _all_samples()


@pytest.fixture(scope="module")
def by_id(samples: list[Sample]) -> dict[str, Sample]:
    return {s.id: s for s in samples}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_jsonl_records_have_the_required_fields() -> None:
    records = _jsonl_records()
    assert records
    for record in records:
        missing = [f for f in REQUIRED_FIELDS if not str(record.get(f) or "").strip()]
        assert not missing, f"{record.get('id')}: missing {missing}"
        assert str(record["url"]).startswith("https://example.org/"), record["id"]


def test_file_counts_per_format(samples: list[Sample]) -> None:
    counts = Counter(s.format for s in samples)
    assert counts["html"] >= 6
    assert counts["txt"] >= 4
    assert counts["jsonl"] >= 26
    assert len(samples) >= 36
    assert len(list((SAMPLES / "html").iterdir())) == counts["html"]
    assert len(list((SAMPLES / "txt").iterdir())) == counts["txt"]


def test_ids_are_unique_across_formats(samples: list[Sample]) -> None:
    ids = Counter(s.id for s in samples)
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(re.fullmatch(r"sample-\d{3}", i) for i in ids)


def test_every_article_has_a_valid_publication_date(samples: list[Sample]) -> None:
    for s in samples:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.published), f"{s.id}: {s.published!r}"
        assert FIRST_DATE <= date.fromisoformat(s.published) <= LAST_DATE, s.id


def test_html_pages_carry_title_site_name_date_and_article_body() -> None:
    for path in sorted((SAMPLES / "html").glob("*.html")):
        page = _parse_page(path)
        text = path.read_text(encoding="utf-8")
        assert text.lstrip().lower().startswith("<!doctype html>"), path.name
        assert page.title.strip(), f"{path.name}: empty <title>"
        assert page.meta.get(("property", "og:site_name")), f"{path.name}: no og:site_name"
        assert _page_date(page), f"{path.name}: no date meta"
        assert {"nav", "footer", "article"} <= page.tags, path.name
        assert len(page.paragraphs) >= 4, f"{path.name}: too few <p> in <article>"


def test_txt_files_have_a_header_with_title_and_date() -> None:
    paths = sorted((SAMPLES / "txt").glob("*.txt"))
    for path in paths:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("Title: "), path.name
        header, body = _txt_header(path)
        date.fromisoformat(header["date"])
        assert body.strip(), path.name
    # "Source:" is optional: at least one file shows an article without it.
    assert any("source" not in _txt_header(p)[0] for p in paths)


def test_articles_are_150_to_450_words_with_a_dateline_lead(samples: list[Sample]) -> None:
    for s in samples:
        assert 150 <= len(s.text.split()) <= 450, f"{s.id}: {len(s.text.split())} words"
        lead = s.text.split("\n", 1)[0]
        assert re.match(r"^[A-Z][A-Z .,/'-]+(, [A-Z][\w .]+)? \([^)]+\) — ", lead), s.id


def test_corpus_uses_trigger_words_of_all_16_plover_types(samples: list[Sample]) -> None:
    english = [s.text for s in samples if s.id != SPANISH_ARTICLE]
    for plover_type, pattern in TYPE_TRIGGERS.items():
        hits = sum(1 for text in english if re.search(pattern, text, re.IGNORECASE))
        assert hits >= 2, f"{plover_type}: trigger {pattern!r} in {hits} article(s)"


def test_same_event_clusters_are_different_outlets_in_different_words(
    by_id: dict[str, Sample],
) -> None:
    jsonl_outlets = {str(r["id"]): str(r["outlet"]) for r in _jsonl_records()}
    for name, ids in CLUSTERS.items():
        members = [by_id[i] for i in ids]
        days = [date.fromisoformat(m.published) for m in members]
        assert (max(days) - min(days)).days <= 1, name
        outlets = {
            jsonl_outlets.get(m.id) or m.text.split("(", 1)[1].split(")")[0] for m in members
        }
        assert len(outlets) == len(members), f"{name}: outlets repeat: {outlets}"
        for a, b in combinations(members, 2):
            shared = _ngrams(a.text) & _ngrams(b.text)
            assert not shared, f"{a.id} and {b.id} share {[' '.join(g) for g in shared][:3]}"


def _share(words: list[str], markers: set[str]) -> float:
    return sum(w in markers for w in words) / max(len(words), 1)


def test_one_article_is_spanish_and_one_has_a_french_passage(samples: list[Sample]) -> None:
    spanish = {"el", "la", "los", "las", "de", "que", "por", "una", "del", "en"}
    english = {"the", "of", "and", "to", "in", "on", "said", "was", "that"}
    non_english = [s.id for s in samples if _share(_words(s.text), spanish) > 0.2]
    assert non_english == [SPANISH_ARTICLE]
    spanish_words = _words(next(s.text for s in samples if s.id == SPANISH_ARTICLE))
    assert _share(spanish_words, english) < 0.02
    french = next(s.text for s in samples if s.id == FRENCH_PASSAGE_ARTICLE)
    passages = [p for p in french.split("\n\n") if p.startswith("«")]
    assert len(passages) == 1
    assert {"nous", "la", "de", "france"} <= set(_words(passages[0]))


def test_readme_lists_every_article(samples: list[Sample]) -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert "CC0" in readme
    for s in samples:
        assert f"| {s.id} | {s.published} |" in readme, s.id


def _eval_texts() -> list[str]:
    texts = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(str(json.loads(line).get("text") or ""))
    return texts


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is not present")
def test_no_sample_shares_a_9_word_sequence_with_the_eval_data(samples: list[Sample]) -> None:
    """Rule 5: sample sentences are our own, never taken from third-party evaluation text."""
    ours: dict[tuple[str, ...], str] = {}
    for s in samples:
        for gram in _ngrams(s.title + "\n" + s.text):
            ours[gram] = s.id
    assert ours
    texts = _eval_texts()
    assert texts, f"no texts found in {EVAL_DIR}"
    found = {}
    for text in texts:
        for gram in _ngrams(text) & ours.keys():
            found[" ".join(gram)] = ours[gram]
    assert found == {}
