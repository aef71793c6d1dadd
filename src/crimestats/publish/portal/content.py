"""What the portal pages show, computed from a release's files: key figures, section totals,
reporting coverage, the ICCS tree of a page, and the observations of a page in a compact form."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from crimestats.model import Classification

__all__ = [
    "DISAGGREGATIONS",
    "FIELDS",
    "HEADLINE_OFFENCES",
    "Figure",
    "compact_rows",
    "coverage_rows",
    "key_figures",
    "offence_tree",
    "section_figures",
    "series_figure",
    "stage_notes",
]

#: The columns that identify an observation on a page (besides the year), in filter order.
FIELDS: tuple[str, ...] = (
    "dataset",
    "measure",
    "iccs_code",
    "area",
    "sex",
    "age",
    "attempt",
    "citizenship",
    "status",
)
#: ICCS categories the home page leads with, when published (after UNODC's headline series).
HEADLINE_OFFENCES: tuple[str, ...] = (
    "0101",
    "0201",
    "0301",
    "0401",
    "0501",
    "0502",
    "0601",
    "0701",
)
#: The breakdowns a table can have besides the offence.
DISAGGREGATIONS: tuple[str, ...] = ("area", "sex", "age", "attempt", "citizenship", "status")


@dataclass(frozen=True)
class Figure:
    """A published total for the latest year, with the year before when both are published."""

    year: int
    value: float | None
    previous_year: int | None = None
    previous: float | None = None
    flag: str = ""

    @property
    def change(self) -> float | None:
        """Relative change on the year before (0.05 is 5 %), or None when it cannot be said."""
        if self.value is None or not self.previous:
            return None
        return (self.value - self.previous) / self.previous


def _national(frame: pd.DataFrame, measure: str = "count") -> pd.DataFrame:
    keep = frame["measure"] == measure
    for dim in DISAGGREGATIONS:
        keep &= frame[dim] == "_T"
    return frame[keep]


def series_figure(series: pd.DataFrame) -> Figure | None:
    """The latest year of a series (one row per year) and the year before it."""
    if series.empty:
        return None
    ordered = series.sort_values("year")
    last = ordered.iloc[-1]
    value = None if pd.isna(last["value"]) else float(last["value"])
    flag = "" if pd.isna(last["flag"]) else str(last["flag"])
    if len(ordered) < 2:
        return Figure(int(last["year"]), value, flag=flag)
    before = ordered.iloc[-2]
    previous = None if pd.isna(before["value"]) else float(before["value"])
    return Figure(int(last["year"]), value, int(before["year"]), previous, flag)


def key_figures(
    observations: pd.DataFrame,
    dataset: str,
    codes: Sequence[str] = HEADLINE_OFFENCES,
    least: int = 4,
) -> list[tuple[str, Figure, Figure | None]]:
    """Headline offences of ``dataset`` (national, every breakdown at its total): count and rate
    in the latest year. Grand totals are not figures of a release (a section may be suppressed),
    so the home page leads with single published cells; when fewer than ``least`` of ``codes``
    are published, the largest level-2 categories fill in."""
    rows = observations[observations["dataset"] == dataset]
    counts, rates = _national(rows), _national(rows, "rate")
    figures = {str(c): series_figure(g) for c, g in counts.groupby("iccs_code")}
    chosen = [c for c in codes if (f := figures.get(c)) is not None and f.value is not None]
    if len(chosen) < least:
        level2 = counts[(counts["iccs_level"] == 2) & ~counts["iccs_code"].isin(chosen)]
        latest = level2[level2["year"] == level2["year"].max()].dropna(subset=["value"])
        chosen += list(latest.sort_values("value", ascending=False)["iccs_code"])[
            : least - len(chosen)
        ]
    out = []
    for code in chosen:
        figure = figures[code]
        if figure is not None:
            out.append((code, figure, series_figure(rates[rates["iccs_code"] == code])))
    return out


def section_figures(observations: pd.DataFrame, dataset: str) -> dict[str, Figure]:
    """Each ICCS section's national count in ``dataset``: latest year and the year before."""
    rows = _national(observations[observations["dataset"] == dataset])
    rows = rows[rows["iccs_level"] == 1]
    out: dict[str, Figure] = {}
    for code, group in rows.groupby("iccs_code"):
        figure = series_figure(group)
        if figure is not None:
            out[str(code)] = figure
    return out


def stage_notes(notes: pd.DataFrame, stage: str) -> pd.DataFrame:
    """The footnotes (``footnotes.csv``) that concern one justice stage, e.g. its coverage."""
    if "stage" not in notes:
        return notes.iloc[0:0]
    return notes[notes["stage"] == stage]


def coverage_rows(
    sources: Iterable[Mapping[str, Any]], notes: pd.DataFrame
) -> list[dict[str, Any]]:
    """One row per source of the build: stage, unit, records in, counted, set aside, and the
    release's coverage footnotes for that stage (never the file's location)."""
    out = []
    for source in sources:
        stage = str(source.get("stage", ""))
        rows_in = int(source.get("rows_in") or 0)
        counted = int(source.get("counted") or 0)
        out.append(
            {
                "name": str(source["name"]),
                "stage": stage,
                "unit": str(source.get("unit", "")),
                "rows_in": rows_in,
                "counted": counted,
                "set_aside": rows_in - counted,
                "share": counted / rows_in if rows_in else None,
                "notes": [str(r["id"]) for r in stage_notes(notes, stage).to_dict("records")],
            }
        )
    return out


def offence_tree(
    codes: Iterable[str], classification: Classification, lang: str
) -> dict[str, dict[str, Any]]:
    """The ICCS codes of a page with their name, parent, depth and definition; ``X_U`` is the
    part of X recorded without a more detailed category."""
    unspecified = "sin especificar" if lang == "es" else "not further specified"
    out: dict[str, dict[str, Any]] = {}
    for code in sorted(set(codes)):
        if code.endswith("_U"):
            base = code[:-2]
            name = classification.get(base).label(lang) if base in classification else base
            level = (classification.get(base).level if base in classification else 1) + 1
            out[code] = {
                "label": f"{name}, {unspecified}",
                "parent": base,
                "level": level,
                "description": "",
                "includes": [],
                "excludes": [],
            }
            continue
        if code not in classification:
            out[code] = {"label": code, "parent": "", "level": 1}
            continue
        category = classification.get(code)
        text = category.text(lang)
        out[code] = {
            "label": text.label,
            "parent": category.parent or "",
            "level": category.level,
            "description": text.description,
            "includes": list(text.inclusions),
            "excludes": list(text.exclusions),
        }
    return out


def _number(value: Any) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    number = float(f"{float(value):.10g}")
    return int(number) if number.is_integer() else number


def compact_rows(frame: pd.DataFrame) -> dict[str, Any]:
    """A page's observations as code lists and rows of indexes, a sixth of the size of records:
    each row is the index of its code in every field, then year, value, flag and footnotes."""
    codes = {f: sorted({str(v) for v in frame[f]}) for f in FIELDS}
    flags = sorted({str(v) for v in frame["flag"].fillna("")} | {""})
    notes = sorted({str(v) for v in frame["footnotes"].fillna("")} | {""})
    index = {f: {c: i for i, c in enumerate(codes[f])} for f in FIELDS}
    flag_index = {c: i for i, c in enumerate(flags)}
    note_index = {c: i for i, c in enumerate(notes)}
    rows = []
    for record in frame.to_dict("records"):
        rows.append(
            [
                *(index[f][str(record[f])] for f in FIELDS),
                int(record["year"]),
                _number(record["value"]),
                flag_index[str(record["flag"] if isinstance(record["flag"], str) else "")],
                note_index[
                    str(record["footnotes"] if isinstance(record["footnotes"], str) else "")
                ],
            ]
        )
    return {"fields": list(FIELDS), "codes": codes, "flags": flags, "notes": notes, "rows": rows}
