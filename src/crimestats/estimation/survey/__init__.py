"""Design-based survey estimation that reproduces R's ``survey`` package, computed on the engine.

Modules: ``engine`` (Ibis aggregates), ``taylor`` (linearised variance), ``replicate`` (replicate
weights), ``domains`` (from totals to domain estimates), ``estimators`` (the :func:`estimate` entry
point), ``quantile`` (R's default quantile rule and Woodruff interval), ``ciprop`` (intervals for
proportions), ``indicators`` (victimization indicators and reliability flags).
"""

from crimestats.estimation.survey.estimators import as_table, estimate

__all__ = ["as_table", "estimate"]
