"""A 10-million-row survey file through the engine under a DuckDB memory limit that cannot hold it.

The expected mean and standard error are computed here with numpy, chunk by chunk, from the textbook
formulas (weighted mean; ultimate-cluster Taylor variance with n_h/(n_h - 1) per stratum), never
from crimestats.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crimestats.engine import connect
from crimestats.estimation.survey import estimate
from crimestats.model.survey import EstimateRequest, Statistic, SurveyDesign
from crimestats.settings import EngineSettings
from crimestats.sources.survey import read_survey

ROWS, CHUNK, PSUS, PER_STRATUM = 10_000_000, 1_000_000, 2_000, 10
LIMIT = "100MB"  # the four columns used take 10M x 24 bytes = 240 MB as arrays


def _chunk(i: int) -> pa.Table:
    rng = np.random.default_rng(100 + i)
    psu = rng.integers(0, PSUS, CHUNK)
    effect = np.random.default_rng(7).normal(0, 1, PSUS)[psu]
    return pa.table(
        {
            "stratum": (psu // PER_STRATUM).astype(np.int32),
            "psu": psu.astype(np.int32),
            "w": rng.uniform(50, 150, CHUNK),
            "y": 10 + effect + rng.normal(0, 3, CHUNK),
        }
    )


@pytest.mark.slow
def test_ten_million_rows_under_a_memory_limit(tmp_path: Path) -> None:
    path = tmp_path / "large.parquet"
    wy = np.zeros(PSUS)
    w = np.zeros(PSUS)
    writer = None
    for i in range(ROWS // CHUNK):
        table = _chunk(i)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        psu = table["psu"].to_numpy()
        wy += np.bincount(
            psu, weights=table["w"].to_numpy() * table["y"].to_numpy(), minlength=PSUS
        )
        w += np.bincount(psu, weights=table["w"].to_numpy(), minlength=PSUS)
    assert writer is not None
    writer.close()
    mean = wy.sum() / w.sum()
    z = ((wy - mean * w) / w.sum()).reshape(-1, PER_STRATUM)  # PSU score totals by stratum
    var = (PER_STRATUM / (PER_STRATUM - 1) * ((z - z.mean(axis=1, keepdims=True)) ** 2)).sum()

    con = connect(EngineSettings(memory_limit=LIMIT, threads=2))
    table = read_survey(con, path)
    design = SurveyDesign(weight="w", strata="stratum", psu="psu")
    (r,) = estimate(table, design, [EstimateRequest(Statistic.MEAN, "y")])
    assert r.n == ROWS
    assert r.estimate == pytest.approx(mean, rel=1e-12)
    assert r.se == pytest.approx(math.sqrt(var), rel=1e-9)
    assert r.df == PSUS - PSUS // PER_STRATUM
