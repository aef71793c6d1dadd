"""SDG 16.4.2 from a table of arms seized and traced: ``iso3, year, seized, traced``."""

from __future__ import annotations

import pyarrow as pa

from crimestats.errors import MissingColumnError
from crimestats.model import Finding, Location, Severity
from crimestats.model.indicators import IndicatorSpec, IndicatorValue

__all__ = ["traced_share"]


def traced_share(
    spec: IndicatorSpec, arms: pa.Table, source: str = "arms"
) -> tuple[list[IndicatorValue], list[Finding]]:
    """Arms whose illicit origin or context was traced / arms seized, found or surrendered × 100."""
    missing = [c for c in ("iso3", "year", "seized", "traced") if c not in arms.column_names]
    if missing:
        raise MissingColumnError(source, missing, arms.column_names)
    values: list[IndicatorValue] = []
    bad: list[dict[str, object]] = []
    for i, row in enumerate(arms.to_pylist(), start=1):
        seized, traced = row["seized"], row["traced"]
        if seized is None or traced is None or float(seized) <= 0 or float(traced) > float(seized):
            bad.append({"row": i, "seized": seized, "traced": traced})
            continue
        values.append(
            IndicatorValue(
                spec.id,
                spec.series[0],
                str(row["iso3"]),
                int(row["year"]),
                float(traced) / float(seized) * spec.multiplier,
                spec.unit,
                float(traced),
                float(seized),
                sources=source,
            )
        )
    findings = []
    if bad:
        findings.append(
            Finding(
                "IND-ARMS-INVALID",
                Severity.WARNING,
                f"{len(bad)} row(s) with no seized arms, a missing number or more traced than seized",
                Location(source=source, row=int(str(bad[0]["row"]))),
                len(bad),
                tuple(bad[:5]),
            )
        )
    return values, findings
