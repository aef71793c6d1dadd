"""The engine side of survey estimation: Ibis aggregates that turn microdata into small tables.

Design-based estimators are smooth functions of weighted totals, and their linearised variance needs only
the totals of the scores by stratum × PSU (× SSU) × domain. One query computes exactly those totals on
the engine (DuckDB by default, Spark alike), together with the counts that check the input (missing and
negative weights, missing design values, missing answers, FPC ranges), so a ten-million-row file never
comes into Python and is scanned once: the result has one row per PSU and domain. Quantiles and
likelihood intervals are the exception; they fetch only the columns they use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import numpy as np
import pandas as pd

from crimestats.engine import to_arrow
from crimestats.errors import InputError
from crimestats.model.survey import SurveyDesign

__all__ = [
    "SSU",
    "STRATUM",
    "UNIT",
    "WEIGHT",
    "Cell",
    "binary_columns",
    "column_kinds",
    "distinct_levels",
    "fetch_rows",
    "keyed",
    "logit_start_totals",
    "replicate_factor_rows",
    "replicate_totals",
    "taylor_totals",
]

STRATUM, UNIT, SSU, WEIGHT = "_cs_h", "_cs_u", "_cs_s", "_cs_w"


@dataclass(frozen=True, slots=True)
class Cell:
    """A numeric series to total: ``y`` over ``x`` (``x`` None means 1) on the rows where ``valid``.

    ``validity`` names the set of valid rows, so cells that share it (the levels of one variable, or
    every variable when nothing is missing) share the totals of their weights; ``valid`` None means
    every row.
    """

    key: str
    y: Any
    x: Any | None
    valid: Any | None
    validity: str = ""


def weighted(table: Any, design: SurveyDesign) -> Any:
    """The table with the weight as a float column ``_cs_w`` (1 when the design has no weights)."""
    if design.weight is None:
        return table.mutate(**{WEIGHT: ibis.literal(1.0, type="float64")})
    return table.mutate(**{WEIGHT: table[design.weight].cast("float64")})


def _key_columns(table: Any, design: SurveyDesign, *, ssu: bool) -> dict[str, Any]:
    # Raw values, not text: grouping by the columns as stored is a third faster than by casts.
    keys: dict[str, Any] = {}
    if design.strata:
        keys[STRATUM] = table[design.strata]
    if design.psu:
        keys[UNIT] = table[design.psu]
        if design.ssu and ssu:
            keys[SSU] = table[design.ssu]
    return keys


def keyed(table: Any, design: SurveyDesign) -> Any:
    """The weighted table with stratum, PSU and SSU key columns (stratum ``1`` when there is none)."""
    table = weighted(table, design)
    keys = _key_columns(table, design, ssu=True)
    if not design.strata:
        keys[STRATUM] = ibis.literal(1, type="int64")
    return table.mutate(**keys)


def column_kinds(table: Any, names: Sequence[str]) -> dict[str, str]:
    """``numeric``, ``boolean``, ``text`` or ``other`` for each column, from the engine schema."""
    schema = table.schema()
    kinds = {}
    for name in names:
        dtype = schema[name]
        if dtype.is_boolean():
            kinds[name] = "boolean"
        elif dtype.is_numeric():
            kinds[name] = "numeric"
        elif dtype.is_string():
            kinds[name] = "text"
        else:
            kinds[name] = "other"
    return kinds


def require_numeric_design(table: Any, design: SurveyDesign, source: str) -> None:
    """Weights, FPCs and replicate weights must be numbers; say which column is not."""
    named = [(design.weight, "weights"), (design.fpc, "FPC"), (design.fpc2, "FPC")]
    if design.replicates:
        named += [(c, "replicate weights") for c in design.replicates.columns]
    kinds = column_kinds(table, [n for n, _ in named if n])
    for name, what in named:
        if name and kinds[name] not in ("numeric", "boolean"):
            raise InputError(
                f"{source}: column {name!r} holds {what} but is not numeric; "
                "fix the file or name the right column"
            )


def distinct_levels(table: Any, column: str, limit: int) -> list[Any]:
    """Sorted distinct non-missing values of a column (at most ``limit + 1`` are fetched)."""
    expr = table.filter(table[column].notnull()).select(column).distinct().limit(limit + 1)
    values = to_arrow(expr)[column].to_pylist()
    return sorted(values)


def binary_columns(table: Any, columns: Sequence[str]) -> set[str]:
    """The numeric columns whose non-missing values are all 0 or 1 (one scan for all of them)."""
    if not columns:
        return set()
    aggs = {}
    for i, name in enumerate(columns):
        col = table[name].cast("float64")
        aggs[f"b{i}"] = ((col != 0) & (col != 1)).cast("int64").sum()
    row = to_arrow(table.aggregate(**aggs)).to_pylist()[0]
    return {name for i, name in enumerate(columns) if not row[f"b{i}"]}


def _check_aggregates(
    t: Any, design: SurveyDesign, counted: Sequence[str], *, count_positive: bool = True
) -> dict[str, Any]:
    """Counts that validate the input, computed in the same scan as the totals.

    Cheap aggregates where they are enough: missing weights are rows minus ``count(w)``, negative
    ones show in ``min(w)``; without ``count_positive`` (PSU designs, no design effects) a PSU only
    needs to know whether it has a non-zero weight (``max(w)``), not how many.
    """
    aggs: dict[str, Any] = {"_all_n": t.count()}
    w = t[WEIGHT]
    if count_positive:
        aggs["_all_np"] = (w != 0).cast("int64").sum()
    else:
        aggs["_w_max"] = w.max()
    if design.weight:
        aggs["_w_count"] = w.count()
        aggs["_w_min"] = w.min()
    for stage, col in ((1, design.fpc), (2, design.fpc2)):
        if col:
            f = t[col].cast("float64")
            aggs[f"_fpc{stage}_null"] = f.isnull().cast("int64").sum()
            aggs[f"_fpc{stage}_min"] = f.min()
            aggs[f"_fpc{stage}_max"] = f.max()
    if design.replicates:
        for i, name in enumerate(design.replicates.columns):
            r = t[name].cast("float64")
            aggs[f"_r{i}_null"] = r.isnull().cast("int64").sum()
            aggs[f"_r{i}_neg"] = (r < 0).cast("int64").sum()
    for i, name in enumerate(counted):
        aggs[f"_v{i}_n"] = t[name].count()
    return aggs


def _cell_aggregates(w: Any, cells: Sequence[Cell], quadratic: bool, deff: bool) -> dict[str, Any]:
    """Totals of every cell; totals that only depend on the valid rows are computed once per set."""
    aggs: dict[str, Any] = {}
    zero = ibis.literal(0.0)

    def on(valid: Any, value: Any) -> Any:
        return value if valid is None else ibis.ifelse(valid, value, zero)

    for c in cells:
        v = c.validity
        aggs[f"{c.key}_wy"] = on(c.valid, w * c.y).sum()
        if f"_s{v}_ws" not in aggs:
            aggs[f"_s{v}_ws"] = on(c.valid, w).sum()
            if c.valid is not None:  # else the counts are those of every row
                aggs[f"_s{v}_n"] = c.valid.cast("int64").sum()
                aggs[f"_s{v}_np"] = (c.valid & (w != 0)).cast("int64").sum()
            if quadratic:
                aggs[f"_s{v}_qxx"] = on(c.valid, w * w).sum()
        if c.x is not None:
            aggs[f"{c.key}_wx"] = on(c.valid, w * c.x).sum()
        if quadratic:
            aggs[f"{c.key}_qyy"] = on(c.valid, w * w * c.y * c.y).sum()
            if c.x is not None:
                aggs[f"{c.key}_qxy"] = on(c.valid, w * w * c.x * c.y).sum()
                aggs[f"{c.key}_qxx"] = on(c.valid, w * w * c.x * c.x).sum()
            else:
                aggs[f"{c.key}_qxy"] = on(c.valid, w * w * c.y).sum()
        if deff:
            aggs[f"{c.key}_dyy"] = on(c.valid, w * c.y * c.y).sum()
            if c.x is not None:
                aggs[f"{c.key}_dxy"] = on(c.valid, w * c.x * c.y).sum()
                aggs[f"{c.key}_dxx"] = on(c.valid, w * c.x * c.x).sum()
    return aggs


def _expand_shared(frame: pd.DataFrame, cells: Sequence[Cell], quadratic: bool) -> pd.DataFrame:
    """Give every cell the column names the domain code reads, pointing at the shared totals."""
    extra: dict[str, Any] = {}
    for c in cells:
        v = c.validity
        extra[f"{c.key}_ws"] = frame[f"_s{v}_ws"]
        extra[f"{c.key}_n"] = frame[f"_s{v}_n" if c.valid is not None else "_all_n"]
        extra[f"{c.key}_np"] = frame[f"_s{v}_np" if c.valid is not None else "_all_np"]
        if c.x is None:
            extra[f"{c.key}_wx"] = frame[f"_s{v}_ws"]
            if quadratic:
                extra[f"{c.key}_qxx"] = frame[f"_s{v}_qxx"]
            if f"{c.key}_dyy" in frame.columns:
                extra[f"{c.key}_dxy"] = frame[f"{c.key}_wy"]
                extra[f"{c.key}_dxx"] = frame[f"_s{v}_ws"]
    return pd.concat([frame, pd.DataFrame(extra, index=frame.index)], axis=1) if extra else frame


def taylor_totals(
    table: Any,
    design: SurveyDesign,
    cells: Sequence[Cell],
    by: Sequence[str],
    *,
    deff: bool,
    counted: Sequence[str] = (),
) -> pd.DataFrame:
    """Totals of every cell and the input checks by stratum × PSU (× SSU) × domain, in one query.

    Rows with a missing domain value are kept (as their own groups): they still belong to the design.
    Element designs (no PSU) also get the weighted sums of squares the variance needs, so their result
    too has one row per stratum and domain rather than one per respondent.
    """
    t = weighted(table, design)
    keys = _key_columns(t, design, ssu=True)
    keys.update({b: t[b] for b in by if b not in keys})
    element = design.psu is None
    aggs = _check_aggregates(t, design, counted, count_positive=element or deff)
    aggs.update(_cell_aggregates(t[WEIGHT], cells, quadratic=element, deff=deff))
    expr = t.group_by(**keys).aggregate(**aggs) if keys else t.aggregate(**aggs)
    frame: pd.DataFrame = to_arrow(expr).to_pandas()
    if "_w_max" in frame.columns:  # only "has a non-zero weight" matters here (R's degf)
        frame["_all_np"] = (frame["_w_max"].fillna(0) != 0).astype(np.int64)
    if STRATUM not in frame.columns:
        frame[STRATUM] = 1
    return _expand_shared(frame, cells, element)


def replicate_totals(
    table: Any,
    design: SurveyDesign,
    cells: Sequence[Cell],
    by: Sequence[str],
    *,
    deff: bool,
    counted: Sequence[str] = (),
) -> pd.DataFrame:
    """Per domain: checks, full-sample and replicate totals of every cell (``{key}_r{i}_wy``/``_wx``)."""
    assert design.replicates is not None  # callers branch on it
    t = weighted(table, design)
    aggs = _check_aggregates(t, design, counted)
    aggs.update(_cell_aggregates(t[WEIGHT], cells, quadratic=False, deff=deff))
    zero = ibis.literal(0.0)
    for i, name in enumerate(design.replicates.columns):
        rw = t[name].cast("float64")
        done: set[str] = set()
        for c in cells:
            aggs[f"{c.key}_r{i}_wy"] = (
                rw * c.y if c.valid is None else ibis.ifelse(c.valid, rw * c.y, zero)
            ).sum()
            if c.x is not None:
                aggs[f"{c.key}_r{i}_wx"] = (
                    rw * c.x if c.valid is None else ibis.ifelse(c.valid, rw * c.x, zero)
                ).sum()
            elif c.validity not in done:
                done.add(c.validity)
                aggs[f"_s{c.validity}_r{i}_wx"] = (
                    rw if c.valid is None else ibis.ifelse(c.valid, rw, zero)
                ).sum()
    expr = t.group_by(list(by)).aggregate(**aggs) if by else t.aggregate(**aggs)
    frame: pd.DataFrame = _expand_shared(to_arrow(expr).to_pandas(), cells, False)
    extra = {
        f"{c.key}_r{i}_wx": frame[f"_s{c.validity}_r{i}_wx"]
        for c in cells
        if c.x is None
        for i in range(len(design.replicates.columns))
    }
    return pd.concat([frame, pd.DataFrame(extra, index=frame.index)], axis=1) if extra else frame


def replicate_factor_rows(table: Any, design: SurveyDesign, by: Sequence[str]) -> pd.DataFrame:
    """Distinct rows of replicate factors (replicate weight / weight) by domain, for R's ``degf``.

    The rank of the replicate weight matrix equals the rank of its distinct factor rows, which number
    about as many as the PSUs, so the rank is found without fetching every respondent.
    """
    assert design.replicates is not None
    t = weighted(table, design)
    if by:
        t = t.filter(ibis.and_(*[t[b].notnull() for b in by]))
    w = t[WEIGHT]
    cols: dict[str, Any] = {b: t[b] for b in by}
    for i, name in enumerate(design.replicates.columns):
        rw = t[name].cast("float64")
        cols[f"_f{i}"] = ibis.ifelse(w > 0, rw / w, rw)
    return to_arrow(t.select(**cols).distinct()).to_pandas()  # type: ignore[no-any-return]


def logit_start_totals(
    table: Any, design: SurveyDesign, cells: Sequence[Cell], by: Sequence[str]
) -> pd.DataFrame:
    """Per domain, the sums of R's first IRLS step for each 0/1 cell (see ``logit.logit_fit``).

    ``svyglm`` rescales the weights to mean one over the domain's rows (``wt``) and ``glm`` starts
    every row at ``mu = (wt y + 1/2)/(wt + 1)``; the first step is Σ wt mu(1-mu) eta + wt (y - mu)
    over Σ wt mu(1-mu), with ``eta = logit(mu)``, and the start's deviance is summed alike.
    """
    t = weighted(table, design)
    window = ibis.window(group_by=[t[b] for b in by]) if by else ibis.window()
    t = t.mutate(_cs_m=t[WEIGHT].mean().over(window))
    wt = t[WEIGHT] / t["_cs_m"]
    zero = ibis.literal(0.0)
    aggs: dict[str, Any] = {}
    for c in cells:

        def on(value: Any, c: Cell = c) -> Any:
            return (value if c.valid is None else ibis.ifelse(c.valid, value, zero)).sum()

        y = c.y
        mu = (wt * y + 0.5) / (wt + 1)
        var = mu * (1 - mu)
        eta = (mu / (1 - mu)).ln()
        aggs[f"{c.key}_ones"] = on(wt * y)
        aggs[f"{c.key}_zeros"] = on(wt * (1 - y))
        aggs[f"{c.key}_num"] = on(wt * var * eta + wt * (y - mu))
        aggs[f"{c.key}_den"] = on(wt * var)
        aggs[f"{c.key}_dev"] = on(2 * wt * (-y * mu.ln() - (1 - y) * (1 - mu).ln()))
    if by:
        t = t.filter(ibis.and_(*[t[b].notnull() for b in by]))
        return to_arrow(t.group_by(list(by)).aggregate(**aggs)).to_pandas()  # type: ignore[no-any-return]
    return to_arrow(t.aggregate(**aggs)).to_pandas()  # type: ignore[no-any-return]


def fetch_rows(table: Any, columns: Mapping[str, Any]) -> pd.DataFrame:
    """Bring only the named column expressions into Python (used by quantiles)."""
    return to_arrow(table.select(**columns)).to_pandas()  # type: ignore[no-any-return]
