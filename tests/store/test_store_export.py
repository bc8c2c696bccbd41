from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from store_factories import HARBOR, all_results

from dateline.export import TABLES, export_jsonl, export_tables
from dateline.output import to_output
from dateline.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("x") / "x.duckdb") as s:
        s.write_many(all_results())
        yield s


def test_jsonl_export_equals_the_extract_output(store: Store) -> None:
    out = io.StringIO()
    assert export_jsonl(store, out) == 4
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    expected = [json.loads(json.dumps(to_output(r), ensure_ascii=False)) for r in all_results()]
    assert exported == expected
    # the same text, key order aside
    assert out.getvalue().splitlines()[1] == json.dumps(
        to_output(all_results()[1]), ensure_ascii=False
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_export_writes_one_file_per_table(store: Store, tmp_path: Path) -> None:
    written = export_tables(store, tmp_path / "csv", "csv")
    assert set(written) == set(TABLES)
    events = read_csv(written["events"])
    assert [e["event_id"] for e in events] == [
        "lagos-1:e0",
        "lagos-1:e1",
        "harbor-7:e0",
        "harbor-7:e1",
    ]
    consult = events[3]
    assert consult["source"] == "Chile; Peru" and consult["source_country"] == "CHL; PER"
    assert consult["target"] == "" and consult["negated"] == "true"
    assert events[0]["confidence"] == "0.8125"  # unrounded (output-v1 rounds to 3 places)
    assert json.loads(events[0]["counts"])[0]["value"] == 12
    assert events[2]["location_name"] == "Valparaíso"
    actors = read_csv(written["event_actors"])
    assert len(actors) == 7
    assert [(a["role"], a["name"]) for a in actors if a["event_id"] == "harbor-7:e1"] == [
        ("source", "Chile"),
        ("source", "Peru"),
    ]
    entities = read_csv(written["entities"])
    assert len(entities) == 6 and {"doc_id", "canonical", "start", "end"} <= set(entities[0])
    sentences = read_csv(written["sentences"])
    harbor = [s for s in sentences if s["doc_id"] == "harbor-7"]
    for s in harbor:  # offsets are Python character offsets, also with non-ASCII text
        assert s["text"] == HARBOR[int(s["start"]) : int(s["end"])]
    documents = read_csv(written["documents"])
    assert [d["doc_id"] for d in documents] == ["lagos-1", "harbor-7", "fr-1", "broken-1"]


def test_parquet_export_of_chosen_tables(store: Store, tmp_path: Path) -> None:
    written = export_tables(store, tmp_path / "pq", "parquet", ["events", "entities"])
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == [
        "entities.parquet",
        "events.parquet",
    ]
    events = pq.read_table(written["events"])
    assert events.num_rows == 4
    assert events.column("type").to_pylist() == ["COERCE", "PROTEST", "AGREE", "CONSULT"]
    assert events.column("location_lat").to_pylist()[0] == pytest.approx(6.45)
    assert str(events.schema.field("date_start").type) == "date32[day]"
    assert pq.read_table(written["entities"]).num_rows == 6


def test_export_refuses_unknown_tables_and_formats(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown table"):
        export_tables(store, tmp_path, "csv", ["events", "passwords"])
    with pytest.raises(ValueError, match="unknown table format"):
        export_tables(store, tmp_path, "xlsx")  # type: ignore[arg-type]
