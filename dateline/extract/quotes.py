"""Direct quotes with their speakers."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.records import Entity, Quote


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Direct quotations (two words or more) in ``doc`` with their speakers."""
    return []
