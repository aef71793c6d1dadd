"""Population denominators and selection-rule files."""

from __future__ import annotations

import pyarrow as pa
import pytest

from crimestats.errors import ConfigError, MissingColumnError
from crimestats.estimation.homicide import population_lookup, rules_from_mapping


def test_total_rows_and_sum_of_sexes() -> None:
    table = pa.table(
        {
            "iso3": ["NZL", "NZL", "NZL", "FJI", "FJI", "FJI"],
            "year": [2010, 2010, 2010, 2010, 2010, 2010],
            "sex": ["Total", "M", "F", "M", "F", "M"],
            "population": [5e6, 2.4e6, 2.6e6, 4e5, 5e5, 9e9],
        }
    )
    pop, findings = population_lookup(table)
    assert pop[("NZL", 2010)] == 5e6  # the Total row, not 5e6 + 2.4e6 + 2.6e6
    assert pop[("FJI", 2010)] == 9e5  # 4e5 + 5e5; the repeated M row is not used
    assert {f.code for f in findings} == {"POP-TOTAL-FROM-SEX", "POP-DUPLICATE"}


def test_bad_rows_and_columns() -> None:
    pop, findings = population_lookup(
        pa.table({"iso3": ["A", "B"], "year": [1, 2], "population": [None, -1]})
    )
    assert pop == {}
    assert findings[0].count == 2
    with pytest.raises(MissingColumnError, match="population"):
        population_lookup(pa.table({"iso3": ["A"], "year": [1]}), "pop.csv")


def test_rules_from_mapping() -> None:
    rules = rules_from_mapping(
        {"min_coverage": 0.5, "incomplete_cj": ["zaf"], "source_types": {"MinSalud": "ph"}}
    )
    assert rules.min_coverage == 0.5
    assert rules.incomplete_cj == frozenset({"ZAF"})
    assert rules.source_types["MINSALUD"] == "PH"
    with pytest.raises(ConfigError, match="unknown key"):
        rules_from_mapping({"min_coverag": 0.5})
    with pytest.raises(ConfigError, match="CJ, PH or OTHER"):
        rules_from_mapping({"source_types": {"X": "police"}})
    with pytest.raises(ConfigError, match="rules"):
        rules_from_mapping({"min_coverage": "most"})
