"""Gather indicator inputs from a project directory and imported files (the I/O edge of indicators).

A project directory holds ``crimestats.toml`` (``[project] country``), ``output/counts.parquet`` (the
record pipeline's results) and ``population/*.csv`` (``area, year, sex, age, population``). Imported
files: dataUNODC and GLOTIP files, an arms table, a population file by country (``iso3, year,
population``) and survey microdata with its indicator configuration (read lazily by the engine).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from crimestats.counting.rates import population_totals
from crimestats.engine import connect, register_parquet, to_arrow
from crimestats.errors import ConfigError, FileFormatError
from crimestats.estimation.indicators.registry import IndicatorInputs
from crimestats.model import Finding
from crimestats.sources.dataunodc import read_dataunodc
from crimestats.sources.files import read_table
from crimestats.sources.glotip import read_glotip
from crimestats.sources.population import read_population
from crimestats.sources.survey import read_survey
from crimestats.sources.survey_indicators import load_indicator_config

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
    """The project's population with every total (``_T``) summed from the detail, as the build
    computes rates."""
    files = sorted((directory / "population").glob("*.csv"))
    if not files:
        return None
    population, _ = read_population(connect(), files)  # the build reports the findings
    table = to_arrow(population_totals(population))
    return table.cast(
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


def gather_inputs(
    directory: Path | None,
    *,
    dataunodc: Sequence[Path] = (),
    glotip: Sequence[Path] = (),
    arms: Path | None = None,
    population: Path | None = None,
    survey: Path | None = None,
    survey_config: Path | None = None,
) -> tuple[IndicatorInputs, list[Finding]]:
    """The inputs found in ``directory`` and in the files given, with the readers' findings."""
    findings: list[Finding] = []
    sources: dict[str, str] = {}
    counts = project_population = None
    country = ""
    if directory is not None:
        if not directory.is_dir():
            raise FileFormatError(directory, "is not a project directory")
        country = _country(directory)
        parquet = directory / "output" / "counts.parquet"
        if parquet.exists():
            counts = to_arrow(register_parquet(connect(), parquet))
            sources["counts"] = str(parquet)
        project_population = _population(directory)
    imported = []
    for path in dataunodc:
        file = read_dataunodc(path)
        imported.append((str(path), file.table))
        findings.extend(file.findings)
    glotip_tables = []
    for path in glotip:
        # The GLOTIP reader keeps "<5" as the censored count [1, 4], never a number made up.
        data = read_glotip(path)
        glotip_tables.append((str(path), data.records))
        findings.extend(data.findings)
    country_population = None
    if population is not None:
        country_population = to_arrow(read_table(connect(), population, text_columns=["iso3"]))
        sources["country_population"] = str(population)
    survey_table = config = None
    if (survey is None) != (survey_config is None):
        raise ConfigError(
            "--survey and --survey-config go together: the data and its configuration"
        )
    if survey is not None and survey_config is not None:
        config = load_indicator_config(survey_config)
        survey_table = read_survey(connect(), survey)
        sources["survey"] = str(survey)
    arms_table = None
    if arms is not None:
        arms_table = to_arrow(read_table(connect(), arms, text_columns=["iso3"]))
        sources["arms"] = str(arms)
    inputs = IndicatorInputs(
        counts=counts,
        population=project_population,
        dataunodc=tuple(imported),
        glotip=tuple(glotip_tables),
        arms=arms_table,
        survey=survey_table,
        survey_config=config,
        country_population=country_population,
        country=country,
        sources=sources,
    )
    return inputs, findings
