"""Existence and identifiability of the dark-figure estimate, by linear programming (Chan et al. 2021).

For a model with design matrix ``X`` (one row per observable history) and counts ``n``, the Poisson
log-likelihood grows without bound along a direction ``d`` exactly when ``X d = 0`` on the histories
with positive counts and ``X d ≤ 0`` on those with zero counts (Fienberg & Rinaldo 2012). Those
directions form a cone ``D``. What matters for multiple systems estimation is its intercept
coordinate ``d₀``, the log dark figure:

* every ``d`` in ``D`` has ``d₀ = 0``: the estimate exists and is unique (code 0). Some interaction
  parameters may still run to -∞ (two lists that never overlap); the fitted counts of the histories
  that pushes to zero are then exactly 0, and the model is fitted on the other histories, its
  *facial set* — the extended maximum likelihood estimate, with the same dark figure.
* ``D`` holds directions with ``d₀ > 0`` or with ``d₀ < 0``, not both: the likelihood keeps rising
  as the dark figure runs to infinity (or to zero): the MLE does not exist (code 1).
* both signs occur: the data cannot tell the dark figure apart at all: not identifiable (code 2).

Two linear programs (maximise and minimise ``d₀`` over ``D`` with ``|d₀| ≤ 1``) decide the code,
and a third finds the facial set. They run only when the positive-count rows of ``X`` do not
already have full column rank, which settles code 0 with no zero fitted counts at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

__all__ = ["ModelCheck", "Outcome", "check_design", "spanning_columns"]

_TOL = 1e-7


class Outcome(IntEnum):
    """The outcome codes of Chan, Silverman & Vincent (2021) and the SparseMSE package."""

    OK = 0
    NO_MLE = 1
    NOT_IDENTIFIABLE = 2

    @property
    def meaning(self) -> str:
        """What the code says, in words."""
        return {
            0: "fine",
            1: "MLE does not exist",
            2: "not identifiable",
        }[self.value]


@dataclass(frozen=True, slots=True)
class ModelCheck:
    """The outcome for one model and one zero pattern of the counts.

    ``facial`` marks the histories whose fitted count is positive in the (extended) MLE: all of them
    unless some parameter runs to -∞. ``drift`` is +1 when, for code 1, the dark figure runs to
    infinity, -1 when it runs to zero, 0 otherwise.
    """

    outcome: Outcome
    facial: tuple[bool, ...]
    drift: int = 0

    @property
    def ok(self) -> bool:
        """True when the model can be fitted and gives a finite, unique dark figure."""
        return self.outcome is Outcome.OK


def spanning_columns(x: NDArray[np.float64]) -> tuple[int, ...]:
    """Greedy left-to-right choice of linearly independent columns of ``x``.

    On a facial set a model's columns may be dependent (a term whose histories were all pushed to
    zero is a zero column there); fitting the first spanning subset gives the same fitted counts,
    and, when the outcome is 0, the same intercept.
    """
    chosen: list[int] = []
    rank = 0
    for j in range(x.shape[1]):
        trial = np.linalg.matrix_rank(x[:, [*chosen, j]])
        if trial > rank:
            chosen.append(j)
            rank = trial
    return tuple(chosen)


def _cone_lp(
    x_pos: NDArray[np.float64], x_zero: NDArray[np.float64], sign: float
) -> tuple[float, NDArray[np.float64]]:
    """max ``sign·d₀`` over the cone D with ``sign·d₀ ≤ 1``; returns the optimum and the direction."""
    p = x_pos.shape[1]
    c = np.zeros(p)
    c[0] = -sign  # linprog minimises
    bounds: list[tuple[float | None, float | None]] = [(None, None)] * p
    bounds[0] = (0.0, 1.0) if sign > 0 else (-1.0, 0.0)
    res = linprog(
        c,
        A_ub=x_zero if x_zero.size else None,
        b_ub=np.zeros(x_zero.shape[0]) if x_zero.size else None,
        A_eq=x_pos if x_pos.size else None,
        b_eq=np.zeros(x_pos.shape[0]) if x_pos.size else None,
        bounds=bounds,
        method="highs",
    )
    if res.status != 0:  # pragma: no cover - the LP is always feasible (d = 0) and bounded
        raise RuntimeError(f"linear program failed: {res.message}")
    return float(-res.fun), np.asarray(res.x)


def _facial_set(x_pos: NDArray[np.float64], x_zero: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Zero-count histories that can stay positive: max Σ t subject to t ≤ -X₀d, 0 ≤ t ≤ 1, d ∈ D.

    D is a cone, so scaling ``d`` up pushes every ``t`` that can be positive to its cap of 1: the
    optimum marks exactly the histories some direction sends to zero.
    """
    p, z = x_pos.shape[1], x_zero.shape[0]
    c = np.concatenate([np.zeros(p), -np.ones(z)])
    a_ub = np.hstack([x_zero, np.eye(z)])  # X₀d + t ≤ 0
    a_eq = np.hstack([x_pos, np.zeros((x_pos.shape[0], z))]) if x_pos.size else None
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(z),
        A_eq=a_eq,
        b_eq=np.zeros(x_pos.shape[0]) if x_pos.size else None,
        bounds=[(None, None)] * p + [(0.0, 1.0)] * z,
        method="highs",
    )
    if res.status != 0:  # pragma: no cover
        raise RuntimeError(f"linear program failed: {res.message}")
    pushed = np.asarray(res.x[p:]) > 0.5
    return ~pushed


def check_design(x: NDArray[np.float64], positive: NDArray[np.bool_]) -> ModelCheck:
    """The outcome code for design ``x`` (intercept first) when only ``positive`` rows have counts."""
    x_pos, x_zero = x[positive], x[~positive]
    all_cells = tuple(True for _ in range(x.shape[0]))
    if x_pos.shape[0] >= x.shape[1] and np.linalg.matrix_rank(x_pos) == x.shape[1]:
        return ModelCheck(Outcome.OK, all_cells)
    up, _ = _cone_lp(x_pos, x_zero, +1.0)
    down, _ = _cone_lp(x_pos, x_zero, -1.0)
    rises, falls = up > _TOL, down > _TOL
    if rises and falls:
        return ModelCheck(Outcome.NOT_IDENTIFIABLE, all_cells)
    if rises or falls:
        return ModelCheck(Outcome.NO_MLE, all_cells, drift=1 if rises else -1)
    facial = positive.copy()
    if x_zero.shape[0]:
        facial[~positive] = _facial_set(x_pos, x_zero)
    return ModelCheck(Outcome.OK, tuple(bool(f) for f in facial))
