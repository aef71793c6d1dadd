"""Model selection for many count tables at once: BIC (with ``ntop``) and SparseMSE's stepwise.

Every function takes a matrix of counts, one table per row (the data, bootstrap replicates or
jackknife tables), and returns per-row results. All the fits a step needs, for every row and every
model, go to the IRLS as one batch (:mod:`~crimestats.estimation.mse.fit`). Each (row, model) pair
is first checked for existence and identifiability: when the row's positive counts alone pin down
every parameter it passes at once; otherwise the linear programs of
:mod:`~crimestats.estimation.mse.existence` decide, once per model and zero pattern. A model that
fails for a row is never fitted to it and cannot be chosen for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

from crimestats.estimation.mse.design import (
    LogLinearModel,
    Term,
    candidate_terms,
    history_matrix,
)
from crimestats.estimation.mse.existence import ModelCheck, check_design, spanning_columns
from crimestats.estimation.mse.fit import fit_poisson, gram_blocks

__all__ = [
    "BatchFit",
    "ModelSpace",
    "Selection",
    "fit_pairs",
    "positive_rows_identify",
    "select_bic",
    "select_stepwise",
]

Counts = NDArray[np.int64]

_RANK_TOL = 1e-9  # relative eigenvalue below which a Gram matrix counts as singular (then: the LP)


@dataclass(slots=True)
class ModelSpace:
    """All candidate columns for ``n_lists`` lists up to ``max_order``, with cached checks.

    ``x`` holds the intercept, the main effects and every candidate interaction; a model is a
    subset of its columns. A check depends only on the model and on which histories have zero
    counts, so bootstrap replicates sharing a zero pattern share one.
    """

    n_lists: int
    max_order: int = 2
    x: NDArray[np.float64] = field(init=False)
    terms: tuple[Term, ...] = field(init=False)
    _masks: dict[LogLinearModel, NDArray[np.bool_]] = field(default_factory=dict)
    _checks: dict[tuple[LogLinearModel, bytes], ModelCheck] = field(default_factory=dict)
    _spans: dict[tuple[LogLinearModel, bytes, Term | None], NDArray[np.bool_]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        self.terms = candidate_terms(self.n_lists, max(self.max_order, 2))
        h = history_matrix(self.n_lists).astype(np.float64)
        columns = [np.ones(h.shape[0]), *h.T, *(np.prod(h[:, list(t)], axis=1) for t in self.terms)]
        self.x = np.column_stack(columns)

    def column(self, term: Term) -> int:
        """The column of an interaction term in ``x``."""
        return 1 + self.n_lists + self.terms.index(term)

    def mask(self, model: LogLinearModel) -> NDArray[np.bool_]:
        """The columns of ``x`` that ``model`` uses."""
        m = self._masks.get(model)
        if m is None:
            m = np.zeros(self.x.shape[1], dtype=bool)
            m[: 1 + self.n_lists] = True
            for t in model.terms:
                m[self.column(t)] = True
            self._masks[model] = m
        return m

    def design(self, model: LogLinearModel) -> NDArray[np.float64]:
        """The model's own design matrix: intercept, main effects, its terms in order."""
        return self.x[:, self.mask(model)]

    def check(self, model: LogLinearModel, positive: NDArray[np.bool_]) -> ModelCheck:
        """The existence/identifiability outcome of ``model`` when ``positive`` histories have counts."""
        key = (model, np.packbits(positive).tobytes())
        result = self._checks.get(key)
        if result is None:
            result = self._checks[key] = check_design(self.design(model), positive)
        return result

    def span(
        self, model: LogLinearModel, check: ModelCheck, last: Term | None
    ) -> NDArray[np.bool_]:
        """Columns spanning ``model`` on the check's facial set, ``last`` considered last.

        Putting the tested term last means it is the one dropped when it is dependent on the rest
        (its parameter ran to -∞): its p-value is then 1.
        """
        facial = np.array(check.facial)
        key = (model, np.packbits(facial).tobytes(), last)
        out = self._spans.get(key)
        if out is None:
            order = [
                int(j)
                for j in np.flatnonzero(self.mask(model))
                if last is None or j != self.column(last)
            ]
            if last is not None:
                order.append(self.column(last))
            chosen = spanning_columns(self.x[facial][:, order])
            out = np.zeros(self.x.shape[1], dtype=bool)
            out[[order[i] for i in chosen]] = True
            self._spans[key] = out
        return out


@dataclass(frozen=True, slots=True)
class BatchFit:
    """Fits of (row, model) pairs; NaN where the model fails for that row.

    ``p_test`` is the two-sided Wald p-value of each pair's tested term (1 when that term ran to -∞;
    NaN when no term was tested), the statistic of stepwise selection.
    """

    ok: NDArray[np.bool_]
    dark: NDArray[np.float64]
    se_log_dark: NDArray[np.float64]
    loglik: NDArray[np.float64]
    bic: NDArray[np.float64]
    p_test: NDArray[np.float64]
    fitted: NDArray[np.float64]


def positive_rows_identify(
    space: ModelSpace, positive: NDArray[np.bool_], masks: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """Pairs whose positive-count histories alone pin down every parameter of their model."""
    out = np.zeros(positive.shape[0], dtype=bool)
    sizes = masks.sum(axis=1)
    enough = positive.sum(axis=1) >= sizes
    for p in np.unique(sizes):
        group = np.flatnonzero((sizes == p) & enough)
        for start in range(0, group.size, 4096):
            rows = group[start : start + 4096]
            idx = np.nonzero(masks[rows])[1].reshape(rows.size, int(p))
            gram = gram_blocks(space.x, positive[rows].astype(np.float64), idx)
            eig = np.linalg.eigvalsh(gram)
            out[rows] = eig[:, 0] > _RANK_TOL * eig[:, -1]
    return out


def fit_pairs(
    space: ModelSpace,
    y: Counts,
    rows: Sequence[int] | NDArray[np.intp],
    models: Sequence[LogLinearModel],
    tested: Sequence[Term | None] | None = None,
    start: NDArray[np.float64] | None = None,
) -> BatchFit:
    """Fit ``models[i]`` to ``y[rows[i]]`` for every ``i``, as one batch.

    ``tested[i]`` names the term whose Wald p-value to report; ``start[i]`` optional starting
    fitted counts (those of a neighbouring model).
    """
    rows = np.asarray(rows, dtype=np.intp)
    n = rows.size
    tests = list(tested) if tested is not None else [None] * n
    counts = y[rows]
    positive = counts > 0
    masks = np.array([space.mask(m) for m in models]).reshape(n, space.x.shape[1])
    cells = np.ones(counts.shape, dtype=bool)
    ok = np.zeros(n, dtype=bool)
    if n:
        ok = positive_rows_identify(space, positive, masks)
    for i in (int(v) for v in np.flatnonzero(~ok)):
        check = space.check(models[i], positive[i])
        if check.ok:
            ok[i] = True
            cells[i] = check.facial
            masks[i] = space.span(models[i], check, tests[i])
    dark, se, loglik, p_test = (np.full(n, np.nan) for _ in range(4))
    idx = np.flatnonzero(ok)
    fits = fit_poisson(
        space.x,
        counts[idx],
        columns=masks[idx],
        cells=cells[idx],
        start=None if start is None else start[idx],
    )
    fitted = np.full(counts.shape, np.nan)
    fitted[idx] = fits.fitted
    good = fits.converged
    ok[idx[~good]] = False
    idx = idx[good]
    coef, variance = fits.coef[good], fits.variance[good]
    dark[idx] = np.exp(coef[:, 0])
    se[idx] = np.sqrt(variance[:, 0])
    loglik[idx] = fits.loglik[good]
    tested_terms = [tests[int(i)] for i in idx]
    test_col = np.array([-1 if t is None else space.column(t) for t in tested_terms], dtype=np.intp)
    has = test_col >= 0
    if has.any():
        k, j = np.flatnonzero(has), test_col[has]
        estimable = masks[idx[k], j]
        z = np.abs(coef[k, j]) / np.sqrt(np.where(estimable, variance[k, j], 1.0))
        p_test[idx[k]] = np.where(estimable, 2.0 * norm.sf(z), 1.0)
    n_params = np.array([m.parameters(space.n_lists) for m in models], dtype=np.float64)
    with np.errstate(divide="ignore"):
        bic = -2.0 * loglik + n_params * np.log(counts.sum(axis=1))
    return BatchFit(ok, dark, se, loglik, bic, p_test, fitted)


@dataclass(frozen=True, slots=True)
class Selection:
    """The model chosen for each row (index into ``models``; -1 when none could be fitted)."""

    models: tuple[LogLinearModel, ...]
    chosen: NDArray[np.intp]
    dark: NDArray[np.float64]
    se_log_dark: NDArray[np.float64]

    def model_of(self, row: int) -> LogLinearModel | None:
        """The model chosen for one row, or None."""
        i = int(self.chosen[row])
        return self.models[i] if i >= 0 else None


def select_bic(space: ModelSpace, models: Sequence[LogLinearModel], y: Counts) -> Selection:
    """For each row, the model with the smallest BIC among ``models`` that can be fitted to it.

    BIC is ``-2 log L + p log(n)``, ``p`` the number of parameters of the model and ``n`` the number
    of people observed in that row. Ties go to the model listed first.
    """
    n, k = y.shape[0], len(models)
    rows = np.tile(np.arange(n), k)
    pair_models = [m for m in models for _ in range(n)]
    fit = fit_pairs(space, y, rows, pair_models)
    bic = np.where(fit.ok, fit.bic, np.inf).reshape(k, n)
    best = np.argmin(bic, axis=0)
    found = np.isfinite(bic[best, np.arange(n)])
    flat = best * n + np.arange(n)
    chosen = np.where(found, best, -1)
    dark = np.where(found, fit.dark[flat], np.nan)
    se = np.where(found, fit.se_log_dark[flat], np.nan)
    return Selection(tuple(models), chosen, dark, se)


def select_stepwise(space: ModelSpace, y: Counts, *, threshold: float = 0.02) -> Selection:
    """SparseMSE's stepwise selection, for each row.

    Start from main effects. At each step fit the current model plus each interaction not yet in it
    (skipping models that fail the existence check for that row, and, above order 2, terms whose
    lower-order interactions are not all in the model); add the term with the smallest Wald p-value
    if that p-value is below ``threshold``; stop when none is. Ties go to the term listed first.
    """
    k = space.n_lists
    n = y.shape[0]
    main = LogLinearModel()
    start = fit_pairs(space, y, np.arange(n), [main] * n)
    current: list[LogLinearModel | None] = [main if ok else None for ok in start.ok]
    fitted = start.fitted
    active = np.flatnonzero(start.ok)
    while active.size:
        rows: list[int] = []
        bigger: list[LogLinearModel] = []
        tested: list[Term | None] = []
        for r in active:
            model = current[r]
            assert model is not None
            for term in space.terms:
                if term in model.terms:
                    continue
                candidate = model.plus(term, k)
                if candidate.is_hierarchical():
                    rows.append(int(r))
                    bigger.append(candidate)
                    tested.append(term)
        fit = fit_pairs(space, y, rows, bigger, tested, start=fitted[rows])
        p = np.where(fit.ok, fit.p_test, 1.0)
        best: dict[int, tuple[float, int]] = {}
        for i, row in enumerate(rows):
            if row not in best or p[i] < best[row][0]:
                best[row] = (float(p[i]), i)
        still = []
        for row in (int(v) for v in active):
            entry = best.get(row)
            if entry is not None and entry[0] < threshold:
                current[row] = bigger[entry[1]]
                fitted[row] = fit.fitted[entry[1]]
                still.append(row)
        active = np.array(still, dtype=np.intp)
    finals = sorted({m for m in current if m is not None})
    index = {m: i for i, m in enumerate(finals)}
    chosen = np.array([index[m] if m is not None else -1 for m in current], dtype=np.intp)
    dark, se = np.full(n, np.nan), np.full(n, np.nan)
    done = np.flatnonzero(chosen >= 0)
    fit = fit_pairs(space, y, done, [finals[chosen[r]] for r in done])
    dark[done], se[done] = fit.dark, fit.se_log_dark
    return Selection(tuple(finals), chosen, dark, se)
