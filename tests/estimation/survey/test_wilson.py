"""The Wilson interval (not in R) against statsmodels' Wilson interval at Kish's effective sample size.

R's ``svyciprop`` has no Wilson method, so the oracle is independent of both R and our code: R's
recorded proportion and standard error give n* = p(1-p)/se², and ``statsmodels.stats.proportion.
proportion_confint(p n*, n*, method="wilson")`` gives the interval we must reproduce.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from crimestats.engine import connect
from crimestats.estimation.survey import estimate
from crimestats.model.survey import EstimateRequest, Statistic
from crimestats.sources.survey import read_survey

_spec = importlib.util.spec_from_file_location(
    "oracle_cases", Path(__file__).with_name("oracle_cases.py")
)
assert _spec and _spec.loader
cases = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("oracle_cases", cases)
_spec.loader.exec_module(cases)

ORACLE = pd.read_csv(cases.ORACLE / "oracle.csv", dtype={"by": str}, keep_default_na=False)
# R's "mean" method rows carry svymean's proportion and linearised SE for every design and domain
ROWS = ORACLE[(ORACLE["method"] == "mean") & (ORACLE["variable"] == "yes")]
CALLS = sorted({(d, b.split("=")[0]) for d, b in zip(ROWS["design"], ROWS["by"], strict=True)})


def test_hand_computed_wilson() -> None:
    """p = 0.3, se = 0.05: n* = 0.21 / 0.0025 = 84; Wilson at 95 % by hand."""
    from crimestats.estimation.survey.ciprop import proportion_interval

    z = 1.959963984540054
    n, p = 84.0, 0.3
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo, hi = proportion_interval("wilson", p, 0.05, level=0.95, df=30, n_rows=100)
    assert (lo, hi) == pytest.approx((centre - half, centre + half), rel=1e-12)
    assert (lo, hi) == pytest.approx((0.2125, 0.4050), abs=1e-4)  # (0.322866 ± 0.100632)/1.045732


@pytest.mark.parametrize(("design_name", "by"), CALLS)
def test_wilson_at_effective_sample_size(design_name: str, by: str) -> None:
    file, design = cases.designs()[design_name]
    table = read_survey(connect(), cases.ORACLE / file).cache()
    ours = estimate(
        table,
        design,
        [EstimateRequest(Statistic.PROPORTION, "yes")],
        by=[by] if by else [],
        ci_method="wilson",
    )
    got = {";".join(f"{b}={v}" for b, v in r.domain): r for r in ours}
    expected_rows = ROWS[(ROWS["design"] == design_name) & (ROWS["by"].str.split("=").str[0] == by)]
    assert len(got) == len(expected_rows) > 0
    for _, row in expected_rows.iterrows():
        p, se = float(row["estimate"]), float(row["se"])
        n_eff = p * (1 - p) / se**2
        lo, hi = proportion_confint(p * n_eff, n_eff, alpha=0.05, method="wilson")
        r = got[row["by"]]
        assert r.estimate == pytest.approx(p, rel=1e-9)
        assert r.ci_low == pytest.approx(lo, rel=1e-9)
        assert r.ci_high == pytest.approx(hi, rel=1e-9)
