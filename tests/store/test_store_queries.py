from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_factories import all_results

from dateline.records import RecordError
from dateline.store import FilterError, Filters, Store
from dateline.store.queries import date_bound


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("q") / "q.duckdb"
    with Store(path) as s:
        s.write_many(all_results(), run_id="r1", errors=[RecordError("in.jsonl:5", "empty")])
        yield s


def ids(rows: list[dict[str, object]], key: str = "event_id") -> list[object]:
    return [r[key] for r in rows]


def test_events_default_order_is_newest_event_first(store: Store) -> None:
    rows = store.events()
    # by the first day the date covers: COERCE 2025-03-10, AGREE 2025-03-03, PROTEST "2025-03"
    # (from 2025-03-01), CONSULT ISO week 9 (2025-02-24 .. 2025-03-02)
    assert [r["type"] for r in rows] == ["COERCE", "AGREE", "PROTEST", "CONSULT"]
    coerce = rows[0]
    assert coerce["source"] == "Lagos police" and coerce["target"] == "protesters"
    assert coerce["source_country"] == "NGA" and coerce["location"] == "Lagos"
    assert coerce["outlet"] == "Coast Radio" and str(coerce["published"]) == "2025-03-14"
    consult = rows[3]
    assert consult["source"] == "Chile; Peru" and consult["target"] is None
    assert consult["negated"] is True and consult["hypothetical"] is True


def test_event_type_filter_is_case_insensitive(store: Store) -> None:
    assert ids(store.events(type="agree")) == ["harbor-7:e0"]
    assert store.events(type="ASSAULT") == []


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("2025-03-10", None, ["lagos-1:e0", "lagos-1:e1"]),
        (None, "2025-03-02", ["lagos-1:e1", "harbor-7:e1"]),
        ("2025-03-02", "2025-03-03", ["harbor-7:e0", "lagos-1:e1", "harbor-7:e1"]),
        ("2025-03", "2025-03", ["lagos-1:e0", "harbor-7:e0", "lagos-1:e1", "harbor-7:e1"]),
        ("2025-03-20", "2025-03-25", ["lagos-1:e1"]),  # "2025-03" overlaps
        ("2024", "2024", []),
    ],
)
def test_event_date_range_overlaps_the_event_date(
    store: Store, date_from: str | None, date_to: str | None, expected: list[str]
) -> None:
    assert ids(store.events(date_from=date_from, date_to=date_to)) == expected


def test_event_outlet_entity_country_sector_filters(store: Store) -> None:
    assert ids(store.events(outlet="harbor post")) == ["harbor-7:e0", "harbor-7:e1"]
    assert ids(store.events(entity="PERU")) == ["harbor-7:e0", "harbor-7:e1"]
    assert ids(store.events(entity="protest")) == ["lagos-1:e0"]  # the target's name
    assert ids(store.events(entity="police")) == ["lagos-1:e0"]  # text "Police"
    assert ids(store.events(country="nga")) == ["lagos-1:e0"]
    assert ids(store.events(sector="EDU")) == ["lagos-1:e1"]
    assert ids(store.events(country="CHL", type="CONSULT")) == ["harbor-7:e1"]
    assert ids(store.events(doc_id="lagos-1")) == ["lagos-1:e0", "lagos-1:e1"]
    assert len(store.events(limit=1)) == 1
    assert len(store.events(limit=0)) == 4


def test_documents(store: Store) -> None:
    rows = store.documents()
    assert ids(rows, "doc_id") == ["lagos-1", "harbor-7", "fr-1", "broken-1"]
    lagos = rows[0]
    assert (lagos["sentences"], lagos["entities"], lagos["events"]) == (3, 2, 2)
    assert ids(store.documents(status="skipped"), "doc_id") == ["fr-1"]
    assert ids(store.documents(entity="valpara"), "doc_id") == ["harbor-7"]
    assert ids(store.documents(date_from="2025-03-01", date_to="2025-03-31"), "doc_id") == [
        "lagos-1",
        "harbor-7",
    ]
    assert ids(store.documents(outlet="HARBOR POST"), "doc_id") == ["harbor-7", "fr-1"]


def test_entities_are_grouped_by_canonical_name(store: Store) -> None:
    rows = store.entities()
    first = rows[0]
    assert (first["entity"], first["mentions"], first["documents"]) == ("Peru", 2, 1)
    assert ids(store.entities(label="person"), "entity") == ["governor of Lagos"]
    assert ids(store.entities(entity="Perú"), "entity") == ["Peru"]
    assert ids(store.entities(country="CHL"), "entity") == ["Chile", "Valparaíso"]


def test_quotes_counts_and_errors(store: Store) -> None:
    assert ids(store.quotes(entity="governor"), "speaker") == ["The governor"]
    assert len(store.quotes()) == 2
    counts = store.counts()
    assert [(c["value"], c["qualifier"]) for c in counts] == [(12, None), (3.5, "about")]
    assert isinstance(counts[0]["value"], int)
    assert ids(store.counts(entity="Chile"), "doc_id") == ["harbor-7"]
    errors = store.errors()
    # write_many records the errors it is given (Ingestion adds those of each article)
    assert [(e["origin"], e["severity"], e["run_id"]) for e in errors] == [
        ("in.jsonl:5", "error", "r1")
    ]
    assert store.errors(severity="warning") == []


INJECTIONS = [
    "' OR '1'='1",
    "x'; DROP TABLE events; --",
    '"; DELETE FROM documents; --',
    "%",
    "_",
    "\\",
    "AGREE' --",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_are_just_values(store: Store, value: str) -> None:
    before = {t: store.count(t) for t in ("documents", "events", "entities")}
    assert store.events(type=value) == []
    assert store.events(entity=value) == []
    assert store.events(outlet=value, country=value, sector=value) == []
    assert store.documents(entity=value) == []
    assert store.documents(doc_id=value) == []
    assert store.entities(entity=value, label=value) == []
    assert store.quotes(entity=value) == []
    assert store.errors(run_id=value) == []
    assert {t: store.count(t) for t in ("documents", "events", "entities")} == before
    with pytest.raises(FilterError):
        store.events(date_from=value)


def test_bad_filters_are_explained(store: Store) -> None:
    with pytest.raises(FilterError, match="not a date"):
        store.events(date_from="March 2025")
    with pytest.raises(FilterError, match="does not apply to documents"):
        store.query("documents", Filters(type="PROTEST"))
    with pytest.raises(ValueError, match="unknown kind"):
        store.query("people")


def test_date_bound() -> None:
    assert str(date_bound("2025-02", end=True)) == "2025-02-28"
    assert str(date_bound("2025", end=False)) == "2025-01-01"
    assert date_bound(None, end=True) is None


def test_unknown_table_count_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "x.duckdb") as s, pytest.raises(ValueError):
        s.count("documents; DROP TABLE events")
