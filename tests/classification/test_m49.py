"""The bundled M49 table: structure, and ISO3 codes checked against pycountry (ISO 3166-1)."""

from __future__ import annotations

import pycountry
import pytest

from crimestats.classification.m49 import m49
from crimestats.errors import UnknownCodeError


def test_levels_count() -> None:
    tree = m49()
    assert [a.name for a in tree.level("region")] == [
        "Africa",
        "Oceania",
        "Americas",
        "Asia",
        "Europe",
    ]
    assert len(tree.level("subregion")) == 17
    assert len(tree.countries()) == 248


def test_every_country_in_one_subregion() -> None:
    tree = m49()
    total = sum(len(tree.members(s)) for s in tree.level("subregion"))
    assert total == len(tree.countries())
    assert len(tree.members(tree.get("WORLD"))) == 248


def test_iso3_agrees_with_iso_3166() -> None:
    for country in m49().countries():
        iso = pycountry.countries.get(alpha_3=country.iso3)
        assert iso is not None, country
        assert int(iso.numeric) == int(country.m49), country


def test_known_placements() -> None:
    tree = m49()
    ago = tree.country("AGO")
    assert ago is not None
    assert (ago.parent, ago.subregion, ago.region) == ("17", "202", "2")  # Middle Africa
    mex = tree.country("mex")
    assert mex is not None
    assert (mex.subregion, mex.region) == ("419", "19")
    assert tree.get("004").name == "Afghanistan"
    assert tree.get("1").code == "WORLD"


def test_parts_and_unknown_codes() -> None:
    tree = m49()
    part = tree.part("GBR_E_W")
    assert part is not None
    assert part.country_iso3 == "GBR"
    assert tree.country("XKX") is None
    with pytest.raises(UnknownCodeError):
        tree.get("99999")
