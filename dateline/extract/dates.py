"""Date expressions, resolved to calendar values against the publication date."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.records import DateMention


def extract_dates(doc: Doc, published: str | None) -> list[DateMention]:
    return []
