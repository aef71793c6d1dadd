"""NIBRS values as canonical values, as engine expressions: dates, flags, sex, age, lookups.

A value that cannot be read gives a null and a ``_bad_*`` flag (see
:data:`crimestats.sources.records.FLAGS`), never a failed read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ibis

from crimestats.engine import parse_date
from crimestats.sources.records import MAX_AGE

__all__ = [
    "attach",
    "attempt_value",
    "code",
    "date_value",
    "is_true",
    "lookup",
    "numbered",
    "sex_value",
    "text",
    "years_value",
]

_SEX = {"M": "M", "F": "F", "U": "U", "X": "U"}  # X: unknown offender in the 2021+ layout
_TRUE = ("Y", "T", "TRUE", "1", "R")  # R: REPORT_DATE_FLAG before 2021


def text(value: Any) -> Any:
    """Text, null when empty. Ids are not trimmed: CDE files are machine-written, and trimming every
    id cost more than all the joins of a download."""
    return value.cast("string").nullif("")


def code(value: Any) -> Any:
    """A code or flag: trimmed, upper case, null when empty."""
    return value.cast("string").strip().upper().nullif("")


def date_value(value: Any, backend: str) -> tuple[Any, Any]:
    """A date from ``12-JUN-19`` (before 2021) or ISO text (2021+, possibly with a time); and a flag
    for text that is neither."""
    raw = text(value)
    parsed = ibis.coalesce(
        parse_date(raw, "%d-%b-%y", backend), parse_date(raw.substr(0, 10), "%Y-%m-%d", backend)
    )
    return parsed, raw.notnull() & parsed.isnull()


def is_true(value: Any) -> Any:
    """A NIBRS yes flag: ``Y`` before 2021, ``t`` after (never null)."""
    return code(value).isin(_TRUE).fill_null(False)


def attempt_value(value: Any) -> tuple[Any, Any]:
    """ATTEMPT_COMPLETE_FLAG: ``A`` attempted, ``C`` completed; other values count as completed and
    are flagged."""
    flag = code(value)
    attempt = flag.substitute({"A": True, "C": False}, else_=ibis.null("boolean"))
    return attempt.fill_null(False), flag.notnull() & attempt.isnull()


def sex_value(value: Any) -> tuple[Any, Any]:
    """M, F or U; a blank (non-person victims) is U, other codes are U and flagged."""
    given = code(value)
    sex = given.substitute(_SEX, else_=ibis.null("string"))
    return sex.fill_null("U"), given.notnull() & sex.isnull()


def years_value(value: Any) -> tuple[Any, Any]:
    """Age in completed years from AGE_NUM; text that is not a number from 0 to MAX_AGE is flagged."""
    raw = text(value)
    number = raw.try_cast("float64")
    ok = (number >= 0) & (number <= MAX_AGE)
    age = ibis.ifelse(ok, number.floor(), ibis.null("float64")).cast("int16")
    return age, raw.notnull() & ~ok.fill_null(False)


def numbered(table: Any) -> Any:
    """The table with its 1-based data row in ``_row`` (numbered in file order, before any join)."""
    return table.mutate(_row=(ibis.row_number() + 1).cast("int64"))


def lookup(table: Any, key: str, value: str) -> Any:
    """A code lookup as one row per id (its first code), so a repeated id cannot repeat rows."""
    return table.group_by(_key=text(table[key])).agg(**{value: code(table[value]).min()})


def attach(
    left: Any,
    on: str | Any,
    right: Any,
    right_key: str,
    columns: Sequence[str] | Mapping[str, str],
) -> Any:
    """Left-join ``right`` to ``left`` where ``left[on]`` (a column or an expression) equals
    ``right[right_key]``, adding ``columns`` (a list, or a mapping of new name → column of ``right``).
    """
    named = dict(columns) if isinstance(columns, Mapping) else {c: c for c in columns}
    picked = right.select(
        _key=text(right[right_key]),
        **{f"_c{i}": right[old] for i, old in enumerate(named.values())},
    )
    keyed = left.mutate(_lkey=text(left[on]) if isinstance(on, str) else on)
    joined = keyed.left_join(picked, keyed._lkey == picked._key)
    return joined.select(*left.columns, **{new: joined[f"_c{i}"] for i, new in enumerate(named)})
