"""Survey microdata readers: CSV, gzipped CSV, Parquet, SPSS and Stata give the same table."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from crimestats.engine import connect, to_arrow
from crimestats.errors import FileFormatError
from crimestats.sources.survey import read_survey

FRAME = pd.DataFrame({"w": [1.5, 2.0, 3.0], "y": [1.0, 0.0, 1.0], "sex": ["F", "M", "F"]})


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz", ".parquet", ".sav", ".dta"])
def test_reads_every_format(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"survey{suffix}"
    if suffix == ".csv":
        FRAME.to_csv(path, index=False)
    elif suffix == ".csv.gz":
        with gzip.open(path, "wt") as fh:
            FRAME.to_csv(fh, index=False)
    elif suffix == ".parquet":
        FRAME.to_parquet(path)
    elif suffix == ".sav":
        pyreadstat.write_sav(FRAME, str(path))
    else:
        pyreadstat.write_dta(FRAME, str(path))
    table = to_arrow(read_survey(connect(), path)).to_pandas()
    assert table["w"].tolist() == [1.5, 2.0, 3.0]
    assert table["sex"].tolist() == ["F", "M", "F"]


def test_yes_no_answers_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "yn.csv"
    path.write_text("w,reported\n1,Yes\n2,No\n")
    table = to_arrow(read_survey(connect(), path)).to_pandas()
    assert table["reported"].tolist() == ["Yes", "No"]


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{}")
    with pytest.raises(FileFormatError, match="unknown survey file type"):
        read_survey(connect(), path)
