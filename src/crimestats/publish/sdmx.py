"""SDMX for a release: crimestats' own crime DSD (no public one exists), its codelists (ICCS generated
from the bundled classification), a dataflow per table, and the release's observations as SDMX columns.
The data are written by :mod:`crimestats.publish.sdmx_data`, which checks every code against its codelist.

Dimensions, in key order: ``FREQ.REF_AREA.STAGE.COUNT_UNIT.ICCS.ATTEMPT.SEX.AGE.CITIZENSHIP.
JUSTICE_STATUS.UNIT_MEASURE`` and ``TIME_PERIOD``; attributes ``OBS_STATUS``, ``CONF_STATUS``,
``COMMENT_OBS`` (footnotes) and ``SOURCE_DETAIL``; measure ``OBS_VALUE``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pysdmx.io import write_sdmx
from pysdmx.io.format import Format
from pysdmx.model import (
    Code,
    Codelist,
    Component,
    Components,
    Concept,
    ConceptScheme,
    Dataflow,
    DataStructureDefinition,
    DataType,
    Role,
    Schema,
)

from crimestats.model import Classification
from crimestats.publish.datasets import DatasetSpec

__all__ = [
    "ATTRIBUTES",
    "DIMENSIONS",
    "SdmxStructure",
    "build_structure",
    "observations_frame",
    "write_structure",
]

DSD_ID = "CRIME"
VERSION = "1.0"
#: SDMX dimension id → (observation column, codelist id); TIME_PERIOD comes last.
DIMENSIONS: dict[str, tuple[str, str]] = {
    "FREQ": ("", "CL_FREQ"),
    "REF_AREA": ("area", "CL_AREA"),
    "STAGE": ("stage", "CL_STAGE"),
    "COUNT_UNIT": ("unit", "CL_COUNT_UNIT"),
    "ICCS": ("iccs_code", "CL_ICCS"),
    "ATTEMPT": ("attempt", "CL_ATTEMPT"),
    "SEX": ("sex", "CL_SEX"),
    "AGE": ("age", "CL_AGE"),
    "CITIZENSHIP": ("citizenship", "CL_CITIZENSHIP"),
    "JUSTICE_STATUS": ("status", "CL_JUSTICE_STATUS"),
    "UNIT_MEASURE": ("measure", "CL_UNIT_MEASURE"),
}
#: SDMX attribute id → (observation column, codelist id or "" for free text).
ATTRIBUTES: dict[str, tuple[str, str]] = {
    "OBS_STATUS": ("obs_status", "CL_OBS_STATUS"),
    "CONF_STATUS": ("conf_status", "CL_CONF_STATUS"),
    "COMMENT_OBS": ("comment", ""),
    "SOURCE_DETAIL": ("source", ""),
}

_FIXED: dict[str, list[tuple[str, str]]] = {
    "CL_FREQ": [("A", "Annual")],
    "CL_STAGE": [
        ("police", "Police"),
        ("prosecution", "Prosecution"),
        ("courts", "Courts"),
        ("prisons", "Prisons"),
    ],
    "CL_COUNT_UNIT": [
        ("offences", "Offences"),
        ("incidents", "Incidents (principal offence)"),
        ("victims", "Victims"),
        ("persons", "Persons"),
    ],
    "CL_ATTEMPT": [("_T", "Total"), ("completed", "Completed"), ("attempted", "Attempted")],
    "CL_SEX": [("_T", "Total"), ("F", "Female"), ("M", "Male"), ("_U", "Unknown")],
    "CL_AGE": [
        ("_T", "Total"),
        ("Y0T14", "Under 15 years old"),
        ("Y15T29", "15 to 29 years old"),
        ("Y30T44", "30 to 44 years old"),
        ("Y45T59", "45 to 59 years old"),
        ("Y_GE60", "60 years old and over"),
        ("_U", "Unknown"),
    ],
    "CL_CITIZENSHIP": [
        ("_T", "Total"),
        ("national", "Nationals"),
        ("foreign", "Foreign citizens"),
        ("_U", "Unknown"),
    ],
    "CL_JUSTICE_STATUS": [
        ("_T", "Total"),
        ("convicted", "Convicted"),
        ("acquitted", "Acquitted"),
        ("other", "Other outcome"),
        ("sentenced", "Sentenced"),
        ("unsentenced", "Unsentenced (pre-trial or awaiting final sentence)"),
        ("_U", "Unknown"),
    ],
    "CL_UNIT_MEASURE": [("count", "Number"), ("rate", "Per 100,000 population")],
    # SDMX cross-domain CL_OBS_STATUS and CL_CONF_STATUS (the codes a release uses).
    "CL_OBS_STATUS": [
        ("A", "Normal value"),
        ("E", "Estimated value"),
        ("P", "Provisional value"),
        ("Q", "Missing value; suppressed"),
    ],
    "CL_CONF_STATUS": [
        ("F", "Free"),
        ("C", "Confidential statistical information"),
        ("D", "Secondary confidentiality set by the sender, not for publication"),
    ],
}


@dataclass(frozen=True, slots=True)
class SdmxStructure:
    """The DSD, its codelists and concepts, and one dataflow per table."""

    agency: str
    codelists: Mapping[str, Codelist]
    concepts: ConceptScheme
    dsd: DataStructureDefinition
    dataflows: Mapping[str, Dataflow]

    def schema(self) -> Schema:
        """The DSD as a pysdmx Schema, the structure data are written against."""
        return Schema(
            context="datastructure",
            agency=self.agency,
            id=DSD_ID,
            version=VERSION,
            components=self.dsd.components,
        )


def _codelist(agency: str, id_: str, name: str, codes: Sequence[tuple[str, str]]) -> Codelist:
    return Codelist(
        id=id_,
        agency=agency,
        version=VERSION,
        name=name,
        items=[Code(id=c, name=n) for c, n in codes],
    )


def iccs_codes(classification: Classification, lang: str = "en") -> list[tuple[str, str]]:
    """Every ICCS code and, for each category with subcategories, its ``<code>_U`` residual."""
    word = "sin especificar" if lang == "es" else "unspecified"
    codes: list[tuple[str, str]] = [("_T", "Total")]
    for category in classification:
        codes.append((category.code, category.label(lang)))
        if not classification.is_leaf(category.code):
            codes.append((f"{category.code}_U", f"{category.label(lang)}, {word}"))
    return codes


def build_structure(
    agency: str,
    classification: Classification,
    areas: Sequence[tuple[str, str]],
    specs: Sequence[DatasetSpec],
) -> SdmxStructure:
    """The crimestats DSD with codelists for this release's areas and ICCS version."""
    lists = {cl: _codelist(agency, cl, cl, codes) for cl, codes in _FIXED.items()}
    lists["CL_AREA"] = _codelist(agency, "CL_AREA", "Reference areas", areas)
    lists["CL_ICCS"] = _codelist(
        agency, "CL_ICCS", classification.title, iccs_codes(classification)
    )
    names = {
        "FREQ": "Frequency",
        "REF_AREA": "Reference area",
        "STAGE": "Criminal justice stage",
        "COUNT_UNIT": "Counting unit",
        "ICCS": "ICCS category",
        "ATTEMPT": "Completed or attempted",
        "SEX": "Sex",
        "AGE": "Age",
        "CITIZENSHIP": "Citizenship",
        "JUSTICE_STATUS": "Status in the justice system",
        "UNIT_MEASURE": "Unit of measure",
        "TIME_PERIOD": "Time period",
        "OBS_VALUE": "Observation value",
        "OBS_STATUS": "Observation status",
        "CONF_STATUS": "Confidentiality status",
        "COMMENT_OBS": "Footnotes",
        "SOURCE_DETAIL": "Source",
    }
    urn = f"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={agency}:CS_CRIME({VERSION})."
    concepts = {
        cid: Concept(id=cid, name=name, dtype=DataType.STRING, urn=urn + cid)
        for cid, name in names.items()
    }
    components: list[Component] = []
    for dim, (_, cl) in DIMENSIONS.items():
        components.append(
            Component(
                id=dim,
                required=True,
                role=Role.DIMENSION,
                concept=concepts[dim],
                local_dtype=DataType.STRING,
                local_codes=lists[cl],
            )
        )
    components.append(
        Component(
            id="TIME_PERIOD",
            required=True,
            role=Role.DIMENSION,
            concept=concepts["TIME_PERIOD"],
            local_dtype=DataType.PERIOD,
        )
    )
    components.append(
        Component(
            id="OBS_VALUE",
            required=False,
            role=Role.MEASURE,
            concept=concepts["OBS_VALUE"],
            local_dtype=DataType.DOUBLE,
        )
    )
    for attr, (_, cl) in ATTRIBUTES.items():
        components.append(
            Component(
                id=attr,
                required=attr == "OBS_STATUS",
                role=Role.ATTRIBUTE,
                concept=concepts[attr],
                local_dtype=DataType.STRING,
                local_codes=lists[cl] if cl else None,
                attachment_level="O",
            )
        )
    dsd = DataStructureDefinition(
        id=DSD_ID,
        agency=agency,
        version=VERSION,
        name="Crime and criminal justice statistics (crimestats)",
        components=Components(components),
    )
    scheme = ConceptScheme(
        id="CS_CRIME",
        agency=agency,
        version=VERSION,
        name="Crime and criminal justice concepts",
        items=list(concepts.values()),
    )
    flows = {
        s.id: Dataflow(
            id=s.flow,
            agency=agency,
            version=VERSION,
            name=s.title_en,
            structure=f"DataStructure={agency}:{DSD_ID}({VERSION})",
        )
        for s in specs
    }
    return SdmxStructure(agency, lists, scheme, dsd, flows)


def observations_frame(
    observations: pd.DataFrame, footnotes: Mapping[str, str], source: str
) -> pd.DataFrame:
    """Release observations as SDMX columns (footnote ids turned into their texts)."""
    frame = pd.DataFrame(
        {dim: observations[col] if col else "A" for dim, (col, _) in DIMENSIONS.items()}
    )
    frame["TIME_PERIOD"] = observations["year"].astype(str).to_numpy()
    frame["OBS_VALUE"] = observations["value"].to_numpy()
    frame["OBS_STATUS"] = observations["obs_status"].to_numpy()
    frame["CONF_STATUS"] = observations["conf_status"].to_numpy()
    frame["COMMENT_OBS"] = [
        " ".join(footnotes.get(i, i) for i in ids.split(";") if i)
        for ids in observations["footnotes"]
    ]
    frame["SOURCE_DETAIL"] = source
    return frame.reset_index(drop=True)


def write_structure(structure: SdmxStructure, path: Path) -> Path:
    """The structure message (SDMX-ML 3.0): codelists, concepts, the DSD and the dataflows."""
    artefacts = [
        *structure.codelists.values(),
        structure.concepts,
        structure.dsd,
        *structure.dataflows.values(),
    ]
    write_sdmx(artefacts, Format.STRUCTURE_SDMX_ML_3_0, output_path=str(path))
    return path
