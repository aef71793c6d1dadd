"""Names of dimensions and codes on the portal, in English and Spanish, in the order pages list them.

The code lists follow the release's SDMX code lists (CL_SEX, CL_AGE, ...); SDG indicator names in
Spanish are the official UN translations, their definitions are ours.
"""

from __future__ import annotations

from typing import NamedTuple

from crimestats.model.indicators import IndicatorSpec

__all__ = [
    "CODES",
    "DIMENSIONS",
    "INDICATOR_TEXTS_ES",
    "MEASURES",
    "IndicatorText",
    "dimension_names",
    "indicator_text",
]

#: Dimension names (column headers, filter labels), by language.
DIMENSIONS: dict[str, dict[str, str]] = {
    "en": {
        "dataset": "Statistic",
        "measure": "Unit",
        "iccs_code": "Offence (ICCS)",
        "area": "Area",
        "sex": "Sex",
        "age": "Age",
        "attempt": "Completed or attempted",
        "citizenship": "Citizenship",
        "status": "Status",
        "year": "Year",
    },
    "es": {
        "dataset": "Estadística",
        "measure": "Unidad",
        "iccs_code": "Delito (ICCS)",
        "area": "Área",
        "sex": "Sexo",
        "age": "Edad",
        "attempt": "Consumado o tentativa",
        "citizenship": "Nacionalidad",
        "status": "Situación",
        "year": "Año",
    },
}

#: The lower-case form used inside sentences ("by sex, 2024").
_IN_SENTENCE: dict[str, dict[str, str]] = {
    "en": {"iccs_code": "offence category", "attempt": "completed or attempted"},
    "es": {"iccs_code": "categoría de delito", "attempt": "consumado o tentativa"},
}

#: Codes of each breakdown, in display order, with their names: (code, English, Spanish).
CODES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "sex": (
        ("_T", "Total", "Total"),
        ("F", "Female", "Mujeres"),
        ("M", "Male", "Hombres"),
        ("_U", "Unknown", "Desconocido"),
    ),
    "age": (
        ("_T", "Total", "Total"),
        ("Y0T14", "Under 15", "Menos de 15"),
        ("Y15T29", "15 to 29", "15 a 29"),
        ("Y30T44", "30 to 44", "30 a 44"),
        ("Y45T59", "45 to 59", "45 a 59"),
        ("Y_GE60", "60 and over", "60 y más"),
        ("_U", "Unknown", "Desconocida"),
    ),
    "attempt": (
        ("_T", "Total", "Total"),
        ("completed", "Completed", "Consumados"),
        ("attempted", "Attempted", "Tentativas"),
    ),
    "citizenship": (
        ("_T", "Total", "Total"),
        ("national", "Nationals", "Nacionales"),
        ("foreign", "Foreign citizens", "Extranjeros"),
        ("_U", "Unknown", "Desconocida"),
    ),
    "status": (
        ("_T", "Total", "Total"),
        ("convicted", "Convicted", "Condenados"),
        ("acquitted", "Acquitted", "Absueltos"),
        ("sentenced", "Sentenced", "Con condena"),
        ("unsentenced", "Unsentenced", "Sin condena"),
    ),
}

#: Units of measure: release measures and SDG units.
MEASURES: dict[str, dict[str, str]] = {
    "en": {
        "count": "Number",
        "rate": "Per 100,000 population",
        "PER_100000_POP": "Per 100,000 population",
        "PT": "Percent",
        "NUMBER": "Number",
    },
    "es": {
        "count": "Número",
        "rate": "Por 100.000 habitantes",
        "PER_100000_POP": "Por 100.000 habitantes",
        "PT": "Porcentaje",
        "NUMBER": "Número",
    },
}

#: SDG indicators in Spanish (name as officially translated by the UN; definition, numerator and
#: denominator ours), by indicator id.
INDICATOR_TEXTS_ES: dict[str, tuple[str, str, str, str]] = {
    "16.1.1": (
        "Número de víctimas de homicidios intencionales por cada 100.000 habitantes, desglosado "
        "por sexo y edad",
        "Víctimas de homicidio intencional (ICCS 0101; se excluyen las tentativas, ICCS 0102) en "
        "el año, por cada 100.000 habitantes.",
        "víctimas de homicidio intencional (ICCS 0101), de registros policiales o recuentos de dataUNODC",
        "población residente en el año",
    ),
    "16.1.3": (
        "Proporción de la población que ha sufrido a) violencia física, b) violencia psicológica y "
        "c) violencia sexual en los últimos 12 meses",
        "Personas encuestadas que fueron víctimas de violencia física, psicológica o sexual en los "
        "12 meses anteriores a la entrevista, en porcentaje de la población encuestada.",
        "personas encuestadas (ponderadas) víctimas en los 12 meses anteriores",
        "personas encuestadas (ponderadas)",
    ),
    "16.1.4": (
        "Proporción de la población que se siente segura al caminar sola en su zona de residencia "
        "después de que oscurece",
        "Personas encuestadas que se sienten seguras o muy seguras caminando solas por su zona "
        "después de que oscurece, en porcentaje de las personas encuestadas.",
        "personas encuestadas (ponderadas) que se sienten seguras o muy seguras",
        "personas encuestadas (ponderadas)",
    ),
    "16.2.2": (
        "Número de víctimas de la trata de personas por cada 100.000 habitantes, desglosado por "
        "sexo, edad y tipo de explotación",
        "Víctimas detectadas de la trata de personas en el año, por cada 100.000 habitantes "
        "(recopilación GLOTIP; los recuentos menores que 5 se publican como «<5»).",
        "víctimas detectadas de la trata de personas",
        "población residente en el año",
    ),
    "16.3.1": (
        "Proporción de víctimas de violencia en los últimos 12 meses que han notificado su "
        "victimización a las autoridades competentes u otros mecanismos de resolución de "
        "conflictos reconocidos oficialmente",
        "Víctimas de agresión física, agresión sexual o robo en los 12 meses anteriores que "
        "denunciaron el último hecho a la policía u otra autoridad competente, en porcentaje de "
        "esas víctimas.",
        "víctimas (ponderadas) que denunciaron a las autoridades competentes",
        "víctimas (ponderadas) de violencia en los 12 meses anteriores",
    ),
    "16.3.2": (
        "Detenidos que no han sido sentenciados como proporción de la población carcelaria total",
        "Personas privadas de libertad en prisiones o instituciones penitenciarias sin condena "
        "(prisión preventiva o a la espera de sentencia firme), en porcentaje de todas las "
        "personas privadas de libertad, en un día dado.",
        "personas privadas de libertad sin condena",
        "todas las personas privadas de libertad",
    ),
    "16.4.2": (
        "Proporción de armas incautadas, encontradas o entregadas cuyo origen o contexto ilícitos "
        "han sido determinados o establecidos por una autoridad competente, de conformidad con "
        "los instrumentos internacionales",
        "Armas incautadas, encontradas o entregadas en el año cuyo origen o contexto ilícito fue "
        "determinado o establecido, en porcentaje de todas esas armas.",
        "armas cuyo origen o contexto ilícito fue determinado o establecido",
        "armas incautadas, encontradas o entregadas",
    ),
    "16.5.1": (
        "Proporción de las personas que han tenido por lo menos un contacto con un funcionario "
        "público y que han pagado un soborno a un funcionario público, o a las que un funcionario "
        "público les ha pedido un soborno, durante los 12 meses anteriores",
        "Personas encuestadas que pagaron un soborno a un funcionario público, o a las que se lo "
        "pidieron, en los 12 meses anteriores, en porcentaje de las que tuvieron al menos un "
        "contacto con un funcionario público en ese periodo.",
        "personas encuestadas (ponderadas) que pagaron un soborno o a las que se lo pidieron",
        "personas encuestadas (ponderadas) con al menos un contacto con un funcionario público",
    ),
}


def dimension_names(lang: str, *, in_sentence: bool = False) -> dict[str, str]:
    """Dimension names in ``lang``; lower case for use inside a sentence."""
    names = DIMENSIONS[lang]
    if not in_sentence:
        return dict(names)
    return {k: _IN_SENTENCE[lang].get(k, v.lower()) for k, v in names.items()}


class IndicatorText(NamedTuple):
    """What a page says about an indicator."""

    name: str
    definition: str
    numerator: str
    denominator: str


def indicator_text(spec: IndicatorSpec, lang: str) -> IndicatorText:
    """An indicator's wording in ``lang`` (English where there is no translation)."""
    if lang == "es" and spec.id in INDICATOR_TEXTS_ES:
        return IndicatorText(*INDICATOR_TEXTS_ES[spec.id])
    return IndicatorText(spec.name, spec.definition, spec.numerator, spec.denominator)
