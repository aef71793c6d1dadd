"""Outcome codes of Chan, Silverman & Vincent (2021): the published Table 2 is the oracle."""

from __future__ import annotations

import numpy as np

from crimestats.estimation.mse import check_models
from crimestats.estimation.mse.design import LogLinearModel, design_matrix
from crimestats.estimation.mse.existence import Outcome, check_design
from crimestats.model.capture import CaptureTable

# Table 2 of the 2021 paper, as the issue states it: every model with all three pairs is not
# identifiable; A:B alone or with A:C or B:C has no MLE; main, A:C, B:C, A:C + B:C are fine.
ARTIFICIAL_3_CODES = {
    "main": 0,
    "main + A:B": 1,
    "main + A:C": 0,
    "main + B:C": 0,
    "main + A:B + A:C": 1,
    "main + A:B + B:C": 1,
    "main + A:C + B:C": 0,
    "main + A:B + A:C + B:C": 2,
}


def test_artificial_3_codes_are_the_published_ones(artificial3: CaptureTable) -> None:
    got = {row.model: row.code for row in check_models(artificial3)}
    assert got == ARTIFICIAL_3_CODES


def test_korea_has_six_fine_models(korea: CaptureTable) -> None:
    # The 2024 paper's "all 6 models": the two with both b:c and b:d fail (history 011 is empty).
    rows = check_models(korea)
    fine = [r.model for r in rows if r.code == 0]
    assert len(fine) == 6
    assert {r.model for r in rows if r.code != 0} == {"main + b:c + b:d", "main + b:c + b:d + c:d"}


def test_no_zero_counts_means_every_model_is_fine() -> None:
    table = CaptureTable(("A", "B", "C"), (5, 6, 2, 7, 3, 4, 1))
    assert {r.code for r in check_models(table)} == {0}


def test_saturated_model_is_not_identifiable() -> None:
    # With the 3-way term the 3-list model has 8 parameters for 7 histories: d₀ is free.
    x = design_matrix(LogLinearModel(((0, 1), (0, 2), (1, 2), (0, 1, 2))), 3)
    assert check_design(x, np.ones(7, dtype=bool)).outcome is Outcome.NOT_IDENTIFIABLE


def test_facial_set_drops_the_histories_of_a_never_overlapping_pair() -> None:
    # Artificial_3: A and C never overlap, so A:C runs to -inf and histories 101 and 111 get
    # fitted count 0, but the dark figure is still determined (code 0).
    counts = np.array([20, 30, 0, 40, 0, 6, 0])
    check = check_design(design_matrix(LogLinearModel(((0, 2),)), 3), counts > 0)
    assert check.outcome is Outcome.OK
    assert check.facial == (True, True, True, True, False, True, False)


def test_code_1_says_which_way_the_dark_figure_runs() -> None:
    counts = np.array([20, 30, 0, 40, 0, 6, 0])
    check = check_design(design_matrix(LogLinearModel(((0, 1),)), 3), counts > 0)
    assert check.outcome is Outcome.NO_MLE
    assert check.drift == 1
