"""Portal wording in English and Spanish."""

from __future__ import annotations

from typing import Any

__all__ = ["TEXTS"]

_DIMS_EN = {
    "dataset": "Table",
    "measure": "Measure",
    "iccs_code": "Offence (ICCS)",
    "area": "Area",
    "sex": "Sex",
    "age": "Age",
    "attempt": "Completed or attempted",
    "citizenship": "Citizenship",
    "status": "Status",
    "year": "Year",
}
_DIMS_ES = {
    "dataset": "Cuadro",
    "measure": "Medida",
    "iccs_code": "Delito (ICCS)",
    "area": "Área",
    "sex": "Sexo",
    "age": "Edad",
    "attempt": "Consumado o tentativa",
    "citizenship": "Nacionalidad",
    "status": "Situación",
    "year": "Año",
}
TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "skip": "Skip to content",
        "language": "Language",
        "other_language": "Español",
        "release": "Release",
        "embargoed": "Embargoed until",
        "home": "← All statistics",
        "intro": "Official crime and criminal-justice statistics: offences, victims and persons at "
        "each stage of the justice system, classified to the International Classification of Crime "
        "for Statistical Purposes (ICCS), with SDG 16 indicators. Small counts are protected; "
        "every figure carries its flags and footnotes.",
        "indicators": "SDG indicators",
        "sections": "Offences by ICCS section",
        "downloads": "Downloads",
        "structure": "SDMX structure",
        "bulk": "Everything (zip)",
        "filters": "Filters",
        "breakdown": "Break down by",
        "series": "Time series",
        "by": "By",
        "table": "Table",
        "value": "Value",
        "flag": "Flag",
        "footnotes": "Footnotes",
        "notes": "About these data",
        "showing": "Rows shown:",
        "notshown": "not shown",
        "confidential": "confidential",
        "suppressed": "suppressed",
        "confidential_help": "a small count, not published to protect the people counted",
        "suppressed_help": "hidden so that a confidential count cannot be worked out from totals",
        "dims": _DIMS_EN,
        "measures": {"count": "Number", "rate": "Per 100,000 population"},
        "meta": {
            "definition": "Definition",
            "unit": "Counting unit",
            "coverage": "Coverage",
            "source": "Source",
            "method": "Disclosure control",
        },
    },
    "es": {
        "skip": "Ir al contenido",
        "language": "Idioma",
        "other_language": "English",
        "release": "Publicación",
        "embargoed": "Embargado hasta",
        "home": "← Todas las estadísticas",
        "intro": "Estadísticas oficiales de delincuencia y justicia penal: delitos, víctimas y "
        "personas en cada etapa del sistema de justicia, clasificados según la Clasificación "
        "Internacional de Delitos con Fines Estadísticos (ICCS), con indicadores ODS 16. Los "
        "recuentos pequeños están protegidos; cada cifra lleva sus marcas y notas.",
        "indicators": "Indicadores ODS",
        "sections": "Delitos por sección de la ICCS",
        "downloads": "Descargas",
        "structure": "Estructura SDMX",
        "bulk": "Todo (zip)",
        "filters": "Filtros",
        "breakdown": "Desglosar por",
        "series": "Serie temporal",
        "by": "Por",
        "table": "Cuadro",
        "value": "Valor",
        "flag": "Marca",
        "footnotes": "Notas",
        "notes": "Sobre estos datos",
        "showing": "Filas mostradas:",
        "notshown": "no publicado",
        "confidential": "confidencial",
        "suppressed": "suprimido",
        "confidential_help": "un recuento pequeño, no publicado para proteger a las personas",
        "suppressed_help": "ocultado para que un recuento confidencial no pueda deducirse de los "
        "totales",
        "dims": _DIMS_ES,
        "measures": {"count": "Número", "rate": "Por 100.000 habitantes"},
        "meta": {
            "definition": "Definición",
            "unit": "Unidad de conteo",
            "coverage": "Cobertura",
            "source": "Fuente",
            "method": "Control de divulgación",
        },
    },
}
