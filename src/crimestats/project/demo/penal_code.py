"""The demo country's penal code, its correspondence to ICCS, regions and agencies (all synthetic).

The "Demo Republic" (user-assigned ISO code ``XDM``) is invented: its codes, labels and volumes are
made up to look like a real office's, not taken from any country.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AGENCIES", "COUNTRY", "OFFENCES", "REGIONS", "Offence"]

COUNTRY = ("XDM", "Demo Republic (synthetic data)")


@dataclass(frozen=True, slots=True)
class Offence:
    """A national offence: code, labels, ICCS targets with weights, relative frequency, kind."""

    code: str
    label_es: str
    label_en: str
    targets: tuple[tuple[str, float], ...]
    frequency: float
    against_person: bool
    attempt_code: bool = False


OFFENCES: tuple[Offence, ...] = (
    Offence("H01", "Homicidio", "Homicide", (("0101", 1.0),), 0.4, True),
    Offence("H02", "Homicidio frustrado", "Attempted homicide", (("0102", 1.0),), 0.3, True, True),
    Offence("H03", "Femicidio", "Femicide", (("0101", 1.0),), 0.05, True),
    Offence(
        "H04",
        "Homicidio culposo en accidente de tránsito",
        "Death by negligent driving",
        (("010321", 1.0),),
        0.3,
        True,
    ),
    Offence("L01", "Lesiones graves", "Grievous bodily harm", (("020111", 1.0),), 4.0, True),
    Offence("L02", "Lesiones leves", "Minor injuries", (("020112", 1.0),), 9.0, True),
    Offence("L03", "Amenazas", "Threats", (("02012", 1.0),), 6.0, True),
    Offence("L04", "Secuestro", "Kidnapping", (("02022", 1.0),), 0.2, True),
    Offence(
        "L05",
        "Violencia intrafamiliar",
        "Domestic violence",
        (("020111", 0.3), ("020112", 0.7)),
        5.0,
        True,
    ),
    Offence("L06", "Acoso", "Harassment", (("02081", 1.0),), 1.5, True),
    Offence("S01", "Violación", "Rape", (("03011", 1.0),), 0.8, True),
    Offence("S02", "Abuso sexual", "Sexual abuse", (("03012", 1.0),), 1.2, True),
    Offence(
        "S03",
        "Explotación sexual de menores",
        "Sexual exploitation of children",
        (("03022", 1.0),),
        0.1,
        True,
    ),
    Offence(
        "R01",
        "Robo con violencia o intimidación",
        "Robbery with violence or intimidation",
        (("04011", 1.0),),
        7.0,
        True,
    ),
    Offence("R02", "Robo de vehículo con violencia", "Carjacking", (("040121", 1.0),), 0.8, True),
    Offence(
        "R03",
        "Robo con fuerza en lugar habitado",
        "Burglary of an inhabited place",
        (("05012", 1.0),),
        6.0,
        False,
    ),
    Offence(
        "R04",
        "Robo con fuerza en lugar no habitado",
        "Burglary of a non-inhabited place",
        (("05011", 0.7), ("05013", 0.3)),
        4.0,
        False,
    ),
    Offence("P01", "Hurto", "Theft", (("0502", 1.0),), 18.0, False),
    Offence("P02", "Hurto de vehículo", "Theft of a vehicle", (("050211", 1.0),), 5.0, False),
    Offence("P03", "Hurto en tiendas", "Shoplifting", (("050231", 1.0),), 6.0, False),
    Offence("P04", "Daños", "Criminal damage", (("0504", 1.0),), 7.0, False),
    Offence("D01", "Tráfico de drogas", "Drug trafficking", (("060121", 1.0),), 2.0, False),
    Offence(
        "D02",
        "Microtráfico",
        "Small-scale drug dealing",
        (("060121", 0.8), ("06011", 0.2)),
        3.0,
        False,
    ),
    Offence(
        "D03",
        "Consumo de drogas en vía pública",
        "Drug use in public",
        (("06011", 1.0),),
        4.0,
        False,
    ),
    Offence("F01", "Estafa", "Fraud", (("07011", 0.6), ("07019", 0.4)), 5.0, False),
    Offence("F02", "Cohecho", "Bribery", (("07031", 1.0),), 0.3, False),
    Offence(
        "F03", "Malversación de caudales públicos", "Embezzlement", (("07032", 1.0),), 0.2, False
    ),
    Offence("O01", "Desórdenes públicos", "Public disorder", (("08011", 1.0),), 1.5, False),
    Offence(
        "O02", "Obstrucción a la justicia", "Obstruction of justice", (("08061", 1.0),), 0.5, False
    ),
    Offence(
        "A01",
        "Porte ilegal de arma de fuego",
        "Illegal carrying of a firearm",
        (("09011", 1.0),),
        1.2,
        False,
    ),
    Offence(
        "A02", "Conducción en estado de ebriedad", "Drunk driving", (("02072", 1.0),), 4.0, False
    ),
    Offence("E01", "Delito ambiental", "Environmental offence", (("1001", 1.0),), 0.2, False),
)

#: code, name, population share
REGIONS: tuple[tuple[str, str, float], ...] = (
    ("R01", "Capital", 0.32),
    ("R02", "Norte", 0.14),
    ("R03", "Sur", 0.16),
    ("R04", "Costa", 0.15),
    ("R05", "Sierra", 0.12),
    ("R06", "Oriente", 0.11),
)

#: file stem, agency name, share of police records, regions covered
AGENCIES: tuple[tuple[str, str, float, tuple[str, ...]], ...] = (
    ("policia_nacional", "Policía Nacional", 0.62, ("R01", "R02", "R03", "R04", "R05", "R06")),
    ("policia_municipal", "Policía Municipal de la Capital", 0.18, ("R01",)),
    ("gendarmeria", "Gendarmería Rural", 0.20, ("R04", "R05", "R06")),
)
