"""Every exception crimestats raises, in one tree.

Exceptions mean the program cannot go on. Problems *in* a user's data (a bad code on row 812, an impossible
age) are not exceptions: they are :class:`crimestats.model.Finding` records in the quality report.

::

    CrimestatsError                    base: catch this to handle anything crimestats raises
    ├── ConfigError                    crimestats.toml, CRIMESTATS_* variables or a source YAML is invalid
    ├── InputError                     a user file or argument cannot be used as given
    │   ├── FileFormatError            unreadable file: wrong format, broken encoding, bad compression
    │   ├── MissingColumnError         a required column is not in the file
    │   └── UnknownCodeError           a classification code that does not exist (with "did you mean")
    ├── EngineError                    the table engine (DuckDB, Spark) failed or is not installed
    └── EstimationError                a statistical computation is impossible with these data

The command line turns every :class:`CrimestatsError` into a message and exit code 2; no traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "ConfigError",
    "CrimestatsError",
    "EngineError",
    "EstimationError",
    "FileFormatError",
    "InputError",
    "MissingColumnError",
    "UnknownCodeError",
]


class CrimestatsError(Exception):
    """Base of every crimestats exception."""


class ConfigError(CrimestatsError):
    """A configuration file or setting is invalid."""


class InputError(CrimestatsError):
    """A user file or argument cannot be used as given."""


class FileFormatError(InputError):
    """A file cannot be read: wrong format, broken encoding, bad compression."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class MissingColumnError(InputError):
    """Required columns are absent from a file or table."""

    def __init__(self, source: str, missing: Sequence[str], available: Sequence[str]) -> None:
        self.source = source
        self.missing = tuple(missing)
        self.available = tuple(available)
        names = ", ".join(repr(m) for m in self.missing)
        have = ", ".join(self.available) if self.available else "(none)"
        word = "column" if len(self.missing) == 1 else "columns"
        super().__init__(f"{source}: missing {word} {names}; the file has: {have}")


class UnknownCodeError(InputError, KeyError):
    """A classification code that does not exist; carries close matches."""

    def __init__(self, code: str, scheme: str, suggestions: Sequence[str] = ()) -> None:
        self.code = code
        self.scheme = scheme
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"{code!r} is not a code of {scheme}{hint}")

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return str(self.args[0])


class EngineError(CrimestatsError):
    """The table engine failed or is not available."""


class EstimationError(CrimestatsError):
    """A statistical computation is impossible with the data given."""
