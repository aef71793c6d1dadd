"""English and Spanish offence texts are told apart, short ones by their file."""

from __future__ import annotations

import pytest

from crimestats.classification.suggest import detect_language, detect_languages


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Robo con violencia o intimidación en las personas", "es"),
        ("Lesiones graves", "es"),
        ("Tráfico ilícito de estupefacientes", "es"),
        ("Theft from the person", "en"),
        ("Wounding with intent", "en"),
        ("Possession of a controlled drug with intent to supply", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_text_without_evidence_takes_the_language_of_its_file() -> None:
    texts = ["Hurto simple", "Lesiones leves", "Abigeato", "Robo con intimidación"]
    assert detect_languages(texts) == ["es"] * 4
    assert detect_language("Abigeato", default="es") == "es"
