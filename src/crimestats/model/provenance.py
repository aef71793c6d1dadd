"""Provenance: where a table came from, so every published number can be traced back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

__all__ = ["Provenance"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """The origin of a table: input file and its hash, rows read, classification, software.

    ``steps`` lists what was done to the data, in order, in words a reviewer can follow.
    """

    source: str
    sha256: str = ""
    rows: int | None = None
    classification: str = ""
    correspondence: str = ""
    software: str = ""
    engine: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    steps: tuple[str, ...] = ()

    def with_step(self, step: str) -> Provenance:
        """A copy with one more processing step recorded."""
        return replace(self, steps=(*self.steps, step))
