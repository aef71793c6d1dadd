"""Rules of the codebase that a linter does not check."""

from __future__ import annotations

import re
from pathlib import Path

import crimestats

SRC = Path(crimestats.__file__).parent


def test_no_raw_sql_outside_the_engine() -> None:
    pattern = re.compile(r"\.(raw_sql|sql)\(|\bSELECT\s+.+\s+FROM\b", re.IGNORECASE)
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "engine" not in path.relative_to(SRC).parts
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_dumping_ground_modules() -> None:
    names = {p.stem for p in SRC.rglob("*.py")}
    assert not names & {"utils", "helpers", "common", "misc"}


def test_public_api_is_what_all_says() -> None:
    for name in crimestats.__all__:
        assert hasattr(crimestats, name), name
    assert crimestats.iccs().title == "ICCS 1.0"


def test_every_data_folder_has_a_readme() -> None:
    for folder in (SRC / "data").iterdir():
        if folder.is_dir():
            assert (folder / "README.md").exists(), (
                f"{folder} needs a README with the data's source"
            )
