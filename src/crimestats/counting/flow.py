"""The justice-system flow: offences recorded → suspects → prosecuted → convicted → in prison.

Counts come from the counts cube (national, all persons, each ICCS section and the total); attrition
ratios divide each stage by the one before it. Stages count persons in the period, not a cohort of the
same cases, as the UN-CTS does.
"""

from __future__ import annotations

from typing import Any

import ibis

from crimestats.model.records import TOTAL

__all__ = ["FLOW_COLUMNS", "FLOW_STEPS", "justice_flow"]

#: measure name, stage, unit, status (None: every status)
FLOW_STEPS: tuple[tuple[str, str, str, str | None], ...] = (
    ("offences_recorded", "police", "offences", None),
    ("suspects", "police", "persons", None),
    ("prosecuted", "prosecution", "persons", None),
    ("convicted", "courts", "persons", "convicted"),
    ("imprisoned", "prisons", "persons", None),
)
_RATIOS = (
    ("suspects_per_offence", "suspects", "offences_recorded"),
    ("prosecuted_per_suspect", "prosecuted", "suspects"),
    ("convicted_per_prosecuted", "convicted", "prosecuted"),
    ("imprisoned_per_convicted", "imprisoned", "convicted"),
)
FLOW_COLUMNS = (
    "year",
    "iccs_code",
    *(step[0] for step in FLOW_STEPS),
    *(ratio[0] for ratio in _RATIOS),
)


def justice_flow(counts: Any) -> Any:
    """Flow by year and ICCS section, plus ``_T`` for all offences."""
    national = counts.filter(
        (counts.area == TOTAL)
        & (counts.attempt == TOTAL)
        & (counts.sex == TOTAL)
        & (counts.age == TOTAL)
        & (counts.citizenship == TOTAL)
        & (counts.iccs_level == 1)
    )
    parts = []
    for measure, stage, unit, status in FLOW_STEPS:
        rows = national.filter(
            (national.stage == stage)
            & (national.unit == unit)
            & (national.status == (status or TOTAL))
        )
        by_section = rows.select("year", "iccs_code", value="value")
        total = (
            rows.group_by("year").agg(value=rows.value.sum()).mutate(iccs_code=ibis.literal(TOTAL))
        )
        for part in (by_section, total.select("year", "iccs_code", "value")):
            parts.append(part.mutate(measure=ibis.literal(measure)))
    long = ibis.union(*parts, distinct=False)
    wide = long.pivot_wider(names_from="measure", values_from="value", values_agg="sum")
    for measure, *_ in FLOW_STEPS:
        if measure not in wide.columns:
            wide = wide.mutate(**{measure: ibis.null("float64")})
    ratios = {
        name: ibis.ifelse(wide[den] > 0, wide[num] / wide[den], ibis.null("float64"))
        for name, num, den in _RATIOS
    }
    return wide.mutate(**ratios).select(*FLOW_COLUMNS).order_by(["year", "iccs_code"])
