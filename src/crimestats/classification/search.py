"""Ranked search of a classification: BM25 over labels, index terms, inclusions and descriptions.

Each field of each category is a document; a category's score is the weighted sum of its fields' BM25
scores (labels and the alphabetical index count most), plus a bonus when the whole query appears as a
phrase. Short labels that the query covers exactly beat long ones that merely contain a query word, and a
category scores in proportion to the share of the query's words found anywhere in its text. Matching is accent- and case-insensitive and stemmed per language.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass

from crimestats.classification.text import fold, stem_tokens
from crimestats.model import Classification

__all__ = ["SearchHit", "search"]

FIELD_WEIGHTS = {"label": 3.0, "index": 2.5, "inclusion": 1.5, "description": 1.0}
_K1 = 1.2
_B = 0.75
_PHRASE_BONUS = 4.0


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A category found by a search, its score and the text that matched best."""

    code: str
    score: float
    field: str
    matched: str


@dataclass(frozen=True)
class _Doc:
    code: str
    field: str
    text: str
    folded: str
    terms: Counter[str]
    length: int


@dataclass(frozen=True)
class _Index:
    docs: tuple[_Doc, ...]
    df: dict[str, int]
    avg_len: dict[str, float]


def _documents(classification: Classification, lang: str) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for category in classification:
        text = category.text(lang)
        out.append((category.code, "label", text.label))
        if text.description:
            out.append((category.code, "description", text.description))
        out.extend((category.code, "inclusion", inc) for inc in text.inclusions)
    for entry in classification.index:
        if entry.lang != lang:
            continue
        code = entry.code if entry.code in classification else _nearest(classification, entry.code)
        if code:
            out.append((code, "index", entry.term))
    return out


def _nearest(classification: Classification, code: str) -> str | None:
    """The code an off-structure index entry belongs to: a known alias, else its longest
    existing prefix."""
    if code in classification.aliases:
        return classification.aliases[code]
    for cut in range(len(code) - 1, 1, -1):
        if code[:cut] in classification:
            return code[:cut]
    return None


@functools.cache
def _build(classification: Classification, lang: str) -> _Index:
    docs = []
    for code, field, text in _documents(classification, lang):
        terms = Counter(stem_tokens(text, lang))
        docs.append(_Doc(code, field, text, fold(text), terms, sum(terms.values())))
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.terms.keys())
    lengths: dict[str, list[int]] = {}
    for doc in docs:
        lengths.setdefault(doc.field, []).append(doc.length)
    avg = {f: (sum(v) / len(v)) or 1.0 for f, v in lengths.items()}
    return _Index(tuple(docs), dict(df), avg)


def search(
    classification: Classification, query: str, *, lang: str = "en", limit: int = 10
) -> list[SearchHit]:
    """Categories matching ``query``, best first; a code as query finds that category."""
    query = query.strip()
    if query in classification:
        return [SearchHit(query, math.inf, "code", query)]
    index = _build(classification, lang)
    q_terms = set(stem_tokens(query, lang))
    if not q_terms:
        return []
    q_folded = fold(query)
    n_docs = len(index.docs)
    best: dict[str, tuple[float, float, _Doc]] = {}  # code -> (total, best doc score, best doc)
    found: dict[str, set[str]] = {}  # code -> query terms found in any of its fields
    for doc in index.docs:
        shared = q_terms.intersection(doc.terms)
        if not shared:
            continue
        score = 0.0
        norm = _K1 * (1 - _B + _B * doc.length / index.avg_len[doc.field])
        for term in shared:
            tf = doc.terms[term]
            idf = math.log(1 + (n_docs - index.df[term] + 0.5) / (index.df[term] + 0.5))
            score += idf * tf * (_K1 + 1) / (tf + norm)
        # Precision: "Burglary" is a better answer to "burglary" than "Burglary of private premises".
        score *= FIELD_WEIGHTS[doc.field] * (0.5 + 0.5 * len(shared) / len(doc.terms))
        if q_folded == doc.folded:
            score += 2 * _PHRASE_BONUS * FIELD_WEIGHTS[doc.field]
        elif len(q_folded) > 3 and q_folded in doc.folded:
            score += _PHRASE_BONUS * FIELD_WEIGHTS[doc.field]
        found.setdefault(doc.code, set()).update(shared)
        total, top, top_doc = best.get(doc.code, (0.0, -1.0, doc))
        if score > top:
            top, top_doc = score, doc
        best[doc.code] = (total + score, top, top_doc)
    scores = {
        code: _combined(entry) * (len(found[code]) / len(q_terms)) ** 2
        for code, entry in best.items()
    }
    ranked = sorted(scores, key=lambda code: (-scores[code], code))
    return [
        SearchHit(code, round(scores[code], 4), best[code][2].field, best[code][2].text)
        for code in ranked[:limit]
    ]


def _combined(entry: tuple[float, float, _Doc]) -> float:
    # The best field counts fully; the others add support without letting long categories win by bulk.
    total, top, _ = entry
    return top + 0.1 * (total - top)
