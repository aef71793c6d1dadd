"""Indicator values from a project directory, dataUNODC files and an arms table, by hand."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from crimestats.estimation.indicators import compute_indicators, gather_inputs
from crimestats.model.indicators import IndicatorValue

DATA = Path(__file__).parents[2] / "cli" / "data"


def by_key(
    values: list[IndicatorValue], indicator: str
) -> dict[tuple[str, int, str], IndicatorValue]:
    return {(v.area, v.year, v.sex): v for v in values if v.indicator == indicator}


def test_homicide_rate_from_project(project: Path) -> None:
    inputs, _ = gather_inputs(project)
    values, _ = compute_indicators(inputs, ["16.1.1"])
    got = by_key(values, "16.1.1")
    # 50 / 1,000,000 * 100,000 = 5.0 (attempts, region R1 and ICCS 0102 rows left out)
    assert got[("MEX", 2020, "_T")].value == pytest.approx(5.0)
    assert got[("MEX", 2020, "_T")].numerator == 50.0
    assert got[("MEX", 2020, "_T")].denominator == 1_000_000
    assert got[("MEX", 2020, "M")].value == pytest.approx(40 / 490_000 * 100_000)  # 8.1633
    assert got[("MEX", 2020, "F")].value == pytest.approx(10 / 510_000 * 100_000)  # 1.9608
    assert got[("MEX", 2021, "_T")].value == pytest.approx(60 / 1_010_000 * 100_000)  # 5.9406
    assert len(got) == 4
    assert "counts.parquet" in got[("MEX", 2020, "_T")].sources
    assert got[("MEX", 2020, "_T")].imputed is False


def test_unsentenced_share_from_project(project: Path) -> None:
    inputs, _ = gather_inputs(project)
    values, _ = compute_indicators(inputs, ["16.3.2"])
    assert [(v.area, v.year, v.value) for v in values] == [
        ("MEX", 2020, pytest.approx(30.0))
    ]  # 240/800


def test_unsentenced_needs_a_status_column(project: Path) -> None:
    inputs, _ = gather_inputs(project)
    counts = inputs.counts
    assert counts is not None
    from dataclasses import replace

    values, findings = compute_indicators(
        replace(inputs, counts=counts.drop(["status"])), ["16.3.2"]
    )
    assert values == []
    assert [f.code for f in findings] == ["IND-NO-STATUS"]


def test_homicide_from_dataunodc_keeps_the_published_rate_and_source() -> None:
    inputs, _ = gather_inputs(None, dataunodc=[DATA / "homicide_dataunodc.csv"])
    values, findings = compute_indicators(inputs, ["16.1.1"])
    got = {(v.area, v.year, v.sex, v.sources.rsplit(" ", 1)[-1]): v for v in values}
    aus = got[("AUS", 2010, "_T", "CTS")]
    assert aus.value == 1.5  # the published rate
    assert aus.numerator == 300.0
    assert got[("MEX", 2010, "_T", "WHO")].numerator == 140.0
    assert got[("MEX", 2010, "_T", "WHO")].flags == "rate_not_published"
    assert got[("NZL", 2011, "_T", "CTS")].numerator == 60.0
    assert "IND-DUPLICATE" in {f.code for f in findings}


def test_unsentenced_from_dataunodc(tmp_path: Path) -> None:
    header = "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,VALUE,Source\n"
    body = (
        "CHL,Chile,Americas,Latin America and the Caribbean,Persons held,Total,Total,Total,Total,2019,Counts,40000,CTS\n"
        "CHL,Chile,Americas,Latin America and the Caribbean,Persons held,by status,Unsentenced,Total,Total,2019,Counts,14000,CTS\n"
        "CHL,Chile,Americas,Latin America and the Caribbean,Persons held,by status,Sentenced,Total,Total,2019,Counts,26000,CTS\n"
    )
    path = tmp_path / "prisons.csv"
    path.write_text(header + body, encoding="utf-8")
    inputs, _ = gather_inputs(None, dataunodc=[path])
    values, _ = compute_indicators(inputs, ["16.3.2"])
    assert [(v.area, v.value) for v in values] == [("CHL", pytest.approx(35.0))]  # 14000 / 40000


def test_arms_traced_share(tmp_path: Path) -> None:
    path = tmp_path / "arms.csv"
    path.write_text(
        "iso3,year,seized,traced\nPER,2020,400,100\nPER,2021,0,0\nPER,2022,10,12\n",
        encoding="utf-8",
    )
    inputs, _ = gather_inputs(None, arms=path)
    values, findings = compute_indicators(inputs, ["16.4.2"])
    assert [(v.year, v.value) for v in values] == [(2020, pytest.approx(25.0))]  # 100 / 400
    assert findings[0].code == "IND-ARMS-INVALID"
    assert findings[0].count == 2


def test_population_cast_is_numeric(project: Path) -> None:
    inputs, _ = gather_inputs(project)
    assert inputs.population is not None
    assert inputs.population.schema.field("population").type == pa.float64()
    assert inputs.country == "MEX"


def test_glotip_values_stay_censored(tmp_path: Path) -> None:
    path = tmp_path / "glotip.csv"
    path.write_text(
        "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source\n"
        "AFG,Afghanistan,Asia,Southern Asia,Detected trafficking victims,Total,Total,Total,Total,2018,Counts,<5,GLOTIP\n",
        encoding="utf-8",
    )
    inputs, _ = gather_inputs(None, glotip=[path])
    (record,) = inputs.glotip[0][1]
    assert (record.value.lower, record.value.upper, str(record.value)) == (1, 4, "<5")
    values, findings = compute_indicators(inputs, ["16.2.2"])
    assert values == []
    assert [f.code for f in findings] == ["IND-INPUTS-MISSING"]  # no population given


def test_homicide_rate_with_population_given_only_in_detail(project: Path) -> None:
    # As the demo writes it: regions × sex × age, no totals; the country's total is their sum.
    (project / "population" / "national.csv").write_text(
        "area,year,sex,age,population\n"
        "R1,2020,M,Y15T29,300000\nR1,2020,F,Y15T29,200000\n"
        "R2,2020,M,Y30T44,250000\nR2,2020,F,Y30T44,250000\n",
        encoding="utf-8",
    )
    inputs, _ = gather_inputs(project)
    values, _ = compute_indicators(inputs, ["16.1.1"])
    got = by_key(values, "16.1.1")
    # 50 victims / (300,000 + 200,000 + 250,000 + 250,000) × 100,000 = 5.0; men 40 / 550,000.
    assert got[("MEX", 2020, "_T")].value == pytest.approx(5.0)
    assert got[("MEX", 2020, "_T")].denominator == 1_000_000
    assert got[("MEX", 2020, "M")].value == pytest.approx(40 / 550_000 * 100_000)
