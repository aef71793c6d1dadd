"""UN-CTS questionnaire content and the canonical long observation table, as frozen types.

The canonical table is the one shape every UN-CTS reader produces (dataUNODC long files, filled
questionnaire workbooks, project results) and every rule and writer consumes: one row per reported cell,
keyed like a dataUNODC file (country × indicator × dimension × category × sex × age × year × unit), with
the ICCS code of the category and the status of the cell (a number, a zero, blank because not asked,
not available or not applicable).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pyarrow as pa

__all__ = [
    "AGE_CODES",
    "DATAUNODC_COLUMNS",
    "KEY_COLUMNS",
    "METADATA_FIELDS",
    "NOT_APPLICABLE_INPUTS",
    "NOT_APPLICABLE_LABEL",
    "NOT_AVAILABLE_INPUTS",
    "NOT_AVAILABLE_LABEL",
    "OBSERVATION_SCHEMA",
    "SEX_CODES",
    "CtsBlock",
    "CtsItem",
    "ItemMetadata",
    "Questionnaire",
    "ValueStatus",
]


class ValueStatus(StrEnum):
    """What a questionnaire cell says: the four states a focal point can mean, plus a number."""

    NUMBER = "number"
    ZERO = "zero"
    BLANK = "blank"  # not asked: the questionnaire has no cell for it
    NOT_AVAILABLE = "not_available"
    NOT_APPLICABLE = "not_applicable"


#: How a questionnaire workbook writes the two non-numeric answers.
NOT_AVAILABLE_LABEL = "not available"
NOT_APPLICABLE_LABEL = "not applicable"
#: What a focal point may type for them (compared trimmed and lower-cased).
NOT_AVAILABLE_INPUTS = frozenset({"not available", "..", "...", "na", "n.a.", "n/a"})
NOT_APPLICABLE_INPUTS = frozenset({"not applicable", "x", "-"})

#: Columns of a dataUNODC long file, in the published order.
DATAUNODC_COLUMNS: tuple[str, ...] = (
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "VALUE",
    "Source",
)

#: The canonical long observation table (one row per reported cell).
OBSERVATION_SCHEMA = pa.schema(
    [
        pa.field("iso3", pa.string()),
        pa.field("country", pa.string()),
        pa.field("region", pa.string()),
        pa.field("subregion", pa.string()),
        pa.field("indicator", pa.string()),
        pa.field("dimension", pa.string()),
        pa.field("category", pa.string()),
        pa.field("sex", pa.string()),
        pa.field("age", pa.string()),
        pa.field("year", pa.int64()),
        pa.field("unit", pa.string()),
        pa.field("value", pa.float64()),
        pa.field("status", pa.string()),
        pa.field("source", pa.string()),
        pa.field("iccs_code", pa.string()),
        pa.field("sex_code", pa.string()),
        pa.field("age_code", pa.string()),
        pa.field("row", pa.int64()),
    ]
)

#: What identifies one cell: two rows with the same key and different values conflict.
KEY_COLUMNS: tuple[str, ...] = (
    "iso3",
    "indicator",
    "dimension",
    "category",
    "sex",
    "age",
    "year",
    "unit",
)

#: Sex labels as published → SDMX-style codes used by the project cube.
SEX_CODES: dict[str, str] = {
    "Total": "_T",
    "Male": "M",
    "Female": "F",
    "Unknown": "_U",
    "Sex unknown": "_U",
}

#: Age labels as published (oddities included) → SDMX-style age codes.
AGE_CODES: dict[str, str] = {
    "Total": "_T",
    "0-9": "Y0T9",
    "10-14": "Y10T14",
    "10 -14": "Y10T14",
    "15-17": "Y15T17",
    "15 -17": "Y15T17",
    "10-17": "Y10T17",
    "Oct-17": "Y10T17",  # "10-17" turned into a date by a spreadsheet, as published
    "18-19": "Y18T19",
    "18-24": "Y18T24",
    "20-24": "Y20T24",
    "25-29": "Y25T29",
    "25-44": "Y25T44",
    "30-44": "Y30T44",
    "45-59": "Y45T59",
    "60 and older": "Y_GE60",
    "60+": "Y_GE60",
    "0-14": "Y0T14",
    "15-29": "Y15T29",
    "Juveniles": "Y_LT18",
    "Adults": "Y_GE18",
    "Unknown": "_U",
    "Age unknown": "_U",
}


@dataclass(frozen=True, slots=True)
class CtsItem:
    """One questionnaire row: an indicator × dimension × category with its ICCS code and breakdowns.

    ``parent`` is the item this one is a part of (empty for a top item); siblings sharing a non-empty
    ``breakdown`` together make up the parent, so their sum may not exceed it. ``sexes`` and ``ages``
    are the column disaggregations the questionnaire asks for; ``evidence`` says whether the item is
    documented by a published file or inferred.
    """

    id: str
    block: str
    indicator: str
    dimension: str
    category: str
    iccs_code: str
    parent: str
    breakdown: str
    stage: str
    counting_unit: str
    sexes: tuple[str, ...]
    ages: tuple[str, ...]
    units: tuple[str, ...]
    evidence: str
    note: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """(indicator, dimension, category) as published on dataUNODC."""
        return (self.indicator, self.dimension, self.category)

    @property
    def unit(self) -> str:
        """The unit a focal point reports in (counts, or percent for survey results)."""
        return self.units[0]

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        """The (sex, age) cells the questionnaire asks for this item, each year."""
        return tuple((sex, age) for sex in self.sexes for age in self.ages)


@dataclass(frozen=True, slots=True)
class ItemMetadata:
    """What a focal point says about one item: how the national figure departs from ICCS."""

    national_definition: str = ""
    deviations: str = ""  # inclusions/exclusions of the ICCS category not covered, or added
    counting_unit: str = ""
    coverage: str = ""  # share of agencies reporting, e.g. "95% of police stations"
    source: str = ""


#: Headers of a block's metadata sheet, and the ItemMetadata field each one fills.
METADATA_FIELDS: tuple[tuple[str, str], ...] = (
    ("National definition used", "national_definition"),
    ("Deviations from ICCS (inclusions / exclusions not covered)", "deviations"),
    ("Counting unit", "counting_unit"),
    ("Coverage (share of agencies reporting)", "coverage"),
    ("Source", "source"),
)


@dataclass(frozen=True, slots=True)
class CtsBlock:
    """A questionnaire block (one workbook sheet): homicide, police, prosecution, courts, prisons..."""

    id: str
    sheet: str
    title: str
    stage: str
    description: str
    items: tuple[CtsItem, ...]


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """The UN-CTS of one questionnaire year: its blocks and items."""

    year: int
    blocks: tuple[CtsBlock, ...]

    @property
    def items(self) -> tuple[CtsItem, ...]:
        """Every item, block by block."""
        return tuple(item for block in self.blocks for item in block.items)

    def item(self, item_id: str) -> CtsItem:
        """The item with this id (KeyError if absent)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def by_key(self) -> dict[tuple[str, str, str], CtsItem]:
        """Items indexed by (indicator, dimension, category)."""
        return {item.key: item for item in self.items}

    def block(self, block_id: str) -> CtsBlock:
        """The block with this id (KeyError if absent)."""
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(block_id)
