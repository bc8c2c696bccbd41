"""Contradictions (counts, denials), corroboration and stories on the gold corpus."""

from __future__ import annotations

import pytest

from dateline.merge import merge_results
from dateline.merge.lexicon import MergeDataError, default_lexicon, parse_lexicon
from dateline.merge.stories import similar_titles
from dateline.records import ArticleResult


def test_disagreeing_counts_are_listed_with_both_sources(
    corpus_results: list[ArticleResult],
) -> None:
    merged = merge_results(corpus_results)
    counts = [c for c in merged.contradictions if c.kind == "count"]
    assert len(counts) == 1  # Kharkiv 26 vs at least 31; Gaza 413 vs more than 400 agree
    (c,) = counts
    assert c.subject == "killed"
    assert (c.a.doc_id, c.a.outlet, c.a.value) == (
        "meridian-0311-kharkiv",
        "meridian post",
        "Twenty-six Kharkiv residents",
    )
    assert (c.b.doc_id, c.b.value) == ("harbor-0310-kharkiv", "at least 31 people")


def test_a_denial_against_a_report(corpus_results: list[ArticleResult]) -> None:
    merged = merge_results(corpus_results)
    (d,) = [c for c in merged.contradictions if c.kind == "denial"]
    assert d.a.doc_id == "harbor-0310-kharkiv" and d.a.sentence == 0
    assert d.b.doc_id == "capital-0311-denial"
    assert "denied" in d.b.text


def test_count_compatibility_follows_qualifiers() -> None:
    lex = default_lexicon()
    assert lex.bounds(31, "at least") == (31, float("inf"))
    assert lex.bounds(30, "nearly") == (0.0, 30)
    assert lex.bounds(100, "about") == pytest.approx((90.0, 110.0))
    assert lex.bounds(24, None, "dozens of villagers") == (24, float("inf"))
    assert lex.bounds(24, None, "24 villagers") == (24, 24)
    assert lex.category("dead") == lex.category("killed") == "killed"
    assert lex.category("wounded") == "injured"


def test_hedges() -> None:
    lex = default_lexicon()
    assert lex.hedged("Troops reportedly shelled the town.", None)
    assert lex.hedged("Troops shelled the town.", "a source close to the army")
    assert not lex.hedged("Troops shelled the town, the governor said.", "the governor")
    assert not lex.hedged("The reporter was unharmed.", None)


def test_malformed_lexicon_is_refused() -> None:
    with pytest.raises(MergeDataError):
        parse_lexicon({"count_qualifiers": {"sideways": ["about"]}})
    with pytest.raises(MergeDataError):
        parse_lexicon({"hedge_cues": "reportedly"})


def test_corroboration_and_hedging(corpus_results: list[ArticleResult]) -> None:
    events = merge_results(corpus_results).events
    (fidan,) = [e for e in events if "fidan" in e.target_key]
    assert fidan.corroboration == "single-source" and fidan.n_outlets == 1
    (lebanon,) = [e for e in events if e.target_key == "country:LBN"]
    assert lebanon.hedged  # "local media reported"
    (gaza,) = [e for e in events if e.target_key == "country:PSE" and e.n_articles > 1]
    assert gaza.corroboration == "corroborated" and not gaza.hedged


def test_stories_group_articles_that_share_events(corpus_results: list[ArticleResult]) -> None:
    merged = merge_results(corpus_results)
    by_doc = {a.doc_id: s for s in merged.stories for a in s.articles}
    assert len(by_doc) == len(corpus_results)  # every article in exactly one story
    kharkiv = by_doc["harbor-0310-kharkiv"]
    assert by_doc["meridian-0311-kharkiv"] is kharkiv
    assert by_doc["capital-0311-denial"] is kharkiv
    assert by_doc["meridian-0310-belgorod"] is not kharkiv
    assert kharkiv.title == "Russian shelling kills dozens in Kharkiv"
    days = [t.date for t in kharkiv.timeline]
    assert days == sorted(d for d in days if d is not None)
    assert len(kharkiv.timeline) == 2  # the shelling and Moscow's accusation
    # the Libyan articles share two events: one story
    assert by_doc["harbor-20110222-tripoli"] is by_doc["meridian-20110223-tripoli"]


def test_title_similarity() -> None:
    assert (
        similar_titles(
            "Floods kill dozens in Porto Alegre", "Dozens killed as floods hit Porto Alegre"
        )
        is False
    )
    assert similar_titles(
        "Floods hit Porto Alegre suburbs", "Floods hit Porto Alegre suburbs again"
    )
    assert not similar_titles("Kharkiv", "Kharkiv")  # too short to say
