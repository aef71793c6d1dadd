"""``crimestats publish``: build the project if its results are missing, then write a release through
the publish layer (disclosure control, tables, SDMX, portal)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from crimestats.classification import iccs
from crimestats.estimation.indicators import compute_indicators, gather_inputs
from crimestats.model import Finding
from crimestats.project.build import build_project
from crimestats.project.loading import Project, connect_project
from crimestats.publish.confidentiality import SdcRules
from crimestats.publish.portal import build_portal
from crimestats.publish.release import ReleaseInfo, ReleaseInputs, list_releases, write_release
from crimestats.publish.sdg import sdg_area

__all__ = ["ensure_preview", "publish_project", "release_inputs", "releases_dir"]

Progress = Callable[[str], None]


def releases_dir(project: Project) -> Path:
    """Where releases are written: ``<project>/releases``."""
    return project.root / "releases"


def _ensure_built(project: Project, say: Progress) -> None:
    if not (project.output_dir / "counts.parquet").exists():
        say("building the project first")
        build_project(project, connect_project(project), progress=say)


def _relative(value: Any, root: str) -> Any:
    """``value`` with the project folder's absolute path taken out of every string: a public release
    names files relative to the project (``data/police.csv``), never where they sit on a server."""
    if isinstance(value, str):
        return value.replace(root + os.sep, "").replace(root, ".")
    if isinstance(value, dict):
        return {k: _relative(v, root) for k, v in value.items()}
    if isinstance(value, list):
        return [_relative(v, root) for v in value]
    return value


def release_inputs(project: Project, name: str) -> ReleaseInputs:
    """Everything release ``name`` of the project is made from (the build's results must exist)."""
    out = project.output_dir
    settings = project.settings
    quality_path = out / "quality.csv"
    quality = []
    if quality_path.exists():
        with quality_path.open(encoding="utf-8", newline="") as handle:
            quality = list(csv.DictReader(handle))
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
    rates = pq.read_table(out / "rates.parquet") if (out / "rates.parquet").exists() else None
    indicator_inputs, _ = gather_inputs(project.root)
    values, _ = compute_indicators(indicator_inputs)
    root = str(project.root.resolve())
    values = [replace(v, sources=_relative(v.sources, root)) for v in values]
    p = settings.publish
    return ReleaseInputs(
        name=name,
        country=settings.project.country,
        counts=pq.read_table(out / "counts.parquet"),
        rates=rates,
        classification=iccs(settings.classification.iccs_version),
        rules=SdcRules(p.threshold, p.thresholds, p.protection, p.rounding, p.sdc_exact_size),
        area_levels=p.area_levels,
        sdmx_agency=p.sdmx_agency,
        sdg_area=sdg_area(settings.project.country, p.sdg_area),
        quality=_relative(quality, root),
        build_manifest=_relative(manifest, root),
        indicators=values,
    )


def publish_project(
    project: Project,
    name: str,
    *,
    embargo: datetime | None = None,
    progress: Progress | None = None,
) -> tuple[ReleaseInfo, list[Finding]]:
    """Write release ``name`` of the project (building first if there are no results)."""
    say = progress or (lambda _: None)
    _ensure_built(project, say)
    inputs = release_inputs(project, name)
    return write_release(
        inputs, releases_dir(project), embargo=embargo, portal=build_portal, progress=say
    )


def ensure_preview(project: Project, progress: Progress | None = None) -> list[ReleaseInfo]:
    """The project's releases; with none yet, a first release named ``preview`` is published."""
    found = list_releases(releases_dir(project))
    if not found:
        info, _ = publish_project(project, "preview", progress=progress)
        found = [info]
    return found
