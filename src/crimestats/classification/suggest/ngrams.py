"""A small character n-gram model over the same ICCS and lexicon documents as the word retrieval.

TF-IDF over character 3- to 5-grams of every document, nearest documents by cosine similarity,
best document per category. It knows no more than the word index, but it matches spellings the word
index cannot: a variant of a known term ("femicidio" for "feminicidio"), a compound ("autoaborto"), a
typing error. :mod:`.suggest` uses it only to fill the list when word retrieval finds fewer candidates
than asked for, or none. Built on first use from package data (about a second per language).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from crimestats.classification.suggest.retrieval import build_index
from crimestats.classification.text import fold
from crimestats.model import Classification

__all__ = ["NgramModel", "grams", "ngram_model", "similar"]

_SIZES = (3, 4, 5)
# Offence names only: spelling similarity to a long description or footnote is chance.
_NAMING = frozenset({"label", "index", "lexicon", "inclusion"})
_DOCS_PER_QUERY = 80  # enough documents to find a handful of distinct categories


def grams(text: str) -> set[str]:
    """Character 3-5-grams of the folded, space-padded text."""
    folded = f" {' '.join(fold(text).split())} "
    return {folded[i : i + n] for n in _SIZES for i in range(len(folded) - n + 1)}


@dataclass(frozen=True, eq=False)
class NgramModel:
    """Normalised TF-IDF rows of the documents, transposed for fast look-up by n-gram."""

    codes: tuple[str, ...]  # the category of each document
    texts: tuple[str, ...]
    column: dict[str, int]  # n-gram → its row in ``by_gram``
    by_gram: sparse.csr_matrix  # n-gram × document
    idf: npt.NDArray[np.float64]


@functools.cache
def ngram_model(classification: Classification, lang: str) -> NgramModel:
    """The n-gram model of the word index's offence names in ``lang`` (built once)."""
    docs = [d for d in build_index(classification, lang, lexicon=True).docs if d.field in _NAMING]
    column: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for number, doc in enumerate(docs):
        found = [column.setdefault(g, len(column)) for g in grams(doc.text)]
        rows.extend([number] * len(found))
        cols.extend(found)
    matrix = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(column)), dtype=np.float64
    )
    df = np.bincount(cols, minlength=len(column))
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    matrix = sparse.csr_matrix(matrix.multiply(idf))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.csr_matrix(sparse.diags(1 / np.maximum(norms, 1e-12)) @ matrix)
    return NgramModel(
        codes=tuple(d.code for d in docs),
        texts=tuple(d.text for d in docs),
        column=column,
        by_gram=sparse.csr_matrix(matrix.T),
        idf=idf,
    )


def similar(model: NgramModel, text: str) -> dict[str, tuple[float, str]]:
    """Category → (cosine similarity of its closest document, that document's text), best first."""
    own = grams(text)
    found = np.fromiter((model.column[g] for g in own if g in model.column), dtype=np.intp)
    if not len(found):
        return {}
    weights = model.idf[found]
    # The text's own n-grams unknown to the index still count in its norm (at the largest idf).
    norm = np.sqrt(weights @ weights + (len(own) - len(found)) * float(model.idf.max()) ** 2)
    sims = (model.by_gram[found].T @ weights).ravel() / norm
    out: dict[str, tuple[float, str]] = {}
    for number in np.argsort(-sims)[:_DOCS_PER_QUERY]:
        if sims[number] <= 0:
            break
        out.setdefault(model.codes[number], (float(sims[number]), model.texts[number]))
    return out
