"""SDG 16.2.2 from a GLOTIP-layout file and a population file, checked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from crimestats.estimation.indicators import compute_indicators, gather_inputs

HEADER = (
    "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,"
    "Unit of measurement,txtVALUE,Source\n"
)
ROWS = [
    "Total,Total,Total,Total,2020,Counts,250",
    "Total,Total,Female,0 to 17 years,2020,Counts,40",
    'by form of exploitation,Sexual exploitation,Female,Total,2020,Counts,"1,210"',
    "by form of exploitation,Forced labour,Male,18 years or over,2020,Counts,<5",
    "by citizenship,Abroad,Total,Total,2020,Counts,10",  # not an SDG 16.2.2 row
    "Total,Total,Total,Total,2021,Counts,300",  # no population for 2021
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    glotip = tmp_path / "glotip.csv"
    lines = [f"XYZ,Xland,R,S,Detected trafficking victims,{r},GLOTIP\n" for r in ROWS]
    glotip.write_text(HEADER + "".join(lines), encoding="utf-8")
    population = tmp_path / "population.csv"
    population.write_text("iso3,year,population\nXYZ,2020,2000000\n", encoding="utf-8")
    return glotip, population


def test_rates_by_sex_age_and_form(files: tuple[Path, Path]) -> None:
    glotip, population = files
    inputs, _ = gather_inputs(None, glotip=[glotip], population=population)
    values, findings = compute_indicators(inputs, ["16.2.2"])
    got = {(v.year, v.series, v.sex, v.age, v.breakdown): v for v in values}
    assert len(got) == 5
    total = got[(2020, "VC_HTF_DETV", "_T", "_T", "_T")]
    assert total.value == pytest.approx(12.5)  # 250 / 2,000,000 × 100,000
    assert (total.numerator, total.denominator) == (250.0, 2_000_000.0)
    girls = got[(2020, "VC_HTF_DETV", "F", "Y0T17", "_T")]
    assert girls.value == pytest.approx(2.0)  # 40 / 2,000,000 × 100,000
    sexual = got[(2020, "VC_HTF_DETVSX", "F", "_T", "Sexual exploitation")]
    assert sexual.value == pytest.approx(60.5)  # 1,210 (thousands separator) / 2,000,000 × 100,000
    censored = got[(2020, "VC_HTF_DETVFL", "M", "Y_GE18", "Forced labour")]
    assert censored.value is None and censored.numerator is None
    assert censored.flags == "censored" and "<5" in censored.sources
    missing = got[(2021, "VC_HTF_DETV", "_T", "_T", "_T")]
    assert missing.value is None and missing.flags == "no_population"
    assert [f.code for f in findings] == ["IND-NO-POPULATION"]
    assert all(v.area == "XYZ" and v.unit == "PER_100000_POP" for v in values)
