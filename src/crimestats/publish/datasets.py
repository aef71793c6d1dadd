"""The tables a release publishes: which stage, counting unit, breakdowns and ICCS depth each one has.

The counts cube crosses every disaggregation with every other (hundreds of thousands of cells for a
country); nobody reads it whole and disclosure control on all of it would suppress far more than needed.
A release publishes a fixed set of readable tables instead: national tables at all four ICCS levels with
one or two breakdowns, and regional tables at the first ``area_levels`` levels. Every table is *closed*:
with each parent it holds all of that parent's children along its breakdowns and along ICCS, so the
table's own totals are the additive relations an attacker can use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "BREAKDOWNS",
    "DATASETS",
    "KEY_COLUMNS",
    "DatasetSpec",
    "dataset",
    "select_cells",
]

#: The cube's disaggregations besides area and ICCS (``_T`` = all categories).
BREAKDOWNS: tuple[str, ...] = ("attempt", "sex", "age", "citizenship", "status")
#: The columns that identify one published cell (with ``measure``, one observation).
KEY_COLUMNS: tuple[str, ...] = ("stage", "unit", "year", "area", "iccs_code", *BREAKDOWNS)


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    """One published table: a justice stage and counting unit, broken down by ``dims``.

    ``dims`` may include ``area``; dimensions not listed are fixed at ``_T``. ``regional`` tables keep
    ICCS levels up to the release's ``area_levels``; national tables keep all levels.
    """

    id: str
    stage: str
    unit: str
    dims: tuple[str, ...]
    title_en: str
    title_es: str

    @property
    def regional(self) -> bool:
        """True if the table breaks counts down by region."""
        return "area" in self.dims

    def title(self, lang: str = "en") -> str:
        """The table's title in ``lang`` (en or es)."""
        return self.title_es if lang == "es" else self.title_en

    @property
    def flow(self) -> str:
        """The SDMX dataflow id of the table."""
        return "DF_" + self.id.upper()


def _spec(id_: str, stage: str, unit: str, dims: tuple[str, ...], en: str, es: str) -> DatasetSpec:
    return DatasetSpec(id_, stage, unit, dims, en, es)


#: The built-in tables, in the order the portal lists them.
DATASETS: dict[str, DatasetSpec] = {
    s.id: s
    for s in (
        _spec(
            "police_offences",
            "police",
            "offences",
            ("attempt",),
            "Offences recorded by the police, completed and attempted",
            "Delitos registrados por la policía, consumados y tentativas",
        ),
        _spec(
            "police_offences_area",
            "police",
            "offences",
            ("area",),
            "Offences recorded by the police, by region",
            "Delitos registrados por la policía, por región",
        ),
        _spec(
            "police_incidents_area",
            "police",
            "incidents",
            ("area",),
            "Incidents recorded by the police (principal offence), by region",
            "Hechos registrados por la policía (delito principal), por región",
        ),
        _spec(
            "police_victims",
            "police",
            "victims",
            ("sex", "age"),
            "Victims recorded by the police, by sex and age",
            "Víctimas registradas por la policía, por sexo y edad",
        ),
        _spec(
            "police_victims_area",
            "police",
            "victims",
            ("area", "sex"),
            "Victims recorded by the police, by region and sex",
            "Víctimas registradas por la policía, por región y sexo",
        ),
        _spec(
            "police_suspects",
            "police",
            "persons",
            ("sex", "age"),
            "Persons suspected by the police, by sex and age",
            "Personas sospechosas para la policía, por sexo y edad",
        ),
        _spec(
            "police_suspects_citizenship",
            "police",
            "persons",
            ("citizenship",),
            "Persons suspected by the police, by citizenship",
            "Personas sospechosas para la policía, por nacionalidad",
        ),
        _spec(
            "police_suspects_area",
            "police",
            "persons",
            ("area",),
            "Persons suspected by the police, by region",
            "Personas sospechosas para la policía, por región",
        ),
        _spec(
            "prosecution_persons",
            "prosecution",
            "persons",
            ("sex", "age"),
            "Persons prosecuted, by sex and age",
            "Personas procesadas, por sexo y edad",
        ),
        _spec(
            "prosecution_persons_area",
            "prosecution",
            "persons",
            ("area",),
            "Persons prosecuted, by region",
            "Personas procesadas, por región",
        ),
        _spec(
            "courts_persons",
            "courts",
            "persons",
            ("status", "sex", "age"),
            "Persons brought before the courts, by outcome, sex and age",
            "Personas juzgadas, por resultado, sexo y edad",
        ),
        _spec(
            "courts_persons_area",
            "courts",
            "persons",
            ("area", "status"),
            "Persons brought before the courts, by region and outcome",
            "Personas juzgadas, por región y resultado",
        ),
        _spec(
            "prisons_persons",
            "prisons",
            "persons",
            ("status", "sex", "age"),
            "Persons held in prisons, by sentence status, sex and age",
            "Personas privadas de libertad, por situación procesal, sexo y edad",
        ),
        _spec(
            "prisons_persons_area",
            "prisons",
            "persons",
            ("area", "status"),
            "Persons held in prisons, by region and sentence status",
            "Personas privadas de libertad, por región y situación procesal",
        ),
    )
}


def dataset(table_id: str) -> DatasetSpec:
    """The built-in table with this id."""
    return DATASETS[table_id]


def select_cells(counts: pa.Table, spec: DatasetSpec, area_levels: int) -> pa.Table:
    """The cube cells of one table: its stage and unit, ``_T`` outside its breakdowns, ICCS depth cut."""
    mask = pc.and_(pc.equal(counts["stage"], spec.stage), pc.equal(counts["unit"], spec.unit))
    fixed: Sequence[str] = [d for d in ("area", *BREAKDOWNS) if d not in spec.dims]
    for column in fixed:
        if column in counts.column_names:
            mask = pc.and_(mask, pc.equal(counts[column], "_T"))
    if spec.regional:
        mask = pc.and_(mask, pc.less_equal(counts["iccs_level"], area_levels))
    return counts.filter(mask)
