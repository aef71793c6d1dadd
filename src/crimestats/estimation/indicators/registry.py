"""The indicator registry: plain dicts that built-in indicators register into, as extensions do."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from crimestats.errors import UnknownCodeError
from crimestats.model import Finding
from crimestats.model.indicators import IndicatorSpec, IndicatorValue
from crimestats.model.survey_indicators import SurveyIndicatorConfig
from crimestats.model.trafficking import GlotipRecord

__all__ = ["COMPUTE", "INDICATORS", "ComputeFunction", "IndicatorInputs", "get", "register"]


@dataclass(frozen=True, slots=True)
class IndicatorInputs:
    """Everything an indicator may be computed from; absent inputs are None or empty.

    ``counts``: the project's ``output/counts.parquet``; ``population``: ``area, year, sex, age,
    population``; ``country_population``: ``iso3, year, population`` (optional ``sex``), the
    ``--population`` file; ``dataunodc``: imported files as (name, canonical table); ``glotip``:
    GLOTIP files as (name, records, with ``<5`` kept censored); ``arms``: ``iso3, year, seized,
    traced``; ``survey`` and ``survey_config``: survey microdata (a lazy engine table) and its
    indicator configuration; ``country``: the project's ISO3 code (``[project] country``).
    """

    counts: pa.Table | None = None
    population: pa.Table | None = None
    dataunodc: tuple[tuple[str, pa.Table], ...] = ()
    glotip: tuple[tuple[str, tuple[GlotipRecord, ...]], ...] = ()
    arms: pa.Table | None = None
    survey: Any = None
    survey_config: SurveyIndicatorConfig | None = None
    country_population: pa.Table | None = None
    country: str = ""
    sources: dict[str, str] = field(default_factory=dict)

    def available(self) -> frozenset[str]:
        """Names of the inputs present."""
        present = {
            "counts": self.counts is not None,
            "population": self.population is not None or self.country_population is not None,
            "dataunodc": bool(self.dataunodc),
            "glotip": bool(self.glotip),
            "arms": self.arms is not None,
            "survey": self.survey is not None and self.survey_config is not None,
        }
        return frozenset(k for k, v in present.items() if v)


ComputeFunction = Callable[
    [IndicatorSpec, IndicatorInputs], tuple[list[IndicatorValue], list[Finding]]
]

#: Indicator id (``16.1.1``) → specification.
INDICATORS: dict[str, IndicatorSpec] = {}
#: Indicator id → function computing it; an indicator may be registered without one.
COMPUTE: dict[str, ComputeFunction] = {}


def register(spec: IndicatorSpec, compute: ComputeFunction | None = None) -> IndicatorSpec:
    """Add (or replace) an indicator, with the function computing it if there is one."""
    INDICATORS[spec.id] = spec
    if compute is not None:
        COMPUTE[spec.id] = compute
    else:
        COMPUTE.pop(spec.id, None)
    return spec


def get(indicator_id: str) -> IndicatorSpec:
    """The specification of one indicator; :class:`UnknownCodeError` if it is not registered."""
    try:
        return INDICATORS[indicator_id]
    except KeyError:
        close = difflib.get_close_matches(indicator_id, list(INDICATORS), n=3, cutoff=0.5)
        raise UnknownCodeError(indicator_id, "the indicator registry", close) from None
