"""Merging mentions into events: the gold corpus, order independence, and what never merges."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.merge import MergeConfig, merge_results, result_from_output
from dateline.merge.cluster import Event, merge_mentions
from dateline.merge.evaluate import MentionKey, load_corpus, pairwise
from dateline.merge.mentions import Mention, date_range, mentions_from_result
from dateline.records import ArticleResult

Corpus = tuple[list[dict[str, Any]], dict[MentionKey, str]]


def _labels(events: list[Event]) -> dict[MentionKey, str]:
    return {(m.doc_id, m.mention_id): ev.id for ev in events for m in ev.mentions}


def _mentions(results: list[ArticleResult]) -> list[Mention]:
    return [m for r in results for m in mentions_from_result(r)]


def test_corpus_meets_the_precision_and_recall_targets(
    corpus: Corpus, corpus_results: list[ArticleResult]
) -> None:
    merged = merge_results(corpus_results)
    scores = pairwise(corpus[1], _labels(merged.events))
    assert scores.true_pairs > 20
    assert scores.precision >= 0.95
    assert scores.recall >= 0.85


def test_the_kharkiv_event_counts_articles_outlets_and_sentences(
    corpus_results: list[ArticleResult],
) -> None:
    events = merge_results(corpus_results).events
    (kharkiv,) = [e for e in events if "harbor-0310-kharkiv" in e.doc_ids and e.type == "ASSAULT"]
    assert kharkiv.n_articles == 4  # two mentions in one article
    assert len(kharkiv.mentions) == 5
    assert kharkiv.outlets == ("capital wire", "harbor times", "meridian post", "northwind daily")
    assert kharkiv.corroboration == "corroborated"
    assert kharkiv.day is not None and kharkiv.day.isoformat() == "2025-03-10"
    assert kharkiv.denied
    assert {(m.doc_id, m.sentence) for m in kharkiv.mentions} >= {
        ("harbor-0310-kharkiv", 0),
        ("harbor-0310-kharkiv", 2),
    }


def test_shuffled_input_gives_identical_events(corpus_results: list[ArticleResult]) -> None:
    mentions = _mentions(corpus_results)
    expected = merge_mentions(mentions)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = mentions[:]
        rng.shuffle(shuffled)
        assert merge_mentions(shuffled) == expected


ALL = [
    m
    for r in load_corpus(Path(__file__).parent.parent / "fixtures" / "dedup" / "corpus.yaml")[0]
    for m in mentions_from_result(result_from_output(r))
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(ALL), unique_by=lambda m: m.mention_id))
def test_any_subset_in_any_order_merges_the_same(subset: list[Mention]) -> None:
    assert merge_mentions(subset) == merge_mentions(sorted(subset, key=lambda m: m.order))
    assert merge_mentions(subset) == merge_mentions(list(reversed(subset)))


def test_different_types_or_dyads_never_merge(corpus_results: list[ArticleResult]) -> None:
    for ev in merge_results(corpus_results).events:
        assert len({(m.type, m.modality, m.source_key, m.target_key) for m in ev.mentions}) == 1


def test_event_ids_are_stable_hashes_of_the_earliest_mention(
    corpus_results: list[ArticleResult],
) -> None:
    a = merge_results(corpus_results).events
    b = merge_results(list(reversed(corpus_results))).events
    assert [e.id for e in a] == [e.id for e in b]
    assert all(e.id.startswith("ev-") and len(e.id) == 15 for e in a)
    assert len({e.id for e in a}) == len(a)


def test_same_dyad_other_day_stays_apart(corpus_results: list[ArticleResult]) -> None:
    events = merge_results(corpus_results).events
    kharkiv = [e for e in events if e.block == "ASSAULT|actual|country:RUS>country:UKR"]
    assert sorted(str(e.day) for e in kharkiv) == ["2025-03-10", "2025-03-12"]


def test_the_window_is_configurable(corpus_results: list[ArticleResult]) -> None:
    # with no window a report dated only by its publication the next day cannot reach back
    narrow = merge_results(corpus_results, MergeConfig(window_days=0)).events
    wide = merge_results(corpus_results).events
    (gaza_wide,) = [e for e in wide if "capital-0318-gaza" in e.doc_ids]
    gaza_narrow = [e for e in narrow if e.target_key == "country:PSE" and e.location != "Jenin"]
    assert gaza_wide.n_articles == 3
    assert sorted(e.n_articles for e in gaza_narrow) == [1, 2]
    # a tolerance of three days joins the two Kharkiv attacks of the 10th and the 12th
    loose = merge_results(corpus_results, MergeConfig(day_tolerance=3)).events
    assert len([e for e in loose if e.block == "ASSAULT|actual|country:RUS>country:UKR"]) == 1


def test_date_ranges() -> None:
    from datetime import date

    cfg = MergeConfig(window_days=2)
    pub = date(2025, 3, 14)
    assert date_range("2025-03-10", "relative", pub, cfg) == (date(2025, 3, 10),) * 2 + (True,)
    assert date_range("2025-03-14", "publication", pub, cfg) == (
        date(2025, 3, 12),
        date(2025, 3, 14),
        False,
    )
    assert date_range("2025-03", "explicit", pub, cfg) == (date(2025, 3, 12), pub, False)
    assert date_range(None, "publication", None, cfg) == (None, None, False)


def test_duplicated_mentions_count_once(corpus_results: list[ArticleResult]) -> None:
    mentions = _mentions(corpus_results)
    assert merge_mentions(mentions + mentions) == merge_mentions(mentions)


def test_hedged_single_source_event() -> None:
    from dateline.merge.cluster import build_event

    base = Mention(
        doc_id="d1",
        mention_id="d1:e0",
        sentence=0,
        outlet="harbor times",
        published=None,
        type="ASSAULT",
        mode=None,
        modality="actual",
        source_key="country:RUS",
        target_key="country:UKR",
        lo=None,
        hi=None,
        dated=False,
        negated=False,
        hedged=True,
        trigger="shelled",
        sentence_text="Russian troops reportedly shelled the town.",
    )
    ev = build_event([base])
    assert ev.corroboration == "single-source" and ev.hedged
    ev2 = build_event(
        [base, replace(base, doc_id="d2", mention_id="d2:e0", outlet="x", hedged=False)]
    )
    assert ev2.corroboration == "corroborated" and not ev2.hedged


def test_cities_far_apart_are_separate_events(corpus_results: list[ArticleResult]) -> None:
    def jenin_with_gaza(config: MergeConfig) -> bool:
        events = merge_results(corpus_results, config).events
        (gaza,) = [e for e in events if "capital-0318-gaza" in e.doc_ids]
        return "harbor-0318-jenin" in gaza.doc_ids

    assert not jenin_with_gaza(MergeConfig())  # Jenin is 130 km from Gaza City
    assert jenin_with_gaza(MergeConfig(max_km=0))  # the check turned off
    assert jenin_with_gaza(MergeConfig(max_km=200))


def test_split_by_place_keeps_unplaced_mentions_with_the_largest_place() -> None:
    from dateline.merge.cluster import km_between, split_by_place

    assert 120 < km_between((31.52, 34.45), (32.46, 35.30)) < 140
    base = Mention(
        doc_id="d1",
        mention_id="d1:e0",
        sentence=0,
        outlet=None,
        published=None,
        type="ASSAULT",
        mode=None,
        modality="actual",
        source_key="country:ISR",
        target_key="country:PSE",
        lo=None,
        hi=None,
        dated=True,
        negated=False,
        hedged=False,
        trigger="struck",
        sentence_text="",
    )
    gaza1 = replace(base, lat=31.52, lon=34.45)
    gaza2 = replace(base, doc_id="d2", lat=31.35, lon=34.30)  # Khan Younis, 23 km
    jenin = replace(base, doc_id="d3", lat=32.46, lon=35.30)
    nowhere = replace(base, doc_id="d4")
    parts = split_by_place([gaza1, gaza2, jenin, nowhere], 100)
    assert sorted(sorted(m.doc_id for m in p) for p in parts) == [["d1", "d2", "d4"], ["d3"]]
    assert split_by_place([gaza1, nowhere], 100) == [[gaza1, nowhere]]


def test_output_v1_records_are_read_back() -> None:
    from dateline.merge.mentions import mentions_from_outputs

    record: dict[str, Any] = {
        "doc_id": "x1",
        "published": "2025-03-14",
        "outlet": "The Harbor Times",
        "events": [
            {
                "id": "x1:e0",
                "type": "PROTEST",
                "source": [{"text": "students", "name": "students", "country": "SRB"}],
                "target": [],
                "date": None,
                "date_basis": "publication",
                "evidence": {"sentence": "Students marched.", "sentence_index": 3},
            }
        ],
    }
    (m,) = mentions_from_outputs([record])
    assert (m.doc_id, m.sentence, m.outlet) == ("x1", 3, "harbor times")
    assert (m.source_key, m.target_key) == ("country:SRB", "-")
    assert not m.dated and str(m.lo) == "2025-03-12" and str(m.hi) == "2025-03-14"
    skipped = {**record, "status": "skipped"}
    assert mentions_from_outputs([skipped]) == []
