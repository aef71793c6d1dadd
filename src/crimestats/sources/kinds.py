"""The registry of source kinds: how a source YAML's ``kind`` turns into canonical record tables.

A kind's reader takes the engine, the source description and the project directory, and returns one
or more :class:`RecordSource` (a NIBRS extract, for instance, gives offences, victims and arrestees,
each with its own unit and the built-in correspondence). Built-in kinds register here the same way
extensions do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crimestats.engine import Backend
from crimestats.errors import ConfigError
from crimestats.model.sources import SourceSpec
from crimestats.sources.nibrs import read_nibrs
from crimestats.sources.records import RecordSource, read_records

__all__ = ["SOURCE_KINDS", "SourceReader", "open_source"]

SourceReader = Callable[[Backend, SourceSpec, Path], list[RecordSource]]


def _records(con: Backend, spec: SourceSpec, base: Path) -> list[RecordSource]:
    return [read_records(con, spec, base)]


SOURCE_KINDS: dict[str, SourceReader] = {"records": _records, "nibrs": read_nibrs}


def open_source(con: Backend, spec: SourceSpec, base: Path) -> list[RecordSource]:
    """The canonical tables of one source, by its kind."""
    try:
        reader = SOURCE_KINDS[spec.kind]
    except KeyError:
        known = ", ".join(sorted(SOURCE_KINDS))
        raise ConfigError(
            f"sources/{spec.name}.yaml: unknown kind {spec.kind!r}; known kinds: {known}"
        ) from None
    return reader(con, spec, base)
