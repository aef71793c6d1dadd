"""Open one state-year NIBRS download folder on the engine: find its tables, check them, read them.

File names are matched without regard to case (``NIBRS_incident.csv``, ``nibrs_incident.csv``, also
``.csv.gz``). Every column is read as text and its name lower-cased, so both layouts look alike to the
rest of the reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crimestats.engine import Backend, register_csv
from crimestats.errors import InputError, MissingColumnError
from crimestats.sources.nibrs.layout import OFFENSE_TABLES, TABLES, Layout, detect_layout

__all__ = ["NibrsExtract", "find_tables", "open_nibrs"]

_SUFFIXES = (".csv", ".csv.gz")


@dataclass(frozen=True)
class NibrsExtract:
    """A NIBRS download opened on the engine: its layout and lazy tables (lower-case columns)."""

    folder: Path
    layout: Layout
    files: Mapping[str, Path]
    tables: Mapping[str, Any]

    def has(self, *keys: str) -> bool:
        """True if the download has every one of these tables."""
        return all(key in self.tables for key in keys)

    def table(self, key: str) -> Any:
        """A table the caller cannot do without; a clear error if the download lacks it."""
        if key not in self.tables:
            raise InputError(
                f"{self.folder}: the NIBRS download has no {TABLES[key].file} table "
                f"(looked for {TABLES[key].file}.csv in any letter case); download the complete "
                "state-year folder from the FBI Crime Data Explorer"
            )
        return self.tables[key]

    def location(self, key: str) -> str:
        """The file a table was read from, for messages and findings."""
        return str(self.files[key])


def _table_key(file: Path) -> str | None:
    name = file.name.casefold()
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            stem = name.removesuffix(suffix)
            return next((k for k, spec in TABLES.items() if spec.file == stem), None)
    return None


def find_tables(folder: Path) -> dict[str, Path]:
    """The download's known tables by key; raises :class:`InputError` if it is not a NIBRS folder."""
    if not folder.exists():
        raise InputError(f"{folder}: folder not found; give the folder of a NIBRS download")
    if not folder.is_dir():
        raise InputError(
            f"{folder}: is a file, not a folder; unzip the NIBRS download and give the folder "
            "that holds NIBRS_incident.csv"
        )
    found: dict[str, Path] = {}
    for file in sorted(folder.iterdir()):
        key = _table_key(file) if file.is_file() else None
        if key is None:
            continue
        if key in found:
            raise InputError(
                f"{folder}: two files for the {TABLES[key].file} table ({found[key].name} and "
                f"{file.name}); keep one"
            )
        found[key] = file
    if "incident" not in found and "offense" not in found:
        inner = [
            d.name
            for d in sorted(folder.iterdir())
            if d.is_dir() and _nested_incident(d) is not None
        ]
        hint = f"; did you mean the folder {folder / inner[0]}?" if inner else ""
        raise InputError(
            f"{folder}: not a NIBRS download (no NIBRS_incident.csv or NIBRS_OFFENSE.csv){hint}"
        )
    for key in ("incident", "offense"):
        if key not in found:
            raise InputError(
                f"{folder}: the NIBRS download has no {TABLES[key].file} table "
                f"({TABLES[key].file}.csv in any letter case); it is needed for every count"
            )
    return found


def _nested_incident(folder: Path) -> Path | None:
    """The incident file directly inside ``folder``, if any (to suggest the right folder)."""
    return next((f for f in folder.iterdir() if _table_key(f) == "incident"), None)


def _read(con: Backend, file: Path) -> Any:
    table = register_csv(con, file, all_text=True)
    names = {c: c.casefold() for c in table.columns}
    # Two headers differing only in letter case keep their names (renaming would clash).
    if len(set(names.values())) == len(names):
        table = table.rename({low: col for col, low in names.items() if low != col})
    return table


def open_nibrs(con: Backend, folder: str | Path) -> NibrsExtract:
    """Find, check and register a download's tables; nothing is computed yet.

    The layout is told by the offense table's header. Required columns are checked for every table
    present (:class:`MissingColumnError` names the file); whether a table is needed at all is up to
    the caller (:meth:`NibrsExtract.table`).
    """
    path = Path(folder)
    files = find_tables(path)
    tables = {key: _read(con, file) for key, file in files.items()}
    layout = detect_layout(tables["offense"].columns, str(files["offense"]))
    if layout.offense_lookup is None:
        files.pop("offense_type", None)  # not needed: rows carry their code
        tables.pop("offense_type", None)
    for key, table in tables.items():
        needed = list(TABLES[key].columns)
        if key in OFFENSE_TABLES:
            needed.append(layout.offense_code_column)
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise MissingColumnError(
                f"{files[key]} ({layout.name} NIBRS layout)",
                missing,
                list(table.columns),
            )
    return NibrsExtract(path, layout, files, tables)
