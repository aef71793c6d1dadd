"""Simulated populations of known size: the bootstrap interval covers it at about the nominal rate."""

from __future__ import annotations

import numpy as np
import pytest

from crimestats.estimation.mse import estimate_population
from crimestats.model.capture import CaptureTable, all_histories

TRUE_SIZE = 1000


def simulate(seed: int, n_lists: int) -> CaptureTable:
    """1,000 people, lists with capture probabilities 0.2-0.35 and one positive dependence.

    Being on list A makes list B more likely (0.45 against 0.25), so the independence model is
    wrong and model selection has something to find.
    """
    rng = np.random.default_rng(seed)
    p = np.array([0.3, 0.25, 0.35, 0.2][:n_lists])
    on = rng.random((TRUE_SIZE, n_lists)) < p
    on[:, 1] = np.where(on[:, 0], rng.random(TRUE_SIZE) < 0.45, on[:, 1])
    index = {h: i for i, h in enumerate(all_histories(n_lists))}
    counts = [0] * len(index)
    for row in on.astype(int):
        h = tuple(int(v) for v in row)
        if any(h):
            counts[index[h]] += 1
    return CaptureTable(tuple("ABCD"[:n_lists]), tuple(counts))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("method", "n_lists", "runs"),
    [("stepwise", 4, 200), ("bic", 3, 120)],
)
def test_bca_interval_covers_the_true_size(method: str, n_lists: int, runs: int) -> None:
    """Nominal 95%: with 200 (120) independent runs the observed rate has a binomial standard
    deviation of 1.5 (2.0) points, so a correct procedure lands in [0.90, 0.99] except with
    probability well under 1%. Model selection makes the intervals a little conservative here
    (about 0.95-0.98 observed while developing), which the band allows.
    """
    hits = 0
    for seed in range(runs):
        table = simulate(seed, n_lists)
        result = estimate_population(table, method=method, bootstrap=199, seed=seed, ci="bca")
        hits += result.ci_low <= TRUE_SIZE <= result.ci_high
    rate = hits / runs
    assert 0.90 <= rate <= 0.99, rate


def test_point_estimate_is_close_on_a_large_population() -> None:
    # Not a coverage claim: one big independent-lists population, the main-effects estimate is
    # within a few percent of the truth.
    rng = np.random.default_rng(0)
    size = 200_000
    on = rng.random((size, 3)) < np.array([0.2, 0.3, 0.25])
    index = {h: i for i, h in enumerate(all_histories(3))}
    codes = on.astype(int) @ np.array([4, 2, 1])
    per_code = np.bincount(codes, minlength=8)
    counts = tuple(int(per_code[int("".join(map(str, h)), 2)]) for h in index)
    result = estimate_population(CaptureTable(("A", "B", "C"), counts), method="main")
    assert result.estimate == pytest.approx(size, rel=0.02)
