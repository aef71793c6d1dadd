"""Reading homicide rows from the canonical dataUNODC table: totals, Unknown sex, duplicates, parts."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from crimestats.classification.m49 import m49
from crimestats.errors import MissingColumnError
from crimestats.estimation.homicide import Observation, homicide_observations

IND = "Victims of intentional homicide"


def row(iso3: str, year: int, value: float | None, *, sex: str = "Total", unit: str = "Counts",
        source: str = "CTS", indicator: str = IND, dimension: str = "Total",
        category: str = "Total", age: str = "Total") -> dict[str, Any]:  # fmt: skip
    return {
        "iso3": iso3, "country": iso3, "region": "", "subregion": "", "indicator": indicator,
        "dimension": dimension, "category": category, "sex": sex, "age": age, "year": year,
        "unit": unit, "value": value, "source": source, "iccs_code": "0101",
    }  # fmt: skip


def table(rows: list[dict[str, Any]]) -> pa.Table:
    out = pa.Table.from_pylist(rows)
    return out.append_column("row", pa.array(range(1, len(rows) + 1), pa.int64()))


def observe(rows: list[dict[str, Any]]) -> tuple[dict[tuple[str, int, str], Observation], set[str]]:
    found, findings = homicide_observations(table(rows), m49(), source="t.csv")
    return {(o.iso3, o.year, o.source): o for o in found}, {f.code for f in findings}


def test_unknown_sex_is_never_added_to_the_total() -> None:
    obs, codes = observe(
        [
            row("NZL", 2010, 50),
            row("NZL", 2010, 30, sex="Male"),
            row("NZL", 2010, 15, sex="Female"),
            row("NZL", 2010, 5, sex="Unknown"),
        ]
    )
    assert obs[("NZL", 2010, "CTS")].victims == 50.0  # not 100, not 55
    assert "HOM-UNKNOWN-SEX" in codes
    assert "HOM-SEX-EXCEEDS-TOTAL" not in codes


def test_missing_total_is_built_from_the_sex_rows() -> None:
    obs, codes = observe(
        [
            row("VUT", 2010, 8, sex="Male"),
            row("VUT", 2010, 3, sex="Female"),
            row("VUT", 2010, 1, sex="Unknown"),
        ]
    )
    assert obs[("VUT", 2010, "CTS")].victims == 12.0  # 8 + 3 + 1
    assert obs[("VUT", 2010, "CTS")].note == "Male + Female + Unknown rows"
    assert {"HOM-TOTAL-FROM-SEX", "HOM-UNKNOWN-SEX"} <= codes


def test_duplicated_rows_are_used_once() -> None:
    obs, codes = observe([row("NZL", 2011, 60), row("NZL", 2011, 60)])
    assert obs[("NZL", 2011, "CTS")].victims == 60.0
    assert "HOM-DUPLICATE-ROW" in codes


def test_conflicting_duplicates_keep_the_first_and_are_errors() -> None:
    found, findings = homicide_observations(
        table([row("NZL", 2011, 60), row("NZL", 2011, 70)]), m49(), source="t.csv"
    )
    assert [o.victims for o in found] == [60.0]
    conflict = next(f for f in findings if f.code == "HOM-DUPLICATE-CONFLICT")
    assert conflict.severity == "error"
    assert conflict.location.row == 2


def test_same_key_from_two_sources_is_kept_per_source() -> None:
    obs, _ = observe([row("BRA", 2015, 100), row("BRA", 2015, 120, source="WHO")])
    assert obs[("BRA", 2015, "CTS")].victims == 100.0
    assert obs[("BRA", 2015, "WHO")].victims == 120.0


def test_other_indicators_dimensions_and_ages_are_ignored() -> None:
    obs, _ = observe(
        [
            row("NZL", 2010, 50),
            row("NZL", 2010, 20, dimension="by mechanisms", category="Firearms"),
            row("NZL", 2010, 10, age="0-9"),
            row("NZL", 2010, 999, indicator="Serious assault"),
        ]
    )
    assert next(iter(obs.values())).victims == 50.0
    assert len(obs) == 1


def test_rate_only_observation_keeps_the_rate() -> None:
    obs, _ = observe([row("NZL", 2010, 1.1, unit="Rate per 100,000 population")])
    assert obs[("NZL", 2010, "CTS")].victims is None
    assert obs[("NZL", 2010, "CTS")].rate == 1.1


def test_uk_parts_are_summed_when_all_are_there() -> None:
    obs, codes = observe(
        [
            row("GBR_E_W", 2018, 700),
            row("GBR_S", 2018, 60),
            row("GBR_NI", 2018, 20),
            row("GBR_E_W", 2019, 650),
            row("GBR_S", 2019, 64),
        ]
    )
    assert obs[("GBR", 2018, "CTS")].victims == 780.0  # 700 + 60 + 20
    assert ("GBR", 2019, "CTS") not in obs  # Northern Ireland missing: not used
    assert {"HOM-PARTS-COMBINED", "HOM-PARTS-UNUSED"} <= codes


def test_non_countries_are_reported() -> None:
    obs, codes = observe([row("XKX", 2018, 30), row("WORLD", 2018, 400000)])
    assert obs == {}
    assert "HOM-AREA-NOT-COUNTRY" in codes


def test_missing_column_names_the_source() -> None:
    with pytest.raises(MissingColumnError, match=r"t\.csv"):
        homicide_observations(pa.table({"iso3": ["NZL"]}), m49(), source="t.csv")
