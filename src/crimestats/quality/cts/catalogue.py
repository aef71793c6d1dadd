"""The UN-CTS rule catalogue: stable finding codes, severities, meanings, and thresholds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crimestats.model import Finding, Location, Severity

__all__ = ["CHECKS", "FINDING_COLUMNS", "CtsRuleConfig", "finding_row", "make_finding"]

#: The UN-CTS validation catalogue: code → (severity, what it means). Codes are stable.
CHECKS: dict[str, tuple[Severity, str]] = {
    "cts.part-exceeds-total": (
        Severity.ERROR,
        "A category is larger than the category it is part of (rape > sexual violence; "
        "motor-vehicle theft > theft).",
    ),
    "cts.breakdown-exceeds-total": (
        Severity.ERROR,
        "The categories of a breakdown add up to more than their total.",
    ),
    "cts.breakdown-below-total": (
        Severity.INFO,
        "The categories of a breakdown add up to less than their total (a partial breakdown).",
    ),
    "cts.sex-exceeds-total": (Severity.ERROR, "Male + Female is larger than Total."),
    "cts.sex-below-total": (
        Severity.INFO,
        "Male + Female is smaller than Total (sex unknown for some).",
    ),
    "cts.age-exceeds-total": (Severity.ERROR, "The age groups add up to more than Total."),
    "cts.age-below-total": (
        Severity.INFO,
        "The age groups add up to less than Total (age unknown or groups not reported).",
    ),
    "cts.conflicting-duplicate": (
        Severity.ERROR,
        "The same cell (country × indicator × dimension × category × sex × age × year × unit) is "
        "reported more than once with different values.",
    ),
    "cts.repeated-row": (
        Severity.WARNING,
        "The same cell is reported more than once with the same value.",
    ),
    "cts.implausible-year": (Severity.ERROR, "A year outside the plausible range."),
    "cts.negative-value": (Severity.ERROR, "A negative count or rate."),
    "cts.non-integer-count": (Severity.WARNING, "A count that is not a whole number."),
    "cts.convicted-exceed-prosecuted": (
        Severity.WARNING,
        "More persons convicted than prosecuted for the same offence and year (possible when "
        "cases span years; to be explained).",
    ),
    "cts.prosecuted-exceed-police": (
        Severity.WARNING,
        "More persons prosecuted than brought into formal contact with the police for the same "
        "offence and year.",
    ),
    "cts.homicide-convicted-exceed-suspected": (
        Severity.WARNING,
        "More persons convicted for intentional homicide than arrested or suspected.",
    ),
    "cts.unsentenced-exceed-held": (
        Severity.ERROR,
        "More persons held unsentenced than persons held in total.",
    ),
    "cts.large-change": (
        Severity.WARNING,
        "A change from the year before beyond the threshold; to be explained by the focal point.",
    ),
    "cts.rate-count-mismatch": (
        Severity.WARNING,
        "A rate that does not match its count and the population implied by the country's other "
        "rates for the year.",
    ),
    "cts.revised-value": (
        Severity.INFO,
        "A cell whose value differs from the previous vintage.",
    ),
    "cts.dropped-value": (
        Severity.WARNING,
        "A cell of the previous vintage that is no longer reported.",
    ),
}

#: Columns of ``cts validate`` output, in order (a contract: keep stable).
FINDING_COLUMNS: tuple[str, ...] = (
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


@dataclass(frozen=True, slots=True)
class CtsRuleConfig:
    """Thresholds of the UN-CTS rules; the defaults are what a UNODC reviewer would query."""

    min_year: int = 1950
    max_year: int | None = None  # default: the current year
    max_change: float = 0.5  # year-on-year relative change that needs explaining
    min_change: float = 10.0  # ...and only when the absolute change is at least this
    rate_tolerance: float = 0.02  # relative gap between implied populations
    rate_min_items: int = 3  # cells needed to infer a country-year population
    tolerance: float = 1e-6  # relative slack for sums (fractional counts from 1:n splits)

    @property
    def last_year(self) -> int:
        """The latest plausible data year."""
        return self.max_year if self.max_year is not None else dt.date.today().year


def make_finding(
    code: str,
    message: str,
    cell: Mapping[str, Any],
    *,
    source: str = "",
    expected: float | None = None,
    count: int = 1,
) -> Finding:
    """A finding about one cell; the cell's key, value and the expected value travel in ``sample``."""
    sample = {k: cell.get(k) for k in FINDING_COLUMNS[2:10]}
    sample["expected"] = expected
    sample["unit"] = cell.get("unit")  # not a CSV column, but the report shows it
    row = cell.get("row")
    return Finding(
        code,
        CHECKS[code][0],
        message,
        Location(source, int(row) if row is not None else None),
        count,
        (sample,),
    )


def finding_row(finding: Finding) -> dict[str, Any]:
    """A finding as one row of the ``cts validate`` table (reader findings have no cell key)."""
    sample = dict(finding.sample[0]) if finding.sample else {}
    row: dict[str, Any] = {c: None for c in FINDING_COLUMNS}
    for column in FINDING_COLUMNS[2:11]:
        row[column] = sample.get(column)
    if row["iso3"] is None and "Iso3_code" in sample:  # a reader finding about a country code
        row["iso3"] = sample["Iso3_code"]
    row["rule"] = finding.code
    row["severity"] = str(finding.severity)
    row["message"] = finding.message
    return row
