"""A tiny project directory in the layout the record pipeline writes, built by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest


def count(stage: str, unit: str, year: int, code: str, value: float, **kw: Any) -> dict[str, Any]:
    row = {
        "stage": stage, "unit": unit, "year": year, "area": "_T", "iccs_code": code,
        "attempt": "completed", "sex": "_T", "age": "_T", "citizenship": "_T", "status": "_T",
        "value": value,
    }  # fmt: skip
    row.update(kw)
    return row


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Police victims of homicide 2020-2021 and prison population 2020 of the country MEX.

    2020: 50 victims of 0101 (40 male, 10 female); 7 attempted (excluded); 9 in region R1 (sub-national);
    3 victims of 0102. 2021: 60 completed, and a ``_T`` attempt row of 60 (the completed row is used).
    Prisons 2020: 800 held, 240 unsentenced, 560 sentenced.
    """
    rows = [
        count("police", "victims", 2020, "0101", 50),
        count("police", "victims", 2020, "0101", 40, sex="M"),
        count("police", "victims", 2020, "0101", 10, sex="F"),
        count("police", "victims", 2020, "0101", 7, attempt="attempted"),
        count("police", "victims", 2020, "0101", 9, area="R1"),
        count("police", "victims", 2020, "0102", 3),
        count("police", "offences", 2020, "0101", 48),
        count("police", "victims", 2021, "0101", 60),
        count("police", "victims", 2021, "0101", 60, attempt="_T"),
        count("prisons", "persons", 2020, "_T", 800),
        count("prisons", "persons", 2020, "_T", 240, status="unsentenced"),
        count("prisons", "persons", 2020, "_T", 560, status="sentenced"),
    ]
    (tmp_path / "output").mkdir()
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "output" / "counts.parquet")
    (tmp_path / "population").mkdir()
    (tmp_path / "population" / "national.csv").write_text(
        "area,year,sex,age,population\n"
        "_T,2020,_T,_T,1000000\n_T,2020,M,_T,490000\n_T,2020,F,_T,510000\n"
        "_T,2021,_T,_T,1010000\nR1,2020,_T,_T,200000\n",
        encoding="utf-8",
    )
    (tmp_path / "crimestats.toml").write_text('[project]\ncountry = "MEX"\n', encoding="utf-8")
    return tmp_path
