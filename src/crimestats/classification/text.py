"""Text normalisation for matching offence names: accents, case, stop words and stemming (EN, ES)."""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

__all__ = ["STOPWORDS", "fold", "stem_tokens", "tokens"]

_WORD = re.compile(r"[a-z0-9]+")

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "a an and any are as at be by for from has have in into is it its of on or other "  # noqa: SIM905
        "such that the their this to was were which with without".split()
    ),
    "es": frozenset(
        "a al algun alguna con contra de del desde el en entre es la las lo los o otra otras "  # noqa: SIM905
        "otro otros para por que se segun sin sobre su sus un una uno unos unas y".split()
    ),
}

_STEMMER_NAMES = {"en": "english", "es": "spanish"}


def fold(text: str) -> str:
    """Lower case without accents: ``"Violación"`` → ``"violacion"``."""
    if text.isascii():  # nothing to decompose: the common case, much faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str, lang: str = "en") -> list[str]:
    """Folded words of ``text`` without stop words."""
    stop = STOPWORDS.get(lang, frozenset())
    return [w for w in _WORD.findall(fold(text)) if w not in stop]


@functools.cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMER_NAMES.get(lang, "english"))


@functools.lru_cache(maxsize=65536)
def _stem(word: str, lang: str) -> str:
    return str(_stemmer(lang).stemWord(word))


def stem_tokens(text: str, lang: str = "en") -> list[str]:
    """Stemmed, folded words of ``text`` without stop words."""
    return [_stem(word, lang) for word in tokens(text, lang)]
