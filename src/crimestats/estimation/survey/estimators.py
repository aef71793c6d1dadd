"""Design-based means, totals, proportions, ratios and quantiles by domain, matching R's ``survey``.

:func:`estimate` is the one entry point: give it a table (an Ibis expression, a pandas frame or an Arrow
table), a :class:`SurveyDesign` and requests; it returns one :class:`SurveyEstimate` per variable (or
category level) × statistic × domain. Domains (``by``) are computed as R's ``svyby``: every PSU of the
design stays in the variance, so small domains get honest standard errors. Every requested variable and
domain is totalled in one scan of the data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from crimestats.engine import connect, register_arrow, require_columns
from crimestats.errors import EstimationError, InputError
from crimestats.estimation.survey.checks import check_totals, design_units
from crimestats.estimation.survey.ciprop import proportion_interval, wald_interval
from crimestats.estimation.survey.domains import (
    CellSpec,
    DomainResult,
    replicate_domains,
    taylor_domains,
)
from crimestats.estimation.survey.engine import (
    Cell,
    binary_columns,
    column_kinds,
    distinct_levels,
    logit_start_totals,
    replicate_factor_rows,
    replicate_totals,
    require_numeric_design,
    taylor_totals,
)
from crimestats.estimation.survey.likelihood import likelihood_interval
from crimestats.estimation.survey.logit import linkinv, logit_fit, mu_eta, refit_from
from crimestats.estimation.survey.quantile import quantile_rows
from crimestats.estimation.survey.replicate import replicate_scales, replicate_variance
from crimestats.estimation.survey.scores import fetch_domain_rows
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


def _level_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _expand(
    table: Any, requests: Sequence[EstimateRequest], na_rm: bool, source: str
) -> list[_Item]:
    names = [r.variable for r in requests] + [r.denominator for r in requests if r.denominator]
    kinds = column_kinds(table, list(dict.fromkeys(names)))
    proportions = [
        r.variable
        for r in requests
        if r.statistic is Statistic.PROPORTION and kinds[r.variable] == "numeric"
    ]
    binary = binary_columns(table, list(dict.fromkeys(proportions)))
    variables = list(dict.fromkeys(names))

    def validity(*columns: str) -> tuple[Any, str]:
        # without --na-rm a missing value stops the run, so every row is valid
        if not na_rm:
            return None, ""
        valid = ibis.and_(*[table[c].notnull() for c in columns])
        return valid, "v" + "_".join(str(variables.index(c)) for c in columns)

    items: list[_Item] = []
    for i, req in enumerate(requests):
        col = table[req.variable]
        kind = kinds[req.variable]
        key = f"c{i}"
        if req.statistic is Statistic.RATIO:
            den = req.denominator or ""
            for name in (req.variable, den):
                if kinds[name] not in ("numeric", "boolean"):
                    raise InputError(
                        f"{source}: column {name!r} is not numeric; a ratio needs numbers"
                    )
            valid, vkey = validity(req.variable, den)
            cell = Cell(key, col.cast("float64"), table[den].cast("float64"), valid, vkey)
            items.append(_Item(req, req.label, CellSpec(key, "ratio"), cell))
            continue
        if req.statistic is Statistic.QUANTILE:
            if kind != "numeric":
                raise InputError(
                    f"{source}: column {req.variable!r} is not numeric; a quantile needs numbers"
                )
            continue
        kind_stat = "total" if req.statistic is Statistic.TOTAL else "mean"
        valid, vkey = validity(req.variable)
        if kind in ("numeric", "boolean") and (
            req.statistic is not Statistic.PROPORTION or kind == "boolean" or req.variable in binary
        ):
            cell = Cell(key, col.cast("float64"), None, valid, vkey)
            items.append(_Item(req, req.variable, CellSpec(key, kind_stat), cell))
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
            cell = Cell(f"{key}l{j}", ind, None, valid, vkey)
            label = f"{req.variable}={_level_text(level)}"
            items.append(_Item(req, label, CellSpec(cell.key, kind_stat), cell))
    return items


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
    counted = list(dict.fromkeys(needed))
    require_columns(table, list(dict.fromkeys([*design.columns(), *by, *counted])), source)
    require_numeric_design(table, design, source)
    items = _expand(table, requests, na_rm, source)
    result, units, groups = _domain_result(table, design, items, by, deff, counted, na_rm, source)
    fits = _logit_fits(table, design, items, by, result, groups, units, ci_method)
    out: list[SurveyEstimate] = []
    for req in requests:
        if req.statistic is Statistic.QUANTILE:
            out.extend(_quantiles(table, design, req, by, na_rm, level, units))
            continue
        for c, item in enumerate(items):
            if item.request is req:
                fit = fits.get(c)
                out.extend(
                    _rows(table, design, item, c, result, by, ci_method, level, units, fit, source)
                )
    return tuple(out)


def _domain_result(
    table: Any,
    design: SurveyDesign,
    items: Sequence[_Item],
    by: Sequence[str],
    deff: bool,
    counted: Sequence[str],
    na_rm: bool,
    source: str,
) -> tuple[DomainResult, pd.DataFrame | None, pd.DataFrame]:
    cells = [i.cell for i in items]
    specs = [i.spec for i in items]
    if design.replicates is not None:
        totals = replicate_totals(table, design, cells, by, deff=deff, counted=counted)
        check_totals(totals, design, counted, na_rm=na_rm, source=source)
        totals = _known_domains(totals, by)
        factors = replicate_factor_rows(table, design, by)
        return replicate_domains(totals, factors, design, specs, by, deff=deff), None, totals
    groups = taylor_totals(table, design, cells, by, deff=deff, counted=counted)
    check_totals(groups, design, counted, na_rm=na_rm, source=source)
    units = design_units(groups, design)
    known = _known_domains(groups, by)
    result = taylor_domains(known, units, design, specs, by, deff=deff)
    return result, units, known


@dataclass(frozen=True, slots=True)
class _LogitFit:
    """R's fitted logit of a proportion in every domain, and its standard error."""

    beta: npt.NDArray[np.float64]
    se: npt.NDArray[np.float64]


def _logit_fits(
    table: Any,
    design: SurveyDesign,
    items: Sequence[_Item],
    by: Sequence[str],
    result: DomainResult,
    groups: pd.DataFrame,
    units: pd.DataFrame | None,
    ci_method: str | None,
) -> dict[int, _LogitFit]:
    """R's ``svyglm`` logit for proportions whose interval (and estimate) R reads off that fit."""
    if (ci_method or "logit") not in ("logit", "likelihood"):
        return {}
    idx = [c for c, it in enumerate(items) if it.request.statistic is Statistic.PROPORTION]
    if not idx:
        return {}
    start = logit_start_totals(table, design, [items[c].cell for c in idx], by)
    position = {dom: d for d, dom in enumerate(result.domains)}
    keys = list(start[list(by)].itertuples(index=False, name=None)) if by else [()]
    beta = np.full((len(result.domains), len(idx)), math.nan)
    for row, key in enumerate(keys):
        d = position.get(tuple(key))
        if d is None:
            continue
        for j, c in enumerate(idx):
            k = items[c].cell.key
            parts = [float(start[f"{k}_{s}"].iloc[row]) for s in _START]
            beta[d, j] = logit_fit(*parts)
    if design.replicates is not None:
        assert result.replicates is not None
        scale, rscales = replicate_scales(design.replicates)
        se = np.full_like(beta, math.nan)
        for d in range(len(result.domains)):
            for j, c in enumerate(idx):
                refits = [refit_from(float(p), beta[d, j]) for p in result.replicates[d, c]]
                v = replicate_variance(
                    np.asarray(refits)[:, None],
                    beta[d, j : j + 1],
                    scale,
                    rscales,
                    design.replicates.mse,
                )
                se[d, j] = math.sqrt(float(v[0]))
    else:
        assert units is not None
        mu = linkinv(beta)
        centred = taylor_domains(
            groups, units, design, [items[c].spec for c in idx], by, deff=False, centres=mu
        )
        with np.errstate(invalid="ignore"):
            se = np.sqrt(centred.variance) / mu_eta(beta)
    return {c: _LogitFit(beta[:, j], se[:, j]) for j, c in enumerate(idx)}


_START = ("ones", "zeros", "num", "den", "dev")


def _known_domains(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Rows with a missing ``by`` value belong to no domain (they stay in the design's units)."""
    if not by:
        return frame
    return frame[frame[list(by)].notna().all(axis=1)].reset_index(drop=True)


def _none(x: float | None) -> float | None:
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
    ci_method: str | None,
    level: float,
    units: pd.DataFrame | None,
    fit: _LogitFit | None,
    source: str,
) -> list[SurveyEstimate]:
    out = []
    stat = item.request.statistic
    profiles: dict[tuple[Any, ...], tuple[float, float]] = {}
    # R's likelihood interval is NA on replicate designs (its Pearson residuals need sampling
    # probabilities that a replicate design does not have); ours is empty there too.
    if stat is Statistic.PROPORTION and ci_method == "likelihood" and design.replicates is None:
        for dom, rows in fetch_domain_rows(table, design, by, item.cell.y, item.cell.valid, units):
            d = result.domains.index(dom)
            profiles[dom] = likelihood_interval(rows, level=level, df=float(result.df[d]))
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
            if fit is not None and not math.isnan(fit.beta[d]):
                est = float(linkinv(fit.beta[d : d + 1])[0])  # R reports expit of its fit
            lo, hi = proportion_interval(
                ci_method or "logit",
                est,
                se,
                level=level,
                df=df,
                n_rows=int(result.rows[d]),
                likelihood_profile=profiles.get(dom, (math.nan, math.nan)),
                logit_se=None if fit is None else float(fit.se[d]),
                logit_centre=None if fit is None else float(fit.beta[d]),
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


def _quantiles(
    table: Any,
    design: SurveyDesign,
    req: EstimateRequest,
    by: Sequence[str],
    na_rm: bool,
    level: float,
    units: pd.DataFrame | None,
) -> list[SurveyEstimate]:
    col = table[req.variable]
    valid = col.notnull() if na_rm else None
    out = []
    for dom, rows in fetch_domain_rows(table, design, by, col.cast("float64"), valid, units):
        if rows.frame.empty:
            continue
        for p, q, se, lo, hi, df in quantile_rows(rows, req.probs, level):
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
                    n=len(rows.frame),
                )
            )
    return out
