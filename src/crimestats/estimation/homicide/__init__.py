"""Homicide from several sources: source selection, imputation, and regional and global aggregates."""

from crimestats.estimation.homicide.aggregates import (
    AGGREGATE_CHECKS,
    AreaEstimate,
    CountryEstimate,
    HomicideEstimates,
    estimate_aggregates,
)
from crimestats.estimation.homicide.estimate import METHODS, estimate_homicide
from crimestats.estimation.homicide.observations import (
    CHECKS,
    Observation,
    homicide_observations,
)
from crimestats.estimation.homicide.population import POPULATION_CHECKS, population_lookup
from crimestats.estimation.homicide.selection import (
    DEFAULT_SOURCE_TYPES,
    SELECTION_CHECKS,
    SelectedValue,
    SelectionRules,
    rules_from_mapping,
    select_sources,
    source_type,
)

__all__ = [
    "AGGREGATE_CHECKS",
    "CHECKS",
    "DEFAULT_SOURCE_TYPES",
    "METHODS",
    "POPULATION_CHECKS",
    "SELECTION_CHECKS",
    "AreaEstimate",
    "CountryEstimate",
    "HomicideEstimates",
    "Observation",
    "SelectedValue",
    "SelectionRules",
    "estimate_aggregates",
    "estimate_homicide",
    "homicide_observations",
    "population_lookup",
    "rules_from_mapping",
    "select_sources",
    "source_type",
]
