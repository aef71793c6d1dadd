"""Quality rules on record sources: nothing lost, possible duplicates, months an agency never sent.

Each rule returns :class:`Finding` records; the catalogue :data:`RECORD_CHECKS` gives every code its
severity and meaning (codes set by the reader are in :data:`crimestats.sources.records.FLAGS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ibis

from crimestats.engine import to_arrow
from crimestats.model import Finding, Location, Severity

__all__ = [
    "RECORD_CHECKS",
    "duplicate_key_findings",
    "missing_month_findings",
    "reconciliation_finding",
]

RECORD_CHECKS: dict[str, tuple[Severity, str]] = {
    "records.reconciled": (
        Severity.INFO,
        "Rows read = rows counted + rows quarantined, with the quarantine reasons.",
    ),
    "records.rows-lost": (
        Severity.ERROR,
        "Rows read differ from rows counted plus rows quarantined: a defect, please report it.",
    ),
    "records.quarantined": (
        Severity.WARNING,
        "Rows not counted, by reason; they are kept in output/quarantine with their source row.",
    ),
    "records.possible-duplicate": (
        Severity.WARNING,
        "Rows with different record ids share the key fields of one event (counting.duplicate_keys).",
    ),
    "records.missing-month": (
        Severity.WARNING,
        "An agency sent no records for a month inside the period it covers.",
    ),
}


def reconciliation_finding(
    source: str, location: str, rows_in: int, counted: int, quarantined: Mapping[str, int]
) -> list[Finding]:
    """The nothing-lost statement for one source, and a warning per quarantine reason."""
    total_q = sum(quarantined.values())
    reasons = "; ".join(f"{n} {reason}" for reason, n in sorted(quarantined.items()))
    findings = []
    if rows_in == counted + total_q:
        findings.append(
            Finding(
                "records.reconciled",
                Severity.INFO,
                f"source {source!r}: {rows_in} rows read = {counted} counted + {total_q} quarantined"
                + (f" ({reasons})" if reasons else ""),
                Location(location),
                rows_in,
            )
        )
    else:
        findings.append(
            Finding(
                "records.rows-lost",
                Severity.ERROR,
                f"source {source!r}: {rows_in} rows read but {counted} counted + {total_q} "
                "quarantined",
                Location(location),
                abs(rows_in - counted - total_q),
            )
        )
    for reason, n in sorted(quarantined.items()):
        findings.append(
            Finding(
                "records.quarantined",
                Severity.WARNING,
                f"source {source!r}: {n} row(s) quarantined: {reason}",
                Location(location),
                n,
            )
        )
    return findings


def duplicate_key_findings(
    canonical: Any, keys: Sequence[str], source: str, location: str
) -> list[Finding]:
    """Rows sharing every key field with another row (possible duplicates, kept and counted)."""
    usable = [k for k in keys if k in canonical.columns]
    if not usable or len(usable) < len(keys):
        return []
    filled = canonical.filter(*(canonical[k].notnull() for k in usable))
    groups = filled.group_by(usable).agg(n=filled.count()).filter(ibis._.n > 1)
    summary = to_arrow(groups.aggregate(groups_=groups.count(), rows=groups.n.sum())).to_pylist()[0]
    n_groups = int(summary["groups_"] or 0)
    if not n_groups:
        return []
    sample_keys = to_arrow(groups.order_by(usable).limit(3)).to_pylist()
    sample = tuple({k: r[k] for k in usable} | {"rows": r["n"]} for r in sample_keys)
    return [
        Finding(
            "records.possible-duplicate",
            Severity.WARNING,
            f"source {source!r}: {int(summary['rows'])} rows in {n_groups} group(s) share "
            f"{', '.join(usable)}; check whether they are the same event recorded twice",
            Location(location, column=", ".join(usable)),
            int(summary["rows"]),
            sample,
        )
    ]


def missing_month_findings(
    records: Any, date_column: str, source: str, location: str
) -> list[Finding]:
    """Months with no records for an agency, between the source's first and last month."""
    month = records[date_column].truncate("M")
    by = records.mutate(_agency=records.agency.fill_null(source), _month=month)
    seen = to_arrow(by.filter(by._month.notnull()).select("_agency", "_month").distinct())
    if not seen.num_rows:
        return []
    months = sorted(set(seen["_month"].to_pylist()))
    first, last = months[0], months[-1]
    span = []
    year, mon = first.year, first.month
    while (year, mon) <= (last.year, last.month):
        span.append((year, mon))
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    present: dict[str, set[tuple[int, int]]] = {}
    for agency, m in zip(seen["_agency"].to_pylist(), seen["_month"].to_pylist(), strict=True):
        present.setdefault(agency, set()).add((m.year, m.month))
    findings = []
    for agency, got in sorted(present.items()):
        gaps = [f"{y}-{m:02d}" for y, m in span if (y, m) not in got]
        if gaps:
            findings.append(
                Finding(
                    "records.missing-month",
                    Severity.WARNING,
                    f"source {source!r}: agency {agency!r} has no records for {', '.join(gaps)} "
                    f"(the source covers {span[0][0]}-{span[0][1]:02d} to "
                    f"{span[-1][0]}-{span[-1][1]:02d}); counts for those months are incomplete",
                    Location(location, column=date_column),
                    len(gaps),
                )
            )
    return findings
