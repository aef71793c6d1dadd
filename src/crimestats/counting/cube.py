"""Counts by ICCS code at every level × period × area × disaggregations, with totals and residuals.

The result is a tidy "cube": one row per combination, ``_T`` in a dimension meaning all categories.
Along the ICCS tree every category totals its subtree; where records are coded only to a category that
has subcategories, an explicit residual row ``<code>_U`` ("<label>, unspecified") holds them, so a
category equals the sum of its children plus its residual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa

from crimestats.model import Classification
from crimestats.model.records import AGE_BANDS, TOTAL, UNKNOWN

__all__ = [
    "COUNT_COLUMNS",
    "FINE_KEYS",
    "RESIDUAL_SUFFIX",
    "age_band_expr",
    "ancestors_table",
    "count_cube",
    "fine_counts",
]

RESIDUAL_SUFFIX = "_U"
WEIGHT_TYPE = dt.Decimal(18, 9)

#: Dimensions of the fine counts; person dimensions apply to victims and persons only.
FINE_KEYS = (
    "stage",
    "unit",
    "year",
    "area",
    "iccs_code",
    "attempt",
    "sex",
    "age",
    "citizenship",
    "status",
)
_PERSON_DIMS = ("sex", "age", "citizenship")
_ALWAYS_DIMS = ("area", "attempt")
_ALL_DIMS = (*_ALWAYS_DIMS, *_PERSON_DIMS, "status")

#: Columns of the counts table, in order.
COUNT_COLUMNS = (
    "stage",
    "unit",
    "year",
    "area",
    "iccs_code",
    "iccs_level",
    "attempt",
    "sex",
    "age",
    "citizenship",
    "status",
    "value",
)


def _same(table: Any) -> Any:
    return table


def age_band_expr(age: Any) -> Any:
    """The ICCS age class code of an age column (``_U`` when null)."""
    cases = []
    for low, high, code in AGE_BANDS:
        cond = age >= low if high is None else age.between(low, high)
        cases.append((cond, code))
    return ibis.cases(*cases, else_=UNKNOWN)


def fine_counts(
    records: Any, stage: str, unit: str, *, person_dims: bool, status_dim: bool = False
) -> Any:
    """Weighted counts of counted rows at the finest level of every dimension.

    Person dimensions (sex, age, citizenship) apply to victims and persons; ``status`` (the outcome at
    courts, sentenced or not in prisons) where the stage records it. Dimensions that do not apply are
    ``_T`` only.
    """
    sex = age = citizenship = status = ibis.literal(TOTAL)
    if person_dims:
        sex = records.sex.fill_null("U").substitute({"U": UNKNOWN})
        age = age_band_expr(records.age)
        citizenship = records.citizenship.fill_null("unknown").substitute({"unknown": UNKNOWN})
    if status_dim:
        status = records.outcome.fill_null(UNKNOWN)
    keyed = records.mutate(
        stage=ibis.literal(stage),
        unit=ibis.literal(unit),
        area=records.area.fill_null(UNKNOWN),
        attempt=ibis.ifelse(records.attempt, "attempted", "completed"),
        sex=sex,
        age=age,
        citizenship=citizenship,
        status=status,
    )
    # Weights are summed as decimals so that 1:n splits add up exactly (0.3 + 0.7 is 1, not
    # 0.9999999999999999); the cube turns the exact sums into floats at the end.
    weight = keyed.weight.cast(WEIGHT_TYPE)
    return keyed.group_by(list(FINE_KEYS)).agg(value=weight.sum())


def ancestors_table(classification: Classification, codes: Sequence[str]) -> pa.Table:
    """For each code: itself, every ancestor, and its residual if it has subcategories."""
    src, target, level = [], [], []
    for code in sorted(set(codes)):
        if code not in classification:
            continue
        for category in classification.path(code):
            src.append(code)
            target.append(category.code)
            level.append(category.level)
        if not classification.is_leaf(code):
            src.append(code)
            target.append(code + RESIDUAL_SUFFIX)
            level.append(classification.get(code).level + 1)
    return pa.table(
        {
            "iccs_code": pa.array(src, pa.string()),
            "target": pa.array(target, pa.string()),
            "iccs_level": pa.array(level, pa.int8()),
        }
    )


def count_cube(fine: Any, ancestors: Any, materialize: Callable[[Any], Any] = _same) -> Any:
    """Roll fine counts up the ICCS tree and over every subset of dimensions (``_T`` = all).

    One dimension at a time: for dimension d, rows with a real value of d are summed over it and added
    back with d = ``_T``. After every dimension the table holds all 2^k combinations of totals. A
    dimension that does not apply to a unit is ``_T`` already in the fine counts and adds nothing.
    ``materialize`` (e.g. :func:`crimestats.engine.materialize`) keeps each step small for the engine.
    """
    rolled = fine.join(ancestors, "iccs_code").drop("iccs_code").rename(iccs_code="target")
    keys = [c for c in COUNT_COLUMNS if c != "value"]
    table = materialize(rolled.group_by(keys).agg(value=rolled.value.sum()).select(*COUNT_COLUMNS))
    for dim in _ALL_DIMS:
        real = table.filter(table[dim] != TOTAL)
        others = [k for k in keys if k != dim]
        totals = (
            real.group_by(others).agg(value=real.value.sum()).mutate(**{dim: ibis.literal(TOTAL)})
        )
        table = materialize(ibis.union(table, totals.select(*COUNT_COLUMNS), distinct=False))
    return table.mutate(value=table.value.cast("float64"))
