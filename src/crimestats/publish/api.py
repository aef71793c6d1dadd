"""Query functions over releases, used by the server: list releases, tables and indicators, and filter
observations. A release is immutable, so its observations are read once into a ``ReleaseData`` with a
position index per filter column; a query then touches only the rows its most selective filter names.
Every observation keeps its flag and footnotes; a filter naming a code the release does not have is an
``InputError`` (it is a typo more often than an empty answer)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crimestats.errors import InputError
from crimestats.publish.datasets import KEY_COLUMNS
from crimestats.publish.observations import OBSERVATION_COLUMNS
from crimestats.publish.release import ReleaseInfo, list_releases
from crimestats.publish.sdmx import DIMENSIONS

__all__ = [
    "FILTERS",
    "ColumnIndex",
    "ReleaseData",
    "footnotes",
    "indicators",
    "load_release_data",
    "observations",
    "public_releases",
    "release_datasets",
    "sdmx_key_filters",
]

#: Query parameters accepted by ``observations``: each takes one or several comma-separated codes.
FILTERS: tuple[str, ...] = (*KEY_COLUMNS, "measure", "iccs_level", "flag")
_NUMERIC = frozenset({"year", "iccs_level"})
_INDEXED = ("dataset", *FILTERS)


def public_releases(releases_dir: Path, now: datetime | None = None) -> list[ReleaseInfo]:
    """Releases whose embargo has passed, oldest first."""
    return [r for r in list_releases(releases_dir) if r.public(now)]


def release_datasets(release: ReleaseInfo) -> list[dict[str, Any]]:
    """The tables of a release with their titles, breakdowns and row counts."""
    return [dict(d) for d in release.manifest.get("datasets", [])]


def indicators(release: ReleaseInfo) -> list[dict[str, Any]]:
    """SDG indicator values of a release (hidden values empty, with their flag)."""
    path = release.path / "indicators.csv"
    if not path.exists() or path.stat().st_size == 0:
        return []
    frame = pd.read_csv(path, dtype={"sex": str, "age": str, "area": str, "flag": str})
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict("records")  # type: ignore[return-value]


def footnotes(release: ReleaseInfo) -> dict[str, dict[str, str]]:
    """Footnote id → texts in English and Spanish."""
    frame = pd.read_csv(release.path / "footnotes.csv", dtype=str).fillna("")
    return {r["id"]: {"en": r["text_en"], "es": r["text_es"]} for r in frame.to_dict("records")}


@dataclass(frozen=True)
class ColumnIndex:
    """One filter column: each code's number, each row's code number, and each code's rows."""

    numbers: Mapping[str, int]
    of_row: np.ndarray
    rows: Sequence[np.ndarray]

    @classmethod
    def of(cls, column: pd.Series) -> ColumnIndex:
        """The index of ``column`` (values read as text)."""
        codes, uniques = pd.factorize(column.astype(str), sort=True)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        rows = [order[bounds[i] : bounds[i + 1]].astype(np.int64) for i in range(len(uniques))]
        return cls({str(u): i for i, u in enumerate(uniques)}, codes.astype(np.int32), rows)

    def count(self, codes: Sequence[str]) -> int:
        """How many rows have one of ``codes``."""
        return sum(len(self.rows[self.numbers[c]]) for c in codes)

    def positions(self, codes: Sequence[str]) -> np.ndarray:
        """Ascending positions of the rows with one of ``codes``."""
        parts = [self.rows[self.numbers[c]] for c in codes]
        if not parts:
            return np.empty(0, dtype=np.int64)
        return parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))

    def keep(self, positions: np.ndarray, codes: Sequence[str]) -> np.ndarray:
        """The ``positions`` whose row has one of ``codes``."""
        if len(codes) == 1:
            mask = self.of_row[positions] == self.numbers[codes[0]]
        else:
            accepted = np.zeros(len(self.rows), dtype=bool)
            accepted[[self.numbers[c] for c in codes]] = True
            mask = accepted[self.of_row[positions]]
        keep: np.ndarray = positions[mask]
        return keep


@dataclass(frozen=True)
class ReleaseData:
    """A release's observations in memory with an index per filter column, so a query starts from
    the rows of its most selective filter and checks the others on those rows only."""

    release: ReleaseInfo
    frame: pd.DataFrame
    index: Mapping[str, ColumnIndex]
    tables: Mapping[str, Mapping[str, Any]]

    def codes(self, column: str) -> list[str]:
        """The codes ``column`` takes in this release, sorted."""
        return sorted(self.index[column].numbers)

    def select(
        self,
        dataset: str | None = None,
        filters: Mapping[str, Sequence[str]] | None = None,
        *,
        strict: bool = True,
    ) -> np.ndarray:
        """Positions (ascending) of the rows in ``dataset`` that match every filter; a filter lists
        accepted codes, empty codes are ignored. Unknown filters and tables are refused, and so are
        codes the release does not have unless ``strict`` is false (then they match nothing, as
        SDMX-REST wants)."""
        wanted: dict[str, list[str]] = {}
        if dataset is not None:
            if dataset not in self.tables:
                raise InputError(
                    f"no table {dataset!r} in release {self.release.name}; tables: "
                    + ", ".join(self.tables)
                )
            wanted["dataset"] = [dataset]
        for name, accepted in (filters or {}).items():
            if name not in FILTERS:
                raise InputError(f"unknown filter {name!r}; use one of: {', '.join(FILTERS)}")
            values = [v.strip() for v in accepted if v.strip()]
            if values:
                wanted[name] = self._known(name, values, strict)
        if not wanted:
            return np.arange(len(self.frame))
        order = sorted(wanted, key=lambda name: self.index[name].count(wanted[name]))
        rows = self.index[order[0]].positions(wanted[order[0]])
        for name in order[1:]:
            if not len(rows):
                break
            rows = self.index[name].keep(rows, wanted[name])
        return rows

    def rows(self, positions: np.ndarray) -> pd.DataFrame:
        """The observations at ``positions``, in the release's column order."""
        return self.frame.iloc[positions]

    def _known(self, name: str, values: list[str], strict: bool) -> list[str]:
        codes = self.index[name].numbers
        if name in _NUMERIC:
            try:
                values = [str(int(v)) for v in values]
            except ValueError:
                raise InputError(f"filter {name!r} takes whole numbers, got {values}") from None
        if name == "flag":
            # published values have no flag; "published" names them in a query
            values = ["" if v == "published" else v for v in values]
        values = list(dict.fromkeys(values))
        unknown = [v for v in values if v not in codes]
        if unknown and not strict:
            return [v for v in values if v in codes]
        if unknown:
            shown = ", ".join(self.codes(name)[:40])
            more = " ..." if len(codes) > 40 else ""
            raise InputError(
                f"filter {name!r}: {', '.join(map(repr, unknown))} not in release "
                f"{self.release.name}; its codes: {shown}{more}"
            )
        return values


_LOADED: dict[tuple[Path, datetime], ReleaseData] = {}
_KEEP = 8


def load_release_data(release: ReleaseInfo) -> ReleaseData:
    """The release's observations and index, read once and kept (releases are immutable; the
    ``_KEEP`` most recently loaded are kept)."""
    key = (release.path, release.created)
    found = _LOADED.get(key)
    if found is None:
        frame = pd.read_parquet(release.path / "observations.parquet")
        frame = frame[list(OBSERVATION_COLUMNS)].reset_index(drop=True)
        index = {column: ColumnIndex.of(frame[column]) for column in _INDEXED}
        tables = {d["id"]: d for d in release.manifest.get("datasets", [])}
        found = ReleaseData(release, frame, index, tables)
        _LOADED[key] = found
        while len(_LOADED) > _KEEP:
            _LOADED.pop(next(iter(_LOADED)))
    return found


def observations(
    release: ReleaseInfo,
    dataset: str | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """Observations matching every filter (a filter lists accepted codes); unknown names are refused."""
    data = load_release_data(release)
    positions = data.select(dataset, filters)[offset:]
    if limit is not None:
        positions = positions[:limit]
    return data.rows(positions)


def sdmx_key_filters(key: str) -> dict[str, list[str]] | None:
    """An SDMX-REST key (``A._T.police..0101``: dots between dimensions, ``+`` for or, empty for
    all) as observation filters; None when the key can match nothing (releases are annual, so a
    ``FREQ`` other than ``A``). A key with the wrong number of parts is an ``InputError``."""
    dims = list(DIMENSIONS)
    if key in ("", "all", "ALL", "*"):
        return {}
    parts = key.split(".")
    if len(parts) != len(dims):
        raise InputError(
            f"SDMX key {key!r} has {len(parts)} part(s); this structure has {len(dims)}: "
            + ".".join(dims)
        )
    out: dict[str, list[str]] = {}
    for dim, part in zip(dims, parts, strict=True):
        column = DIMENSIONS[dim][0]
        codes = [c for c in part.split("+") if c not in ("", "*")]
        if not codes:
            continue
        if column:
            out[column] = codes
        elif "A" not in codes:
            return None
    return out
