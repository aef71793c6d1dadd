"""UN-CTS rules on small hand-built tables; the expected findings are written out in each test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from crimestats.model import Finding, Severity
from crimestats.model.cts import OBSERVATION_SCHEMA
from crimestats.quality.cts import (
    CHECKS,
    FINDING_COLUMNS,
    CtsRuleConfig,
    finding_row,
    validate_observations,
)
from crimestats.sources.dataunodc import read_dataunodc

VO = ("Violent offences", "by type of offence")
OFF = ("Offences", "by type of offence")
COUNTS = "Counts"
RATE = "Rate per 100,000 population"
REAL = (
    Path(__file__).parents[1]
    / "sources"
    / "data"
    / "data_cts_violent_and_sexual_crime_older_vintage_to2020.csv"
)


def cell(
    category: str,
    value: float | None,
    *,
    year: int = 2020,
    iso3: str = "ALB",
    sex: str = "Total",
    age: str = "Total",
    unit: str = COUNTS,
    indicator: str = VO[0],
    dimension: str = VO[1],
    status: str | None = None,
) -> dict[str, Any]:
    if status is None:
        status = "zero" if value == 0 else "number"
    return {
        "iso3": iso3,
        "indicator": indicator,
        "dimension": dimension,
        "category": category,
        "sex": sex,
        "age": age,
        "year": year,
        "unit": unit,
        "value": value,
        "status": status,
    }


def table(*cells: dict[str, Any]) -> pa.Table:
    rows = []
    for i, c in enumerate(cells, start=1):
        row = {f.name: None for f in OBSERVATION_SCHEMA}
        row.update(c)
        row["row"] = i
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=OBSERVATION_SCHEMA)


def check(*cells: dict[str, Any], **kw: Any) -> list[Finding]:
    return validate_observations(table(*cells), config=CtsRuleConfig(max_year=2024), **kw)


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


def test_consistent_reply_has_no_findings() -> None:
    findings = check(
        cell("Sexual violence", 10),
        cell("Sexual violence: Rape", 4),
        cell("Sexual violence: Sexual assault", 5),
        cell("Sexual violence: Other acts of sexual violence", 1),
        cell("Serious assault", 100),
        cell("Serious assault", 60, sex="Male"),
        cell("Serious assault", 40, sex="Female"),
        cell("Serious assault", 110, year=2019),
    )
    assert findings == []


def test_part_larger_than_its_total() -> None:
    findings = check(cell("Sexual violence", 10), cell("Sexual violence: Rape", 12))
    [f] = findings
    assert f.code == "cts.part-exceeds-total"
    assert f.severity is Severity.ERROR
    row = finding_row(f)
    assert (row["category"], row["value"], row["expected"]) == ("Sexual violence: Rape", 12, 10)
    assert f.location.row == 2


def test_motor_vehicle_theft_larger_than_theft() -> None:
    findings = check(
        cell("Theft", 500, indicator=OFF[0], dimension=OFF[1]),
        cell("Theft: of a motorized vehicle", 501, indicator=OFF[0], dimension=OFF[1]),
    )
    assert codes(findings) == ["cts.part-exceeds-total"]
    assert finding_row(findings[0])["expected"] == 500


def test_breakdown_sum_above_total_is_an_error_and_below_is_information() -> None:
    over = check(
        cell("Sexual violence", 10),
        cell("Sexual violence: Rape", 6),
        cell("Sexual violence: Sexual assault", 5),
    )
    assert codes(over) == ["cts.breakdown-exceeds-total"]
    row = finding_row(over[0])
    assert (row["category"], row["value"], row["expected"]) == ("Sexual violence", 11, 10)
    under = check(
        cell("Sexual violence", 10),
        cell("Sexual violence: Rape", 3),
        cell("Sexual violence: Sexual assault", 4),
    )
    assert codes(under) == ["cts.breakdown-below-total"]
    assert under[0].severity is Severity.INFO
    assert finding_row(under[0])["value"] == 7


def test_male_plus_female_against_total() -> None:
    over = check(
        cell("Robbery", 10),
        cell("Robbery", 6, sex="Male"),
        cell("Robbery", 5, sex="Female"),
    )
    assert codes(over) == ["cts.sex-exceeds-total"]
    assert (finding_row(over[0])["value"], finding_row(over[0])["expected"]) == (11, 10)
    under = check(
        cell("Robbery", 10),
        cell("Robbery", 6, sex="Male"),
        cell("Robbery", 3, sex="Female"),
    )
    assert codes(under) == ["cts.sex-below-total"]
    # Only one sex reported: a partial split, not a finding.
    assert check(cell("Robbery", 10), cell("Robbery", 6, sex="Male")) == []


def test_age_groups_against_total() -> None:
    v = {"indicator": "Victims of sexual exploitation", "dimension": "Total"}
    findings = check(
        cell("Total", 20, sex="Female", **v),
        cell("Total", 15, sex="Female", age="0-9", **v),
        cell("Total", 9, sex="Female", age="10-17", **v),
    )
    assert codes(findings) == ["cts.age-exceeds-total"]
    row = finding_row(findings[0])
    assert (row["sex"], row["age"], row["value"], row["expected"]) == ("Female", "Total", 24, 20)


def test_duplicates() -> None:
    findings = check(
        cell("Robbery", 38), cell("Robbery", 5), cell("Kidnapping", 3), cell("Kidnapping", 3)
    )
    assert codes(findings) == ["cts.conflicting-duplicate", "cts.repeated-row"]
    conflict = next(f for f in findings if f.code == "cts.conflicting-duplicate")
    assert conflict.severity is Severity.ERROR
    assert "data rows 1, 2" in conflict.message
    assert (finding_row(conflict)["value"], finding_row(conflict)["expected"]) == (5, 38)


def test_years_negative_and_fractional_counts() -> None:
    findings = check(
        cell("Robbery", 1, year=1013),
        cell("Kidnapping", 1, year=2031),
        cell("Serious assault", -3),
        cell("Sexual violence", 2.4),
        cell("Serious assault", 1.5, unit=RATE),
    )
    assert codes(findings) == [
        "cts.implausible-year",
        "cts.implausible-year",
        "cts.negative-value",
        "cts.non-integer-count",
    ]
    fractional = next(f for f in findings if f.code == "cts.non-integer-count")
    assert finding_row(fractional)["expected"] == 2


def test_justice_stages() -> None:
    persons = {"dimension": "by selected crime"}
    findings = check(
        cell("Robbery", 10, indicator="Persons prosecuted", **persons),
        cell("Robbery", 12, indicator="Persons convicted", **persons),
        cell("Theft", 30, indicator="Persons prosecuted", **persons),
        cell("Theft", 20, indicator="Persons convicted", **persons),
        cell("Total", 100, indicator="Persons held", dimension="Total"),
        cell("Unsentenced", 90, indicator="Persons held", dimension="by status"),
        cell(
            "Unsentenced: Total",
            120,
            indicator="Persons held unsentenced",
            dimension="by length of detention",
        ),
    )
    assert codes(findings) == ["cts.convicted-exceed-prosecuted", "cts.unsentenced-exceed-held"]
    convicted = next(f for f in findings if f.code == "cts.convicted-exceed-prosecuted")
    assert convicted.severity is Severity.WARNING
    row = finding_row(convicted)
    assert (row["category"], row["value"], row["expected"]) == ("Robbery", 12, 10)
    held = next(f for f in findings if f.code == "cts.unsentenced-exceed-held")
    assert held.severity is Severity.ERROR
    assert (finding_row(held)["value"], finding_row(held)["expected"]) == (120, 100)


def test_year_on_year_changes_with_thresholds() -> None:
    cells = (
        cell("Robbery", 100, year=2019),
        cell("Robbery", 200, year=2020),  # +100%: queried
        cell("Kidnapping", 100, year=2019),
        cell("Kidnapping", 140, year=2020),  # +40%: below 50%
        cell("Serious assault", 5, year=2019),
        cell("Serious assault", 12, year=2020),  # +140% but only 7 more
    )
    findings = check(*cells)
    [f] = findings
    assert f.code == "cts.large-change"
    row = finding_row(f)
    assert (row["category"], row["year"], row["value"], row["expected"]) == (
        "Robbery",
        2020,
        200,
        100,
    )
    assert "+100%" in f.message
    loose = validate_observations(
        table(*cells), config=CtsRuleConfig(max_change=1.5, max_year=2024)
    )
    assert loose == []
    strict = validate_observations(
        table(*cells), config=CtsRuleConfig(max_change=0.3, min_change=5, max_year=2024)
    )
    assert sorted(finding_row(f)["category"] for f in strict) == [
        "Kidnapping",
        "Robbery",
        "Serious assault",
    ]


def test_rate_that_does_not_match_its_count() -> None:
    # Population 1,000,000: a rate per 100,000 is count / 10. Kidnapping's rate is doubled.
    pairs = {"Robbery": 50, "Serious assault": 120, "Sexual violence": 30, "Kidnapping": 8}
    cells = []
    for category, count in pairs.items():
        rate = count / 10 * (2 if category == "Kidnapping" else 1)
        cells += [cell(category, count), cell(category, rate, unit=RATE)]
    findings = check(*cells)
    [f] = findings
    assert f.code == "cts.rate-count-mismatch"
    row = finding_row(f)
    assert (row["category"], row["value"]) == ("Kidnapping", 1.6)
    assert row["expected"] == pytest.approx(0.8)


def test_revisions_against_the_previous_vintage() -> None:
    previous = table(cell("Robbery", 10), cell("Kidnapping", 4), cell("Serious assault", 7))
    findings = check(
        cell("Robbery", 12),
        cell("Kidnapping", None, status="not_available"),
        previous=previous,
    )
    assert codes(findings) == ["cts.dropped-value", "cts.revised-value", "cts.revised-value"]
    revised = {finding_row(f)["category"]: f for f in findings if f.code == "cts.revised-value"}
    assert finding_row(revised["Robbery"])["expected"] == 10
    assert "from 10 to 12" in revised["Robbery"].message
    assert "from 4 to not_available" in revised["Kidnapping"].message
    [dropped] = [f for f in findings if f.code == "cts.dropped-value"]
    assert finding_row(dropped)["category"] == "Serious assault"


def test_catalogue_codes_are_stable_and_complete() -> None:
    assert FINDING_COLUMNS == (
        "rule",
        "severity",
        "iso3",
        "indicator",
        "dimension",
        "category",
        "sex",
        "age",
        "year",
        "value",
        "expected",
        "message",
    )
    assert CHECKS["cts.part-exceeds-total"][0] is Severity.ERROR
    assert CHECKS["cts.breakdown-below-total"][0] is Severity.INFO
    assert all(code.startswith("cts.") for code in CHECKS)


def test_real_file_validates_with_plausible_findings() -> None:
    data = read_dataunodc(REAL)
    findings = validate_observations(data.table, config=CtsRuleConfig(max_year=2024))
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    # Seen by reading the file: Albania's "Victims of sexual exploitation, Total" is published twice a
    # year with different values (38 and 5 for 2015, data rows 10471 and 12731).
    conflicts = {finding_row(f)["iso3"] for f in by_code["cts.conflicting-duplicate"]}
    assert "ALB" in conflicts
    alb = [
        f
        for f in by_code["cts.conflicting-duplicate"]
        if (finding_row(f)["iso3"], finding_row(f)["year"]) == ("ALB", 2015)
    ]
    assert len(alb) == 2  # the count and the rate
    # pandas showed them at 0-based index 10470 and 12730 (counts), 25004 and 26253 (rates)
    messages = sorted(f.message for f in alb)
    assert "data rows 10471, 12731" in messages[0]
    assert "data rows 25005, 26254" in messages[1]
    # France publishes fractional counts of serious assault (231909.06 for 2010, row checked by hand).
    fractional = {
        (finding_row(f)["iso3"], finding_row(f)["year"]) for f in by_code["cts.non-integer-count"]
    }
    assert ("FRA", 2010) in fractional
    # Rape larger than sexual violence exists in the file (YEM 2005: rape 95, sexual violence 0).
    parts = {
        (finding_row(f)["iso3"], finding_row(f)["year"]) for f in by_code["cts.part-exceeds-total"]
    }
    assert ("YEM", 2005) in parts
    assert "cts.implausible-year" not in by_code
    assert "cts.negative-value" not in by_code
