"""Geographic areas of the UN M49 standard: countries, subregions, regions and the world, as frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from crimestats.errors import UnknownCodeError

__all__ = ["Area", "AreaLevel", "AreaPart", "AreaTree"]

AreaLevel = Literal["world", "region", "subregion", "intermediate", "country"]


@dataclass(frozen=True, slots=True)
class Area:
    """One M49 area; ``iso3`` is empty for groupings, ``region``/``subregion`` are M49 codes above it."""

    m49: str
    name: str
    level: AreaLevel
    parent: str = ""
    iso3: str = ""
    region: str = ""
    subregion: str = ""

    @property
    def code(self) -> str:
        """The code published for the area: ISO3 for countries, ``WORLD``, else the M49 code."""
        if self.level == "country":
            return self.iso3
        return "WORLD" if self.level == "world" else self.m49


@dataclass(frozen=True, slots=True)
class AreaPart:
    """A sub-national code published in place of a country (``GBR_E_W`` is part of ``GBR``)."""

    code: str
    country_iso3: str
    m49: str
    name: str


@dataclass(frozen=True, eq=False)
class AreaTree:
    """The M49 hierarchy with lookups by M49 code and by ISO3."""

    areas: tuple[Area, ...]
    parts: tuple[AreaPart, ...] = ()
    source: str = ""
    _by_m49: MappingProxyType[str, Area] = field(init=False, repr=False)
    _by_iso3: MappingProxyType[str, Area] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_m49", MappingProxyType({a.m49: a for a in self.areas}))
        countries = {a.iso3: a for a in self.areas if a.iso3}
        object.__setattr__(self, "_by_iso3", MappingProxyType(countries))

    def get(self, m49: str) -> Area:
        """The area with this M49 code (``"1"`` or ``"WORLD"`` for the world)."""
        key = "1" if m49 == "WORLD" else m49.lstrip("0") or "0"
        try:
            return self._by_m49[key]
        except KeyError:
            raise UnknownCodeError(m49, "M49") from None

    def country(self, iso3: str) -> Area | None:
        """The country with this ISO 3166 alpha-3 code, or None if M49 has no such country."""
        return self._by_iso3.get(iso3.strip().upper())

    def part(self, code: str) -> AreaPart | None:
        """The sub-national part published under ``code``, if it is one."""
        code = code.strip().upper()
        return next((p for p in self.parts if p.code == code), None)

    def level(self, level: AreaLevel) -> tuple[Area, ...]:
        """All areas of one level, in M49 code order."""
        return tuple(sorted((a for a in self.areas if a.level == level), key=lambda a: int(a.m49)))

    def countries(self) -> tuple[Area, ...]:
        """Every country or area, in M49 code order."""
        return self.level("country")

    def members(self, area: Area) -> tuple[Area, ...]:
        """The countries inside a world, region, subregion or intermediate region (itself for a country)."""
        if area.level == "country":
            return (area,)
        if area.level == "world":
            return self.countries()
        return tuple(
            c
            for c in self.countries()
            if area.m49 == {"region": c.region, "subregion": c.subregion}.get(area.level, c.parent)
        )
