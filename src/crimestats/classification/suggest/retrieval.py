"""BM25 retrieval of ICCS categories for an offence text, over stemmed ICCS text in one language.

Every piece of ICCS text is a document of the category it describes: the label, the description, each
inclusion, each alphabetical-index term, the footnote definitions the category cites, and each exclusion that
names another code ("attempted intentional homicide (0102)" is evidence *for* 0102). Exclusions are also
negative evidence: a text that matches one of a category's exclusions well is pushed away from it.

A query is a list of :class:`QueryTerm`, each a word with its alternatives (legal synonyms) and a weight. A
document scores the BM25 weight of the best alternative of every query term it contains, times its field
weight, times how much of the document the query covers (short labels the query covers beat long texts that
merely share a word). A category scores its best document plus a tenth of the others, times the squared share
of the query's weight found anywhere in its text. Postings are precomputed, so a query costs a few dictionary
look-ups per word.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crimestats.classification.suggest.lexicon import legal_terms
from crimestats.classification.text import stem_tokens
from crimestats.model import Classification

__all__ = [
    "FIELD_WEIGHTS",
    "NAMING_FIELDS",
    "CodeScore",
    "QueryTerm",
    "RetrievalIndex",
    "build_index",
    "retrieve",
]

FIELD_WEIGHTS = {
    "label": 3.0,
    "index": 2.5,
    "lexicon": 2.5,
    "inclusion": 2.0,
    "exclusion-of-other": 1.2,
    "description": 1.0,
    "footnote": 0.5,
}
_K1 = 1.2
_B = 0.75
_PHRASE_BONUS = 4.0
_NEGATIVE_WEIGHT = 0.5
_RESIDUAL_WEIGHT = 0.7
_KEEP = 40  # categories returned per query: enough for the rules and any top-K a user asks
_MAX_TERMS = 62  # query terms tracked for coverage (bits of an int64)
NAMING_FIELDS = frozenset({"label", "index", "lexicon", "inclusion"})
_CODE_REF = re.compile(r"\((\d{2,6})\)")
_APPLY_ALL = re.compile(r"^(apply all|aplicar todas)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """A query word (stemmed) with its synonyms; ``weight`` < 1 for words added by the lexicon."""

    alternatives: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class CodeScore:
    """A category's retrieval score and the ICCS text that matched it best."""

    code: str
    score: float
    field: str
    matched: str
    coverage: float = 1.0


@dataclass(frozen=True, slots=True)
class _Doc:
    code: str
    field: str
    text: str
    key: str  # its stems joined by spaces, for phrase comparison
    n_terms: int
    negative: bool


@dataclass(frozen=True, eq=False)
class RetrievalIndex:
    """Documents, their arrays and postings (stem → document numbers and BM25 weights) for one
    language; arrays let a query score every document at once."""

    lang: str
    docs: tuple[_Doc, ...]
    codes: tuple[str, ...]
    doc_code: npt.NDArray[np.intp]  # position of each document's code in ``codes``
    doc_weight: npt.NDArray[np.float64]  # field weight; 0 for exclusions (negative evidence)
    doc_terms: npt.NDArray[np.float64]  # distinct stems in each document
    residual: npt.NDArray[np.bool_]  # per code: an "Other ..." category
    lexical: npt.NDArray[np.bool_]  # per document: a term of the legal lexicon
    postings: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]]


def _resolve(classification: Classification, code: str) -> str | None:
    if code in classification:
        return code
    if code in classification.aliases:
        return classification.aliases[code]
    for cut in range(
        len(code) - 1, 1, -1
    ):  # off-structure index codes: the nearest existing parent
        if code[:cut] in classification:
            return code[:cut]
    return None


def _documents(classification: Classification, lang: str) -> Iterator[tuple[str, str, str, bool]]:
    """(code, field, text, negative) for every piece of ICCS text in ``lang``."""
    for category in classification:
        if category.level == 1:
            continue  # sections are reached through their members; their titles are too broad
        text = category.text(lang)
        yield category.code, "label", text.label, False
        if text.description:
            yield category.code, "description", text.description, False
        for inclusion in text.inclusions:
            if not _APPLY_ALL.match(inclusion) and inclusion.strip("- "):
                yield category.code, "inclusion", inclusion, False
        for exclusion in text.exclusions:
            if _APPLY_ALL.match(exclusion):
                continue
            yield category.code, "exclusion", exclusion, True
            for ref in _CODE_REF.findall(exclusion):
                target = _resolve(classification, ref)
                if target and target != category.code:
                    yield target, "exclusion-of-other", _CODE_REF.sub("", exclusion), False
        if lang == "en":  # footnote definitions exist in English only
            for number in category.footnotes:
                if number in classification.footnotes:
                    yield category.code, "footnote", classification.footnotes[number], False
    for entry in classification.index:
        if entry.lang == lang:
            target = _resolve(classification, entry.code)
            if target:
                yield target, "index", entry.term, False
    for term, code in legal_terms(lang):
        target = _resolve(classification, code)
        if target:
            yield target, "lexicon", term, False


@functools.cache
def build_index(
    classification: Classification, lang: str, *, lexicon: bool = True
) -> RetrievalIndex:
    """The retrieval index of ``classification`` in ``lang`` (built once per process); ``lexicon``
    False leaves out the national legal vocabulary, for comparison."""
    docs: list[_Doc] = []
    terms: list[Counter[str]] = []
    for code, field, text, negative in _documents(classification, lang):
        if field == "lexicon" and not lexicon:
            continue
        counts = Counter(stem_tokens(text, lang))
        if not counts:
            continue
        key = " ".join(stem_tokens(text, lang))
        docs.append(_Doc(code, field, text, key, len(counts), negative))
        terms.append(counts)
    df: Counter[str] = Counter()
    for counts in terms:
        df.update(counts.keys())
    lengths: dict[str, list[int]] = {}
    for doc, counts in zip(docs, terms, strict=True):
        lengths.setdefault(doc.field, []).append(sum(counts.values()))
    avg = {field: sum(v) / len(v) for field, v in lengths.items()}
    n_docs = len(docs)
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for number, (doc, counts) in enumerate(zip(docs, terms, strict=True)):
        norm = _K1 * (1 - _B + _B * sum(counts.values()) / avg[doc.field])
        for term, tf in counts.items():
            idf = math.log(1 + (n_docs - df[term] + 0.5) / (df[term] + 0.5))
            ids, weights = postings.setdefault(term, ([], []))
            ids.append(number)
            weights.append(idf * tf * (_K1 + 1) / (tf + norm))
    codes = tuple(dict.fromkeys(doc.code for doc in docs))
    position = {code: i for i, code in enumerate(codes)}
    return RetrievalIndex(
        lang=lang,
        docs=tuple(docs),
        codes=codes,
        doc_code=np.array([position[d.code] for d in docs], dtype=np.intp),
        doc_weight=np.array([0.0 if d.negative else FIELD_WEIGHTS[d.field] for d in docs]),
        doc_terms=np.array([d.n_terms for d in docs], dtype=np.float64),
        residual=np.array(
            [classification.get(c).label("en").lower().startswith("other ") for c in codes]
        ),
        lexical=np.array([d.field == "lexicon" for d in docs]),
        postings={
            t: (np.array(ids, dtype=np.intp), np.array(w)) for t, (ids, w) in postings.items()
        },
    )


def query_terms(text: str, lang: str) -> list[QueryTerm]:
    """One query term per distinct stemmed word of ``text``."""
    return [QueryTerm((stem,)) for stem in dict.fromkeys(stem_tokens(text, lang))]


def retrieve(
    index: RetrievalIndex, query: Sequence[QueryTerm], phrase: str = ""
) -> dict[str, CodeScore]:
    """Score every category that shares a word with ``query``; ``phrase`` is the query's stems joined
    by spaces, for the bonus when an ICCS text equals, contains or is contained in it."""
    query = list(query)[:_MAX_TERMS]
    total_weight = sum(q.weight for q in query)
    if not total_weight:
        return {}
    n_docs = len(index.docs)
    raw = np.zeros(n_docs)
    hits = np.zeros(n_docs)
    found = np.zeros(n_docs, dtype=np.int64)  # bit i set: query term i occurs in the document
    for position, term in enumerate(query):
        lists = [index.postings[a] for a in term.alternatives if a in index.postings]
        if not lists:
            continue
        best = np.zeros(n_docs)
        for ids, weights in lists:
            np.maximum.at(best, ids, weights)
        touched = best > 0
        raw += term.weight * best
        hits += touched
        found[touched] |= 1 << position
    matched = np.flatnonzero(hits)
    if not len(matched):
        return {}
    precision = 0.5 + 0.5 * np.minimum(1.0, hits[matched] / index.doc_terms[matched])
    score = raw[matched] * index.doc_weight[matched] * precision
    if phrase:
        _phrase_bonus(index, matched, hits, len(query), phrase, score)
    n_codes = len(index.codes)
    doc_code = index.doc_code[matched]
    positive = index.doc_weight[matched] > 0
    top = np.zeros(n_codes)
    total = np.zeros(n_codes)
    bits = np.zeros(n_codes, dtype=np.int64)
    np.maximum.at(top, doc_code[positive], score[positive])
    np.add.at(total, doc_code[positive], score[positive])
    np.bitwise_or.at(bits, doc_code[positive], found[matched][positive])
    # Only an exclusion the query covers almost entirely says "not this category".
    negative_docs = matched[~positive]
    strong = hits[negative_docs] >= np.minimum(index.doc_terms[negative_docs], len(query))
    penalty = np.zeros(n_codes)
    np.maximum.at(
        penalty,
        index.doc_code[negative_docs[strong]],
        raw[negative_docs[strong]]
        * (
            0.5
            + 0.5
            * np.minimum(1.0, hits[negative_docs[strong]] / index.doc_terms[negative_docs[strong]])
        ),
    )
    weights = np.array([q.weight for q in query])
    candidates = np.flatnonzero(top)
    present = (bits[candidates, None] >> np.arange(len(query))) & 1
    coverage = present @ weights / total_weight
    value = top[candidates] + 0.1 * (total[candidates] - top[candidates])
    value = (value - _NEGATIVE_WEIGHT * penalty[candidates]) * coverage**2
    # The best document of each code: the first of its documents in descending score order.
    order = np.argsort(-score[positive], kind="stable")
    ranked_codes = doc_code[positive][order]
    first = np.unique(ranked_codes, return_index=True)
    best_doc = dict(
        zip(first[0].tolist(), matched[positive][order][first[1]].tolist(), strict=True)
    )
    # "Other ..." categories are for when nothing fits better, unless the legal lexicon names one.
    damped = (
        index.residual[candidates] & ~index.lexical[[best_doc[int(code)] for code in candidates]]
    )
    value[damped] *= _RESIDUAL_WEIGHT
    keep = np.argsort(-value, kind="stable")[:_KEEP]
    keep = keep[value[keep] > 0]
    out: dict[str, CodeScore] = {}
    for k in keep:
        code_number = int(candidates[k])
        doc = index.docs[best_doc[code_number]]
        code = index.codes[code_number]
        out[code] = CodeScore(code, float(value[k]), doc.field, doc.text, float(coverage[k]))
    return out


def _phrase_bonus(
    index: RetrievalIndex,
    matched: npt.NDArray[np.intp],
    hits: npt.NDArray[np.float64],
    n_query: int,
    phrase: str,
    score: npt.NDArray[np.float64],
) -> None:
    """Add to ``score`` when a document equals the query, contains it, or names an offence the
    query contains; only documents sharing all query words or all their own words can."""
    candidates = np.flatnonzero(
        (hits[matched] >= n_query) | (hits[matched] >= index.doc_terms[matched])
    )
    padded = f" {phrase} "
    for k in candidates:
        doc = index.docs[int(matched[k])]
        if doc.negative:
            continue
        weight = FIELD_WEIGHTS[doc.field]
        if phrase == doc.key:
            # The lexicon names national terms on purpose: its exact match outranks ICCS text's.
            score[k] += (2.5 if doc.field == "lexicon" else 2) * _PHRASE_BONUS * weight
        elif padded in f" {doc.key} ":
            score[k] += _PHRASE_BONUS * weight
        elif doc.field in NAMING_FIELDS and f" {doc.key} " in padded:
            # A whole offence name inside the text: the longer the name, the surer the match.
            score[k] += _PHRASE_BONUS * weight * doc.n_terms / n_query
