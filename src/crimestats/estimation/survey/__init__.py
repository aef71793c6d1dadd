"""Design-based survey estimation that reproduces R's ``survey`` package, computed on the engine.

Modules: ``engine`` (Ibis aggregates: one scan totals every variable and domain), ``checks`` (input
errors read off those totals), ``taylor`` (linearised variance), ``replicate`` (replicate weights),
``domains`` (from totals to domain estimates), ``estimators`` (the :func:`estimate` entry point),
``scores`` (variances from one domain's rows), ``quantile`` (R's default quantile rule and Woodruff
interval), ``ciprop`` (intervals for proportions), ``logit`` and ``likelihood`` (R's logistic fit and
profile-likelihood interval, step by step), ``indicators`` (victimization indicators and reliability
flags: :func:`estimate_indicators`).
"""

from crimestats.estimation.survey.estimators import as_table, estimate
from crimestats.estimation.survey.indicators import estimate_indicators

__all__ = ["as_table", "estimate", "estimate_indicators"]
