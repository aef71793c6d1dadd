"""Suggest ICCS codes for national offence texts and draft correspondence tables for expert review."""

from crimestats.classification.suggest.language import LANGUAGES, detect_language, detect_languages
from crimestats.classification.suggest.mapping import (
    DRAFT_COLUMNS,
    LOW_CONFIDENCE,
    DraftRow,
    draft_mapping,
)
from crimestats.classification.suggest.suggest import SUGGEST_COLUMNS, Suggestion, suggest

__all__ = [
    "DRAFT_COLUMNS",
    "LANGUAGES",
    "LOW_CONFIDENCE",
    "SUGGEST_COLUMNS",
    "DraftRow",
    "Suggestion",
    "detect_language",
    "detect_languages",
    "draft_mapping",
    "suggest",
]
