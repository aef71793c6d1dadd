"""Taylor-linearised variance of survey totals of scores, exactly as R's ``svyrecvar``.

The variance of a (linearised) statistic depends on the data only through the totals of its scores by
stratum and PSU (and by SSU in two-stage designs with a second-stage FPC), so everything here works on
small arrays that the engine has already aggregated. Columns ``k`` are independent statistics (one per
domain × variable); a stratum takes part in column ``k`` only when column ``k`` has respondents in it,
because R computes a domain on the subset of the design that holds the domain's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from crimestats.errors import EstimationError
from crimestats.model.survey import LonelyPSU

__all__ = [
    "StageOne",
    "StageTwo",
    "centered_sums",
    "fpc_factor",
    "group_sum",
    "scatter_sum",
    "stage_one_variance",
    "stage_two_variance",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

# R treats a stratum whose sampling fraction is 1 (to this tolerance) as self-representing.
_SELF_REPRESENTING = 1e-7


def fpc_factor(popsize: FloatArray, sampsize: FloatArray) -> FloatArray:
    """The finite population correction ``(N - n) / N`` (1 without an FPC), as R's ``onestrat``."""
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(np.isinf(popsize), 1.0, (popsize - sampsize) / popsize)
    return np.asarray(f, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class StageOne:
    """First-stage design: one entry per stratum.

    ``n_units`` is the number of PSUs (or elements) the stratum has in the whole design; ``f`` its FPC
    factor; ``labels`` the stratum values, for messages.
    """

    n_units: FloatArray
    f: FloatArray
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StageTwo:
    """Second-stage design: one entry per PSU (its SSU count, FPC factor and first-stage fraction)."""

    stratum: IntArray
    n_units: FloatArray
    f: FloatArray
    first_stage_fraction: FloatArray
    labels: tuple[str, ...]


def _lonely_message(label: str, stage: int, column: str) -> str:
    return (
        f"stratum {label!r} of column {column!r} has only one PSU at stage {stage}; R's default "
        "(--lonely-psu fail) stops here: choose --lonely-psu remove, adjust, average or certainty"
    )


def stage_one_variance(
    design: StageOne,
    ss_centered: FloatArray,
    ss_raw: FloatArray,
    present: BoolArray,
    lonely: LonelyPSU,
    strata_column: str = "strata",
) -> FloatArray:
    """Variance of each column's score total from per-stratum sums of the PSU score totals.

    ``ss_centered``/``ss_raw`` are (strata × columns): the sum of squares of the PSU score totals about
    the stratum mean over all the stratum's PSUs (absent ones count as zero), and their plain sum of
    squares (used by ``adjust`` for a lonely PSU, which R centres at zero).
    """
    n = design.n_units[:, None]
    f = design.f[:, None]
    self_rep = (f < _SELF_REPRESENTING) & np.ones_like(present)
    lonely_cells = (n == 1) & present & ~self_rep
    if lonely is LonelyPSU.FAIL and lonely_cells.any():
        h = int(np.argwhere(lonely_cells)[0][0])
        raise EstimationError(_lonely_message(design.labels[h], 1, strata_column))
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(n > 1, f * n / (n - 1), f)
    contrib = np.where(n > 1, scale * ss_centered, 0.0)
    if lonely is LonelyPSU.ADJUST:
        contrib = np.where(lonely_cells, f * ss_raw, contrib)
    contrib = np.where(self_rep | ~present, 0.0, contrib)
    total = contrib.sum(axis=0)
    if lonely is LonelyPSU.AVERAGE:
        # R drops lonely strata and scales the rest up by (strata present) / (strata not lonely).
        n_present = present.sum(axis=0).astype(np.float64)
        n_ok = (present & ~lonely_cells).sum(axis=0).astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            total = total * n_present / n_ok
        total = np.where(n_present == 0, 0.0, total)
    return np.asarray(total, dtype=np.float64)


def stage_two_variance(
    design: StageTwo,
    ss_centered: FloatArray,
    ss_raw: FloatArray,
    present: BoolArray,
    lonely: LonelyPSU,
    psu_column: str = "psu",
) -> FloatArray:
    """Second-stage variance (PSUs × columns inputs over SSU totals), weighted by the stage-1 fraction.

    R adds, for each PSU present, the one-stage variance of its SSU totals times ``n_h / N_h``.
    """
    n = design.n_units[:, None]
    f = design.f[:, None]
    self_rep = (f < _SELF_REPRESENTING) & np.ones_like(present)
    lonely_cells = (n == 1) & present & ~self_rep
    if lonely is LonelyPSU.FAIL and lonely_cells.any():
        u = int(np.argwhere(lonely_cells)[0][0])
        raise EstimationError(_lonely_message(design.labels[u], 2, psu_column))
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(n > 1, f * n / (n - 1), f)
    contrib = np.where(n > 1, scale * ss_centered, 0.0)
    if lonely is LonelyPSU.ADJUST:
        contrib = np.where(lonely_cells, f * ss_raw, contrib)
    if lonely is LonelyPSU.AVERAGE:
        # Within one PSU the second stage has a single stratum: R's average then gives 0 * 1/0 = NaN.
        contrib = np.where(lonely_cells, np.nan, contrib)
    contrib = np.where(self_rep | ~present, 0.0, contrib)
    weighted = contrib * design.first_stage_fraction[:, None]
    return np.asarray(weighted.sum(axis=0), dtype=np.float64)


def scatter_sum(
    rows: IntArray, cols: IntArray, values: FloatArray, shape: tuple[int, int]
) -> FloatArray:
    """``out[rows[i], cols[i]] += values[i]`` (as ``np.add.at``, but with one fast ``bincount``)."""
    flat = np.asarray(rows, dtype=np.intp) * shape[1] + np.asarray(cols, dtype=np.intp)
    out = np.bincount(flat, weights=values, minlength=shape[0] * shape[1])
    return np.asarray(out.reshape(shape), dtype=np.float64)


def group_sum(group: IntArray, matrix: FloatArray, n_groups: int) -> FloatArray:
    """Row sums of ``matrix`` (rows × columns) within groups: an (n_groups × columns) array."""
    k = matrix.shape[1]
    rows = np.repeat(np.asarray(group, dtype=np.intp), k)
    cols = np.tile(np.arange(k, dtype=np.intp), len(group))
    return scatter_sum(rows, cols, matrix.ravel(), (n_groups, k))


def centered_sums(
    z: FloatArray, group: IntArray, n_groups: int, n_units: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per-group sum, centred and raw sums of squares of unit totals ``z`` (units × columns).

    Units absent from ``z`` count as zeros: ``n_units`` is each group's unit count in the design.
    """
    s1 = group_sum(group, z, n_groups)
    mean = s1 / n_units[:, None]
    dev = z - mean[group]
    ss = group_sum(group, dev * dev, n_groups)
    raw = group_sum(group, z * z, n_groups)
    present_units = np.bincount(group, minlength=n_groups).astype(np.float64)
    # absent units sit at zero, i.e. at distance |mean| from the group mean
    ss += (n_units - present_units)[:, None] * mean * mean
    return s1, ss, raw
