"""SDG 16.1.3, 16.1.4, 16.3.1 and 16.5.1 from survey microdata, against R (make_indicators_oracle.R)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from crimestats.estimation.indicators import compute_indicators, gather_inputs

ORACLE = Path(__file__).resolve().parents[2] / "oracle" / "survey"
R = pd.read_csv(ORACLE / "indicators_oracle.csv", keep_default_na=False)
# config name → (SDG indicator, series); sex codes 1, 2 are mapped to M, F in victimization.yaml
NAMES = {
    "sdg_16_1_3_physical": ("16.1.3", "VC_VOV_PHYL"),
    "sdg_16_1_3_sexual": ("16.1.3", "VC_VOV_SEXL"),
    "sdg_16_1_4": ("16.1.4", "VC_SNS_WALN"),
    "sdg_16_3_1_physical": ("16.3.1", "VC_PRR_PHYV"),
    "sdg_16_5_1": ("16.5.1", "IU_COR_BRIB"),
}
SEX = {"": "_T", "sex=1": "M", "sex=2": "F"}


def test_values_by_sex_match_r() -> None:
    inputs, _ = gather_inputs(
        None, survey=ORACLE / "victimization.csv", survey_config=ORACLE / "victimization.yaml"
    )
    values, findings = compute_indicators(inputs, ["16.1.3", "16.1.4", "16.3.1", "16.5.1"])
    assert findings == []
    got = {(v.indicator, v.series, v.sex): v for v in values}
    expected = R[R["name"].isin(NAMES) & R["by"].isin(SEX)]
    assert len(got) == len(expected) == 15
    for _, row in expected.iterrows():
        indicator, series = NAMES[row["name"]]
        v = got[(indicator, series, SEX[row["by"]])]
        assert v.value == pytest.approx(100 * row["estimate"], rel=1e-9)
        assert (v.area, v.year, v.unit, v.age) == ("XVS", 2023, "PT", "_T")
        cv = 100 * row["se"] / row["estimate"]
        assert v.flags == ("cv_suppress" if cv > 33.3 else "cv_caution" if cv > 16.5 else "")
        assert "victimization.csv" in v.sources


def test_an_indicator_missing_from_the_config_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "only_safety.yaml"
    config.write_text(
        "year: 2023\ndesign: {weight: weight, strata: stratum, psu: psu}\n"
        "indicators:\n  - {indicator: '16.1.4', feels_safe: {column: safe_dark, yes: [1, 2], missing: [9]}}\n",
        encoding="utf-8",
    )
    inputs, _ = gather_inputs(None, survey=ORACLE / "victimization.csv", survey_config=config)
    values, findings = compute_indicators(inputs, ["16.1.4", "16.5.1"])
    assert {v.indicator for v in values} == {"16.1.4"}
    assert values[0].area == "_T"  # no area in the config and no project country
    assert [f.code for f in findings] == ["IND-SURVEY-NOT-CONFIGURED"]
