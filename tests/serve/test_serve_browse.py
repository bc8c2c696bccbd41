"""Documents, actors, stories, stats, timeline, network and map endpoints."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from serve_world import DOCS, N_EVENTS


def get(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json()


def test_stats(client: TestClient) -> None:
    body = get(client, "/api/stats")
    assert body["n_documents"] == len(DOCS)
    assert body["n_events"] == N_EVENTS
    assert body["by_type"] == {
        "AGREE": 2, "PROTEST": 1, "CONSULT": 2, "ASSAULT": 1, "RETREAT": 1, "COERCE": 2,
        "REQUEST": 1, "AID": 1,
    }  # fmt: skip
    assert body["by_outlet"] == {
        "Harbor Times": 2, "Andes Wire": 2, "Sahel Dispatch": 2, "Gulf Ledger": 3,
    }  # fmt: skip
    assert body["date_min"] == "2023-01-15" and body["date_max"] == "2025-03-11"
    # actors, case-insensitive names: Chile, Peru, fishermen, soldiers, civilians, army,
    # police, journalists, Mali, United Nations, Iran, Saudi Arabia
    assert body["n_actors"] == 12


def test_documents_list_filters_and_pages(client: TestClient) -> None:
    body = get(client, "/api/documents")
    assert body["total"] == len(DOCS)
    by_id = {d["doc_id"]: d for d in body["items"]}
    assert by_id["harbor-1"]["n_events"] == 2 and by_id["gulf-2"]["n_events"] == 0
    assert by_id["gulf-3"]["status"] == "skipped"
    assert {d["doc_id"] for d in get(client, "/api/documents?status=skipped")["items"]} == {
        "gulf-3"
    }
    gulf = get(client, "/api/documents?outlet=gulf%20ledger")
    assert {d["doc_id"] for d in gulf["items"]} == {"gulf-1", "gulf-2", "gulf-3"}
    assert {d["doc_id"] for d in get(client, "/api/documents?q=CALM")["items"]} == {"gulf-2"}
    dated = get(client, "/api/documents?date_from=2025-01-01&date_to=2025-01-31")
    assert {d["doc_id"] for d in dated["items"]} == {"gulf-1", "gulf-2", "gulf-3"}
    seen: list[str] = []
    page = get(client, "/api/documents?limit=4")
    while True:
        seen.extend(d["doc_id"] for d in page["items"])
        if not page["next_cursor"]:
            break
        page = get(client, f"/api/documents?limit=4&cursor={page['next_cursor']}")
    assert seen == [d["doc_id"] for d in body["items"]]
    assert len(set(seen)) == len(DOCS)


def test_document_detail(client: TestClient) -> None:
    body = get(client, "/api/documents/sahel-1")
    assert body["text"].startswith("Soldiers attacked a village near Gao")
    assert [e["event_id"] for e in body["events"]] == ["sahel-1:e0", "sahel-1:e1"]
    for e in body["events"]:
        assert body["text"][e["start_char"] : e["end_char"]] == e["sentence"]
    assert client.get("/api/documents/none-such").status_code == 404


def test_actors(client: TestClient) -> None:
    body = get(client, "/api/actors")
    assert body["total"] == 12
    chile = next(a for a in body["items"] if a["name"] == "Chile")
    assert (chile["n_events"], chile["n_as_source"], chile["n_as_target"]) == (4, 2, 2)
    assert (chile["country"], chile["sector"]) == ("CHL", "GOV")
    counts = [a["n_events"] for a in body["items"]]
    assert counts == sorted(counts, reverse=True)
    names = {a["name"] for a in get(client, "/api/actors?q=UNITED")["items"]}
    assert names == {"United Nations"}
    seen: list[str] = []
    page = get(client, "/api/actors?limit=5")
    while True:
        seen.extend(a["name"] for a in page["items"])
        if not page["next_cursor"]:
            break
        page = get(client, f"/api/actors?limit=5&cursor={page['next_cursor']}")
    assert seen == [a["name"] for a in body["items"]]


def test_actor_page(client: TestClient) -> None:
    body = get(client, "/api/actors/chile")
    assert body["name"] == "Chile" and body["n_events"] == 4
    assert {e["event_id"] for e in body["events_by"]} == {"harbor-1:e0", "andes-1:e0"}
    assert {e["event_id"] for e in body["events_to"]} == {"harbor-1:e1", "andes-1:e1"}
    assert {"day": "2025-03-10", "type": "AGREE", "n": 2} in body["timeline"]
    assert body["events_by_next_cursor"] is None
    r = client.get("/api/actors/Atlantis")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_stories(client: TestClient) -> None:
    body = get(client, "/api/stories")
    docs = [sorted(s["doc_ids"]) for s in body["items"]]
    assert ["andes-1", "harbor-1"] in docs and ["andes-2", "harbor-2"] in docs
    assert body["total"] == len(body["items"]) == 5  # the two pairs, and three single articles


def test_timeline_with_filters(client: TestClient) -> None:
    body = get(client, "/api/stats/timeline?type=AGREE")
    assert body == {"days": [{"day": "2025-03-10", "type": "AGREE", "n": 2}]}
    days = get(client, "/api/stats/timeline?country=MLI")["days"]
    assert sum(d["n"] for d in days) == 4


def test_network(client: TestClient) -> None:
    body = get(client, "/api/network")
    names = {n["id"]: n["name"] for n in body["nodes"]}
    edges = {(names[e["source"]], names[e["target"]]): e for e in body["edges"]}
    agree = edges[("Chile", "Peru")]
    assert agree["n"] == 2 and agree["kind"] == "cooperation" and agree["cooperative"] == 2
    assert edges[("police", "journalists")]["kind"] == "conflict"
    assert edges[("Peru", "Chile")]["n"] == 1
    small = get(client, "/api/network?limit_nodes=2")
    assert len(small["nodes"]) == 2
    only_mali = get(client, "/api/network?country=MLI")
    assert {n["name"] for n in only_mali["nodes"]} == {
        "soldiers", "civilians", "army", "Mali", "United Nations",
    }  # fmt: skip


def test_map(client: TestClient) -> None:
    points = {p["name"]: p for p in get(client, "/api/map")["points"]}
    assert points["Valparaiso"]["n"] == 3
    assert points["Valparaiso"]["types"] == {"AGREE": 2, "PROTEST": 1}
    assert points["Lima"]["n"] == 2 and points["Lima"]["country"] == "PER"
    only = get(client, "/api/map?type=ASSAULT")["points"]
    assert [(p["name"], p["n"]) for p in only] == [("Gao", 1)]


def test_empty_store_works(tmp_path: Any) -> None:
    from dateline.serve import create_app
    from dateline.store import Store

    path = tmp_path / "empty.duckdb"
    Store(path).close()
    with TestClient(create_app(path)) as c:
        stats = get(c, "/api/stats")
        assert stats["n_events"] == 0 and stats["by_type"] == {}
        for url in ("/api/events", "/api/documents", "/api/actors", "/api/stories"):
            body = get(c, url)
            assert body["items"] == [] and body["next_cursor"] is None
        assert get(c, "/api/network") == {"nodes": [], "edges": []}
        assert get(c, "/api/map") == {"points": []}
        assert get(c, "/api/stats/timeline?type=AGREE&country=FRA") == {"days": []}


def test_ids_and_names_with_slashes(writable_db: Any) -> None:
    """Ids and names may hold '/', which clients send encoded (%2F) and the router decodes."""
    import duckdb

    from dateline.serve import create_app

    con = duckdb.connect(str(writable_db))
    con.execute("UPDATE documents SET doc_id = 'wire/2024/06' WHERE doc_id = 'harbor-2'")
    con.execute("UPDATE events SET doc_id = 'wire/2024/06' WHERE doc_id = 'harbor-2'")
    con.execute("UPDATE event_actors SET doc_id = 'wire/2024/06', name = 'police/gendarmerie' "
                "WHERE doc_id = 'harbor-2' AND role = 'source'")  # fmt: skip
    con.execute("UPDATE event_actors SET doc_id = 'wire/2024/06' WHERE doc_id = 'harbor-2'")
    con.close()
    with TestClient(create_app(writable_db)) as c:
        assert get(c, "/api/documents/wire%2F2024%2F06")["n_events"] == 1
        event = get(c, "/api/events/wire%2F2024%2F06/harbor-2:e0")
        assert event["doc_id"] == "wire/2024/06" and event["type"] == "COERCE"
        assert get(c, "/api/actors/police%2Fgendarmerie")["n_as_source"] == 1
