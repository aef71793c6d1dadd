"""Estimate a population size by multiple systems estimation: select a model, estimate, interval.

``estimate_population`` is the whole procedure of the command ``crimestats mse estimate``:

1. choose the model: main effects only, SparseMSE's stepwise selection, or the smallest BIC among
   all models that pass the existence check (Chan, Silverman & Vincent 2021; Silverman, Chan &
   Vincent 2024);
2. the dark figure is ``exp(intercept)`` of that model, the population ``observed + dark figure``;
3. the interval: asymptotic (Wald on the log dark figure, conditional on the chosen model), or a
   bootstrap that redoes step 1 on each replicate (for BIC, among the ``ntop`` best models on the
   data), summarised by percentile or BCa limits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

from crimestats.errors import EstimationError
from crimestats.estimation.mse.bootstrap import (
    BCaParameters,
    bca_interval,
    bca_parameters,
    jackknife_tables,
    percentile_interval,
    resample_tables,
)
from crimestats.estimation.mse.design import LogLinearModel, candidate_models
from crimestats.estimation.mse.existence import Outcome
from crimestats.estimation.mse.selection import (
    ModelSpace,
    Selection,
    fit_pairs,
    positive_rows_identify,
    select_bic,
    select_stepwise,
)
from crimestats.model.capture import CaptureTable

__all__ = [
    "ESTIMATE_COLUMNS",
    "IntervalMethod",
    "MSEEstimate",
    "ModelCheckRow",
    "RankedModel",
    "SelectionMethod",
    "check_models",
    "estimate_population",
    "rank_models_by_bic",
]

#: Above this many candidate models the BIC bootstrap asks for ``ntop`` instead of refitting all.
MAX_BOOTSTRAP_MODELS = 1024

#: The CSV columns of ``crimestats mse estimate`` (a contract: keep names and order).
ESTIMATE_COLUMNS = (
    "method",
    "model",
    "estimate",
    "ci_low",
    "ci_high",
    "n_observed",
    "dark_figure",
    "ci_method",
    "level",
)


class SelectionMethod(StrEnum):
    """How the log-linear model is chosen."""

    stepwise = "stepwise"
    bic = "bic"
    main = "main"


class IntervalMethod(StrEnum):
    """How the confidence interval is formed."""

    bca = "bca"
    percentile = "percentile"
    asymptotic = "asymptotic"


@dataclass(frozen=True, slots=True)
class RankedModel:
    """One candidate model fitted to the data, with its BIC."""

    rank: int
    model: str
    bic: float
    dark_figure: float
    estimate: float


@dataclass(frozen=True, slots=True)
class MSEEstimate:
    """A population-size estimate with its interval and how it was made.

    ``estimate`` is the population size (``n_observed + dark_figure``) and so are the interval limits.
    ``bootstrap_failures`` counts replicates for which no candidate model could be fitted (every
    one failed the existence check there); they are left out of the interval. ``replicates`` keeps
    the bootstrap population estimates (NaN for the failures), in draw order.
    """

    method: str
    model: str
    estimate: float
    ci_low: float
    ci_high: float
    n_observed: int
    dark_figure: float
    ci_method: str
    level: float
    lists: tuple[str, ...]
    se_log_dark_figure: float
    bootstrap: int = 0
    bootstrap_failures: int = 0
    seed: int | None = None
    ntop: int | None = None
    threshold: float | None = None
    max_order: int = 2
    bca: BCaParameters | None = None
    bootstrap_models: tuple[tuple[str, int], ...] = ()
    ranking: tuple[RankedModel, ...] = ()
    replicates: tuple[float, ...] = ()

    def as_row(self) -> dict[str, Any]:
        """The row of the command's CSV output."""
        return {c: getattr(self, c) for c in ESTIMATE_COLUMNS}

    def details(self) -> dict[str, Any]:
        """Everything, as plain data for JSON."""
        return {
            **self.as_row(),
            "lists": list(self.lists),
            "se_log_dark_figure": self.se_log_dark_figure,
            "bootstrap": self.bootstrap,
            "bootstrap_failures": self.bootstrap_failures,
            "seed": self.seed,
            "ntop": self.ntop,
            "threshold": self.threshold,
            "max_order": self.max_order,
            "bca_z0": None if self.bca is None else self.bca.z0,
            "bca_acceleration": None if self.bca is None else self.bca.acceleration,
            "bootstrap_models": dict(self.bootstrap_models),
            "ranking": [
                {
                    "rank": r.rank,
                    "model": r.model,
                    "bic": r.bic,
                    "dark_figure": r.dark_figure,
                    "estimate": r.estimate,
                }
                for r in self.ranking
            ],
        }


def rank_models_by_bic(
    space: ModelSpace, counts: NDArray[np.int64], max_order: int = 2
) -> list[tuple[LogLinearModel, float, float]]:
    """Every candidate model that passes the existence check, best BIC first: (model, BIC, dark)."""
    models = candidate_models(space.n_lists, max_order)
    fit = fit_pairs(space, counts[None, :], np.zeros(len(models), dtype=np.intp), models)
    fitted = [
        (model, float(fit.bic[i]), float(fit.dark[i]))
        for i, model in enumerate(models)
        if fit.ok[i]
    ]
    # sorted() is stable: equal BICs keep the candidate order (fewer terms first).
    return sorted(fitted, key=lambda item: item[1])


def _procedure(
    space: ModelSpace,
    method: SelectionMethod,
    models: tuple[LogLinearModel, ...],
    threshold: float,
    max_order: int,
) -> Callable[[NDArray[np.int64]], Selection]:
    if method is SelectionMethod.stepwise:
        return lambda y: select_stepwise(space, y, threshold=threshold)
    return lambda y: select_bic(space, models, y)


def _fail_main(space: ModelSpace, counts: NDArray[np.int64], table: CaptureTable) -> None:
    outcome = space.check(LogLinearModel(), counts > 0).outcome
    if outcome is not Outcome.OK:
        raise EstimationError(
            f"{table.source or 'the table'}: the main-effects model cannot be estimated "
            f"({outcome.meaning}, code {int(outcome)}); the lists overlap too little"
        )


def estimate_population(
    table: CaptureTable,
    *,
    method: SelectionMethod | str = SelectionMethod.stepwise,
    threshold: float = 0.02,
    max_order: int = 2,
    ntop: int | None = None,
    bootstrap: int = 0,
    seed: int | None = None,
    ci: IntervalMethod | str | None = None,
    level: float = 0.95,
) -> MSEEstimate:
    """Estimate the population size behind ``table``; see the module docstring for the steps.

    ``ntop`` (BIC only) limits the bootstrap's model selection to the ``ntop`` best models on the
    data; None means all models that pass the existence check. ``ci`` defaults to ``bca`` with a
    bootstrap and ``asymptotic`` without.
    """
    method = SelectionMethod(method)
    interval = IntervalMethod(ci) if ci is not None else None
    if interval is None:
        interval = IntervalMethod.bca if bootstrap > 0 else IntervalMethod.asymptotic
    if interval is not IntervalMethod.asymptotic and bootstrap < 2:
        raise EstimationError(
            f"a {interval} interval needs a bootstrap: give --bootstrap N (e.g. 1000)"
        )
    if not 0.0 < level < 1.0:
        raise EstimationError(f"level must be between 0 and 1, got {level}")
    if max_order < 2:
        raise EstimationError(f"max order must be at least 2, got {max_order}")
    if ntop is not None and ntop < 1:
        raise EstimationError(f"ntop must be at least 1, got {ntop}")
    k = len(table.lists)
    counts = np.array(table.counts, dtype=np.int64)
    n_obs = int(counts.sum())
    if n_obs == 0:
        raise EstimationError(
            f"{table.source or 'the table'}: nobody was observed (all counts are 0)"
        )
    space = ModelSpace(k, max_order)

    ranking: tuple[RankedModel, ...] = ()
    if method is SelectionMethod.main:
        _fail_main(space, counts, table)
        models: tuple[LogLinearModel, ...] = (LogLinearModel(),)
    elif method is SelectionMethod.bic:
        ranked = rank_models_by_bic(space, counts, max_order)
        if not ranked:
            raise EstimationError(
                f"{table.source or 'the table'}: no candidate model has an estimate that exists and "
                "is identifiable; see `crimestats mse check`"
            )
        ranking = tuple(
            RankedModel(i, m.name(table.lists), b, d, n_obs + d)
            for i, (m, b, d) in enumerate(ranked, start=1)
        )
        models = tuple(m for m, _, _ in ranked[: ntop or len(ranked)])
        if (
            bootstrap
            and interval is not IntervalMethod.asymptotic
            and len(models) > MAX_BOOTSTRAP_MODELS
        ):
            raise EstimationError(
                f"{len(models)} models pass the check: a bootstrap choosing among all of them refits "
                f"each on every replicate. Give --ntop K (for example 10) to choose among the K best "
                "by BIC on the data (Silverman, Chan & Vincent 2024)"
            )
    else:
        _fail_main(space, counts, table)
        models = ()
    run = _procedure(space, method, models, threshold, max_order)
    chosen = run(counts[None, :])
    model = chosen.model_of(0)
    if model is None:  # pragma: no cover - the checks above guarantee a model
        raise EstimationError("no model could be fitted")
    dark = float(chosen.dark[0])
    se = float(chosen.se_log_dark[0])

    bca: BCaParameters | None = None
    values: NDArray[np.float64] | None = None
    failures = 0
    frequencies: tuple[tuple[str, int], ...] = ()
    if interval is IntervalMethod.asymptotic:
        z = float(norm.ppf((1.0 + level) / 2.0))
        low, high = n_obs + dark * np.exp(-z * se), n_obs + dark * np.exp(z * se)
    else:
        replicates = resample_tables(counts, bootstrap, seed)
        boot = run(replicates)
        values = replicates.sum(axis=1) + boot.dark
        failures = int(np.sum(~np.isfinite(values)))
        if bootstrap - failures < 2:
            raise EstimationError(
                "the bootstrap failed: no candidate model could be fitted to the replicates"
            )
        tally = Counter(boot.model_of(i) for i in range(bootstrap))
        frequencies = tuple(
            (m.name(table.lists) if m else "(none)", c) for m, c in tally.most_common()
        )
        if interval is IntervalMethod.percentile:
            low, high = percentile_interval(values, level)
        else:
            tables, weights = jackknife_tables(counts)
            jack = tables.sum(axis=1) + run(tables).dark
            bca = bca_parameters(n_obs + dark, values, jack, weights)
            low, high = bca_interval(values, bca, level)

    return MSEEstimate(
        method=str(method),
        model=model.name(table.lists),
        estimate=n_obs + dark,
        ci_low=float(low),
        ci_high=float(high),
        n_observed=n_obs,
        dark_figure=dark,
        ci_method=str(interval),
        level=level,
        lists=table.lists,
        se_log_dark_figure=se,
        bootstrap=bootstrap if interval is not IntervalMethod.asymptotic else 0,
        bootstrap_failures=failures,
        seed=seed,
        ntop=(ntop or len(models)) if method is SelectionMethod.bic else None,
        threshold=threshold if method is SelectionMethod.stepwise else None,
        max_order=max_order,
        bca=bca,
        bootstrap_models=frequencies,
        ranking=ranking,
        replicates=tuple(float(v) for v in values) if values is not None else (),
    )


@dataclass(frozen=True, slots=True)
class ModelCheckRow:
    """The existence/identifiability outcome of one candidate model on a table."""

    model: str
    parameters: int
    code: int
    status: str

    def as_row(self) -> dict[str, Any]:
        """A flat dict for tables, CSV and JSON."""
        return {
            "model": self.model,
            "parameters": self.parameters,
            "code": self.code,
            "status": self.status,
        }


def check_models(table: CaptureTable, *, max_order: int = 2) -> list[ModelCheckRow]:
    """Chan et al.'s outcome code (0 fine, 1 MLE does not exist, 2 not identifiable) per model."""
    if max_order < 2:
        raise EstimationError(f"max order must be at least 2, got {max_order}")
    k = len(table.lists)
    space = ModelSpace(k, max_order)
    positive = np.array(table.counts) > 0
    models = candidate_models(k, max_order)
    masks = np.array([space.mask(m) for m in models])
    # Most models are settled by a rank test on the positive histories; the LPs run for the rest.
    settled = positive_rows_identify(space, np.tile(positive, (len(models), 1)), masks)
    rows = []
    for model, fine in zip(models, settled, strict=True):
        if fine:
            rows.append(
                ModelCheckRow(model.name(table.lists), model.parameters(k), 0, Outcome.OK.meaning)
            )
            continue
        check = space.check(model, positive)
        status = check.outcome.meaning
        if check.drift:
            status += " (dark figure → ∞)" if check.drift > 0 else " (dark figure → 0)"
        rows.append(
            ModelCheckRow(model.name(table.lists), model.parameters(k), int(check.outcome), status)
        )
    return rows
