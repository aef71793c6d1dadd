"""Victimization-survey indicators as plain frozen types: what to estimate from which answers.

A :class:`SurveyIndicatorConfig` maps one survey's own variables to standard indicators (prevalence,
incidence, dark figure, SDG 16.1.3, 16.1.4, 16.3.1 and 16.5.1). Each indicator is a share, mean or
ratio on its denominator population (:class:`SurveyIndicator`); answers are read through
:class:`Answer` (which codes mean yes, which mean "no answer"). Results are
:class:`IndicatorEstimate` rows carrying the reliability flag of their coefficient of variation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from crimestats.model.survey import SurveyDesign

__all__ = [
    "INDICATOR_COLUMNS",
    "UNIT_MULTIPLIERS",
    "Answer",
    "Disaggregation",
    "IndicatorEstimate",
    "IndicatorKind",
    "Reliability",
    "SurveyIndicator",
    "SurveyIndicatorConfig",
]

#: Output columns of ``crimestats survey indicators`` after the domain (``--by``) columns.
INDICATOR_COLUMNS = (
    "indicator",
    "name",
    "series",
    "crime",
    "unit",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "cv",
    "reliability",
    "df",
    "n",
)

#: Output unit → multiplier of the share or mean (SDG ``UNIT_MEASURE`` names where SDG has one).
UNIT_MULTIPLIERS: dict[str, float] = {"PT": 100.0, "PER_100000_POP": 100_000.0}


class IndicatorKind(StrEnum):
    """The standard indicators a survey config can ask for (the ``indicator:`` key)."""

    PREVALENCE = "prevalence"
    INCIDENCE = "incidence"
    DARK_FIGURE = "dark_figure"
    VIOLENCE = "16.1.3"
    FEELING_SAFE = "16.1.4"
    REPORTING = "16.3.1"
    BRIBERY = "16.5.1"


@dataclass(frozen=True, slots=True)
class Answer:
    """How to read one survey column as yes/no.

    ``yes`` lists the codes that mean yes; when empty, a number above 0 (or ``true``) means yes, so a
    count of incidents reads as "at least one". ``missing`` lists codes that mean no answer (don't
    know, refused): like an empty cell, they take the respondent out of the denominator.
    """

    column: str
    yes: tuple[Any, ...] = ()
    missing: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class SurveyIndicator:
    """One indicator: its kind, label and the answers it reads.

    ``outcome`` is yes for the numerator (victim, feels safe, reported, bribe; several answers mean
    "any of them"); ``condition`` restricts the denominator (victims for 16.3.1, persons in contact
    with an official for 16.5.1). ``incidents``/``reported`` are count columns (incidence and the
    dark figure). ``units`` are keys of :data:`UNIT_MULTIPLIERS`.
    """

    kind: IndicatorKind
    name: str
    units: tuple[str, ...]
    outcome: tuple[Answer, ...] = ()
    condition: tuple[Answer, ...] = ()
    incidents: str | None = None
    reported: str | None = None
    crime: str = ""
    series: str = ""

    def columns(self) -> tuple[str, ...]:
        """The survey columns the indicator reads."""
        names = [a.column for a in (*self.outcome, *self.condition)]
        names += [c for c in (self.incidents, self.reported) if c]
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class Reliability:
    """CV thresholds in percent: above ``caution`` "use with caution", above ``suppress`` "suppress"."""

    caution: float = 16.5
    suppress: float = 33.3

    def flag(self, cv_percent: float | None) -> str:
        """``suppress``, ``caution`` or empty; a value with no CV (no SE) is ``suppress``."""
        if cv_percent is None:
            return "suppress"
        if cv_percent > self.suppress:
            return "suppress"
        if cv_percent > self.caution:
            return "caution"
        return ""


@dataclass(frozen=True, slots=True)
class Disaggregation:
    """A survey column giving an SDG disaggregation (``sex``, ``age``) and its codes → SDG codes."""

    column: str
    codes: Mapping[Any, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SurveyIndicatorConfig:
    """A survey's indicator configuration (the YAML file of ``crimestats survey indicators``)."""

    design: SurveyDesign
    indicators: tuple[SurveyIndicator, ...]
    reliability: Reliability = Reliability()
    ci_method: str = "logit"
    level: float = 0.95
    by: tuple[str, ...] = ()
    survey: str = ""
    area: str = ""
    year: int | None = None
    reference_period: str = "previous 12 months"
    disaggregations: Mapping[str, Disaggregation] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IndicatorEstimate:
    """One indicator value in one domain and unit, with SE, interval, CV (%) and reliability flag."""

    domain: tuple[tuple[str, Any], ...]
    indicator: str
    name: str
    series: str
    crime: str
    unit: str
    estimate: float
    se: float | None
    ci_low: float | None
    ci_high: float | None
    cv: float | None
    reliability: str
    df: float | None
    n: int

    def as_row(self) -> dict[str, Any]:
        """A flat dict: the domain columns then :data:`INDICATOR_COLUMNS`."""
        row: dict[str, Any] = dict(self.domain)
        row.update({c: getattr(self, c) for c in INDICATOR_COLUMNS})
        return row
