"""The character n-gram model matches spellings the word index cannot, and only those."""

from __future__ import annotations

from crimestats.classification import iccs
from crimestats.classification.suggest import suggest
from crimestats.classification.suggest.ngrams import grams, ngram_model, similar


def test_grams_are_folded_and_padded() -> None:
    assert {" ab", "ab ", " ab "} <= grams("AB")
    assert grams("Ñandú") == grams("nandu")


def test_a_compound_finds_its_root() -> None:
    # "Autoaborto" (self-induced abortion) shares no word with ICCS text; 0106 is illegal feticide.
    near = similar(ngram_model(iccs(), "es"), "Autoaborto")
    assert next(iter(near)) == "0106"
    similarity, text = near["0106"]
    assert 0 < similarity <= 1
    assert "aborto" in text.casefold()


def test_nothing_in_common_finds_nothing() -> None:
    assert similar(ngram_model(iccs(), "en"), "qqqq") == {}


def test_a_spelling_only_suggestion_is_marked_and_flagged() -> None:
    row = suggest(["Autoaborto"], "es", top=3)[0]
    assert row.iccs_code == "0106"
    assert row.reason.startswith("similar spelling")
    assert row.score < 0.5  # always below the review threshold of draft-mapping
