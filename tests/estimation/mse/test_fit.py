"""The batched IRLS against R's glm (recorded in tests/oracle/mse) and statsmodels."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pytest

from crimestats.estimation.mse.design import LogLinearModel, candidate_models, design_matrix
from crimestats.estimation.mse.estimate import rank_models_by_bic
from crimestats.estimation.mse.fit import fit_poisson
from crimestats.estimation.mse.selection import ModelSpace, fit_pairs
from crimestats.model.capture import CaptureTable

ORACLE = Path(__file__).parents[2] / "oracle" / "mse" / "glm_fits.csv"


def _oracle(table: str) -> dict[str, dict[str, float]]:
    with ORACLE.open(newline="") as fh:
        return {
            r["model_crimestats"]: {k: float(v) for k, v in r.items() if k in _NUMBERS}
            for r in csv.DictReader(fh)
            if r["table"] == table
        }


_NUMBERS = {"intercept", "se_intercept", "loglik", "bic", "estimate"}


@pytest.mark.parametrize("name", ["Korea", "Artificial_3"])
def test_fits_match_r_glm(name: str, korea: CaptureTable, artificial3: CaptureTable) -> None:
    table = korea if name == "Korea" else artificial3
    expected = _oracle(name)
    space = ModelSpace(3)
    counts = np.array(table.counts)[None, :]
    models = [m for m in candidate_models(3) if m.name(table.lists) in expected]
    assert len(models) == len(expected)
    fit = fit_pairs(space, counts, [0] * len(models), models)
    for i, model in enumerate(models):
        want = expected[model.name(table.lists)]
        assert fit.ok[i]
        # R ran to epsilon 1e-12; both converge to the same MLE well within 1e-7.
        assert np.log(fit.dark[i]) == pytest.approx(want["intercept"], rel=1e-7, abs=1e-7)
        assert fit.se_log_dark[i] == pytest.approx(want["se_intercept"], rel=1e-6)
        assert fit.loglik[i] == pytest.approx(want["loglik"], rel=1e-8)
        assert fit.bic[i] == pytest.approx(want["bic"], rel=1e-8)


def test_batched_fits_equal_statsmodels_one_by_one() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    x = design_matrix(LogLinearModel(((0, 1), (2, 3))), 4)
    mu = np.exp(x @ np.array([3.0, -1.0, -0.5, -1.2, -0.8, 0.7, 0.4]))
    y = rng.poisson(mu, size=(25, mu.size)) + 1
    fits = fit_poisson(x, y)
    assert fits.converged.all()
    for b in (0, 7, 24):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = sm.GLM(y[b], x, family=sm.families.Poisson()).fit(tol=1e-12)
        np.testing.assert_allclose(fits.coef[b], ref.params, rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(np.sqrt(fits.variance[b]), ref.bse, rtol=1e-6)
        assert fits.loglik[b] == pytest.approx(ref.llf, rel=1e-10)


def test_korea_bic_ranking(korea: CaptureTable) -> None:
    ranked = rank_models_by_bic(ModelSpace(3), np.array(korea.counts))
    names = [m.name(korea.lists) for m, _, _ in ranked]
    assert names[:2] == ["main + b:c + c:d", "main + b:c"]
    assert len(names) == 6
    bics = [b for _, b, _ in ranked]
    assert bics == sorted(bics)
