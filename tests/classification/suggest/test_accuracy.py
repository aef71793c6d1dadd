"""The labelled sets are sound, and suggestion accuracy stays above the floors measured on them.

Floors sit a few points below what ``benchmarks/iccs_suggest.py`` measured (see docs/iccs_suggest.md);
the labels are an independent oracle: ICCS codes given by hand from the manual's definitions.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crimestats.classification import iccs
from crimestats.classification.suggest import suggest
from crimestats.classification.text import fold

DATA = Path(__file__).parent / "data"


def items(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


SETS = ["dev.csv", "holdout.csv", "dev2.csv", "dev3.csv", "test2.csv", "dev4.csv", "test3.csv"]
SMALLEST = {
    "dev.csv": 400,
    "holdout.csv": 150,
    "dev2.csv": 100,
    "dev3.csv": 50,
    "test2.csv": 250,
    "dev4.csv": 260,
    "test3.csv": 350,
}


@pytest.mark.parametrize("name", SETS)
def test_sets_are_well_formed(name: str) -> None:
    rows = items(name)
    classification = iccs()
    assert len(rows) >= SMALLEST[name]
    assert {r["lang"] for r in rows} == {"en", "es"}
    assert [r["iccs_code"] for r in rows if not classification.is_valid(r["iccs_code"])] == []
    texts = [fold(r["text"]) for r in rows]
    assert len(texts) == len(set(texts))


def test_sets_do_not_overlap() -> None:
    seen: set[str] = set()
    for name in SETS:
        texts = {fold(r["text"]) for r in items(name)}
        assert seen.isdisjoint(texts), name
        seen |= texts


def test_no_item_is_an_iccs_term() -> None:
    classification = iccs()
    known = {fold(e.term).strip() for e in classification.index}
    for category in classification:
        for lang in ("en", "es"):
            text = category.text(lang)
            known.add(fold(text.label).strip())
            known.update(fold(i).strip() for i in text.inclusions)
    for name in SETS:
        leaked = [r["text"] for r in items(name) if fold(r["text"]).strip() in known]
        assert leaked == [], name


def accuracy(name: str) -> dict[str, float]:
    rows = items(name)
    found = suggest([r["text"] for r in rows], "auto", top=5)
    ranked: dict[int, list[str]] = {}
    for s in found:
        ranked.setdefault(int(s.id) - 1, []).append(s.iccs_code)
    n = len(rows)
    gold = [r["iccs_code"] for r in rows]
    return {
        "top1": sum(ranked[i][0] == g for i, g in enumerate(gold)) / n,
        "top5": sum(g in ranked[i][:5] for i, g in enumerate(gold)) / n,
        "section": sum(ranked[i][0][:2] == g[:2] for i, g in enumerate(gold)) / n,
    }


FLOORS = {
    # Development sets (studied, so optimistic). Measured at the end of the second round:
    # dev 92.7 % top-1, 98.8 % top-5, 97.9 % section; holdout (studied since the first round)
    # 95.0 / 99.4 / 97.8 %; dev2 83.8 / 94.3 / 94.3 %; dev3 81.7 / 93.3 / 91.7 % (60 titles).
    "dev.csv": {"top1": 0.89, "top5": 0.95, "section": 0.94},
    "holdout.csv": {"top1": 0.91, "top5": 0.96, "section": 0.94},
    "dev2.csv": {"top1": 0.80, "top5": 0.90, "section": 0.90},
    "dev3.csv": {"top1": 0.76, "top5": 0.88, "section": 0.86},
    # Untouched until measured once at the end of the second round: 57.5 % top-1, 80.4 % top-5,
    # 80.2 % section. Below the targets; see docs/iccs_suggest.md.
    "test2.csv": {"top1": 0.54, "top5": 0.77, "section": 0.77},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floors(name: str) -> None:
    measured = accuracy(name)
    for metric, floor in FLOORS[name].items():
        assert measured[metric] >= floor, (name, metric, measured[metric])
