"""Accuracy and speed of ICCS code suggestion on a labelled file, against plain BM25 search.

    python benchmarks/iccs_suggest.py FILE --text-column COL --code-column COL [--lang auto|en|es]

Prints, for each method, top-1/3/5 exact accuracy, top-1 accuracy at ICCS level 1 (section) and level 2
(division), and the time to suggest for 1,000 texts (the file's texts repeated), with the ratio of each
method to the baseline: ``crimestats.classification.search`` (plain BM25 over labels, index, inclusions and
descriptions), which is what ``crimestats iccs search`` does.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from crimestats.classification import iccs, search
from crimestats.classification.suggest import detect_languages
from crimestats.classification.suggest.ngrams import ngram_model, similar
from crimestats.classification.suggest.suggest import suggest_text
from crimestats.engine import open_text
from crimestats.model import Classification

Method = Callable[[str, str], list[str]]


def char_ngram_model(classification: Classification) -> Method:
    """A small statistical model built from what the package ships: TF-IDF over character 3-5-grams
    of every ICCS document and lexicon term (the same documents the retrieval uses), nearest
    documents by cosine similarity, best document per category (``suggest.ngrams``)."""

    def run(text: str, lang: str) -> list[str]:
        return list(similar(ngram_model(classification, lang), text))[:5]

    return run


def _methods(classification: Classification) -> dict[str, Method]:
    def baseline(text: str, lang: str) -> list[str]:
        return [h.code for h in search(classification, text, lang=lang, limit=5)]

    def variant(
        *, use_lexicon: bool, use_synonyms: bool, use_rules: bool, use_ngrams: bool
    ) -> Method:
        def run(text: str, lang: str) -> list[str]:
            ranked, _, _ = suggest_text(
                text,
                lang,
                classification,
                top=5,
                use_lexicon=use_lexicon,
                use_synonyms=use_synonyms,
                use_rules=use_rules,
                use_ngrams=use_ngrams,
            )
            return [code for code, _, _ in ranked]

        return run

    def fusion(text: str, lang: str) -> list[str]:
        """The alternative to filling: every ranking mixed with 0.2 x the n-gram similarity."""
        ranked, _, used = suggest_text(text, lang, classification, top=10, use_ngrams=False)
        scores = {code: share for code, share, _ in ranked}
        near = similar(ngram_model(classification, used), text)
        best = max((s for s, _ in near.values()), default=1.0)
        for code, (similarity, _) in near.items():
            scores[code] = scores.get(code, 0.0) + 0.2 * similarity / best
        return sorted(scores, key=lambda c: -scores[c])[:5]

    off = {"use_rules": False, "use_ngrams": False}
    return {
        "baseline: plain BM25 search": baseline,
        "ICCS text only (+exclusions, footnotes)": variant(
            use_lexicon=False, use_synonyms=False, **off
        ),
        "+ legal-term lexicon": variant(use_lexicon=True, use_synonyms=False, **off),
        "+ synonyms": variant(use_lexicon=True, use_synonyms=True, **off),
        "+ rules": variant(use_lexicon=True, use_synonyms=True, use_rules=True, use_ngrams=False),
        "small model: char n-gram TF-IDF": char_ngram_model(classification),
        "rules + n-gram score fusion (0.2)": fusion,
        "rules + n-gram fill (final)": variant(
            use_lexicon=True, use_synonyms=True, use_rules=True, use_ngrams=True
        ),
    }


def _read(path: Path, text_column: str, code_column: str) -> list[tuple[str, str]]:
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in (text_column, code_column) if c not in (reader.fieldnames or [])]
        if missing:
            sys.exit(f"{path}: missing column(s) {missing}; the file has {reader.fieldnames}")
        return [(row[text_column], row[code_column].strip()) for row in reader]


def _level(classification: Classification, code: str, level: int) -> str:
    if code not in classification:
        return code
    ancestor = classification.ancestor_at(code, level)
    return ancestor.code if ancestor else code


def evaluate(
    method: Method,
    items: Sequence[tuple[str, str]],
    langs: Sequence[str],
    classification: Classification,
) -> tuple[dict[str, float], list[tuple[str, str, list[str]]]]:
    """Accuracy figures of one method, and the items it got wrong at rank 1."""
    hits = {"top1": 0, "top3": 0, "top5": 0, "level1": 0, "level2": 0}
    wrong = []
    for (text, gold), lang in zip(items, langs, strict=True):
        ranked = method(text, lang)
        first = ranked[0] if ranked else ""
        hits["top1"] += first == gold
        hits["top3"] += gold in ranked[:3]
        hits["top5"] += gold in ranked[:5]
        hits["level1"] += first[:2] == gold[:2]
        hits["level2"] += bool(first) and _level(classification, first, 2) == _level(
            classification, gold, 2
        )
        if first != gold:
            wrong.append((text, gold, ranked))
    n = len(items) or 1
    return {k: v / n for k, v in hits.items()}, wrong


def time_per_thousand(
    method: Method, items: Sequence[tuple[str, str]], langs: Sequence[str]
) -> float:
    """Seconds to rank 1,000 texts (the file's texts, repeated), after one warm-up text."""
    pairs = list(itertools.islice(itertools.cycle(zip(items, langs, strict=True)), 1000))
    method(pairs[0][0][0], pairs[0][1])
    start = time.perf_counter()
    for (text, _), lang in pairs:
        method(text, lang)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--text-column", required=True)
    parser.add_argument("--code-column", required=True)
    parser.add_argument("--lang", default="auto", choices=["auto", "en", "es"])
    parser.add_argument(
        "--show-errors", action="store_true", help="List the final method's misses."
    )
    args = parser.parse_args(argv)
    classification = iccs()
    items = _read(args.file, args.text_column, args.code_column)
    unknown = sorted({g for _, g in items if g not in classification})
    if unknown:
        sys.exit(f"{args.file}: codes that are not ICCS 1.0 codes: {unknown}")
    texts = [t for t, _ in items]
    langs = detect_languages(texts) if args.lang == "auto" else [args.lang] * len(texts)
    start = time.perf_counter()
    for warm, lang in (("warm up", "en"), ("calentar", "es")):
        suggest_text(warm, lang, classification)
        ngram_model(classification, lang)
    build = time.perf_counter() - start
    print(f"{args.file}: {len(items)} labelled texts; language {args.lang}")
    print(f"indexes built (word and n-gram, both languages, once per process): {build:.2f} s\n")
    header = f"{'method':40s} {'top1':>6s} {'top3':>6s} {'top5':>6s} {'sect':>6s} {'div':>6s} {'s/1000':>7s} {'x base':>7s}"
    print(header)
    print("-" * len(header))
    base_time = None
    last_wrong: list[tuple[str, str, list[str]]] = []
    for name, method in _methods(classification).items():
        scores, last_wrong = evaluate(method, items, langs, classification)
        seconds = time_per_thousand(method, items, langs)
        base_time = base_time or seconds
        print(
            f"{name:40s} {scores['top1']:6.1%} {scores['top3']:6.1%} {scores['top5']:6.1%} "
            f"{scores['level1']:6.1%} {scores['level2']:6.1%} {seconds:7.3f} {seconds / base_time:7.2f}"
        )
    print("\nsect/div: top-1 accuracy at ICCS level 1 (section) and level 2 (division).")
    print("x base: time relative to the baseline, measured in this run.")
    if args.show_errors:
        print(f"\nmisses of the final method ({len(last_wrong)}):")
        for text, gold, ranked in last_wrong:
            print(f"  {gold:7s} {text[:60]:60s} -> {' '.join(ranked[:5])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
