"""From engine totals to domain estimates, variances, design effects and degrees of freedom.

Each statistic is a ratio of weighted totals (a mean is ``Σwy / Σw``, a ratio ``Σwy / Σwx``) or a total.
Its linearised score for a respondent is ``w (y - R x) / X`` (``w y`` for a total); the Taylor variance
needs only the score totals per PSU, which are linear in the engine's totals. Domains are estimated as
R's ``svyby`` does: every PSU of the design stays in the variance, with zero scores outside the domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from crimestats.errors import InputError
from crimestats.estimation.survey.engine import SSU, STRATUM, UNIT
from crimestats.estimation.survey.replicate import (
    replicate_rank,
    replicate_scales,
    replicate_variance,
)
from crimestats.estimation.survey.taylor import (
    StageOne,
    StageTwo,
    centered_sums,
    fpc_factor,
    scatter_sum,
    stage_one_variance,
    stage_two_variance,
)
from crimestats.model.survey import SurveyDesign

__all__ = ["CellSpec", "DomainResult", "replicate_domains", "taylor_domains"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class CellSpec:
    """A cell's key in the engine totals and its kind: ``mean``, ``ratio`` or ``total``."""

    key: str
    kind: str


@dataclass(frozen=True, slots=True)
class DomainResult:
    """Estimates by domain (rows) and cell (columns), with the domains' degrees of freedom."""

    domains: tuple[tuple[Any, ...], ...]
    estimate: FloatArray
    variance: FloatArray
    n: IntArray
    deff: FloatArray
    df: FloatArray
    rows: FloatArray
    replicates: FloatArray | None = None  # (domains × cells × replicates) for replicate designs


@dataclass(frozen=True, slots=True)
class _Stages:
    strata: pd.Index
    one: StageOne
    unit_stratum: IntArray
    unit_index: pd.MultiIndex | None
    two: StageTwo | None
    ssu_index: pd.MultiIndex | None
    ssu_unit: IntArray | None


def _popsize(values: FloatArray, sampsize: FloatArray, fraction: bool) -> FloatArray:
    return sampsize / values if fraction else values


def _constant_fpc(units: pd.DataFrame, group: list[str], stage: int, design: SurveyDesign) -> Any:
    lo, hi = f"_fpc{stage}_min", f"_fpc{stage}_max"
    agg = units.groupby(group, sort=False).agg(lo=(lo, "min"), hi=(hi, "max"))
    varies = agg[agg["lo"] != agg["hi"]]
    if len(varies):
        col = design.fpc if stage == 1 else design.fpc2
        raise InputError(
            f"column {col!r} varies within the {'stratum' if stage == 1 else 'PSU'} "
            f"{varies.index[0]!r}; an FPC must be constant there"
        )
    return agg["hi"]


def build_stages(units: pd.DataFrame, design: SurveyDesign) -> _Stages:
    """The design's strata, PSUs and SSUs with their sizes and FPC factors."""
    if design.fpc:
        fpc_values = [units["_fpc1_min"].to_numpy()]
        if design.fpc2:
            fpc_values.append(units["_fpc2_min"].to_numpy())
        all_fpc = np.concatenate(fpc_values)
        popsize_given = bool(np.any(all_fpc > 1))
        if popsize_given != bool(np.all(all_fpc >= 1)):
            raise InputError(
                "FPC columns must hold all population sizes (>= 1) or all fractions (<= 1)"
            )
        fraction = not popsize_given
    strata = pd.Index(sorted(units[STRATUM].unique()))
    if design.psu:
        psus = units[[STRATUM, UNIT]].drop_duplicates()
        if not design.nest and design.strata:
            dup = psus[UNIT].duplicated(keep=False)
            if dup.any():
                psu = psus.loc[dup, UNIT].iloc[0]
                raise InputError(
                    f"PSU {psu!r} of column {design.psu!r} appears in more than one stratum of "
                    f"{design.strata!r}; add --nest if PSU numbers restart in each stratum"
                )
        unit_index = pd.MultiIndex.from_frame(psus)
        unit_stratum = strata.get_indexer(psus[STRATUM])
        n_h = np.bincount(unit_stratum, minlength=len(strata)).astype(np.float64)
    else:
        unit_index = None
        rows = units.groupby(STRATUM)["_rows"].sum()
        n_h = rows.reindex(strata).to_numpy(dtype=np.float64)
        unit_stratum = np.arange(len(strata))
    f1 = np.ones(len(strata))
    popsize1 = np.full(len(strata), np.inf)
    if design.fpc:
        fpc1 = _constant_fpc(units, [STRATUM], 1, design).reindex(strata).to_numpy(dtype=np.float64)
        popsize1 = _popsize(fpc1, n_h, fraction)
        _check_popsize(popsize1, n_h, strata, design.fpc)
        f1 = fpc_factor(popsize1, n_h)
    one = StageOne(n_units=n_h, f=f1, labels=tuple(str(s) for s in strata))
    two = None
    ssu_index = ssu_unit = None
    if design.psu and design.ssu and design.fpc2:
        assert unit_index is not None
        ssus = units[[STRATUM, UNIT, SSU]].drop_duplicates()
        ssu_index = pd.MultiIndex.from_frame(ssus)
        ssu_unit = unit_index.get_indexer(pd.MultiIndex.from_frame(ssus[[STRATUM, UNIT]]))
        n2 = np.bincount(ssu_unit, minlength=len(unit_index)).astype(np.float64)
        fpc2 = _constant_fpc(units, [STRATUM, UNIT], 2, design)
        fpc2 = fpc2.reindex(unit_index).to_numpy(dtype=np.float64)
        popsize2 = _popsize(fpc2, n2, fraction)
        _check_popsize(popsize2, n2, [str(u) for u in unit_index], design.fpc2 or "")
        with np.errstate(divide="ignore"):
            frac1 = np.where(
                np.isinf(popsize1), 0.0, n_h / np.where(np.isinf(popsize1), 1.0, popsize1)
            )
        two = StageTwo(
            stratum=unit_stratum,
            n_units=n2,
            f=fpc_factor(popsize2, n2),
            first_stage_fraction=frac1[unit_stratum],
            labels=tuple(f"{h}/{u}" for h, u in unit_index),
        )
    elif design.psu and design.fpc2 and not design.ssu:
        raise InputError("--fpc has a second column but --psu names no second-stage unit")
    return _Stages(strata, one, unit_stratum, unit_index, two, ssu_index, ssu_unit)


def _check_popsize(
    popsize: FloatArray, sampsize: FloatArray, labels: Sequence[Any], col: str
) -> None:
    bad = np.flatnonzero(popsize < sampsize)
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"column {col!r} implies more than 100% sampling in {labels[i]!r}: population "
            f"{popsize[i]:g} < sample {sampsize[i]:g} units"
        )


def _domain_index(
    frame: pd.DataFrame, by: Sequence[str]
) -> tuple[tuple[tuple[Any, ...], ...], IntArray]:
    if not by:
        return ((),), np.zeros(len(frame), dtype=np.intp)
    keys = frame[list(by)].drop_duplicates()
    ordered = sorted(keys.itertuples(index=False, name=None))
    index = pd.MultiIndex.from_tuples(ordered, names=list(by))
    codes = index.get_indexer(pd.MultiIndex.from_frame(frame[list(by)]))
    return tuple(ordered), np.asarray(codes, dtype=np.intp)


def _totals(frame: pd.DataFrame, dom: IntArray, n_dom: int, column: str) -> FloatArray:
    out = np.bincount(dom, weights=frame[column].to_numpy(dtype=np.float64), minlength=n_dom)
    return np.asarray(out, dtype=np.float64)


def _deff(
    kind: str,
    variance: FloatArray,
    wy: FloatArray,
    wx: FloatArray,
    wsum: FloatArray,
    nobs: FloatArray,
    dyy: FloatArray,
    dxy: FloatArray,
    dxx: FloatArray,
) -> FloatArray:
    """R's design effect: the variance over the variance of simple random sampling without replacement."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "total":
            r = wy / wsum
            ss = dyy - 2 * r * wy + r * r * wsum
            svyvar = nobs / (nobs - 1) * ss / wsum
            vsrs = svyvar * wsum * wsum * (wsum - nobs) / (wsum * nobs)
        else:
            r = wy / wx
            ss = dyy - 2 * r * dxy + r * r * dxx
            svyvar = nobs / (nobs - 1) * ss / wsum
            if kind == "mean":
                vsrs = svyvar * (wsum - nobs) / (wsum * nobs)
                vsrs = np.where(wsum < nobs, np.nan, vsrs)
            else:
                vsrs = svyvar / (wx * wx) * wsum * wsum * (wsum - nobs) / (wsum * nobs)
        return np.asarray(variance / vsrs, dtype=np.float64)


def taylor_domains(
    groups: pd.DataFrame,
    units: pd.DataFrame,
    design: SurveyDesign,
    specs: Sequence[CellSpec],
    by: Sequence[str],
    *,
    deff: bool,
    stages: _Stages | None = None,
    centres: FloatArray | None = None,
) -> DomainResult:
    """Estimates and Taylor variances from :func:`engine.taylor_totals` output.

    ``centres`` (domains × cells) centre the scores of means at another value than the estimate:
    R's logistic fit centres them at its fitted probability.
    """
    st = stages or build_stages(units, design)
    domains, dom = _domain_index(groups, by)
    n_dom, n_cell = len(domains), len(specs)
    n_strata = len(st.one.labels)
    h = st.strata.get_indexer(pd.Index(groups[STRATUM]))
    est = np.zeros((n_dom, n_cell))
    var = np.zeros((n_dom, n_cell))
    nn = np.zeros((n_dom, n_cell), dtype=np.intp)
    de = np.full((n_dom, n_cell), np.nan)
    ratio_r = np.zeros((n_dom, n_cell))
    wx_tot = np.zeros((n_dom, n_cell))
    k_of = dom[:, None] * n_cell + np.arange(n_cell)[None, :]  # column of each (row, cell)
    for c, spec in enumerate(specs):
        wy = _totals(groups, dom, n_dom, f"{spec.key}_wy")
        wx = _totals(groups, dom, n_dom, f"{spec.key}_wx")
        nn[:, c] = _totals(groups, dom, n_dom, f"{spec.key}_n").astype(np.intp)
        with np.errstate(divide="ignore", invalid="ignore"):
            est[:, c] = wy if spec.kind == "total" else wy / wx
        ratio_r[:, c] = 0.0 if spec.kind == "total" else est[:, c]
        if centres is not None:
            ratio_r[:, c] = centres[:, c]
        wx_tot[:, c] = 1.0 if spec.kind == "total" else wx
    n_cols = n_dom * n_cell
    # per-row scores of each cell, in the row's own domain column
    zrows = np.zeros((len(groups), n_cell))
    valid = np.zeros((len(groups), n_cell))
    for c, spec in enumerate(specs):
        wy = groups[f"{spec.key}_wy"].to_numpy(dtype=np.float64)
        wx = groups[f"{spec.key}_wx"].to_numpy(dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            zrows[:, c] = (wy - ratio_r[dom, c] * wx) / wx_tot[dom, c]
        valid[:, c] = groups[f"{spec.key}_n"].to_numpy(dtype=np.float64)
    present = np.zeros((n_strata, n_cols), dtype=bool)
    counts = scatter_sum(np.repeat(h, n_cell), k_of.ravel(), valid.ravel(), (n_strata, n_cols))
    present = counts > 0
    if design.psu is None:
        s1 = scatter_sum(np.repeat(h, n_cell), k_of.ravel(), zrows.ravel(), (n_strata, n_cols))
        s2 = np.zeros((n_strata, n_cols))
        for c, spec in enumerate(specs):
            qyy = groups[f"{spec.key}_qyy"].to_numpy(dtype=np.float64)
            qxy = groups[f"{spec.key}_qxy"].to_numpy(dtype=np.float64)
            qxx = groups[f"{spec.key}_qxx"].to_numpy(dtype=np.float64)
            r, x = ratio_r[dom, c], wx_tot[dom, c]
            with np.errstate(divide="ignore", invalid="ignore"):
                q = (qyy - 2 * r * qxy + r * r * qxx) / (x * x)
            s2 += scatter_sum(h, k_of[:, c], q, (n_strata, n_cols))
        n_h = st.one.n_units[:, None]
        ss = s2 - s1 * s1 / n_h
        v1 = stage_one_variance(st.one, ss, s2, present, design.lonely_psu, design.strata or "")
    else:
        assert st.unit_index is not None
        unit = st.unit_index.get_indexer(pd.MultiIndex.from_frame(groups[[STRATUM, UNIT]]))
        z = scatter_sum(
            np.repeat(unit, n_cell), k_of.ravel(), zrows.ravel(), (len(st.unit_index), n_cols)
        )
        _, ss, raw = centered_sums(z, st.unit_stratum, n_strata, st.one.n_units)
        v1 = stage_one_variance(st.one, ss, raw, present, design.lonely_psu, design.strata or "")
        if st.two is not None:
            assert st.ssu_index is not None and st.ssu_unit is not None
            ssu = st.ssu_index.get_indexer(pd.MultiIndex.from_frame(groups[[STRATUM, UNIT, SSU]]))
            z2 = scatter_sum(
                np.repeat(ssu, n_cell), k_of.ravel(), zrows.ravel(), (len(st.ssu_index), n_cols)
            )
            _, ss2, raw2 = centered_sums(z2, st.ssu_unit, len(st.unit_index), st.two.n_units)
            counts2 = scatter_sum(
                np.repeat(unit, n_cell), k_of.ravel(), valid.ravel(), (len(st.unit_index), n_cols)
            )
            v1 = v1 + stage_two_variance(
                st.two, ss2, raw2, counts2 > 0, design.lonely_psu, design.psu
            )
    var = v1.reshape(n_dom, n_cell)
    if deff:
        for c, spec in enumerate(specs):
            de[:, c] = _deff(spec.kind, var[:, c], *_deff_inputs(groups, dom, n_dom, spec))
    df = _taylor_df(groups, dom, n_dom, h, n_strata, None if design.psu is None else unit)
    rows = _totals(groups, dom, n_dom, "_all_n")
    return DomainResult(domains, est, var, nn, de, df, rows)


def _deff_inputs(
    groups: pd.DataFrame, dom: IntArray, n_dom: int, spec: CellSpec
) -> tuple[FloatArray, ...]:
    k = spec.key
    wy = _totals(groups, dom, n_dom, f"{k}_wy")
    wx = _totals(groups, dom, n_dom, f"{k}_wx")
    wsum = _totals(groups, dom, n_dom, f"{k}_ws")
    nobs = _totals(groups, dom, n_dom, f"{k}_np")
    return (
        wy,
        wx,
        wsum,
        nobs,
        _totals(groups, dom, n_dom, f"{k}_dyy"),
        _totals(groups, dom, n_dom, f"{k}_dxy"),
        _totals(groups, dom, n_dom, f"{k}_dxx"),
    )


def _distinct_per_domain(dom: IntArray, key: IntArray, n_keys: int, n_dom: int) -> FloatArray:
    """How many distinct ``key`` values each domain has."""
    pairs = np.unique(dom.astype(np.int64) * max(n_keys, 1) + key)
    return np.bincount(pairs // max(n_keys, 1), minlength=n_dom).astype(np.float64)


def _taylor_df(
    groups: pd.DataFrame,
    dom: IntArray,
    n_dom: int,
    h: IntArray,
    n_strata: int,
    unit: IntArray | None,
) -> FloatArray:
    """R's ``degf``: PSUs (``unit`` codes; elements without) minus strata among the domain's rows
    with non-zero weight."""
    pos = groups["_all_np"].to_numpy() > 0
    if unit is None:
        np_rows = groups["_all_np"].to_numpy(dtype=np.float64)[pos]
        units = np.bincount(dom[pos], weights=np_rows, minlength=n_dom).astype(np.float64)
    else:
        n_units = int(unit.max()) + 1 if unit.size else 1
        units = _distinct_per_domain(dom[pos], unit[pos], n_units, n_dom)
    strata = _distinct_per_domain(dom[pos], h[pos], n_strata, n_dom)
    return np.asarray(units - strata, dtype=np.float64)


def replicate_domains(
    totals: pd.DataFrame,
    factor_rows: pd.DataFrame,
    design: SurveyDesign,
    specs: Sequence[CellSpec],
    by: Sequence[str],
    *,
    deff: bool,
) -> DomainResult:
    """Estimates and replicate variances from :func:`engine.replicate_totals` output."""
    rep = design.replicates
    assert rep is not None
    scale, rscales = replicate_scales(rep)
    domains, dom = _domain_index(totals, by)
    order = np.argsort(dom)
    totals = totals.iloc[order].reset_index(drop=True)
    n_dom, n_cell, n_rep = len(domains), len(specs), len(rep.columns)
    est = np.zeros((n_dom, n_cell))
    var = np.zeros((n_dom, n_cell))
    nn = np.zeros((n_dom, n_cell), dtype=np.intp)
    de = np.full((n_dom, n_cell), np.nan)
    reps = np.zeros((n_dom, n_cell, n_rep))
    for c, spec in enumerate(specs):
        k = spec.key
        wy = totals[f"{k}_wy"].to_numpy(dtype=np.float64)
        wx = totals[f"{k}_wx"].to_numpy(dtype=np.float64)
        ry = totals[[f"{k}_r{i}_wy" for i in range(n_rep)]].to_numpy(dtype=np.float64)
        rx = totals[[f"{k}_r{i}_wx" for i in range(n_rep)]].to_numpy(dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            full = wy if spec.kind == "total" else wy / wx
            thetas = ry if spec.kind == "total" else ry / rx
        est[:, c] = full
        reps[:, c, :] = thetas
        var[:, c] = replicate_variance(thetas.T, full, scale, rscales, rep.mse)
        nn[:, c] = totals[f"{k}_n"].to_numpy()
        if deff and spec.kind in ("total", "mean"):
            de[:, c] = _replicate_deff(totals, spec, var[:, c])
    df = np.zeros(n_dom)
    fcols = [f"_f{i}" for i in range(n_rep)]
    if by:
        _, fdom = _domain_index(factor_rows, by)
        remap = {d: i for i, d in enumerate(domains)}
        labels = _domain_index(factor_rows, by)[0]
        for j, label in enumerate(labels):
            m = factor_rows.loc[fdom == j, fcols].to_numpy(dtype=np.float64)
            df[remap[label]] = replicate_rank(m) - 1
    else:
        df[0] = replicate_rank(factor_rows[fcols].to_numpy(dtype=np.float64)) - 1
    rows = totals["_all_n"].to_numpy(dtype=np.float64)
    return DomainResult(domains, est, var, nn, de, df, rows, reps)


def _replicate_deff(totals: pd.DataFrame, spec: CellSpec, variance: FloatArray) -> FloatArray:
    k = spec.key
    wy = totals[f"{k}_wy"].to_numpy(dtype=np.float64)
    wsum = totals[f"{k}_ws"].to_numpy(dtype=np.float64)
    n = totals[f"{k}_n"].to_numpy(dtype=np.float64)
    dyy = totals[f"{k}_dyy"].to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ybar = wy / wsum
        svyvar = n / (n - 1) * (dyy - 2 * ybar * wy + ybar * ybar * wsum) / wsum
        vsrs = svyvar / n * (wsum - n) / wsum
        if spec.kind == "total":
            vsrs = vsrs * wsum * wsum
        return np.asarray(variance / vsrs, dtype=np.float64)
