"""Rates per 100,000 population, with counts and population aligned by area, year, sex and age."""

from __future__ import annotations

import itertools
from typing import Any

import ibis

from crimestats.model.records import TOTAL

__all__ = ["POPULATION_COLUMNS", "RATE_COLUMNS", "population_totals", "rates_per_100k"]

POPULATION_COLUMNS = ("area", "year", "sex", "age", "population")
RATE_COLUMNS = (
    "stage",
    "unit",
    "year",
    "area",
    "iccs_code",
    "iccs_level",
    "attempt",
    "sex",
    "age",
    "status",
    "value",
    "population",
    "rate_per_100k",
)


def rates_per_100k(counts: Any, population: Any) -> Any:
    """Counts with a matching population (same area, year, sex and age class) and their rate.

    Rows broken down by citizenship have no denominator and are left out; rows whose population is
    missing or zero are left out too (the quality report lists missing denominators).
    """
    base = counts.filter(counts.citizenship == TOTAL)
    pop = population.filter(population.population > 0)
    joined = base.join(pop, ["area", "year", "sex", "age"])
    return joined.mutate(rate_per_100k=joined.value / joined.population * 100_000).select(
        *RATE_COLUMNS
    )


def population_totals(population: Any) -> Any:
    """Population for every combination of area, sex and age, ``_T`` included.

    Totals are summed from the detailed rows (no ``_T`` in any of area, sex, age); totals a file gives
    itself are kept where the detail cannot produce them (e.g. a national total without regions).
    """
    dims = ("area", "sex", "age")
    detail = population.filter(*(population[d] != TOTAL for d in dims))
    parts = []
    for size in range(len(dims) + 1):
        for kept in itertools.combinations(dims, size):
            totals = {d: ibis.literal(TOTAL) for d in dims if d not in kept}
            grouped = detail.group_by(["year", *kept]).agg(population=detail.population.sum())
            parts.append(grouped.mutate(**totals).select(*POPULATION_COLUMNS))
    rolled = ibis.union(*parts, distinct=False)
    given = population.filter(ibis.or_(*(population[d] == TOTAL for d in dims)))
    extra = given.anti_join(rolled, ["area", "year", "sex", "age"]).select(*POPULATION_COLUMNS)
    return ibis.union(rolled, extra, distinct=False)
