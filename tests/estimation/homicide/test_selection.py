"""Source selection rules: CJ preferred, coverage, one series per country, discrepancy flags."""

from __future__ import annotations

from crimestats.estimation.homicide import (
    Observation,
    SelectedValue,
    SelectionRules,
    select_sources,
    source_type,
)


def obs(iso3: str, year: int, source: str, victims: float) -> Observation:
    return Observation(iso3, year, source, victims)


def by_year(values: list[SelectedValue]) -> dict[int, SelectedValue]:
    return {v.year: v for v in values}


def test_source_types() -> None:
    rules = SelectionRules()
    assert source_type("CTS", rules) == "CJ"
    assert source_type("WHO", rules) == "PH"
    assert source_type("CTS/DATASUS", rules) == "PH"  # health data reported through the CTS
    assert source_type("Computed/CTS", rules) == "CJ"
    assert source_type("Somewhere", rules) == "OTHER"


def test_cj_preferred_when_complete() -> None:
    data = [obs("MEX", y, "CTS", 100 + y - 2010) for y in (2010, 2011, 2012)]
    data += [obs("MEX", y, "WHO", 105 + y - 2010) for y in (2010, 2011, 2012)]
    chosen, _ = select_sources(data)
    assert {v.source for v in chosen} == {"CTS"}
    assert [v.victims for v in chosen] == [100.0, 101.0, 102.0]
    assert all(v.reason.startswith("CJ preferred") for v in chosen)


def test_ph_used_when_cj_coverage_is_short() -> None:
    # CJ 2 years against PH 5: 2 < 0.8 x 5, so the PH series is primary.
    data = [obs("COL", y, "CTS", 50) for y in (2014, 2015)]
    data += [obs("COL", y, "WHO", 60) for y in range(2011, 2016)]
    chosen, _ = select_sources(data)
    assert {v.source for v in chosen} == {"WHO"}
    assert "CJ series covers 2 year(s)" in chosen[0].reason


def test_cj_declared_incomplete() -> None:
    data = [obs("ZAF", 2015, "CTS", 50), obs("ZAF", 2015, "WHO", 51)]
    chosen, _ = select_sources(data, SelectionRules(incomplete_cj=frozenset({"ZAF"})))
    assert chosen[0].source == "WHO"
    assert "declared incomplete" in chosen[0].reason


def test_gaps_filled_from_the_other_source_and_reported() -> None:
    data = [obs("PER", y, "CTS", 10) for y in (2010, 2011, 2013)]
    data += [obs("PER", y, "WHO", 11) for y in (2010, 2011, 2012, 2013)]
    chosen, findings = select_sources(data, SelectionRules(min_coverage=0.5))
    year = by_year(chosen)
    assert year[2012].source == "WHO"
    assert year[2012].victims == 11.0
    assert "CTS has no value for 2012" in year[2012].reason
    assert year[2013].source == "CTS"
    assert "HOM-SOURCE-MIXED" in {f.code for f in findings}
    strict, _ = select_sources(data, SelectionRules(min_coverage=0.5, fill_gaps=False))
    assert 2012 not in by_year(strict)  # left to interpolation


def test_the_longer_series_of_one_type_wins() -> None:
    data = [obs("ARG", y, "NSO", 10) for y in (2010, 2011, 2012)] + [obs("ARG", 2012, "CTS", 9)]
    chosen, _ = select_sources(data)
    assert {v.source for v in chosen} == {"NSO"}


def test_discrepancy_beyond_threshold_is_flagged() -> None:
    # |100 - 140| / 140 = 0.2857 > 0.25: flagged; |100 - 120| / 120 = 0.1667: not flagged.
    data = [obs("BRA", 2015, "CTS", 100), obs("BRA", 2015, "WHO", 140)]
    data += [obs("BRA", 2016, "CTS", 100), obs("BRA", 2016, "WHO", 120)]
    chosen, findings = select_sources(data)
    year = by_year(chosen)
    assert year[2015].flags == ("cj_ph_discrepancy",)
    assert year[2016].flags == ()
    finding = next(f for f in findings if f.code == "HOM-CJ-PH-DISCREPANCY")
    assert finding.count == 1
    assert finding.sample[0] == {"iso3": "BRA", "year": 2015, "cj": 100.0, "ph": 140.0}
