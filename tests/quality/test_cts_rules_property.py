"""Property: the vectorised UN-CTS rules agree with a plain-Python reference on random replies."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from crimestats.model.cts import OBSERVATION_SCHEMA
from crimestats.quality.cts import CtsRuleConfig, finding_row, validate_observations

CATEGORIES = (
    "Sexual violence",
    "Sexual violence: Rape",
    "Sexual violence: Sexual assault",
    "Sexual violence: Other acts of sexual violence",
)
PARTS = CATEGORIES[1:]
SEXES = ("Total", "Male", "Female")
YEARS = (2019, 2020)

cells = st.dictionaries(
    keys=st.tuples(st.sampled_from(CATEGORIES), st.sampled_from(SEXES), st.sampled_from(YEARS)),
    values=st.integers(min_value=0, max_value=60),
    max_size=24,
)


def as_table(values: dict[tuple[str, str, int], int]) -> pa.Table:
    rows: list[dict[str, Any]] = []
    for i, ((category, sex, year), value) in enumerate(sorted(values.items()), start=1):
        row: dict[str, Any] = {f.name: None for f in OBSERVATION_SCHEMA}
        row.update(
            iso3="CRI",
            indicator="Violent offences",
            dimension="by type of offence",
            category=category,
            sex=sex,
            age="Total",
            year=year,
            unit="Counts",
            value=float(value),
            status="zero" if value == 0 else "number",
            row=i,
        )
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=OBSERVATION_SCHEMA)


def reference(values: dict[tuple[str, str, int], int]) -> list[tuple[str, str, str, int]]:
    """The same rules, cell by cell, the obvious way."""
    out = []
    for (category, sex, year), value in values.items():
        total = values.get(("Sexual violence", sex, year))
        if category in PARTS and total is not None and value > total:
            out.append(("cts.part-exceeds-total", category, sex, year))
    for sex in SEXES:
        for year in YEARS:
            total = values.get(("Sexual violence", sex, year))
            parts = [values[(p, sex, year)] for p in PARTS if (p, sex, year) in values]
            if total is not None and len(parts) >= 2:
                if sum(parts) > total:
                    out.append(("cts.breakdown-exceeds-total", "Sexual violence", sex, year))
                elif sum(parts) < total:
                    out.append(("cts.breakdown-below-total", "Sexual violence", sex, year))
    for category in CATEGORIES:
        for year in YEARS:
            total = values.get((category, "Total", year))
            male, female = (
                values.get((category, "Male", year)),
                values.get((category, "Female", year)),
            )
            if total is not None and male is not None and female is not None:
                if male + female > total:
                    out.append(("cts.sex-exceeds-total", category, "Total", year))
                elif male + female < total:
                    out.append(("cts.sex-below-total", category, "Total", year))
        for sex in SEXES:
            before, after = values.get((category, sex, 2019)), values.get((category, sex, 2020))
            if before is not None and after is not None:
                change = abs(after - before)
                if change >= 10 and (before == 0 or change > before * 0.5):
                    out.append(("cts.large-change", category, sex, 2020))
    return sorted(out)


@settings(max_examples=60, deadline=None)
@given(cells)
def test_rules_agree_with_a_plain_reference(values: dict[tuple[str, str, int], int]) -> None:
    findings = validate_observations(as_table(values), config=CtsRuleConfig(max_year=2024))
    got = sorted(
        (f.code, finding_row(f)["category"], finding_row(f)["sex"], finding_row(f)["year"])
        for f in findings
    )
    assert got == reference(values)
