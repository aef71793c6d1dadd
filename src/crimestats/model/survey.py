"""Survey designs and survey estimates as plain frozen types (the vocabulary of R's ``survey``).

A :class:`SurveyDesign` names the columns of a microdata table that carry the design: weights, strata,
primary (and secondary) sampling units, finite population corrections, or replicate weights. It holds no
data, so the same design describes a CSV read into DuckDB, a Parquet file or a pandas frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "ESTIMATE_COLUMNS",
    "CIMethod",
    "EstimateRequest",
    "LonelyPSU",
    "ReplicateType",
    "ReplicateWeights",
    "Statistic",
    "SurveyDesign",
    "SurveyEstimate",
]

#: Output columns of ``crimestats survey estimate`` after the domain (``--by``) columns.
ESTIMATE_COLUMNS = (
    "variable",
    "statistic",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "cv",
    "deff",
    "df",
    "n",
)


class LonelyPSU(StrEnum):
    """What to do with a stratum that has a single PSU (R's ``options(survey.lonely.psu=)``)."""

    FAIL = "fail"
    REMOVE = "remove"
    ADJUST = "adjust"
    AVERAGE = "average"
    CERTAINTY = "certainty"


class ReplicateType(StrEnum):
    """Replicate-weight methods, named as R's ``svrepdesign(type=)``."""

    JK1 = "JK1"
    JKN = "JKn"
    BRR = "BRR"
    FAY = "Fay"
    BOOTSTRAP = "bootstrap"


class Statistic(StrEnum):
    """What an estimate request asks for."""

    MEAN = "mean"
    TOTAL = "total"
    PROPORTION = "proportion"
    RATIO = "ratio"
    QUANTILE = "quantile"


class CIMethod(StrEnum):
    """Confidence-interval methods for proportions (R's ``svyciprop`` names where R has them)."""

    WALD = "wald"
    LOGIT = "logit"
    LIKELIHOOD = "likelihood"
    KORN_GRAUBARD = "korn-graubard"
    WILSON = "wilson"
    XLOGIT = "xlogit"
    MEAN = "mean"


@dataclass(frozen=True, slots=True)
class ReplicateWeights:
    """Replicate weight columns (full "combined" weights, as R's default) and how to combine them.

    ``scale`` and ``rscales`` default to R's ``svrepdesign`` choices for ``type``: JK1 (R-1)/R, BRR 1/R,
    Fay 1/(R(1-rho)^2), bootstrap 1/(R-1); JKn needs ``rscales`` (usually (n_h-1)/n_h per replicate).
    ``mse`` centres the replicates on the full-sample estimate instead of their mean.
    """

    columns: tuple[str, ...]
    type: ReplicateType
    rho: float | None = None
    scale: float | None = None
    rscales: tuple[float, ...] | None = None
    mse: bool = False


@dataclass(frozen=True, slots=True)
class SurveyDesign:
    """Columns that describe how a sample was drawn; R's ``svydesign``/``svrepdesign`` arguments.

    ``fpc`` and ``fpc2`` are population sizes (numbers > 1) or sampling fractions (all <= 1) for the
    first and second stage, as R's ``fpc``. The second stage enters the variance only when its FPC is
    given, as in R. ``nest`` makes PSU identifiers local to their stratum.
    """

    weight: str | None = None
    strata: str | None = None
    psu: str | None = None
    ssu: str | None = None
    fpc: str | None = None
    fpc2: str | None = None
    nest: bool = False
    lonely_psu: LonelyPSU = LonelyPSU.FAIL
    replicates: ReplicateWeights | None = None

    def columns(self) -> tuple[str, ...]:
        """Every column the design needs, in a stable order."""
        names = [self.weight, self.strata, self.psu, self.ssu, self.fpc, self.fpc2]
        out = [n for n in names if n]
        if self.replicates is not None:
            out.extend(self.replicates.columns)
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class EstimateRequest:
    """One statistic asked of one variable: ``mean income``, ``ratio crimes:persons``, ``quantile age``."""

    statistic: Statistic
    variable: str
    denominator: str | None = None
    probs: tuple[float, ...] = ()

    @property
    def label(self) -> str:
        """The ``variable`` cell of the output: ``num/den`` for ratios."""
        if self.statistic is Statistic.RATIO:
            return f"{self.variable}/{self.denominator}"
        return self.variable


@dataclass(frozen=True, slots=True)
class SurveyEstimate:
    """One output row: an estimate with its standard error, interval, CV, design effect, df and n.

    ``domain`` holds the ``--by`` values as ``(column, value)`` pairs; empty for the whole population.
    ``cv`` is ``se / estimate`` as R's ``cv()`` (multiply by 100 for percent). Unavailable cells are None.
    """

    domain: tuple[tuple[str, Any], ...]
    variable: str
    statistic: str
    estimate: float
    se: float | None
    ci_low: float | None
    ci_high: float | None
    cv: float | None
    deff: float | None
    df: float | None
    n: int
    extra: Mapping[str, Any] = field(default_factory=dict)

    def as_row(self) -> dict[str, Any]:
        """A flat dict: the domain columns then :data:`ESTIMATE_COLUMNS`."""
        row: dict[str, Any] = dict(self.domain)
        row.update(
            variable=self.variable,
            statistic=self.statistic,
            estimate=self.estimate,
            se=self.se,
            ci_low=self.ci_low,
            ci_high=self.ci_high,
            cv=self.cv,
            deff=self.deff,
            df=self.df,
            n=self.n,
        )
        row.update(self.extra)
        return row
