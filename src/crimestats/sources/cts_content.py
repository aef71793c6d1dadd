"""The UN-CTS content shipped as package data: questionnaire items, country codes, stage checks.

Files live under ``crimestats/data/uncts/`` (see the README there for sources and for what is documented
versus inferred). One folder per questionnaire year, so vintages sit side by side.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from crimestats.errors import ConfigError
from crimestats.model.cts import CtsBlock, CtsItem, Questionnaire

__all__ = [
    "QUESTIONNAIRE_YEARS",
    "CountryCode",
    "StageCheck",
    "age_labels",
    "category_iccs_codes",
    "country_codes",
    "country_suggestions",
    "is_known_country",
    "questionnaire",
    "stage_checks",
]

#: Questionnaire years shipped as package data; the latest is the default.
QUESTIONNAIRE_YEARS: tuple[int, ...] = (2024,)

_M49_AGGREGATE = re.compile(r"^M49_\w+$")
# ISO 3166-1 leaves these alpha-3 ranges to users (synthetic and test countries such as XDM).
_USER_ASSIGNED = re.compile(r"^(AA[A-Z]|Q[M-Z][A-Z]|X[A-Z]{2}|ZZ[A-Z])$")
_ICCS_CODE = re.compile(r"^\d{2}(\d{2}(\d{1,2})?)?$")


def _rows(*parts: str) -> Iterator[dict[str, str]]:
    path = resources.files("crimestats").joinpath("data", "uncts", *parts)
    yield from csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))


def _year_dir(year: int | None) -> str:
    chosen = QUESTIONNAIRE_YEARS[-1] if year is None else year
    if chosen not in QUESTIONNAIRE_YEARS:
        known = ", ".join(str(y) for y in QUESTIONNAIRE_YEARS)
        raise ConfigError(f"no UN-CTS questionnaire for {chosen}; crimestats ships: {known}")
    return str(chosen)


@functools.cache
def age_labels(age_set: str, year: int | None = None) -> tuple[str, ...]:
    """The age labels of a questionnaire age set (``total``, ``homicide``, ``juvenile``, ``victims``)."""
    labels = tuple(
        r["label"] for r in _rows(_year_dir(year), "age_sets.csv") if r["set"] == age_set
    )
    if not labels:
        raise ConfigError(f"unknown UN-CTS age set {age_set!r}")
    return labels


@functools.cache
def questionnaire(year: int | None = None) -> Questionnaire:
    """The UN-CTS questionnaire of ``year`` (default: the latest shipped)."""
    folder = _year_dir(year)
    items: dict[str, list[CtsItem]] = {}
    for r in _rows(folder, "items.csv"):
        item = CtsItem(
            id=r["id"],
            block=r["block"],
            indicator=r["indicator"],
            dimension=r["dimension"],
            category=r["category"],
            iccs_code=r["iccs_code"],
            parent=r["parent"],
            breakdown=r["breakdown"],
            stage=r["stage"],
            counting_unit=r["counting_unit"],
            sexes=tuple(r["sexes"].split(";")),
            ages=age_labels(r["ages"], int(folder)),
            units=tuple(r["units"].split(";")),
            evidence=r["evidence"],
            note=r["note"],
        )
        items.setdefault(item.block, []).append(item)
    blocks = tuple(
        CtsBlock(
            id=r["id"],
            sheet=r["sheet"],
            title=r["title"],
            stage=r["stage"],
            description=r["description"],
            items=tuple(items.get(r["id"], ())),
        )
        for r in _rows(folder, "blocks.csv")
    )
    return Questionnaire(year=int(folder), blocks=blocks)


@dataclass(frozen=True, slots=True)
class StageCheck:
    """A justice-stage consistency check: the smaller side may not exceed the larger one.

    Empty dimension and category on both sides mean "the same offence on both sides".
    """

    code: str
    smaller: tuple[str, str, str]
    larger: tuple[str, str, str]
    message: str


@functools.cache
def stage_checks(year: int | None = None) -> tuple[StageCheck, ...]:
    """The justice-stage checks of a questionnaire year."""
    return tuple(
        StageCheck(
            code=r["code"],
            smaller=(r["smaller_indicator"], r["smaller_dimension"], r["smaller_category"]),
            larger=(r["larger_indicator"], r["larger_dimension"], r["larger_category"]),
            message=r["message"],
        )
        for r in _rows(_year_dir(year), "stage_checks.csv")
    )


@functools.cache
def category_iccs_codes() -> dict[tuple[str, str, str], str]:
    """(indicator, dimension, category) as published on dataUNODC → ICCS code.

    Questionnaire items first; then the categories UNODC publishes whose inferred code is a plain ICCS
    code (tag-based ones such as ``ViP 1-4`` are left out).
    """
    mapping: dict[tuple[str, str, str], str] = {}
    for r in _rows("dataportal_categories_iccs.csv"):
        code = r["iccs_code_inferred"].strip()
        if _ICCS_CODE.match(code):
            mapping[(r["indicator"], r["dimension"], r["category"])] = code
    for year in QUESTIONNAIRE_YEARS:
        for item in questionnaire(year).items:
            if item.iccs_code:
                mapping[item.key] = item.iccs_code
    return mapping


@dataclass(frozen=True, slots=True)
class CountryCode:
    """A reporting-area code: an ISO 3166-1 country, a sub-national unit or an aggregate."""

    code: str
    m49: str
    name: str
    kind: str


@functools.cache
def country_codes() -> dict[str, CountryCode]:
    """Every known reporting-area code (``M49_*`` aggregates are recognised by pattern)."""
    return {
        r["code"]: CountryCode(r["code"], r["m49"], r["name"], r["kind"])
        for r in _rows("countries.csv")
    }


def is_known_country(code: str) -> bool:
    """True for an ISO3 code, a known sub-national or aggregate code, an ``M49_*`` aggregate, or a
    code of the ranges ISO 3166-1 leaves to users (``XAA``-``XZZ`` ...)."""
    return (
        code in country_codes()
        or bool(_M49_AGGREGATE.match(code))
        or bool(_USER_ASSIGNED.match(code))
    )


def country_suggestions(code: str, limit: int = 3) -> list[str]:
    """Known codes close to an unknown one, for "did you mean" messages."""
    return difflib.get_close_matches(code.upper(), list(country_codes()), n=limit, cutoff=0.6)
