"""The files of a release that its portal is built from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["ReleaseFiles"]


@dataclass(frozen=True)
class ReleaseFiles:
    """The files of a release the portal is built from."""

    root: Path
    manifest: dict[str, Any]
    observations: pd.DataFrame
    notes: pd.DataFrame
    indicators: pd.DataFrame

    @classmethod
    def read(cls, root: Path) -> ReleaseFiles:
        notes = pd.read_csv(root / "footnotes.csv", dtype=str).fillna("")
        indicators = pd.read_csv(
            root / "indicators.csv", dtype={"sex": str, "age": str, "area": str, "flag": str}
        )
        return cls(
            root,
            json.loads((root / "release.json").read_text("utf-8")),
            pd.read_parquet(root / "observations.parquet"),
            notes,
            indicators,
        )

    @property
    def title(self) -> str:
        return str(self.manifest.get("title") or self.manifest.get("country") or "crimestats")

    def link(self, relative: str) -> str | None:
        """A release file as seen from a page in ``portal/<lang>/``, if the release has it."""
        return f"../../{relative}" if (self.root / relative).is_file() else None

    def years(self) -> list[int]:
        return sorted({int(y) for y in self.observations["year"]})
