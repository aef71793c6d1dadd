"""Point estimates: the published Korea estimate and hand computations."""

from __future__ import annotations

import numpy as np
import pytest

from crimestats.errors import EstimationError
from crimestats.estimation.mse import estimate_population
from crimestats.model.capture import CaptureTable


def test_korea_bic_estimate_is_157(korea: CaptureTable) -> None:
    result = estimate_population(korea, method="bic")
    assert result.model == "main + b:c + c:d"
    assert round(result.estimate) == 157  # Silverman, Chan & Vincent (2024)
    # Hand computation: in b:c + c:d, lists b and d are independent given c, so in the c = 0
    # slice the dark figure is n(b=0,d=1) n(b=1,d=0) / n(b=1,d=1) = 41 * 5 / 6.
    assert result.dark_figure == pytest.approx(41 * 5 / 6, rel=1e-9)
    assert result.n_observed == 123
    assert result.estimate == pytest.approx(123 + 41 * 5 / 6, rel=1e-9)


def test_main_effects_two_lists_is_lincoln_petersen() -> None:
    # Two lists, main effects: dark = n10 n01 / n11 (Lincoln-Petersen / Chapman without +1).
    table = CaptureTable(("A", "B"), (30, 40, 10))  # 01, 10, 11
    result = estimate_population(table, method="main")
    assert result.dark_figure == pytest.approx(40 * 30 / 10)
    assert result.model == "main"


def test_stepwise_on_korea(korea: CaptureTable) -> None:
    result = estimate_population(korea, method="stepwise")
    assert result.model == "main + b:c + c:d"
    assert result.threshold == 0.02


def test_stepwise_threshold_zero_keeps_main_effects(korea: CaptureTable) -> None:
    result = estimate_population(korea, method="stepwise", threshold=0.0)
    assert result.model == "main"


def test_asymptotic_interval_is_wald_on_the_log_dark_figure(korea: CaptureTable) -> None:
    result = estimate_population(korea, method="bic", ci="asymptotic")
    z = 1.959963984540054
    se = 0.62534543299612  # R glm, tests/oracle/mse/glm_fits.csv
    dark = 41 * 5 / 6
    assert result.ci_low == pytest.approx(123 + dark * np.exp(-z * se), rel=1e-6)
    assert result.ci_high == pytest.approx(123 + dark * np.exp(z * se), rel=1e-6)


def test_artificial_3_bic_uses_only_fine_models(artificial3: CaptureTable) -> None:
    result = estimate_population(artificial3, method="bic")
    fine = {"main", "main + A:C", "main + B:C", "main + A:C + B:C"}
    assert {r.model for r in result.ranking} == fine
    # R glm BICs: main 46.405, A:C+B:C 46.661, A:C 46.685, B:C 47.792.
    assert [r.model for r in result.ranking] == [
        "main",
        "main + A:C + B:C",
        "main + A:C",
        "main + B:C",
    ]


def test_no_fine_model_is_an_error() -> None:
    table = CaptureTable(("A", "B"), (30, 40, 0))
    with pytest.raises(EstimationError, match="cannot be estimated"):
        estimate_population(table, method="main")
    with pytest.raises(EstimationError, match="no candidate model"):
        estimate_population(table, method="bic")


def test_interval_options_are_checked(korea: CaptureTable) -> None:
    with pytest.raises(EstimationError, match="needs a bootstrap"):
        estimate_population(korea, ci="bca")
    with pytest.raises(EstimationError, match="ntop"):
        estimate_population(korea, method="bic", ntop=0)
