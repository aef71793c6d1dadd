"""Query functions over releases, used by the server: list releases, tables and indicators, and filter
observations. Pure functions over a release folder; every observation keeps its flag and footnotes."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from crimestats.errors import InputError
from crimestats.publish.datasets import KEY_COLUMNS
from crimestats.publish.observations import OBSERVATION_COLUMNS
from crimestats.publish.release import ReleaseInfo, list_releases
from crimestats.publish.sdmx import DIMENSIONS

__all__ = [
    "FILTERS",
    "footnotes",
    "indicators",
    "observations",
    "public_releases",
    "release_datasets",
    "sdmx_key_filters",
]

#: Query parameters accepted by ``observations``: each takes one or several comma-separated codes.
FILTERS: tuple[str, ...] = (*KEY_COLUMNS, "measure", "iccs_level", "flag")


def public_releases(releases_dir: Path, now: datetime | None = None) -> list[ReleaseInfo]:
    """Releases whose embargo has passed, oldest first."""
    return [r for r in list_releases(releases_dir) if r.public(now)]


@functools.lru_cache(maxsize=8)
def _frame(path: str, mtime: float) -> pd.DataFrame:
    frame = pd.read_parquet(path)
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype).startswith("str"):
            frame[column] = frame[column].astype("category")
    return frame


def _observations(release: ReleaseInfo) -> pd.DataFrame:
    path = release.path / "observations.parquet"
    return _frame(str(path), path.stat().st_mtime)


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


def observations(
    release: ReleaseInfo,
    dataset: str | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """Observations matching every filter (a filter lists accepted codes); unknown names are refused."""
    frame = _observations(release)
    known = {d["id"] for d in release.manifest.get("datasets", [])}
    mask = pd.Series(True, index=frame.index)
    if dataset is not None:
        if dataset not in known:
            raise InputError(f"no table {dataset!r} in release {release.name}; see its datasets")
        mask &= frame["dataset"] == dataset
    for name, accepted in (filters or {}).items():
        if name not in FILTERS:
            raise InputError(f"unknown filter {name!r}; use one of: {', '.join(FILTERS)}")
        values = [v for v in accepted if v != ""]
        if not values:
            continue
        if name in ("year", "iccs_level"):
            try:
                numbers = [int(v) for v in values]
            except ValueError:
                raise InputError(f"filter {name!r} takes whole numbers, got {values}") from None
            mask &= frame[name].isin(numbers)
        else:
            mask &= frame[name].isin(values)
    out = frame[mask]
    if offset:
        out = out.iloc[offset:]
    if limit is not None:
        out = out.iloc[:limit]
    return out[list(OBSERVATION_COLUMNS)]


def sdmx_key_filters(key: str) -> dict[str, list[str]]:
    """An SDMX-REST key (``A._T.police..0101``: dots between dimensions, ``+`` for or, empty for
    all) as observation filters."""
    dims = list(DIMENSIONS)
    if key in ("", "all", "ALL"):
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
        if part and column:
            out[column] = part.split("+")
    return out
