"""The whole homicide estimate: observations from every file, source selection, imputation, aggregates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pyarrow as pa

from crimestats.estimation.homicide.aggregates import HomicideEstimates, estimate_aggregates
from crimestats.estimation.homicide.observations import Observation, homicide_observations
from crimestats.estimation.homicide.population import population_lookup
from crimestats.estimation.homicide.selection import SelectionRules, select_sources
from crimestats.model import Finding
from crimestats.model.areas import AreaTree

__all__ = ["METHODS", "estimate_homicide"]

#: ``--method`` names → selection rules. ``unodc`` is the documented default set.
METHODS: dict[str, SelectionRules] = {"unodc": SelectionRules()}


def estimate_homicide(
    data: Sequence[tuple[str, pa.Table]],
    population: tuple[str, pa.Table],
    years: Sequence[int],
    tree: AreaTree,
    rules: SelectionRules | None = None,
) -> HomicideEstimates:
    """Estimates from dataUNODC-layout tables (name, table) and a population table (name, table)."""
    observations: list[Observation] = []
    findings: list[Finding] = []
    for name, table in data:
        found, problems = homicide_observations(table, tree, source=name)
        observations.extend(found)
        findings.extend(problems)
    pop, problems = population_lookup(population[1], population[0])
    findings.extend(problems)
    selected, problems = select_sources(observations, rules or METHODS["unodc"])
    findings.extend(problems)
    estimates = estimate_aggregates(selected, pop, years, tree)
    return replace(estimates, findings=(*findings, *estimates.findings))
