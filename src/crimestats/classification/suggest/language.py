"""Tell English offence texts from Spanish ones, so each is matched against ICCS text in its language.

Evidence per word: whether it occurs only in the English or only in the Spanish ICCS text (labels,
descriptions, inclusions, index, legal terms and synonyms), Spanish letters (á, ñ, ...), and spelling that is typical
of one language (``-cion``, ``-os`` against ``-ing``, ``-th``). A short title with no evidence ("Abigeato")
takes the language of the rest of its file.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from crimestats.classification.iccs import iccs
from crimestats.classification.suggest.lexicon import legal_terms, synonyms
from crimestats.classification.text import fold

__all__ = ["LANGUAGES", "detect_language", "detect_languages"]

LANGUAGES = ("en", "es")

_WORD = re.compile(r"[a-z]+")
_SPANISH_LETTERS = re.compile(r"[áéíóúñü¿¡]", re.IGNORECASE)
_SPANISH_SPELLING = re.compile(r"(cion|ciones|dad|dades|miento|mientos|[aeiou]s|[aio])$")
_ENGLISH_SPELLING = re.compile(r"(ing|th|ght|ck|ss|sh|w|k|y|tion|ment|ness)$")


@functools.cache
def _vocabularies() -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    classification = iccs()
    for category in classification:
        for lang in LANGUAGES:
            text = category.text(lang)
            for part in (text.label, text.description, *text.inclusions, *text.exclusions):
                words[lang].update(_WORD.findall(fold(part)))
    for entry in classification.index:
        if entry.lang in words:
            words[entry.lang].update(_WORD.findall(fold(entry.term)))
    for lang in LANGUAGES:
        for term, expansion in synonyms(lang).items():
            words[lang].update(_WORD.findall(term))
            words[lang].update(_WORD.findall(expansion))
        for term, _ in legal_terms(lang):
            words[lang].update(_WORD.findall(fold(term)))
    shared = words["en"] & words["es"]
    return {lang: frozenset(w - shared) for lang, w in words.items()}


def _evidence(text: str) -> float:
    """Positive for Spanish, negative for English, zero when the text says nothing."""
    vocab = _vocabularies()
    folded = fold(text)
    score = 2.0 * len(_SPANISH_LETTERS.findall(text))
    for word in _WORD.findall(folded):
        if len(word) < 3:
            continue
        if word in vocab["es"]:
            score += 1.0
        elif word in vocab["en"]:
            score -= 1.0
        elif _SPANISH_SPELLING.search(word):
            score += 0.5
        elif _ENGLISH_SPELLING.search(word):
            score -= 0.5
    return score


def detect_language(text: str, default: str = "en") -> str:
    """``"en"`` or ``"es"`` for one text; ``default`` when the text gives no evidence."""
    evidence = _evidence(text)
    if evidence > 0:
        return "es"
    if evidence < 0:
        return "en"
    return default


def detect_languages(texts: Sequence[str]) -> list[str]:
    """The language of each text; texts without evidence take the most common language of the rest."""
    evidence = [_evidence(t) for t in texts]
    counts = Counter("es" if e > 0 else "en" for e in evidence if e != 0)
    default = counts.most_common(1)[0][0] if counts else "en"
    return ["es" if e > 0 else "en" if e < 0 else default for e in evidence]
