"""The additive relations among published cells: totals along ICCS and along every disaggregation.

A relation says ``parent = sum of children`` for one dimension with every other coordinate equal: the
``_T`` of sex is M + F + _U, an ICCS category is the sum of its subcategories and its "unspecified"
residual (``<code>_U``), ``_T`` of area is the sum of the regions. These are what an attacker combines to
narrow down a suppressed cell, and what secondary suppression must defeat.

A relation is kept only when the published children add up to the published parent, i.e. when it is
complete among the published cells (counts are positive, so a partial one never adds up). Children absent
from the cube are zeros everybody knows. Candidates that do not add up are counted (``incomplete``): the
release's tables are closed, so there should be none, and disclosure control reports it if there are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["Relations", "additive_relations", "iccs_parent"]

RESIDUAL_SUFFIX = "_U"
TOTAL = "_T"


class Relations:
    """Relations as a sparse matrix ``A`` with ``A @ values == 0``: +1 on the parent, -1 on children."""

    def __init__(self, matrix: sp.csr_array, parents: np.ndarray, incomplete: int = 0) -> None:
        self.matrix = matrix
        self.parents = parents
        self.incomplete = incomplete

    def __len__(self) -> int:
        return int(self.matrix.shape[0])


def iccs_parent(parent_of: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """The parent of an ICCS code or of a residual ``<code>_U`` (which is ``<code>``)."""

    def parent(code: str) -> str | None:
        if code.endswith(RESIDUAL_SUFFIX):
            return code.removesuffix(RESIDUAL_SUFFIX)
        return parent_of(code)

    return parent


def _group_ids(coded: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """One integer per distinct combination of ``columns``."""
    if not columns:
        return np.zeros(len(coded), dtype=np.int64)
    return np.asarray(coded.groupby(list(columns), sort=False).ngroup().to_numpy(), np.int64)


def _complete(
    parent_rows: np.ndarray,
    child_rows: np.ndarray,
    child_group: np.ndarray,
    values: np.ndarray,
    tolerance: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Which candidate relations add up: ``(kept, ok)`` where ``ok`` marks each candidate group."""
    sums = np.bincount(child_group, weights=values[child_rows], minlength=len(parent_rows))
    counts = np.bincount(child_group, minlength=len(parent_rows))
    target = values[parent_rows]
    ok = (counts > 0) & (np.abs(target - sums) <= tolerance * np.maximum(1.0, np.abs(target)))
    return ok[child_group], ok


def additive_relations(
    cells: pd.DataFrame,
    values: np.ndarray,
    dims: Sequence[str],
    parent: Callable[[str], str | None],
    *,
    iccs_column: str = "iccs_code",
    by: Sequence[str] = (),
    tolerance: float = 1e-6,
) -> Relations:
    """Every complete relation among ``cells`` along ``dims`` (``_T`` parents) and along ICCS, within
    each combination of the ``by`` columns (e.g. stage, counting unit and year)."""
    cells = cells.reset_index(drop=True)
    values = np.asarray(values, dtype=float)
    coded = pd.DataFrame(
        {c: pd.factorize(cells[c])[0] for c in (*by, *dims, iccs_column)}, index=cells.index
    )
    parents_out: list[np.ndarray] = []
    children_out: list[np.ndarray] = []
    relation_of_child: list[np.ndarray] = []
    incomplete = 0
    n = 0

    def keep(parent_rows: np.ndarray, child_rows: np.ndarray, child_group: np.ndarray) -> None:
        nonlocal n, incomplete
        child_ok, ok = _complete(parent_rows, child_rows, child_group, values, tolerance)
        incomplete += int((~ok & (np.bincount(child_group, minlength=len(ok)) > 0)).sum())
        renumber = np.cumsum(ok) - 1 + n
        parents_out.append(parent_rows[ok])
        children_out.append(child_rows[child_ok])
        relation_of_child.append(renumber[child_group[child_ok]])
        n += int(ok.sum())

    for dim in dims:
        gid = _group_ids(coded, [c for c in (*by, *dims, iccs_column) if c != dim])
        is_total = (cells[dim] == TOTAL).to_numpy()
        totals = np.bincount(gid, weights=is_total.astype(float)).astype(np.int64)
        single = totals == 1
        parent_row = np.full(len(totals), -1, dtype=np.int64)
        parent_row[gid[is_total]] = np.flatnonzero(is_total)
        groups = np.flatnonzero(single)
        local = np.full(len(totals), -1, dtype=np.int64)
        local[groups] = np.arange(len(groups))
        child_rows = np.flatnonzero(~is_total & single[gid])
        keep(parent_row[groups], child_rows, local[gid[child_rows]])

    codes = cells[iccs_column].astype(str)
    parent_code = codes.map({c: parent(c) or "" for c in codes.unique()})
    others = [*by, *dims]
    child_side = cells[others].assign(_code=parent_code.to_numpy(), _child=np.arange(len(cells)))
    child_side = child_side[child_side["_code"] != ""]
    parent_side = cells[others].assign(_code=codes.to_numpy(), _parent=np.arange(len(cells)))
    pairs = child_side.merge(parent_side, on=[*others, "_code"], how="inner")
    if len(pairs):
        group, uniques = pd.factorize(pairs["_parent"], sort=True)
        keep(np.asarray(uniques, np.int64), pairs["_child"].to_numpy(np.int64), group)

    parents = np.concatenate(parents_out) if parents_out else np.zeros(0, np.int64)
    children = np.concatenate(children_out) if children_out else np.zeros(0, np.int64)
    child_rel = np.concatenate(relation_of_child) if relation_of_child else np.zeros(0, np.int64)
    rows = np.concatenate([np.arange(n), child_rel])
    cols = np.concatenate([parents, children])
    data = np.concatenate([np.ones(n), -np.ones(len(children))])
    matrix = sp.csr_array((data, (rows, cols)), shape=(n, len(cells)))
    return Relations(matrix, parents.astype(np.int64), incomplete)
