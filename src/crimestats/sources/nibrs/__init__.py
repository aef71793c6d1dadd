"""The FBI NIBRS incident-level extract: one state-year download folder, in either CDE layout.

:func:`open_nibrs` finds and checks the tables, :func:`read_nibrs` turns them into canonical record
sources (source kind ``nibrs``), :func:`count_nibrs` and :func:`summary_rows` give what
``crimestats nibrs summary`` prints. See docs/nibrs.md.
"""

from crimestats.sources.nibrs.canonical import read_nibrs
from crimestats.sources.nibrs.codes import RELATIONSHIP_VIP, WEAPON_WE, nibrs_correspondence
from crimestats.sources.nibrs.folder import NibrsExtract, open_nibrs
from crimestats.sources.nibrs.layout import CURRENT, LAYOUTS, LEGACY, TABLES, Layout
from crimestats.sources.nibrs.summary import (
    MEASURES,
    SUMMARY_COLUMNS,
    NibrsCounts,
    count_nibrs,
    summary_rows,
)

__all__ = [
    "CURRENT",
    "LAYOUTS",
    "LEGACY",
    "MEASURES",
    "RELATIONSHIP_VIP",
    "SUMMARY_COLUMNS",
    "TABLES",
    "WEAPON_WE",
    "Layout",
    "NibrsCounts",
    "NibrsExtract",
    "count_nibrs",
    "nibrs_correspondence",
    "open_nibrs",
    "read_nibrs",
    "summary_rows",
]
