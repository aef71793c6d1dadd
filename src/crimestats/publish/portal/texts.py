"""Portal wording in English and Spanish: page text, the strings the page script needs, and numbers
written the way each language writes them."""

from __future__ import annotations

from typing import Any

__all__ = ["SCRIPT_TEXTS", "TEXTS", "format_number", "format_percent"]

TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "skip": "Skip to main content",
        "tagline": "Crime and criminal-justice statistics",
        "language": "Language",
        "other_language": "Español",
        "breadcrumb": "Breadcrumb",
        "home": "Home",
        "release": "Release",
        "published": "Published",
        "country": "Country",
        "classification": "Classification",
        "years": "Years",
        "previous": "Previous release",
        "revisions": "Cells revised since the previous release",
        "revisions_file": "list of revisions (CSV)",
        "revision_kinds": {"changed": "changed", "added": "added", "removed": "removed"},
        "embargoed": "Embargoed until",
        "intro": "Official statistics on offences, victims and persons at each stage of the "
        "criminal-justice system, classified to the International Classification of Crime for "
        "Statistical Purposes (ICCS), and the SDG 16 indicators computed from them. Small counts "
        "are protected, and every figure carries its flags and footnotes.",
        "key_figures": "Key figures",
        "key_figures_note": "Offences recorded by the police in {year}, whole country, for the "
        "main ICCS categories.",
        "per_100k": "per 100,000 population",
        "change_up": "up {pct} on {year}",
        "change_down": "down {pct} on {year}",
        "change_same": "unchanged on {year}",
        "not_published": "not published",
        "indicators": "SDG 16 indicators",
        "not_in_release": "Not reported in this release",
        "sections": "Offences by ICCS section",
        "sections_note": "Offences recorded by the police in {year}, by section of the ICCS. "
        "Each section has its own page with every table of the release.",
        "coverage": "Reporting coverage",
        "coverage_note": "The administrative sources of this release: how many records each "
        "supplied and how many were counted. Records set aside (for example duplicates or dates "
        "out of range) are listed with the reason in the quality report.",
        "source": "Source",
        "stage": "Stage",
        "counting_unit": "Counting unit",
        "records_in": "Records received",
        "counted": "Counted",
        "set_aside": "Set aside",
        "share_counted": "Share counted",
        "coverage_notes": "Coverage notes",
        "none": "none",
        "downloads": "Downloads",
        "downloads_note": "Every table as tidy CSV (one row per observation, Open SDG style) and "
        "as SDMX (SDMX-ML 3.0 and SDMX-CSV 2.0 against the release's own data structure), all "
        "tables in one Excel workbook, and the whole release in one zip file.",
        "table_title": "Table",
        "rows": "Rows",
        "workbook": "Excel workbook, all tables",
        "structure": "SDMX structure (data structure definition and code lists)",
        "bulk": "Whole release (zip)",
        "sdg_files": "SDG indicator series",
        "api": "Data API (OpenAPI documentation, served by crimestats serve)",
        "about": "About these statistics",
        "flags_legend": "Flags and footnotes",
        "footer_made": "Produced with crimestats",
        "filters": "Choose the data",
        "filters_help": "Every change updates the charts, the table and the download links.",
        "dataset": "Statistic",
        "offence": "Offence (ICCS)",
        "measure": "Unit",
        "breakdown": "Break down by",
        "year": "Year of the bar chart",
        "series": "Over time",
        "chart_top": "The chart shows the {n} largest categories; the table has all of them.",
        "by_year": "By {dim}, {year}",
        "table": "Data table",
        "table_caption": "{what}: {selection}, by {dim} and year",
        "data_for_chart": "The data table below gives every value in these charts.",
        "no_data": "No data for this selection.",
        "headline": "{what}: {value} in {year}",
        "latest_published": "latest published: {value} in {year}",
        "confidential": "confidential",
        "suppressed": "suppressed",
        "records": {
            "police": "police records",
            "prosecution": "prosecution records",
            "courts": "court records",
            "prisons": "prison records",
        },
        "this_table": "This table (CSV)",
        "this_dataset": "Downloads for the statistic shown",
        "all_data": "All tables",
        "notes": "About these data",
        "definition": "Definition",
        "includes": "Includes",
        "excludes": "Excludes",
        "unit_meta": "Counting unit",
        "coverage_meta": "Coverage",
        "source_meta": "Source",
        "method": "Disclosure control",
        "numerator": "Numerator",
        "denominator": "Denominator",
        "sdg_series": "SDG series",
        "custodian": "Custodian agency",
        "covers": "What this section covers",
        "section_crumb": "ICCS section {code}",
        "indicator_crumb": "SDG indicator {code}",
        "section_lead": "Section {code} of the International Classification of Crime for "
        "Statistical Purposes: offences, victims and persons at each stage of the justice system.",
        "noscript": "The charts and the filters need JavaScript. The data are in the downloads "
        "below.",
        "coverage_years": "Years {first} to {last}",
        "coverage_areas": "the whole country and {n} regions",
        "coverage_nation": "the whole country",
        "coverage_sources": "{n} records from {sources}",
        "method_text": "Counts above 0 and below {threshold:g} are confidential (flag c). "
        "Further cells are suppressed (flag s), as few and as small as linear and integer "
        "programs find, so that no confidential count can be worked out from the totals to "
        "within less than {protection:g}; every hidden count was checked against such an attack.",
        "flag_c": "confidential: a small count, not published to protect the people counted",
        "flag_s": "suppressed: hidden so that a confidential count cannot be worked out from "
        "totals",
        "no_row": "no observation for that year",
        "stages": {
            "police": "Police",
            "prosecution": "Prosecution",
            "courts": "Courts",
            "prisons": "Prisons",
        },
        "units": {
            "offences": "Offences",
            "incidents": "Incidents (principal offence)",
            "victims": "Victims",
            "persons": "Persons",
        },
    },
    "es": {
        "skip": "Ir al contenido principal",
        "tagline": "Estadísticas de delincuencia y justicia penal",
        "language": "Idioma",
        "other_language": "English",
        "breadcrumb": "Ruta de navegación",
        "home": "Inicio",
        "release": "Publicación",
        "published": "Publicada",
        "country": "País",
        "classification": "Clasificación",
        "years": "Años",
        "previous": "Publicación anterior",
        "revisions": "Celdas revisadas desde la publicación anterior",
        "revisions_file": "lista de revisiones (CSV)",
        "revision_kinds": {"changed": "modificadas", "added": "añadidas", "removed": "retiradas"},
        "embargoed": "Embargada hasta",
        "intro": "Estadísticas oficiales sobre delitos, víctimas y personas en cada etapa del "
        "sistema de justicia penal, clasificados según la Clasificación Internacional de Delitos "
        "con Fines Estadísticos (ICCS), y los indicadores del ODS 16 calculados a partir de ellos. "
        "Los recuentos pequeños están protegidos y cada cifra lleva sus marcas y notas.",
        "key_figures": "Cifras clave",
        "key_figures_note": "Delitos registrados por la policía en {year}, todo el país, en las "
        "principales categorías de la ICCS.",
        "per_100k": "por 100.000 habitantes",
        "change_up": "sube un {pct} respecto a {year}",
        "change_down": "baja un {pct} respecto a {year}",
        "change_same": "sin cambios respecto a {year}",
        "not_published": "no publicado",
        "indicators": "Indicadores del ODS 16",
        "not_in_release": "Sin datos en esta publicación",
        "sections": "Delitos por sección de la ICCS",
        "sections_note": "Delitos registrados por la policía en {year}, por sección de la ICCS. "
        "Cada sección tiene su página con todos los cuadros de la publicación.",
        "coverage": "Cobertura de las fuentes",
        "coverage_note": "Las fuentes administrativas de esta publicación: cuántos registros "
        "aportó cada una y cuántos se contaron. Los registros apartados (por ejemplo duplicados o "
        "fechas fuera de rango) figuran con el motivo en el informe de calidad.",
        "source": "Fuente",
        "stage": "Etapa",
        "counting_unit": "Unidad de conteo",
        "records_in": "Registros recibidos",
        "counted": "Contados",
        "set_aside": "Apartados",
        "share_counted": "Porcentaje contado",
        "coverage_notes": "Notas de cobertura",
        "none": "ninguna",
        "downloads": "Descargas",
        "downloads_note": "Cada cuadro en CSV ordenado (una fila por observación, como Open SDG) "
        "y en SDMX (SDMX-ML 3.0 y SDMX-CSV 2.0 según la estructura de datos propia de la "
        "publicación), todos los cuadros en un libro de Excel y la publicación completa en un zip.",
        "table_title": "Cuadro",
        "rows": "Filas",
        "workbook": "Libro de Excel, todos los cuadros",
        "structure": "Estructura SDMX (definición de la estructura de datos y listas de códigos)",
        "bulk": "Publicación completa (zip)",
        "sdg_files": "Series de indicadores ODS",
        "api": "API de datos (documentación OpenAPI, servida por crimestats serve)",
        "about": "Sobre estas estadísticas",
        "flags_legend": "Marcas y notas",
        "footer_made": "Elaborado con crimestats",
        "filters": "Elija los datos",
        "filters_help": "Cada cambio actualiza los gráficos, el cuadro y los enlaces de descarga.",
        "dataset": "Estadística",
        "offence": "Delito (ICCS)",
        "measure": "Unidad",
        "breakdown": "Desglosar por",
        "year": "Año del gráfico de barras",
        "series": "Evolución",
        "chart_top": "El gráfico muestra las {n} categorías mayores; el cuadro las tiene todas.",
        "by_year": "Por {dim}, {year}",
        "table": "Cuadro de datos",
        "table_caption": "{what}: {selection}, por {dim} y año",
        "data_for_chart": "El cuadro de datos de abajo da cada valor de estos gráficos.",
        "no_data": "No hay datos para esta selección.",
        "headline": "{what}: {value} en {year}",
        "latest_published": "último dato publicado: {value} en {year}",
        "confidential": "confidencial",
        "suppressed": "suprimido",
        "records": {
            "police": "registros policiales",
            "prosecution": "registros de la fiscalía",
            "courts": "registros judiciales",
            "prisons": "registros penitenciarios",
        },
        "this_table": "Este cuadro (CSV)",
        "this_dataset": "Descargas de la estadística mostrada",
        "all_data": "Todos los cuadros",
        "notes": "Sobre estos datos",
        "definition": "Definición",
        "includes": "Incluye",
        "excludes": "Excluye",
        "unit_meta": "Unidad de conteo",
        "coverage_meta": "Cobertura",
        "source_meta": "Fuente",
        "method": "Control de divulgación",
        "numerator": "Numerador",
        "denominator": "Denominador",
        "sdg_series": "Serie ODS",
        "custodian": "Organismo custodio",
        "covers": "Qué abarca esta sección",
        "section_crumb": "Sección {code} de la ICCS",
        "indicator_crumb": "Indicador ODS {code}",
        "section_lead": "Sección {code} de la Clasificación Internacional de Delitos con Fines "
        "Estadísticos: delitos, víctimas y personas en cada etapa del sistema de justicia.",
        "noscript": "Los gráficos y los filtros necesitan JavaScript. Los datos están en las "
        "descargas de abajo.",
        "coverage_years": "Años {first} a {last}",
        "coverage_areas": "todo el país y {n} regiones",
        "coverage_nation": "todo el país",
        "coverage_sources": "{n} registros de {sources}",
        "method_text": "Los recuentos mayores que 0 y menores que {threshold:g} son "
        "confidenciales (marca c). Otras celdas se suprimen (marca s), las menos y más pequeñas "
        "que hallan programas lineales y enteros, para que ningún recuento confidencial pueda "
        "deducirse de los totales con un margen menor que {protection:g}; cada recuento oculto "
        "se comprobó frente a ese ataque.",
        "flag_c": "confidencial: un recuento pequeño, no publicado para proteger a las personas "
        "contadas",
        "flag_s": "suprimido: ocultado para que un recuento confidencial no pueda deducirse de "
        "los totales",
        "no_row": "sin observación para ese año",
        "stages": {
            "police": "Policía",
            "prosecution": "Fiscalía",
            "courts": "Tribunales",
            "prisons": "Prisiones",
        },
        "units": {
            "offences": "Delitos",
            "incidents": "Hechos (delito principal)",
            "victims": "Víctimas",
            "persons": "Personas",
        },
    },
}

#: The strings the page script uses (the rest of the wording is in the HTML).
SCRIPT_TEXTS = (
    "chart_top",
    "by_year",
    "table_caption",
    "no_data",
    "headline",
    "latest_published",
    "confidential",
    "suppressed",
    "not_published",
    "change_up",
    "change_down",
    "change_same",
    "includes",
    "excludes",
)


def format_number(value: float | None, lang: str, digits: int = 0) -> str:
    """Like the page script's Intl.NumberFormat: 12,345.6 in English, 12.345,6 in Spanish (where
    four-digit numbers are not grouped)."""
    if value is None:
        return ""
    whole, _, fraction = f"{value:,.{digits}f}".partition(".")
    if lang == "es":
        whole = whole.replace(",", "" if abs(value) < 10_000 else ".")
        return whole + ("," + fraction if fraction else "")
    return whole + ("." + fraction if fraction else "")


def format_percent(share: float | None, lang: str) -> str:
    """A share (0.057) as a percentage of one decimal: 5.7% in English, 5,7 % in Spanish."""
    if share is None:
        return ""
    number = format_number(abs(share) * 100, lang, 1)
    return f"{number}\u00a0%" if lang == "es" else f"{number}%"
