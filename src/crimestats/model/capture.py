"""Capture-history tables: how many people each combination of lists saw (input to MSE)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["CaptureTable", "all_histories"]


def all_histories(n_lists: int) -> tuple[tuple[int, ...], ...]:
    """Every observable capture history for ``n_lists`` lists, in a fixed order, without ``0…0``.

    The order is binary counting with the first list as the most significant digit, so for three
    lists: 001, 010, 011, 100, 101, 110, 111.
    """
    return tuple(h for h in itertools.product((0, 1), repeat=n_lists) if any(h))


@dataclass(frozen=True, slots=True)
class CaptureTable:
    """Counts of people by capture history, for every observable history (absent ones count 0).

    ``histories[i]`` has one 0/1 entry per list (in the order of ``lists``) and ``counts[i]`` people
    have exactly that history. The all-zero history, the people no list saw, is never included: it
    is what multiple systems estimation estimates.
    """

    lists: tuple[str, ...]
    counts: tuple[int, ...]
    source: str = ""

    def __post_init__(self) -> None:
        if len(self.lists) < 2:
            raise ValueError("a capture table needs at least two lists")
        if len(self.counts) != 2 ** len(self.lists) - 1:
            raise ValueError("counts must cover every observable history (2^lists - 1 of them)")
        if any(c < 0 for c in self.counts):
            raise ValueError("counts cannot be negative")

    @property
    def histories(self) -> tuple[tuple[int, ...], ...]:
        """The capture histories, aligned with ``counts``."""
        return all_histories(len(self.lists))

    @property
    def n_observed(self) -> int:
        """People seen on at least one list."""
        return sum(self.counts)

    def count(self, history: Sequence[int]) -> int:
        """People with exactly this history (a sequence of 0/1, one per list)."""
        return self.counts[self.histories.index(tuple(int(v) for v in history))]

    def list_totals(self) -> dict[str, int]:
        """People on each list."""
        return {
            name: sum(c for h, c in zip(self.histories, self.counts, strict=True) if h[i])
            for i, name in enumerate(self.lists)
        }

    @classmethod
    def from_mapping(
        cls, lists: Sequence[str], counts: Mapping[tuple[int, ...], int], source: str = ""
    ) -> CaptureTable:
        """Build from ``{history: count}``; histories not given count 0."""
        histories = all_histories(len(lists))
        unknown = set(counts) - set(histories)
        if unknown:
            raise ValueError(f"not observable histories: {sorted(unknown)}")
        return cls(tuple(lists), tuple(int(counts.get(h, 0)) for h in histories), source)
