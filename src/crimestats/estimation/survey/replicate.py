"""Replicate-weight variances and degrees of freedom, as R's ``svrVar`` and ``degf.svyrep.design``."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from crimestats.errors import InputError
from crimestats.model.survey import ReplicateType, ReplicateWeights

__all__ = ["replicate_rank", "replicate_scales", "replicate_variance"]

FloatArray = npt.NDArray[np.float64]

# R's degf() finds the rank of the replicate weights with qr(tol = 1e-5).
_RANK_TOL = 1e-5


def replicate_scales(rep: ReplicateWeights) -> tuple[float, FloatArray]:
    """``scale`` and ``rscales`` as R's ``svrepdesign`` sets them for combined weights."""
    r = len(rep.columns)
    if r < 2:
        raise InputError("replicate designs need at least two replicate weight columns")
    rscales = np.ones(r) if rep.rscales is None else np.asarray(rep.rscales, dtype=np.float64)
    if rscales.size == 1:
        rscales = np.repeat(rscales, r)
    if rscales.size != r:
        raise InputError(f"--rscales has {rscales.size} values; there are {r} replicate columns")
    kind = rep.type
    if kind is ReplicateType.BRR:
        return 1.0 / r, rscales
    if kind is ReplicateType.FAY:
        if rep.rho is None:
            raise InputError("--reptype Fay needs --rho (the Fay coefficient, e.g. 0.5)")
        return 1.0 / (r * (1.0 - rep.rho) ** 2), rscales
    if kind is ReplicateType.BOOTSTRAP:
        return (rep.scale if rep.scale is not None else 1.0 / (r - 1)), rscales
    if kind is ReplicateType.JK1:
        return (rep.scale if rep.scale is not None else (r - 1) / r), rscales
    if rep.rscales is None:
        raise InputError("--reptype JKn needs --rscales ((n_h - 1)/n_h for each replicate)")
    return (rep.scale if rep.scale is not None else 1.0), rscales


def replicate_variance(
    thetas: FloatArray, full: FloatArray, scale: float, rscales: FloatArray, mse: bool
) -> FloatArray:
    """Variance of each column from replicate estimates (replicates × columns), as R's ``svrVar``.

    Replicates that give no estimate (NaN, e.g. a domain with no weight in that replicate) are
    dropped, as R's ``na.omit``; centring is on the replicate mean, or on the estimate with ``mse``.
    """
    out = np.empty(thetas.shape[1])
    for k in range(thetas.shape[1]):
        col = thetas[:, k]
        ok = ~np.isnan(col)
        th, rs = col[ok], rscales[ok]
        if th.size == 0:
            out[k] = np.nan
            continue
        centre = full[k] if mse else th[rs > 0].mean()
        with np.errstate(invalid="ignore"):
            out[k] = float(np.sum((th - centre) ** 2 * rs) * scale)
    return out


def replicate_rank(matrix: FloatArray, tol: float = _RANK_TOL) -> int:
    """Rank of a matrix as LINPACK's ``dqrdc2`` (R's ``qr``) decides it: columns in order, each kept
    when its norm left after removing the kept columns is at least ``tol`` times its own norm."""
    basis: list[FloatArray] = []
    for j in range(matrix.shape[1]):
        col = matrix[:, j].astype(np.float64)
        norm = float(np.linalg.norm(col))
        if norm == 0.0:
            continue
        resid = col.copy()
        for q in basis:
            resid -= q * float(q @ resid)
        for q in basis:  # a second pass keeps Gram-Schmidt as accurate as Householder here
            resid -= q * float(q @ resid)
        rnorm = float(np.linalg.norm(resid))
        if rnorm >= tol * norm:
            basis.append(resid / rnorm)
    return len(basis)
