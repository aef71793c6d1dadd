"""NIBRS code lists in ICCS terms: victim-offender relationship (ViP), weapon (We), offense codes.

The maps are on NIBRS *codes* (``SE``, ``11A``), never on lookup ids, which differ between layouts.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["RELATIONSHIP_VIP", "WEAPON_WE", "nibrs_correspondence"]

#: NIBRS relationship code (victim was ... of the offender) → ICCS ViP code. ICCS Table IV files
#: relatives by marriage or adoption, and step-relatives, under "other household member" (4).
RELATIONSHIP_VIP: dict[str, int] = {
    "SE": 1,  # spouse
    "CS": 1,  # common-law spouse
    "BG": 1,  # boyfriend/girlfriend
    "HR": 1,  # homosexual relationship (a current partner; code retired in later manuals)
    "XS": 2,  # ex-spouse
    "XR": 2,  # ex-relationship (ex-boyfriend/girlfriend)
    "PA": 3,  # parent
    "CH": 3,  # child
    "SB": 3,  # sibling
    "GP": 3,  # grandparent
    "GC": 3,  # grandchild
    "OF": 3,  # other family member: mostly blood relatives (aunts, uncles, cousins)
    "IL": 4,  # in-law
    "SP": 4,  # stepparent
    "SC": 4,  # stepchild
    "SS": 4,  # stepsibling
    "CF": 4,  # child of boyfriend or girlfriend
    "FR": 5,  # friend
    "AQ": 6,  # acquaintance
    "NE": 6,  # neighbor
    "EE": 7,  # victim was employee
    "ER": 7,  # victim was employer
    "BE": 8,  # victim was babysittee: the offender had the victim in care
    "OK": 9,  # otherwise known
    "ST": 10,  # stranger
    "RU": 11,  # relationship unknown
    "VO": 11,  # victim was offender: no relationship to another person is stated
}

#: NIBRS weapon/force code → ICCS We code (1 firearm, 2 knife or sharp object, 3 other means,
#: 4 unknown means, 5 not applicable). A trailing "A" (automatic firearm) does not change the class.
WEAPON_WE: dict[str, int] = {
    **dict.fromkeys(("11", "12", "13", "14", "15"), 1),
    **dict.fromkeys(("11A", "12A", "13A", "14A", "15A"), 1),
    **dict.fromkeys(("16", "20"), 2),
    **dict.fromkeys(("17", "30", "35", "40", "50", "55", "60", "65", "70", "75", "80", "85"), 3),
    "90": 3,
    "95": 4,
    "01": 5,  # unarmed
    "99": 5,  # none
}


def nibrs_correspondence() -> Path:
    """The built-in NIBRS offense code → ICCS correspondence shipped with crimestats."""
    return Path(str(resources.files("crimestats").joinpath("data", "nibrs", "nibrs_iccs.csv")))
