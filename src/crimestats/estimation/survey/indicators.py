"""Victimization indicators (prevalence, incidence, dark figure, SDG 16.1.3, 16.1.4, 16.3.1, 16.5.1).

Every indicator is a design-based share, mean or ratio on its denominator population, estimated with
:func:`estimate`: the denominator population (respondents who answered; victims for 16.3.1; persons in
contact with an official for 16.5.1) is a domain, as R's ``svyby``/``subset`` treats it, so its
standard error keeps every PSU of the design. Shares of persons get the proportion interval of
``ci_method`` (R's ``svyciprop``, logit by default); incidence is a mean and the dark figure a ratio of
totals (normal interval, R's ``confint``). Values are scaled to their unit (per 100, per 100,000) and
flagged from their coefficient of variation.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import ibis

from crimestats.engine import require_columns
from crimestats.errors import InputError
from crimestats.estimation.survey.engine import column_kinds
from crimestats.estimation.survey.estimators import as_table, estimate
from crimestats.model.survey import EstimateRequest, Statistic, SurveyDesign, SurveyEstimate
from crimestats.model.survey_indicators import (
    UNIT_MULTIPLIERS,
    Answer,
    IndicatorEstimate,
    IndicatorKind,
    SurveyIndicator,
    SurveyIndicatorConfig,
)

__all__ = ["estimate_indicator", "estimate_indicators", "resolve_design"]

_VALUE, _NUM, _DEN, _BASE = "_ind_value", "_ind_num", "_ind_den", "_ind_base"
_SHARES = (
    IndicatorKind.PREVALENCE,
    IndicatorKind.VIOLENCE,
    IndicatorKind.FEELING_SAFE,
    IndicatorKind.REPORTING,
    IndicatorKind.BRIBERY,
)


def resolve_design(design: SurveyDesign, columns: Sequence[str], source: str) -> SurveyDesign:
    """The design with replicate-weight globs (``rw_*``) expanded to the table's columns."""
    if design.replicates is None:
        return design
    names: list[str] = []
    for part in design.replicates.columns:
        matched = fnmatch.filter(columns, part) if any(ch in part for ch in "*?[") else [part]
        if not matched:
            raise InputError(f"{source}: replicate weights {part!r} match no column")
        names.extend(m for m in matched if m not in names)
    return replace(design, replicates=replace(design.replicates, columns=tuple(names)))


def _codes(codes: tuple[Any, ...], kind: str) -> list[Any]:
    """Codes as the column's type: YAML ``1`` matches a text column's ``"1"`` and vice versa."""
    if kind == "text":
        return [str(c) for c in codes]
    try:
        return [float(c) for c in codes]
    except (TypeError, ValueError):
        return list(codes)


def _answer(table: Any, answer: Answer, kinds: dict[str, str], source: str) -> Any:
    """1.0 for yes, 0.0 for no, null for no answer (an empty cell or a ``missing`` code)."""
    col = table[answer.column]
    kind = kinds[answer.column]
    missing = col.isnull()
    if answer.missing:
        missing = missing | col.isin(_codes(answer.missing, kind))
    if answer.yes:
        yes = col.isin(_codes(answer.yes, kind))
    elif kind == "numeric":
        yes = col > 0
    elif kind == "boolean":
        yes = col
    else:
        raise InputError(
            f"{source}: column {answer.column!r} holds text; say which answers mean yes "
            f"(e.g. {{column: {answer.column}, yes: [Yes]}})"
        )
    return ibis.ifelse(missing, ibis.null("float64"), ibis.ifelse(yes, 1.0, 0.0))


def _any(table: Any, answers: tuple[Answer, ...], kinds: dict[str, str], source: str) -> Any:
    """Yes if any answer is yes; no if every answer is no; otherwise no answer."""
    values = [_answer(table, a, kinds, source) for a in answers]
    if len(values) == 1:
        return values[0]
    yes = ibis.or_(*[v.fill_null(0.0) == 1.0 for v in values])
    known = ibis.and_(*[v.notnull() for v in values])
    return ibis.ifelse(yes, 1.0, ibis.ifelse(known, 0.0, ibis.null("float64")))


def _prepared(
    table: Any, ind: SurveyIndicator, source: str
) -> tuple[Any, EstimateRequest, Statistic]:
    """The table with the indicator's value and denominator-population columns, and the request."""
    kinds = column_kinds(table, list(ind.columns()))
    for name in (ind.incidents, ind.reported):
        if name and kinds[name] not in ("numeric", "boolean"):
            raise InputError(f"{source}: column {name!r} must hold counts (numbers)")
    if ind.kind is IndicatorKind.INCIDENCE:
        count = table[ind.incidents].cast("float64")
        base = count.notnull()
        cols = {_VALUE: ibis.ifelse(base, count, 0.0)}
        request = EstimateRequest(Statistic.MEAN, _VALUE)
    elif ind.kind is IndicatorKind.DARK_FIGURE:
        crimes = table[ind.incidents].cast("float64")
        told = table[ind.reported].cast("float64")
        base = crimes.notnull() & told.notnull()
        # outside the denominator population any non-missing value does: that domain is dropped
        cols = {_NUM: ibis.ifelse(base, crimes - told, 0.0), _DEN: ibis.ifelse(base, crimes, 1.0)}
        request = EstimateRequest(Statistic.RATIO, _NUM, _DEN)
    else:
        outcome = _any(table, ind.outcome, kinds, source)
        base = outcome.notnull()
        if ind.condition:
            base = base & (_any(table, ind.condition, kinds, source).fill_null(0.0) == 1.0)
        cols = {_VALUE: ibis.ifelse(base, outcome == 1.0, False)}
        request = EstimateRequest(Statistic.PROPORTION, _VALUE)
    cols[_BASE] = ibis.ifelse(base, 1, 0)
    return table.mutate(**cols), request, request.statistic


def estimate_indicator(
    table: Any,
    design: SurveyDesign,
    ind: SurveyIndicator,
    config: SurveyIndicatorConfig,
    by: Sequence[str],
    source: str,
) -> list[IndicatorEstimate]:
    """One indicator in every domain of ``by`` and every unit it is published in."""
    prepared, request, stat = _prepared(table, ind, source)
    results = estimate(
        prepared,
        design,
        [request],
        by=[*by, _BASE],
        ci_method=config.ci_method if stat is Statistic.PROPORTION else None,
        level=config.level,
        source=source,
    )
    out = []
    for r in results:
        if dict(r.domain)[_BASE] != 1:
            continue
        out.extend(_scaled(r, ind, config))
    return out


def _scaled(r: SurveyEstimate, ind: SurveyIndicator, config: SurveyIndicatorConfig) -> list[Any]:
    domain = tuple((k, v) for k, v in r.domain if k != _BASE)
    cv = 100 * r.se / abs(r.estimate) if r.se is not None and r.estimate != 0 else None
    rows = []
    for unit in ind.units:
        m = UNIT_MULTIPLIERS[unit]
        rows.append(
            IndicatorEstimate(
                domain=domain,
                indicator=ind.kind.value,
                name=ind.name,
                series=ind.series,
                crime=ind.crime,
                unit=unit,
                estimate=r.estimate * m,
                se=None if r.se is None else r.se * m,
                ci_low=None if r.ci_low is None else r.ci_low * m,
                ci_high=None if r.ci_high is None else r.ci_high * m,
                cv=cv,
                reliability=config.reliability.flag(cv),
                df=r.df,
                n=r.n,
            )
        )
    return rows


def estimate_indicators(
    data: Any,
    config: SurveyIndicatorConfig,
    *,
    by: Sequence[str] | None = None,
    source: str = "data",
) -> tuple[IndicatorEstimate, ...]:
    """Every indicator of the configuration by domain (``by``, else the config's ``by``)."""
    table = as_table(data)
    domains = list(config.by if by is None else by)
    design = resolve_design(config.design, list(table.columns), source)
    needed = [c for ind in config.indicators for c in ind.columns()]
    require_columns(table, list(dict.fromkeys([*design.columns(), *domains, *needed])), source)
    out: list[IndicatorEstimate] = []
    for ind in config.indicators:
        out.extend(estimate_indicator(table, design, ind, config, domains, source))
    return tuple(out)
