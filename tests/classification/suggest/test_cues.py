"""Reading the qualifiers of an offence title: victim, object, purpose, direction, setting."""

from __future__ import annotations

import pytest

from crimestats.classification.suggest.cues import read_cues


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "Trata de seres humanos con fines de explotación laboral",
            {"trafficking", "labour_purpose"},
            {"sexual_purpose", "organ_purpose"},
        ),
        ("Sustracción de menores por uno de los progenitores", {"abduction", "parent"}, set()),
        ("Offering a bribe to a customs officer", {"bribery", "active"}, {"passive"}),
        ("Cohecho pasivo propio", {"bribery", "passive"}, {"active"}),
        (
            "Possession of cocaine with intent to supply",
            {"drugs", "personal_use", "supply_purpose"},
            {"paraphernalia"},
        ),
        ("Conducción bajo los efectos del alcohol", {"driving", "alcohol", "traffic"}, {"death"}),
        ("Hurto de uso de vehículo a motor", {"theft", "vehicle", "temporary_use"}, {"violence"}),
        ("Receiving stolen goods", {"stolen_goods"}, set()),
        ("Violación de persona privada de sentido", {"rape", "without_force"}, {"minor"}),
        ("Wilfully killing civilians in an armed conflict", {"universal", "lethal"}, set()),
        ("Causing serious injury by a dangerous act", {"injury"}, {"lethal", "universal"}),
    ],
)
def test_cues_in_titles(text: str, present: set[str], absent: set[str]) -> None:
    cues = read_cues(text)
    assert {name for name in present if not getattr(cues, name)} == set()
    assert {name for name in absent if getattr(cues, name)} == set()


def test_cues_ignore_case_and_accents() -> None:
    assert read_cues("HOMICIDIO CULPOSO EN ACCIDENTE DE TRÁNSITO").driving
    assert read_cues("homicidio culposo en accidente de transito").negligence
