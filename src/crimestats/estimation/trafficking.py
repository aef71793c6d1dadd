"""SDG indicator 16.2.2: detected victims of trafficking in persons per 100,000 population.

The numerator is GLOTIP's detected victims by sex, age group and form of exploitation; the
denominator is the country's total population in that year, for every disaggregation, as in the
SDG metadata for 16.2.2 (series VC_HTF_DETVR and its breakdowns). Counts published as ``<5`` stay
censored: the rate is then an interval, never a number made up from 0 or 5.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crimestats.model.trafficking import CensoredCount, GlotipRecord

__all__ = ["VICTIMS_INDICATOR", "VictimRate", "detected_victim_rates"]

VICTIMS_INDICATOR = "Detected trafficking victims"
_DIMENSIONS = {"Total": "Total", "by form of exploitation": None}


@dataclass(frozen=True, slots=True)
class VictimRate:
    """Detected victims per ``per`` population for one country, year, sex, age group and form.

    ``rate_low``/``rate_high`` bound the rate when the count is censored; ``rate`` is the rate
    when the count is exact (else None). ``population`` is None when it was not given, and then
    so are the rates.
    """

    country: str
    year: int
    sex: str
    age: str
    form: str
    victims: CensoredCount
    population: float | None
    rate_low: float | None
    rate_high: float | None
    per: float = 100_000.0

    @property
    def rate(self) -> float | None:
        """The rate, when the count is exact and the population known."""
        return self.rate_low if self.victims.is_exact else None


def detected_victim_rates(
    records: Iterable[GlotipRecord],
    population: Mapping[tuple[str, int], float],
    *,
    per: float = 100_000.0,
) -> list[VictimRate]:
    """SDG 16.2.2 rows from GLOTIP records and total population by ``(ISO3, year)``.

    Uses the rows of indicator ``Detected trafficking victims`` with dimension ``Total`` (form
    ``Total``) or ``by form of exploitation`` (form = the category). A missing or non-positive
    population leaves the rates None.
    """
    out = []
    for r in records:
        if r.indicator != VICTIMS_INDICATOR or r.dimension not in _DIMENSIONS:
            continue
        form = _DIMENSIONS[r.dimension] or r.category
        pop = population.get((r.iso3, r.year))
        good = pop is not None and pop > 0
        low = r.value.lower / pop * per if good and pop else None
        high = r.value.upper / pop * per if good and pop else None
        out.append(
            VictimRate(
                r.iso3 or r.country, r.year, r.sex, r.age, form, r.value, pop, low, high, per
            )
        )
    return out
