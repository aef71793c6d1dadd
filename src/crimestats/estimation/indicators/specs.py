"""The built-in SDG 16 indicator specifications (series codes from the SDG DSD 1.4 codelist CL_SERIES)."""

from __future__ import annotations

from crimestats.model.indicators import IndicatorSpec

__all__ = ["BUILTIN_SPECS"]

_SEX_AGE = ("sex", "age")

BUILTIN_SPECS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        id="16.1.1",
        name="Number of victims of intentional homicide per 100,000 population, by sex and age",
        series=("VC_IHR_PSRC", "VC_IHR_PSRCN"),
        definition="Victims of intentional homicide (ICCS 0101; attempts, ICCS 0102, excluded) in the year, "
        "per 100,000 population.",
        numerator="victims of intentional homicide (ICCS 0101), police records or dataUNODC counts",
        denominator="resident population in the year",
        unit="PER_100000_POP",
        multiplier=100_000.0,
        disaggregations=_SEX_AGE,
        inputs=(("counts", "population"), ("dataunodc",)),
    ),
    IndicatorSpec(
        id="16.3.2",
        name="Unsentenced detainees as a proportion of overall prison population",
        series=("VC_PRS_UNSNT", "VC_PRS_UNSNTN"),
        definition="Persons held in prisons, penal or correctional institutions who have not been "
        "sentenced (pre-trial, awaiting final sentence), as a percentage of all persons held, on a "
        "given day.",
        numerator="persons held unsentenced",
        denominator="all persons held",
        unit="PT",
        multiplier=100.0,
        disaggregations=_SEX_AGE,
        inputs=(("counts",), ("dataunodc",)),
    ),
    IndicatorSpec(
        id="16.2.2",
        name="Number of victims of human trafficking per 100,000 population, by sex, age and form of "
        "exploitation",
        series=("VC_HTF_DETV", "VC_HTF_DETVSX", "VC_HTF_DETVFL", "VC_HTF_DETVOP", "VC_HTF_DETVOG"),
        definition="Detected victims of trafficking in persons in the year, per 100,000 population "
        "(GLOTIP data collection; counts below 5 are published as '<5' and stay censored).",
        numerator="detected victims of trafficking in persons",
        denominator="resident population in the year",
        unit="PER_100000_POP",
        multiplier=100_000.0,
        disaggregations=("sex", "age", "form_of_exploitation"),
        inputs=(("glotip", "population"),),
    ),
    IndicatorSpec(
        id="16.4.2",
        name="Proportion of seized, found or surrendered arms whose illicit origin or context has been "
        "traced or established by a competent authority in line with international instruments",
        series=("VC_ARM_SZTRACE",),
        definition="Arms seized, found or surrendered in the year whose illicit origin or context was "
        "traced or established, as a percentage of all arms seized, found or surrendered.",
        numerator="arms whose illicit origin or context was traced or established",
        denominator="arms seized, found or surrendered",
        unit="PT",
        multiplier=100.0,
        inputs=(("arms",),),
    ),
    IndicatorSpec(
        id="16.1.3",
        name="Proportion of population subjected to (a) physical violence, (b) psychological violence "
        "and (c) sexual violence in the previous 12 months",
        series=("VC_VOV_PHYL", "VC_VOV_ROBB", "VC_VOV_SEXL"),
        definition="Survey respondents who were victims of physical, psychological or sexual violence in "
        "the 12 months before the interview, as a percentage of the population surveyed.",
        numerator="weighted respondents victimised in the previous 12 months",
        denominator="weighted respondents",
        unit="PT",
        multiplier=100.0,
        disaggregations=_SEX_AGE,
        inputs=(("survey",),),
    ),
    IndicatorSpec(
        id="16.1.4",
        name="Proportion of population that feel safe walking alone around the area they live after dark",
        series=("VC_SNS_WALN",),
        definition="Survey respondents who feel safe or very safe walking alone in their area after dark, "
        "as a percentage of respondents.",
        numerator="weighted respondents feeling safe or very safe",
        denominator="weighted respondents",
        unit="PT",
        multiplier=100.0,
        disaggregations=_SEX_AGE,
        inputs=(("survey",),),
    ),
    IndicatorSpec(
        id="16.3.1",
        name="Proportion of victims of violence in the previous 12 months who reported their "
        "victimization to competent authorities or other officially recognized conflict resolution "
        "mechanisms",
        series=("VC_PRR_PHYV", "VC_PRR_SEXV", "VC_PRR_ROBB"),
        definition="Victims of physical assault, sexual assault or robbery in the previous 12 months who "
        "reported the most recent incident to the police or another competent authority, as a "
        "percentage of those victims.",
        numerator="weighted victims who reported to competent authorities",
        denominator="weighted victims of violence in the previous 12 months",
        unit="PT",
        multiplier=100.0,
        disaggregations=_SEX_AGE,
        inputs=(("survey",),),
    ),
    IndicatorSpec(
        id="16.5.1",
        name="Proportion of persons who had at least one contact with a public official and who paid a "
        "bribe to a public official, or were asked for a bribe by those public officials, during the "
        "previous 12 months",
        series=("IU_COR_BRIB",),
        definition="Survey respondents who paid or were asked for a bribe by a public official in the "
        "previous 12 months, as a percentage of respondents who had at least one contact with a public "
        "official in that period.",
        numerator="weighted respondents who paid or were asked for a bribe",
        denominator="weighted respondents with at least one contact with a public official",
        unit="PT",
        multiplier=100.0,
        disaggregations=_SEX_AGE,
        inputs=(("survey",),),
    ),
)
