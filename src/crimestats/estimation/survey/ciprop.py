"""Confidence intervals for means and proportions, as R's ``confint`` and ``svyciprop``.

Our method names map to R's ``svyciprop(method=)`` as follows::

    wald            confint(svymean(...)): estimate ± z·se (normal, R's confint default df = Inf)
    logit           "logit": svyglm logit scale, t with degf(design) df  (R's svyciprop default)
    likelihood      "likelihood": scaled profile likelihood read off R's spline (see ``likelihood``)
    korn-graubard   "beta": Clopper-Pearson with Korn & Graubard's effective sample size
    xlogit          "xlogit": delta-method logit interval, t with degf(design) df
    mean            "mean": estimate ± t·se with degf(design) df
    wilson          not in R: Wilson score interval at Kish's effective sample size p(1-p)/var

R's ``asin`` method is available from Python as ``"asin"``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

__all__ = ["R_METHOD", "proportion_interval", "wald_interval"]

#: Our ``--ci-method`` names → R's ``svyciprop`` ``method=`` (None: R has no such method).
R_METHOD: dict[str, str | None] = {
    "wald": None,
    "logit": "logit",
    "likelihood": "likelihood",
    "korn-graubard": "beta",
    "xlogit": "xlogit",
    "mean": "mean",
    "wilson": None,
    "asin": "asin",
}


def _t(q: float, df: float) -> float:
    if df == math.inf:
        return float(stats.norm.ppf(q))
    if not df > 0:
        return math.nan
    return float(stats.t.ppf(q, df))


def wald_interval(
    estimate: float, se: float, level: float, df: float = math.inf
) -> tuple[float, float]:
    """``estimate ± q·se`` with a t (or, for ``df`` = inf, normal) quantile, as R's ``tconfint``."""
    q = _t(1 - (1 - level) / 2, df)
    return estimate - q * se, estimate + q * se


def proportion_interval(
    method: str,
    p: float,
    se: float,
    *,
    level: float,
    df: float,
    n_rows: int,
    likelihood_profile: tuple[float, float] | None = None,
    logit_se: float | None = None,
    logit_centre: float | None = None,
) -> tuple[float, float]:
    """Interval for a proportion ``p`` with linearised standard error ``se``.

    ``df`` is R's ``degf(design)`` for the (domain) design and ``n_rows`` its number of rows (used by
    Korn-Graubard). ``likelihood_profile`` is the interval already found by ``likelihood_interval``.
    ``logit_centre`` and ``logit_se`` are R's fitted logit and its SE (``logit.logit_fit``): with
    them the logit interval is R's to rounding; without, the exact logit and the delta method.
    """
    alpha = 1 - level
    var = se * se
    if method == "wald":
        return wald_interval(p, se, level)
    if method == "mean":
        return wald_interval(p, se, level, df)
    if method in ("logit", "xlogit"):
        if not 0 < p < 1:
            return (math.nan, math.nan) if method == "logit" else (p, p)
        if method == "logit" and not df > 0:
            return math.nan, math.nan
        centre, se_logit = float(special.logit(p)), se / (p * (1 - p))
        if method == "logit" and logit_se is not None and logit_centre is not None:
            centre, se_logit = logit_centre, logit_se
        lo, hi = wald_interval(centre, se_logit, level, df)
        return float(special.expit(lo)), float(special.expit(hi))
    if method == "asin":
        centre = math.asin(math.sqrt(p))
        lo, hi = wald_interval(centre, se / (2 * math.sqrt(p * (1 - p))), level, df)
        return math.sin(lo) ** 2, math.sin(hi) ** 2
    if method == "korn-graubard":
        with np.errstate(divide="ignore", invalid="ignore"):
            n_eff = p * (1 - p) / var
            n_eff = n_eff * (_t(alpha / 2, n_rows - 1) / _t(alpha / 2, df)) ** 2
        lo = float(stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1))
        hi = float(stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)))
        return lo, hi
    if method == "wilson":
        z = float(stats.norm.ppf(1 - alpha / 2))
        n_eff = p * (1 - p) / var
        denom = 1 + z * z / n_eff
        centre = (p + z * z / (2 * n_eff)) / denom
        half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
        return centre - half, centre + half
    if method == "likelihood":
        if likelihood_profile is None:
            raise ValueError("the likelihood interval needs the profile computed first")
        return likelihood_profile
    raise ValueError(f"unknown interval method {method!r}")
