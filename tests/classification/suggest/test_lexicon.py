"""The shipped lexicon is well formed: every code exists, every term is unique per language."""

from __future__ import annotations

from collections import Counter

import pytest

from crimestats.classification import iccs
from crimestats.classification.suggest.lexicon import legal_terms, synonyms
from crimestats.classification.text import fold


@pytest.mark.parametrize("lang", ["en", "es"])
def test_legal_terms_point_to_iccs_codes(lang: str) -> None:
    classification = iccs()
    terms = legal_terms(lang)
    assert len(terms) > 300
    bad = [(t, c) for t, c in terms if not classification.is_valid(c)]
    assert bad == []
    repeated = [t for t, n in Counter(fold(t) for t, _ in terms).items() if n > 1]
    assert repeated == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_synonyms_are_loaded_folded(lang: str) -> None:
    table = synonyms(lang)
    assert len(table) > 50
    assert all(term == fold(term) for term in table)


def test_a_language_without_a_lexicon_has_none() -> None:
    assert legal_terms("fr") == ()
    assert dict(synonyms("fr")) == {}
