"""Counting rules: which canonical rows are counted, under which ICCS code and period, and which are
quarantined with a reason. Every rule is an Ibis expression, so it runs on any engine.

The rules, in order (each row meets at most one quarantine reason, the first that applies):

1. **Duplicate record** — a row whose ``record_id`` repeats an earlier row of the same source.
2. **Reference date** — the row has no valid reference date (recorded or occurrence date, per settings),
   or it lies before ``earliest_year`` or after the build date.
3. **One victim per offence** — in victim sources, a victim (``person_id``) is counted once per
   incident (or case) and national offence code; repeats are quarantined.
4. **Classification** — the national offence code is missing or not in the correspondence table
   (see :func:`crimestats.classification.apply_correspondence`); 1:n codes split by weight.
5. **Attempted intentional homicide** — ICCS never counts attempts in 0101: an attempted 0101 is 0102.

Incidents are counted separately by the **principal offence rule** (:func:`principal_offences`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import ibis
import pyarrow as pa

from crimestats.classification import iccs
from crimestats.classification.apply import apply_correspondence, mark_unmapped
from crimestats.engine import register_arrow
from crimestats.model import Correspondence
from crimestats.model.records import Unit
from crimestats.settings import CountingSettings

__all__ = [
    "REASON_BAD_DATE",
    "REASON_DATE_RANGE",
    "REASON_DUPLICATE",
    "REASON_REPEATED_VICTIM",
    "Counted",
    "apply_counting_rules",
    "duplicate_ids",
    "mark_rules",
    "principal_offences",
    "seriousness_rank",
    "split_counted",
]

REASON_DUPLICATE = "duplicate record (same record_id as an earlier row)"
REASON_BAD_DATE = "missing or invalid reference date"
REASON_DATE_RANGE = "reference date outside the possible range"
REASON_REPEATED_VICTIM = "victim already counted for this offence"
_ROW_SPAN = 1 << 40  # more rows than any source has


@dataclass(frozen=True)
class Counted:
    """Lazy tables: rows counted (with ``iccs_code``, ``weight``, ``year``) and rows quarantined."""

    records: Any
    quarantine: Any


def duplicate_ids(canonical: Any) -> Any:
    """Record ids that occur more than once, with the first row of each (a small table)."""
    with_id = canonical.filter(canonical.record_id.notnull())
    grouped = with_id.group_by("record_id").agg(_n=with_id.count(), _first=with_id._row.min())
    return grouped.filter(grouped._n > 1).select("record_id", "_first")


def mark_rules(
    canonical: Any,
    unit: Unit,
    settings: CountingSettings,
    *,
    reference_date: str | None = None,
    today: date | None = None,
    duplicates: Any | None = None,
) -> Any:
    """Rules 1-3 as columns: ``quarantine_reason`` (null where the row passes) and ``year``.

    ``duplicates`` is :func:`duplicate_ids` of the same rows, computed once and kept small (pass it
    when the rows are read more than once); the first row of each id is kept, later ones are
    duplicates.
    """
    today = today or date.today()
    duplicates = duplicate_ids(canonical) if duplicates is None else duplicates
    joined = canonical.left_join(duplicates, "record_id")
    joined = joined.drop(*[c for c in joined.columns if c == "record_id_right"])
    canonical = joined.mutate(_dup=joined._first.notnull() & (joined._row != joined._first)).drop(
        "_first"
    )
    ref = canonical[reference_date or settings.reference_date]
    out_of_range = (ref.year() < settings.earliest_year) | (ref > ibis.literal(today))
    reason = ibis.cases(
        (canonical._dup, REASON_DUPLICATE),
        (ref.isnull(), REASON_BAD_DATE),
        (out_of_range, REASON_DATE_RANGE),
        else_=ibis.null("string"),
    )
    table = canonical.mutate(quarantine_reason=reason, year=ref.year().cast("int32")).drop("_dup")
    if unit is not Unit.VICTIM:
        return table
    # A victim counts once per offence among the rows that pass rules 1-2.
    event = table.incident_id.fill_null(table.case_id)
    passes = table.quarantine_reason.isnull()
    seen = ibis.row_number().over(
        group_by=[passes, event, table.person_id, table.offence_code], order_by=table._row
    )
    repeated = passes & event.notnull() & table.person_id.notnull() & (seen > 0)
    return table.mutate(
        quarantine_reason=ibis.ifelse(
            repeated, ibis.literal(REASON_REPEATED_VICTIM), table.quarantine_reason
        )
    )


def split_counted(marked: Any, corr: Correspondence, *, source: str = "records") -> Counted:
    """Rules 4-5 on rows marked by :func:`mark_rules`: classify the passing rows, recode attempted
    intentional homicide, and gather every quarantined row with its reason."""
    columns = [c for c in marked.columns if c not in ("quarantine_reason", "year")]
    passing = marked.filter(marked.quarantine_reason.isnull()).drop("quarantine_reason")
    classified = apply_correspondence(passing, corr, "offence_code", source=source)
    records = classified.records
    records = records.mutate(
        iccs_code=ibis.ifelse(
            (records.iccs_code == "0101") & records.attempt, ibis.literal("0102"), records.iccs_code
        )
    )
    # Quarantined rows in one pass: a reason from rules 1-3, else one from the classification.
    reasons = mark_unmapped(marked, corr, "offence_code")
    reason = reasons.quarantine_reason.fill_null(reasons._cs_reason)
    quarantine = reasons.mutate(quarantine_reason=reason).filter(reason.notnull())
    return Counted(records=records, quarantine=quarantine.select(*columns, "quarantine_reason"))


def apply_counting_rules(
    canonical: Any,
    corr: Correspondence,
    unit: Unit,
    settings: CountingSettings,
    *,
    reference_date: str | None = None,
    today: date | None = None,
    source: str = "records",
) -> Counted:
    """Apply rules 1-5 to a source's canonical rows (lazily; see :func:`mark_rules`)."""
    marked = mark_rules(canonical, unit, settings, reference_date=reference_date, today=today)
    return split_counted(marked, corr, source=source)


def seriousness_rank(iccs_code: str, order: Sequence[str]) -> int:
    """The rank of an ICCS code in a seriousness order of prefixes (0 = most serious).

    Longer prefixes are tested first so that ``0101`` ranks before the ``01`` it belongs to.
    """
    for index, prefix in sorted(enumerate(order), key=lambda item: -len(item[1])):
        if iccs_code.startswith(prefix):
            return index
    return len(order)


def principal_offences(
    records: Any, order: Sequence[str], codes: Sequence[str] | None = None
) -> Any:
    """One incident per incident id, under its most serious offence (ties: the earliest row).

    ``codes`` are the ICCS codes the records may carry, ICCS 1.0's by default (their ranks are worked
    out here, once, not per row). A national offence split 1:n keeps all its weighted parts, so each incident still counts
    1. Rows without an incident id are incidents of their own.
    """
    codes = [c.code for c in iccs()] if codes is None else codes
    ranks = register_arrow(
        ibis.get_backend(records),
        pa.table(
            {
                "_rank_code": pa.array(list(codes), pa.string()),
                "_rank": pa.array([seriousness_rank(c, order) for c in codes], pa.int64()),
            }
        ),
    )
    joined = records.left_join(ranks, records.iccs_code == ranks._rank_code)
    rank = joined._rank.fill_null(len(order))
    # Each row's key sorts by seriousness first, then row number; the smallest key of an incident
    # names its principal row. Aggregates and a semi-join, no sorted windows; integer group keys.
    keyed = joined.mutate(_key=rank * _ROW_SPAN + joined._row)
    alone = ibis.ifelse(keyed.incident_id.isnull(), keyed._row, ibis.literal(0, "int64"))
    best = keyed.group_by(_incident=keyed.incident_id, _alone=alone).agg(_best=keyed._key.min())
    principal = best.select(_row=best._best % _ROW_SPAN)
    return records.semi_join(principal, "_row")
