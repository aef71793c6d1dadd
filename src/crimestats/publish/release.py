"""Releases: an immutable folder ``releases/<name>/`` with every output, a manifest with provenance, the
revisions against the previous release, and an optional embargo time before which it is not served.

The folder is written under a temporary name of its own and renamed when complete, so a release is either
whole or absent; its files and folders are then made read-only. Publishing a name twice is refused. The
manifest lists the SHA-256 of every file except itself, ``bulk.zip`` (which holds the manifest) and the
portal site.

An embargo is an ISO 8601 time with a time zone (``Z`` or an offset such as ``+01:00``), kept in UTC; a
time without a zone is refused rather than guessed, since an embargo off by some hours is a leak.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from crimestats.engine import file_sha256
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
from crimestats.publish.sdmx import build_structure, observations_frame, write_structure
from crimestats.publish.sdmx_data import write_data
from crimestats.publish.tables import write_bulk_zip, write_tidy_csv, write_workbook

__all__ = [
    "BULK_ZIP",
    "MANIFEST",
    "ReleaseInfo",
    "ReleaseInputs",
    "list_releases",
    "parse_embargo",
    "read_release",
    "write_release",
]

MANIFEST = "release.json"
BULK_ZIP = "bulk.zip"
#: Not in the manifest's file list: the manifest itself, the zip that holds it, the portal site.
_UNLISTED = frozenset({MANIFEST, BULK_ZIP, "portal"})
_READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
_SEARCH = stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
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
        """True once the embargo (if any) has passed; ``now`` defaults to the clock, naive is UTC."""
        if self.embargo is None:
            return True
        when = now or datetime.now(UTC)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return when >= self.embargo


def parse_embargo(text: str | None) -> datetime | None:
    """An ISO 8601 time with a zone (``2026-03-01T10:00:00Z``, ``...T11:00:00+01:00``), in UTC.

    Nothing (None or blank) means no embargo; a time without a zone is refused, not guessed.
    """
    if text is None or not text.strip():
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--embargo {text!r} is not an ISO 8601 time; write e.g. 2026-03-01T10:00:00Z"
        ) from None
    if when.tzinfo is None:
        raise InputError(
            f"--embargo {text!r} has no time zone; add Z for UTC (2026-03-01T10:00:00Z) or an "
            "offset (2026-03-01T11:00:00+01:00)"
        )
    return when.astimezone(UTC)


def read_release(path: Path) -> ReleaseInfo:
    """A release folder's manifest."""
    file = path / MANIFEST
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
        embargo = manifest.get("embargo")
        return ReleaseInfo(
            manifest["name"],
            path,
            datetime.fromisoformat(manifest["created"]),
            datetime.fromisoformat(embargo) if embargo else None,
            manifest,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            f"{file}: not a readable release manifest ({exc}); releases are written only by "
            "crimestats publish and never edited"
        ) from None


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
    if embargo is not None and embargo.tzinfo is None:
        raise InputError("the embargo time has no time zone; give it in UTC (e.g. ...T10:00:00Z)")
    final = releases_dir / inputs.name
    if final.exists():
        raise _exists(inputs.name, releases_dir)
    previous = list_releases(releases_dir)
    releases_dir.mkdir(parents=True, exist_ok=True)
    # A folder of its own for every attempt: two publications of one name never share it.
    work = Path(tempfile.mkdtemp(prefix=f".{inputs.name}.", suffix=".partial", dir=releases_dir))
    try:
        findings = _write(inputs, work, previous[-1] if previous else None, embargo, say)
        if portal is not None:
            say("building the portal")
            portal(work)
        _seal(work)
        try:
            work.rename(final)
        except OSError:
            if final.exists():
                raise _exists(inputs.name, releases_dir) from None
            raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _freeze_folders(final)
    return read_release(final), findings


def _exists(name: str, releases_dir: Path) -> InputError:
    return InputError(
        f"release {name!r} already exists in {releases_dir}; releases are immutable, "
        "publish under a new name"
    )


def _seal(root: Path) -> None:
    """List every file's SHA-256 in the manifest, zip the release with that manifest, and make the
    files read-only. The zip holds the manifest, so the manifest cannot list the zip."""
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = {
        p.relative_to(root).as_posix(): file_sha256(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] not in _UNLISTED
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    write_bulk_zip(root, root / BULK_ZIP)
    for file in root.rglob("*"):
        if file.is_file():
            file.chmod(_READ_ONLY)


def _freeze_folders(root: Path) -> None:
    """Make the release's folders read-only too: no file can be added, removed or renamed."""
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        folder.chmod(_READ_ONLY | _SEARCH)
    root.chmod(_READ_ONLY | _SEARCH)


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
) -> list[Finding]:
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
        write_data(
            observations_frame(rows, texts, source),
            structure.schema(),
            root / "sdmx" / f"{spec.id}.xml",
            root / "sdmx" / f"{spec.id}.csv",
            name=f"table {spec.id}",
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
    return findings
