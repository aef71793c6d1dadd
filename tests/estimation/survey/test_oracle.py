"""Every estimate, SE, CI, deff and df against R's survey 4.1-1 (tests/oracle/survey/make_oracle.R)."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from crimestats.engine import connect
from crimestats.errors import EstimationError
from crimestats.estimation.survey import estimate
from crimestats.model.survey import EstimateRequest, Statistic
from crimestats.sources.survey import read_survey

_spec = importlib.util.spec_from_file_location(
    "oracle_cases", Path(__file__).with_name("oracle_cases.py")
)
assert _spec and _spec.loader
cases = importlib.util.module_from_spec(_spec)
sys.modules["oracle_cases"] = cases
_spec.loader.exec_module(cases)

COLUMNS = ["estimate", "se", "ci_low", "ci_high", "deff", "df"]
OUR_METHOD = {"beta": "korn-graubard"}


def _oracle() -> pd.DataFrame:
    frame = pd.read_csv(cases.ORACLE / "oracle.csv", dtype=str, keep_default_na=False)
    for c in COLUMNS:
        frame[c] = frame[c].str.strip().replace("NA", "nan").astype(float)
    frame["base"] = frame["variable"].str.split("=").str[0]
    return frame


ORACLE = _oracle()
ORACLE["by_column"] = ORACLE["by"].str.split("=").str[0]
DESIGNS = [(k, g) for k, g in ORACLE.groupby(["design", "lonely"], sort=False)]
_tables: dict[str, Any] = {}


def _table(file: str) -> Any:
    if file not in _tables:
        # kept in the engine's memory: a CSV view would re-parse the file for every query
        _tables[file] = read_survey(connect(), cases.ORACLE / file).cache()
    return _tables[file]


def _request(stat: str, base: str) -> EstimateRequest:
    if stat.startswith("quantile"):
        return EstimateRequest(Statistic.QUANTILE, base, probs=(float(stat.split("_")[1]),))
    if stat == "ratio":
        num, den = base.split("/")
        return EstimateRequest(Statistic.RATIO, num, den)
    return EstimateRequest(Statistic(stat), base)


def _ours(design_name: str, lonely: str, rows: pd.DataFrame) -> dict[tuple[str, str, str], Any]:
    """Our estimates for every row of one call's worth of R output, keyed as the oracle."""
    file, design = cases.designs()[design_name]
    by, method, na_rm = rows.iloc[0][["by_column", "method", "na_rm"]]
    wanted = rows[["statistic", "base"]].drop_duplicates()
    with_deff = set(rows.loc[rows["deff"].notna(), "statistic"])
    results = []
    for deff in (True, False):
        picked = wanted[wanted["statistic"].isin(with_deff) == deff]
        if picked.empty:
            continue
        results += estimate(
            _table(file),
            cases.with_lonely(design, lonely),
            [_request(st, b) for st, b in picked.itertuples(index=False)],
            by=[by] if by else [],
            na_rm=na_rm == "TRUE",
            deff=deff,
            ci_method=OUR_METHOD.get(method, method) or None,
        )
    return {
        (";".join(f"{b}={v}" for b, v in r.domain), r.variable, r.statistic): r for r in results
    }


@pytest.mark.parametrize(("key", "rows"), DESIGNS, ids=["|".join(k) for k, _ in DESIGNS])
def test_matches_r(key: tuple[str, str], rows: pd.DataFrame) -> None:
    """Every recorded R number of one design: one estimate call per domain column and method."""
    design_name, lonely = key
    mismatches = []
    compared = 0
    for _, call in rows.groupby(["by_column", "method", "na_rm"], sort=False):
        ours = _ours(design_name, lonely, call)
        for _, row in call.iterrows():
            r = ours[(row["by"], row["variable"], row["statistic"])]
            for column in COLUMNS:
                expected = row[column]
                got = getattr(r, column)
                got = math.nan if got is None else got
                compared += 1
                if math.isnan(expected) or math.isinf(expected):
                    ok = math.isnan(got) or got == expected
                else:
                    ok = got == pytest.approx(expected, rel=1e-9)
                if not ok:
                    mismatches.append(
                        (
                            row["by"],
                            row["variable"],
                            row["statistic"],
                            row["method"],
                            column,
                            expected,
                            got,
                        )
                    )
    assert compared == len(rows) * len(COLUMNS)
    assert not mismatches, mismatches[:10]


def test_lonely_fail_names_the_stratum() -> None:
    """R stops on a lonely PSU under the default policy; so do we, naming the stratum."""
    errors = pd.read_csv(cases.ORACLE / "oracle_errors.csv")
    for _, row in errors.iterrows():
        file, design = cases.designs()[row["design"]]
        stratum = row["error"].split("Stratum (")[1].split(")")[0]
        with pytest.raises(EstimationError, match=f"stratum '{stratum}'"):
            estimate(_table(file), design, [_request("mean", "api00")])
