"""Victimization indicators against R (tests/oracle/survey/make_indicators_oracle.R) and by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from crimestats.engine import connect
from crimestats.errors import ConfigError, InputError
from crimestats.estimation.survey.indicators import estimate_indicators
from crimestats.model.survey_indicators import Reliability
from crimestats.sources.survey import read_survey
from crimestats.sources.survey_indicators import load_indicator_config, parse_indicator_config

ORACLE = Path(__file__).resolve().parents[2] / "oracle" / "survey"
CONFIG = load_indicator_config(ORACLE / "victimization.yaml")
EXPECTED = pd.read_csv(ORACLE / "indicators_oracle.csv", keep_default_na=False)
TABLE = read_survey(connect(), ORACLE / "victimization.csv").cache()


def _ours(by: str) -> dict[tuple[str, str, str], object]:
    rows = estimate_indicators(TABLE, CONFIG, by=[by] if by else [])
    return {(r.name, ";".join(f"{k}={v}" for k, v in r.domain), r.unit): r for r in rows}


@pytest.mark.parametrize("by", ["", "sex", "region"])
def test_matches_r(by: str) -> None:
    """Every indicator, domain and unit: R's estimate, SE, CI and df times the unit multiplier."""
    ours = _ours(by)
    expected = EXPECTED[EXPECTED["by"].str.split("=").str[0] == by]
    units = {ind.name: ind.units for ind in CONFIG.indicators}
    compared = 0
    for _, row in expected.iterrows():
        for unit in units[row["name"]]:
            m = {"PT": 100.0, "PER_100000_POP": 100_000.0}[unit]
            r = ours[(row["name"], row["by"], unit)]
            for column in ("estimate", "se", "ci_low", "ci_high"):
                assert getattr(r, column) == pytest.approx(float(row[column]) * m, rel=1e-9), (
                    row["name"],
                    row["by"],
                    column,
                )
            assert r.df == float(row["df"])
            cv = 100 * float(row["se"]) / float(row["estimate"])
            assert r.cv == pytest.approx(cv, rel=1e-9)
            compared += 1
    assert compared == len(ours) == sum(len(units[n]) for n in expected["name"])


def test_reliability_flags_from_the_cv() -> None:
    """Flags follow the CV: e.g. sexual violence of men (CV 60.8 % in R's numbers) is suppressed."""
    ours = _ours("sex")
    assert ours[("sdg_16_1_3_sexual", "sex=1", "PT")].reliability == "suppress"
    assert ours[("sdg_16_1_3_physical", "sex=1", "PT")].reliability == "caution"  # 20.9 %
    assert ours[("sdg_16_1_4", "sex=1", "PT")].reliability == ""  # 4.1 %
    flags = Reliability(caution=10.0, suppress=20.0)
    assert [flags.flag(x) for x in (9.9, 10.1, 20.0, 20.1, None)] == [
        "",
        "caution",
        "caution",
        "suppress",
        "suppress",
    ]


def test_hand_computed_shares(tmp_path: Path) -> None:
    """Six respondents, equal weights, no design: each share counted by hand."""
    path = tmp_path / "tiny.csv"
    path.write_text(
        "w,victim,told,safe,contact,paid,asked\n"
        "1,1,1,1,1,0,1\n"
        "1,1,0,2,1,0,0\n"
        "1,0,,9,0,,\n"
        "1,0,,3,1,,0\n"
        "1,1,,1,0,,\n"
        "1,0,,2,1,1,\n"
    )
    config = parse_indicator_config(
        {
            "design": {"weight": "w"},
            "indicators": [
                {"indicator": "prevalence", "victim": "victim", "units": ["PT"]},
                {
                    "indicator": "16.1.4",
                    "feels_safe": {"column": "safe", "yes": [1, 2], "missing": [9]},
                },
                {"indicator": "16.3.1", "victim": "victim", "reported": "told"},
                {"indicator": "16.5.1", "contact": "contact", "bribe": ["paid", "asked"]},
            ],
        }
    )
    got = {r.indicator: r for r in estimate_indicators(read_survey(connect(), path), config)}
    assert got["prevalence"].estimate == pytest.approx(50.0)  # 3 of 6
    assert got["16.1.4"].estimate == pytest.approx(80.0)  # 4 of 5 who answered (9 = don't know)
    assert got["16.1.4"].n == 5
    assert got["16.3.1"].estimate == pytest.approx(50.0)  # 1 of the 2 victims who answered
    assert got["16.3.1"].n == 2
    # contacts: rows 1, 2, 4, 6; bribe known: row 1 (asked), row 2 (no), row 6 (paid); row 4 unknown
    assert got["16.5.1"].estimate == pytest.approx(200 / 3)
    assert got["16.5.1"].n == 3
    se = got["prevalence"].se
    assert se is not None and se == pytest.approx(100 * math.sqrt(0.25 / 5), rel=1e-12)


def test_mistakes_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"indicators\[0\]: indicator 16.3.1 needs 'reported:'"):
        parse_indicator_config(
            {"design": {}, "indicators": [{"indicator": "16.3.1", "victim": "v"}]}, "x.yaml"
        )
    with pytest.raises(ConfigError, match=r"'16\.9\.9' is not one of"):
        parse_indicator_config({"design": {}, "indicators": [{"indicator": "16.9.9"}]})
    path = tmp_path / "t.csv"
    path.write_text("w,answer\n1,Yes\n1,No\n")
    config = parse_indicator_config(
        {"design": {"weight": "w"}, "indicators": [{"indicator": "16.1.4", "feels_safe": "answer"}]}
    )
    with pytest.raises(InputError, match="'answer' holds text; say which answers mean yes"):
        estimate_indicators(read_survey(connect(), path), config)
