"""Run summaries and progress display shared by the commands that process articles."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from dateline.records import ArticleResult, RecordError, record_errors

err_console = Console(stderr=True)


@dataclass
class RunSummary:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[RecordError] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def add(self, item: ArticleResult | RecordError) -> None:
        self.errors.extend(record_errors(item))
        if isinstance(item, RecordError):
            if item.severity == "error":
                self.counts["failed"] += 1
            return
        self.counts["articles"] += 1
        self.counts[item.status] += 1
        if item.status == "skipped":
            self.skipped.append((item.article.id, item.reason or ""))
        elif item.status == "error":
            self.counts["failed"] += 1
        self.counts["sentences"] += sum(1 for s in item.sentences if s.parsed)
        self.counts["entities"] += len(item.entities)
        self.counts["quotes"] += len(item.quotes)
        self.counts["counts"] += len(item.counts)
        self.counts["dates"] += len(item.dates)
        self.counts["attributions"] += len(item.attributions)
        self.counts["events"] += len(item.events)

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def print(self, console: Console = err_console) -> None:
        c = self.counts
        console.print(
            f"[bold]{c['articles']}[/] articles: {c['ok']} processed, {c['skipped']} skipped, "
            f"{c['failed']} failed; {c['sentences']} sentences, {c['entities']} entities, "
            f"{c['quotes']} quotes, {c['counts']} counts, {c['dates']} dates, "
            f"{c['attributions']} attributions, {c['events']} events"
        )
        for doc_id, reason in self.skipped[:20]:
            console.print(f"  skipped {doc_id}: {reason}")
        for e in self.errors[:50]:
            label = "[red]error[/]" if e.severity == "error" else "[yellow]warning[/]"
            console.print(f"  {label} {e.origin}: {e.reason}", highlight=False)
        if len(self.errors) > 50:
            console.print(f"  … and {len(self.errors) - 50} more (see the errors table)")


@contextmanager
def progress(enabled: bool = True) -> Iterator[Progress | None]:
    """A progress bar on stderr, only when stderr is a terminal and not disabled."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )
    with bar:
        yield bar
