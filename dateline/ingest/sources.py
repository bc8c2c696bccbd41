"""Inputs → byte sources: paths, folders, globs and "-" for stdin.

Folders are walked recursively in the order of their sorted paths, skipping hidden files and
folders (names starting with ".") and special files (pipes, sockets); glob patterns are expanded (``**`` included) and sorted. Nothing is read
here beyond what a reader asks for: a folder of any size streams one file at a time.
"""

from __future__ import annotations

import glob
import io
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dateline.records import RecordError

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
HEAD_BYTES = 64 * 1024  # how much of a source format detection looks at
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read: ``path`` is None for stdin."""

    name: str  # as the user will see it in ``origin``
    path: Path | None


@dataclass(slots=True)
class Source:
    """An open input: its first bytes (for detection) and a stream positioned at the start."""

    name: str
    stream: BinaryIO
    head: bytes
    size: int | None  # in bytes, when known before reading (regular files)


_DOC_NAMES = ("readme", "license", "licence", "changelog", "notice", "copying")
_DOC_SUFFIXES = (".md", ".rst", ".py", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".sh")


def _hidden(name: str) -> bool:
    """Hidden files, and a folder's documentation and code (README.md, LICENSE, *.py), which a
    folder of articles often carries; name such a file explicitly to read it anyway."""
    lower = name.lower()
    return name.startswith(".") or lower.startswith(_DOC_NAMES) or lower.endswith(_DOC_SUFFIXES)


def walk_folder(folder: Path) -> Iterator[Input | RecordError]:
    """Every non-hidden file under ``folder``, recursively, in the order of their sorted paths.

    Symbolic links to folders are not followed (no cycles); links to files are.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield RecordError(str(folder), f"cannot read the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if _hidden(entry.name):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from walk_folder(path)
        elif entry.is_file():
            yield Input(str(path), path)


def _expand_path(path: Path, name: str) -> Iterator[Input | RecordError]:
    if not path.is_dir():
        yield Input(name, path)
        return
    found = False
    for item in walk_folder(path):
        found = True
        yield item
    if not found:
        yield RecordError(name, "folder holds no files to read", severity="warning")


def expand_inputs(inputs: Sequence[str]) -> Iterator[Input | RecordError]:
    """Each input as files to read, or an error for an input that names nothing."""
    for name in inputs:
        if name == STDIN:
            yield Input(STDIN_ORIGIN, None)
            continue
        path = Path(name)
        if path.exists():
            yield from _expand_path(path, name)
        elif _GLOB_CHARS & set(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield RecordError(name, "no files match this pattern")
            for match in matches:
                yield from _expand_path(Path(match), match)
        else:
            yield RecordError(name, "no such file or directory")


class _Rewound(io.RawIOBase):
    """A non-seekable stream with its already-read head put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._pos = 0
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._pos < len(self._head):
            chunk = self._head[self._pos : self._pos + len(view)]
            self._pos += len(chunk)
        else:
            chunk = self._rest.read(len(view))
        view[: len(chunk)] = chunk
        return len(chunk)


def _read_head(stream: BinaryIO) -> bytes:
    head = b""
    while len(head) < HEAD_BYTES:  # pipes may return less than asked
        chunk = stream.read(HEAD_BYTES - len(head))
        if not chunk:
            break
        head += chunk
    return head


def make_source(name: str, stream: BinaryIO, size: int | None) -> Source:
    """Read the head of ``stream`` and give back a stream that starts from the beginning."""
    head = _read_head(stream)
    if stream.seekable():
        stream.seek(0)
        return Source(name, stream, head, size)
    rewound = io.BufferedReader(_Rewound(head, stream), buffer_size=HEAD_BYTES)
    return Source(name, rewound, head, size)


def stdin_stream() -> BinaryIO:
    return sys.stdin.buffer


def file_size(path: Path) -> int | None:
    """The size of a regular file; None for pipes and other special files."""
    st = path.stat()
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def read_limited(source: Source, limit: int) -> bytes | None:
    """All of a source's bytes, or None when there are more than ``limit``."""
    if source.size is not None and source.size > limit:
        return None
    data = source.stream.read(limit + 1)
    return None if len(data) > limit else data
