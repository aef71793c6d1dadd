"""The UN M49 regions, subregions and countries bundled as package data (see ``data/m49/README.md``)."""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from typing import cast

from crimestats.model.areas import Area, AreaLevel, AreaPart, AreaTree

__all__ = ["m49"]

_SOURCE = "UN M49 via SDG DSD 1.4 codelist CL_AREA; ISO3 from ISO 3166-1 (pycountry 26.2.16)"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("crimestats").joinpath("data", "m49", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@functools.cache
def m49() -> AreaTree:
    """The M49 tree: World, 5 regions, 17 subregions, 8 intermediate regions and 248 countries."""
    areas = tuple(
        Area(
            m49=r["m49"],
            name=r["name"],
            level=cast(AreaLevel, r["level"]),
            parent=r["parent"],
            iso3=r["iso3"],
            region=r["region"],
            subregion=r["subregion"],
        )
        for r in _rows("areas.csv")
    )
    parts = tuple(
        AreaPart(code=r["code"], country_iso3=r["country_iso3"], m49=r["m49"], name=r["name"])
        for r in _rows("parts.csv")
    )
    return AreaTree(areas=areas, parts=parts, source=_SOURCE)
