"""Confidence intervals for means and proportions, as R's ``confint`` and ``svyciprop``.

Our method names map to R's ``svyciprop(method=)`` as follows::

    wald            confint(svymean(...)): estimate ± z·se (normal, R's confint default df = Inf)
    logit           "logit": svyglm logit scale, t with degf(design) df  (R's svyciprop default)
    likelihood      "likelihood": Rao-Scott scaled profile likelihood, t with degf(design) df
    korn-graubard   "beta": Clopper-Pearson with Korn & Graubard's effective sample size
    xlogit          "xlogit": delta-method logit interval, t with degf(design) df
    mean            "mean": estimate ± t·se with degf(design) df
    wilson          not in R: Wilson score interval at Kish's effective sample size p(1-p)/var

R's ``asin`` method is available from Python as ``"asin"``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special, stats

__all__ = ["R_METHOD", "likelihood_interval", "proportion_interval", "wald_interval"]

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
) -> tuple[float, float]:
    """Interval for a proportion ``p`` with linearised standard error ``se``.

    ``df`` is R's ``degf(design)`` for the (domain) design and ``n_rows`` its number of rows (used by
    Korn-Graubard). ``likelihood_profile`` is the interval already found by :func:`likelihood_interval`.
    ``logit_se`` overrides the delta-method SE on the logit scale: with replicate weights R refits the
    logit model in every replicate, so its SE comes from the replicate logits.
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
        se_logit = logit_se if (method == "logit" and logit_se is not None) else se / (p * (1 - p))
        lo, hi = wald_interval(float(special.logit(p)), se_logit, level, df)
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


def likelihood_interval(
    y: np.ndarray, w: np.ndarray, se: float, *, level: float, df: float
) -> tuple[float, float]:
    """R's ``svyciprop(method="likelihood")``: the scaled binomial deviance profile of the intercept.

    R profiles the quasibinomial intercept-only ``svyglm`` and reads the interval off a spline of the
    signed root deviance; here the same deviance is solved exactly. ``lambda`` (design effect of the
    logit) scales the cut-off as in R's ``confint.svyglm``. Agreement with R is to the accuracy of R's
    spline (about 1e-4 relative), not to machine precision.
    """
    keep = w > 0
    y, w = y[keep].astype(np.float64), w[keep].astype(np.float64)
    wn = w / w.mean()  # svyglm rescales the weights to mean one
    p = float(np.sum(w * y) / np.sum(w))
    if not 0 < p < 1:
        return math.nan, math.nan
    n = y.size
    # summary.svyglm: dispersion = svyvar of the Pearson residuals (which carry sqrt(prior weight))
    r = np.sqrt(wn) * (y - p) / math.sqrt(p * (1 - p))
    rbar = float(np.sum(w * r) / np.sum(w))
    dispersion = n / (n - 1) * float(np.sum(w * (r - rbar) ** 2) / np.sum(w))
    naive_var = 1.0 / (float(np.sum(wn)) * p * (1 - p))
    lam = (se / (p * (1 - p))) ** 2 / naive_var
    alpha = 1 - level
    cutoff = abs(_t(alpha / 2, df)) * math.sqrt(lam)
    w = wn

    def deviance(beta: float) -> float:
        mu = float(special.expit(beta))
        with np.errstate(divide="ignore", invalid="ignore"):
            a = np.where(y > 0, y * np.log(y / mu), 0.0)
            b = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
        return float(2 * np.sum(w * (a + b)))

    b0 = float(special.logit(p))
    d0 = deviance(b0)

    def signed_root(beta: float) -> float:
        z = max((deviance(beta) - d0) / dispersion, 0.0)
        return math.copysign(math.sqrt(z), beta - b0) if beta != b0 else 0.0

    step = math.sqrt(naive_var) * 10
    lo_b, hi_b = b0 - step, b0 + step
    while signed_root(lo_b) > -cutoff:
        lo_b -= step
    while signed_root(hi_b) < cutoff:
        hi_b += step
    lo = optimize.brentq(lambda b: signed_root(b) + cutoff, lo_b, b0, xtol=1e-14)
    hi = optimize.brentq(lambda b: signed_root(b) - cutoff, b0, hi_b, xtol=1e-14)
    return float(special.expit(lo)), float(special.expit(hi))
