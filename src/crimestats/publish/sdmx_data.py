"""Writing SDMX data through pysdmx, with the two checks pysdmx leaves to us.

Codes: pysdmx writes any string it is given, so every coded column is checked against its codelist
first and writing is refused with the unknown codes named; so is a key that two observations share.

Text: pysdmx's SDMX-ML writer quotes attribute values with Python's ``repr`` and then turns every ``'``
of the message into ``"``. A footnote with a quotation mark or an apostrophe (``agency "Gendarmería"``,
``Côte d'Ivoire``) would make the file unreadable, and a backslash or a line break would change the
text. Such characters are handed to pysdmx as placeholders and turned into XML character references
afterwards, so the text reads back exactly.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.io.pd import PandasDataset
from pysdmx.model import Codelist, Component, Schema

from crimestats.errors import InputError

__all__ = ["CodeCheck", "check_codes", "write_data", "write_data_xml"]


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """Codes of one column that are not in its codelist, with how many rows use them."""

    column: str
    codelist: str
    unknown: Mapping[str, int]

    def describe(self) -> str:
        """``ICCS: 9999 (3 rows) not in CL_ICCS(1.0)``."""
        codes = ", ".join(f"{c} ({n} row{'s' if n != 1 else ''})" for c, n in self.unknown.items())
        return f"{self.column}: {codes} not in {self.codelist}"


def check_codes(frame: pd.DataFrame, components: Iterable[Component]) -> list[CodeCheck]:
    """Codes in the frame's coded columns that their codelist lacks; empty values are not codes."""
    problems = []
    for component in components:
        codes = component.enumeration
        if component.id not in frame.columns or not isinstance(codes, Codelist):
            continue
        values = frame[component.id]
        values = values[values.notna()].astype(str)
        allowed = {c.id for c in codes.items}
        used = values[values != ""].value_counts()
        unknown = {str(code): int(n) for code, n in sorted(used.items()) if code not in allowed}
        if unknown:
            problems.append(CodeCheck(component.id, f"{codes.id}({codes.version})", unknown))
    return problems


def write_data(
    frame: pd.DataFrame,
    schema: Schema,
    xml: Path | None,
    csv: Path | None,
    *,
    name: str = "SDMX data",
) -> None:
    """Data as SDMX-ML 3.0 (structure-specific) and SDMX-CSV 2.0; refuses codes not in their
    codelists, naming ``name`` (e.g. the table) in the message."""
    problems = check_codes(frame, schema.components)
    if problems:
        shown = "; ".join(p.describe() for p in problems)
        raise InputError(f"{name}: codes not in their SDMX codelists ({shown})")
    key = [c.id for c in schema.components.dimensions if c.id in frame.columns]
    repeated = frame[frame.duplicated(key, keep=False)]
    if len(repeated):
        first = ".".join(str(v) for v in repeated.iloc[0][key])
        raise InputError(
            f"{name}: {len(repeated)} observations share a key with another (e.g. {first}); "
            "each observation needs its own key"
        )
    if xml is not None:
        write_data_xml(frame, schema, xml)
    if csv is not None:
        dataset = PandasDataset(structure=schema, data=frame)
        write_sdmx(dataset, Format.DATA_SDMX_CSV_2_0_0, output_path=str(csv))


def write_data_xml(frame: pd.DataFrame, schema: Schema, path: Path) -> Path:
    """SDMX-ML 3.0 structure-specific data whose text attributes read back exactly."""
    nonce = uuid.uuid4().hex[:12]
    dataset = PandasDataset(structure=schema, data=_with_placeholders(frame, nonce))
    text = write_sdmx(dataset, Format.DATA_SDMX_ML_3_0)
    if text is None:  # pragma: no cover - pysdmx returns the message when given no path
        raise RuntimeError("pysdmx wrote no SDMX-ML message")
    placeholder = re.compile(f"\u27e6{nonce}:([0-9a-f]+)\u27e7")
    path.write_text(placeholder.sub(r"&#x\1;", text), encoding="utf-8")
    return path


def _needs_placeholder(char: str) -> bool:
    return char in "\"'\\" or not char.isprintable()


def _xml_char(point: int) -> bool:
    return (
        point in (0x9, 0xA, 0xD)
        or 0x20 <= point <= 0xD7FF
        or 0xE000 <= point <= 0xFFFD
        or 0x10000 <= point <= 0x10FFFF
    )


def _encode(text: str, nonce: str) -> str:
    out = []
    for char in text:
        if not _needs_placeholder(char):
            out.append(char)
        elif not _xml_char(ord(char)):
            out.append(" ")  # not representable in XML 1.0, not even as a reference
        else:
            out.append(f"\u27e6{nonce}:{ord(char):x}\u27e7")
    return "".join(out)


def _with_placeholders(frame: pd.DataFrame, nonce: str) -> pd.DataFrame:
    out = frame.copy(deep=False)
    for column in out.columns:
        values = out[column]
        if values.dtype.kind in "biufcmM":
            continue
        risky = values.map(
            lambda v: isinstance(v, str) and any(_needs_placeholder(c) for c in v)
        ).astype(bool)
        if risky.any():
            out[column] = values.map(lambda v: _encode(v, nonce) if isinstance(v, str) else v)
    return out
