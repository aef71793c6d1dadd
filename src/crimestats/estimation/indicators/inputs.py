"""Gather indicator inputs from a project directory and imported files (the I/O edge of indicators).

A project directory holds ``crimestats.toml`` (``[project] country``), ``output/counts.parquet`` (the
record pipeline's results) and ``population/*.csv`` (``area, year, sex, age, population``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from crimestats.engine import connect, register_csv, register_parquet, to_arrow
from crimestats.errors import ConfigError, FileFormatError
from crimestats.estimation.indicators.registry import IndicatorInputs
from crimestats.model import Finding
from crimestats.sources.dataunodc import read_dataunodc
from crimestats.sources.files import read_table

__all__ = ["gather_inputs"]


def _country(directory: Path) -> str:
    path = directory / "crimestats.toml"
    if not path.exists():
        return ""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return str(data.get("project", {}).get("country", "")).strip().upper()


def _population(directory: Path) -> pa.Table | None:
    files = sorted((directory / "population").glob("*.csv"))
    if not files:
        return None
    con = connect()
    tables = [
        to_arrow(read_table(con, f, text_columns=["area", "sex", "age"])).select(
            ["area", "year", "sex", "age", "population"]
        )
        for f in files
    ]
    unified = [
        t.cast(
            pa.schema(
                [
                    ("area", pa.string()),
                    ("year", pa.int64()),
                    ("sex", pa.string()),
                    ("age", pa.string()),
                    ("population", pa.float64()),
                ]
            )
        )
        for t in tables
    ]
    return pa.concat_tables(unified)


def gather_inputs(
    directory: Path | None,
    *,
    dataunodc: Sequence[Path] = (),
    glotip: Sequence[Path] = (),
    arms: Path | None = None,
) -> tuple[IndicatorInputs, list[Finding]]:
    """The inputs found in ``directory`` and in the files given, with the readers' findings."""
    findings: list[Finding] = []
    sources: dict[str, str] = {}
    counts = population = None
    country = ""
    if directory is not None:
        if not directory.is_dir():
            raise FileFormatError(directory, "is not a project directory")
        country = _country(directory)
        parquet = directory / "output" / "counts.parquet"
        if parquet.exists():
            counts = to_arrow(register_parquet(connect(), parquet))
            sources["counts"] = str(parquet)
        population = _population(directory)
    imported = []
    for path in dataunodc:
        file = read_dataunodc(path)
        imported.append((str(path), file.table))
        findings.extend(file.findings)
    glotip_tables = []
    for path in glotip:
        # Kept as text: GLOTIP publishes counts below 5 as "<5", a censored value, not a number.
        glotip_tables.append((str(path), to_arrow(register_csv(connect(), path, all_text=True))))
    arms_table = None
    if arms is not None:
        arms_table = to_arrow(read_table(connect(), arms, text_columns=["iso3"]))
        sources["arms"] = str(arms)
    inputs = IndicatorInputs(
        counts=counts,
        population=population,
        dataunodc=tuple(imported),
        glotip=tuple(glotip_tables),
        arms=arms_table,
        country=country,
        sources=sources,
    )
    return inputs, findings
