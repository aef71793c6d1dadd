"""Read and validate correspondence tables (national offence code → ICCS).

Problems in a table are :class:`Finding` records with stable codes (``CHECKS`` below), never exceptions:
a user sees every problem of the file at once, with its row and column.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from crimestats.classification.iccs import iccs
from crimestats.engine import file_sha256, open_text
from crimestats.errors import InputError, MissingColumnError
from crimestats.model import (
    Classification,
    Correspondence,
    CorrespondenceRow,
    Finding,
    Location,
    Severity,
    has_errors,
)

__all__ = [
    "CHECKS",
    "REQUIRED_COLUMNS",
    "check_against_data",
    "check_correspondence",
    "load_correspondence",
    "read_correspondence",
    "validate_correspondence",
]

REQUIRED_COLUMNS = ("national_code", "iccs_code")
OPTIONAL_COLUMNS = ("national_label", "weight", "attempt", "cyber", "note")
_WEIGHT_TOLERANCE = 1e-9
_YES = {"y", "yes", "1", "true", "s", "si", "sí"}
_NO = {"n", "no", "0", "false", ""}

#: The catalogue of correspondence findings: code → (severity, what it means).
CHECKS: dict[str, tuple[Severity, str]] = {
    "mapping.empty-table": (Severity.ERROR, "The table has no rows."),
    "mapping.missing-national-code": (Severity.ERROR, "A row has no national code."),
    "mapping.missing-iccs-code": (Severity.ERROR, "A row has no ICCS code."),
    "mapping.unknown-iccs-code": (Severity.ERROR, "The ICCS code does not exist."),
    "mapping.misprinted-iccs-code": (
        Severity.WARNING,
        "A code printed in error in the ICCS manual; read as the right code.",
    ),
    "mapping.bad-weight": (Severity.ERROR, "A weight that is not a number in (0, 1]."),
    "mapping.bad-flag": (Severity.ERROR, "An attempt/cyber value that is not y or n."),
    "mapping.conflicting-targets": (
        Severity.ERROR,
        "A national code maps to several ICCS codes without weights for a 1:n split.",
    ),
    "mapping.duplicate-row": (
        Severity.ERROR,
        "The same national code → ICCS code pair appears more than once.",
    ),
    "mapping.weights-not-one": (
        Severity.ERROR,
        "The weights of a national code do not sum to 1.",
    ),
    "mapping.mixed-levels": (
        Severity.WARNING,
        "The table maps to a category and to categories below it; counts of the upper one "
        "become an 'unspecified' residual.",
    ),
    "mapping.attempted-homicide": (
        Severity.WARNING,
        "An attempt code mapped to 0101: ICCS counts attempted intentional homicide in 0102.",
    ),
    "mapping.unmapped-data-code": (
        Severity.WARNING,
        "National codes found in the data but not in the table; their records are quarantined.",
    ),
    "mapping.blank-data-code": (
        Severity.WARNING,
        "Records in the data without a national code; they are quarantined.",
    ),
    "mapping.unused-table-code": (
        Severity.INFO,
        "National codes of the table never seen in the data.",
    ),
}


def _finding(code: str, message: str, location: Location, count: int = 1) -> Finding:
    return Finding(code, CHECKS[code][0], message, location, count)


def _flag(value: str) -> bool | None:
    v = value.strip().casefold()
    if v in _YES:
        return True
    if v in _NO:
        return False
    return None


def read_correspondence(
    path: str | Path, classification: Classification | None = None
) -> tuple[Correspondence, list[Finding]]:
    """Parse a correspondence CSV; rows that cannot be used are left out and reported.

    ICCS codes printed in error in the manual (``0908``, ``01042``) are read as the right code with a
    warning. Raises :class:`InputError` only when the file itself is unusable (not found, not CSV, no
    ``national_code``/``iccs_code`` columns).
    """
    classification = classification or iccs()
    file = Path(path)
    name = str(file)
    findings: list[Finding] = []
    rows: list[CorrespondenceRow] = []
    try:
        with open_text(file) as fh:
            sample = fh.read(65536)
            fh.seek(0)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                    sample, delimiters=",;\t|"
                )
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(fh, dialect=dialect)
            header = [h.strip() for h in (reader.fieldnames or [])]
            reader.fieldnames = header
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise MissingColumnError(name, missing, header)
            lines = 0
            for lines, raw in enumerate(reader, start=1):
                row = _parse_row(raw, lines, name, classification, findings)
                if row is not None:
                    rows.append(row)
            if lines == 0:
                findings.append(
                    _finding("mapping.empty-table", "the table has no data rows", Location(name))
                )
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: cannot decode the text ({exc.reason})") from None
    except csv.Error as exc:
        raise InputError(f"{name}: not a readable CSV file ({exc})") from None
    corr = Correspondence(
        name=file.stem,
        rows=tuple(rows),
        source=name,
        sha256=file_sha256(file),
        classification=classification.title,
    )
    return corr, findings


def _parse_row(
    raw: Mapping[str, str | None],
    line: int,
    source: str,
    classification: Classification,
    findings: list[Finding],
) -> CorrespondenceRow | None:
    def cell(column: str) -> str:
        value = raw.get(column)
        return value.strip() if isinstance(value, str) else ""

    national, target = cell("national_code"), cell("iccs_code")
    if not national:
        findings.append(
            _finding(
                "mapping.missing-national-code",
                "row has no national code",
                Location(source, line, "national_code"),
            )
        )
        return None
    if not target:
        findings.append(
            _finding(
                "mapping.missing-iccs-code",
                f"national code {national!r} has no ICCS code",
                Location(source, line, "iccs_code"),
            )
        )
        return None
    if target in classification.aliases and target not in classification:
        right = classification.aliases[target]
        findings.append(
            _finding(
                "mapping.misprinted-iccs-code",
                f"{target!r} is a misprint in the ICCS manual; read as {right!r}",
                Location(source, line, "iccs_code"),
            )
        )
        target = right
    if target not in classification:
        hints = classification.suggest_codes(target)
        hint = f"; did you mean {', '.join(hints)}?" if hints else ""
        findings.append(
            _finding(
                "mapping.unknown-iccs-code",
                f"{target!r} (for national code {national!r}) is not an "
                f"{classification.title} code{hint}",
                Location(source, line, "iccs_code"),
            )
        )
        return None
    weight = 1.0
    weight_text = cell("weight")
    if weight_text:
        try:
            weight = float(weight_text.replace(",", "."))  # a decimal comma is common
        except ValueError:
            weight = math.nan
        if not (0 < weight <= 1):
            findings.append(
                _finding(
                    "mapping.bad-weight",
                    f"weight {weight_text!r} for national code {national!r} is not a number in "
                    "(0, 1]",
                    Location(source, line, "weight"),
                )
            )
            return None
    flags: dict[str, bool] = {}
    for column in ("attempt", "cyber"):
        value = _flag(cell(column))
        if value is None:
            findings.append(
                _finding(
                    "mapping.bad-flag",
                    f"{column} is {cell(column)!r}; write y or n",
                    Location(source, line, column),
                )
            )
            return None
        flags[column] = value
    return CorrespondenceRow(
        national_code=national,
        iccs_code=target,
        national_label=cell("national_label"),
        weight=weight,
        attempt=flags["attempt"],
        cyber=flags["cyber"],
        note=cell("note"),
        line=line,
    )


def validate_correspondence(
    corr: Correspondence,
    classification: Classification | None = None,
    *,
    data_codes: Mapping[str, int] | None = None,
    data_source: str = "",
) -> list[Finding]:
    """Check a parsed table as a whole; with ``data_codes`` (national code → record count), also
    check it against the codes found in the data."""
    classification = classification or iccs()
    source = corr.source or corr.name
    findings: list[Finding] = []
    by_code: dict[str, list[CorrespondenceRow]] = defaultdict(list)
    for row in corr.rows:
        by_code[row.national_code].append(row)
    for national, rows in by_code.items():
        findings.extend(_check_code(national, rows, source))
    findings.extend(_check_levels(corr, classification, source))
    for row in corr.rows:
        if row.attempt and row.iccs_code == "0101":
            findings.append(
                _finding(
                    "mapping.attempted-homicide",
                    f"national code {row.national_code!r} denotes attempts but maps to 0101; "
                    "attempted intentional homicide is 0102",
                    Location(source, row.line, "iccs_code"),
                )
            )
    if data_codes is not None:
        findings.extend(check_against_data(corr, data_codes, data_source=data_source))
    return findings


def _check_code(national: str, rows: list[CorrespondenceRow], source: str) -> Iterable[Finding]:
    first = rows[0]
    where = Location(source, first.line, "national_code")
    targets = [r.iccs_code for r in rows]
    repeated = sorted({t for t in targets if targets.count(t) > 1})
    if repeated:
        yield _finding(
            "mapping.duplicate-row",
            f"national code {national!r} maps to {', '.join(repeated)} on more than one row "
            f"(rows {', '.join(str(r.line) for r in rows)})",
            where,
            len(rows),
        )
        return
    total = math.fsum(r.weight for r in rows)
    if len(rows) > 1 and all(r.weight == 1.0 for r in rows):
        yield _finding(
            "mapping.conflicting-targets",
            f"national code {national!r} maps to {', '.join(targets)} without weights; give "
            "weights for a 1:n split or keep one target",
            where,
            len(rows),
        )
    elif abs(total - 1.0) > _WEIGHT_TOLERANCE:
        yield _finding(
            "mapping.weights-not-one",
            f"weights of national code {national!r} sum to {total:g}, not 1",
            Location(source, first.line, "weight"),
            len(rows),
        )


def _check_levels(
    corr: Correspondence, classification: Classification, source: str
) -> Iterable[Finding]:
    targets = {r.iccs_code for r in corr.rows}
    for code in sorted(targets):
        below = sorted(targets.intersection(d.code for d in classification.descendants(code)))
        if below:
            shown = ", ".join(below[:5]) + (" ..." if len(below) > 5 else "")
            yield _finding(
                "mapping.mixed-levels",
                f"the table maps to {code} and to categories below it ({shown}); counts coded "
                f"{code} will show as 'unspecified' within it",
                Location(source, column="iccs_code"),
                len(below),
            )


def check_against_data(
    corr: Correspondence,
    data_codes: Mapping[str, int],
    *,
    data_source: str = "",
    unused: bool = True,
) -> list[Finding]:
    """Compare a table with the national codes found in data (code → record count, "" = blank):
    codes missing from the table, blank codes and, with ``unused``, table codes never seen."""
    return list(_against_data(corr, data_codes, corr.source or corr.name, data_source, unused))


def _against_data(
    corr: Correspondence, data_codes: Mapping[str, int], source: str, data_source: str, unused: bool
) -> Iterable[Finding]:
    table_codes = corr.national_codes
    blank = data_codes.get("", 0)
    if blank:
        yield _finding(
            "mapping.blank-data-code",
            f"{blank} record(s) have no national offence code",
            Location(data_source or "data", column="national_code"),
            blank,
        )
    unmapped = {c: n for c, n in data_codes.items() if c and c not in table_codes}
    if unmapped:
        records = sum(unmapped.values())
        worst = sorted(unmapped.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        shown = ", ".join(f"{c!r} ({n})" for c, n in worst)
        yield Finding(
            "mapping.unmapped-data-code",
            CHECKS["mapping.unmapped-data-code"][0],
            f"{len(unmapped)} national code(s) in the data are not in the table, "
            f"{records} record(s): {shown}",
            Location(data_source or "data", column="national_code"),
            records,
            tuple({"national_code": c, "records": n} for c, n in worst),
        )
    never = sorted(table_codes.difference(data_codes)) if unused else []
    if never:
        shown = ", ".join(never[:10]) + (" ..." if len(never) > 10 else "")
        yield _finding(
            "mapping.unused-table-code",
            f"{len(never)} national code(s) of the table never occur in the data: {shown}",
            Location(source, column="national_code"),
            len(never),
        )


def check_correspondence(
    path: str | Path,
    classification: Classification | None = None,
    *,
    data_codes: Mapping[str, int] | None = None,
    data_source: str = "",
) -> tuple[Correspondence, list[Finding]]:
    """Read and fully validate a correspondence file: every finding, parse-level and table-level."""
    corr, findings = read_correspondence(path, classification)
    findings += validate_correspondence(
        corr, classification, data_codes=data_codes, data_source=data_source
    )
    findings.sort(key=lambda f: (f.severity.rank, f.location.row or 0, f.code))
    return corr, findings


def load_correspondence(
    path: str | Path, classification: Classification | None = None
) -> Correspondence:
    """Read a correspondence table for use; :class:`InputError` listing the problems if it has any
    error-severity finding (run ``crimestats iccs validate-mapping`` for the full report)."""
    corr, findings = check_correspondence(path, classification)
    if has_errors(findings):
        errors = [f for f in findings if f.severity is Severity.ERROR]
        lines = [f"  {f.location}: {f.message}" for f in errors[:10]]
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise InputError(
            f"{path}: the correspondence table has {len(errors)} error(s):\n"
            + "\n".join(lines)
            + more
            + f"\nRun 'crimestats iccs validate-mapping {path}' for the full report."
        )
    return corr
