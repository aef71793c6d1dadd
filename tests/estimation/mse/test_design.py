from __future__ import annotations

import numpy as np
import pytest

from crimestats.estimation.mse.design import (
    LogLinearModel,
    candidate_models,
    candidate_terms,
    design_matrix,
)


def test_models_are_main_effects_plus_any_set_of_pairs() -> None:
    # 2^(k choose 2) models with max order 2: 8, 64, 1024 for 3, 4, 5 lists.
    assert [len(candidate_models(k)) for k in (3, 4, 5)] == [8, 64, 1024]
    assert candidate_models(3)[0] == LogLinearModel()


def test_names_use_list_names_in_canonical_order() -> None:
    model = LogLinearModel.of([(1, 2), (0, 1)], 3)
    assert model.name(("b", "c", "d")) == "main + b:c + c:d"
    assert LogLinearModel().name(("A", "B")) == "main"


def test_higher_orders_are_hierarchical_and_never_saturated() -> None:
    assert candidate_terms(3, 3) == (
        (0, 1),
        (0, 2),
        (1, 2),
    )  # the 3-way term of 3 lists is left out
    models = candidate_models(4, 3)
    with_three_way = [m for m in models if any(len(t) == 3 for t in m.terms)]
    assert with_three_way
    assert all(m.is_hierarchical() for m in models)
    assert not LogLinearModel.of([(0, 1, 2)], 4).is_hierarchical()


def test_design_matrix_columns() -> None:
    x = design_matrix(LogLinearModel.of([(0, 1)], 3), 3)
    # histories 001 010 011 100 101 110 111; columns 1, A, B, C, A:B
    expected = np.array(
        [
            [1, 0, 0, 1, 0],
            [1, 0, 1, 0, 0],
            [1, 0, 1, 1, 0],
            [1, 1, 0, 0, 0],
            [1, 1, 0, 1, 0],
            [1, 1, 1, 0, 1],
            [1, 1, 1, 1, 1],
        ]
    )
    np.testing.assert_array_equal(x, expected)


def test_unknown_terms_are_refused() -> None:
    with pytest.raises(ValueError, match="not interaction terms"):
        LogLinearModel.of([(0, 3)], 3)
