"""Reading capture-history count tables: what a user can get wrong, and the messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from crimestats.errors import FileFormatError, InputError
from crimestats.sources.capture import read_capture_table


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_absent_histories_count_zero(tmp_path: Path) -> None:
    table, findings = read_capture_table(_write(tmp_path, "A,B,C,count\n1,0,0,4\n0,1,1,2\n"))
    assert table.lists == ("A", "B", "C")
    assert table.counts == (0, 0, 2, 4, 0, 0, 0)
    assert findings == []


def test_other_count_column_and_duplicates(tmp_path: Path) -> None:
    text = "x,y,n\n1,0,4\n0,1,3\n1,1,2\n1,1,1\n0,0,0\n"
    table, findings = read_capture_table(_write(tmp_path, text), count_column="n")
    assert table.counts == (3, 4, 3)
    assert {f.code for f in findings} == {"MSE001", "MSE002"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A,B,count\n1,0,5\n0,2,3\n", r"row 2, column 'B': '2' is not 0 or 1"),
        ("A,B,count\n1,0,5\n0,,3\n", r"row 2, column 'B': '\(empty\)' is not 0 or 1"),
        ("A,B,count\n1,0,5\n0,1,-3\n", r"row 2, column 'count': negative count -3"),
        ("A,B,count\n1,0,5\n0,1,2.5\n", r"'2.5' is not a whole number"),
        ("A,B,n\n1,0,5\n", r"missing column 'count'.*--count-column"),
        ("A,count\n1,5\n", r"at least two lists; the file has one list column \('A'\)"),
        ("A,B,count\n0,0,4\n1,0,3\n", r"4 people on no list"),
        ("A,B,count\n1,0,0\n0,1,0\n", r"nobody was observed"),
    ],
)
def test_bad_tables_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_capture_table(_write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="file not found"):
        read_capture_table(tmp_path / "nope.csv")
