"""Statistical disclosure control: primary suppression of small counts and secondary suppression solved
as an integer program, so that no suppressed cell can be recovered from the published totals.

Secondary suppression is the cell suppression problem of Fischetti and Salazar-González (2001), solved
exactly by Benders decomposition with HiGHS (``scipy.optimize.milp`` for the master, ``linprog`` for the
attacker):

* master: minimise ``sum_i w_i x_i`` over binary ``x`` (1 = suppressed), with ``x_p = 1`` for every
  confidential cell, subject to the cuts found so far;
* attacker, for each confidential cell ``p`` and each direction: ``max / min y_p`` subject to
  ``A y = 0`` (the additive relations), ``-v_i x_i <= y_i <= M x_i`` (published cells cannot move,
  counts stay non-negative). The cell is protected when ``max y_p >= upl_p`` and ``min y_p <= -lpl_p``;
* a failed check gives the cut ``sum_i (M d_i^- + v_i d_i^+) x_i >= upl_p`` from the attacker's duals
  (``d = c - A^T pi``), valid for every pattern and violated by the current one.

The loop stops when every confidential cell is protected against the full attacker, so the result is
checked, not hoped for. The master also carries the obvious necessary conditions (a suppressed cell is
never alone among the suppressed cells of a relation), which cuts most iterations away.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse.csgraph import connected_components

__all__ = [
    "Interval",
    "Protection",
    "attacker_interval",
    "primary_mask",
    "protect",
]

_TOL = 1e-7
# Leaving a derivable cell hidden discloses nothing; past this many the check costs more than it gives.
_MAX_DERIVABLE_CHECKS = 200


@dataclass(frozen=True, slots=True)
class Protection:
    """The suppression pattern of one group of linked tables and how it was found."""

    suppressed: np.ndarray  # bool, primary and secondary
    primary: np.ndarray  # bool
    iterations: int
    cuts: int
    seconds: float
    optimal: bool  # False when a master hit its time limit and the incumbent was used

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


def _component_of(matrix: sp.csr_array, suppressed: np.ndarray) -> np.ndarray:
    """Component label per suppressed cell: cells linked through relations they share."""
    sub = matrix[:, suppressed]
    link = (abs(sub).T @ abs(sub)).tocsr()
    _, labels = connected_components(link, directed=False)
    return np.asarray(labels, dtype=np.int64)


@dataclass
class _Attack:
    """Attacker LPs over the suppressed cells of one pattern, split into independent components."""

    matrix: sp.csr_array
    values: np.ndarray
    big: float
    suppressed: np.ndarray

    def __post_init__(self) -> None:
        self.cells = np.flatnonzero(self.suppressed)
        self.labels = _component_of(self.matrix, self.suppressed) if len(self.cells) else self.cells
        self._parts: dict[int, tuple[np.ndarray, np.ndarray, sp.csr_array]] = {}
        self.moved = np.zeros(len(self.values), bool)  # cells some attacker solution moved

    def _part(self, label: int) -> tuple[np.ndarray, np.ndarray, sp.csr_array]:
        if label not in self._parts:
            cells = self.cells[self.labels == label]
            block = self.matrix[:, cells]
            rows = np.flatnonzero(abs(block).sum(axis=1) > 0)
            self._parts[label] = (cells, rows, block[rows, :].tocsr())
        return self._parts[label]

    def component(self, cell: int) -> bytes:
        """A key of the cells linked with ``cell``: the attacker's LP depends on nothing else."""
        where = int(np.searchsorted(self.cells, cell))
        return self._part(int(self.labels[where]))[0].tobytes()

    def solve(self, cell: int, sign: float) -> tuple[float, np.ndarray | None]:
        """``max sign * y_cell``, and the cut coefficients over all cells from its duals."""
        return self.solve_many([(cell, sign)])[0]

    def solve_many(self, asks: list[tuple[int, float]]) -> list[tuple[float, np.ndarray | None]]:
        """Several attacker LPs; those of one component are solved as one block-diagonal LP, which
        HiGHS splits back into independent problems (one call instead of one per cell)."""
        out: list[tuple[float, np.ndarray | None]] = [(0.0, None)] * len(asks)
        by_label: dict[int, list[int]] = {}
        for k, (cell, _) in enumerate(asks):
            label = int(self.labels[int(np.searchsorted(self.cells, cell))])
            by_label.setdefault(label, []).append(k)
        for label, every in by_label.items():
            cells = self._part(label)[0]
            step = max(1, 4_000 // max(1, len(cells)))  # keep each block LP small
            for start in range(0, len(every), step):
                self._solve_block(asks, every[start : start + step], label, out)
        return out

    def _solve_block(
        self,
        asks: list[tuple[int, float]],
        ks: list[int],
        label: int,
        out: list[tuple[float, np.ndarray | None]],
    ) -> None:
        cells, rows, block = self._part(label)
        if block.shape[0] == 0:  # in no relation at all: free up to the bound
            for k in ks:
                cell, sign = asks[k]
                free = self.big - self.values[cell] if sign > 0 else self.values[cell]
                out[k] = (float(free), None)
            return
        m, copies = len(cells), len(ks)
        c = np.zeros(m * copies)
        for j, k in enumerate(ks):
            cell, sign = asks[k]
            c[j * m + int(np.searchsorted(cells, cell))] = -sign
        bounds = np.tile(
            np.column_stack([-self.values[cells], self.big - self.values[cells]]), (copies, 1)
        )
        res = linprog(
            c,
            A_eq=sp.kron(sp.eye_array(copies), block, format="csr"),
            b_eq=np.zeros(block.shape[0] * copies),
            bounds=bounds,
            method="highs",
        )
        if res.status != 0:  # pragma: no cover - the zero deviation is always feasible
            raise RuntimeError(f"attacker LP failed: {res.message}")
        y = res.x.reshape(copies, m)
        self.moved[cells[np.abs(y).max(axis=0) > _TOL]] = True
        marginals = res.eqlin.marginals.reshape(copies, block.shape[0])
        for j, k in enumerate(ks):
            cell, sign = asks[k]
            best = sign * float(y[j, int(np.searchsorted(cells, cell))])
            pi = np.zeros(self.matrix.shape[0])
            pi[rows] = marginals[j]
            cost = np.zeros(self.matrix.shape[1])
            cost[cell] = -sign
            d = cost - self.matrix.T @ pi
            # Weak duality: max y_p <= sum_i x_i (u_i d_i^- + v_i d_i^+) for every pattern x.
            coef = (self.big - self.values) * np.maximum(-d, 0) + self.values * np.maximum(d, 0)
            out[k] = (best, coef)


def attacker_interval(
    matrix: sp.csr_array, values: np.ndarray, suppressed: np.ndarray, cell: int
) -> Interval:
    """The range of ``cell`` consistent with the published cells and the relations (no upper bound
    beyond the relations themselves)."""
    big = float(values.sum()) * 4 + 1e6
    attack = _Attack(matrix, values, big, suppressed)
    high, _ = attack.solve(cell, 1.0)
    low, _ = attack.solve(cell, -1.0)
    return Interval(values[cell] - low, values[cell] + high)


def _not_alone_rows(matrix: sp.csr_array, cells: np.ndarray) -> sp.csr_array:
    """``sum_{i in r, i != s} x_i - x_s >= 0`` for each cell ``s`` and relation ``r`` holding it: a
    suppressed cell alone among a relation's suppressed cells would be computed from the others."""
    pattern = (abs(matrix) > 0).astype(float).tocsr()
    by_cell = pattern.T.tocsr()
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    data: list[np.ndarray] = []
    k = 0
    for s in cells:
        for r in by_cell[[s], :].indices:
            members = pattern[[r], :].indices
            rows.append(np.full(len(members), k))
            cols.append(members)
            data.append(np.where(members == s, -1.0, 1.0))
            k += 1
    if k == 0:
        return sp.csr_array((0, matrix.shape[1]))
    coo = (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols)))
    return sp.csr_array(coo, shape=(k, matrix.shape[1]))


def _relation_cuts(
    matrix: sp.csr_array,
    values: np.ndarray,
    big: float,
    primary: np.ndarray,
    upl: np.ndarray,
    lpl: np.ndarray,
) -> tuple[sp.csr_array, np.ndarray]:
    """Cuts read off one relation at a time: to move a confidential cell up by ``upl``, the other
    suppressed cells of each relation it sits in must be able to move by as much (a parent up, a
    sibling down; and the reverse for ``lpl``). They are Benders cuts with a unit dual on one row."""
    csc = matrix.tocsc()
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    rhs: list[float] = []
    for p in np.flatnonzero(primary):
        for r in csc[:, [p]].indices:
            members = matrix[[r], :]
            idx, signs = members.indices, members.data
            same = signs * signs[idx == p][0] > 0  # on p's side of the equation
            for level, up in ((upl[p], True), (lpl[p], False)):
                if level <= 0:
                    continue
                # Cells on p's side move the opposite way, cells on the other side the same way.
                moves_up = ~same if up else same
                cap = np.where(moves_up, big - values[idx], values[idx])
                keep = idx != p
                rows.extend([len(rhs)] * int(keep.sum()))
                cols.extend(idx[keep].tolist())
                data.extend(np.minimum(cap[keep], level).tolist())
                rhs.append(float(level))
    shape = (len(rhs), matrix.shape[1])
    return sp.csr_array((data, (rows, cols)), shape=shape), np.array(rhs)


def _check(
    attack: _Attack,
    primary: np.ndarray,
    upl: np.ndarray,
    lpl: np.ndarray,
    known: dict[tuple[int, float, bytes], tuple[float, np.ndarray | None]],
) -> list[tuple[int, float, np.ndarray | None]]:
    """The confidential cells the attacker can pin down too closely, with their cut coefficients."""
    asks: list[tuple[int, float]] = []
    keys = []
    for p in np.flatnonzero(primary):
        for sign, level in ((1.0, upl[p]), (-1.0, lpl[p])):
            key = (int(p), sign, attack.component(int(p)))
            if level > 0 and key not in known:
                asks.append((int(p), sign))
                keys.append(key)
    for key, answer in zip(keys, attack.solve_many(asks), strict=True):
        known[key] = answer
    failed = []
    for p in np.flatnonzero(primary):
        for sign, level in ((1.0, upl[p]), (-1.0, lpl[p])):
            if level <= 0:
                continue
            best, coef = known[(int(p), sign, attack.component(int(p)))]
            if best + _TOL < level:
                failed.append((int(p), float(level), coef))
    return failed


def _satisfy_cuts(
    x: np.ndarray, failed: list[tuple[int, float, np.ndarray | None]], weights: np.ndarray
) -> np.ndarray:
    """Add the cheapest cells (weight per unit of cut coefficient) until each failed cut holds."""
    x = x.copy()
    for _, level, coef in failed:
        if coef is None:
            continue
        have = float(coef[x].sum())
        candidates = np.flatnonzero(~x & (coef > _TOL))
        for j in candidates[np.argsort(weights[candidates] / coef[candidates], kind="stable")]:
            if have + _TOL >= level:
                break
            x[j] = True
            have += float(coef[j])
    return x


def _widen(matrix: sp.csr_array, x: np.ndarray, cells: list[int]) -> np.ndarray:
    """Suppress every cell sharing a relation with the suppressed cells linked to ``cells``."""
    pattern = (abs(matrix) > 0).astype(float).tocsr()
    attack_rows = np.flatnonzero(abs(pattern[:, x]).sum(axis=1) > 0)
    touched = pattern[attack_rows, :]
    linked = np.zeros(len(x), bool)
    linked[cells] = True
    wider = x.copy()
    for r in range(touched.shape[0]):
        members = touched[[r], :].indices
        if linked[members].any():
            wider[members] = True
    return wider


def protect(
    values: np.ndarray,
    primary: np.ndarray,
    matrix: sp.csr_array,
    *,
    protection: float,
    weights: np.ndarray | None = None,
    time_limit: float = 20.0,
    max_rounds: int = 3,
) -> Protection:
    """Suppress ``primary`` cells and the cheapest set of others so that the range an attacker can
    derive for each primary reaches at least ``protection`` above its value.

    After ``max_rounds`` master problems without a protected pattern (rare: dense small counts), the
    pattern is widened relation by relation until the attacker check passes; ``optimal`` is then False.
    """
    started = time.perf_counter()
    n = len(values)
    primary = primary.astype(bool)
    if not primary.any():
        return Protection(np.zeros(n, bool), primary, 0, 0, 0.0, True)
    weights = values + 1.0 if weights is None else weights
    big = float(values.sum()) * 4 + protection * 10 + 1.0
    upl = np.full(n, protection)
    # The range must be ``protection`` wide; it is asked above the value, where counts are unbounded.
    lpl = np.zeros(n)
    rows, rhs = _relation_cuts(matrix, values, big, primary, upl, lpl)
    blocks, bounds = [rows], [rhs]
    covered = set(np.flatnonzero(primary).tolist())
    known: dict[tuple[int, float, bytes], tuple[float, np.ndarray | None]] = {}
    x = primary.copy()
    optimal = True
    cuts = 0
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        # Round 1 has only the relation cuts: checking the bare primaries would only repeat them.
        failed = (
            _check(_Attack(matrix, values, big, x), primary, upl, lpl, known) if rounds > 1 else []
        )
        fresh = [s for s in np.flatnonzero(x & ~primary) if s not in covered]
        if rounds > 1 and not failed and not fresh:
            break
        for _, level, coef in failed:
            if coef is not None:
                blocks.append(sp.csr_array(np.minimum(coef, level)[None, :]))
                bounds.append(np.array([level]))
                cuts += 1
        if fresh:
            lone = _not_alone_rows(matrix, np.array(fresh))
            blocks.append(lone)
            bounds.append(np.zeros(lone.shape[0]))
            covered.update(int(s) for s in fresh)
        res = milp(
            weights,
            integrality=np.ones(n),
            bounds=Bounds(primary.astype(float), np.ones(n)),
            constraints=[
                LinearConstraint(sp.vstack(blocks).tocsr(), np.concatenate(bounds), np.inf)
            ],
            options={"time_limit": time_limit, "mip_rel_gap": 0.01},
        )
        if res.x is None:  # pragma: no cover - suppressing everything is always feasible
            x = np.ones(n, bool)
            optimal = False
            break
        optimal = optimal and res.status == 0
        x = res.x > 0.5
    else:
        failed = _check(_Attack(matrix, values, big, x), primary, upl, lpl, known)
        repairs = 0
        budget = started + 3 * time_limit
        while failed and not x.all():
            optimal = False
            repairs += 1
            if time.perf_counter() > budget:
                # Out of time: hiding the whole group protects every cell, trivially.
                x = np.ones(n, bool)
                break
            # A few rounds meeting the failed cuts at least cost, then whole relations at once.
            wider = _satisfy_cuts(x, failed, weights) if repairs <= 3 else x
            if not (wider != x).any():
                wider = _widen(matrix, x, [p for p, _, _ in failed])
            x = wider if (wider != x).any() else np.ones(n, bool)
            failed = _check(_Attack(matrix, values, big, x), primary, upl, lpl, known)
    suppressed = _publish_derivable(matrix, values, big, x, primary) if optimal else x
    return Protection(suppressed, primary, rounds, cuts, time.perf_counter() - started, optimal)


def _publish_derivable(
    matrix: sp.csr_array, values: np.ndarray, big: float, x: np.ndarray, primary: np.ndarray
) -> np.ndarray:
    """Unsuppress secondary cells the attacker can compute exactly anyway: publishing them tells
    nothing new, and a suppressed cell is then never recoverable."""
    x = x.copy()
    attack = _Attack(matrix, values, big, x)
    derivable = []
    secondary = np.flatnonzero(x & ~primary)
    asks = [(int(s), sign) for s in secondary for sign in (1.0, -1.0)]
    answers = attack.solve_many(asks)
    for i, s in enumerate(secondary):
        high, low = answers[2 * i][0], answers[2 * i + 1][0]
        if high + low <= _TOL:
            derivable.append(s)
    x[derivable] = False
    return x
