"""The designs of tests/oracle/survey/make_oracle.R, written as crimestats designs."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from crimestats.model.survey import LonelyPSU, ReplicateType, ReplicateWeights, SurveyDesign

ORACLE = Path(__file__).resolve().parents[2] / "oracle" / "survey"


def _reps(file: str, prefix: str) -> tuple[str, ...]:
    header = pd.read_csv(ORACLE / file, nrows=0).columns
    return tuple(c for c in header if c.startswith(prefix))


def _jkn_rscales() -> tuple[float, ...]:
    return tuple(float(x) for x in (ORACLE / "jkn_rscales.txt").read_text().split())


@functools.cache
def designs() -> dict[str, tuple[str, SurveyDesign]]:
    """Oracle design name → (fixture file, design)."""
    out = {
        "strat_fpc": ("apistrat.csv", SurveyDesign(weight="pw", strata="stype", fpc="fpc")),
        "strat": ("apistrat.csv", SurveyDesign(weight="pw", strata="stype")),
        "clus1_fpc": ("apiclus1.csv", SurveyDesign(weight="pw", psu="dnum", fpc="fpc")),
        "clus1": ("apiclus1.csv", SurveyDesign(weight="pw", psu="dnum")),
        "clus1_str3": ("apiclus1.csv", SurveyDesign(weight="pw", strata="str3", psu="dnum")),
        "clus2_fpc": (
            "apiclus2.csv",
            SurveyDesign(weight="pw", psu="dnum", ssu="snum", fpc="fpc1", fpc2="fpc2"),
        ),
        "clus2": ("apiclus2.csv", SurveyDesign(weight="pw", psu="dnum", ssu="snum")),
        "srs_fpc": ("apisrs.csv", SurveyDesign(weight="pw", fpc="fpc")),
        "scd": ("scd.csv", SurveyDesign(weight="w", strata="ESA", psu="ambulance", nest=True)),
        "clus1_lonely": ("apiclus1.csv", SurveyDesign(weight="pw", strata="strl", psu="dnum")),
        "strat_lonely": ("apistrat.csv", SurveyDesign(weight="pw", strata="strl")),
    }
    reps = {
        "jk1": ("apiclus1.csv", "jk1_", ReplicateType.JK1, None, None),
        "jkn": ("apiclus1.csv", "jkn_", ReplicateType.JKN, None, _jkn_rscales()),
        "boot": ("apiclus1.csv", "bs_", ReplicateType.BOOTSTRAP, None, None),
        "brr": ("scd.csv", "brr_", ReplicateType.BRR, None, None),
        "fay": ("scd.csv", "fay_", ReplicateType.FAY, 0.3, None),
    }
    for name, (file, prefix, kind, rho, rscales) in reps.items():
        weight = "w" if file == "scd.csv" else "pw"
        for mse in (False, True):
            rw = ReplicateWeights(_reps(file, prefix), kind, rho=rho, rscales=rscales, mse=mse)
            out[name + ("_mse" if mse else "")] = (file, SurveyDesign(weight=weight, replicates=rw))
    return out


def with_lonely(design: SurveyDesign, lonely: str) -> SurveyDesign:
    """The same design under another lonely-PSU policy."""
    from dataclasses import replace

    return replace(design, lonely_psu=LonelyPSU(lonely))
