"""Aggregates checked against hand computations: two countries without data, one with a gap of years.

The world of these tests (population constant over 2010-2012):

    country  subregion                  population  victims 2010 / 2011 / 2012
    AUS      Australia and New Zealand  20,000,000  300 / (none) / 340     gap in 2011
    NZL      Australia and New Zealand   5,000,000   50 / 60 / 55
    FJI      Melanesia                   1,000,000  (none) / 20 / (none)   one data year
    VUT      Melanesia                     400,000   12 / 12 / 12
    PNG      Melanesia                  10,000,000  no data at all
    SLB      Melanesia                     500,000  no data at all
"""

from __future__ import annotations

import pytest

from crimestats.classification.m49 import m49
from crimestats.errors import EstimationError
from crimestats.estimation.homicide import (
    AreaEstimate,
    CountryEstimate,
    HomicideEstimates,
    SelectedValue,
    estimate_aggregates,
)

POP = {"AUS": 20e6, "NZL": 5e6, "FJI": 1e6, "VUT": 4e5, "PNG": 1e7, "SLB": 5e5}
DATA = {
    ("AUS", 2010): 300,
    ("AUS", 2012): 340,
    ("NZL", 2010): 50,
    ("NZL", 2011): 60,
    ("NZL", 2012): 55,
    ("FJI", 2011): 20,
    ("VUT", 2010): 12,
    ("VUT", 2011): 12,
    ("VUT", 2012): 12,
}
YEARS = (2010, 2011, 2012)


def _estimates() -> HomicideEstimates:
    values = [
        SelectedValue(iso3, year, float(v), None, "CTS", "CJ", "test")
        for (iso3, year), v in DATA.items()
    ]
    population = {(iso3, y): p for iso3, p in POP.items() for y in YEARS}
    return estimate_aggregates(values, population, YEARS, m49())


def _area(code: str, year: int) -> AreaEstimate:
    return next(a for a in _estimates().areas if a.code == code and a.year == year)


def _country(iso3: str, year: int) -> CountryEstimate:
    return next(c for c in _estimates().countries if c.iso3 == iso3 and c.year == year)


def test_gap_year_is_interpolated_on_the_rate() -> None:
    # 2010: 300 / 20M = 1.5 per 100k; 2012: 340 / 20M = 1.7; 2011 halfway: 1.6 -> 320 victims.
    aus = _country("AUS", 2011)
    assert aus.method == "interpolated"
    assert aus.rate == pytest.approx(1.6)
    assert aus.victims == pytest.approx(320.0)
    assert (aus.lower, aus.upper) == (pytest.approx(1.5), pytest.approx(1.7))


def test_ends_carry_the_nearest_value() -> None:
    # FJI has only 2011: 20 / 1M = 2.0 per 100k, carried to 2010 and 2012.
    for year in (2010, 2012):
        fji = _country("FJI", year)
        assert fji.method == "carried"
        assert fji.rate == pytest.approx(2.0)
        assert fji.victims == pytest.approx(20.0)


def test_countries_without_data_get_the_subregion_rate() -> None:
    # Melanesia's countries with data in 2011: FJI 20 + VUT 12 = 32 victims over 1.4M people.
    # Rate 32 / 1.4M * 100k = 2.285714...; PNG (10M) -> 228.5714; SLB (0.5M) -> 11.42857.
    png, slb = _country("PNG", 2011), _country("SLB", 2011)
    assert png.method == slb.method == "subregion_rate"
    assert png.rate == pytest.approx(32 / 14)
    assert png.victims == pytest.approx(2285.714285714 / 10, rel=1e-9)
    assert slb.victims == pytest.approx(11.428571428, rel=1e-9)
    # Range: lowest and highest donor rate (FJI 2.0, VUT 12/0.4M = 3.0).
    assert (png.lower, png.upper) == (pytest.approx(2.0), pytest.approx(3.0))


def test_melanesia_2011_by_hand() -> None:
    # victims 20 + 12 + 228.571 + 11.429 = 272; population 11.9M; rate 272/11.9M*100k.
    a = _area("54", 2011)
    assert a.name == "Melanesia"
    assert a.victims == pytest.approx(272.0)
    assert a.population == pytest.approx(11.9e6)
    assert a.rate_per_100k == pytest.approx(272 / 119)
    assert a.imputed_share == pytest.approx(10.5 / 11.9)  # PNG and SLB
    # lower: (2.0*1 + 3.0*0.4 + 2.0*10.5) / 11.9; upper: (2.0*1 + 3.0*0.4 + 3.0*10.5) / 11.9
    assert a.lower == pytest.approx(24.2 / 11.9)
    assert a.upper == pytest.approx(34.7 / 11.9)
    assert (a.countries, a.observed) == (4, 2)


def test_melanesia_2010_counts_the_carried_country_as_imputed() -> None:
    a = _area("54", 2010)
    assert a.victims == pytest.approx(272.0)  # FJI carried 20, VUT 12, PNG+SLB 240
    assert a.imputed_share == pytest.approx(11.5 / 11.9)  # FJI, PNG, SLB


def test_australia_new_zealand_2011_by_hand() -> None:
    a = _area("53", 2011)
    assert a.victims == pytest.approx(380.0)  # AUS 320 interpolated + NZL 60
    assert a.rate_per_100k == pytest.approx(1.52)  # 380 / 25M * 100k
    assert a.imputed_share == pytest.approx(0.8)  # AUS 20M of 25M
    assert a.lower == pytest.approx((1.5 * 20 + 1.2 * 5) / 25)
    assert a.upper == pytest.approx((1.7 * 20 + 1.2 * 5) / 25)


def test_oceania_and_world_2011_by_hand() -> None:
    for code in ("9", "WORLD"):
        a = _area(code, 2011)
        assert a.victims == pytest.approx(652.0)  # 380 + 272
        assert a.population == pytest.approx(36.9e6)
        assert a.rate_per_100k == pytest.approx(652 / 369)
        assert a.imputed_share == pytest.approx(30.5 / 36.9)  # AUS 20M + PNG 10M + SLB 0.5M
        assert a.lower == pytest.approx((36 + 24.2) / 36.9)
        assert a.upper == pytest.approx((40 + 34.7) / 36.9)


def test_every_region_subregion_and_world_for_every_year() -> None:
    areas = _estimates().areas
    tree = m49()
    wanted = (
        {"WORLD"} | {a.m49 for a in tree.level("region")} | {a.m49 for a in tree.level("subregion")}
    )
    for year in YEARS:
        have = {a.code for a in areas if a.year == year and a.level != "country"}
        assert have == wanted
    # Regions without any population are present but empty, and reported.
    africa = next(a for a in areas if a.code == "2" and a.year == 2010)
    assert africa.victims is None
    assert africa.countries == 0
    assert "HOM-AREA-EMPTY" in {f.code for f in _estimates().findings}


def test_observed_year_keeps_the_count() -> None:
    aus = _country("AUS", 2012)
    assert aus.method == "observed"
    assert not aus.imputed
    assert aus.victims == 340.0
    assert aus.lower == aus.upper == pytest.approx(1.7)


def test_region_rate_when_the_subregion_has_no_data() -> None:
    # Polynesia (61) has no data: TON borrows Oceania's rate (all Oceania countries with own data).
    values = [SelectedValue("AUS", 2010, 300.0, None, "CTS", "CJ", "")]
    population = {("AUS", 2010): 20e6, ("TON", 2010): 1e5}
    est = estimate_aggregates(values, population, (2010,), m49())
    ton = next(c for c in est.countries if c.iso3 == "TON")
    assert ton.method == "region_rate"
    assert ton.rate == pytest.approx(1.5)


def test_rate_only_values_use_population() -> None:
    values = [SelectedValue("NZL", 2010, None, 2.0, "WHO", "PH", "")]
    est = estimate_aggregates(values, {("NZL", 2010): 5e6}, (2010,), m49())
    assert est.countries[0].victims == pytest.approx(100.0)  # 2.0 per 100k of 5M


def test_no_data_at_all_is_an_estimation_error() -> None:
    with pytest.raises(EstimationError, match="nothing to estimate"):
        estimate_aggregates([], {("NZL", 2010): 5e6}, (2010,), m49())
