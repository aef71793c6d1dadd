"""The release's observation table: every published cell as a count and a rate, with flags and footnotes.

One row per (table, cell, measure). ``value`` is empty when the cell is hidden; ``flag`` says why
(``confidential``: a small count; ``suppressed``: hidden to protect one). ``obs_status`` and
``conf_status`` carry the same in SDMX codes, and ``footnotes`` lists footnote ids (``F1;F3``) whose
texts are in the release's footnote table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from crimestats.publish.confidentiality import CONFIDENTIAL, SUPPRESSED
from crimestats.publish.datasets import BREAKDOWNS, KEY_COLUMNS

__all__ = [
    "OBSERVATION_COLUMNS",
    "Footnote",
    "build_observations",
    "coverage_footnotes",
]

OBSERVATION_COLUMNS: tuple[str, ...] = (
    "dataset",
    *KEY_COLUMNS,
    "iccs_label",
    "iccs_level",
    "measure",
    "value",
    "flag",
    "obs_status",
    "conf_status",
    "footnotes",
)

_OBS_STATUS = {"": "A", CONFIDENTIAL: "Q", SUPPRESSED: "Q"}
#: SDMX CL_CONF_STATUS: F free, C confidential (primary), D secondary confidentiality.
_CONF_STATUS = {"": "F", CONFIDENTIAL: "C", SUPPRESSED: "D"}


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote: its id, texts, and which observations it applies to (stage and year, or all)."""

    id: str
    text_en: str
    text_es: str
    stage: str = ""
    year: int | None = None


_RESIDUAL = Footnote(
    "F1",
    "Offences recorded only at the parent category and not further specified.",
    "Delitos registrados solo en la categoría superior, sin mayor especificación.",
)
_FRACTION = Footnote(
    "F2",
    "Includes fractions: a national offence that maps to several ICCS categories is shared "
    "between them.",
    "Incluye fracciones: un delito nacional que corresponde a varias categorías ICCS se reparte "
    "entre ellas.",
)
_ROUNDED = Footnote(
    "F3",
    "Rounded for disclosure control; totals may differ from the sum of their parts.",
    "Redondeado por control de divulgación; los totales pueden diferir de la suma de sus partes.",
)
_HIDDEN = Footnote(
    "F4",
    "Not published: a small count (confidential) or a cell hidden so that a small count cannot be "
    "derived from the totals (suppressed).",
    "No publicado: un recuento pequeño (confidencial) o una celda ocultada para que no pueda "
    "deducirse de los totales (suprimido).",
)
_MONTH = re.compile(r"no records for (\d{4})-(\d{2})")
_SOURCE = re.compile(r"source '([^']+)'")


def coverage_footnotes(
    findings: Sequence[dict[str, str]], stages: dict[str, str], start: int = 5
) -> list[Footnote]:
    """Footnotes from the build's coverage findings (an agency with months without records)."""
    notes: list[Footnote] = []
    for f in findings:
        if f.get("code") != "records.missing-month":
            continue
        match = _MONTH.search(f.get("message", ""))
        source = _SOURCE.search(f.get("message", ""))
        stage = stages.get(source.group(1), "") if source else ""
        if not match or not stage:
            continue
        text = f["message"].split(": ", 1)[-1]
        notes.append(
            Footnote(
                f"F{start + len(notes)}",
                f"Incomplete coverage: {text}.",
                f"Cobertura incompleta: {text}.",
                stage=stage,
                year=int(match.group(1)),
            )
        )
    return notes


def _notes(frame: pd.DataFrame, coverage: Sequence[Footnote], rounding: bool) -> np.ndarray:
    ids: list[list[str]] = [[] for _ in range(len(frame))]
    residual = frame["iccs_code"].str.endswith("_U").to_numpy()
    value = frame["value"].to_numpy(dtype=float)
    fraction = np.abs(value - np.round(value)) > 1e-9
    hidden = (frame["flag"] != "").to_numpy()
    stage = frame["stage"].to_numpy()
    year = frame["year"].to_numpy()
    for i in range(len(frame)):
        if residual[i]:
            ids[i].append(_RESIDUAL.id)
        if fraction[i] and not hidden[i]:
            ids[i].append(_FRACTION.id)
        if rounding and not hidden[i]:
            ids[i].append(_ROUNDED.id)
        if hidden[i]:
            ids[i].append(_HIDDEN.id)
    for note in coverage:
        for k in np.flatnonzero((stage == note.stage) & (year == note.year)):
            ids[int(k)].append(note.id)
    return np.array([";".join(i) for i in ids], dtype=object)


def standard_footnotes() -> list[Footnote]:
    """The footnotes every release may use."""
    return [_RESIDUAL, _FRACTION, _ROUNDED, _HIDDEN]


def build_observations(
    protected: pd.DataFrame,
    rates: pa.Table | None,
    coverage: Sequence[Footnote],
    *,
    rounding: bool = False,
) -> pd.DataFrame:
    """One row per table × cell × measure (``count``, and ``rate`` per 100,000 where population is
    known), hidden values emptied, flags and footnotes on every row."""
    cells = protected.copy()
    cells["footnotes"] = _notes(cells, coverage, rounding)
    rows = cells.assign(dataset=cells["tables"].str.split(";")).explode("dataset")
    counts = rows.assign(measure="count", value=rows["published"])
    frames = [counts]
    if rates is not None and rates.num_rows:
        rate_cols = [c for c in rates.column_names if c in (*KEY_COLUMNS, "rate_per_100k")]
        table = rates.select(rate_cols).to_pandas()
        keys = [c for c in KEY_COLUMNS if c in table.columns]
        joined = rows[rows["citizenship"] == "_T"].merge(table, on=keys, how="inner")
        hidden = joined["flag"] != ""
        joined["value"] = joined["rate_per_100k"].where(~hidden)
        frames.append(joined.drop(columns="rate_per_100k").assign(measure="rate"))
    out = pd.concat(frames, ignore_index=True)
    out["obs_status"] = out["flag"].map(_OBS_STATUS)
    out["conf_status"] = out["flag"].map(_CONF_STATUS)
    out["value"] = out["value"].astype(float)
    out["year"] = out["year"].astype(int)
    out["iccs_level"] = out["iccs_level"].astype(int)
    out = out[list(OBSERVATION_COLUMNS)]
    return out.sort_values(
        ["dataset", "measure", *KEY_COLUMNS[2:5], *BREAKDOWNS], kind="stable"
    ).reset_index(drop=True)


def is_missing(value: object) -> bool:
    """True for None and NaN (a hidden value)."""
    return value is None or (isinstance(value, float) and math.isnan(value))
