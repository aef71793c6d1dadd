"""ICCS as bundled package data, one loader per version (ICCS 2.0 will sit beside 1.0).

The files under ``crimestats/data/iccs/v1.0/`` are extracted from the official UNODC manual (see the README
there for provenance and known misprints).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterator
from importlib import resources

from crimestats.errors import ConfigError
from crimestats.model import (
    Category,
    CategoryText,
    Classification,
    IndexEntry,
    Tag,
    TagCategory,
)

__all__ = ["ICCS_VERSIONS", "iccs"]

_FOOTNOTE = re.compile(r"footnote\s+(\d+)", re.IGNORECASE)

# Codes printed wrongly in the manual's detailed table, and one index entry with a stray digit.
_V1_ALIASES = {"01042": "01049", "0908": "0909", "011012": "11012"}


def _rows(version_dir: str, name: str) -> Iterator[dict[str, str]]:
    path = resources.files("crimestats").joinpath("data", "iccs", version_dir, name)
    yield from csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))


def _split(text: str, sep: str = "; ") -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(sep) if part.strip())


def _load_v1_0() -> Classification:
    spanish = {r["code"]: r for r in _rows("v1.0", "iccs_v1_es.csv")}
    categories = []
    for row in _rows("v1.0", "iccs_v1.csv"):
        es = spanish.get(row["code"], {})
        texts = {
            "en": CategoryText(
                label=row["label"],
                description=row["description"],
                inclusions=_split(row["inclusions"]),
                exclusions=_split(row["exclusions"]),
            )
        }
        if es.get("label_es"):
            texts["es"] = CategoryText(
                label=es["label_es"],
                description=es.get("description_es", ""),
                inclusions=_split(es.get("inclusions_es", "")),
                exclusions=_split(es.get("exclusions_es", "")),
            )
        notes = _split(row["notes"], " | ")
        categories.append(
            Category(
                code=row["code"],
                level=int(row["level"]),
                parent=row["parent"] or None,
                texts=texts,
                notes=notes,
                footnotes=tuple(int(n) for note in notes for n in _FOOTNOTE.findall(note)),
            )
        )
    index = [
        IndexEntry(r["term"], r["code"], "en", r["code_in_structure"] == "yes")
        for r in _rows("v1.0", "iccs_v1_alphabetical_index.csv")
        if r["code"]
    ]
    index += [
        IndexEntry(r["term_es"], r["code"], "es", r["code_in_structure"] == "yes")
        for r in _rows("v1.0", "iccs_v1_alphabetical_index_es.csv")
        if r["code"]
    ]
    footnotes = {int(r["footnote"]): r["text"] for r in _rows("v1.0", "iccs_v1_footnotes.csv")}
    return Classification(
        name="ICCS",
        version="1.0",
        categories=tuple(categories),
        index=tuple(index),
        tags=_tags(_rows("v1.0", "iccs_v1_disaggregations.csv")),
        footnotes=footnotes,
        aliases=_V1_ALIASES,
        source="UNODC, International Classification of Crime for Statistical Purposes, "
        "Version 1.0 (March 2015)",
    )


def _tags(rows: Iterator[dict[str, str]]) -> tuple[Tag, ...]:
    grouped: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault((row["group"], row["variable_code"]), []).append(row)
    return tuple(
        Tag(
            code=code,
            name=members[0]["variable_name"],
            group=group,
            categories=tuple(TagCategory(m["category_code"], m["category_label"]) for m in members),
            note=members[0]["note"],
        )
        for (group, code), members in grouped.items()
    )


ICCS_VERSIONS: dict[str, Callable[[], Classification]] = {"1.0": _load_v1_0}


@functools.cache
def iccs(version: str = "1.0") -> Classification:
    """The International Classification of Crime for Statistical Purposes, as a versioned object.

    >>> iccs().get("0101").label()
    'Intentional homicide'
    """
    try:
        loader = ICCS_VERSIONS[version]
    except KeyError:
        known = ", ".join(sorted(ICCS_VERSIONS))
        raise ConfigError(f"ICCS version {version!r} is not bundled; available: {known}") from None
    return loader()
