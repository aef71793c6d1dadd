"""SDG 16.2.2 from GLOTIP files: detected victims of trafficking per 100,000 population.

The rates come from :func:`crimestats.estimation.trafficking.detected_victim_rates` (total population
as the denominator for every sex, age group and form of exploitation). GLOTIP labels become SDG codes
(sex ``F``/``M``/``_T``, age ``Y0T17``/``Y_GE18``); the form of exploitation is the ``breakdown`` and
picks the series (``VC_HTF_DETV`` for all forms). A count published as ``<5`` stays censored: its value
is empty and ``flags`` says ``censored`` (the rate lies between 1 and 4 victims' worth).
"""

from __future__ import annotations

import pyarrow as pa

from crimestats.estimation.homicide.population import population_lookup
from crimestats.estimation.indicators.registry import IndicatorInputs
from crimestats.estimation.trafficking import detected_victim_rates
from crimestats.model import Finding, Location, Severity
from crimestats.model.indicators import IndicatorSpec, IndicatorValue

__all__ = ["TRAFFICKING_CHECKS", "detected_victims_rate"]

TRAFFICKING_CHECKS: dict[str, tuple[Severity, str]] = {
    "IND-NO-POPULATION": (Severity.WARNING, "no population for the country and year: no rate"),
}
_SERIES = {
    "Total": "VC_HTF_DETV",
    "Sexual exploitation": "VC_HTF_DETVSX",
    "Forced labour": "VC_HTF_DETVFL",
    "Other forms of exploitation": "VC_HTF_DETVOP",
    "Removal of organs": "VC_HTF_DETVOG",
}
_SEX = {"Total": "_T", "Female": "F", "Male": "M", "Other": "_O", "Unknown": "_U"}
_AGE = {"Total": "_T", "0 to 17 years": "Y0T17", "18 years or over": "Y_GE18", "Unknown": "_U"}


def _project_population(table: pa.Table, country: str) -> dict[tuple[str, int], float]:
    """The project's national totals (area, sex and age ``_T``) as population by (ISO3, year)."""
    out = {}
    for row in table.to_pylist():
        if (row["area"], row["sex"], row["age"]) == ("_T", "_T", "_T"):
            out[(country, int(row["year"]))] = float(row["population"])
    return out


def detected_victims_rate(
    spec: IndicatorSpec, inputs: IndicatorInputs
) -> tuple[list[IndicatorValue], list[Finding]]:
    """Detected victims per 100,000 population by sex, age group and form of exploitation."""
    findings: list[Finding] = []
    if inputs.country_population is not None:
        pop_source = inputs.sources.get("country_population", "population")
        population, found = population_lookup(inputs.country_population, pop_source)
        findings.extend(found)
    else:
        assert inputs.population is not None  # compute_indicators checks the inputs
        pop_source = "population/*.csv"
        population = _project_population(inputs.population, inputs.country)
    values: list[IndicatorValue] = []
    no_population: list[dict[str, object]] = []
    for name, records in inputs.glotip:
        for rate in detected_victim_rates(records, population, per=spec.multiplier):
            flags = []
            if rate.population is None:
                flags.append("no_population")
                no_population.append({"country": rate.country, "year": rate.year})
            if not rate.victims.is_exact:
                flags.append("censored")
            values.append(
                IndicatorValue(
                    indicator=spec.id,
                    series=_SERIES.get(rate.form, spec.series[0]),
                    area=rate.country,
                    year=rate.year,
                    value=rate.rate,
                    unit=spec.unit,
                    numerator=None if rate.victims.value is None else float(rate.victims.value),
                    denominator=rate.population,
                    sex=_SEX.get(rate.sex, rate.sex),
                    age=_AGE.get(rate.age, rate.age),
                    breakdown="_T" if rate.form == "Total" else rate.form,
                    sources=f"{name}: GLOTIP detected trafficking victims ({rate.victims}); "
                    f"{pop_source}",
                    flags=";".join(flags),
                )
            )
    if no_population:
        severity, text = TRAFFICKING_CHECKS["IND-NO-POPULATION"]
        findings.append(
            Finding(
                "IND-NO-POPULATION",
                severity,
                f"16.2.2: {len(no_population)} value(s): {text}",
                Location(source=pop_source),
                len(no_population),
                tuple(no_population[:5]),
            )
        )
    return values, findings
