"""`dateline query --lake`: events of a Parquet lake, filtered with bound values."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.config import Settings
from dateline.records import Article
from dateline.runner.dask_engine import process_shard
from dateline.runner.lake import query_lake_events
from dateline.runner.shards import FileGroup

pytestmark = pytest.mark.slow

ARTICLES = [
    Article(id="k1", text="Kenyan police arrested 12 protesters in Nairobi on Thursday.", published="2024-11-07", outlet="Harbor Daily", language="en"),
    Article(id="g1", text="Israeli jets struck targets in Gaza on Monday, the army said.", published="2024-11-04", outlet="Northern Wire", language="en"),
]  # fmt: skip


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lake")
    source = root.parent / "articles.jsonl"
    fields = ("id", "text", "published", "outlet", "language")
    source.write_text(
        "".join(json.dumps({k: getattr(a, k) for k in fields}) + "\n" for a in ARTICLES),
        encoding="utf-8",
    )
    done = process_shard(0, FileGroup((str(source),)), Settings(), str(root))
    assert done.articles == 2 and done.errors == ()
    return root


def test_lake_events_filter(lake: Path) -> None:
    rows = query_lake_events(lake, limit=0)
    assert {r["type"] for r in rows} >= {"COERCE", "ASSAULT"}
    coerce = query_lake_events(lake, type="COERCE")
    assert [r["doc_id"] for r in coerce] == ["k1"] and "KEN" in coerce[0]["source_country"]
    assert [r["doc_id"] for r in query_lake_events(lake, outlet="northern wire")] == ["g1"]
    assert query_lake_events(lake, type="x' OR '1'='1") == []  # bound, not formatted


def test_query_lake_cli(lake: Path) -> None:
    result = CliRunner().invoke(
        app, ["query", "--lake", str(lake), "--format", "json", "--type", "ASSAULT"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["doc_id"] for r in rows] == ["g1"]
