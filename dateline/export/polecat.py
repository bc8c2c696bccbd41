"""POLECAT-style event export: JSON Lines or TSV, one record per event mention.

POLECAT (the successor of ICEWS, coded in PLOVER by the NGEC pipeline) publishes events with
actor/recipient, place and story fields. This export fills the same fields from the store; the
field-by-field mapping is in docs/interop.md. Compound actors (several sources or targets) are
joined with ``;`` in TSV and kept as lists in JSON. Intensity and Quad Code come from the
PLOVER -> CAMEO table (Goldstein scale and QuadClass), since dateline has no intensity model.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from dateline.export.gdelt import cameo_table
from dateline.store import Store

PolecatFormat = Literal["json", "tsv"]

TSV_COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Primary Actor Sector",
    "Actor Name Raw",
    "Recipient Name",
    "Recipient Country",
    "Primary Recipient Sector",
    "Recipient Name Raw",
    "Placename",
    "Country",
    "Latitude",
    "Longitude",
    "Feature Type",
    "Event Text",
    "Trigger",
    "Story ID",
    "Headline",
    "Publication",
    "Source URL",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
)

VERSION = "dateline-polecat-1"

_EVENTS_SQL = """
    SELECT e.doc_id, e.event_id, e.type, e.mode, e.act_type, e.date, e.location_name,
        e.location_country,
        e.location_lat, e.location_lon, e.location_kind, e.sentence_text, e.trigger,
        d.title, d.outlet, d.url, d.published, d.language
    FROM events e JOIN documents d ON d.doc_id = e.doc_id
    ORDER BY d.seq, e.position
"""
_ACTORS_SQL = """
    SELECT doc_id, event_id, role, text, name, country, sector FROM event_actors
    ORDER BY doc_id, event_id, role, position
"""
_ENTITIES_SQL = """
    SELECT doc_id, label, canonical FROM entities ORDER BY doc_id, position
"""
_STORY_LABELS = {"PERSON": "people", "ORG": "organizations", "GPE": "locations", "LOC": "locations"}


def _dicts(store: Store, sql: str) -> list[dict[str, Any]]:
    cursor = store.connection.execute(sql)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _actor(a: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": a["name"], "country": a["country"], "sector": a["sector"], "raw": a["text"]}


def polecat_records(store: Store) -> Iterator[dict[str, Any]]:
    """One POLECAT-style JSON object per stored event mention."""
    table = cameo_table()
    actors: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for a in _dicts(store, _ACTORS_SQL):
        actors[(a["doc_id"], a["event_id"], a["role"])].append(_actor(a))
    story: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for n in _dicts(store, _ENTITIES_SQL):
        kind = _STORY_LABELS.get(n["label"])
        if kind and n["canonical"] not in story[n["doc_id"]][kind]:
            story[n["doc_id"]][kind].append(n["canonical"])
    for e in _dicts(store, _EVENTS_SQL):
        cameo = table.event(e["type"], e["mode"], e["act_type"])
        published = e["published"]
        people = story[e["doc_id"]]
        yield {
            "event_id": f"{e['doc_id']}:{e['event_id']}",
            "event_date": e["date"],
            "event_type": e["type"],
            "event_mode": e["mode"],
            "event_act_type": e["act_type"],
            "intensity": cameo.goldstein if cameo else None,
            "quad_code": cameo.quad_class if cameo else None,
            "contexts": [],
            "actors": actors.get((e["doc_id"], e["event_id"], "source"), []),
            "recipients": actors.get((e["doc_id"], e["event_id"], "target"), []),
            "place": {
                "name": e["location_name"],
                "country": e["location_country"],
                "lat": e["location_lat"],
                "lon": e["location_lon"],
                "feature_type": e["location_kind"],
            }
            if e["location_name"] or e["location_country"]
            else None,
            "event_text": e["sentence_text"],
            "trigger": e["trigger"],
            "story_id": e["doc_id"],
            "headline": e["title"],
            "publication": e["outlet"],
            "source_url": e["url"],
            "publication_date": published.isoformat() if isinstance(published, date) else None,
            "story_people": people.get("people", []),
            "story_organizations": people.get("organizations", []),
            "story_locations": people.get("locations", []),
            "language": e["language"],
            "version": VERSION,
        }


def _join(actors: Sequence[Mapping[str, Any]], key: str) -> str:
    return ";".join(str(a.get(key) or "") for a in actors)


def tsv_row(record: Mapping[str, Any]) -> list[str]:
    """The TSV cells of one record of :func:`polecat_records`."""
    place = record.get("place") or {}
    src, tgt = record["actors"], record["recipients"]
    cells: list[object] = [
        record["event_id"],
        record["event_date"],
        record["event_type"],
        record["event_mode"],
        record["intensity"],
        record["quad_code"],
        ";".join(record["contexts"]),
        _join(src, "name"),
        _join(src, "country"),
        _join(src, "sector"),
        _join(src, "raw"),
        _join(tgt, "name"),
        _join(tgt, "country"),
        _join(tgt, "sector"),
        _join(tgt, "raw"),
        place.get("name"),
        place.get("country"),
        place.get("lat"),
        place.get("lon"),
        place.get("feature_type"),
        record["event_text"],
        record["trigger"],
        record["story_id"],
        record["headline"],
        record["publication"],
        record["source_url"],
        record["publication_date"],
        ";".join(record["story_people"]),
        ";".join(record["story_organizations"]),
        ";".join(record["story_locations"]),
        record["language"],
        record["version"],
    ]
    assert len(cells) == len(TSV_COLUMNS)
    return ["" if c is None else str(c).replace("\t", " ").replace("\n", " ") for c in cells]


def export_polecat(store: Store, path: str | Path, fmt: PolecatFormat = "json") -> int:
    """Write POLECAT-style records: ``json`` = JSON Lines, ``tsv`` = a header and one row each."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        if fmt == "tsv":
            writer = csv.writer(
                out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
            )
            writer.writerow(TSV_COLUMNS)
            for record in polecat_records(store):
                writer.writerow(tsv_row(record))
                n += 1
        elif fmt == "json":
            for record in polecat_records(store):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        else:
            raise ValueError(f"unknown POLECAT format {fmt!r}: json or tsv")
    return n
