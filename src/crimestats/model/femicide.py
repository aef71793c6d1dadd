"""Frozen configuration and result classes for classifying gender-related killings of women and girls."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["FemicideClass", "FemicideCriteria", "FemicideCriterion"]


class FemicideClass(StrEnum):
    """Where one female victim of intentional homicide falls (UNODC/UN Women framework, 2022)."""

    INTIMATE_PARTNER = "intimate_partner"
    FAMILY_MEMBER = "family_member"
    OTHER_GENDER_RELATED = "other_perpetrator_gender_related"
    NOT_GENDER_RELATED = "not_gender_related"
    INSUFFICIENT_INFORMATION = "insufficient_information"

    @property
    def gender_related(self) -> bool:
        """True for the three classes the framework counts as femicide."""
        return self in {
            FemicideClass.INTIMATE_PARTNER,
            FemicideClass.FAMILY_MEMBER,
            FemicideClass.OTHER_GENDER_RELATED,
        }


@dataclass(frozen=True, slots=True)
class FemicideCriterion:
    """One characteristic that makes a killing by another perpetrator gender-related."""

    code: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class FemicideCriteria:
    """The classification configuration: criteria, relationship values, what counts as female homicide.

    Relationship and sex values are compared lower-case and trimmed.
    """

    name: str
    criteria: tuple[FemicideCriterion, ...]
    intimate_partner: frozenset[str]
    family_member: frozenset[str]
    not_known: frozenset[str]
    female_codes: frozenset[str]
    homicide_codes: tuple[str, ...] = ("0101",)
    source: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        """The criterion codes, which are also the column names of the victim file."""
        return tuple(c.code for c in self.criteria)
