"""``crimestats build``: read every source, classify, count, roll up, compute rates and the justice flow,
check quality, and write the result tables. Each step is delegated to the layer that owns it."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa

from crimestats.classification import check_against_data, check_correspondence, iccs
from crimestats.classification.apply import REASON_MISSING_CODE, REASON_UNMAPPED_CODE
from crimestats.counting import (
    COUNT_COLUMNS,
    ancestors_table,
    count_cube,
    duplicate_ids,
    fine_counts,
    justice_flow,
    mark_rules,
    principal_offences,
    rates_per_100k,
    split_counted,
)
from crimestats.counting.cube import RESIDUAL_SUFFIX
from crimestats.counting.rates import population_totals
from crimestats.engine import materialize, register_arrow, to_arrow, write_table
from crimestats.errors import EngineError, InputError
from crimestats.model import Correspondence, Finding, Severity, has_errors
from crimestats.model.records import CANONICAL_COLUMNS, Stage, Unit
from crimestats.model.sources import SourceSpec
from crimestats.project.loading import Project
from crimestats.quality.local import check_count_bounds
from crimestats.quality.records import (
    duplicate_key_findings,
    missing_month_findings,
    reconciliation_finding,
)
from crimestats.quality.report import findings_table, render_quality_markdown
from crimestats.sources.kinds import open_source
from crimestats.sources.population import read_population
from crimestats.sources.records import RecordSource, flag_counts, flag_findings

__all__ = ["BuildResult", "SourceSummary", "build_project"]

Progress = Callable[[str], None]

_UNIT_NAMES = {
    Unit.OFFENCE: "offences",
    Unit.VICTIM: "victims",
    Unit.PERSON: "persons",
    Unit.INCIDENT: "incidents",
    Unit.CASE: "cases",
}


@dataclass(frozen=True)
class SourceSummary:
    """What happened to one source's rows."""

    name: str
    stage: str
    unit: str
    location: str
    sha256: str
    rows_in: int
    counted: int
    quarantined: dict[str, int]


@dataclass(frozen=True)
class BuildResult:
    """The outcome of a build: per-source summaries, findings and the files written."""

    sources: tuple[SourceSummary, ...]
    findings: tuple[Finding, ...]
    outputs: dict[str, Path]
    seconds: float
    count_rows: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """True if any finding is an error."""
        return has_errors(self.findings)


@dataclass
class _Run:
    project: Project
    con: Any
    today: date
    findings: list[Finding] = field(default_factory=list)
    fine: list[Any] = field(default_factory=list)
    quarantine: list[Any] = field(default_factory=list)
    summaries: list[SourceSummary] = field(default_factory=list)
    mappings: dict[str, Correspondence] = field(default_factory=dict)
    codes_seen: dict[str, set[str]] = field(default_factory=dict)


def _correspondence(run: _Run, spec: SourceSpec, data_codes: dict[str, int]) -> Correspondence:
    """The source's table, checked once per file; its codes are checked against this source's data."""
    assert spec.correspondence is not None  # SourceSpec requires one for every record source
    path = str((run.project.root / spec.correspondence).resolve())
    if path not in run.mappings:
        if not Path(path).exists():
            raise InputError(
                f"source {spec.name!r}: correspondence {spec.correspondence!r} not found ({path})"
            )
        version = run.project.settings.classification.iccs_version
        corr, findings = check_correspondence(path, iccs(version))
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            shown = "\n".join(f"  {f.location}: {f.message}" for f in errors[:5])
            raise InputError(
                f"correspondence {path} has {len(errors)} error(s); fix it before building "
                f"(crimestats iccs validate-mapping {path}):\n{shown}"
            )
        run.findings.extend(findings)
        run.mappings[path] = corr
    corr = run.mappings[path]
    run.findings.extend(check_against_data(corr, data_codes, data_source=spec.name, unused=False))
    run.codes_seen.setdefault(path, set()).update(data_codes)
    return corr


def _unused_codes(run: _Run) -> None:
    """Table codes that no source used: one note per correspondence for the whole project."""
    for path, corr in run.mappings.items():
        seen = dict.fromkeys(run.codes_seen.get(path, set()), 1)
        run.findings.extend(
            f for f in check_against_data(corr, seen) if f.code == "mapping.unused-table-code"
        )


def _count_source(run: _Run, source: RecordSource, progress: Progress) -> None:
    """Count one source. The parsed rows are stored once; every later step is one pass over them."""
    settings = run.project.settings.counting
    spec = source.spec
    reference = spec.reference_date or settings.reference_date
    # Constant columns (what the source does not have) are added back after storing, not stored.
    stored = materialize(source.table.drop(*source.absent))
    canonical = stored.mutate(**source.absent).select(*source.table.columns)
    marked = mark_rules(
        canonical,
        spec.unit,
        settings,
        reference_date=reference,
        today=run.today,
        duplicates=materialize(duplicate_ids(canonical)),
    )
    if spec.unit is Unit.VICTIM:
        marked = materialize(marked)  # its window is costly to repeat in every pass

    # One pass for the row count, every flag, the quarantine reasons and the codes in the data.
    passes = marked.quarantine_reason.isnull()
    code = marked.offence_code.fill_null("")
    summary = to_arrow(
        marked.group_by(reason=marked.quarantine_reason, code=code, passes=passes).agg(
            n=marked.count(), **flag_counts(marked)
        )
    ).to_pylist()
    rows_in = sum(r["n"] for r in summary)
    flags = {f: sum(int(r[f] or 0) for r in summary) for f in flag_counts(marked)}
    run.findings.extend(flag_findings(source, marked, flags))
    data_codes: dict[str, int] = defaultdict(int)
    for r in summary:
        data_codes[r["code"]] += r["n"]
    corr = _correspondence(run, spec, data_codes)
    by_reason: dict[str, int] = defaultdict(int)
    for r in summary:
        if r["reason"] is not None:
            by_reason[r["reason"]] += r["n"]
        elif r["code"] == "":
            by_reason[REASON_MISSING_CODE] += r["n"]
        elif r["code"] not in corr.national_codes:
            by_reason[REASON_UNMAPPED_CODE] += r["n"]

    progress(f"counting {spec.name}")
    counted = split_counted(marked, corr, source=spec.name)
    stage, unit = str(spec.stage), _UNIT_NAMES[spec.unit]
    person = spec.unit in (Unit.VICTIM, Unit.PERSON)
    status = person and spec.stage in (Stage.COURTS, Stage.PRISONS)
    fine = materialize(
        fine_counts(counted.records, stage, unit, person_dims=person, status_dim=status)
    )
    # Weights of each counted row sum to 1 exactly (decimals): their total is the rows counted.
    total = to_arrow(fine.aggregate(n=fine.value.sum())).to_pylist()[0]["n"]
    n_counted = int(total or 0)
    if total is not None and total != n_counted:
        raise EngineError(f"source {spec.name!r}: counted rows sum to {total}, not a whole number")
    run.fine.append(fine)
    if spec.unit is Unit.OFFENCE and settings.principal_offence and "incident_id" in spec.columns:
        incidents = principal_offences(counted.records, settings.seriousness)
        run.fine.append(materialize(fine_counts(incidents, stage, "incidents", person_dims=False)))
    run.findings.extend(
        reconciliation_finding(spec.name, source.location, rows_in, n_counted, dict(by_reason))
    )
    passing = marked.filter(passes)
    if settings.duplicate_keys and spec.unit in (Unit.OFFENCE, Unit.INCIDENT):
        keys = [k for k in settings.duplicate_keys if k in spec.columns]
        if len(keys) == len(settings.duplicate_keys):
            run.findings.extend(duplicate_key_findings(passing, keys, spec.name, source.location))
    run.findings.extend(missing_month_findings(passing, reference, spec.name, source.location))
    run.quarantine.append(counted.quarantine)
    run.summaries.append(
        SourceSummary(
            spec.name,
            stage,
            unit,
            source.location,
            source.sha256,
            rows_in,
            n_counted,
            dict(by_reason),
        )
    )


def _labels(run: _Run, codes: list[str]) -> pa.Table:
    classification = iccs(run.project.settings.classification.iccs_version)
    lang = run.project.settings.classification.language
    unspecified = "sin especificar" if lang == "es" else "unspecified"
    labels = []
    for code in codes:
        base = code.removesuffix(RESIDUAL_SUFFIX)
        label = classification.get(base).label(lang) if base in classification else ""
        labels.append(f"{label}, {unspecified}" if code.endswith(RESIDUAL_SUFFIX) else label)
    return pa.table(
        {"iccs_code": pa.array(codes, pa.string()), "iccs_label": pa.array(labels, pa.string())}
    )


def _write(expr: Any, out: Path, name: str, outputs: dict[str, Path]) -> None:
    table = materialize(expr)  # computed once, written twice
    outputs[name] = write_table(table, out / f"{name}.parquet")
    write_table(table, out / f"{name}.csv")


def build_project(
    project: Project,
    con: Any,
    *,
    progress: Progress | None = None,
    today: date | None = None,
    write: bool = True,
) -> BuildResult:
    """Run the whole flow over a loaded project on the given engine connection."""
    started = time.perf_counter()
    say = progress or (lambda _: None)
    run = _Run(project, con, today or date.today())
    if not project.sources:
        raise InputError(
            f"{project.root / 'sources'}: no source YAML files; see sources/_example.yaml"
        )
    for spec in project.sources:
        say(f"reading {spec.name}")
        for source in open_source(con, spec, project.root):
            _count_source(run, source, say)
    _unused_codes(run)

    say("rolling up counts")
    fine = ibis.union(*run.fine, distinct=False)
    codes = to_arrow(fine.select("iccs_code").distinct())["iccs_code"].to_pylist()
    classification = iccs(project.settings.classification.iccs_version)
    ancestors = register_arrow(con, ancestors_table(classification, codes))
    counts = count_cube(fine, ancestors, materialize)
    labels = register_arrow(
        con, _labels(run, to_arrow(counts.select("iccs_code").distinct())["iccs_code"].to_pylist())
    )
    counts_out = (
        counts.join(labels, "iccs_code")
        .select(*COUNT_COLUMNS[:5], "iccs_label", *COUNT_COLUMNS[5:])
        .order_by(["stage", "unit", "year", "area", "iccs_code", "attempt", "sex", "age"])
    )
    n_counts = int(to_arrow(counts.count().as_table())[0][0].as_py())
    run.findings.extend(
        check_count_bounds(counts, project.local_rules, str(project.root / "checks"))
    )

    say("rates and justice flow")
    population, pop_findings = read_population(con, project.population_files)
    run.findings.extend(pop_findings)
    rates = rates_per_100k(counts, population_totals(population))
    flow = justice_flow(counts)

    outputs: dict[str, Path] = {}
    findings = sorted(run.findings, key=lambda f: (f.severity.rank, f.code, f.location.source))
    if write:
        say("writing results")
        out = project.output_dir
        _write(counts_out, out, "counts", outputs)
        _write(
            rates.order_by(["stage", "unit", "year", "area", "iccs_code"]), out, "rates", outputs
        )
        _write(flow, out, "flow", outputs)
        keep = ["_source", "_row", *(c.name for c in CANONICAL_COLUMNS), "quarantine_reason"]
        parts = [q.select(*keep) for q in run.quarantine]
        quarantine = ibis.union(*parts, distinct=False).order_by(["_source", "_row"])
        _write(quarantine, out, "quarantine", outputs)
        outputs.update(_write_quality(run, findings, out))
        outputs["manifest"] = _manifest(run, out)
    return BuildResult(
        sources=tuple(run.summaries),
        findings=tuple(findings),
        outputs=outputs,
        seconds=time.perf_counter() - started,
        count_rows=n_counts,
    )


def _write_quality(run: _Run, findings: list[Finding], out: Path) -> dict[str, Path]:
    table = findings_table(findings)
    csv_path = write_table(register_arrow(run.con, table), out / "quality.csv")
    summaries = [s.__dict__ for s in run.summaries]
    report = out / "quality_report.md"
    report.write_text(
        render_quality_markdown(findings, summaries, run.project.settings.project.name),
        encoding="utf-8",
    )
    return {"quality": csv_path, "quality_report": report}


def _manifest(run: _Run, out: Path) -> Path:
    from crimestats import __version__

    project = run.project
    manifest = {
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "crimestats": __version__,
        "engine": project.settings.engine.backend,
        "classification": iccs(project.settings.classification.iccs_version).title,
        "settings": project.settings.model_dump(mode="json"),
        "sources": [
            {
                "name": s.name,
                "location": s.location,
                "sha256": s.sha256,
                "stage": s.stage,
                "unit": s.unit,
                "rows_in": s.rows_in,
                "counted": s.counted,
                "quarantined": s.quarantined,
            }
            for s in run.summaries
        ],
        "correspondences": [
            {"path": path, "sha256": corr.sha256, "rows": len(corr)}
            for path, corr in run.mappings.items()
        ],
    }
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return path
