"""Releases: an immutable folder ``releases/<name>/`` with every output, a manifest with provenance, the
revisions against the previous release, and an optional embargo time before which it is not served.

The folder is written under a temporary name and renamed when complete, so a release is either whole or
absent; its files are then made read-only. Publishing a name twice is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from crimestats.errors import InputError
from crimestats.model import Classification, Finding
from crimestats.model.indicators import IndicatorValue
from crimestats.publish.confidentiality import SdcRules, protect_tables, published_cells
from crimestats.publish.datasets import DATASETS, DatasetSpec
from crimestats.publish.margins import iccs_parent
from crimestats.publish.observations import (
    Footnote,
    build_observations,
    coverage_footnotes,
    standard_footnotes,
)
from crimestats.publish.revisions import revisions
from crimestats.publish.sdg import sdg_frame, write_sdg
from crimestats.publish.sdmx import (
    build_structure,
    check_codes,
    observations_frame,
    write_data,
    write_structure,
)
from crimestats.publish.tables import write_bulk_zip, write_tidy_csv, write_workbook

__all__ = [
    "MANIFEST",
    "ReleaseInfo",
    "ReleaseInputs",
    "list_releases",
    "parse_embargo",
    "read_release",
    "write_release",
]

MANIFEST = "release.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
Progress = Callable[[str], None]
PortalBuilder = Callable[[Path], Sequence[Path]]


@dataclass(frozen=True)
class ReleaseInputs:
    """Everything a release is made from (gathered by the project layer)."""

    name: str
    country: str
    counts: pa.Table
    rates: pa.Table | None
    classification: Classification
    rules: SdcRules
    area_levels: int
    sdmx_agency: str
    sdg_area: str
    quality: Sequence[dict[str, str]] = ()
    build_manifest: Mapping[str, Any] = field(default_factory=dict)
    indicators: Sequence[IndicatorValue] = ()
    specs: Sequence[DatasetSpec] = tuple(DATASETS.values())


@dataclass(frozen=True)
class ReleaseInfo:
    """A release as listed: its name, folder, creation and embargo times."""

    name: str
    path: Path
    created: datetime
    embargo: datetime | None
    manifest: Mapping[str, Any]

    def public(self, now: datetime | None = None) -> bool:
        """True once the embargo (if any) has passed."""
        return self.embargo is None or (now or datetime.now(UTC)) >= self.embargo


def parse_embargo(text: str | None) -> datetime | None:
    """An ISO 8601 time with a zone (``2026-03-01T10:00:00Z``), as UTC."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"--embargo {text!r} is not an ISO 8601 time; write e.g. 2026-03-01T10:00:00Z"
        ) from None
    if when.tzinfo is None:
        raise InputError(f"--embargo {text!r} has no time zone; add Z (UTC) or an offset")
    return when.astimezone(UTC)


def read_release(path: Path) -> ReleaseInfo:
    """A release folder's manifest."""
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    embargo = manifest.get("embargo")
    return ReleaseInfo(
        manifest["name"],
        path,
        datetime.fromisoformat(manifest["created"]),
        datetime.fromisoformat(embargo) if embargo else None,
        manifest,
    )


def list_releases(releases_dir: Path) -> list[ReleaseInfo]:
    """Complete releases under ``releases_dir``, oldest first."""
    if not releases_dir.is_dir():
        return []
    found = [
        read_release(p)
        for p in releases_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).exists()
    ]
    return sorted(found, key=lambda r: (r.created, r.name))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _freeze(root: Path) -> None:
    """Make every file read-only: a release is never edited in place."""
    for file in root.rglob("*"):
        if file.is_file():
            file.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def _indicator_frame(values: Sequence[IndicatorValue], protected: pd.DataFrame) -> pd.DataFrame:
    """Indicator values; a value whose numerator is a hidden count is hidden with the same flag."""
    flags = {
        (int(str(r.year)), str(r.sex), str(r.age)): str(r.flag)
        for r in protected[
            (protected["stage"] == "police")
            & (protected["unit"] == "victims")
            & (protected["iccs_code"] == "0101")
            & (protected["area"] == "_T")
            & (protected["attempt"] == "_T")
            & (protected["citizenship"] == "_T")
        ].itertuples()
    }
    rows = []
    for v in values:
        flag = flags.get((v.year, v.sex, v.age), "") if v.indicator == "16.1.1" else ""
        rows.append(
            {
                "indicator": v.indicator,
                "series": v.series,
                "area": v.area,
                "year": v.year,
                "sex": v.sex,
                "age": v.age,
                "value": None if flag else v.value,
                "numerator": None if flag else v.numerator,
                "unit": v.unit,
                "flag": flag,
                "sources": v.sources,
            }
        )
    columns = ["indicator", "series", "area", "year", "sex", "age", "value", "numerator", "unit"]
    return pd.DataFrame(rows, columns=[*columns, "flag", "sources"])


def write_release(
    inputs: ReleaseInputs,
    releases_dir: Path,
    *,
    embargo: datetime | None = None,
    portal: PortalBuilder | None = None,
    progress: Progress | None = None,
) -> tuple[ReleaseInfo, list[Finding]]:
    """Protect, format and write a release; refuses a name already published."""
    say = progress or (lambda _: None)
    if not _NAME.match(inputs.name):
        raise InputError(
            f"release name {inputs.name!r}: use letters, digits, '.', '_' or '-' (e.g. 2025-q1)"
        )
    final = releases_dir / inputs.name
    if final.exists():
        raise InputError(
            f"release {inputs.name!r} already exists in {releases_dir}; releases are immutable, "
            "publish under a new name"
        )
    previous = list_releases(releases_dir)
    work = releases_dir / f".{inputs.name}.partial"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        _info, findings = _write(inputs, work, previous[-1] if previous else None, embargo, say)
        if portal is not None:
            say("building the portal")
            portal(work)
        write_bulk_zip(work, work / "bulk.zip")
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        manifest["files"] = {
            p.relative_to(work).as_posix(): _sha256(p)
            for p in sorted(work.rglob("*"))
            if p.is_file() and p.name != MANIFEST and "portal" not in p.relative_to(work).parts
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
        _freeze(work)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return read_release(final), findings


def _parent_of(classification: Classification) -> Callable[[str], str | None]:
    def parent(code: str) -> str | None:
        if code not in classification:
            return None
        found = classification.parent(code)
        return found.code if found else None

    return iccs_parent(parent)


def _write(
    inputs: ReleaseInputs,
    root: Path,
    previous: ReleaseInfo | None,
    embargo: datetime | None,
    say: Progress,
) -> tuple[None, list[Finding]]:
    say("selecting the published tables")
    cells = published_cells(inputs.counts, inputs.specs, inputs.area_levels)
    protected, reports, findings = protect_tables(
        cells, inputs.rules, _parent_of(inputs.classification), progress=say
    )
    stages = {s["name"]: s["stage"] for s in inputs.build_manifest.get("sources", [])}
    notes: list[Footnote] = [*standard_footnotes(), *coverage_footnotes(inputs.quality, stages)]
    say("observations, flags and footnotes")
    observations = build_observations(
        protected, inputs.rates, notes[4:], rounding=inputs.rules.rounding > 1
    )
    observations.to_parquet(root / "observations.parquet", index=False)
    texts = {n.id: n.text_en for n in notes}
    pd.DataFrame(
        [
            {
                "id": n.id,
                "text_en": n.text_en,
                "text_es": n.text_es,
                "stage": n.stage,
                "year": n.year,
            }
            for n in notes
        ]
    ).to_csv(root / "footnotes.csv", index=False)
    indicators = _indicator_frame(inputs.indicators, protected)
    indicators.to_csv(root / "indicators.csv", index=False)

    say("tidy CSV and Excel")
    for spec in inputs.specs:
        write_tidy_csv(observations, spec, root / "data" / f"{spec.id}.csv")
    title = f"{inputs.build_manifest.get('settings', {}).get('project', {}).get('name', '')}"
    write_workbook(
        observations[observations["measure"] == "count"],
        inputs.specs,
        texts,
        [
            f"{title}: release {inputs.name}",
            "One sheet per table. Value 'c' = confidential (small count), 'x' = suppressed so that "
            "a confidential count cannot be derived from totals. Footnote ids refer to the Footnotes "
            "sheet. Empty breakdown = total.",
            "Rates per 100,000 population are in the CSV, SDMX and bulk downloads.",
        ],
        root / "excel" / f"crimestats_{inputs.name}.xlsx",
    )

    say("SDMX")
    areas = sorted(set(observations["area"]))
    area_names = [
        (a, f"{title or inputs.country} (whole country)" if a == "_T" else a) for a in areas
    ]
    structure = build_structure(inputs.sdmx_agency, inputs.classification, area_names, inputs.specs)
    (root / "sdmx").mkdir()
    write_structure(structure, root / "sdmx" / "structure.xml")
    source = f"{title}; crimestats release {inputs.name}"
    for spec in inputs.specs:
        rows = observations[observations["dataset"] == spec.id]
        frame = observations_frame(rows, texts, source)
        problems = check_codes(frame, structure.codelists)
        if problems:
            shown = "; ".join(f"{p.column}: {', '.join(sorted(p.unknown))}" for p in problems)
            raise InputError(f"table {spec.id}: codes not in their SDMX codelists ({shown})")
        write_data(
            frame,
            structure.schema(),
            root / "sdmx" / f"{spec.id}.xml",
            root / "sdmx" / f"{spec.id}.csv",
        )
    sdg, sdg_findings = sdg_frame(indicators, inputs.sdg_area)
    findings.extend(sdg_findings)
    if len(sdg):
        write_sdg(sdg, root / "sdmx" / "sdg.xml", root / "sdmx" / "sdg.csv")

    say("revisions")
    if previous is not None:
        old = pd.read_parquet(previous.path / "observations.parquet")
        revised = revisions(old, observations)
    else:
        revised = revisions(observations.iloc[0:0], observations.iloc[0:0])
    revised.to_csv(root / "revisions.csv", index=False)

    from crimestats import __version__

    manifest = {
        "name": inputs.name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "embargo": embargo.isoformat(timespec="seconds") if embargo else None,
        "title": title,
        "country": inputs.country,
        "crimestats": __version__,
        "classification": inputs.classification.title,
        "previous": previous.name if previous else None,
        "revisions": revised["kind"].value_counts().to_dict(),
        "build": dict(inputs.build_manifest),
        "disclosure_control": {
            "threshold": inputs.rules.threshold,
            "thresholds": dict(inputs.rules.thresholds or {}),
            "protection": inputs.rules.protection,
            "rounding": inputs.rules.rounding,
            "groups": [asdict(r) for r in reports],
        },
        "datasets": [
            {
                "id": s.id,
                "flow": s.flow,
                "stage": s.stage,
                "unit": s.unit,
                "dims": list(s.dims),
                "title_en": s.title_en,
                "title_es": s.title_es,
                "rows": int((observations["dataset"] == s.id).sum()),
            }
            for s in inputs.specs
        ],
        "findings": [f.as_row() for f in findings],
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    return None, findings
