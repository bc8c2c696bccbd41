"""Versioned schema migrations: numbered SQL files applied in order, recorded in schema_version.

A migration is a file ``NNNN_some_name.sql`` (the number is its version, starting at 1, with no
gaps). Opening a store applies every migration newer than the database's version, each in its
own transaction together with its ``schema_version`` row, so a failed migration leaves the
database at the previous version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

_NAME = re.compile(r"^(\d+)_([A-Za-z0-9_\-]+)\.sql$")

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)
"""


class MigrationError(RuntimeError):
    """The migrations on disk or in the database are not in a usable state."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def parse_migrations(files: dict[str, str]) -> list[Migration]:
    """Migrations from ``{file name: SQL}``, sorted; other file names are ignored.

    Raises MigrationError when two files share a version or the versions have gaps.
    """
    found: dict[int, Migration] = {}
    for filename, sql in files.items():
        m = _NAME.match(filename)
        if not m:
            continue
        version = int(m.group(1))
        if version in found:
            raise MigrationError(f"two migrations with version {version}: {filename}")
        found[version] = Migration(version, m.group(2), sql)
    ordered = [found[v] for v in sorted(found)]
    for expected, mig in enumerate(ordered, 1):
        if mig.version != expected:
            raise MigrationError(
                f"migration versions must run 1, 2, 3 … without gaps; found {mig.version} "
                f"where {expected} was expected"
            )
    return ordered


def load_migrations(directory: str | Path | None = None) -> list[Migration]:
    """The packaged migrations, or those in ``directory``."""
    files: dict[str, str] = {}
    if directory is None:
        root = resources.files("dateline.store") / "migrations"
        for entry in root.iterdir():
            if entry.name.endswith(".sql"):
                files[entry.name] = entry.read_text(encoding="utf-8")
    else:
        for path in Path(directory).glob("*.sql"):
            files[path.name] = path.read_text(encoding="utf-8")
    return parse_migrations(files)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The database's schema version; 0 for a database without the schema_version table."""
    (exists,) = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()
    if not exists[0]:
        return 0
    ((version,),) = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()
    return int(version)


def pending(con: duckdb.DuckDBPyConnection, migrations: list[Migration]) -> list[Migration]:
    """The migrations not yet applied. Raises MigrationError for a database that is newer."""
    version = current_version(con)
    latest = migrations[-1].version if migrations else 0
    if version > latest:
        raise MigrationError(
            f"the database is at schema version {version}, newer than this dateline knows "
            f"({latest}); upgrade dateline to open it"
        )
    return [m for m in migrations if m.version > version]


def migrate(con: duckdb.DuckDBPyConnection, migrations: list[Migration]) -> list[int]:
    """Apply the pending migrations in order; returns the versions applied."""
    con.execute(_BOOTSTRAP)
    applied: list[int] = []
    for mig in pending(con, migrations):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(mig.sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp::TIMESTAMP)",
                [mig.version, mig.name],
            )
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            raise MigrationError(
                f"migration {mig.version} ({mig.name}) failed: {type(exc).__name__}: {exc}"
            ) from exc
        applied.append(mig.version)
    return applied
