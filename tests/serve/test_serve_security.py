"""Security: token-guarded writes, body limit, headers, CORS, SQL injection through every
filter, path traversal, /docs and /openapi.json without anything from the internet."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import TOKEN
from fastapi.testclient import TestClient
from serve_world import DOCS, N_EVENTS

from dateline.serve import ServeSettings, create_app
from dateline.serve.db import Database, QueryTimeout
from dateline.serve.security import CSP

HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.mark.parametrize(
    "url", ["/api/stats", "/api/events?limit=0", "/api/nothing", "/", "/docs", "/openapi.json"]
)
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    r = client.get(url)
    for name, value in HEADERS.items():
        assert r.headers.get(name) == value, (url, name)
    assert "'unsafe-inline'" not in CSP and "http" not in CSP


def test_cors_is_off_by_default(client: TestClient) -> None:
    r = client.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert r.status_code == 200
    assert not any(h.startswith("access-control-") for h in r.headers)
    pre = client.options(
        "/api/events",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in pre.headers


def test_cors_when_configured(world_db: Path) -> None:
    settings = ServeSettings(cors_origins=("http://localhost:3000",))
    with TestClient(create_app(world_db, settings)) as c:
        ok = c.get("/api/stats", headers={"Origin": "http://localhost:3000"})
        assert ok.headers["access-control-allow-origin"] == "http://localhost:3000"
        other = c.get("/api/stats", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# ---------------------------------------------------------------- SQL injection

NASTY = [
    "' OR 1=1 --",
    "x'); DROP TABLE events; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "'; SELECT * FROM documents; --",
    "1; ATTACH '/tmp/x.db' AS x",
    "Chile' UNION SELECT doc_id FROM documents --",
    "%00",
    "é' OR 'a'='a",
]
TEXT_PARAMS = [
    "type", "mode", "actor", "country", "source_country", "target_country", "sector",
    "source_sector", "target_sector", "outlet", "doc_id", "q",
]  # fmt: skip
OTHER_PARAMS = [
    "role", "date_from", "date_to", "corroborated", "negated", "future", "hypothetical",
    "sort", "limit", "cursor",
]  # fmt: skip
ENDPOINTS = ["/api/events", "/api/stats/timeline", "/api/network", "/api/map"]


def _snapshot(client: TestClient) -> Any:
    return client.get("/api/stats").json()


def test_injection_through_every_filter(client: TestClient) -> None:
    before = _snapshot(client)
    for endpoint in ENDPOINTS:
        # every parameter and value on the list; the same filter code serves the other three,
        # which get a sample (keeps the test fast)
        params = TEXT_PARAMS + OTHER_PARAMS if endpoint == "/api/events" else TEXT_PARAMS
        for param in params:
            for value in NASTY if endpoint == "/api/events" else NASTY[:3]:
                r = client.get(endpoint, params={param: value})
                assert r.status_code in (200, 400, 422), (endpoint, param, value, r.text)
                body = r.json()
                if r.status_code != 200:
                    assert body["error"]["code"] in ("invalid_request", "bad_cursor")
                    continue
                if endpoint == "/api/events" and param in TEXT_PARAMS:
                    # none of these strings is a value in the store: nothing matches
                    assert body["items"] == [], (param, value)
    for endpoint, param in [("/api/documents", "q"), ("/api/documents", "outlet"),
                            ("/api/actors", "q")]:  # fmt: skip
        for value in NASTY:
            r = client.get(endpoint, params={param: value})
            assert r.status_code == 200
            assert r.json()["items"] == [], (endpoint, param, value)
    for value in NASTY:
        for template in ("/api/events/{v}/{v}", "/api/documents/{v}", "/api/actors/{v}"):
            r = client.get(template.format(v=value.replace("%", "%25").replace("\\", "%5C")))
            assert r.status_code in (404, 422), (template, value)
    assert _snapshot(client) == before
    assert before["n_events"] == N_EVENTS


def test_long_values_are_refused(client: TestClient) -> None:
    r = client.get("/api/events", params={"q": "x" * 5000})
    assert r.status_code == 422


# ---------------------------------------------------------------- static files

TRAVERSALS = [
    "/..%2f..%2fetc/passwd",
    "/..%2F..%2F..%2Fetc%2Fpasswd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/vendor/..%2f..%2fapp.py",
    "/vendor/swagger-ui/..%2f..%2f..%2fapp.py",
    "/..%5c..%5capp.py",
    "/%2e%2e%2fapp.py",
    "/....//....//etc/passwd",
    "/static/../app.py",
    "/js/%00.js",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_escape(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "root:" not in r.text and "def create_app" not in r.text


def test_static_ui_is_served(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]


# ---------------------------------------------------------------- /docs, /openapi.json


def test_docs_page_loads_nothing_from_the_internet(client: TestClient) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    assert not re.search(r"https?://|//cdn|jsdelivr|unpkg", r.text)
    assets = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert "/vendor/swagger-ui/swagger-ui-bundle.js" in assets
    for asset in assets:
        a = client.get(asset)
        assert a.status_code == 200, asset
    init = client.get("/vendor/swagger-ui/dateline-init.js").text
    assert '"/openapi.json"' in init and "validatorUrl: null" in init
    assert "<script>" not in r.text  # no inline script: the CSP forbids it


def test_openapi_is_typed(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{doc_id}/{event_id}", "/api/documents",
                 "/api/actors/{name}", "/api/stats", "/api/network", "/api/map"):  # fmt: skip
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    assert {"EventItem", "EventPage", "Stats", "Network", "MapResponse"} <= set(schemas)
    assert "sources" in schemas["EventItem"]["properties"]
    assert "post" in spec["paths"]["/api/documents"]


# ---------------------------------------------------------------- writes


ARTICLE = {
    "id": "new-1",
    "title": "Dockers strike in Mombasa",
    "outlet": "Coast Courier",
    "published": "2025-04-02",
    "url": "https://news.example/new-1",
    "text": "Police in Mombasa arrested forty dock workers on Tuesday after a strike at the "
    "port. The union condemned the arrests.",
}


def test_writes_disabled_without_a_token(client: TestClient) -> None:
    r = client.post("/api/documents", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "writes_disabled"


def test_token_required(writer: TestClient) -> None:
    r = writer.post("/api/documents", json=ARTICLE)
    assert r.status_code == 401
    r = writer.post("/api/documents", json=ARTICLE, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 403
    r = writer.post("/api/documents", json=ARTICLE, headers={"Authorization": f"Basic {TOKEN}"})
    assert r.status_code == 401
    assert writer.get("/api/stats").json()["n_documents"] == len(DOCS)


def test_body_limit(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = {**ARTICLE, "text": "word " * 20_000}  # 100 kB > the 64 kB limit of this app
    r = writer.post("/api/documents", json=big, headers=auth)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(100):
            yield b"x" * 1024

    r = writer.post("/api/documents", content=chunks(), headers=auth)
    assert r.status_code == 413
    r = writer.post("/api/documents", content=b"{not json", headers=auth)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_json"
    r = writer.post("/api/documents", json=[{"text": "x"}] * 101, headers=auth)
    assert r.status_code == 413
    assert writer.get("/api/stats").json()["n_documents"] == len(DOCS)


def test_ingest_runs_the_pipeline_and_shows_up(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = {"title": "no text"}
    r = writer.post("/api/documents", json=[ARTICLE, bad], headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == 1 and body["unchanged"] == 0
    assert len(body["errors"]) == 1 and "text" in body["errors"][0]
    doc = writer.get("/api/documents/new-1").json()
    assert doc["outlet"] == "Coast Courier" and doc["text"] == ARTICLE["text"]
    events = writer.get("/api/events?doc_id=new-1").json()
    assert events["total"] == doc["n_events"] >= 1  # the index was rebuilt
    assert writer.get("/api/stats").json()["n_documents"] == len(DOCS) + 1
    again = writer.post("/api/documents", json=ARTICLE, headers=auth).json()
    assert again["stored"] == 0 and again["unchanged"] == 1


def test_cursor_survives_an_index_rebuild(writer: TestClient) -> None:
    first = writer.get("/api/events?limit=3").json()
    writer.app.state.db.rebuild_index()  # type: ignore[attr-defined]
    rest = writer.get(f"/api/events?limit=100&cursor={first['next_cursor']}").json()
    keys = [e["event_id"] for e in first["items"] + rest["items"]]
    assert len(keys) == len(set(keys)) == N_EVENTS


# ---------------------------------------------------------------- timeouts


def test_slow_query_is_interrupted(world_db: Path) -> None:
    db = Database(world_db)
    try:
        start = time.perf_counter()
        with pytest.raises(QueryTimeout), db.reader(timeout_s=0.2) as cur:
            cur.execute(
                "SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range + b.range < 0"
            ).fetchall()
        assert time.perf_counter() - start < 5
    finally:
        db.close()


def test_read_only_store_refuses_writes(world_db: Path) -> None:
    db = Database(world_db)
    try:
        with db.reader() as cur, pytest.raises(duckdb.Error):
            cur.execute("DELETE FROM events")
    finally:
        db.close()


def test_request_timeout_is_504(world_db: Path) -> None:
    settings = ServeSettings(request_timeout_s=0.000001)
    with TestClient(create_app(world_db, settings)) as c:
        r = c.get("/api/network")
        assert r.status_code == 504
        assert r.json()["error"]["code"] == "timeout"
        assert r.headers["x-frame-options"] == "DENY"


def test_concurrent_reads_agree(client: TestClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    urls = ["/api/events?country=MLI", "/api/stats", "/api/events?limit=2&sort=type",
            "/api/network", "/api/map", "/api/events?q=lima"] * 8  # fmt: skip
    expected = {u: client.get(u).json() for u in set(urls)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda u: (u, client.get(u).json()), urls))
    for url, body in results:
        assert body == expected[url], url


def test_interrupted_query_is_504(world_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A query still running at the timeout is stopped, and the answer is 504."""
    import dataclasses

    from dateline.serve import queries

    slow = "SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range + b.range < 0"
    monkeypatch.setattr(queries, "network", lambda *a, **k: (slow, []))
    app = create_app(world_db)  # the middleware keeps its 30 s
    app.state.settings = dataclasses.replace(app.state.settings, request_timeout_s=0.2)
    with TestClient(app) as c:
        start = time.perf_counter()
        r = c.get("/api/network")
        assert r.status_code == 504, r.text
        assert r.json()["error"]["code"] == "timeout"
        assert time.perf_counter() - start < 10
