"""Plain frozen types shared by every layer: classification, correspondence, findings, provenance."""

from crimestats.model.classification import (
    Category,
    CategoryText,
    Classification,
    IndexEntry,
    Tag,
    TagCategory,
)
from crimestats.model.correspondence import Correspondence, CorrespondenceRow
from crimestats.model.findings import Finding, Location, Severity, has_errors
from crimestats.model.provenance import Provenance

__all__ = [
    "Category",
    "CategoryText",
    "Classification",
    "Correspondence",
    "CorrespondenceRow",
    "Finding",
    "IndexEntry",
    "Location",
    "Provenance",
    "Severity",
    "Tag",
    "TagCategory",
    "has_errors",
]
