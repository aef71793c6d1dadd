"""SDG indicator series written against the global SDG DSD (``IAEG-SDGs:SDG(1.4)``, bundled).

Each value becomes one observation of its series (16.1.1: ``VC_IHR_PSRC`` rate and ``VC_IHR_PSRCN``
number). Codes are checked against the DSD's own codelists first: a code the DSD lacks (the SDG age
codelist has no ``Y30T44``) is left out of the SDG file with a finding, and stays in crimestats' files.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import pandas as pd
from pysdmx.io import read_sdmx
from pysdmx.model import DataStructureDefinition, Schema

from crimestats.classification.m49 import m49
from crimestats.model import Finding, Location, Severity
from crimestats.publish.sdmx_data import check_codes, write_data

__all__ = ["SDG_CHECKS", "sdg_area", "sdg_frame", "sdg_structure", "write_sdg"]

SDG_CHECKS: dict[str, tuple[Severity, str]] = {
    "sdg.code-not-in-codelist": (
        Severity.INFO,
        "values whose code is not in the SDG DSD codelist are not in the SDG file",
    ),
}
_NUMBER_SERIES = {"VC_IHR_PSRC": "VC_IHR_PSRCN", "VC_PRS_UNSNT": "VC_PRS_UNSNTN"}
_FIXED = {
    "FREQ": "A",
    "REPORTING_TYPE": "N",
    "URBANISATION": "_T",
    "INCOME_WEALTH_QUANTILE": "_T",
    "EDUCATION_LEV": "_T",
    "OCCUPATION": "_T",
    "CUST_BREAKDOWN": "_T",
    "COMPOSITE_BREAKDOWN": "_T",
    "DISABILITY_STATUS": "_T",
    "ACTIVITY": "_T",
    "PRODUCT": "_T",
}


@functools.cache
def sdg_structure() -> DataStructureDefinition:
    """The SDG DSD 1.4 with its codelists, read from the package data."""
    path = resources.files("crimestats").joinpath("data", "sdmx", "IAEG-SDGs_SDG_DSD_v1.4.xml")
    message = read_sdmx(str(path), validate=False)
    for artefact in message.structures or ():
        if isinstance(artefact, DataStructureDefinition):
            return artefact
    raise RuntimeError("the bundled SDG DSD has no data structure")  # pragma: no cover


def sdg_area(country: str, configured: str = "") -> str:
    """The CL_AREA code: as configured, else the country's M49 code, else 896 (not elsewhere
    specified) for a country without one, such as a synthetic ``X..`` code."""
    if configured:
        return configured
    area = m49().country(country) if country else None
    return str(int(area.m49)) if area is not None else "896"


def sdg_frame(indicators: pd.DataFrame, area: str) -> tuple[pd.DataFrame, list[Finding]]:
    """Indicator values as SDG observations (rate and number series), checked against the DSD."""
    rows = []
    for r in indicators.itertuples():
        flag = str(r.flag) if isinstance(r.flag, str) else ""
        base = {
            **_FIXED,
            "REF_AREA": area,
            "SEX": r.sex,
            "AGE": r.age,
            "TIME_PERIOD": str(r.year),
            "OBS_STATUS": "Q" if flag else "A",
            "UNIT_MULT": "0",
            "NATURE": "C",
            "SOURCE_DETAIL": str(r.sources),
            "COMMENT_OBS": "Not published: disclosure control" if flag else "",
        }
        rows.append({**base, "SERIES": r.series, "UNIT_MEASURE": r.unit, "OBS_VALUE": r.value})
        if r.series in _NUMBER_SERIES:
            number = {"SERIES": _NUMBER_SERIES[str(r.series)], "UNIT_MEASURE": "NUMBER"}
            rows.append({**base, **number, "OBS_VALUE": r.numerator})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame, []
    keep = pd.Series(True, index=frame.index)
    findings = []
    for problem in check_codes(frame, sdg_structure().components):
        bad = frame[problem.column].astype(str).isin(list(problem.unknown))
        findings.append(
            Finding(
                "sdg.code-not-in-codelist",
                SDG_CHECKS["sdg.code-not-in-codelist"][0],
                f"{problem.column} {', '.join(problem.unknown)} not in {problem.codelist}: "
                f"{int(bad.sum())} SDG observation(s) left out of sdmx/sdg.*",
                Location(source="sdmx/sdg", column=problem.column),
                int(bad.sum()),
            )
        )
        keep &= ~bad
    return frame[keep].reset_index(drop=True), findings


def write_sdg(frame: pd.DataFrame, xml: Path, csv: Path) -> None:
    """SDG observations as SDMX-ML 3.0 and SDMX-CSV 2.0 against ``IAEG-SDGs:SDG(1.4)``."""
    dsd = sdg_structure()
    schema = Schema(
        context="datastructure",
        agency=str(dsd.agency),
        id=dsd.id,
        version=dsd.version,
        components=dsd.components,
    )
    ordered = [c.id for c in dsd.components if c.id in frame.columns]
    write_data(frame[ordered], schema, xml, csv, name="SDG series")
