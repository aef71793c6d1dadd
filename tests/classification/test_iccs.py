"""ICCS 1.0 as bundled: structure counts, links, and labels checked against the printed manual."""

from __future__ import annotations

import pytest

from crimestats.classification import iccs
from crimestats.errors import ConfigError, UnknownCodeError


def test_level_counts_match_the_manual() -> None:
    # ICCS 1.0 (UNODC 2015), Part Two: 11 sections, 63 divisions, 148 groups, 98 classes.
    counts = {level: len(iccs().level(level)) for level in (1, 2, 3, 4)}
    assert counts == {1: 11, 2: 63, 3: 148, 4: 98}


def test_every_parent_exists_and_is_one_level_up() -> None:
    c = iccs()
    for category in c:
        if category.level == 1:
            assert category.parent is None
            continue
        assert category.parent in c
        assert c.get(category.parent).level == category.level - 1
        assert category.code.startswith(category.parent)


def test_code_widths_by_level() -> None:
    widths = {1: 2, 2: 4, 3: 5, 4: 6}
    assert all(len(c.code) == widths[c.level] for c in iccs())


@pytest.mark.parametrize(
    ("code", "english", "spanish"),
    [
        # Labels as printed in the manual's Part Two overview (EN) and the Spanish edition.
        ("0101", "Intentional homicide", "Homicidio intencional"),
        ("0102", "Attempted intentional homicide", "Tentativa de homicidio intencional"),
        ("0401", "Robbery", "Robo"),
        ("0501", "Burglary", "Robo con entrada ilícita"),
        ("03011", "Rape", "Violación"),
        ("050211", "Theft of a motorized land vehicle", "Hurto de vehículos terrestres de motor"),
        ("07031", "Bribery", "Soborno"),
        ("0909", "Other acts against public safety and state security", None),
    ],
)
def test_labels_in_both_languages(code: str, english: str, spanish: str | None) -> None:
    category = iccs().get(code)
    assert category.label("en") == english
    if spanish is not None:
        assert category.label("es") == spanish


def test_spanish_text_present_for_every_category() -> None:
    assert all("es" in c.texts and c.label("es") for c in iccs())


def test_0101_description_inclusions_exclusions() -> None:
    text = iccs().get("0101").text("en")
    assert text.description == (
        "Unlawful death inflicted upon a person with the intent to cause death or serious injury."
    )
    assert "Murder" in text.inclusions
    assert "femicide" in text.inclusions
    assert "euthanasia (0105)" in text.exclusions


def test_notes_resolve_footnote_definitions() -> None:
    c = iccs()
    category = c.get("020111")
    assert category.notes == ("Reckless as defined in footnote 54.",)
    assert category.footnotes == (54,)
    assert "reckless" in c.footnotes[54].lower()


def test_navigation() -> None:
    c = iccs()
    assert [x.code for x in c.ancestors("050211")] == ["05", "0502", "05021"]
    assert [x.code for x in c.path("0101")] == ["01", "0101"]
    assert c.children("0101") == ()  # not subdivided: ICCS does not repeat it at lower levels
    assert [x.code for x in c.children("0501")] == ["05011", "05012", "05013", "05019"]
    assert [x.code for x in c.descendants("0501")] == [
        "05011",
        "05012",
        "050121",
        "050122",
        "05013",
        "05019",
    ]
    assert c.ancestor_at("050211", 2) is not None
    assert c.ancestor_at("050211", 2).code == "0502"  # type: ignore[union-attr]
    assert c.ancestor_at("0101", 3) is None
    assert c.is_leaf("0101")
    assert not c.is_leaf("05")


def test_is_valid_and_unknown_code_suggestions() -> None:
    c = iccs()
    assert c.is_valid("0101")
    assert not c.is_valid("101")
    with pytest.raises(UnknownCodeError) as info:
        c.get("101")
    assert "0101" in info.value.suggestions
    assert "did you mean" in str(info.value)


def test_misprinted_codes_point_to_the_right_code() -> None:
    c = iccs()
    assert not c.is_valid("0908")
    assert c.suggest_codes("0908")[0] == "0909"
    assert c.suggest_codes("01042")[0] == "01049"


def test_alphabetical_index_in_both_languages() -> None:
    index = iccs().index
    english = [e for e in index if e.lang == "en"]
    spanish = [e for e in index if e.lang == "es"]
    # The README counts 968 EN and 959 ES entries, two EN entries have no code.
    assert len(english) == 966
    assert len(spanish) == 959
    assert any(e.term == "Shoplifting" and e.code == "050231" for e in english)


def test_tags() -> None:
    c = iccs()
    attempt = c.tag("At")
    assert [(t.code, t.label) for t in attempt.categories] == [
        ("1", "Attempted"),
        ("2", "Completed"),
        ("3", "Not applicable"),
        ("4", "Not known"),
    ]
    assert c.tag("Cit", group="perpetrator").group == "perpetrator"
    with pytest.raises(UnknownCodeError):
        c.tag("Nope")


def test_unknown_version() -> None:
    with pytest.raises(ConfigError, match=r"1\.0"):
        iccs("2.0")
