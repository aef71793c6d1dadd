from __future__ import annotations

import pytest

from crimestats.estimation.trafficking import detected_victim_rates
from crimestats.model.trafficking import CensoredCount, GlotipRecord


def _record(
    dimension: str, category: str, sex: str, age: str, value: CensoredCount
) -> GlotipRecord:
    return GlotipRecord(
        "XYZ",
        "Xland",
        "R",
        "S",
        "Detected trafficking victims",
        dimension,
        category,
        sex,
        age,
        2020,
        value,
    )


def test_rates_per_100k_total_population_with_censoring() -> None:
    records = [
        _record("Total", "Total", "Total", "Total", CensoredCount.exact(250)),
        _record(
            "by form of exploitation",
            "Forced labour",
            "Male",
            "18 years or over",
            CensoredCount.exact(40),
        ),
        _record(
            "by form of exploitation",
            "Sexual exploitation",
            "Male",
            "0 to 17 years",
            CensoredCount(1, 4, "<5"),
        ),
        _record("by citizenship", "Abroad", "Total", "Total", CensoredCount.exact(10)),
    ]
    rates = detected_victim_rates(records, {("XYZ", 2020): 2_000_000})
    assert [r.form for r in rates] == ["Total", "Forced labour", "Sexual exploitation"]
    total, labour, censored = rates
    assert total.rate == pytest.approx(250 / 2_000_000 * 100_000)  # 12.5
    assert labour.rate == pytest.approx(2.0)
    assert censored.rate is None
    assert (censored.rate_low, censored.rate_high) == pytest.approx((0.05, 0.2))


def test_missing_population_leaves_the_rate_empty() -> None:
    rates = detected_victim_rates(
        [_record("Total", "Total", "Total", "Total", CensoredCount.exact(3))], {}
    )
    assert rates[0].rate is None and rates[0].population is None
