"""atheris harness for the ingest readers: any bytes in, Articles or RecordErrors out, no crash.

Usage (one reader per process; the rest of the arguments go to libFuzzer)::

    .venv/bin/python fuzz/fuzz_ingest.py READER [libFuzzer flags] [corpus dirs]
    .venv/bin/python fuzz/fuzz_ingest.py warc -max_total_time=300 -timeout=30
    .venv/bin/python fuzz/fuzz_ingest.py jsonl -runs=5000

READER is one of ``jsonl json txt html warc feed`` (the reader is called directly, so bytes
that detection would refuse still reach it) or ``detect`` (the whole path from a file name
and bytes: :func:`dateline.ingest.read_source`). The seed corpus is built in memory from
``tests/fixtures/ingest`` and ``tests/fixtures/nasty`` (files of the matching kind).

A finding is any exception escaping the reader, or an output that breaks the readers'
contract (an item that is neither an Article nor a RecordError, an Article with empty or
over-long text, a publication date that is not normalised). libFuzzer writes the input that
failed to ``crash-*`` (see ``-artifact_prefix``) and the process exits non-zero.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["dateline", "warcio", "feedparser"]):
    from harness import NAMES, run_one, seed_corpus


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in NAMES:
        sys.exit(f"usage: {argv[0]} {{{'|'.join(NAMES)}}} [libFuzzer flags] [corpus dirs]")
    reader = argv[1]
    rest = argv[2:]
    if not any(not a.startswith("-") for a in rest):
        rest.append(seed_corpus(reader))

    def test_one_input(data: bytes) -> None:
        run_one(reader, data)

    atheris.Setup([argv[0], *rest], test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
