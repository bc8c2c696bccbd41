"""Fixtures for the API tests: the hand-built store (serve_world.py) and apps over it."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_world import build_store

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from dateline.serve import ServeSettings, create_app  # noqa: E402

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "world.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def client(world_db: Path) -> Iterator[TestClient]:
    """A read-only app (no token configured) over the world store."""
    with TestClient(create_app(world_db)) as c:
        yield c


@pytest.fixture
def writable_db(world_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.duckdb"
    shutil.copy(world_db, path)
    return path


@pytest.fixture
def writer(writable_db: Path) -> Iterator[TestClient]:
    """An app with a token (writes enabled) over a copy of the world store."""
    settings = ServeSettings(token=TOKEN, max_body_bytes=64 * 1024)
    with TestClient(create_app(writable_db, settings)) as c:
        yield c
