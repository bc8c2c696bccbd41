"""Counts: reported numbers of people or things, with qualifier and what is counted."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.records import Count


def extract_counts(doc: Doc) -> list[Count]:
    return []
