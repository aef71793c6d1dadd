"""R's ``svyciprop(method="likelihood")``, step by step, so the interval equals R's to rounding.

R fits the intercept-only quasibinomial ``svyglm`` (IRLS on weights rescaled to mean one), scales the
cut-off by the design effect of the logit, ``lambda`` = design variance / model variance, and profiles
the binomial deviance on a grid (``survey:::MASSprofile_glm``: up to nine steps of ``zmax/5`` standard
errors each way, ``zmax`` from an F(1, n-1) quantile). The interval is read off that grid
(``survey:::confint_profile``): an FMM cubic spline through (logit, signed root deviance) evaluated at
``3 × points`` equally spaced logits, then linear interpolation of the inverse at the normal cut-offs.
The spline is part of the answer, so it is reproduced here rather than solving the profile exactly.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import stats

from crimestats.estimation.survey.scores import DomainRows

__all__ = [
    "approx_linear",
    "fmm_spline",
    "likelihood_interval",
    "r_seq",
    "replicate_logit",
    "spline_eval",
]

FloatArray = npt.NDArray[np.float64]

_EPS = float(np.finfo(np.float64).eps)
_THRESH, _INVEPS = 30.0, 1.0 / _EPS
_MAXIT, _EPSILON = 25, 1e-8  # glm.control() defaults


def _linkinv(eta: FloatArray) -> FloatArray:
    """binomial()$linkinv as R's C code computes it (clamped at |eta| > 30)."""
    e = np.where(eta < -_THRESH, _EPS, np.where(eta > _THRESH, _INVEPS, np.exp(eta)))
    return np.asarray(e / (1 + e), dtype=np.float64)


def _mu_eta(eta: FloatArray) -> FloatArray:
    opexp = 1 + np.exp(eta)
    out = np.where((eta > _THRESH) | (eta < -_THRESH), _EPS, np.exp(eta) / (opexp * opexp))
    return np.asarray(out, dtype=np.float64)


def _deviance(y: FloatArray, mu: FloatArray, wt: FloatArray) -> float:
    """Sum of binomial()$dev.resids: 2 wt (y log(y/mu) + (1-y) log((1-y)/(1-mu)))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(y != 0, y * np.log(y / mu), 0.0)
        b = np.where(1 - y != 0, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float(np.sum(2 * wt * (a + b)))


def _irls(y: FloatArray, wt: FloatArray) -> tuple[float, FloatArray, FloatArray, float]:
    """``glm.fit`` for ``y ~ 1``, quasibinomial: coefficient, final mu, last working weights, deviance."""
    mu = (wt * y + 0.5) / (wt + 1)
    eta = np.log(mu / (1 - mu))
    mu = _linkinv(eta)
    devold = _deviance(y, mu, wt)
    coef = math.nan
    ww = np.zeros_like(y)
    dev = devold
    for _ in range(_MAXIT):
        mu_eta = _mu_eta(eta)
        good = (wt > 0) & (mu_eta != 0)
        z = eta[good] + (y - mu)[good] / mu_eta[good]
        w2 = wt[good] * mu_eta[good] ** 2 / (mu[good] * (1 - mu[good]))
        coef = float(np.sum(w2 * z) / np.sum(w2))
        ww = np.zeros_like(y)
        ww[good] = w2
        eta = np.full_like(y, coef)
        mu = _linkinv(eta)
        dev = _deviance(y, mu, wt)
        if abs(dev - devold) / (abs(dev) + 0.1) < _EPSILON:
            break
        devold = dev
    return coef, mu, ww, dev


def replicate_logit(p: float, start: float) -> float:
    """The logit a replicate's IRLS reaches from ``start`` for a weighted proportion ``p``.

    With a constant linear predictor every row shares ``mu``, so ``glm.fit``'s iterations depend on
    the data only through the replicate's proportion; R stops them at its deviance tolerance.
    """
    if math.isnan(p):
        return math.nan
    y, wt = np.array([1.0, 0.0]), np.array([p, 1.0 - p])
    eta = np.full(2, start)
    mu = _linkinv(eta)
    devold = _deviance(y, mu, wt)
    coef = start
    for _ in range(_MAXIT):
        mu_eta = _mu_eta(eta)
        good = (wt > 0) & (mu_eta != 0)
        z = eta[good] + (y - mu)[good] / mu_eta[good]
        w2 = wt[good] * mu_eta[good] ** 2 / (mu[good] * (1 - mu[good]))
        coef = float(np.sum(w2 * z) / np.sum(w2))
        eta = np.full(2, coef)
        mu = _linkinv(eta)
        dev = _deviance(y, mu, wt)
        if abs(dev - devold) / (abs(dev) + 0.1) < _EPSILON:
            break
        devold = dev
    return coef


def likelihood_interval(rows: DomainRows, *, level: float, df: float) -> tuple[float, float]:
    """The interval of R's ``svyciprop(method="likelihood")`` for the domain's 0/1 values."""
    y, w = rows.values, rows.weights
    n = y.size
    p = float(np.sum(w * y) / np.sum(w))
    if not 0 < p < 1 or n < 2:
        return math.nan, math.nan
    wt = w / np.mean(w)  # svyglm(rescale=TRUE)
    b0, mu, ww, dev0 = _irls(y, wt)
    naive = 1.0 / float(np.sum(ww))
    # svy.varcoef: the design variance of the influence functions (working residual × weight) × A⁻¹
    influence = (y - mu) / _mu_eta(np.full_like(y, b0)) * ww * naive
    with np.errstate(divide="ignore", invalid="ignore"):
        per_weight = np.where(w != 0, influence / w, 0.0)
    cov = rows.total_variance(per_weight)
    lam = cov / naive
    if df == math.inf:
        alpha = float(stats.norm.cdf(stats.norm.ppf((1 - level) / 2) * math.sqrt(lam))) / 2
    elif not df > 0:
        return math.nan, math.nan
    else:
        alpha = float(stats.norm.cdf(stats.t.ppf((1 - level) / 2, df) * math.sqrt(lam))) / 2
    # residuals.svyglm divides the survey weights back out of R's Pearson residuals
    keep = w != 0
    pearson = (y - mu)[keep] / np.sqrt(mu * (1 - mu))[keep]
    dispersion = _svyvar(pearson, w[keep])
    zmax = math.sqrt(float(stats.f.isf(alpha, 1, n - 1)))
    step_size = zmax / 5 * math.sqrt(cov)
    betas, zs = [b0], [0.0]
    for sgn in (-1.0, 1.0):
        step, z = 0, 0.0
        while (step := step + 1) < 10 and abs(z) < zmax:
            bi = b0 + sgn * step * step_size
            zz = (_deviance(y, _linkinv(np.full_like(y, bi)), wt) - dev0) / dispersion
            z = sgn * math.sqrt(max(zz, 0.0))
            betas.append(bi)
            zs.append(z)
    order = np.argsort(np.asarray(zs), kind="stable")
    x = np.asarray(betas)[order]
    z_sorted = np.asarray(zs)[order]
    grid, values = _r_spline(x, z_sorted)
    cut = float(stats.norm.ppf(2 * alpha))
    lo, hi = approx_linear(values, grid, np.array([cut, -cut]))
    return float(_linkinv(np.array([lo]))[0]), float(_linkinv(np.array([hi]))[0])


def _svyvar(x: FloatArray, w: FloatArray) -> float:
    """R's ``svyvar`` of one variable: the weighted variance with n/(n-1), n = non-zero weights."""
    n = float(np.count_nonzero(w))
    psum = float(np.sum(w))
    xbar = float(np.sum(x * w / psum))
    d = x - xbar
    return float(np.sum(d * d * n / (n - 1) * w / psum))


def _r_spline(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """R's ``spline(x, y)``: FMM spline at ``3 × length(x)`` equally spaced points over ``x``."""
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    ux, inverse = np.unique(x, return_inverse=True)
    if ux.size < x.size:  # ties = mean, as R's regularize.values
        y = np.bincount(inverse, weights=y) / np.bincount(inverse)
        x = ux
    b, c, d = fmm_spline(x, y)
    grid = r_seq(float(x[0]), float(x[-1]), 3 * x.size)
    return grid, spline_eval(grid, x, y, b, c, d)


def r_seq(start: float, stop: float, length: int) -> FloatArray:
    """R's ``seq.int(from, to, length.out=)``: filled from both ends, as R's C code does."""
    out = np.empty(length)
    out[0] = start
    if length > 1:
        out[-1] = stop
    if length > 2:
        by = (stop - start) / (length - 1)
        for i in range(1, length - 1):
            out[i] = start + i * by if i < length // 2 else stop - (length - 1 - i) * by
    return out


def fmm_spline(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Coefficients of the Forsythe-Malcolm-Moler cubic spline, as R's ``fmm_spline`` (splines.c)."""
    n = x.size
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 2:
        return b, c, d
    if n < 3:
        b[0] = b[1] = (y[1] - y[0]) / (x[1] - x[0])
        return b, c, d
    nm1 = n - 1
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, nm1):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0] = -d[0]
    b[nm1] = -d[n - 2]
    c[0] = c[nm1] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[nm1] = c[n - 2] / (x[nm1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[nm1] = -c[nm1] * d[n - 2] * d[n - 2] / (x[nm1] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] = b[i] - t * d[i - 1]
        c[i] = c[i] - t * c[i - 1]
    c[nm1] = c[nm1] / b[nm1]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[nm1] = (y[nm1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[nm1])
    for i in range(nm1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[nm1] = 3.0 * c[nm1]
    d[nm1] = d[n - 2]
    return b, c, d


def spline_eval(
    u: FloatArray, x: FloatArray, y: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray
) -> FloatArray:
    """Evaluate a cubic spline at ``u`` as R's ``spline_eval`` (same interval search and Horner form)."""
    n = x.size
    out = np.empty(u.size)
    i = 0
    for k, ul in enumerate(u):
        if ul < x[i] or (i < n - 1 and x[i + 1] < ul):
            i, j = 0, n
            while True:
                m = (i + j) // 2
                if ul < x[m]:
                    j = m
                else:
                    i = m
                if j <= i + 1:
                    break
        dx = ul - x[i]
        out[k] = y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))
    return out


def approx_linear(x: FloatArray, y: FloatArray, xout: FloatArray) -> FloatArray:
    """R's ``approx(x, y, xout)``: sorted by ``x``, ties averaged, NaN outside the range (rule 1)."""
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    ux, inverse = np.unique(x, return_inverse=True)
    if ux.size < x.size:
        y = np.bincount(inverse, weights=y) / np.bincount(inverse)
        x = ux
    out = np.empty(xout.size)
    for k, v in enumerate(xout):
        if math.isnan(v) or v < x[0] or v > x[-1]:
            out[k] = math.nan
            continue
        i, j = 0, x.size - 1
        while i < j - 1:
            m = (i + j) // 2
            if v < x[m]:
                j = m
            else:
                i = m
        if v == x[j]:
            out[k] = y[j]
        elif v == x[i]:
            out[k] = y[i]
        else:
            out[k] = y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]))
    return out
