"""Crash safety: ``dateline ingest`` killed with SIGKILL at random moments never leaves a
half-written article, and a rerun completes the database to what a clean run stores.

One seeded sequence of 20 kills on the same database (each run resumes the last one's work,
as a user would; a run that finished before its kill starts the database afresh), each at a
uniformly random moment within the time a clean run takes; after
every kill the database opens and every stored article has exactly the rows a clean run gives
it (same content hash, same number of rows in every child table), with no duplicates. A final
run completes, after which the database holds each article once, equal to the clean run's.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.store import Store
from dateline.store.rows import CHILD_TABLES

DATELINE = Path(sys.executable).with_name("dateline")
KILLS = 20
SEED = 20251124

# Short news items of our own, combined into distinct articles.
PLACES = ["Valmora", "Ostby", "Lindholm", "Brenn", "Tessel", "Skarra", "Orlen", "Kestrel Bay"]
ACTORS = [
    "Police",
    "The city council",
    "Striking dock workers",
    "The health ministry",
    "Opposition lawmakers",
    "The army",
    "Farmers",
    "The mayor",
]
DEEDS = [
    "arrested {n} people during a protest over rents in {place} on {day}",
    "met union leaders in {place} on {day} to discuss a new wage agreement",
    "blocked the main road into {place} on {day}, demanding lower fuel prices",
    "accused the regional governor of {place} of hiding the cost of the new bridge on {day}",
    "announced on {day} that {n} soldiers would be sent to {place} to help after the floods",
    "rejected on {day} a request from the port authority of {place} to extend the curfew",
    "signed an agreement in {place} on {day} to share the water of the river",
    "threatened on {day} to close the border crossing near {place}",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
QUOTES = [
    '"We will not give up," one of them told reporters.',
    "A spokesman said that {n} more people were expected to join.",
    "The claim was denied by officials, according to local radio.",
    "Nobody was hurt, the fire service said.",
]


def corpus_lines(n: int) -> list[str]:
    """``n`` distinct short articles as JSON Lines.

    Each record also carries four harmless problems (an unknown language code, a title, url
    and outlet that are not strings): each gives a warning, and the store writes a batch every
    200 items, warnings included, so a run commits every 40 articles — kills land between
    commits and during them, not only before the first one."""
    lines = []
    for i in range(n):
        fill = {
            "n": 5 + i,
            "place": PLACES[i % len(PLACES)],
            "day": DAYS[i % len(DAYS)],
        }
        first = (
            f"{ACTORS[i % len(ACTORS)]} {DEEDS[(i // len(ACTORS)) % len(DEEDS)].format(**fill)}."
        )
        second = QUOTES[(i // 3) % len(QUOTES)].format(**fill)
        record = {
            "id": f"crash-{i:04d}",
            "published": f"2025-03-{1 + i % 28:02d}",
            "text": f"{first} {second}",
            "language": "xx-unknown",
            "title": ["not", "a", "string"],
            "url": {"not": "a string"},
            "outlet": [1],
        }
        lines.append(json.dumps(record) + "\n")
    return lines


ARTICLES = 320  # eight store batches (see corpus_lines); loading the model takes ~45% of a run


Snapshot = dict[str, tuple[str, tuple[int, ...]]]


def snapshot(db: Path) -> Snapshot:
    """doc_id -> (content_hash, rows per child table) of every stored article."""
    with Store(db) as store:
        con = store.connection
        dupes = con.execute(
            "SELECT doc_id FROM documents GROUP BY doc_id HAVING count(*) > 1"
        ).fetchall()
        assert dupes == [], f"articles stored twice: {dupes}"
        docs = dict(con.execute("SELECT doc_id, content_hash FROM documents").fetchall())
        counts: dict[str, list[int]] = {doc: [0] * len(CHILD_TABLES) for doc in docs}
        for i, table in enumerate(CHILD_TABLES):
            for doc_id, n in con.execute(
                f"SELECT doc_id, count(*) FROM {table} GROUP BY doc_id"
            ).fetchall():
                assert doc_id in counts, f"{table} rows of an article that is not stored: {doc_id}"
                counts[doc_id][i] = n
    return {doc: (docs[doc], tuple(counts[doc])) for doc in docs}


def ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(DATELINE), "ingest", str(corpus), "--db", str(db), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "DATELINE_DB": ""},
    )


def finish(process: subprocess.Popen[bytes]) -> None:
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode(errors="replace")[-2000:]


@pytest.mark.slow
def test_ingest_survives_sigkill_at_random_moments(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(corpus_lines(ARTICLES)), encoding="utf-8")

    clean_db = tmp_path / "clean.duckdb"
    started = time.perf_counter()
    finish(ingest(corpus, clean_db))
    clean_seconds = time.perf_counter() - started
    clean = snapshot(clean_db)
    assert len(clean) == ARTICLES

    rng = random.Random(SEED)
    db = tmp_path / "killed.duckdb"
    stored_after_kill = []
    for _ in range(KILLS):
        process = ingest(corpus, db)
        time.sleep(rng.uniform(0, clean_seconds))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.communicate(timeout=120)
        if not db.exists():
            stored_after_kill.append(0)
            continue  # killed before the database was created
        now = snapshot(db)
        for doc_id, stored in now.items():
            assert stored == clean[doc_id], f"{doc_id} differs from the clean run's: half-written?"
        stored_after_kill.append(len(now))
        if len(now) == ARTICLES:  # the run finished before the kill: start again from nothing
            for path in tmp_path.glob("killed.duckdb*"):
                path.unlink()

    # figures for docs/reliability.md (shown with pytest -s)
    print(f"clean run {clean_seconds:.1f} s; articles stored after each kill: {stored_after_kill}")
    finish(ingest(corpus, db))
    assert snapshot(db) == clean
    with Store(db) as store:
        assert store.count("documents") == ARTICLES
    # the kills did land at different stages: before the first commit, and between commits
    assert 0 in stored_after_kill and any(0 < n < ARTICLES for n in stored_after_kill)
