from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb
import pytest
from store_factories import lagos

from dateline.store import MigrationError, Store, StoreError
from dateline.store.migrate import load_migrations, parse_migrations


def _packaged_dir(tmp_path: Path) -> Path:
    """A copy of the packaged migrations in a folder the test can add to."""
    target = tmp_path / "migrations"
    target.mkdir()
    root = resources.files("dateline.store") / "migrations"
    for entry in root.iterdir():
        if entry.name.endswith(".sql"):
            (target / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def _tables(path: Path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }


def test_packaged_migrations_are_numbered_from_one() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert migrations[0].name == "initial"


def test_new_store_is_at_the_latest_version(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        assert store.schema_version == len(load_migrations())
    assert {
        "documents",
        "sentences",
        "entities",
        "quotes",
        "counts",
        "dates",
        "attributions",
        "events",
        "event_actors",
        "errors",
        "runs",
        "schema_version",
    } <= _tables(tmp_path / "a.duckdb")


def test_database_at_version_1_is_upgraded_by_a_later_migration(tmp_path: Path) -> None:
    migrations = _packaged_dir(tmp_path)
    for extra in sorted(migrations.glob("*.sql"))[1:]:
        extra.unlink()  # start from version 1 alone
    db = tmp_path / "old.duckdb"
    with Store(db, migrations_dir=migrations) as store:
        assert store.schema_version == 1
        old = lagos()
        old.events = []  # today's event rows carry columns that version 1 does not have
        store.write(old)
    (migrations / "0002_tags.sql").write_text(
        "CREATE TABLE tags (doc_id VARCHAR NOT NULL, tag VARCHAR NOT NULL);\n"
        "ALTER TABLE documents ADD COLUMN reviewed BOOLEAN DEFAULT false;\n",
        encoding="utf-8",
    )
    with Store(db, migrations_dir=migrations) as store:
        assert store.schema_version == 2
        assert store.count("documents") == 1  # data kept
        assert store.connection.execute("SELECT reviewed FROM documents").fetchall() == [(False,)]
        versions = store.connection.execute(
            "SELECT version, name FROM schema_version ORDER BY version"
        ).fetchall()
        assert versions == [(1, "initial"), (2, "tags")]
    assert "tags" in _tables(db)
    # opening again applies nothing more
    with Store(db, migrations_dir=migrations) as store:
        assert store.schema_version == 2


def test_read_only_open_upgrades_an_old_database_first(tmp_path: Path) -> None:
    migrations = _packaged_dir(tmp_path)
    db = tmp_path / "old.duckdb"
    Store(db, migrations_dir=migrations).close()
    n = len(load_migrations())
    (migrations / f"{n + 1:04d}_x.sql").write_text("CREATE TABLE x (a INTEGER);", encoding="utf-8")
    with Store(db, read_only=True, migrations_dir=migrations) as store:
        assert store.schema_version == n + 1
    assert "x" in _tables(db)


def test_gaps_in_migration_numbers_are_refused(tmp_path: Path) -> None:
    migrations = _packaged_dir(tmp_path)
    (migrations / "0099_x.sql").write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(StoreError, match="without gaps"):
        Store(tmp_path / "a.duckdb", migrations_dir=migrations)


def test_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    migrations = _packaged_dir(tmp_path)
    db = tmp_path / "a.duckdb"
    Store(db, migrations_dir=migrations).close()
    n = len(load_migrations())
    (migrations / f"{n + 1:04d}_broken.sql").write_text(
        "CREATE TABLE half_done (a INTEGER);\nTHIS IS NOT SQL;\n", encoding="utf-8"
    )
    with pytest.raises(StoreError, match="broken"):
        Store(db, migrations_dir=migrations)
    assert "half_done" not in _tables(db)
    (migrations / f"{n + 1:04d}_broken.sql").unlink()
    with Store(db, migrations_dir=migrations) as store:
        assert store.schema_version == n


def test_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    migrations = _packaged_dir(tmp_path)
    n = len(load_migrations())
    (migrations / f"{n + 1:04d}_future.sql").write_text("CREATE TABLE f (a INT);", encoding="utf-8")
    db = tmp_path / "a.duckdb"
    Store(db, migrations_dir=migrations).close()
    with pytest.raises(StoreError, match="newer than this dateline"):
        Store(db)


def test_parse_migrations_rejects_duplicates_and_ignores_other_files() -> None:
    with pytest.raises(MigrationError, match="two migrations"):
        parse_migrations({"0001_a.sql": "", "001_b.sql": ""})
    parsed = parse_migrations({"0001_a.sql": "x", "README.md": "", "notes.sql": ""})
    assert [(m.version, m.name) for m in parsed] == [(1, "a")]


def test_read_only_store_needs_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no dateline database"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_migration_files_ship_with_the_package() -> None:
    root = resources.files("dateline.store") / "migrations"
    assert any(e.name.startswith("0001_") for e in root.iterdir())


def test_every_packaged_migration_applies_to_a_version_1_database_with_data(
    tmp_path: Path,
) -> None:
    migrations = _packaged_dir(tmp_path)
    for extra in sorted(migrations.glob("*.sql"))[1:]:
        extra.unlink()
    db = tmp_path / "v1.duckdb"
    with Store(db, migrations_dir=migrations) as store:
        old = lagos()
        old.events = []
        store.write(old)
    with Store(db) as store:  # the packaged migrations
        assert store.schema_version == len(load_migrations())
        assert store.count("documents") == 1
        columns = {r[0] for r in store.connection.execute("DESCRIBE events").fetchall()}
        assert "act_type" in columns
        store.write(lagos())  # a current result stores in the upgraded database
        assert store.count("events") == len(lagos().events)
