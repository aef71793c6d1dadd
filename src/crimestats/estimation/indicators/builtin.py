"""Register the built-in indicators with the functions that compute them.

16.1.1 and 16.3.2 come from the project's counts or dataUNODC files, 16.4.2 from an arms table, 16.2.2
from GLOTIP files (``crimestats.estimation.trafficking``) and the survey indicators 16.1.3, 16.1.4,
16.3.1 and 16.5.1 from survey microdata with its indicator configuration
(``crimestats.estimation.survey.indicators``).
"""

from __future__ import annotations

from crimestats.estimation.indicators.arms import traced_share
from crimestats.estimation.indicators.detected_victims import detected_victims_rate
from crimestats.estimation.indicators.published import (
    homicide_rate_from_dataunodc,
    unsentenced_share_from_dataunodc,
)
from crimestats.estimation.indicators.records import (
    homicide_rate_from_counts,
    unsentenced_share_from_counts,
)
from crimestats.estimation.indicators.registry import ComputeFunction, IndicatorInputs, register
from crimestats.estimation.indicators.specs import BUILTIN_SPECS
from crimestats.estimation.indicators.surveys import survey_indicator_values
from crimestats.model import Finding
from crimestats.model.indicators import IndicatorSpec, IndicatorValue

__all__ = ["BUILTIN_COMPUTE", "register_builtins"]

Result = tuple[list[IndicatorValue], list[Finding]]


def _homicide_rate(spec: IndicatorSpec, inputs: IndicatorInputs) -> Result:
    values: list[IndicatorValue] = []
    findings: list[Finding] = []
    if inputs.counts is not None:
        source = inputs.sources.get("counts", "counts")
        v, f = homicide_rate_from_counts(
            spec, inputs.counts, inputs.population, inputs.country or "_T", source
        )
        values += v
        findings += f
    if inputs.dataunodc:
        v, f = homicide_rate_from_dataunodc(spec, inputs.dataunodc)
        values += v
        findings += f
    return values, findings


def _unsentenced(spec: IndicatorSpec, inputs: IndicatorInputs) -> Result:
    values: list[IndicatorValue] = []
    findings: list[Finding] = []
    if inputs.counts is not None:
        source = inputs.sources.get("counts", "counts")
        v, f = unsentenced_share_from_counts(spec, inputs.counts, inputs.country or "_T", source)
        values += v
        findings += f
    if inputs.dataunodc:
        v, f = unsentenced_share_from_dataunodc(spec, inputs.dataunodc)
        values += v
        findings += f
    return values, findings


def _arms(spec: IndicatorSpec, inputs: IndicatorInputs) -> Result:
    assert inputs.arms is not None  # compute_indicators only calls with the inputs the spec needs
    return traced_share(spec, inputs.arms, inputs.sources.get("arms", "arms"))


BUILTIN_COMPUTE: dict[str, ComputeFunction] = {
    "16.1.1": _homicide_rate,
    "16.3.2": _unsentenced,
    "16.4.2": _arms,
    "16.2.2": detected_victims_rate,
    "16.1.3": survey_indicator_values,
    "16.1.4": survey_indicator_values,
    "16.3.1": survey_indicator_values,
    "16.5.1": survey_indicator_values,
}


def register_builtins() -> None:
    """Put every built-in indicator in the registry (idempotent)."""
    for spec in BUILTIN_SPECS:
        register(spec, BUILTIN_COMPUTE.get(spec.id))
