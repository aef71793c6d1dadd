"""Apply a correspondence table to a record table, on the engine, losing nothing.

Every input record ends either in ``classified`` (once per ICCS target, with the target's ``weight``; the
weights of a record sum to 1 so weighted counts conserve the total) or in ``quarantine`` with a
``quarantine_reason``. Nothing is silently dropped: ``count(input) = sum(weight of classified) +
count(quarantine)``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import ibis
import pyarrow as pa

from crimestats.engine import register_arrow, trim_spaces
from crimestats.errors import InputError, MissingColumnError
from crimestats.model import Correspondence

__all__ = [
    "REASON_MISSING_CODE",
    "REASON_UNMAPPED_CODE",
    "Classified",
    "apply_correspondence",
    "mark_unmapped",
]

REASON_MISSING_CODE = "missing national offence code"
REASON_UNMAPPED_CODE = "national offence code not in the correspondence table"


@dataclass(frozen=True)
class Classified:
    """Lazy tables: records with ICCS codes, and records that could not be classified."""

    records: Any
    quarantine: Any


def _mapping_table(corr: Correspondence) -> pa.Table:
    weights: dict[str, float] = defaultdict(float)
    for row in corr.rows:
        weights[row.national_code] += row.weight
    bad = sorted(code for code, total in weights.items() if not math.isclose(total, 1.0))
    if bad:
        raise InputError(
            f"{corr.source or corr.name}: weights of national code(s) {', '.join(bad[:5])} do not "
            "sum to 1; run 'crimestats iccs validate-mapping' on the table"
        )
    return pa.table(
        {
            "_cs_national_code": pa.array([r.national_code for r in corr.rows], pa.string()),
            "iccs_code": pa.array([r.iccs_code for r in corr.rows], pa.string()),
            "weight": pa.array([r.weight for r in corr.rows], pa.float64()),
            "attempt": pa.array([r.attempt for r in corr.rows], pa.bool_()),
            "cyber": pa.array([r.cyber for r in corr.rows], pa.bool_()),
        }
    )


def apply_correspondence(
    records: Any, corr: Correspondence, code_column: str, *, source: str = "records"
) -> Classified:
    """Classify ``records`` (an Ibis table) by their national offence code in ``code_column``.

    Codes are compared as trimmed strings. The classified table keeps every input column and adds
    ``iccs_code``, ``weight``, ``attempt`` and ``cyber`` (``attempt``/``cyber`` are True where the
    national code itself denotes an attempt or a cyber offence). The quarantine table keeps every
    input column and adds ``quarantine_reason``.
    """
    if code_column not in records.columns:
        raise MissingColumnError(source, [code_column], list(records.columns))
    clash = {"iccs_code", "weight", "quarantine_reason"}.intersection(records.columns)
    if clash:
        raise InputError(
            f"{source}: column(s) {', '.join(sorted(clash))} would be overwritten by "
            "classification; rename them in the source's column map"
        )
    con = ibis.get_backend(records)
    # Registered with the records' own engine (an unbound memtable is not visible to every engine).
    mapping = register_arrow(con, _mapping_table(corr))
    keyed = records.mutate(_cs_code=trim_spaces(records[code_column]))
    joined = keyed.inner_join(mapping, keyed._cs_code == mapping._cs_national_code)
    classified = joined.drop("_cs_code", "_cs_national_code")
    for flag in ("attempt", "cyber"):
        if flag in records.columns:
            # The record's own flag (e.g. an attempt column) or the code's meaning, either marks it.
            classified = classified.mutate(
                **{flag: classified[f"{flag}_right"].fill_null(False) | classified[flag]}
            ).drop(f"{flag}_right")
    marked = mark_unmapped(records, corr, code_column)
    quarantine = marked.filter(marked._cs_reason.notnull()).rename(quarantine_reason="_cs_reason")
    return Classified(records=classified, quarantine=quarantine)


def mark_unmapped(records: Any, corr: Correspondence, code_column: str) -> Any:
    """``records`` with ``_cs_reason``: why a row cannot be classified (its code is missing or not in
    the table), null where it can. One pass: a join with the table's codes, no anti-join."""
    known = register_arrow(
        ibis.get_backend(records),
        pa.table({"_cs_known": pa.array(sorted(corr.national_codes), pa.string())}),
    )
    keyed = records.mutate(_cs_code=trim_spaces(records[code_column]))
    joined = keyed.left_join(known, keyed._cs_code == known._cs_known)
    reason = ibis.cases(
        (joined._cs_code.isnull() | (joined._cs_code == ""), REASON_MISSING_CODE),
        (joined._cs_known.isnull(), REASON_UNMAPPED_CODE),
        else_=ibis.null("string"),
    )
    return joined.mutate(_cs_reason=reason).drop("_cs_code", "_cs_known")
