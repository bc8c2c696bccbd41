"""Browser tests of the web UI: the real server over a small store, Debian's chromium.

The store is built once per session from ``articles.jsonl`` (articles written for these tests)
through the real pipeline (``dateline ingest`` then ``dateline merge``). The server runs in a
thread (uvicorn on a free loopback port). Chromium is the system one (``make browser-deps``
installs it); Playwright's own browser download is never used. Without chromium the tests
fail: ``make test`` must not pass without having driven a browser.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ViewportSize
from typer.testing import CliRunner

from dateline.cli import app as cli_app

HERE = Path(__file__).parent
ARTICLES = HERE / "articles.jsonl"
SCREENSHOTS = HERE.parents[1] / "out" / "screenshots"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 860}


def find_chromium(candidates: list[str | None]) -> str | None:
    """The first candidate that is an executable file."""
    for path in candidates:
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


def chromium_path() -> str:
    """The system chromium (DATELINE_CHROMIUM overrides); fails the test when there is none."""
    found = find_chromium(
        [os.environ.get("DATELINE_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    )
    if found is None:
        pytest.fail(
            "chromium not found: the browser tests drive Debian's chromium "
            "(install it with `make browser-deps`, or set DATELINE_CHROMIUM to its path)"
        )
    return found


@pytest.fixture(scope="session")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ui-store") / "ui.duckdb"
    runner = CliRunner()
    for args in (["ingest", str(ARTICLES), "--db", str(db)], ["merge", "--db", str(db)]):
        result = runner.invoke(cli_app, args)
        assert result.exit_code == 0, result.output
    return db


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(store_db: Path) -> Iterator[str]:
    """Base URL of the real ``dateline serve`` app on a loopback port."""
    import uvicorn

    from dateline.serve.app import create_app

    port = _free_port()
    config = uvicorn.Config(
        create_app(store_db), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, name="dateline-serve-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
            timezone_id="UTC",
            locale="en-GB",
        )
        try:
            yield context
        finally:
            context.close()


@dataclass
class UI:
    """A page of the web UI, with everything it requested and every console error."""

    page: Any
    base: str
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, route: str) -> None:
        self.page.goto(f"{self.base}/{route}")
        self.wait_ready()

    def wait_ready(self) -> None:
        """Wait until the view of the current URL is drawn (not the one before it)."""
        fragment = urlsplit(self.page.url).fragment
        selector = "#view[data-ready='true']"
        if fragment:
            selector += f"[data-hash={json.dumps('#' + fragment)}]"
        self.page.wait_for_selector(selector, timeout=15_000)

    def api(self, path: str) -> Any:
        response = self.page.request.get(f"{self.base}{path}")
        assert response.ok, f"{path}: {response.status}"
        return response.json()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert self.external == [], f"requests to non-loopback hosts: {self.external}"
        assert self.errors == [], f"console errors: {self.errors}"


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return False
    return (parts.hostname or "") not in LOOPBACK


@pytest.fixture
def ui(server: str, browser_context: Any) -> Iterator[UI]:
    page = browser_context.new_page()
    view = UI(page=page, base=server)
    page.on("request", lambda r: view.external.append(r.url) if _is_external(r.url) else None)
    page.on(
        "console",
        lambda m: view.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: view.errors.append(f"page error: {e}"))
    try:
        yield view
        view.assert_clean()
    finally:
        page.close()
