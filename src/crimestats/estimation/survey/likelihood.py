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

from crimestats.estimation.survey.logit import deviance, irls_rows, linkinv, mu_eta
from crimestats.estimation.survey.scores import DomainRows

__all__ = [
    "approx_linear",
    "fmm_spline",
    "likelihood_interval",
    "r_seq",
    "spline_eval",
]

FloatArray = npt.NDArray[np.float64]


def likelihood_interval(rows: DomainRows, *, level: float, df: float) -> tuple[float, float]:
    """The interval of R's ``svyciprop(method="likelihood")`` for the domain's 0/1 values."""
    y, w = rows.values, rows.weights
    n = y.size
    p = float(np.sum(w * y) / np.sum(w))
    if not 0 < p < 1 or n < 2:
        return math.nan, math.nan
    wt = w / np.mean(w)  # svyglm(rescale=TRUE)
    b0, mu, ww, dev0 = irls_rows(y, wt)
    naive = 1.0 / float(np.sum(ww))
    # svy.varcoef: the design variance of the influence functions (working residual × weight) × A⁻¹
    influence = (y - mu) / mu_eta(np.full_like(y, b0)) * ww * naive
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
            zz = (deviance(y, linkinv(np.full_like(y, bi)), wt) - dev0) / dispersion
            z = sgn * math.sqrt(max(zz, 0.0))
            betas.append(bi)
            zs.append(z)
    order = np.argsort(np.asarray(zs), kind="stable")
    x = np.asarray(betas)[order]
    z_sorted = np.asarray(zs)[order]
    grid, values = _r_spline(x, z_sorted)
    cut = float(stats.norm.ppf(2 * alpha))
    lo, hi = approx_linear(values, grid, np.array([cut, -cut]))
    return float(linkinv(np.array([lo]))[0]), float(linkinv(np.array([hi]))[0])


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
