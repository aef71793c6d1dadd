"""Counting: counting rules, counts by ICCS × period × area × disaggregations, rates, justice flow."""

from crimestats.counting.cube import COUNT_COLUMNS, ancestors_table, count_cube, fine_counts
from crimestats.counting.flow import FLOW_COLUMNS, justice_flow
from crimestats.counting.rates import RATE_COLUMNS, rates_per_100k
from crimestats.counting.rules import (
    Counted,
    apply_counting_rules,
    duplicate_ids,
    mark_rules,
    principal_offences,
    split_counted,
)

__all__ = [
    "COUNT_COLUMNS",
    "FLOW_COLUMNS",
    "RATE_COLUMNS",
    "Counted",
    "ancestors_table",
    "apply_counting_rules",
    "count_cube",
    "duplicate_ids",
    "fine_counts",
    "justice_flow",
    "mark_rules",
    "principal_offences",
    "rates_per_100k",
    "split_counted",
]
