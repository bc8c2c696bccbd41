"""`dateline serve`: help with an example, clear errors before any server starts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()


def test_help_has_an_example_and_options() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for word in ("Example", "--db", "--host", "--port", "--token-env"):
        assert word in result.stdout


def test_missing_database_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATELINE_SERVE_TOKEN", raising=False)
    monkeypatch.setenv("DATELINE_CONFIG", str(tmp_path / "absent.toml"))
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no database" in result.stderr


def test_not_a_database_and_bad_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATELINE_SERVE_TOKEN", raising=False)
    monkeypatch.setenv("DATELINE_CONFIG", str(tmp_path / "absent.toml"))
    junk = tmp_path / "articles.jsonl"
    junk.write_text('{"text": "x"}\n')
    result = runner.invoke(app, ["serve", "--db", str(junk)])
    assert result.exit_code == 2 and "not a DuckDB database" in result.stderr
    result = runner.invoke(app, ["serve", "--db", str(junk), "--port", "0"])
    assert result.exit_code == 2 and "port" in result.stderr
    result = runner.invoke(app, ["serve", "--db", str(junk), "--token-env", "NO_SUCH_VAR_X"])
    assert result.exit_code == 2 and "NO_SUCH_VAR_X" in result.stderr
