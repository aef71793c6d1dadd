"""ICCS bundled as data, search, correspondence tables and their application to records."""

from crimestats.classification.apply import Classified, apply_correspondence
from crimestats.classification.correspondence import (
    CHECKS,
    check_against_data,
    check_correspondence,
    load_correspondence,
    read_correspondence,
    validate_correspondence,
)
from crimestats.classification.iccs import ICCS_VERSIONS, iccs
from crimestats.classification.search import SearchHit, search

__all__ = [
    "CHECKS",
    "ICCS_VERSIONS",
    "Classified",
    "SearchHit",
    "apply_correspondence",
    "check_against_data",
    "check_correspondence",
    "iccs",
    "load_correspondence",
    "read_correspondence",
    "search",
    "validate_correspondence",
]
