"""ServeSettings: defaults, the [serve] table of dateline.toml, the environment."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from pathlib import Path
from typing import Any

import pytest

from dateline.serve.security import Timeout
from dateline.serve.settings import (
    TOKEN_ENV,
    ServeSettings,
    ServeSettingsError,
    load_serve_settings,
)


def test_defaults_are_safe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    monkeypatch.setenv("DATELINE_CONFIG", str(tmp_path / "absent.toml"))
    s = load_serve_settings()
    assert s == ServeSettings()
    assert (s.host, s.port, s.token, s.cors_origins) == ("127.0.0.1", 8765, None, ())
    assert s.max_body_bytes == 10 * 1024 * 1024 and not s.writes_enabled


def test_toml_then_env_then_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg = tmp_path / "dateline.toml"
    cfg.write_text(
        '[serve]\nport = 9000\ntoken = "from-file"\nmax_body_bytes = 2048\n'
        'cors_origins = ["http://localhost:3000"]\nrequest_timeout_s = 5\nquery_threads = 2\n'
        "worker_threads = 6\n"
    )
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    s = load_serve_settings(cfg)
    assert (s.port, s.token, s.max_body_bytes) == (9000, "from-file", 2048)
    assert s.cors_origins == ("http://localhost:3000",) and s.request_timeout_s == 5
    assert s.query_threads == 2 and ServeSettings().query_threads == 1
    assert s.worker_threads == 6 and s.threads_in_use == 6
    assert ServeSettings().threads_in_use == 4 * (os.cpu_count() or 1)
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    assert load_serve_settings(cfg).token == "from-env"
    assert load_serve_settings(cfg, port=9100, host=None).port == 9100


@pytest.mark.parametrize(
    "table",
    ['port = 0', 'port = "x"', "max_body_bytes = -1", 'cors_origins = ["*"]',
     "count_budget_ms = -5", "query_threads = 0", "worker_threads = -1"],
)  # fmt: skip
def test_bad_settings_are_refused(tmp_path: Path, table: str) -> None:
    cfg = tmp_path / "dateline.toml"
    cfg.write_text(f"[serve]\n{table}\n")
    with pytest.raises(ServeSettingsError):
        load_serve_settings(cfg)


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_serve_settings(tmp_path / "nope.toml")


def _run(coro: Any) -> Any:
    """asyncio.run in a thread of its own: a session-wide Playwright (tests/browser) keeps an
    event loop running in the main thread, where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_timeout_answers_504_and_posts_get_longer() -> None:
    sent: list[dict[str, Any]] = []

    async def slow(scope: Any, receive: Any, send: Any) -> None:
        await asyncio.sleep(0.3)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"late"})

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    mw = Timeout(slow, seconds=0.05, write_seconds=2)
    _run(mw({"type": "http", "method": "GET"}, receive, send))
    assert sent[0]["status"] == 504 and b"timeout" in sent[1]["body"]
    sent.clear()
    _run(mw({"type": "http", "method": "POST"}, receive, send))
    assert sent[0]["status"] == 200


def test_worker_threads_size_the_request_thread_pool(tmp_path: Path) -> None:
    from anyio import to_thread
    from fastapi.testclient import TestClient

    from dateline.serve import create_app
    from dateline.store import Store

    Store(str(tmp_path / "s.duckdb")).close()
    app = create_app(tmp_path / "s.duckdb", settings=ServeSettings(worker_threads=3))
    with TestClient(app) as client:
        assert client.get("/api/stats").status_code == 200
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)  # type: ignore[union-attr]
    assert tokens == 3
