"""Multiple systems estimation (MSE) of hidden populations from overlapping lists.

Poisson log-linear models of capture histories with the existence and identifiability checks,
stepwise and BIC model selection and bootstrap intervals of Chan, Silverman & Vincent (2021) and
Silverman, Chan & Vincent (2024); see ``docs/mse.md``.
"""

from crimestats.estimation.mse.design import LogLinearModel, candidate_models
from crimestats.estimation.mse.estimate import (
    ESTIMATE_COLUMNS,
    IntervalMethod,
    ModelCheckRow,
    MSEEstimate,
    RankedModel,
    SelectionMethod,
    check_models,
    estimate_population,
)
from crimestats.estimation.mse.existence import ModelCheck, Outcome
from crimestats.estimation.mse.histories import LinkageReport, build_capture_table

__all__ = [
    "ESTIMATE_COLUMNS",
    "IntervalMethod",
    "LinkageReport",
    "LogLinearModel",
    "MSEEstimate",
    "ModelCheck",
    "ModelCheckRow",
    "Outcome",
    "RankedModel",
    "SelectionMethod",
    "build_capture_table",
    "candidate_models",
    "check_models",
    "estimate_population",
]
