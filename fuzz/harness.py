"""The checks behind the fuzz harness, without atheris (the tests import this module too).

:func:`run_one` reads bytes with one reader and checks every item against the readers'
contract (:func:`check_item`); any exception it lets through is a finding.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from dateline.config import Settings
from dateline.ingest import READERS, read_source
from dateline.ingest.sources import Source, make_source
from dateline.records import Article, RecordError

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT / "tests" / "fixtures" / "ingest", ROOT / "tests" / "fixtures" / "nasty")
# Inputs that once failed, named "<reader>-<what>": seeds, and replayed by the tests.
REGRESSIONS = ROOT / "fuzz" / "regressions"
# Small limits so that the fuzzer also meets the "too long" paths.
SETTINGS = replace(Settings(), max_article_chars=4000, max_file_bytes=64 * 1024)
NAMES = {
    "jsonl": "input.jsonl",
    "json": "input.json",
    "txt": "input.txt",
    "html": "input.html",
    "warc": "input.warc",
    "feed": "input.xml",
    "detect": "input",
}
SEED_SUFFIXES = {
    "jsonl": (".jsonl",),
    "json": (".json",),
    "txt": (".txt",),
    "html": (".html",),
    "warc": (".warc", ".warc.gz"),
    "feed": (".rss", ".atom", ".xml"),
    "detect": ("",),
}
READER_KEYS = {"txt": "text"}
_PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}(:\d{2})?)?)?")
SEED_LIMIT = 48 * 1024  # libFuzzer's -max_len default follows the largest seed


class ContractError(AssertionError):
    """A reader's output broke the ingest contract."""


def check_item(item: object) -> None:
    """Raise ContractError when ``item`` is not a valid reader output."""
    if isinstance(item, RecordError):
        if not item.reason or not item.origin:
            raise ContractError(f"RecordError without reason or origin: {item!r}")
        return
    if not isinstance(item, Article):
        raise ContractError(f"reader yielded {type(item).__name__}")
    if not item.text.strip():
        raise ContractError("Article with empty text")
    if len(item.text) > SETTINGS.max_article_chars:
        raise ContractError(f"Article over the limit: {len(item.text)} characters")
    if not item.id:
        raise ContractError("Article without id")
    if item.published is not None and not _PUBLISHED.fullmatch(item.published):
        raise ContractError(f"publication date not normalised: {item.published!r}")


def _items(reader: str, data: bytes) -> Iterator[object]:
    source = make_source(NAMES[reader], io.BytesIO(data), len(data))
    if reader == "detect":
        return read_source(source, SETTINGS)
    function: Callable[[Source, Settings], Iterator[object]] = READERS[
        READER_KEYS.get(reader, reader)  # type: ignore[index]
    ]
    return function(source, SETTINGS)


def run_one(reader: str, data: bytes) -> int:
    """Read ``data`` with ``reader``; check every item; return how many came out."""
    count = 0
    for item in _items(reader, data):
        check_item(item)
        count += 1
    if count == 0 and reader != "detect":
        raise ContractError("reader yielded nothing (neither an article nor an error)")
    return count


def seed_files(reader: str) -> list[Path]:
    suffixes = SEED_SUFFIXES[reader]
    found = []
    for folder in SEED_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name.endswith(suffixes):
                if path.stat().st_size <= SEED_LIMIT:
                    found.append(path)
    found.extend(p for p in regressions() if p.name.startswith(f"{reader}-"))
    return found


def regressions() -> list[Path]:
    """The saved inputs that once failed (a reader name, a dash, what went wrong)."""
    if not REGRESSIONS.is_dir():
        return []
    return sorted(p for p in REGRESSIONS.iterdir() if p.is_file() and p.name.split("-")[0] in NAMES)


def seed_corpus(reader: str) -> str:
    """A temporary folder holding copies of the seeds (libFuzzer may add to it)."""
    folder = Path(tempfile.mkdtemp(prefix=f"dateline-fuzz-{reader}-"))
    for i, path in enumerate(seed_files(reader)):
        (folder / f"seed-{i:03d}").write_bytes(path.read_bytes())
    return str(folder)
