"""Survey quantiles as R's ``svyquantile`` default: ``qrule="math"`` and Woodruff intervals.

R (survey >= 4.1) defines the quantile as the smallest value whose weighted distribution function
reaches ``p`` (``qrule_math``), and the interval by inverting a Wald interval for the distribution
function at that value (``interval.type="mean"``, Woodruff 1952), with a t quantile on ``degf`` df.
The standard error R reports is the interval width over ``2·t``. This module reproduces those rules,
including R's floating-point order of operations, so ties at ``p`` land exactly as in R.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from scipy import stats

from crimestats.estimation.survey.scores import DomainRows

__all__ = ["qrule_math", "quantile_rows", "woodruff_interval"]

FloatArray = npt.NDArray[np.float64]


def _r_sum(w: FloatArray) -> float:
    # R's sum() accumulates doubles in long double, left to right
    return float(np.cumsum(w, dtype=np.longdouble)[-1]) if w.size else 0.0


def qrule_math(x: FloatArray, w: FloatArray, p: float) -> float:
    """R's ``qrule_math``: the inverse of the weighted empirical distribution function at ``p``."""
    keep = w != 0
    x, w = x[keep], w[keep]
    if x.size == 0:
        return math.nan
    order = np.argsort(x, kind="stable")
    xs = x[order]
    cumw = np.cumsum(w[order], dtype=np.longdouble).astype(np.float64)
    total = _r_sum(w)
    below = np.flatnonzero(cumw <= p * total)
    pos = int(below[-1]) if below.size else 0  # R's survey:::last() gives 1 when none is below
    nxt = pos if pos == xs.size - 1 else pos + 1
    wlow = p - cumw[pos] / total
    return float(xs[pos] if wlow == 0 else xs[nxt])


def woodruff_interval(
    x: FloatArray,
    w: FloatArray,
    qhat: float,
    p_hat_se: Callable[[float], tuple[float, float]],
    *,
    level: float,
    df: float,
) -> tuple[float, float, float]:
    """Woodruff interval and R's implied standard error for the quantile ``qhat``.

    ``p_hat_se(qhat)`` returns the design-based mean of ``x <= qhat`` and its standard error.
    """
    alpha = 1 - level
    crit = float(
        stats.norm.ppf(1 - alpha / 2) if df == math.inf else stats.t.ppf(1 - alpha / 2, df)
    )
    m, se = p_hat_se(qhat)
    lo_p, hi_p = m - crit * se, m + crit * se
    lower = math.nan if (math.isnan(lo_p) or lo_p < 0) else qrule_math(x, w, lo_p)
    upper = math.nan if (math.isnan(hi_p) or hi_p > 1) else qrule_math(x, w, hi_p)
    return lower, upper, (upper - lower) / (2 * crit)


def quantile_rows(
    rows: DomainRows, probs: tuple[float, ...], level: float
) -> list[tuple[float, float, float, float, float, float]]:
    """``(p, quantile, se, ci_low, ci_high, df)`` for each ``p``, from one domain's rows."""
    x, w = rows.values, rows.weights
    df = rows.df()

    def p_hat_se(q: float) -> tuple[float, float]:
        return rows.mean_and_se((x <= q).astype(np.float64))

    out = []
    for p in probs:
        q = qrule_math(x, w, p)
        lo, hi, se = woodruff_interval(x, w, q, p_hat_se, level=level, df=df)
        out.append((p, q, se, lo, hi, df))
    return out
