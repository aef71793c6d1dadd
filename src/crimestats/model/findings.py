"""Findings: problems in data, reported as data (never as exceptions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Finding", "Location", "Severity", "has_errors"]


class Severity(StrEnum):
    """How bad a finding is. ``error`` fails a validation (exit code 1)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: sorts the worst first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a file (or table), a 1-based data row, a column."""

    source: str = ""
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.source] if self.source else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in user data, with a stable code from a catalogue.

    ``count`` is how many rows or cells share the problem; ``sample`` keeps a few of them so a user can
    see what is wrong without opening the file.
    """

    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    count: int = 1
    sample: tuple[Mapping[str, Any], ...] = ()

    def as_row(self) -> dict[str, Any]:
        """A flat dict for tables, CSV and JSON output."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "source": self.location.source,
            "row": self.location.row,
            "column": self.location.column,
            "count": self.count,
        }


def has_errors(findings: Iterable[Finding]) -> bool:
    """True if any finding has error severity."""
    return any(f.severity is Severity.ERROR for f in findings)
