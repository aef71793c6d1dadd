"""Trafficking in persons: record types for detected victims, suspects and cases, and GLOTIP counts.

The variables follow UNODC's Global Report on Trafficking in Persons (GLOTIP) data collection —
form of exploitation, sex, age group, citizenship, country of detection, year — with the finer
forms of exploitation and the detecting agency of the International Classification Standard for
Administrative Data on Trafficking in Persons (ICS-TIP). Every detailed form rolls up to one of the
three GLOTIP groups used for SDG indicator 16.2.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "AgeGroup",
    "CensoredCount",
    "DetectedVictim",
    "DetectingAgency",
    "ExploitationGroup",
    "FormOfExploitation",
    "GlotipRecord",
    "JusticeStage",
    "Sex",
    "TraffickingCase",
    "TraffickingSuspect",
]


class ExploitationGroup(StrEnum):
    """The three GLOTIP / SDG 16.2.2 groups of forms of exploitation."""

    sexual_exploitation = "Sexual exploitation"
    forced_labour = "Forced labour"
    other = "Other forms of exploitation"


class FormOfExploitation(StrEnum):
    """Forms of exploitation (ICS-TIP detail); ``group`` gives the GLOTIP group."""

    sexual_exploitation = "sexual exploitation"
    forced_labour = "forced labour"
    domestic_servitude = "domestic servitude"
    forced_criminal_activity = "forced criminal activity"
    forced_begging = "forced begging"
    forced_marriage = "forced marriage"
    organ_removal = "removal of organs"
    illegal_adoption = "illegal adoption"
    armed_groups = "exploitation in armed groups"
    mixed = "mixed exploitation"
    other = "other forms of exploitation"
    unknown = "unknown"

    @property
    def group(self) -> ExploitationGroup | None:
        """The GLOTIP group, None for ``unknown``."""
        if self is FormOfExploitation.unknown:
            return None
        if self is FormOfExploitation.sexual_exploitation:
            return ExploitationGroup.sexual_exploitation
        if self in (FormOfExploitation.forced_labour, FormOfExploitation.domestic_servitude):
            return ExploitationGroup.forced_labour
        return ExploitationGroup.other


class Sex(StrEnum):
    """Sex as GLOTIP records it."""

    female = "Female"
    male = "Male"
    other = "Other"
    unknown = "Unknown"


class AgeGroup(StrEnum):
    """GLOTIP age groups: children are under 18 at detection."""

    child = "0 to 17 years"
    adult = "18 years or over"
    unknown = "Unknown"

    @classmethod
    def of_age(cls, age: int | None) -> AgeGroup:
        """The group of an age in completed years (None: unknown)."""
        if age is None or age < 0:
            return cls.unknown
        return cls.child if age < 18 else cls.adult


class DetectingAgency(StrEnum):
    """Who identified the victim (ICS-TIP); in MSE each agency's register is one list."""

    police = "police"
    border_immigration = "border or immigration authority"
    prosecution = "prosecution"
    court = "court"
    labour_inspection = "labour inspection"
    social_services = "social or child-protection services"
    health_services = "health services"
    ngo = "non-governmental organisation"
    international_organisation = "international organisation"
    consulate = "embassy or consulate"
    self_identified = "self-identified"
    other = "other"
    unknown = "unknown"


class JusticeStage(StrEnum):
    """Stages of the criminal justice response recorded by GLOTIP for suspected traffickers."""

    formal_contact = "Persons brought into formal contact"
    prosecuted = "Persons prosecuted"
    convicted = "Persons convicted"


@dataclass(frozen=True, slots=True)
class DetectedVictim:
    """One detected victim of trafficking in persons, as one agency recorded them.

    ``linkage_key`` identifies the person across agencies' lists (for example a hash of name and
    date of birth); records without one cannot be linked and are not used for MSE.
    """

    record_id: str
    country: str
    year: int
    form: FormOfExploitation = FormOfExploitation.unknown
    sex: Sex = Sex.unknown
    age_group: AgeGroup = AgeGroup.unknown
    citizenship: str | None = None
    detecting_agency: DetectingAgency | str = DetectingAgency.unknown
    linkage_key: str | None = None
    case_id: str | None = None

    @property
    def domestic(self) -> bool | None:
        """True when a citizen of the country of detection; None if citizenship is unknown."""
        return None if self.citizenship is None else self.citizenship == self.country


@dataclass(frozen=True, slots=True)
class TraffickingSuspect:
    """A person suspected, prosecuted or convicted for trafficking in persons."""

    record_id: str
    country: str
    year: int
    stage: JusticeStage
    sex: Sex = Sex.unknown
    age_group: AgeGroup = AgeGroup.unknown
    citizenship: str | None = None
    form: FormOfExploitation = FormOfExploitation.unknown
    case_id: str | None = None


@dataclass(frozen=True, slots=True)
class TraffickingCase:
    """A case (criminal event) of trafficking in persons, linking victims and suspects."""

    case_id: str
    country: str
    year: int
    forms: tuple[FormOfExploitation, ...] = ()
    victim_ids: tuple[str, ...] = ()
    suspect_ids: tuple[str, ...] = ()
    detecting_agency: DetectingAgency | str = DetectingAgency.unknown


@dataclass(frozen=True, slots=True)
class CensoredCount:
    """A published count that may be suppressed: exactly ``lower`` when ``lower == upper``.

    GLOTIP publishes counts of 1 to 4 as ``<5``: that is ``CensoredCount(1, 4, "<5")``, never 0
    nor 5. Sums and rates carry both bounds.
    """

    lower: int
    upper: int
    text: str = ""

    def __post_init__(self) -> None:
        if self.lower < 0 or self.upper < self.lower:
            raise ValueError(f"invalid censored count [{self.lower}, {self.upper}]")

    @classmethod
    def exact(cls, value: int) -> CensoredCount:
        """A count known exactly."""
        return cls(value, value, str(value))

    @property
    def is_exact(self) -> bool:
        """True when the count is known exactly."""
        return self.lower == self.upper

    @property
    def value(self) -> int | None:
        """The count if exact, else None."""
        return self.lower if self.is_exact else None

    def __add__(self, other: CensoredCount) -> CensoredCount:
        return CensoredCount(self.lower + other.lower, self.upper + other.upper)

    def __str__(self) -> str:
        if self.text:
            return self.text
        return str(self.lower) if self.is_exact else f"[{self.lower}, {self.upper}]"


@dataclass(frozen=True, slots=True)
class GlotipRecord:
    """One row of the GLOTIP country data file (one count, possibly censored)."""

    iso3: str
    country: str
    region: str
    subregion: str
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    year: int
    value: CensoredCount
    unit: str = "Counts"
    source: str = "GLOTIP"
    row: int | None = None
