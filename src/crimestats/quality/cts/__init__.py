"""UN-CTS validation: the rule catalogue, the rules (on the engine) and the report for focal points."""

from crimestats.quality.cts.catalogue import (
    CHECKS,
    FINDING_COLUMNS,
    CtsRuleConfig,
    finding_row,
    make_finding,
)
from crimestats.quality.cts.rules import validate_observations

__all__ = [
    "CHECKS",
    "FINDING_COLUMNS",
    "CtsRuleConfig",
    "finding_row",
    "make_finding",
    "validate_observations",
]
