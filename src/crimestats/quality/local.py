"""Evaluate a project's local rules (``checks/*.yaml``) against the counts table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ibis

from crimestats.engine import to_arrow
from crimestats.errors import ConfigError
from crimestats.model import Finding, Location
from crimestats.model.checks import CountBoundsRule

__all__ = ["check_count_bounds"]

_SAMPLE = 5


def check_count_bounds(counts: Any, rules: Sequence[CountBoundsRule], source: str) -> list[Finding]:
    """One finding per rule with the number of cells outside its bounds and a sample of them."""
    findings = []
    for rule in rules:
        unknown = sorted(set(rule.where) - set(counts.columns))
        if unknown:
            raise ConfigError(
                f"{source}: rule {rule.code!r} selects on unknown column(s) {', '.join(unknown)}; "
                f"the counts table has {', '.join(counts.columns)}"
            )
        selected = counts
        for column, wanted in rule.where.items():
            values = wanted if isinstance(wanted, list) else [wanted]
            selected = selected.filter(
                ibis.or_(*(selected[column].cast("string") == str(v) for v in values))
            )
        outside = []
        if rule.min is not None:
            outside.append(selected.value < rule.min)
        if rule.max is not None:
            outside.append(selected.value > rule.max)
        if not outside:
            continue
        bad = selected.filter(ibis.or_(*outside))
        n = int(to_arrow(bad.count().as_table())[0][0].as_py())
        if not n:
            continue
        sample = tuple(to_arrow(bad.limit(_SAMPLE)).to_pylist())
        bounds = " and ".join(
            part
            for part in (
                f"at least {rule.min:g}" if rule.min is not None else "",
                f"at most {rule.max:g}" if rule.max is not None else "",
            )
            if part
        )
        findings.append(
            Finding(
                rule.code,
                rule.severity,
                f"{rule.description}: {n} cell(s) not {bounds}",
                Location(source),
                n,
                sample,
            )
        )
    return findings
