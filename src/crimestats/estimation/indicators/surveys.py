"""SDG 16.1.3, 16.1.4, 16.3.1 and 16.5.1 from survey microdata and its indicator configuration.

Each value is the design-based share of :mod:`crimestats.estimation.survey.indicators` in percent, for
the whole population (``_T``) and for each SDG disaggregation the configuration maps (``sex``, ``age``;
survey codes → SDG codes). The coefficient of variation sets the ``flags`` (``cv_caution``,
``cv_suppress``); standard errors and intervals are in ``crimestats survey indicators``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from crimestats.errors import ConfigError
from crimestats.estimation.indicators.registry import IndicatorInputs
from crimestats.estimation.survey.indicators import estimate_indicator, resolve_design
from crimestats.model import Finding, Location, Severity
from crimestats.model.indicators import IndicatorSpec, IndicatorValue
from crimestats.model.survey_indicators import Disaggregation

__all__ = ["SURVEY_CHECKS", "survey_indicator_values"]

SURVEY_CHECKS: dict[str, tuple[Severity, str]] = {
    "IND-SURVEY-NOT-CONFIGURED": (
        Severity.INFO,
        "the survey configuration does not define this indicator",
    ),
}


def _code(dim: Disaggregation, value: Any) -> str:
    """The SDG code of a survey value (``1`` in the data matches ``1`` or ``"1"`` in the YAML)."""
    candidates = [value, str(value)]
    if isinstance(value, float) and value.is_integer():
        candidates += [int(value), str(int(value))]
    for c in candidates:
        if c in dim.codes:
            return dim.codes[c]
    return str(candidates[-1])


def survey_indicator_values(
    spec: IndicatorSpec, inputs: IndicatorInputs
) -> tuple[list[IndicatorValue], list[Finding]]:
    """Values of one SDG survey indicator: total and by each configured disaggregation."""
    config, table = inputs.survey_config, inputs.survey
    assert config is not None and table is not None  # compute_indicators checks the inputs
    source = inputs.sources.get("survey", "survey")
    chosen = [ind for ind in config.indicators if ind.kind.value == spec.id]
    if not chosen:
        code = "IND-SURVEY-NOT-CONFIGURED"
        message = f"{spec.id}: {SURVEY_CHECKS[code][1]}"
        return [], [Finding(code, SURVEY_CHECKS[code][0], message, Location(source=source))]
    if config.year is None:
        raise ConfigError(f"{source}: the survey configuration needs 'year:' for SDG values")
    area = config.area or inputs.country or "_T"
    design = resolve_design(config.design, list(table.columns), source)
    splits: list[tuple[str, Disaggregation | None]] = [("", None)]
    splits += [(n, d) for n, d in config.disaggregations.items() if n in spec.disaggregations]
    values = []
    for ind in chosen:
        percent = replace(ind, units=("PT",))
        for name, dim in splits:
            by = [dim.column] if dim else []
            for r in estimate_indicator(table, design, percent, config, by, source):
                cells = {"sex": "_T", "age": "_T"}
                if dim is not None:
                    cells[name] = _code(dim, dict(r.domain)[dim.column])
                values.append(
                    IndicatorValue(
                        indicator=spec.id,
                        series=ind.series or spec.series[0],
                        area=area,
                        year=config.year,
                        value=r.estimate,
                        unit=spec.unit,
                        sex=cells["sex"],
                        age=cells["age"],
                        sources=f"{source}: {config.survey or 'survey'}, {ind.name} "
                        f"(design-based; {config.reference_period})",
                        flags=f"cv_{r.reliability}" if r.reliability else "",
                    )
                )
    return values, []
