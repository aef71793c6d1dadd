"""Local rules in checks/*.yaml: loaded with clear errors, evaluated on the counts table."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from crimestats.engine import connect, register_arrow
from crimestats.errors import ConfigError
from crimestats.model import Severity
from crimestats.quality.local import check_count_bounds
from crimestats.sources.spec import load_local_rules

COUNTS = pa.table(
    {
        "stage": ["police"] * 4,
        "unit": ["offences"] * 4,
        "year": [2023, 2024, 2023, 2024],
        "area": ["_T", "_T", "R1", "R1"],
        "iccs_code": ["0101", "0101", "0502", "0502"],
        "value": [0.0, 3.0, 120.0, 80.0],
    }
)


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_rules_find_cells_out_of_bounds(tmp_path: Path) -> None:
    checks = tmp_path / "checks"
    write(
        checks,
        "rules.yaml",
        """
- code: local.homicide-floor
  severity: error
  description: Homicides every year
  where: {iccs_code: "0101", area: _T}
  min: 1
- code: local.theft-cap
  description: Thefts by region
  where: {iccs_code: "0502", area: [R1, R2]}
  max: 100
""",
    )
    write(checks, "_example.yaml", "- code: not-local\n")  # skipped: an example
    rules = load_local_rules(checks)
    assert [r.code for r in rules] == ["local.homicide-floor", "local.theft-cap"]
    counts = register_arrow(connect(), COUNTS)
    found = {f.code: f for f in check_count_bounds(counts, rules, "checks")}
    # By hand: homicide 2023 is 0 < 1 (one cell); theft R1 2023 is 120 > 100 (one cell).
    assert found["local.homicide-floor"].count == 1
    assert found["local.homicide-floor"].severity is Severity.ERROR
    assert found["local.homicide-floor"].sample[0]["year"] == 2023
    assert found["local.theft-cap"].count == 1
    assert found["local.theft-cap"].severity is Severity.WARNING
    assert "at most 100" in found["local.theft-cap"].message


def test_bad_rules_are_clear_errors(tmp_path: Path) -> None:
    checks = tmp_path / "checks"
    write(checks, "a.yaml", "- code: homicide\n  description: x\n")
    with pytest.raises(ConfigError, match=r"start with 'local\.'"):
        load_local_rules(checks)
    write(checks, "a.yaml", "code: local.x\n")
    with pytest.raises(ConfigError, match="expected a list"):
        load_local_rules(checks)
    write(checks, "a.yaml", "- code: local.x\n  description: x\n  where: {colour: red}\n  min: 1\n")
    rules = load_local_rules(checks)
    with pytest.raises(ConfigError, match="colour"):
        check_count_bounds(register_arrow(connect(), COUNTS), rules, "checks")
