"""Country, subregion, region and world homicide estimates with imputation and an uncertainty range.

Step by step (``docs/homicide.md`` works an example by hand):

1. A country's *anchor years* are the years with a selected value and a population: its rate is
   victims / population × 100,000 (or the published rate when the source gives only a rate).
2. A requested year that is an anchor is *observed*. A year between two anchors gets the rate
   interpolated linearly between the nearest anchor before and after (*interpolated*); a year before the
   first or after the last anchor gets the nearest anchor's rate (*carried*). Victims = rate × population.
3. A country without any anchor gets its M49 subregion's rate for that year (Σ victims / Σ population of
   the subregion's countries from steps 1–2); if no country of the subregion has data, its region's rate;
   then the world's (*subregion_rate*, *region_rate*, *world_rate*).
4. An area's victims and population are the sums over its countries that have a population for the year;
   its rate is their ratio; ``imputed_share`` is the population share of countries not observed that year.
5. Range: an observed rate is its own bound. An interpolated rate lies between its two anchor rates; a
   carried rate between the lowest and highest anchor rate of the country; a borrowed rate between the
   lowest and highest country rate of the area it was borrowed from. ``lower``/``upper`` of an area are the
   population-weighted means of its countries' lower and upper rates (per 100,000).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crimestats.errors import EstimationError
from crimestats.estimation.homicide.selection import SelectedValue
from crimestats.model import Finding, Location, Severity
from crimestats.model.areas import Area, AreaTree

__all__ = [
    "AGGREGATE_CHECKS",
    "AreaEstimate",
    "CountryEstimate",
    "HomicideEstimates",
    "estimate_aggregates",
]

PER = 100_000.0

AGGREGATE_CHECKS: dict[str, tuple[Severity, str]] = {
    "HOM-POPULATION-MISSING": (
        Severity.WARNING,
        "a country has no population for a year asked; it is left out of that year's aggregates",
    ),
    "HOM-ANCHOR-NO-POPULATION": (
        Severity.WARNING,
        "a data year without population and without a published rate cannot anchor the series",
    ),
    "HOM-AREA-EMPTY": (
        Severity.WARNING,
        "no country of the area has a population for the year; the area has no estimate",
    ),
}

_LEVELS = ("world", "region", "subregion", "country")


@dataclass(frozen=True, slots=True)
class CountryEstimate:
    """One country-year: the value used, how it was obtained and where it came from."""

    iso3: str
    year: int
    population: float
    victims: float
    rate: float
    lower: float
    upper: float
    method: str
    source: str = ""
    source_type: str = ""
    reason: str = ""
    flags: tuple[str, ...] = ()

    @property
    def imputed(self) -> bool:
        """True unless the value was observed for this year."""
        return self.method != "observed"


@dataclass(frozen=True, slots=True)
class AreaEstimate:
    """One area-year aggregate (a country is an area of one); rates per 100,000."""

    code: str
    name: str
    level: str
    year: int
    victims: float | None
    population: float | None
    rate_per_100k: float | None
    imputed_share: float | None
    lower: float | None
    upper: float | None
    countries: int
    observed: int


@dataclass(frozen=True, slots=True)
class HomicideEstimates:
    """Everything ``homicide estimate`` computes: country values with provenance, areas, findings."""

    countries: tuple[CountryEstimate, ...]
    areas: tuple[AreaEstimate, ...]
    findings: tuple[Finding, ...]


def _anchors(
    values: Iterable[SelectedValue],
    population: Mapping[tuple[str, int], float],
    found: dict[str, list[Mapping[str, Any]]],
) -> dict[str, dict[int, tuple[float, SelectedValue]]]:
    out: dict[str, dict[int, tuple[float, SelectedValue]]] = defaultdict(dict)
    for v in values:
        pop = population.get((v.iso3, v.year))
        if v.victims is not None and pop:
            out[v.iso3][v.year] = (v.victims / pop * PER, v)
        elif v.rate is not None:
            out[v.iso3][v.year] = (v.rate, v)
        else:
            found["HOM-ANCHOR-NO-POPULATION"].append({"iso3": v.iso3, "year": v.year})
    return out


def _own(
    iso3: str, year: int, pop: float, anchors: Mapping[int, tuple[float, SelectedValue]]
) -> CountryEstimate | None:
    if not anchors:
        return None
    years = sorted(anchors)
    if year in anchors:
        rate, v = anchors[year]
        victims = v.victims if v.victims is not None else rate * pop / PER
        how = (
            v.reason
            if v.victims is not None
            else f"{v.reason}; victims = published rate x population"
        )
        return CountryEstimate(
            iso3, year, pop, victims, victims / pop * PER, victims / pop * PER, victims / pop * PER,
            "observed", v.source, v.source_type, how, v.flags,
        )  # fmt: skip
    i = bisect.bisect_left(years, year)
    if 0 < i < len(years):
        a, b = years[i - 1], years[i]
        ra, rb = anchors[a][0], anchors[b][0]
        rate = ra + (rb - ra) * (year - a) / (b - a)
        low, high = min(ra, rb), max(ra, rb)
        method, reason = "interpolated", f"linear between {a} and {b}"
        sources = {anchors[a][1].source, anchors[b][1].source}
    else:
        end = years[0] if i == 0 else years[-1]
        rate = anchors[end][0]
        rates = [r for r, _ in anchors.values()]
        low, high = min(rates), max(rates)
        method, reason = "carried", f"nearest data year {end}"
        sources = {anchors[end][1].source}
    return CountryEstimate(
        iso3, year, pop, rate * pop / PER, rate, low, high, method,
        "/".join(sorted(sources)), "", reason,
    )  # fmt: skip


def _borrowed(
    area: Area, iso3: str, year: int, pop: float, own: Sequence[CountryEstimate], method: str
) -> CountryEstimate | None:
    if not own:
        return None
    victims = sum(c.victims for c in own)
    population = sum(c.population for c in own)
    rate = victims / population * PER
    low, high = min(c.rate for c in own), max(c.rate for c in own)
    reason = f"rate of {area.name} ({area.code}) from {len(own)} country(ies) with data"
    return CountryEstimate(
        iso3, year, pop, rate * pop / PER, rate, low, high, method, "", "", reason
    )


def estimate_aggregates(
    values: Iterable[SelectedValue],
    population: Mapping[tuple[str, int], float],
    years: Sequence[int],
    tree: AreaTree,
) -> HomicideEstimates:
    """Estimates for every country, subregion, region and the world in each year asked."""
    found: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    anchors = _anchors(values, population, found)
    if not any(anchors.values()):
        raise EstimationError(
            "no country has a homicide count with a population or a published rate: nothing to estimate"
        )
    listed = {iso3 for iso3, _ in population}
    countries: list[CountryEstimate] = []
    for year in years:
        own: dict[str, CountryEstimate] = {}
        missing: list[Area] = []
        for country in tree.countries():
            pop = population.get((country.iso3, year))
            if not pop:
                if country.iso3 in anchors or country.iso3 in listed:
                    found["HOM-POPULATION-MISSING"].append({"iso3": country.iso3, "year": year})
                continue
            estimate = _own(country.iso3, year, pop, anchors.get(country.iso3, {}))
            if estimate is None:
                missing.append(country)
            else:
                own[country.iso3] = estimate
        countries.extend(own.values())
        for country in missing:
            pop = population[(country.iso3, year)]
            for level, method in (
                ("subregion", "subregion_rate"), ("region", "region_rate"), ("world", "world_rate")
            ):  # fmt: skip
                code = {"subregion": country.subregion, "region": country.region}.get(level, "1")
                area = tree.get(code)
                donors = [own[m.iso3] for m in tree.members(area) if m.iso3 in own]
                borrowed = _borrowed(area, country.iso3, year, pop, donors, method)
                if borrowed is not None:
                    countries.append(borrowed)
                    break
    areas = _areas(countries, years, tree, found)
    findings = tuple(
        Finding(
            code=code,
            severity=AGGREGATE_CHECKS[code][0],
            message=f"{len(rows)} case(s): {AGGREGATE_CHECKS[code][1]}",
            location=Location(source="homicide estimates"),
            count=len(rows),
            sample=tuple(rows[:5]),
        )
        for code, rows in found.items()
        if rows
    )
    ordered = tuple(sorted(countries, key=lambda c: (c.iso3, c.year)))
    return HomicideEstimates(ordered, areas, findings)


def _areas(
    countries: Sequence[CountryEstimate],
    years: Sequence[int],
    tree: AreaTree,
    found: dict[str, list[Mapping[str, Any]]],
) -> tuple[AreaEstimate, ...]:
    by_key = {(c.iso3, c.year): c for c in countries}
    groups = [tree.get("1"), *tree.level("region"), *tree.level("subregion")]
    out: list[AreaEstimate] = []
    for area in groups:
        members = tree.members(area)
        for year in years:
            rows = [by_key[(m.iso3, year)] for m in members if (m.iso3, year) in by_key]
            if not rows:
                found["HOM-AREA-EMPTY"].append({"area": area.code, "year": year})
            out.append(_aggregate(area, year, rows))
    for c in countries:
        country = tree.country(c.iso3)
        if country is not None:
            out.append(_aggregate(country, c.year, [c]))
    rank = {level: i for i, level in enumerate(_LEVELS)}
    m49 = {a.code: int(a.m49) for a in tree.areas}
    return tuple(sorted(out, key=lambda a: (rank[a.level], m49.get(a.code, 0), a.year)))


def _aggregate(area: Area, year: int, rows: Sequence[CountryEstimate]) -> AreaEstimate:
    if not rows:
        return AreaEstimate(
            area.code, area.name, area.level, year, None, None, None, None, None, None, 0, 0
        )
    victims = sum(c.victims for c in rows)
    population = sum(c.population for c in rows)
    imputed = sum(c.population for c in rows if c.imputed)
    lower = sum(c.lower * c.population for c in rows) / population
    upper = sum(c.upper * c.population for c in rows) / population
    observed = sum(1 for c in rows if not c.imputed)
    return AreaEstimate(
        area.code, area.name, area.level, year, victims, population, victims / population * PER,
        imputed / population, lower, upper, len(rows), observed,
    )  # fmt: skip
