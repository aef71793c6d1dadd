"""Poisson log-linear fits by iteratively reweighted least squares, thousands at once.

The bootstrap refits models to a thousand resampled tables, and model selection fits dozens of
models to each. Every fit here is one row of a batch: a count vector, the design columns its model
uses and the histories it is fitted on (its facial set). All fits share one design matrix holding
every candidate column. Fits with the same number of parameters travel together: each IRLS step
forms all their weighted cross-product matrices with one stacked product and solves them with one
stacked ``p × p`` solve.
The iteration is R's ``glm.fit`` for the Poisson family: start at ``y + 0.1``, stop when the
relative change in deviance is below ``tol``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

__all__ = ["PoissonFits", "fit_poisson", "gram_blocks"]

_MAX_ETA = 700.0  # exp(700) is near the largest double; a fit that gets there has diverged
_CHUNK = 4096  # fits per block: bounds the memory of the stacked cross-product matrices

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PoissonFits:
    """Fits of a batch; row ``b`` of every array belongs to fit ``b``.

    ``coef`` has one entry per design column (0 for columns the fit does not use); ``variance`` is
    the diagonal of the inverse Fisher information (NaN for unused columns); ``loglik`` is the full
    Poisson log-likelihood with the ``-log y!`` terms (as R's ``logLik``); ``converged`` flags fits
    whose deviance settled within the iteration limit; ``fitted`` holds the fitted counts.
    """

    coef: Floats
    variance: Floats
    loglik: Floats
    deviance: Floats
    converged: NDArray[np.bool_]
    fitted: Floats


def _deviance(y: Floats, mu: Floats, cells: Floats) -> Floats:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)
    return np.asarray(2.0 * np.sum(cells * term, axis=1))


def gram_blocks(x: Floats, w: Floats, idx: NDArray[np.intp]) -> Floats:
    """``X[:, idx_b]ᵀ diag(w_b) X[:, idx_b]`` for every row ``b``, as one stacked product.

    Small models gather their own columns and multiply (cost ~ p² per fit); models using most
    columns take one matrix product of the weights with all column-pair products and pick their
    block out (one efficient BLAS call, cost ~ P² per fit).
    """
    n, p = idx.shape
    full = x.shape[1]
    if 2 * p < full:
        xs = x.T[idx]  # fits × p × histories
        return np.asarray(np.einsum("npc,nc,nqc->npq", xs, w, xs, optimize=True))
    pairs = (x[:, :, None] * x[:, None, :]).reshape(x.shape[0], full * full)
    flat = (idx[:, :, None] * full + idx[:, None, :]).reshape(n, p * p)
    return np.asarray(np.take_along_axis(w @ pairs, flat, axis=1).reshape(n, p, p))


def _fit_same_size(
    x: Floats,
    y: Floats,
    idx: NDArray[np.intp],
    cells: Floats,
    start: Floats,
    tol: float,
    max_iter: int,
) -> tuple[Floats, ...]:
    """Fits that all use ``idx.shape[1]`` columns (``idx[b]`` for fit ``b``)."""
    n = idx.shape[0]
    rows = np.arange(n)[:, None]
    mu = start.copy()
    eta = np.log(mu)
    dev = _deviance(y, mu, cells)
    coef = np.zeros((n, x.shape[1]))
    converged = np.zeros(n, dtype=bool)
    active = np.arange(n)
    for _ in range(max_iter):
        ya, mua, etaa, ia, ca = y[active], mu[active], eta[active], idx[active], cells[active]
        w = mua * ca
        z = etaa + (ya - mua) / mua
        lhs = gram_blocks(x, w, ia)
        rhs = np.take_along_axis((w * z) @ x, ia, axis=1)
        beta = np.zeros((active.size, x.shape[1]))
        beta[rows[: active.size], ia] = np.linalg.solve(lhs, rhs[:, :, None])[:, :, 0]
        new_eta = np.minimum(beta @ x.T, _MAX_ETA)
        new_mu = np.exp(new_eta)
        new_dev = _deviance(ya, new_mu, ca)
        done = np.abs(new_dev - dev[active]) / (np.abs(new_dev) + 0.1) < tol
        coef[active], eta[active], mu[active], dev[active] = beta, new_eta, new_mu, new_dev
        converged[active[done]] = True
        active = active[~done]
        if active.size == 0:
            break
    mu = mu * cells  # histories outside the facial set have fitted count exactly 0
    with np.errstate(divide="ignore", invalid="ignore"):
        log_mu = np.where(y > 0, np.log(mu), 0.0)
    loglik = np.sum(cells * (y * log_mu - mu - gammaln(y + 1.0)), axis=1)
    inverse = np.linalg.inv(gram_blocks(x, mu, idx))
    variance = np.full((n, x.shape[1]), np.nan)
    variance[rows, idx] = np.diagonal(inverse, axis1=1, axis2=2)
    return coef, variance, loglik, dev, converged, mu


def fit_poisson(
    x: Floats,
    y: Floats | NDArray[np.int64],
    *,
    columns: NDArray[np.bool_] | None = None,
    cells: NDArray[np.bool_] | None = None,
    start: Floats | None = None,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> PoissonFits:
    """Fit ``log E[y_b] = x β_b`` for every row ``y_b`` of ``y``.

    ``columns[b]`` selects the design columns of fit ``b`` (default: all) and ``cells[b]`` the
    histories it is fitted on (default: all); the selected columns must have full rank on the
    selected histories. ``start`` gives starting fitted counts (a fit of a neighbouring model
    converges in fewer steps); by default ``y + 0.1``, as R. The MLE must exist: callers check first
    (:mod:`crimestats.estimation.mse.existence`); rows whose MLE does not exist do not converge.
    """
    yy = np.atleast_2d(np.asarray(y, dtype=np.float64))
    n, full_p = yy.shape[0], x.shape[1]
    mask = np.ones((n, full_p), dtype=bool) if columns is None else np.asarray(columns, dtype=bool)
    used = np.ones(yy.shape) if cells is None else np.asarray(cells, dtype=np.float64)
    first = yy + 0.1 if start is None else np.maximum(np.asarray(start, dtype=np.float64), 1e-3)
    fitted = np.zeros(yy.shape)
    coef = np.zeros((n, full_p))
    variance = np.full((n, full_p), np.nan)
    loglik, dev = np.full(n, np.nan), np.full(n, np.nan)
    converged = np.zeros(n, dtype=bool)
    sizes = mask.sum(axis=1)
    for p in np.unique(sizes):
        group = np.flatnonzero(sizes == p)
        for offset in range(0, group.size, _CHUNK):
            rows = group[offset : offset + _CHUNK]
            idx = np.nonzero(mask[rows])[1].reshape(rows.size, int(p))
            out = _fit_same_size(x, yy[rows], idx, used[rows], first[rows], tol, max_iter)
            coef[rows], variance[rows], loglik[rows], dev[rows], converged[rows] = out[:5]
            fitted[rows] = out[5]
    return PoissonFits(coef, variance, loglik, dev, converged, fitted)
