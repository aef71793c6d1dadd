"""Bootstrap intervals: R's boot arithmetic, reproducibility, and the published Korea intervals."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import norm

from crimestats.estimation.mse import estimate_population
from crimestats.estimation.mse.bootstrap import (
    BCaParameters,
    bca_interval,
    bca_parameters,
    jackknife_tables,
    percentile_interval,
    quantiles_norm_inter,
    resample_tables,
)
from crimestats.model.capture import CaptureTable

ORACLE = Path(__file__).parents[2] / "oracle" / "mse" / "boot_ci.csv"


def _boot_oracle() -> dict[tuple[str, float], float]:
    with ORACLE.open(newline="") as fh:
        return {(r["what"], float(r["level"])): float(r["value"]) for r in csv.DictReader(fh)}


# The same fixed inputs as tests/oracle/mse/boot_ci.R.
T = 100 + 40 * (-np.log(1 - (np.arange(1, 1000) - 0.5) / 999)) ** 1.3
T0 = 125.0
JACK = np.array([124.1, 126.3, 125.2, 123.9, 127.5])
WEIGHTS = np.array([40, 5, 30, 15, 6])


def test_quantiles_match_boot_norm_inter() -> None:
    oracle = _boot_oracle()
    probs = [0.001, 0.025, 0.3, 0.5, 0.975, 0.9999]
    got = quantiles_norm_inter(T, np.array(probs))
    for p, value in zip(probs, got, strict=True):
        assert value == pytest.approx(oracle[("norm.inter", p)], rel=1e-12)


@pytest.mark.parametrize("level", [0.9, 0.95])
def test_bca_and_percentile_match_boot_ci(level: float) -> None:
    oracle = _boot_oracle()
    params = bca_parameters(T0, T, JACK, WEIGHTS)
    low, high = bca_interval(T, params, level)
    assert low == pytest.approx(oracle[("bca_low", level)], rel=1e-12)
    assert high == pytest.approx(oracle[("bca_high", level)], rel=1e-12)
    low, high = percentile_interval(T, level)
    assert (low, high) == pytest.approx((oracle[("perc_low", level)], oracle[("perc_high", level)]))


def test_bca_without_bias_or_acceleration_is_the_percentile_interval() -> None:
    assert bca_interval(T, BCaParameters(0.0, 0.0), 0.95) == percentile_interval(T, 0.95)


def test_resampling_keeps_the_total_and_the_zero_histories() -> None:
    counts = np.array([41, 5, 0, 5, 6, 54, 12])
    tables = resample_tables(counts, 500, seed=9)
    assert (tables.sum(axis=1) == 123).all()
    assert (tables[:, 2] == 0).all()
    np.testing.assert_array_equal(tables, resample_tables(counts, 500, seed=9))


def test_jackknife_leaves_out_one_person_per_history() -> None:
    tables, weights = jackknife_tables(np.array([3, 0, 1]))
    np.testing.assert_array_equal(tables, [[2, 0, 1], [3, 0, 0]])
    np.testing.assert_array_equal(weights, [3, 1])


def test_same_seed_same_interval(korea: CaptureTable) -> None:
    a = estimate_population(korea, method="bic", bootstrap=300, seed=5)
    b = estimate_population(korea, method="bic", bootstrap=300, seed=5)
    c = estimate_population(korea, method="bic", bootstrap=300, seed=6)
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)
    assert (a.ci_low, a.ci_high) != (c.ci_low, c.ci_high)
    assert a.ci_method == "bca"


# Published 95% BCa intervals for Korea (Silverman, Chan & Vincent 2024), by ntop.
PUBLISHED = {1: (131, 248), 2: (130, 348), None: (128, 349)}
PAPER_REPLICATES = 1000  # the papers' bootstrap size (and SparseMSE's default nboot)
OUR_REPLICATES = 20_000


@pytest.mark.parametrize("ntop", [1, 2, None])
def test_korea_bca_intervals_match_the_paper_within_monte_carlo_error(
    korea: CaptureTable, ntop: int | None
) -> None:
    """Why the tolerance is what it is.

    A published limit is one draw of a 1000-replicate BCa run: it differs from ours by Monte Carlo
    error, large in the long right tail. We run 20,000 replicates, then measure the spread of a
    1000-replicate run directly: 400 subsamples of 1000 of our replicates, each with its own
    bias correction z0 (the acceleration comes from the jackknife, which has no randomness). A
    published limit agrees if it lies within 3.5 standard deviations of the mean of those
    1000-replicate limits (plus 0.5 for the paper's rounding to integers). Measured that way the
    upper limits are uncertain by about ±10-15 people, the lower by about ±1.
    """
    result = estimate_population(
        korea, method="bic", ntop=ntop, bootstrap=OUR_REPLICATES, seed=2024, ci="bca"
    )
    assert round(result.estimate) == 157
    assert result.bca is not None
    values = np.array(result.replicates)
    values = values[np.isfinite(values)]
    rng = np.random.default_rng(1)
    limits = []
    for _ in range(400):
        sub = rng.choice(values, PAPER_REPLICATES, replace=False)
        z0 = float(norm.ppf(np.mean(sub < result.estimate)))
        limits.append(bca_interval(sub, BCaParameters(z0, result.bca.acceleration), 0.95))
    runs = np.array(limits)
    mean, sd = runs.mean(axis=0), runs.std(axis=0)
    for published, centre, spread in zip(PUBLISHED[ntop], mean, sd, strict=True):
        assert abs(published - centre) <= 3.5 * spread + 0.5, (published, centre, spread)
    # Our own 20,000-replicate limits sit inside the same band.
    for ours, centre, spread in zip((result.ci_low, result.ci_high), mean, sd, strict=True):
        assert abs(ours - centre) <= 3.5 * spread + 0.5
