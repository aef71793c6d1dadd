"""The engine side of survey estimation: Ibis aggregates that turn microdata into small tables.

Design-based estimators are smooth functions of weighted totals, and their linearised variance needs only
the totals of the scores by stratum × PSU (× SSU) × domain. These queries compute exactly those totals on
the engine (DuckDB by default, Spark alike), so a ten-million-row file never comes into Python: the
result has one row per PSU and domain. Quantiles are the exception; they fetch only the columns they use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import pandas as pd

from crimestats.engine import require_columns, to_arrow
from crimestats.errors import InputError
from crimestats.model.survey import SurveyDesign

__all__ = [
    "SSU",
    "STRATUM",
    "UNIT",
    "WEIGHT",
    "Cell",
    "check_design",
    "column_kinds",
    "design_units",
    "distinct_levels",
    "fetch_rows",
    "keyed",
    "replicate_factor_rows",
    "replicate_totals",
    "taylor_totals",
]

STRATUM, UNIT, SSU = "_cs_h", "_cs_u", "_cs_s"


@dataclass(frozen=True, slots=True)
class Cell:
    """A numeric series to total: ``y`` over ``x`` (``x`` None means 1) on the rows where ``valid``."""

    key: str
    y: Any
    x: Any | None
    valid: Any


WEIGHT = "_cs_w"


def _weight(table: Any, design: SurveyDesign) -> Any:
    return table[WEIGHT]


def weighted(table: Any, design: SurveyDesign) -> Any:
    """The table with the weight as a float column ``_cs_w`` (1 when the design has no weights)."""
    if design.weight is None:
        return table.mutate(**{WEIGHT: ibis.literal(1.0, type="float64")})
    return table.mutate(**{WEIGHT: table[design.weight].cast("float64")})


def keyed(table: Any, design: SurveyDesign) -> Any:
    """The table with stratum, PSU and SSU key columns added (constants where the design has none)."""
    table = weighted(table, design)
    h = table[design.strata] if design.strata else ibis.literal("1")
    keys: dict[str, Any] = {STRATUM: h.cast("string")}
    if design.psu:
        keys[UNIT] = table[design.psu].cast("string")
    if design.ssu:
        keys[SSU] = table[design.ssu].cast("string")
    return table.mutate(**keys)


def check_design(table: Any, design: SurveyDesign, by: Sequence[str], source: str) -> int:
    """Check design columns exist, are complete, and weights are non-negative; return the row count."""
    require_columns(table, [*design.columns(), *by], source)
    aggs: dict[str, Any] = {"_rows": table.count()}
    for i, name in enumerate(design.columns()):
        aggs[f"_null{i}"] = table[name].isnull().cast("int64").sum()
    if design.weight:
        aggs["_neg"] = (table[design.weight].cast("float64") < 0).cast("int64").sum()
    if design.replicates:
        for i, name in enumerate(design.replicates.columns):
            aggs[f"_rneg{i}"] = (table[name].cast("float64") < 0).cast("int64").sum()
    try:
        counts = to_arrow(table.aggregate(**aggs)).to_pylist()[0]
    except Exception as exc:
        raise InputError(
            f"{source}: a design column is not numeric where it must be ({exc})"
        ) from None
    for i, name in enumerate(design.columns()):
        missing = counts[f"_null{i}"] or 0
        if missing:
            what = "weights" if name == design.weight else "design values"
            raise InputError(
                f"{source}: column {name!r} has {missing} missing {what}; every respondent needs "
                "one (drop or impute those rows first)"
            )
    if design.weight and counts.get("_neg"):
        raise InputError(
            f"{source}: column {design.weight!r} has {counts['_neg']} negative weights; "
            "survey weights must be zero or positive"
        )
    if design.replicates:
        for i, name in enumerate(design.replicates.columns):
            if counts.get(f"_rneg{i}"):
                raise InputError(f"{source}: replicate weight column {name!r} has negative values")
    rows = int(counts["_rows"])
    if rows == 0:
        raise InputError(f"{source}: the file has no rows")
    return rows


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


def distinct_levels(table: Any, column: str, limit: int) -> list[Any]:
    """Sorted distinct non-missing values of a column (at most ``limit + 1`` are fetched)."""
    expr = table.filter(table[column].notnull()).select(column).distinct().limit(limit + 1)
    values = to_arrow(expr)[column].to_pylist()
    return sorted(values)


def _cell_aggregates(w: Any, cells: Sequence[Cell], quadratic: bool, deff: bool) -> dict[str, Any]:
    aggs: dict[str, Any] = {}
    zero = ibis.literal(0.0)
    for c in cells:
        x = c.x if c.x is not None else ibis.literal(1.0)
        wv = ibis.ifelse(c.valid, w, zero)
        aggs[f"{c.key}_wy"] = ibis.ifelse(c.valid, w * c.y, zero).sum()
        aggs[f"{c.key}_wx"] = ibis.ifelse(c.valid, w * x, zero).sum()
        aggs[f"{c.key}_n"] = c.valid.cast("int64").sum()
        aggs[f"{c.key}_np"] = (c.valid & (w != 0)).cast("int64").sum()
        if quadratic:
            aggs[f"{c.key}_qyy"] = ibis.ifelse(c.valid, w * w * c.y * c.y, zero).sum()
            aggs[f"{c.key}_qxy"] = ibis.ifelse(c.valid, w * w * x * c.y, zero).sum()
            aggs[f"{c.key}_qxx"] = ibis.ifelse(c.valid, w * w * x * x, zero).sum()
        if deff:
            aggs[f"{c.key}_ws"] = wv.sum()
            aggs[f"{c.key}_dyy"] = ibis.ifelse(c.valid, w * c.y * c.y, zero).sum()
            aggs[f"{c.key}_dxy"] = ibis.ifelse(c.valid, w * x * c.y, zero).sum()
            aggs[f"{c.key}_dxx"] = ibis.ifelse(c.valid, w * x * x, zero).sum()
    return aggs


def taylor_totals(
    table: Any,
    design: SurveyDesign,
    cells: Sequence[Cell],
    by: Sequence[str],
    *,
    deff: bool,
) -> pd.DataFrame:
    """Weighted totals of every cell by stratum × PSU (× SSU) × domain; elements by stratum × domain.

    Element designs (no PSU) also get the weighted sums of squares the variance needs, so their result
    too has one row per stratum and domain rather than one per respondent.
    """
    t = keyed(table, design)
    w = _weight(t, design)
    keys = [STRATUM]
    if design.psu:
        keys.append(UNIT)
        if design.ssu and design.fpc2:
            keys.append(SSU)
    keys.extend(by)
    element = design.psu is None
    if by:
        t = t.filter(ibis.and_(*[t[b].notnull() for b in by]))
    w = _weight(t, design)
    aggs = _cell_aggregates(w, cells, quadratic=element, deff=deff)
    aggs["_all_n"] = t.count()
    aggs["_all_np"] = (w != 0).cast("int64").sum()
    return to_arrow(t.group_by(keys).aggregate(**aggs)).to_pandas()  # type: ignore[no-any-return]


def design_units(table: Any, design: SurveyDesign) -> pd.DataFrame:
    """One row per stratum × PSU (× SSU) of the whole design, with FPC values and row counts."""
    t = keyed(table, design)
    keys = [STRATUM]
    if design.psu:
        keys.append(UNIT)
        if design.ssu:
            keys.append(SSU)
    aggs: dict[str, Any] = {"_rows": t.count()}
    if design.fpc:
        aggs["_fpc1_min"] = t[design.fpc].cast("float64").min()
        aggs["_fpc1_max"] = t[design.fpc].cast("float64").max()
    if design.fpc2:
        aggs["_fpc2_min"] = t[design.fpc2].cast("float64").min()
        aggs["_fpc2_max"] = t[design.fpc2].cast("float64").max()
    return to_arrow(t.group_by(keys).aggregate(**aggs)).to_pandas()  # type: ignore[no-any-return]


def replicate_totals(
    table: Any,
    design: SurveyDesign,
    cells: Sequence[Cell],
    by: Sequence[str],
    *,
    deff: bool,
) -> pd.DataFrame:
    """Per domain: full-sample and replicate totals of every cell (``{key}_r{i}_wy``/``_wx``)."""
    assert design.replicates is not None  # callers branch on it
    t = weighted(table, design)
    if by:
        t = t.filter(ibis.and_(*[t[b].notnull() for b in by]))
    w = _weight(t, design)
    aggs = _cell_aggregates(w, cells, quadratic=False, deff=deff)
    zero = ibis.literal(0.0)
    for i, name in enumerate(design.replicates.columns):
        rw = t[name].cast("float64")
        for c in cells:
            aggs[f"{c.key}_r{i}_wy"] = ibis.ifelse(c.valid, rw * c.y, zero).sum()
            if c.x is None:
                aggs[f"{c.key}_r{i}_wx"] = ibis.ifelse(c.valid, rw, zero).sum()
            else:
                aggs[f"{c.key}_r{i}_wx"] = ibis.ifelse(c.valid, rw * c.x, zero).sum()
    aggs["_all_n"] = t.count()
    expr = t.group_by(list(by)).aggregate(**aggs) if by else t.aggregate(**aggs)
    frame: pd.DataFrame = to_arrow(expr).to_pandas()
    return frame


def replicate_factor_rows(table: Any, design: SurveyDesign, by: Sequence[str]) -> pd.DataFrame:
    """Distinct rows of replicate factors (replicate weight / weight) by domain, for R's ``degf``.

    The rank of the replicate weight matrix equals the rank of its distinct factor rows, which number
    about as many as the PSUs, so the rank is found without fetching every respondent.
    """
    assert design.replicates is not None
    t = weighted(table, design)
    if by:
        t = t.filter(ibis.and_(*[t[b].notnull() for b in by]))
    w = _weight(t, design)
    cols: dict[str, Any] = {b: t[b] for b in by}
    for i, name in enumerate(design.replicates.columns):
        rw = t[name].cast("float64")
        cols[f"_f{i}"] = ibis.ifelse(w > 0, rw / w, rw)
    return to_arrow(t.select(**cols).distinct()).to_pandas()  # type: ignore[no-any-return]


def fetch_rows(table: Any, columns: Mapping[str, Any]) -> pd.DataFrame:
    """Bring only the named column expressions into Python (used by quantiles)."""
    return to_arrow(table.select(**columns)).to_pandas()  # type: ignore[no-any-return]
