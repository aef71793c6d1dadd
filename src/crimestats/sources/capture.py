"""Read a capture-history count table (one 0/1 column per list and a count column) for MSE."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from crimestats.engine import connect, register_csv, to_arrow
from crimestats.errors import InputError, MissingColumnError
from crimestats.model import Finding, Location, Severity
from crimestats.model.capture import CaptureTable
from crimestats.sources.files import TABLE_READERS, read_table

__all__ = ["CAPTURE_FINDINGS", "MAX_LISTS", "read_capture_table"]

#: More lists than this make 2^k - 1 histories and 2^(k(k-1)/2) models: beyond any MSE practice.
MAX_LISTS = 10

#: Finding codes this reader produces (stable; see the quality catalogue).
CAPTURE_FINDINGS = {
    "MSE001": "the same capture history appears on several rows; their counts were added",
    "MSE002": "rows for the all-zero history with count 0 were ignored",
}


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _problems_message(source: str, problems: Sequence[str], hint: str) -> str:
    shown = "; ".join(problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return f"{source}: {shown}{more}. {hint}"


def read_capture_table(
    path: str | Path, *, count_column: str = "count"
) -> tuple[CaptureTable, list[Finding]]:
    """The table in ``path`` and notes on what was done to it.

    Every column other than ``count_column`` is a list, with 1 for people on it and 0 otherwise.
    Histories missing from the file count 0. Anything that would make the estimate meaningless
    (a value other than 0/1, a negative or fractional count, people with the all-zero history,
    fewer than two lists) raises :class:`InputError` naming the rows and columns.
    """
    file = Path(path)
    source = str(file)
    con = connect()
    if TABLE_READERS.get(file.suffix.lower()) == "csv":
        expr = register_csv(con, file, all_text=True)
    else:
        expr = read_table(con, file)
    table = to_arrow(expr)
    names = list(table.column_names)
    if count_column not in names:
        error = MissingColumnError(source, [count_column], names)
        raise InputError(f"{error}. Name the count column with --count-column.") from None
    lists = [n for n in names if n != count_column]
    if len(lists) < 2:
        found = f"one list column ({lists[0]!r})" if lists else "no list column"
        raise InputError(
            f"{source}: multiple systems estimation needs at least two lists; the file has {found} "
            f"besides {count_column!r}. Give one 0/1 column per list."
        )
    if len(lists) > MAX_LISTS:
        raise InputError(
            f"{source}: {len(lists)} list columns; at most {MAX_LISTS} are supported. Is "
            f"{count_column!r} the count column (--count-column)?"
        )
    columns = {
        n: [None if v is None else str(v).strip() for v in table[n].to_pylist()] for n in names
    }
    problems: list[str] = []
    totals: dict[tuple[int, ...], int] = {}
    seen: dict[tuple[int, ...], int] = {}
    zero_rows = 0
    for row in range(table.num_rows):
        where = f"row {row + 1}"
        history: list[int] = []
        for name in lists:
            text = columns[name][row]
            value = _number(text) if text else None
            if value not in (0.0, 1.0):
                problems.append(f"{where}, column {name!r}: {text or '(empty)'!r} is not 0 or 1")
            else:
                history.append(int(value))
        text = columns[count_column][row]
        count = _number(text) if text else None
        if count is None or count != int(count):
            problems.append(
                f"{where}, column {count_column!r}: {text or '(empty)'!r} is not a whole number"
            )
            continue
        if count < 0:
            problems.append(f"{where}, column {count_column!r}: negative count {text}")
            continue
        if len(history) != len(lists):
            continue
        key = tuple(history)
        if not any(key):
            if count > 0:
                problems.append(
                    f"{where}: {int(count)} people on no list (all-zero history); nobody can be "
                    "observed on no list: remove the row"
                )
            else:
                zero_rows += 1
            continue
        totals[key] = totals.get(key, 0) + int(count)
        seen[key] = seen.get(key, 0) + 1
    if problems:
        raise InputError(
            _problems_message(
                source,
                problems,
                f"Each list column holds 0 or 1; {count_column!r} holds a count of people (0 or more).",
            )
        )
    findings: list[Finding] = []
    repeated = {k: v for k, v in seen.items() if v > 1}
    if repeated:
        findings.append(
            Finding(
                "MSE001",
                Severity.WARNING,
                f"{len(repeated)} capture history(ies) appear on more than one row; their counts "
                "were added",
                Location(source),
                count=sum(repeated.values()),
                sample=tuple(
                    {"history": "".join(map(str, k)), "rows": v}
                    for k, v in list(repeated.items())[:5]
                ),
            )
        )
    if zero_rows:
        findings.append(
            Finding(
                "MSE002", Severity.INFO, CAPTURE_FINDINGS["MSE002"], Location(source), zero_rows
            )
        )
    if sum(totals.values()) == 0:
        raise InputError(f"{source}: every count is 0: nobody was observed on any list")
    return CaptureTable.from_mapping(lists, totals, source), findings
