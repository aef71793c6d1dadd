"""Disclosure control over a release's tables: find the cells, the relations, and the suppressions.

Tables of the same justice stage, counting unit and year share cells (the national ICCS totals appear in
every one), so they are protected together as one linked group; different groups share no relation and
are solved one by one (and within a group, each independent component on its own: see ``sdc``). After
suppression every hidden cell is checked again by the attacker's own linear programs; a cell that fails
becomes an error finding, never a silent leak. Every cell gets a flag that travels to every format: ``confidential`` (primary
suppression: a small count), ``suppressed`` (secondary suppression: hidden so that a confidential cell
cannot be derived from totals) or empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from crimestats.model import Finding, Location, Severity
from crimestats.publish.datasets import BREAKDOWNS, KEY_COLUMNS, DatasetSpec, select_cells
from crimestats.publish.margins import additive_relations
from crimestats.publish.sdc import protect, unprotected

__all__ = [
    "CONFIDENTIAL",
    "SDC_CHECKS",
    "SUPPRESSED",
    "GroupReport",
    "SdcRules",
    "protect_tables",
    "published_cells",
]

CONFIDENTIAL = "confidential"
SUPPRESSED = "suppressed"

SDC_CHECKS: dict[str, tuple[Severity, str]] = {
    "sdc.incomplete-relation": (
        Severity.WARNING,
        "totals do not equal the sum of their published parts: these relations are not used "
        "by disclosure control (an attacker cannot use them either, but check the counts)",
    ),
    "sdc.unprotected": (
        Severity.ERROR,
        "suppressed cells can be narrowed down to less than the protection level from the "
        "published cells",
    ),
}


@dataclass(frozen=True, slots=True)
class SdcRules:
    """Disclosure-control rules of a release (from ``[publish]``)."""

    threshold: float = 3.0
    thresholds: Mapping[str, float] | None = None
    protection: float = 3.0
    rounding: int = 0
    exact_size: int = 1_000
    check: bool = True

    def threshold_of(self, table: str) -> float:
        """The primary-suppression threshold of one table."""
        return float((self.thresholds or {}).get(table, self.threshold))


@dataclass(frozen=True, slots=True)
class GroupReport:
    """What disclosure control did to one linked group (stage, unit, year)."""

    stage: str
    unit: str
    year: int
    cells: int
    relations: int
    confidential: int
    suppressed: int
    components: int
    exact: int
    linear_programs: int
    seconds: float


def _finding(code: str, where: str, count: int) -> Finding:
    severity, message = SDC_CHECKS[code]
    return Finding(code, severity, f"{where}: {count:,} {message}", Location(source=where))


def published_cells(
    counts: pa.Table, specs: Sequence[DatasetSpec], area_levels: int
) -> pd.DataFrame:
    """Every cell any table publishes, once, with the ids of the tables holding it."""
    frames = []
    for spec in specs:
        cells = select_cells(counts, spec, area_levels)
        columns = [*KEY_COLUMNS[:5], "iccs_label", "iccs_level", *BREAKDOWNS, "value"]
        frame = cells.select([c for c in columns if c in cells.column_names]).to_pandas()
        frame["table"] = spec.id
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=[*KEY_COLUMNS, "value", "tables"])
    every = pd.concat(frames, ignore_index=True)
    key = list(KEY_COLUMNS)
    tables = every.groupby(key, sort=False)["table"].agg(lambda t: ";".join(sorted(set(t))))
    cells = every.drop(columns="table").drop_duplicates(key).set_index(key)
    cells["tables"] = tables
    return cells.reset_index()  # type: ignore[no-any-return]


def protect_tables(
    cells: pd.DataFrame,
    rules: SdcRules,
    parent: Callable[[str], str | None],
    *,
    progress: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, list[GroupReport], list[Finding]]:
    """Flag each cell (``flag``) and give its published value (``published``, NaN when hidden)."""
    say = progress or (lambda _: None)
    out = cells.copy()
    out["flag"] = ""
    reports: list[GroupReport] = []
    findings: list[Finding] = []
    for (stage, unit, year), group in out.groupby(["stage", "unit", "year"], sort=True):
        say(f"disclosure control: {stage} {unit} {year}")
        group = group.reset_index()
        values = group["value"].to_numpy(dtype=float)
        limits = np.array(
            [max(rules.threshold_of(t) for t in ts.split(";")) for ts in group["tables"]]
        )
        primary = (values > 0) & (values < limits)
        relations = additive_relations(
            group, values, ["area", *BREAKDOWNS], parent, iccs_column="iccs_code"
        )
        result = protect(
            values,
            primary,
            relations.matrix,
            protection=rules.protection,
            exact_variables=rules.exact_size,
        )
        flags = np.where(result.primary, CONFIDENTIAL, np.where(result.suppressed, SUPPRESSED, ""))
        out.loc[group["index"].to_numpy(), "flag"] = flags
        where = f"{stage}/{unit}/{year}"
        reports.append(
            GroupReport(
                str(stage),
                str(unit),
                int(str(year)),
                len(group),
                len(relations),
                int(result.primary.sum()),
                int(result.secondary.sum()),
                result.components,
                result.exact,
                result.linear_programs,
                round(result.seconds, 3),
            )
        )
        if relations.incomplete:
            findings.append(_finding("sdc.incomplete-relation", where, relations.incomplete))
        if rules.check and result.suppressed.any():
            leaks = unprotected(
                relations.matrix, values, result.suppressed, result.primary, rules.protection
            )
            if leaks:
                findings.append(_finding("sdc.unprotected", where, len(leaks)))
    published = out["value"].where(out["flag"] == "")
    if rules.rounding > 1:
        published = (published / rules.rounding).round() * rules.rounding
    out["published"] = published
    return out, reports, findings
