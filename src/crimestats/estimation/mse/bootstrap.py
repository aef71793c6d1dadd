"""Bootstrap confidence intervals for the population size: resampling, percentile and BCa.

The replicates are multinomial draws of the observed total over the observed capture histories
with the observed proportions (the resampling of the papers), and the whole estimation procedure,
model selection included, is rerun on each (Silverman, Chan & Vincent 2024). The interval
arithmetic follows R's ``boot`` package (``boot.ci``): order statistics interpolated on the normal
quantile scale (``norm.inter``), and for BCa the bias correction
``z₀ = Φ⁻¹(#{θ*ᵦ < θ̂} / B)`` (exact ties count one half) and the acceleration ``a = Σ Lᵢ³ / (6 (Σ Lᵢ²)^{3/2})`` from the
jackknife influence values ``Lᵢ`` (leaving out one person at a time; people with the same history
give the same value, so each history is left out once and weighted by its count).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

from crimestats.errors import EstimationError

__all__ = [
    "BCaParameters",
    "bca_interval",
    "bca_parameters",
    "jackknife_tables",
    "percentile_interval",
    "quantiles_norm_inter",
    "resample_tables",
]


def resample_tables(counts: NDArray[np.int64], n_boot: int, seed: int | None) -> NDArray[np.int64]:
    """``n_boot`` tables drawn Multinomial(total, counts / total), one per row; reproducible by seed."""
    total = int(counts.sum())
    rng = np.random.default_rng(seed)
    return np.asarray(rng.multinomial(total, counts / total, size=n_boot), dtype=np.int64)


def jackknife_tables(counts: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The leave-one-person-out tables, one per history with a positive count, and their weights."""
    cells = np.flatnonzero(counts > 0)
    tables = np.repeat(counts[None, :], cells.size, axis=0)
    tables[np.arange(cells.size), cells] -= 1
    return tables, counts[cells]


def quantiles_norm_inter(
    values: NDArray[np.float64], probs: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Quantiles as R's ``boot:::norm.inter``: order statistic ``(B+1)p``, interpolated on the
    normal-quantile scale between neighbours; the extremes when ``(B+1)p`` falls outside ``[1, B]``.
    """
    t = np.sort(values[np.isfinite(values)])
    r = t.size
    out = np.empty(len(probs))
    for i, p in enumerate(probs):
        rk = (r + 1) * p
        k = int(np.floor(rk))
        if k == rk and 1 <= k <= r:
            out[i] = t[k - 1]
        elif k <= 0:
            out[i] = t[0]
        elif k >= r:
            out[i] = t[r - 1]
        else:
            z, z_lo, z_hi = norm.ppf(p), norm.ppf(k / (r + 1)), norm.ppf((k + 1) / (r + 1))
            out[i] = t[k - 1] + (z - z_lo) / (z_hi - z_lo) * (t[k] - t[k - 1])
    return out


def percentile_interval(values: NDArray[np.float64], level: float) -> tuple[float, float]:
    """The percentile interval: the bootstrap quantiles at ``(1 ∓ level) / 2``."""
    alpha = (1.0 - level) / 2.0
    lo, hi = quantiles_norm_inter(values, np.array([alpha, 1.0 - alpha]))
    return float(lo), float(hi)


@dataclass(frozen=True, slots=True)
class BCaParameters:
    """Bias correction ``z0`` and acceleration ``a`` of a BCa interval."""

    z0: float
    acceleration: float


def bca_parameters(
    estimate: float,
    replicates: NDArray[np.float64],
    jackknife: NDArray[np.float64],
    weights: NDArray[np.int64],
) -> BCaParameters:
    """``z0`` from the share of replicates below the estimate; ``a`` from the weighted jackknife."""
    t = replicates[np.isfinite(replicates)]
    # A replicate identical to the data reproduces the estimate up to rounding: count such ties
    # as half below, so the share does not depend on the last bit of the arithmetic.
    tie = np.abs(t - estimate) <= 1e-9 * max(abs(estimate), 1.0)
    share = float(np.mean(np.where(tie, 0.5, t < estimate)))
    if share <= 0.0 or share >= 1.0:
        raise EstimationError(
            "BCa interval impossible: every bootstrap estimate lies on one side of the estimate; "
            "use --ci percentile"
        )
    keep = np.isfinite(jackknife)
    values, w = jackknife[keep], weights[keep].astype(np.float64)
    mean = np.sum(w * values) / np.sum(w)
    influence = mean - values  # proportional to the empirical influence values; a is scale-free
    denominator = np.sum(w * influence**2)
    accel = 0.0 if denominator == 0 else float(np.sum(w * influence**3) / (6.0 * denominator**1.5))
    return BCaParameters(float(norm.ppf(share)), accel)


def bca_interval(
    replicates: NDArray[np.float64], parameters: BCaParameters, level: float
) -> tuple[float, float]:
    """The BCa interval: bootstrap quantiles at ``Φ(z0 + (z0 + z_α) / (1 - a (z0 + z_α)))``."""
    z_alpha = norm.ppf(np.array([(1.0 - level) / 2.0, (1.0 + level) / 2.0]))
    z0, a = parameters.z0, parameters.acceleration
    adjusted = norm.cdf(z0 + (z0 + z_alpha) / (1.0 - a * (z0 + z_alpha)))
    lo, hi = quantiles_norm_inter(replicates, adjusted)
    return float(lo), float(hi)
