"""Log-linear models for capture histories: terms, model names and design matrices.

A model always has the intercept and one main effect per list; it adds interaction terms, each a
set of two or more lists. Its linear predictor for history ``h`` is
``θ₀ + Σᵢ θᵢ hᵢ + Σ_T θ_T Πᵢ∈T hᵢ``, so the all-zero history (people on no list) has expected count
``exp(θ₀)``: the dark figure.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from crimestats.model.capture import all_histories

__all__ = [
    "LogLinearModel",
    "candidate_models",
    "candidate_terms",
    "design_matrix",
    "history_matrix",
]

Term = tuple[int, ...]


def candidate_terms(n_lists: int, max_order: int = 2) -> tuple[Term, ...]:
    """Interaction terms of order 2..``max_order``: by order, then in list order (A:B, A:C, B:C…)."""
    top = min(max_order, n_lists - 1)  # the n-way term would leave the dark figure unidentifiable
    return tuple(
        term
        for order in range(2, top + 1)
        for term in itertools.combinations(range(n_lists), order)
    )


@functools.cache
def _term_order(n_lists: int) -> dict[Term, int]:
    return {t: i for i, t in enumerate(candidate_terms(n_lists, n_lists))}


@dataclass(frozen=True, slots=True, order=True)
class LogLinearModel:
    """Main effects plus the interaction ``terms`` (each a sorted tuple of list positions)."""

    terms: tuple[Term, ...] = ()

    @classmethod
    def of(cls, terms: Iterable[Sequence[int]], n_lists: int) -> LogLinearModel:
        """The model with these terms, stored in the canonical order of :func:`candidate_terms`."""
        wanted = {tuple(sorted(t)) for t in terms}
        order = _term_order(n_lists)
        bad = [t for t in wanted if t not in order]
        if bad:
            raise ValueError(f"not interaction terms of {n_lists} lists: {bad}")
        return cls(tuple(sorted(wanted, key=order.__getitem__)))

    def plus(self, term: Term, n_lists: int) -> LogLinearModel:
        """This model with one more term."""
        return LogLinearModel.of((*self.terms, term), n_lists)

    def parameters(self, n_lists: int) -> int:
        """Number of parameters: intercept, ``n_lists`` main effects and the interactions."""
        return 1 + n_lists + len(self.terms)

    def name(self, lists: Sequence[str]) -> str:
        """``main`` or ``main + A:B + A:C``: the model as the command line prints it."""
        return " + ".join(["main", *(":".join(lists[i] for i in t) for t in self.terms)])

    def is_hierarchical(self) -> bool:
        """True when every term's lower-order interactions (order ≥ 2) are in the model too."""
        present = set(self.terms)
        return all(
            sub in present
            for t in self.terms
            for r in range(2, len(t))
            for sub in itertools.combinations(t, r)
        )


def candidate_models(n_lists: int, max_order: int = 2) -> tuple[LogLinearModel, ...]:
    """Every model the selection methods may choose from.

    With ``max_order`` 2 these are main effects plus any subset of the two-way interactions (the
    model space of Chan et al. 2021 and Silverman et al. 2024). Higher-order terms are allowed only
    with all their lower-order interactions (hierarchical models). Ordered by number of terms, then
    by the terms themselves.
    """
    terms = candidate_terms(n_lists, max_order)
    models = [
        LogLinearModel(subset)
        for size in range(len(terms) + 1)
        for subset in itertools.combinations(terms, size)
    ]
    return tuple(m for m in models if m.is_hierarchical())


def history_matrix(n_lists: int) -> NDArray[np.int8]:
    """The observable histories as a (2^k - 1) × k 0/1 matrix, in :func:`all_histories` order."""
    return np.array(all_histories(n_lists), dtype=np.int8)


def design_matrix(model: LogLinearModel, n_lists: int) -> NDArray[np.float64]:
    """Columns: intercept, the main effects in list order, then the model's terms in order."""
    h = history_matrix(n_lists).astype(np.float64)
    columns = [np.ones(h.shape[0]), *h.T]
    columns += [np.prod(h[:, list(t)], axis=1) for t in model.terms]
    return np.column_stack(columns)
