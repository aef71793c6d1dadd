"""The quality report of a build: every finding, and what happened to every source's rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from crimestats.model import Finding, Severity

__all__ = ["FINDING_COLUMNS", "findings_table", "render_quality_markdown"]

FINDING_COLUMNS = ("severity", "code", "source", "row", "column", "count", "message")


def findings_table(findings: Sequence[Finding]) -> pa.Table:
    """Findings as a flat table (one row each), worst first."""
    rows = [f.as_row() for f in findings]
    return pa.table(
        {
            "severity": pa.array([r["severity"] for r in rows], pa.string()),
            "code": pa.array([r["code"] for r in rows], pa.string()),
            "source": pa.array([r["source"] for r in rows], pa.string()),
            "row": pa.array([r["row"] for r in rows], pa.int64()),
            "column": pa.array([r["column"] for r in rows], pa.string()),
            "count": pa.array([r["count"] for r in rows], pa.int64()),
            "message": pa.array([r["message"] for r in rows], pa.string()),
        }
    )


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_quality_markdown(
    findings: Sequence[Finding], sources: Sequence[Mapping[str, Any]], title: str
) -> str:
    """A readable report: the reconciliation of every source, then findings grouped by severity."""
    lines = [f"# Quality report: {title}", ""]
    by = {s: [f for f in findings if f.severity is s] for s in Severity}
    lines.append(
        f"{len(by[Severity.ERROR])} error(s), {len(by[Severity.WARNING])} warning(s), "
        f"{len(by[Severity.INFO])} note(s)."
    )
    lines += ["", "## Nothing lost: rows read = counted + quarantined", ""]
    lines.append("| source | stage | unit | rows read | counted | quarantined | reasons |")
    lines.append("|---|---|---|---:|---:|---:|---|")
    for s in sources:
        reasons = "; ".join(f"{n} {r}" for r, n in sorted(s["quarantined"].items())) or "-"
        lines.append(
            f"| {s['name']} | {s['stage']} | {s['unit']} | {s['rows_in']:,} | {s['counted']:,} | "
            f"{sum(s['quarantined'].values()):,} | {_cell(reasons)} |"
        )
    for severity, heading in (
        (Severity.ERROR, "Errors"),
        (Severity.WARNING, "Warnings"),
        (Severity.INFO, "Notes"),
    ):
        if not by[severity]:
            continue
        lines += [
            "",
            f"## {heading}",
            "",
            "| code | where | count | message |",
            "|---|---|---:|---|",
        ]
        for f in by[severity]:
            lines.append(f"| `{f.code}` | {_cell(f.location)} | {f.count:,} | {_cell(f.message)} |")
    return "\n".join(lines) + "\n"
