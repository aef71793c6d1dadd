"""R's intercept-only logistic ``svyglm``, repeated iteration for iteration, for proportion intervals.

``svyciprop`` (methods ``logit`` and ``likelihood``) fits ``y ~ 1`` with ``glm.fit`` (IRLS,
quasibinomial, weights rescaled to mean one) and reports ``expit`` of the fitted coefficient, which is
the logit of the proportion only to IRLS's tolerance (relative deviance change below 1e-8). To equal R
to rounding we take the same steps: the first from ``glm``'s start (``mustart = (wt y + 1/2)/(wt + 1)``,
row by row, so the engine sums it: :func:`crimestats.estimation.survey.engine.logit_start_totals`),
the next ones from a linear predictor shared by every row, where only the weighted counts of ones and
zeros matter. Replicate refits start from the full-sample coefficient, as ``svyglm`` on replicates.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = ["deviance", "irls_rows", "linkinv", "logit_fit", "mu_eta", "refit_from"]

FloatArray = npt.NDArray[np.float64]

_EPS = float(np.finfo(np.float64).eps)
_THRESH, _INVEPS = 30.0, 1.0 / _EPS
MAXIT, EPSILON = 25, 1e-8  # glm.control() defaults


def linkinv(eta: FloatArray) -> FloatArray:
    """binomial()$linkinv as R's C code computes it (clamped at |eta| > 30)."""
    e = np.where(eta < -_THRESH, _EPS, np.where(eta > _THRESH, _INVEPS, np.exp(eta)))
    return np.asarray(e / (1 + e), dtype=np.float64)


def mu_eta(eta: FloatArray) -> FloatArray:
    """binomial()$mu.eta as R's C code computes it."""
    opexp = 1 + np.exp(eta)
    out = np.where((eta > _THRESH) | (eta < -_THRESH), _EPS, np.exp(eta) / (opexp * opexp))
    return np.asarray(out, dtype=np.float64)


def deviance(y: FloatArray, mu: FloatArray, wt: FloatArray) -> float:
    """Sum of binomial()$dev.resids: 2 wt (y log(y/mu) + (1-y) log((1-y)/(1-mu)))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(y != 0, y * np.log(y / mu), 0.0)
        b = np.where(1 - y != 0, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float(np.sum(2 * wt * (a + b)))


def _converged(dev: float, devold: float) -> bool:
    return abs(dev - devold) / (abs(dev) + 0.1) < EPSILON


def irls_rows(y: FloatArray, wt: FloatArray) -> tuple[float, FloatArray, FloatArray, float]:
    """``glm.fit`` for ``y ~ 1`` on rows: coefficient, final mu, last working weights, deviance."""
    mu = (wt * y + 0.5) / (wt + 1)
    eta = np.log(mu / (1 - mu))
    mu = linkinv(eta)
    devold = deviance(y, mu, wt)
    coef = math.nan
    ww = np.zeros_like(y)
    dev = devold
    for _ in range(MAXIT):
        me = mu_eta(eta)
        good = (wt > 0) & (me != 0)
        z = eta[good] + (y - mu)[good] / me[good]
        w2 = wt[good] * me[good] ** 2 / (mu[good] * (1 - mu[good]))
        coef = float(np.sum(w2 * z) / np.sum(w2))
        ww = np.zeros_like(y)
        ww[good] = w2
        eta = np.full_like(y, coef)
        mu = linkinv(eta)
        dev = deviance(y, mu, wt)
        if _converged(dev, devold):
            break
        devold = dev
    return coef, mu, ww, dev


def _iterate(ones: float, zeros: float, coef: float, devold: float, left: int) -> float:
    """IRLS steps once every row shares the linear predictor ``coef``."""
    y, wt = np.array([1.0, 0.0]), np.array([ones, zeros])
    for _ in range(left):
        eta = np.full(2, coef)
        mu = linkinv(eta)
        me = mu_eta(eta)
        z = eta + (y - mu) / me
        w2 = wt * me**2 / (mu * (1 - mu))
        coef = float(np.sum(w2 * z) / np.sum(w2))
        dev = deviance(y, linkinv(np.full(2, coef)), wt)
        if _converged(dev, devold):
            break
        devold = dev
    return coef


def logit_fit(
    ones: float, zeros: float, step_num: float, step_den: float, start_deviance: float
) -> float:
    """The coefficient ``glm.fit`` reaches from ``glm``'s start, given the engine's sums.

    ``ones``/``zeros`` are the rescaled weights of 1s and 0s; ``step_num``/``step_den`` the sums of
    working weight × working response and of working weights at the start (the first step is their
    ratio); ``start_deviance`` the deviance at the start.
    """
    if not (ones > 0 and zeros > 0 and step_den > 0):
        return math.nan
    coef = step_num / step_den
    dev = deviance(np.array([1.0, 0.0]), linkinv(np.full(2, coef)), np.array([ones, zeros]))
    if _converged(dev, start_deviance):
        return coef
    return _iterate(ones, zeros, coef, dev, MAXIT - 1)


def refit_from(p: float, start: float) -> float:
    """A replicate's coefficient: IRLS from ``start`` for a weighted proportion ``p`` (weights sum 1)."""
    if math.isnan(p):
        return math.nan
    devold = deviance(np.array([1.0, 0.0]), linkinv(np.full(2, start)), np.array([p, 1.0 - p]))
    return _iterate(p, 1.0 - p, start, devold, MAXIT)
