"""POLECAT-style JSON and TSV export on a store of hand-made results."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dateline.export.polecat import TSV_COLUMNS, export_polecat
from dateline.store import Store


def test_json_lines_carry_actors_place_and_story(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export_polecat(store, out, "json") == 5
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    arrest = records[0]
    assert arrest["event_id"] == "rift-1:rift-1:e0"
    assert (arrest["event_type"], arrest["event_mode"]) == ("COERCE", "arrest")
    assert arrest["event_date"] == "2025-03-03"
    assert arrest["intensity"] == -5.0 and arrest["quad_code"] == 4
    assert arrest["actors"] == [
        {"name": "Kenya Police Service", "country": "KEN", "sector": "COP", "raw": "Kenyan police"}
    ]
    assert arrest["recipients"][0]["raw"] == "40 protesters"
    assert arrest["place"]["name"] == "Nairobi" and arrest["place"]["country"] == "KEN"
    assert arrest["publication"] == "Rift Daily"
    assert arrest["source_url"] == "https://example.org/rift-1"
    assert arrest["publication_date"] == "2025-03-04"
    praise = records[-1]
    assert praise["event_type"] == "SUPPORT" and praise["place"] is None
    assert praise["actors"][0]["country"] == "IGO"


def test_tsv_has_a_header_and_the_same_records(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export_polecat(store, out, "tsv") == 5
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert tuple(rows[0].keys()) == TSV_COLUMNS
    assert len(rows) == 5
    agree = rows[3]
    assert agree["Event Type"] == "AGREE" and agree["Quad Code"] == "1"
    assert agree["Actor Country"] == "CHL" and agree["Recipient Country"] == "PER"
    assert agree["Event Text"].startswith("Chile and Peru signed")


def test_unknown_format_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="json or tsv"):
        export_polecat(store, tmp_path / "x", "xml")  # type: ignore[arg-type]
