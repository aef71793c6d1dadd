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


SETS = [
    "dev.csv",
    "holdout.csv",
    "dev2.csv",
    "dev3.csv",
    "test2.csv",
    "dev4.csv",
    "test3.csv",
    "test4.csv",
]
SMALLEST = {
    "dev.csv": 400,
    "holdout.csv": 150,
    "dev2.csv": 100,
    "dev3.csv": 50,
    "test2.csv": 250,
    "dev4.csv": 260,
    "test3.csv": 350,
    "test4.csv": 280,
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
    # Development sets (studied, so optimistic). Measured at the end of the fourth round: dev 94.8 %
    # top-1, 99.5 % top-5, 98.8 % section; holdout 96.7 / 99.4 / 98.9 %; dev2 88.6 / 95.2 / 97.1 %;
    # dev3 83.3 / 95.0 / 93.3 % (60 titles); test2 (round 2's untouched set, studied in round 3)
    # 72.6 / 91.3 / 88.0 %; dev4 (first reading 68.3 / 87.0 / 82.7 %) 82.7 / 94.7 / 92.7 %; test3
    # (round 3's untouched set, read once at 65.4 / 86.4 / 86.6 %, studied in round 4) 70.6 / 88.0 /
    # 89.2 %.
    "dev.csv": {"top1": 0.92, "top5": 0.97, "section": 0.96},
    "holdout.csv": {"top1": 0.93, "top5": 0.96, "section": 0.95},
    "dev2.csv": {"top1": 0.84, "top5": 0.91, "section": 0.93},
    "dev3.csv": {"top1": 0.78, "top5": 0.90, "section": 0.88},
    "test2.csv": {"top1": 0.68, "top5": 0.87, "section": 0.84},
    "dev4.csv": {"top1": 0.78, "top5": 0.91, "section": 0.89},
    "test3.csv": {"top1": 0.66, "top5": 0.84, "section": 0.85},
    # Untouched (written by an author who never saw the method, its lexicon or its results) until
    # measured once at the end of the fourth round: 76.6 % top-1, 93.8 % top-5, 90.6 % section.
    "test4.csv": {"top1": 0.73, "top5": 0.90, "section": 0.87},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floors(name: str) -> None:
    measured = accuracy(name)
    for metric, floor in FLOORS[name].items():
        assert measured[metric] >= floor, (name, metric, measured[metric])
