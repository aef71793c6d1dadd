"""Registering files with the engine: encodings, compression, delimiters, Excel, Arrow, Parquet."""

from __future__ import annotations

import gzip
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crimestats.engine import (
    connect,
    detect_encoding,
    read_excel_sheet,
    register_arrow,
    register_csv,
    register_excel,
    register_parquet,
    to_arrow,
)
from crimestats.errors import ConfigError, FileFormatError, InputError
from crimestats.settings import EngineSettings

CSV = "code;label;n\n0101;Homicidio;3\n0401;Robo con violación;5\n"


@pytest.fixture
def con():  # type: ignore[no-untyped-def]
    return connect()


def test_detect_encoding(tmp_path: Path) -> None:
    utf = tmp_path / "u.csv"
    utf.write_text(CSV, encoding="utf-8")
    latin = tmp_path / "l.csv"
    latin.write_bytes(CSV.encode("latin-1"))
    zipped = tmp_path / "l.csv.gz"
    zipped.write_bytes(gzip.compress(CSV.encode("latin-1")))
    assert detect_encoding(utf) == "utf-8"
    assert detect_encoding(latin) == "latin-1"
    assert detect_encoding(zipped) == "latin-1"


@pytest.mark.parametrize(
    ("encoding", "gz"), [("utf-8", False), ("latin-1", False), ("latin-1", True)]
)
def test_register_csv_keeps_codes_and_accents(con, tmp_path: Path, encoding: str, gz: bool) -> None:  # type: ignore[no-untyped-def]
    data = CSV.encode(encoding)
    path = tmp_path / ("f.csv.gz" if gz else "f.csv")
    path.write_bytes(gzip.compress(data) if gz else data)
    table = to_arrow(register_csv(con, path, text_columns=["code"]))
    assert table.column("code").to_pylist() == ["0101", "0401"]  # leading zeros kept
    assert table.column("label").to_pylist() == ["Homicidio", "Robo con violación"]
    assert table.column("n").to_pylist() == [3, 5]


def test_register_csv_all_text(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "f.csv"
    path.write_text("a,b\n01,2\n", encoding="utf-8")
    table = to_arrow(register_csv(con, path, all_text=True))
    assert table.to_pylist() == [{"a": "01", "b": "2"}]


def test_missing_file_is_an_input_error(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FileFormatError, match="not found"):
        register_csv(con, tmp_path / "nope.csv")


def test_parquet_and_arrow_round_trip(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = pa.table({"code": ["0101", "0502"], "n": [1, 2]})
    pq.write_table(table, tmp_path / "t.parquet")
    assert to_arrow(register_parquet(con, tmp_path / "t.parquet")).equals(table)
    assert to_arrow(register_arrow(con, table)).equals(table)


def test_excel_sheet_with_preamble(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(["UNODC contact line"])
    sheet.append(["01/02/2024"])
    sheet.append(["code", "value", None])
    sheet.append(["0101", 12, "x"])
    sheet.append([None, None, None])
    sheet.append(["0102", 3.0, None])
    path = tmp_path / "book.xlsx"
    book.save(path)
    table = read_excel_sheet(path, sheet="data", header_row=3)
    assert table.column_names == ["code", "value", "column_3"]
    assert table.to_pylist() == [
        {"code": "0101", "value": "12", "column_3": "x"},
        {"code": "0102", "value": "3", "column_3": None},
    ]
    assert to_arrow(register_excel(con, path, header_row=3)).num_rows == 2
    with pytest.raises(InputError, match="sheets are: data"):
        read_excel_sheet(path, sheet="other")


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(FileFormatError, match="xlsx"):
        read_excel_sheet(path)


def test_unknown_backend() -> None:
    with pytest.raises(ConfigError, match="duckdb"):
        connect(EngineSettings(backend="oracle"))


def test_duckdb_file_database(tmp_path: Path) -> None:
    con = connect(EngineSettings(database=str(tmp_path / "db" / "c.duckdb"), threads=1))
    assert con.name == "duckdb"
    assert (tmp_path / "db").is_dir()
