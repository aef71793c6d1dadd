"""Correspondence tables: national offence codes to ICCS codes.

The CSV format (documented in ``docs/correspondence.md``)::

    national_code, national_label, iccs_code [, weight, attempt, cyber, note]

One national code may point to several ICCS codes (a 1:n split); its ``weight`` values then say which
share of the records goes to each target and must sum to 1. ``attempt`` and ``cyber`` (``y``/``n``) say the
national code itself denotes attempts or cyber-related offences, which ICCS records as tags.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Correspondence", "CorrespondenceRow"]


@dataclass(frozen=True, slots=True)
class CorrespondenceRow:
    """One line of a correspondence table; ``line`` is its 1-based data row in the file."""

    national_code: str
    iccs_code: str
    national_label: str = ""
    weight: float = 1.0
    attempt: bool = False
    cyber: bool = False
    note: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Correspondence:
    """A whole correspondence table with where it came from."""

    name: str
    rows: tuple[CorrespondenceRow, ...]
    source: str = ""
    sha256: str = ""
    classification: str = "ICCS 1.0"

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[CorrespondenceRow]:
        return iter(self.rows)

    @property
    def national_codes(self) -> frozenset[str]:
        """Every national code the table maps."""
        return frozenset(r.national_code for r in self.rows)

    def targets(self, national_code: str) -> tuple[CorrespondenceRow, ...]:
        """The rows of one national code (several for a 1:n split)."""
        return tuple(r for r in self.rows if r.national_code == national_code)
