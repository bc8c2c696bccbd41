"""Helpers for the ingest tests: fixture paths, a reader that lists what came out, no network."""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import FIXTURES, Items

from dateline.config import Settings
from dateline.ingest import read_inputs


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test: ingest must stay offline."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"ingest tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def read() -> Callable[..., Items]:
    """``read(*inputs, **settings_overrides)`` -> everything read_inputs yields, as a list."""

    def _read(*inputs: str | Path, **overrides: Any) -> Items:
        settings = replace(Settings(), **overrides)
        names: Sequence[str] = [str(i) for i in inputs]
        return list(read_inputs(names, settings))

    return _read
