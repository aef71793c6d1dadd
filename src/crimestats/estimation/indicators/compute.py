"""Compute registered indicators from whatever inputs are available, reporting what could not be done."""

from __future__ import annotations

from collections.abc import Sequence

from crimestats.estimation.indicators.registry import COMPUTE, INDICATORS, IndicatorInputs, get
from crimestats.model import Finding, Location, Severity
from crimestats.model.indicators import IndicatorSpec, IndicatorValue

__all__ = ["COMPUTE_CHECKS", "can_compute", "compute_indicators"]

COMPUTE_CHECKS: dict[str, tuple[Severity, str]] = {
    "IND-NOT-IMPLEMENTED": (
        Severity.INFO,
        "the indicator is registered without a compute function",
    ),
    "IND-INPUTS-MISSING": (Severity.INFO, "none of the indicator's input sets is available"),
}


def can_compute(spec: IndicatorSpec, available: frozenset[str]) -> bool:
    """True if a compute function exists and one of the spec's input sets is available."""
    return spec.id in COMPUTE and any(set(need) <= available for need in spec.inputs)


def compute_indicators(
    inputs: IndicatorInputs, ids: Sequence[str] = ()
) -> tuple[list[IndicatorValue], list[Finding]]:
    """Values of the indicators asked (all registered ones by default) with findings."""
    specs = [get(i) for i in ids] if ids else [INDICATORS[k] for k in sorted(INDICATORS)]
    available = inputs.available()
    values: list[IndicatorValue] = []
    findings: list[Finding] = []
    for spec in specs:
        if spec.id not in COMPUTE:
            findings.append(_note("IND-NOT-IMPLEMENTED", spec))
            continue
        if not any(set(need) <= available for need in spec.inputs):
            findings.append(_note("IND-INPUTS-MISSING", spec))
            continue
        v, f = COMPUTE[spec.id](spec, inputs)
        values.extend(v)
        findings.extend(f)
    return values, findings


def _note(code: str, spec: IndicatorSpec) -> Finding:
    needs = " or ".join(" + ".join(s) for s in spec.inputs)
    return Finding(
        code,
        COMPUTE_CHECKS[code][0],
        f"{spec.id}: {COMPUTE_CHECKS[code][1]} (needs {needs})",
        Location(source=spec.id),
    )
