"""Design variances from one domain's respondent rows, for statistics that need the rows themselves.

Quantiles (Woodruff intervals) and likelihood intervals are not smooth functions of a few totals, so
they fetch the few columns they use (value, weight, stratum, PSU, domain, replicate weights) and ask
for design means, totals and their variances of arbitrary row scores here, with the same Taylor and
replicate machinery as the aggregated path.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import numpy as np
import numpy.typing as npt
import pandas as pd

from crimestats.estimation.survey.domains import CellSpec, build_stages, taylor_domains
from crimestats.estimation.survey.engine import SSU, STRATUM, UNIT, WEIGHT, fetch_rows, keyed
from crimestats.estimation.survey.replicate import (
    replicate_rank,
    replicate_scales,
    replicate_variance,
)
from crimestats.model.survey import SurveyDesign

__all__ = ["DomainRows", "fetch_domain_rows"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class DomainRows:
    """The rows of one domain: ``_y`` (the value), ``_w``, design keys and ``_r{i}`` replicate weights.

    ``units`` is the whole design's stratum × PSU table (Taylor designs), so PSUs without domain
    members still count, as in R's ``svyby``.
    """

    frame: pd.DataFrame
    design: SurveyDesign
    units: pd.DataFrame | None

    @property
    def weights(self) -> FloatArray:
        """The sampling weights."""
        return self.frame["_w"].to_numpy(dtype=np.float64)

    @property
    def values(self) -> FloatArray:
        """The variable's values."""
        return self.frame["_y"].to_numpy(dtype=np.float64)

    def _replicate_weights(self) -> FloatArray:
        assert self.design.replicates is not None
        n_rep = len(self.design.replicates.columns)
        return self.frame[[f"_r{i}" for i in range(n_rep)]].to_numpy(dtype=np.float64)

    def _keys(self) -> list[str]:
        keys = [k for k in (STRATUM, UNIT, SSU) if k in self.frame.columns]
        if SSU in keys and not (self.design.fpc2 and self.design.ssu):
            keys.remove(SSU)
        return keys

    def df(self) -> float:
        """R's ``degf`` of the domain: PSUs minus strata with non-zero weight, or the replicate rank."""
        w = self.weights
        if self.design.replicates is not None:
            rw = self._replicate_weights()
            factors = np.where(w[:, None] > 0, rw / np.where(w[:, None] > 0, w[:, None], 1.0), rw)
            return float(replicate_rank(np.unique(factors, axis=0)) - 1)
        pos = self.frame[w != 0]
        strata = pos[STRATUM].nunique()
        if self.design.psu is None:
            return float(len(pos) - strata)
        return float(len(pos[[STRATUM, UNIT]].drop_duplicates()) - strata)

    def mean_and_se(self, y: FloatArray) -> tuple[float, float]:
        """The design mean of ``y`` over these rows and its standard error."""
        w = self.weights
        full = float(np.sum(w * y) / np.sum(w))
        if self.design.replicates is not None:
            rw = self._replicate_weights()
            with np.errstate(divide="ignore", invalid="ignore"):
                thetas = (rw * y[:, None]).sum(axis=0) / rw.sum(axis=0)
            return full, math.sqrt(self._replicate_var(thetas, full))
        r = self._taylor(y, "mean")
        return float(r.estimate[0, 0]), math.sqrt(float(r.variance[0, 0]))

    def total_variance(self, u: FloatArray) -> float:
        """The design variance of the weighted total of ``u`` over these rows."""
        if self.design.replicates is not None:
            rw = self._replicate_weights()
            thetas = (rw * u[:, None]).sum(axis=0)
            return self._replicate_var(thetas, float(np.sum(self.weights * u)))
        return float(self._taylor(u, "total").variance[0, 0])

    def _replicate_var(self, thetas: FloatArray, full: float) -> float:
        rep = self.design.replicates
        assert rep is not None
        scale, rscales = replicate_scales(rep)
        v = replicate_variance(thetas[:, None], np.array([full]), scale, rscales, rep.mse)
        return float(v[0])

    def _taylor(self, y: FloatArray, kind: str) -> Any:
        assert self.units is not None
        w = self.weights
        keys = self._keys()
        g = pd.DataFrame({k: self.frame[k].to_numpy() for k in keys})
        g["q_wy"] = w * y
        g["q_wx"] = w
        g["q_n"] = 1
        g["q_np"] = (w != 0).astype(np.int64)
        g["_all_n"] = 1
        g["_all_np"] = (w != 0).astype(np.int64)
        if self.design.psu is None:
            g["q_qyy"] = w * w * y * y
            g["q_qxy"] = w * w * y
            g["q_qxx"] = w * w
        grouped = g.groupby(keys, sort=False).sum().reset_index()
        stages = build_stages(self.units, self.design)
        return taylor_domains(
            grouped, self.units, self.design, [CellSpec("q", kind)], (), deff=False, stages=stages
        )


def fetch_domain_rows(
    table: Any,
    design: SurveyDesign,
    by: Sequence[str],
    value: Any,
    valid: Any | None,
    units: pd.DataFrame | None,
) -> list[tuple[tuple[Any, ...], DomainRows]]:
    """Every domain's rows of ``value`` (rows where ``valid``), sorted by domain, in one fetch."""
    t = keyed(table, design)
    if valid is not None:
        t = t.filter(valid)
    if by:
        t = t.filter(ibis.and_(*[t[b].notnull() for b in by]))
    cols: dict[str, Any] = {"_y": value, "_w": t[WEIGHT]}
    for key in (STRATUM, UNIT, SSU):
        if key in t.columns:
            cols[key] = t[key]
    cols.update({b: t[b] for b in by})
    if design.replicates:
        cols.update(
            {f"_r{i}": t[n].cast("float64") for i, n in enumerate(design.replicates.columns)}
        )
    rows = fetch_rows(t, cols)
    if not by:
        return [((), DomainRows(rows, design, units))]
    out = []
    groups: Any = rows.groupby(list(by), sort=True, dropna=True)
    for key, frame in groups:
        dom: tuple[Any, ...] = key if isinstance(key, tuple) else (key,)
        out.append((dom, DomainRows(frame.reset_index(drop=True), design, units)))
    return out
