"""Finding a download's tables, telling its layout, and clear errors for folders that will not do."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from crimestats.engine import connect
from crimestats.errors import InputError, MissingColumnError
from crimestats.model.sources import SourceSpec
from crimestats.sources.nibrs import CURRENT, LEGACY, open_nibrs, read_nibrs

DC_2020 = Path(__file__).parent / "data" / "DC_2020_MTP"


def test_the_dc_sample_is_the_older_layout() -> None:
    extract = open_nibrs(connect(), DC_2020)
    assert extract.layout is LEGACY
    assert extract.files["incident"].name == "NIBRS_incident.csv"
    assert extract.files["offense"].name == "NIBRS_OFFENSE.csv"
    # Headers are read in lower case whatever the file says.
    assert "offense_type_id" in extract.table("offense").columns
    assert not extract.has("suspect_using")  # optional tables may be absent


def test_lower_case_file_names_and_headers_are_the_2021_layout(
    make_extract: Callable[[str], Path],
) -> None:
    folder = make_extract("2021+")
    extract = open_nibrs(connect(), folder)
    assert extract.layout is CURRENT
    assert extract.files["incident"].name == "nibrs_incident.csv"
    assert "offense_type" not in extract.tables  # not needed: rows carry their code


def test_gzipped_tables_are_read(make_extract: Callable[[str], Path]) -> None:
    folder = make_extract("2021+")
    plain = folder / "nibrs_offense.csv"
    with plain.open("rb") as src, gzip.open(folder / "NIBRS_OFFENSE.csv.gz", "wb") as out:
        shutil.copyfileobj(src, out)
    plain.unlink()
    extract = open_nibrs(connect(), folder)
    assert extract.files["offense"].name == "NIBRS_OFFENSE.csv.gz"
    assert extract.table("offense").count().execute() == 5


def test_missing_folder_and_a_file_instead_of_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder not found"):
        open_nibrs(connect(), tmp_path / "nowhere")
    zipped = tmp_path / "DC-2020.zip"
    zipped.write_bytes(b"PK")
    with pytest.raises(InputError, match="unzip the NIBRS download"):
        open_nibrs(connect(), zipped)


def test_a_folder_that_is_not_a_download_points_to_the_one_inside(
    make_extract: Callable[[str], Path],
) -> None:
    folder = make_extract("pre-2021")
    with pytest.raises(InputError, match="not a NIBRS download") as info:
        open_nibrs(connect(), folder.parent)
    assert f"did you mean the folder {folder}" in str(info.value)


@pytest.mark.parametrize(
    ("layout", "file", "table"),
    [
        ("pre-2021", "NIBRS_incident.csv", "nibrs_incident"),
        ("2021+", "nibrs_offense.csv", "nibrs_offense"),
    ],
)
def test_a_missing_core_table_is_named(
    make_extract: Callable[[str], Path], layout: str, file: str, table: str
) -> None:
    folder = make_extract(layout)
    (folder / file).unlink()
    with pytest.raises(InputError, match=f"no {table} table"):
        open_nibrs(connect(), folder)


@pytest.mark.parametrize(
    ("layout", "file", "table"),
    [
        ("pre-2021", "NIBRS_OFFENSE_TYPE.csv", "nibrs_offense_type"),
        ("2021+", "nibrs_victim.csv", "nibrs_victim"),
        ("2021+", "nibrs_arrestee.csv", "nibrs_arrestee"),
    ],
)
def test_a_table_the_counts_need_is_named_when_missing(
    make_extract: Callable[[str], Path], layout: str, file: str, table: str
) -> None:
    folder = make_extract(layout)
    (folder / file).unlink()
    spec = SourceSpec(name="va", kind="nibrs", path=folder.name)
    with pytest.raises(InputError, match=f"no {table} table"):
        read_nibrs(connect(), spec, folder.parent)


def test_a_missing_column_names_the_file_and_the_column(
    make_extract: Callable[[str], Path],
) -> None:
    folder = make_extract("pre-2021")
    incident = folder / "NIBRS_incident.csv"
    text = incident.read_text(encoding="utf-8").replace('"INCIDENT_DATE"', '"INC_DATE"')
    incident.write_text(text, encoding="utf-8")
    with pytest.raises(MissingColumnError, match="incident_date") as info:
        open_nibrs(connect(), folder)
    assert "NIBRS_incident.csv" in str(info.value)


def test_an_offense_table_without_any_offense_column(make_extract: Callable[[str], Path]) -> None:
    folder = make_extract("2021+")
    offense = folder / "nibrs_offense.csv"
    offense.write_text(
        offense.read_text(encoding="utf-8").replace("offense_code", "code"), encoding="utf-8"
    )
    with pytest.raises(MissingColumnError, match="OFFENSE_TYPE_ID"):
        open_nibrs(connect(), folder)


def test_two_files_for_one_table(make_extract: Callable[[str], Path]) -> None:
    folder = make_extract("2021+")
    shutil.copy(folder / "nibrs_incident.csv", folder / "NIBRS_incident.csv")
    with pytest.raises(InputError, match="two files for the nibrs_incident table"):
        open_nibrs(connect(), folder)
