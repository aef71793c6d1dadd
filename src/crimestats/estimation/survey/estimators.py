"""Design-based means, totals, proportions, ratios and quantiles by domain, matching R's ``survey``.

:func:`estimate` is the one entry point: give it a table (an Ibis expression, a pandas frame or an Arrow
table), a :class:`SurveyDesign` and requests; it returns one :class:`SurveyEstimate` per variable (or
category level) × statistic × domain. Domains (``by``) are computed as R's ``svyby``: every PSU of the
design stays in the variance, so small domains get honest standard errors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa

from crimestats.engine import connect, register_arrow, require_columns, to_arrow
from crimestats.errors import EstimationError, InputError
from crimestats.estimation.survey.ciprop import (
    likelihood_interval,
    proportion_interval,
    wald_interval,
)
from crimestats.estimation.survey.domains import (
    CellSpec,
    DomainResult,
    replicate_domains,
    taylor_domains,
)
from crimestats.estimation.survey.engine import (
    SSU,
    STRATUM,
    UNIT,
    WEIGHT,
    Cell,
    check_design,
    column_kinds,
    design_units,
    distinct_levels,
    keyed,
    replicate_factor_rows,
    replicate_totals,
    taylor_totals,
)
from crimestats.estimation.survey.quantile import qrule_math, woodruff_interval
from crimestats.estimation.survey.replicate import (
    replicate_rank,
    replicate_scales,
    replicate_variance,
)
from crimestats.model.survey import EstimateRequest, Statistic, SurveyDesign, SurveyEstimate

__all__ = ["MAX_LEVELS", "as_table", "estimate"]

#: A text column with more distinct values than this is not treated as categorical.
MAX_LEVELS = 100


def as_table(data: Any) -> Any:
    """An Ibis table for an Ibis expression, a pandas frame or an Arrow table."""
    if isinstance(data, pd.DataFrame):
        data = pa.Table.from_pandas(data, preserve_index=False)
    if isinstance(data, pa.Table):
        return register_arrow(connect(), data)
    return data


@dataclass(frozen=True, slots=True)
class _Item:
    """One output variable: a request, its label and the engine cell that totals it."""

    request: EstimateRequest
    label: str
    spec: CellSpec
    cell: Cell
    binary: bool


def _level_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _expand(
    table: Any, requests: Sequence[EstimateRequest], na_rm: bool, source: str
) -> list[_Item]:
    names = [r.variable for r in requests] + [r.denominator for r in requests if r.denominator]
    kinds = column_kinds(table, list(dict.fromkeys(names)))
    items: list[_Item] = []
    for i, req in enumerate(requests):
        col = table[req.variable]
        kind = kinds[req.variable]
        valid = col.notnull()  # without --na-rm a missing value has already stopped the run
        key = f"c{i}"
        if req.statistic is Statistic.RATIO:
            den = req.denominator or ""
            for name in (req.variable, den):
                if kinds[name] not in ("numeric", "boolean"):
                    raise InputError(
                        f"{source}: column {name!r} is not numeric; a ratio needs numbers"
                    )
            dcol = table[den]
            valid = col.notnull() & dcol.notnull()
            cell = Cell(key, col.cast("float64"), dcol.cast("float64"), valid)
            items.append(_Item(req, req.label, CellSpec(key, "ratio"), cell, False))
            continue
        if req.statistic is Statistic.QUANTILE:
            if kind != "numeric":
                raise InputError(
                    f"{source}: column {req.variable!r} is not numeric; a quantile needs numbers"
                )
            continue
        kind_stat = "total" if req.statistic is Statistic.TOTAL else "mean"
        binary = _is_binary(table, req.variable, kind)
        if kind in ("numeric", "boolean") and (req.statistic is not Statistic.PROPORTION or binary):
            cell = Cell(key, col.cast("float64"), None, valid)
            items.append(_Item(req, req.variable, CellSpec(key, kind_stat), cell, binary))
            continue
        if kind not in ("text", "numeric"):
            raise InputError(
                f"{source}: column {req.variable!r} is not numeric; a {req.statistic} needs numbers "
                "or a categorical variable"
            )
        levels = distinct_levels(table, req.variable, MAX_LEVELS)
        if len(levels) > MAX_LEVELS:
            raise InputError(
                f"{source}: column {req.variable!r} is not numeric and has more than {MAX_LEVELS} "
                f"distinct values; a {req.statistic} needs numbers or a categorical variable"
            )
        for j, level in enumerate(levels):
            ind = (col == level).cast("float64")
            cell = Cell(f"{key}l{j}", ind, None, valid)
            label = f"{req.variable}={_level_text(level)}"
            items.append(_Item(req, label, CellSpec(cell.key, kind_stat), cell, True))
    return items


def _is_binary(table: Any, column: str, kind: str) -> bool:
    if kind == "boolean":
        return True
    if kind != "numeric":
        return False
    col = table[column].cast("float64")
    row = to_arrow(table.aggregate(bad=((col != 0) & (col != 1)).cast("int64").sum())).to_pylist()
    return not row[0]["bad"]


def _check_missing(table: Any, requests: Sequence[EstimateRequest], source: str) -> None:
    names = list(
        dict.fromkeys(
            [r.variable for r in requests] + [r.denominator for r in requests if r.denominator]
        )
    )
    aggs = {f"m{i}": table[n].isnull().cast("int64").sum() for i, n in enumerate(names)}
    counts = to_arrow(table.aggregate(**aggs)).to_pylist()[0]
    for i, name in enumerate(names):
        if counts[f"m{i}"]:
            raise InputError(
                f"{source}: column {name!r} has {counts[f'm{i}']} missing values; pass --na-rm to "
                "estimate from the respondents who answered (R's na.rm=TRUE)"
            )


def estimate(
    data: Any,
    design: SurveyDesign,
    requests: Sequence[EstimateRequest],
    *,
    by: Sequence[str] = (),
    na_rm: bool = False,
    deff: bool = False,
    ci_method: str | None = None,
    level: float = 0.95,
    source: str = "data",
) -> tuple[SurveyEstimate, ...]:
    """Estimates with standard errors, intervals, CVs, design effects and df, as R's ``survey``.

    Means, totals and ratios get R's ``confint`` interval (normal); proportions get
    ``svyciprop(method=ci_method)`` (default ``logit``, as R); quantiles get R's default Woodruff
    interval. ``df`` is R's ``degf`` for the domain.
    """
    if not 0 < level < 1:
        raise InputError(f"--level must be between 0 and 1, got {level}")
    if not requests:
        raise InputError(
            "ask for at least one statistic: --mean, --total, --proportion, --ratio or --quantile"
        )
    table = as_table(data)
    by = list(by)
    needed = [r.variable for r in requests] + [r.denominator for r in requests if r.denominator]
    require_columns(table, list(dict.fromkeys([*design.columns(), *by, *needed])), source)
    check_design(
        table.select(*dict.fromkeys([*design.columns(), *by, *needed])), design, by, source
    )
    if not na_rm:
        _check_missing(table, requests, source)
    items = _expand(table, requests, na_rm, source)
    result = _domain_result(table, design, items, by, deff) if items else None
    units = design_units(table, design) if design.replicates is None else None
    out: list[SurveyEstimate] = []
    for req in requests:
        if req.statistic is Statistic.QUANTILE:
            out.extend(_quantiles(table, design, req, by, na_rm, level, units))
            continue
        for c, item in enumerate(items):
            if item.request is not req:
                continue
            assert result is not None
            out.extend(_rows(table, design, item, c, result, by, na_rm, ci_method, level, source))
    return tuple(out)


def _domain_result(
    table: Any, design: SurveyDesign, items: Sequence[_Item], by: Sequence[str], deff: bool
) -> DomainResult:
    cells = [i.cell for i in items]
    specs = [i.spec for i in items]
    if design.replicates is not None:
        totals = replicate_totals(table, design, cells, by, deff=deff)
        factors = replicate_factor_rows(table, design, by)
        return replicate_domains(totals, factors, design, specs, by, deff=deff)
    groups = taylor_totals(table, design, cells, by, deff=deff)
    units = design_units(table, design)
    return taylor_domains(groups, units, design, specs, by, deff=deff)


def _none(x: float) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


def _domain_label(by: Sequence[str], dom: tuple[Any, ...]) -> str:
    return ", ".join(f"{b}={v!r}" for b, v in zip(by, dom, strict=True))


def _rows(
    table: Any,
    design: SurveyDesign,
    item: _Item,
    c: int,
    result: DomainResult,
    by: Sequence[str],
    na_rm: bool,
    ci_method: str | None,
    level: float,
    source: str,
) -> list[SurveyEstimate]:
    out = []
    stat = item.request.statistic
    for d, dom in enumerate(result.domains):
        n = int(result.n[d, c])
        est = float(result.estimate[d, c])
        if n == 0 or math.isnan(est):
            where = f"domain {_domain_label(by, dom)}" if by else "the sample"
            raise EstimationError(
                f"{source}: {where} has no respondents with a value of {item.request.variable!r} "
                "(or their weights sum to zero); drop that domain or that variable"
            )
        var = float(result.variance[d, c])
        se = math.sqrt(var) if var >= 0 else math.nan
        df = float(result.df[d])
        if stat is Statistic.PROPORTION:
            method = ci_method or "logit"
            profile = None
            if method == "likelihood":
                y, w = _binary_rows(table, design, item, by, dom, na_rm)
                profile = likelihood_interval(y, w, se, level=level, df=df)
            lo, hi = proportion_interval(
                method,
                est,
                se,
                level=level,
                df=df,
                n_rows=int(result.rows[d]),
                likelihood_profile=profile,
                logit_se=_replicate_logit_se(design, result, d, c),
            )
        else:
            lo, hi = wald_interval(est, se, level)
        out.append(
            SurveyEstimate(
                domain=tuple(zip(by, dom, strict=True)),
                variable=item.label,
                statistic=str(stat),
                estimate=est,
                se=_none(se),
                ci_low=_none(lo),
                ci_high=_none(hi),
                cv=_none(se / est) if est != 0 else None,
                deff=_none(float(result.deff[d, c])),
                df=df,
                n=n,
            )
        )
    return out


def _replicate_logit_se(design: SurveyDesign, result: DomainResult, d: int, c: int) -> float | None:
    """SE of the logit from replicate logits, as R's ``svyglm`` on a replicate design."""
    if design.replicates is None or result.replicates is None:
        return None
    p = float(result.estimate[d, c])
    if not 0 < p < 1:
        return None
    scale, rscales = replicate_scales(design.replicates)
    with np.errstate(divide="ignore", invalid="ignore"):
        logits = np.log(result.replicates[d, c] / (1 - result.replicates[d, c]))
    full = np.array([math.log(p / (1 - p))])
    v = replicate_variance(logits[:, None], full, scale, rscales, design.replicates.mse)
    return math.sqrt(float(v[0]))


def _domain_filter(table: Any, by: Sequence[str], dom: tuple[Any, ...]) -> Any:
    if not by:
        return table
    return table.filter(ibis.and_(*[table[b] == v for b, v in zip(by, dom, strict=True)]))


def _binary_rows(
    table: Any,
    design: SurveyDesign,
    item: _Item,
    by: Sequence[str],
    dom: tuple[Any, ...],
    na_rm: bool,
) -> tuple[np.ndarray, np.ndarray]:
    t = _domain_filter(table, by, dom)
    if na_rm:
        t = t.filter(item.cell.valid)
    t = keyed(t, design)
    frame = to_arrow(t.select(_y=item.cell.y, _w=t[WEIGHT])).to_pandas()
    return frame["_y"].to_numpy(dtype=np.float64), frame["_w"].to_numpy(dtype=np.float64)


def _quantiles(
    table: Any,
    design: SurveyDesign,
    req: EstimateRequest,
    by: Sequence[str],
    na_rm: bool,
    level: float,
    units: pd.DataFrame | None,
) -> list[SurveyEstimate]:
    t = keyed(table, design)
    if na_rm:
        t = t.filter(t[req.variable].notnull())
    if by:
        t = t.filter(ibis.and_(*[t[b].notnull() for b in by]))
    cols: dict[str, Any] = {"_y": t[req.variable].cast("float64")}
    cols["_w"] = t[WEIGHT]
    for key in (STRATUM, UNIT, SSU):
        if key in t.columns:
            cols[key] = t[key]
    cols.update({b: t[b] for b in by})
    if design.replicates:
        cols.update(
            {f"_r{i}": t[n].cast("float64") for i, n in enumerate(design.replicates.columns)}
        )
    rows = to_arrow(t.select(**cols)).to_pandas()
    out = []
    groups: Any = rows.groupby(list(by), sort=True, dropna=True) if by else [((), rows)]
    for key, frame in groups:
        dom = key if isinstance(key, tuple) else (key,)
        x = frame["_y"].to_numpy(dtype=np.float64)
        w = frame["_w"].to_numpy(dtype=np.float64)
        if x.size == 0:
            continue
        se_fn, df = _indicator_se(frame, design, units)
        for p in req.probs:
            q = qrule_math(x, w, p)
            lo, hi, se = woodruff_interval(x, w, q, _indicator(se_fn, x), level=level, df=df)
            out.append(
                SurveyEstimate(
                    domain=tuple(zip(by, dom, strict=True)),
                    variable=req.variable,
                    statistic=f"quantile_{_level_text(p)}",
                    estimate=q,
                    se=_none(se),
                    ci_low=_none(lo),
                    ci_high=_none(hi),
                    cv=_none(se / q) if q != 0 else None,
                    deff=None,
                    df=df,
                    n=int(x.size),
                )
            )
    return out


def _indicator(se_fn: Any, x: np.ndarray) -> Any:
    """The design mean and SE of ``x <= q`` as a function of ``q`` (for Woodruff intervals)."""

    def at(q: float) -> tuple[float, float]:
        result: tuple[float, float] = se_fn(x <= q)
        return result

    return at


def _indicator_se(
    frame: pd.DataFrame, design: SurveyDesign, units: pd.DataFrame | None
) -> tuple[Any, float]:
    """A function giving the design mean and SE of a 0/1 array over the domain's rows, and its df."""
    w = frame["_w"].to_numpy(dtype=np.float64)
    if design.replicates is not None:
        rep = design.replicates
        scale, rscales = replicate_scales(rep)
        rw = frame[[f"_r{i}" for i in range(len(rep.columns))]].to_numpy(dtype=np.float64)
        factors = np.where(w[:, None] > 0, rw / np.where(w[:, None] > 0, w[:, None], 1.0), rw)
        df = float(replicate_rank(np.unique(factors, axis=0)) - 1)

        def rep_se(ind: np.ndarray) -> tuple[float, float]:
            y = ind.astype(np.float64)
            full = float(np.sum(w * y) / np.sum(w))
            with np.errstate(divide="ignore", invalid="ignore"):
                thetas = (rw * y[:, None]).sum(axis=0) / rw.sum(axis=0)
            v = replicate_variance(thetas[:, None], np.array([full]), scale, rscales, rep.mse)
            return full, math.sqrt(float(v[0]))

        return rep_se, df
    assert units is not None
    keys = [k for k in (STRATUM, UNIT, SSU) if k in frame.columns]
    if SSU in keys and not (design.fpc2 and design.ssu):
        keys.remove(SSU)
    element = design.psu is None

    def taylor_se(ind: np.ndarray) -> tuple[float, float]:
        y = ind.astype(np.float64)
        g = pd.DataFrame({k: frame[k].to_numpy() for k in keys})
        g["q_wy"] = w * y
        g["q_wx"] = w
        g["q_n"] = 1
        g["q_np"] = (w != 0).astype(np.int64)
        g["_all_n"] = 1
        g["_all_np"] = (w != 0).astype(np.int64)
        if element:
            g["q_qyy"] = w * w * y * y
            g["q_qxy"] = w * w * y
            g["q_qxx"] = w * w
        grouped = g.groupby(keys, sort=False).sum().reset_index()
        r = taylor_domains(grouped, units, design, [CellSpec("q", "mean")], (), deff=False)
        return float(r.estimate[0, 0]), math.sqrt(float(r.variance[0, 0]))

    g0 = pd.DataFrame({k: frame[k].to_numpy() for k in keys})
    g0["_all_np"] = (w != 0).astype(np.int64)
    df = _frame_df(g0, keys, element)
    return taylor_se, df


def _frame_df(g: pd.DataFrame, keys: list[str], element: bool) -> float:
    pos = g[g["_all_np"] > 0]
    strata = pos[STRATUM].nunique()
    units = len(pos) if element else len(pos[[STRATUM, UNIT]].drop_duplicates())
    return float(units - strata)
