"""Finding the system chromium (fast, no browser started)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import chromium_path, find_chromium


def test_first_executable_candidate_wins(tmp_path: Path) -> None:
    plain = tmp_path / "not-executable"
    plain.write_text("")
    binary = tmp_path / "chromium"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    assert find_chromium([None, str(tmp_path / "missing"), str(plain), str(binary)]) == str(binary)
    assert find_chromium([None, str(tmp_path / "missing"), str(tmp_path)]) is None


def test_no_chromium_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[chromium_path.__module__], "find_chromium", lambda _: None)
    with pytest.raises(pytest.fail.Exception, match="make browser-deps"):
        chromium_path()
