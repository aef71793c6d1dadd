"""Indicator specifications (SDG 16 and others) and the values computed for them, as frozen data."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IndicatorSpec", "IndicatorValue"]


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """What an indicator is: its SDG series, definition, numerator and denominator, and its inputs.

    ``inputs`` lists alternatives: each tuple is one set of inputs that is enough to compute the
    indicator (``(("counts", "population"), ("dataunodc",))``: project results, or a dataUNODC file).
    ``multiplier`` turns numerator / denominator into the unit (100,000 for rates, 100 for percentages).
    """

    id: str
    name: str
    series: tuple[str, ...]
    definition: str
    numerator: str
    denominator: str
    unit: str
    multiplier: float
    disaggregations: tuple[str, ...] = ()
    inputs: tuple[tuple[str, ...], ...] = ()
    custodian: str = "UNODC"


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One published value with its provenance: the sources used and whether it was imputed."""

    indicator: str
    series: str
    area: str
    year: int
    value: float | None
    unit: str
    numerator: float | None = None
    denominator: float | None = None
    sex: str = "_T"
    age: str = "_T"
    breakdown: str = "_T"
    sources: str = ""
    imputed: bool = False
    flags: str = ""
