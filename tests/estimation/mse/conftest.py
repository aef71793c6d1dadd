"""Shared fixtures: the development tables with published answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from crimestats.model.capture import CaptureTable
from crimestats.sources.capture import read_capture_table

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def korea() -> CaptureTable:
    table, findings = read_capture_table(DATA / "Korea.csv")
    assert findings == []
    return table


@pytest.fixture(scope="session")
def artificial3() -> CaptureTable:
    table, findings = read_capture_table(DATA / "Artificial_3.csv")
    assert findings == []
    return table
