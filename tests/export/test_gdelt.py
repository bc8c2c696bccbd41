"""GDELT 2.0 Event export on a store of hand-made results."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from interop_factories import andes

from dateline.export.gdelt import COLUMNS, export_gdelt, read_gdelt
from dateline.store import Store
from dateline.store.merged import refresh


def test_columns_are_the_61_of_gdelt_2_in_order() -> None:
    assert len(COLUMNS) == 61
    assert COLUMNS[:6] == (
        "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code"
    )  # fmt: skip
    assert COLUMNS[15] == "Actor2Code" and COLUMNS[25] == "IsRootEvent"
    assert COLUMNS[26:35] == (
        "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
        "NumMentions", "NumSources", "NumArticles", "AvgTone",
    )  # fmt: skip
    assert COLUMNS[35] == "Actor1Geo_Type" and COLUMNS[51] == "ActionGeo_Type"
    assert COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_every_line_has_61_tab_separated_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export_gdelt(store, out) == 5
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert all(len(line.split("\t")) == 61 for line in lines)


def test_values_of_an_arrest(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    export_gdelt(store, out)
    rows = read_gdelt(out)
    arrest = rows[0]
    assert arrest["SQLDATE"] == "20250303" and arrest["MonthYear"] == "202503"
    assert arrest["Year"] == "2025" and arrest["FractionDate"] == "2025.2548"
    assert arrest["Actor1Code"] == "KENCOP" and arrest["Actor1Name"] == "Kenya Police Service"
    assert arrest["Actor1CountryCode"] == "KEN" and arrest["Actor1Type1Code"] == "COP"
    assert arrest["Actor2Code"] == "KENCVL"
    assert (arrest["EventCode"], arrest["EventBaseCode"], arrest["EventRootCode"]) == (
        "173",
        "173",
        "17",
    )
    assert arrest["QuadClass"] == "4" and float(arrest["GoldsteinScale"]) == -5.0
    assert (arrest["NumMentions"], arrest["NumSources"], arrest["NumArticles"]) == ("1",) * 3
    assert arrest["AvgTone"] == "0" and arrest["IsRootEvent"] == "1"
    assert arrest["ActionGeo_Type"] == "4" and arrest["ActionGeo_CountryCode"] == "KE"
    assert arrest["ActionGeo_FullName"] == "Nairobi, Kenya"
    assert float(arrest["ActionGeo_Lat"]) == -1.286 and float(arrest["ActionGeo_Long"]) == 36.817
    assert arrest["Actor1Geo_Type"] == "" and arrest["Actor2Geo_FullName"] == ""
    assert len(arrest["DATEADDED"]) == 14 and arrest["DATEADDED"].isdigit()
    assert arrest["SOURCEURL"] == "https://example.org/rift-1"
    assert int(arrest["GLOBALEVENTID"]) > 0


def test_country_locations_igos_and_undated_events(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    export_gdelt(store, out)
    by_code = {r["EventCode"]: r for r in read_gdelt(out)}
    agree, praise, march = by_code["057"], by_code["051"], by_code["141"]
    assert agree["QuadClass"] == "1" and agree["ActionGeo_Type"] == "1"
    assert agree["ActionGeo_CountryCode"] == "CI" and agree["ActionGeo_FeatureID"] == "CI"
    assert agree["SQLDATE"] == "20250304"  # a month only: the publication day stands in
    assert agree["SOURCEURL"] == "andes-2"  # no url: the doc id
    assert praise["Actor1Code"] == "IGO" and praise["Actor1CountryCode"] == ""
    assert praise["Actor1KnownGroupCode"] == "IGO" and praise["ActionGeo_Type"] == ""
    assert march["SQLDATE"] == "20250304" and march["IsRootEvent"] == "0"


def test_merged_view_gives_one_line_per_event_with_its_coverage(
    store: Store, tmp_path: Path
) -> None:
    refresh(store)
    out = tmp_path / "merged.tsv"
    assert export_gdelt(store, out, header=True) == 4
    rows = read_gdelt(out)
    arrests = [r for r in rows if r["EventCode"] == "173"]
    assert len(arrests) == 1
    assert (arrests[0]["NumMentions"], arrests[0]["NumSources"], arrests[0]["NumArticles"]) == (
        "2",
        "2",
        "2",
    )
    ids = [r["GLOBALEVENTID"] for r in rows]
    assert len(set(ids)) == len(ids)
    again = tmp_path / "again.tsv"
    export_gdelt(store, again, header=True)
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_an_announced_act_is_coded_as_the_intent_to_do_it(tmp_path: Path) -> None:
    result = andes()
    offer = replace(result.events[0], type="AGREE", act_type="AID", trigger="signed")
    result.events = [offer]
    out = tmp_path / "events.tsv"
    with Store(tmp_path / "offer.duckdb") as store:
        store.write(result)
        export_gdelt(store, out)
    [row] = read_gdelt(out)
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("033", "033", "03")
    assert row["QuadClass"] == "1" and float(row["GoldsteinScale"]) == 5.2
