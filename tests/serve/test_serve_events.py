"""GET /api/events: every filter, sort orders, keyset pagination, and the event detail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from serve_world import DOCS, N_EVENTS

from dateline.serve import create_app


def ids(body: dict[str, Any]) -> set[str]:
    return {item["event_id"] for item in body["items"]}


def get(client: TestClient, url: str) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def all_pages(client: TestClient, url: str) -> list[dict[str, Any]]:
    sep = "&" if "?" in url else "?"
    items: list[dict[str, Any]] = []
    body = get(client, url)
    items.extend(body["items"])
    pages = 1
    while body["next_cursor"]:
        body = get(client, f"{url}{sep}cursor={body['next_cursor']}")
        assert body["total"] is None  # counted on the first page only
        items.extend(body["items"])
        pages += 1
        assert pages < 100
    return items


def test_all_events_default_order(client: TestClient) -> None:
    body = get(client, "/api/events")
    assert body["total"] == N_EVENTS
    assert body["next_cursor"] is None
    keys = [(e["day"], e["doc_id"], e["event_id"]) for e in body["items"]]
    assert keys == sorted(keys, reverse=True)  # -date, ties on (doc_id, event_id)
    assert len(keys) == N_EVENTS


def test_event_item_shape(client: TestClient) -> None:
    (item,) = get(client, "/api/events?doc_id=harbor-2")["items"]
    assert item["type"] == "COERCE"
    assert item["day"] == "2024-06-20"
    assert item["outlet"] == "Harbor Times"
    assert item["title"] == "Journalists held in Lima"
    assert item["location"] == {
        "name": "Lima",
        "country": "PER",
        "lat": -12.05,
        "lon": -77.04,
        "kind": "city",
    }
    sentence = item["sentence"]
    trig = item["trigger"]
    local = sentence[trig["start"] - item["start_char"] : trig["end"] - item["start_char"]]
    assert local == trig["text"] == "detained"
    assert [s["name"] for s in item["sources"]] == ["police"]
    assert item["sources"][0]["country"] == "PER" and item["sources"][0]["sector"] == "COP"
    assert [t["text"] for t in item["targets"]] == ["three journalists"]
    assert item["n_outlets"] == 2 and item["merged_event_id"]


FILTERS: list[tuple[str, set[str]]] = [
    ("type=AGREE", {"harbor-1:e0", "andes-1:e0"}),
    ("type=agree,coerce", {"harbor-1:e0", "andes-1:e0", "harbor-2:e0", "andes-2:e0"}),
    ("type=AGREE&type=COERCE", {"harbor-1:e0", "andes-1:e0", "harbor-2:e0", "andes-2:e0"}),
    ("actor=chile", {"harbor-1:e0", "harbor-1:e1", "andes-1:e0", "andes-1:e1"}),
    ("actor=Chile&role=source", {"harbor-1:e0", "andes-1:e0"}),
    ("actor=Chile&role=target", {"harbor-1:e1", "andes-1:e1"}),
    ("actor=nobody", set()),
    ("country=MLI", {"sahel-1:e0", "sahel-1:e1", "sahel-2:e0", "sahel-2:e1"}),
    ("country=mli", {"sahel-1:e0", "sahel-1:e1", "sahel-2:e0", "sahel-2:e1"}),
    ("source_country=MLI", {"sahel-1:e0", "sahel-1:e1", "sahel-2:e0"}),
    ("target_country=MLI", {"sahel-1:e0", "sahel-2:e1"}),
    ("source_country=PER&target_country=CHL", {"andes-1:e1"}),
    ("sector=MED", {"harbor-2:e0", "andes-2:e0"}),
    ("source_sector=COP", {"harbor-2:e0", "andes-2:e0"}),
    (
        "target_sector=GOV",
        {"harbor-1:e0", "harbor-1:e1", "andes-1:e0", "andes-1:e1", "sahel-2:e1", "gulf-1:e0"},
    ),
    (
        "date_from=2025-01-01",
        {"harbor-1:e0", "harbor-1:e1", "andes-1:e0", "andes-1:e1", "gulf-1:e0"},
    ),
    ("date_to=2024-06-30", {"harbor-2:e0", "andes-2:e0", "sahel-2:e0", "sahel-2:e1"}),
    ("date_from=2024-06-20&date_to=2024-06-20", {"harbor-2:e0", "andes-2:e0"}),
    ("outlet=harbor%20times", {"harbor-1:e0", "harbor-1:e1", "harbor-2:e0"}),
    ("doc_id=sahel-1", {"sahel-1:e0", "sahel-1:e1"}),
    ("q=valparaiso", {"harbor-1:e0", "andes-1:e0"}),
    ("q=raided", {"sahel-1:e0", "sahel-1:e1"}),  # in the title only
    ("corroborated=true", {"harbor-1:e0", "andes-1:e0", "harbor-2:e0", "andes-2:e0"}),
    ("negated=true", {"sahel-1:e1"}),
    ("future=true", {"andes-1:e1"}),
    ("hypothetical=true", {"sahel-2:e1"}),
    ("mode=none-such", set()),
    ("type=COERCE&outlet=Andes%20Wire", {"andes-2:e0"}),
    (
        "country=PER&corroborated=true&date_from=2024-01-01&date_to=2024-12-31",
        {"harbor-2:e0", "andes-2:e0"},
    ),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_filters_narrow_exactly(client: TestClient, query: str, expected: set[str]) -> None:
    body = get(client, f"/api/events?{query}")
    assert ids(body) == expected
    assert body["total"] == len(expected)


def test_false_flags_are_the_complement(client: TestClient) -> None:
    everything = ids(get(client, "/api/events"))
    for flag in ("negated", "future", "hypothetical", "corroborated"):
        yes = ids(get(client, f"/api/events?{flag}=true"))
        no = ids(get(client, f"/api/events?{flag}=false"))
        assert yes | no == everything and not yes & no


@pytest.mark.parametrize("sort", ["-date", "date", "type", "-type", "confidence", "-confidence"])
@pytest.mark.parametrize("query", ["", "country=MLI", "date_from=2024-06-01"])
def test_cursor_pages_cover_every_row_once(client: TestClient, sort: str, query: str) -> None:
    whole = get(client, f"/api/events?sort={sort}&limit=500&{query}")["items"]
    paged = all_pages(client, f"/api/events?sort={sort}&limit=2&{query}")
    keys = [(e["doc_id"], e["event_id"]) for e in paged]
    assert len(keys) == len(set(keys))
    assert keys == [(e["doc_id"], e["event_id"]) for e in whole]


@pytest.mark.parametrize(
    ("sort", "field", "reverse"),
    [("type", "type", False), ("-type", "type", True), ("confidence", "confidence", False),
     ("-confidence", "confidence", True), ("date", "day", False)],
)  # fmt: skip
def test_sort_orders(client: TestClient, sort: str, field: str, reverse: bool) -> None:
    items = get(client, f"/api/events?sort={sort}")["items"]
    values = [(e[field], e["doc_id"], e["event_id"]) for e in items]
    assert values == sorted(values, reverse=reverse)


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=501", "sort=sideways", "date_from=2025-13-01", "date_to=yesterday",
     "negated=perhaps", "role=bystander", "limit=abc"],
)  # fmt: skip
def test_bad_parameters_are_422(client: TestClient, query: str) -> None:
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


def test_bad_cursors_are_400(client: TestClient) -> None:
    for cursor in ("garbage", "eyJ4IjoxfQ", "W10"):
        r = client.get(f"/api/events?cursor={cursor}")
        assert r.status_code == 400, cursor
        assert r.json()["error"]["code"] == "bad_cursor"
    first = get(client, "/api/events?limit=2&sort=type")
    r = client.get(f"/api/events?limit=2&sort=-date&cursor={first['next_cursor']}")
    assert r.status_code == 400


def test_event_detail_with_mentions_across_outlets(client: TestClient) -> None:
    body = get(client, "/api/events/harbor-1/harbor-1:e0")
    assert body["type"] == "AGREE" and body["n_outlets"] == 2
    mentions = {(m["doc_id"], m["outlet"]) for m in body["mentions"]}
    assert mentions == {("harbor-1", "Harbor Times"), ("andes-1", "Andes Wire")}
    assert body["counts"] == []


def test_event_detail_404(client: TestClient) -> None:
    for url in ("/api/events/harbor-1/harbor-1:e9", "/api/events/nowhere/x"):
        r = client.get(url)
        assert r.status_code == 404
        assert r.json() == {"error": {"code": "not_found", "message": "no such event"}}


def test_total_can_be_skipped(client: TestClient) -> None:
    assert get(client, "/api/events?total=false")["total"] is None
    assert get(client, "/api/events?limit=2")["total"] == N_EVENTS


def test_world_is_what_the_tests_assume() -> None:
    assert N_EVENTS == 11 and len(DOCS) == 9


def test_items_match_the_typed_model_exactly(client: TestClient) -> None:
    from dateline.serve.models import EventItem, EventPage

    body = get(client, "/api/events?limit=500")
    EventPage.model_validate(body)
    fields = list(EventItem.model_fields)
    for item in body["items"]:
        assert list(item) == fields  # the stored JSON has the model's keys, in order
        assert EventItem.model_validate(item).model_dump(mode="json") == item


def test_an_announcements_act_type_is_served(writable_db: Path) -> None:
    con = duckdb.connect(str(writable_db))
    con.execute("UPDATE events SET act_type = 'AID' WHERE event_id = 'andes-1:e1'")
    con.close()
    with TestClient(create_app(writable_db)) as c:
        body = get(c, "/api/events/andes-1/andes-1:e1")
        assert body["act_type"] == "AID"
        items = get(c, "/api/events?limit=100")["items"]
        by_id = {i["event_id"]: i["act_type"] for i in items}
        assert by_id["andes-1:e1"] == "AID" and by_id["harbor-1:e0"] is None
