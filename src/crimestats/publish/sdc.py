"""Statistical disclosure control: primary suppression of small counts and secondary suppression, so that
no suppressed cell can be recovered, even approximately, from the published cells and their totals.

The problem is the cell suppression problem in its standard form (Fischetti and Salazar-González 2001).
Cells ``i`` have values ``a_i >= 0`` tied by additive relations ``A a = 0``; an attacker knows ``A``,
every published value and that counts are not negative. For a suppression pattern ``x`` (1 = hidden) the
attacker's interval for cell ``p`` is ``[min y_p, max y_p]`` over ``A y = 0``, ``y_i = a_i`` where
``x_i = 0`` and ``y_i >= 0`` where ``x_i = 1``. A confidential cell ``p`` is protected when both
``a_p - lpl_p`` and ``a_p + upl_p`` are in that interval; here ``upl_p`` is the protection level and
``lpl_p = min(protection, a_p)`` (a count cannot go below 0, so a small count must be indistinguishable
from 0). Secondary suppression chooses ``x`` of least total weight ``sum w_i x_i`` (``w_i = a_i + 1``)
that protects every confidential cell.

Protection is shown by a *witness*: a deviation ``d`` with ``A d = 0``, zero outside the hidden cells,
``d_p = upl_p`` and ``-a_i <= d_i <= a_i upl_p / lpl_p``. Then ``a + d`` and ``a - (lpl_p/upl_p) d`` are
both non-negative tables that agree with everything published, with ``a_p + upl_p`` and ``a_p - lpl_p``
at ``p``: the attacker cannot tell them from the truth.

The relations split into independent components (cells linked through relations; in a release, one
stage, counting unit, year and ICCS section). Each component is solved on its own:

* heuristic (every component): confidential cells in decreasing value; a witness already found that
  moves ``p`` is rescaled when its bounds allow; otherwise a linear program finds the cheapest witness,
  first among hidden cells only, then among all cells with cost ``w_i`` per unit of movement of a
  published cell (the classic network-flow heuristic of Kelly, Golden and Assad, generalised to any
  linear relations); the cells it moves are hidden;
* exact (small components): the integer program ``min sum w_i x_i`` over binary ``x`` and one witness
  per confidential cell, ``A d^p = 0``, ``d^p_p = upl_p``, ``-a_i x_i <= d^p_i <= a_i (upl_p/lpl_p) x_i``,
  solved by HiGHS with a node limit (so the result never depends on machine speed); kept when cheaper.

Either way each hidden pattern comes with its witnesses, and ``attacker_intervals`` checks it
independently with the attacker's own linear programs.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

__all__ = [
    "Interval",
    "Protection",
    "attacker_intervals",
    "components",
    "primary_mask",
    "protect",
    "protection_levels",
    "unprotected",
]

_TOL = 1e-7
#: Components whose integer program has at most this many variables are solved exactly.
EXACT_VARIABLES = 1_000
#: Branch-and-bound nodes the exact program may use (a count, not a time: results are reproducible).
EXACT_NODES = 500
#: Cost per unit of movement of a cell already hidden: small, so witnesses reuse hidden cells.
_HIDDEN_COST = 1e-3


@dataclass(frozen=True, slots=True)
class Protection:
    """The suppression pattern of a set of cells and how it was found."""

    suppressed: np.ndarray  # bool, primary and secondary
    primary: np.ndarray  # bool
    components: int  # independent components holding a confidential cell
    exact: int  # of which solved by the integer program
    linear_programs: int
    seconds: float

    @property
    def secondary(self) -> np.ndarray:
        """Cells suppressed only to protect confidential ones."""
        return np.asarray(self.suppressed & ~self.primary, dtype=bool)


@dataclass(frozen=True, slots=True)
class Interval:
    """What an attacker can derive about one suppressed cell: its smallest and largest value."""

    low: float
    high: float


def primary_mask(values: np.ndarray, threshold: float) -> np.ndarray:
    """Confidential cells: counts above 0 and below the threshold."""
    return (values > 0) & (values < threshold)


def protection_levels(
    values: np.ndarray, primary: np.ndarray, protection: float
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper protection levels: ``protection`` above, down to 0 at most below."""
    upl = np.where(primary, float(protection), 0.0)
    lpl = np.where(primary, np.minimum(float(protection), np.maximum(values, 0.0)), 0.0)
    return lpl, upl


def components(matrix: sp.csr_array) -> np.ndarray:
    """Component label per cell: cells linked through the relations they share."""
    pattern = (abs(matrix) > 0).astype(np.int8)
    _, labels = connected_components((pattern.T @ pattern).tocsr(), directed=False)
    return np.asarray(labels, dtype=np.int64)


@dataclass
class _Witnesses:
    """Deviations found so far (each ``A d = 0`` over hidden cells), indexed by the cells they move."""

    values: np.ndarray
    vectors: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    by_cell: dict[int, list[int]] = field(default_factory=dict)

    def add(self, cells: np.ndarray, moves: np.ndarray) -> None:
        keep = np.abs(moves) > _TOL
        k = len(self.vectors)
        self.vectors.append((cells[keep], moves[keep]))
        for c in cells[keep]:
            self.by_cell.setdefault(int(c), []).append(k)

    def covers(self, p: int, level: float, sign: float) -> bool:
        """True if a known deviation, rescaled to move ``p`` by ``sign * level``, keeps counts >= 0."""
        if level <= 0:
            return True
        for k in self.by_cell.get(p, ()):
            cells, moves = self.vectors[k]
            at = moves[int(np.searchsorted(cells, p))]
            scaled = moves * (sign * level / at)
            if (scaled >= -self.values[cells] - _TOL).all():
                return True
        return False


class _Component:
    """One independent component: its relations, values and weights, and its witness programs."""

    def __init__(self, matrix: sp.csr_array, values: np.ndarray, weights: np.ndarray) -> None:
        self.matrix = matrix.tocsc()
        self.values = values
        self.weights = weights
        self.solves = 0
        self.highs: highspy.Highs | None = None

    def deviation(
        self, allowed: np.ndarray, p: int, level: float, cap: np.ndarray, cost: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The cheapest ``d`` over ``allowed`` cells with ``A d = 0``, ``d_p = level`` (signed) and
        ``-a_i <= d_i <= cap_i``; None when there is none. One program per component (up-moves, then
        down-moves of every cell), re-solved from the last basis with new bounds and costs."""
        m = len(self.values)
        solver = self._solver()
        high = np.where(np.concatenate([allowed, allowed]), np.concatenate([cap, self.values]), 0.0)
        low = np.zeros(2 * m)
        if level >= 0:
            low[p] = high[p] = level
            high[m + p] = 0.0
        else:
            low[m + p] = high[m + p] = -level
            high[p] = 0.0
        every = np.arange(2 * m, dtype=np.int32)
        solver.changeColsBounds(2 * m, every, low, np.minimum(high, highspy.kHighsInf))
        solver.changeColsCost(2 * m, every, np.concatenate([cost, cost]))
        self.solves += 1
        status = _run(solver)
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        x = np.asarray(solver.getSolution().col_value)
        return np.arange(m), x[:m] - x[m:]

    def _solver(self) -> highspy.Highs:
        if self.highs is None:
            block = sp.hstack([self.matrix, -self.matrix], format="csc")
            zeros = np.zeros(block.shape[1])
            rows = np.zeros(block.shape[0])
            self.highs = _model(block, zeros, zeros, zeros, rows, rows)
        return self.highs


def _run(solver: highspy.Highs) -> highspy.HighsModelStatus:
    """Solve from the last basis; if the warm start loses its way, once more from scratch."""
    solver.run()
    status = solver.getModelStatus()
    if status == highspy.HighsModelStatus.kUnknown:
        solver.clearSolver()
        solver.run()
        status = solver.getModelStatus()
    return status


def _heuristic(
    comp: _Component, primary: np.ndarray, lpl: np.ndarray, upl: np.ndarray
) -> tuple[np.ndarray, bool]:
    """A protecting pattern, cheapest witness by cheapest witness; also whether every witness was
    reversible (one deviation protecting both sides), which the exact program assumes."""
    values = comp.values
    hidden = primary.copy()
    known = _Witnesses(values)
    reversible = True
    unbounded = np.full(len(values), np.inf)
    order = np.flatnonzero(primary)
    for p in order[np.argsort(-values[order], kind="stable")]:
        up = not known.covers(int(p), upl[p], 1.0)
        down = not known.covers(int(p), lpl[p], -1.0)
        if not (up or down):
            continue
        asks: list[tuple[float, np.ndarray]] = []
        if up and down:
            cap = values * (upl[p] / lpl[p])
            cap[p] = upl[p]
            asks.append((upl[p], cap))
        else:
            asks.append((upl[p] if up else -lpl[p], unbounded))
        while asks:
            level, cap = asks.pop()
            found = comp.deviation(hidden, int(p), level, cap, np.full(len(values), _HIDDEN_COST))
            if found is None:
                cost = np.where(hidden, _HIDDEN_COST, comp.weights)
                found = comp.deviation(np.ones(len(values), bool), int(p), level, cap, cost)
            if found is None and cap is not unbounded:
                # No reversible witness: protect each side with its own deviation.
                reversible = False
                asks = [(upl[p], unbounded), (-lpl[p], unbounded)]
                continue
            if found is None:  # pragma: no cover - a one-record table always moves p
                raise RuntimeError(f"no deviation moves cell {p}: relations are inconsistent")
            cells, moves = found
            hidden[cells[np.abs(moves) > _TOL]] = True
            known.add(cells, moves)
    return hidden, reversible


def _exact(
    comp: _Component,
    primary: np.ndarray,
    lpl: np.ndarray,
    upl: np.ndarray,
    incumbent: np.ndarray,
) -> np.ndarray | None:
    """The least-weight pattern with one reversible witness per confidential cell (integer program),
    started from ``incumbent`` (the heuristic's pattern); None when HiGHS found nothing better within
    its node limit."""
    a = comp.matrix.tocsr()
    n = len(comp.values)
    targets = np.flatnonzero(primary)
    k = len(targets)
    zero_rows = sp.csr_array((a.shape[0], n))
    zero_cells = sp.csr_array((n, n))
    eye = sp.eye_array(n, format="csr")
    blocks: list[list[sp.csr_array]] = []
    lower: list[np.ndarray] = []
    upper: list[np.ndarray] = []
    d_low = np.full((k, n), -highspy.kHighsInf)
    d_high = np.full((k, n), highspy.kHighsInf)
    for j, p in enumerate(targets):
        cap = comp.values * (upl[p] / lpl[p]) if lpl[p] > 0 else np.full(n, upl[p] * n)

        def copy(block: sp.csr_array, fill: sp.csr_array, j: int = j) -> list[sp.csr_array]:
            return [block if i == j else fill for i in range(k)]

        blocks.append([zero_rows, *copy(a, zero_rows)])  # A d = 0
        lower.append(np.zeros(a.shape[0]))
        upper.append(np.zeros(a.shape[0]))
        blocks.append([sp.diags_array(comp.values).tocsr(), *copy(eye, zero_cells)])  # d >= -a x
        lower.append(np.zeros(n))
        upper.append(np.full(n, highspy.kHighsInf))
        blocks.append([-sp.diags_array(cap).tocsr(), *copy(eye, zero_cells)])  # d <= cap x
        lower.append(np.full(n, -highspy.kHighsInf))
        upper.append(np.zeros(n))
        d_low[j, p] = d_high[j, p] = upl[p]
    solver = _model(
        sp.block_array(blocks, format="csc"),
        np.concatenate([comp.weights, np.zeros(k * n)]),
        np.concatenate([primary.astype(float), d_low.ravel()]),
        np.concatenate([np.ones(n), d_high.ravel()]),
        np.concatenate(lower),
        np.concatenate(upper),
        integers=n,
    )
    solver.setOptionValue("mip_max_nodes", EXACT_NODES)
    solver.setOptionValue("random_seed", 0)
    # HiGHS completes the witnesses of the heuristic's pattern itself (integers fixed, one LP).
    solver.setSolution(n, np.arange(n, dtype=np.int32), incumbent.astype(float))
    solver.run()
    comp.solves += 1
    if solver.getInfo().primal_solution_status != 2:  # 2: feasible
        return None
    return np.asarray(np.asarray(solver.getSolution().col_value[:n]) > 0.5)


def protect(
    values: np.ndarray,
    primary: np.ndarray,
    matrix: sp.csr_array,
    *,
    protection: float,
    weights: np.ndarray | None = None,
    exact_variables: int = EXACT_VARIABLES,
) -> Protection:
    """Suppress the ``primary`` cells and a cheap set of others so that an attacker's interval for every
    primary cell reaches ``protection`` above its value and ``min(protection, value)`` below it."""
    started = time.perf_counter()
    values = np.asarray(values, dtype=float)
    primary = np.asarray(primary, dtype=bool)
    weights = values + 1.0 if weights is None else np.asarray(weights, dtype=float)
    lpl, upl = protection_levels(values, primary, protection)
    hidden = primary.copy()
    if not primary.any() or protection <= 0:
        return Protection(hidden, primary, 0, 0, 0, time.perf_counter() - started)
    labels = components(matrix)
    matrix = matrix.tocsc()
    solved = exact = solves = 0
    for label in np.unique(labels[primary]):
        cells = np.flatnonzero(labels == label)
        sub = matrix[:, cells]
        sub = sub[np.unique(sub.indices), :].tocsr()
        comp = _Component(sub, values[cells], weights[cells])
        mine = primary[cells]
        pattern, reversible = _heuristic(comp, mine, lpl[cells], upl[cells])
        if reversible and len(cells) * (1 + int(mine.sum())) <= exact_variables and sub.shape[0]:
            better = _exact(comp, mine, lpl[cells], upl[cells], pattern)
            if better is not None and comp.weights @ better < comp.weights @ pattern - _TOL:
                pattern = better
                exact += 1
        hidden[cells] = pattern
        solved += 1
        solves += comp.solves
    return Protection(hidden, primary, solved, exact, solves, time.perf_counter() - started)


def attacker_intervals(
    matrix: sp.csr_array,
    values: np.ndarray,
    suppressed: np.ndarray,
    cells: Sequence[int] | np.ndarray,
) -> list[Interval]:
    """The attacker's interval for each of ``cells`` (all suppressed): the least and greatest value
    consistent with the published cells, the relations and non-negative counts; ``high`` may be inf.

    One linear program per group of linked hidden cells, re-solved from the previous optimal basis
    for each cell and direction (only the objective changes), which is what makes checking every
    confidential cell of a release affordable."""
    values = np.asarray(values, dtype=float)
    hidden = np.flatnonzero(suppressed)
    csc = matrix.tocsc()
    labels = components(csc[:, hidden].tocsr()) if len(hidden) else hidden
    published = csc @ np.where(suppressed, 0.0, values)
    wanted = np.asarray(cells, dtype=np.int64)
    where = np.searchsorted(hidden, wanted)
    found: dict[int, Interval] = {}
    for label in np.unique(labels[where]):
        group = hidden[labels == label]
        sub = csc[:, group]
        rows = np.unique(sub.indices)
        attacker = _Attacker(sub[rows, :].tocsc(), -published[rows])
        for cell in wanted[labels[where] == label]:
            at = int(np.searchsorted(group, cell))
            found[int(cell)] = Interval(attacker.extreme(at, -1.0), attacker.extreme(at, 1.0))
    return [found[int(c)] for c in wanted]


_quiet_lock = threading.Lock()
_quiet = False


def _highs() -> highspy.Highs:
    """A silent HiGHS instance. HiGHS prints its banner on the first instance of a process, from C,
    whatever the options: that one is made with the process's standard output pointed elsewhere."""
    global _quiet
    with _quiet_lock:
        if not _quiet:
            sys.stdout.flush()
            saved = os.dup(1)
            sink = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(sink, 1)
                highspy.Highs()  # type: ignore[no-untyped-call]
                ctypes.CDLL(None).fflush(None)
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(sink)
            _quiet = True
    solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    return solver


def _model(
    matrix: sp.csc_array,
    cost: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    *,
    integers: int = 0,
) -> highspy.Highs:
    """A silent HiGHS instance holding ``min cost x`` over ``row_lower <= matrix x <= row_upper``,
    ``col_lower <= x <= col_upper``; the first ``integers`` columns integer."""
    lp = highspy.HighsLp()
    lp.num_col_ = matrix.shape[1]
    lp.num_row_ = matrix.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    if integers:
        kinds = highspy.HighsVarType
        lp.integrality_ = [kinds.kInteger] * integers + [kinds.kContinuous] * (
            matrix.shape[1] - integers
        )
    solver = _highs()
    solver.passModel(lp)
    return solver


class _Attacker:
    """``max / min y_cell`` over ``block y = rhs``, ``y >= 0``, one warm-started program for a group."""

    def __init__(self, block: sp.csc_array, rhs: np.ndarray) -> None:
        self.columns = block.shape[1]
        self.solver: highspy.Highs | None = None
        if block.shape[0] == 0:  # linked to nothing published: only ``y >= 0`` holds
            return
        zeros = np.zeros(self.columns)
        rhs = np.asarray(rhs, dtype=float)
        self.solver = _model(
            block, zeros, zeros, np.full(self.columns, highspy.kHighsInf), rhs, rhs
        )
        self.last = 0

    def extreme(self, at: int, sign: float) -> float:
        """The greatest (``sign`` = 1) or least (-1) value of column ``at``."""
        if self.solver is None:
            return np.inf if sign > 0 else 0.0
        self.solver.changeColCost(self.last, 0.0)
        self.solver.changeColCost(at, -sign)
        self.last = at
        status = _run(self.solver)
        if status == highspy.HighsModelStatus.kOptimal:
            return -sign * float(self.solver.getInfo().objective_function_value)
        unbounded = (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,  # the truth is feasible
        )
        if status in unbounded and sign > 0:
            return np.inf
        raise RuntimeError(  # pragma: no cover - the truth is feasible and y >= 0 bounds the minimum
            f"attacker program failed: {self.solver.modelStatusToString(status)}"
        )


def unprotected(
    matrix: sp.csr_array,
    values: np.ndarray,
    suppressed: np.ndarray,
    primary: np.ndarray,
    protection: float,
) -> list[tuple[int, Interval]]:
    """Confidential cells whose attacker interval misses ``value - lpl`` or ``value + upl``: an empty
    list means the pattern protects. (A secondary cell an attacker computes exactly discloses nothing
    confidential; it is only hidden in vain.)"""
    lpl, upl = protection_levels(values, primary, protection)
    cells = np.flatnonzero(primary & suppressed)
    failed = []
    for cell, interval in zip(
        cells, attacker_intervals(matrix, values, suppressed, cells), strict=True
    ):
        v = values[cell]
        low_ok = interval.low <= v - lpl[cell] + 1e-6
        if not (low_ok and interval.high >= v + upl[cell] - 1e-6):
            failed.append((int(cell), interval))
    return failed
