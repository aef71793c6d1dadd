"""Read an agency's record file or table into the canonical record model, lazily on the engine.

Every column is read as text and parsed here, so a stray "unknown" in an age column or "30/02/2024" in a
date column becomes a flagged null (reported as a finding by :func:`flag_findings`), never a failed read.
Each row keeps its source name and 1-based data row (``_source``, ``_row``) so findings and the quarantine
can point to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import ibis

from crimestats.engine import Backend, file_sha256, parse_date, to_arrow, trim_spaces
from crimestats.errors import InputError, MissingColumnError
from crimestats.model import Finding, Location, Severity
from crimestats.model.records import (
    CANONICAL_COLUMNS,
    CITIZENSHIP_CODES,
    OUTCOME_CODES,
    SEX_CODES,
)
from crimestats.model.sources import SourceSpec
from crimestats.sources.files import read_table

__all__ = [
    "FLAGS",
    "RecordSource",
    "flag_counts",
    "flag_findings",
    "read_records",
]

MAX_AGE = 120
_TRUE = ("true", "t", "1", "y", "yes", "s", "si", "sí")
_FALSE = ("false", "f", "0", "n", "no")

#: Row flags the reader sets → (finding code, severity, what it means).
FLAGS: dict[str, tuple[str, Severity, str]] = {
    "_bad_recorded_date": (
        "records.bad-date",
        Severity.WARNING,
        "recorded_date is not a valid date",
    ),
    "_bad_occurred_date": (
        "records.bad-date",
        Severity.WARNING,
        "occurred_date is not a valid date",
    ),
    "_bad_age": (
        "records.bad-age",
        Severity.WARNING,
        f"age is not a number from 0 to {MAX_AGE}; counted as age unknown",
    ),
    "_bad_sex": (
        "records.bad-code",
        Severity.WARNING,
        "sex code not mapped to M, F or U; counted as U",
    ),
    "_bad_citizenship": (
        "records.bad-code",
        Severity.WARNING,
        "citizenship code not mapped to national, foreign or unknown; counted as unknown",
    ),
    "_bad_outcome": (
        "records.bad-code",
        Severity.WARNING,
        "outcome code not mapped to " + ", ".join(OUTCOME_CODES),
    ),
    "_bad_attempt": (
        "records.bad-code",
        Severity.WARNING,
        "attempt value is not yes/no; counted as completed",
    ),
    "_bad_cyber": (
        "records.bad-code",
        Severity.WARNING,
        "cyber value is not yes/no; counted as no",
    ),
}


@dataclass(frozen=True)
class RecordSource:
    """A source read into the canonical model: a lazy table and where it came from.

    ``absent`` holds the canonical columns the source does not have, as constant expressions: an
    engine need not store them (see :func:`crimestats.engine.materialize`).
    """

    spec: SourceSpec
    table: Any
    raw: Any
    location: str
    sha256: str
    absent: Mapping[str, Any] = field(default_factory=dict)


def _open(con: Backend, spec: SourceSpec, base: Path) -> tuple[Any, str, str]:
    if spec.connection:
        try:
            remote = ibis.connect(spec.connection)
            table = remote.table(spec.table)
        except Exception as exc:  # each database driver has its own errors
            raise InputError(
                f"source {spec.name!r}: cannot read table {spec.table!r} from {spec.connection}: {exc}"
            ) from None
        # Bring the rows to the project's engine so every source is counted on one engine.
        return (
            con.create_table(f"cs_db_{spec.name}", table.to_pyarrow(), temp=True),
            spec.connection,
            "",
        )
    assert spec.path is not None  # the spec validator guarantees path or connection
    path = (base / spec.path).resolve()
    if not path.exists():
        raise InputError(f"source {spec.name!r}: file {path} not found (path: {spec.path!r})")
    table = read_table(
        con,
        path,
        all_text=True,
        sheet=spec.table,
        encoding=spec.encoding,
        delimiter=spec.delimiter,
    )
    return table, str(path), file_sha256(path)


def _text(value: Any) -> Any:
    return trim_spaces(value).nullif("")


def _mapped(value: Any, codes: Mapping[str, str] | None) -> Any:
    return value.substitute(dict(codes)) if codes else value


def _lookup(value: Any, mapping: Mapping[str, Any], null_type: str) -> Any:
    # A simple CASE on the value, not IN lists: DuckDB plans an IN list inside CASE as a join it
    # cannot prune, which made reading a 600,000-row file ten times slower.
    return value.substitute(dict(mapping), else_=ibis.null(null_type))


def _boolean(text: Any) -> tuple[Any, Any]:
    words = dict.fromkeys(_TRUE, True) | dict.fromkeys(_FALSE, False)
    value = _lookup(text.lower(), words, "boolean")
    return value.fill_null(False), text.notnull() & value.isnull()


def _coded(text: Any, allowed: Iterable[str], unknown: str | None) -> tuple[Any, Any]:
    value = _lookup(text, {code: code for code in allowed}, "string")
    bad = text.notnull() & value.isnull()
    return (value.fill_null(unknown) if unknown else value), bad


def read_records(
    con: Backend, spec: SourceSpec, base: Path, *, today: date | None = None
) -> RecordSource:
    """Open a source and express it in the canonical model (nothing is computed yet).

    The table has every canonical column, ``_source`` and ``_row``, and for each mapped column that is
    parsed, a boolean ``_bad_*`` column (see :data:`FLAGS`) marking the rows whose value was rejected.
    """
    raw, location, sha = _open(con, spec, base)
    missing = [src for src in spec.columns.values() if src not in raw.columns]
    if missing:
        raise MissingColumnError(
            f"{location} (source {spec.name!r}, columns in sources/{spec.name}.yaml)",
            missing,
            list(raw.columns),
        )
    raw = raw.mutate(_row=(ibis.row_number() + 1).cast("int64"))
    out: dict[str, Any] = {"_source": ibis.literal(spec.name), "_row": raw["_row"]}
    absent: dict[str, Any] = {"_source": out["_source"]}
    for column in CANONICAL_COLUMNS:
        name = column.name
        src = spec.columns.get(name)
        if src is None:
            out[name] = absent[name] = _absent(name, column.dtype, spec)
            continue
        typed = _typed(raw[src], name, spec)
        if typed is not None:  # already the right type in the file (Parquet, databases)
            out[name] = typed
            continue
        text = _mapped(_text(raw[src]), spec.codes.get(name))
        if column.dtype == "date":
            if raw[src].type().is_temporal():
                out[name] = raw[src].cast("date")
            else:
                parsed = parse_date(text, spec.date_format, con.name)
                out[name] = parsed
                out[f"_bad_{name}"] = text.notnull() & parsed.isnull()
        elif name == "age":
            number = text.try_cast("float64")
            ok = (number >= 0) & (number <= MAX_AGE)
            out[name] = ibis.ifelse(ok, number.floor(), ibis.null("float64")).cast("int16")
            out["_bad_age"] = text.notnull() & ~ok.fill_null(False)
        elif name in ("attempt", "cyber"):
            out[name], out[f"_bad_{name}"] = _boolean(text)
        elif name == "sex":
            out[name], out["_bad_sex"] = _coded(text, SEX_CODES, "U")
        elif name == "citizenship":
            out[name], out["_bad_citizenship"] = _coded(text, CITIZENSHIP_CODES, "unknown")
        elif name == "outcome":
            out[name], out["_bad_outcome"] = _coded(text, OUTCOME_CODES, None)
        else:
            out[name] = text
    return RecordSource(spec, raw.select(**out), raw, location, sha, absent)


def _typed(value: Any, name: str, spec: SourceSpec) -> Any | None:
    """The canonical value straight from a typed column, or None if it must be parsed as text."""
    kind = value.type()
    if name in spec.codes:
        return None
    if name in ("attempt", "cyber") and kind.is_boolean():
        return value.fill_null(False)
    if name == "age" and kind.is_integer():
        return ibis.ifelse((value >= 0) & (value <= MAX_AGE), value, ibis.null("int64")).cast(
            "int16"
        )
    return None


def _absent(name: str, dtype: str, spec: SourceSpec) -> Any:
    """The value of a canonical column the source does not have."""
    defaults: dict[str, Any] = {
        "agency": ibis.literal(spec.agency) if spec.agency else None,
        "attempt": ibis.literal(False),
        "cyber": ibis.literal(False),
        "sex": ibis.literal("U"),
        "citizenship": ibis.literal("unknown"),
    }
    value = defaults.get(name)
    return value if value is not None else ibis.null(dtype)


def flag_counts(table: Any) -> dict[str, Any]:
    """Aggregates counting each ``_bad_*`` flag of ``table``, to compute in one query with others."""
    return {f: table[f].cast("int64").sum() for f in FLAGS if f in table.columns}


def flag_findings(
    source: RecordSource, table: Any, counts: Mapping[str, int] | None = None
) -> list[Finding]:
    """Findings for the non-zero ``_bad_*`` flags of ``table`` (the source's canonical rows), with a
    sample of the file's own values. ``counts`` are the flag totals if already computed (see
    :func:`flag_counts`); otherwise they are counted here in one pass."""
    spec, location = source.spec, source.location
    flags = [f for f in FLAGS if f in table.columns]
    if not flags:
        return []
    sums = (
        counts
        if counts is not None
        else to_arrow(table.aggregate(**flag_counts(table))).to_pylist()[0]
    )
    findings = []
    for flag in flags:
        count = int(sums[flag] or 0)
        if not count:
            continue
        code, severity, meaning = FLAGS[flag]
        canonical = flag.removeprefix("_bad_")
        source_column = spec.columns.get(canonical, canonical)
        first_rows = table.filter(table[flag]).order_by("_row").select("_row").limit(3)
        raw = source.raw
        picked = raw.semi_join(first_rows, "_row").order_by("_row")
        picked = picked.select("_row", source_column) if source_column in raw.columns else picked
        sample = tuple(
            {"row": r["_row"], source_column: r.get(source_column)}
            for r in to_arrow(picked).to_pylist()
        )
        first = sample[0]["row"] if sample else None
        findings.append(
            Finding(
                code,
                severity,
                f"source {spec.name!r}: {count} row(s): {meaning} (column {source_column!r}; first at "
                f"row {first})",
                Location(location, first, source_column),
                count,
                sample,
            )
        )
    return findings
