"""Input checks read off the totals query, and the design's unit table derived from it.

The engine counts missing and negative weights, missing design values and missing answers in the same
scan that totals the scores (``engine.taylor_totals``); this module turns those counts into clear
errors that name the column, and sums the groups up to one row per stratum × PSU (× SSU).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from crimestats.errors import InputError
from crimestats.estimation.survey.engine import SSU, STRATUM, UNIT
from crimestats.model.survey import SurveyDesign

__all__ = ["check_totals", "design_units"]


def _total(frame: pd.DataFrame, column: str) -> int:
    return int(frame[column].fillna(0).sum()) if column in frame.columns else 0


def check_totals(
    frame: pd.DataFrame,
    design: SurveyDesign,
    counted: Sequence[str],
    *,
    na_rm: bool,
    source: str,
) -> int:
    """Raise for missing or negative weights, missing design values or answers; return the rows."""
    rows = _total(frame, "_all_n")
    if rows == 0:
        raise InputError(f"{source}: the file has no rows")
    if design.weight:
        missing = rows - _total(frame, "_w_count")
        if missing:
            raise InputError(
                f"{source}: column {design.weight!r} has {missing} missing weights; every "
                "respondent needs one (drop or impute those rows first)"
            )
        smallest = frame["_w_min"].min()
        if smallest < 0:
            raise InputError(
                f"{source}: column {design.weight!r} has negative weights (the smallest is "
                f"{smallest:g}); survey weights must be zero or positive"
            )
    keys = [(STRATUM, design.strata), (UNIT, design.psu), (SSU, design.ssu)]
    for key, name in keys:
        if name and key in frame.columns:
            missing = int(frame.loc[frame[key].isna(), "_all_n"].sum())
            if missing:
                raise InputError(
                    f"{source}: column {name!r} has {missing} missing design values; every "
                    "respondent needs one (drop or impute those rows first)"
                )
    for stage, name in ((1, design.fpc), (2, design.fpc2)):
        if name and _total(frame, f"_fpc{stage}_null"):
            raise InputError(
                f"{source}: column {name!r} has {_total(frame, f'_fpc{stage}_null')} missing "
                "design values; every respondent needs one (drop or impute those rows first)"
            )
    if design.replicates:
        for i, name in enumerate(design.replicates.columns):
            if _total(frame, f"_r{i}_null"):
                raise InputError(
                    f"{source}: replicate weight column {name!r} has missing values; every "
                    "respondent needs one"
                )
            if _total(frame, f"_r{i}_neg"):
                raise InputError(f"{source}: replicate weight column {name!r} has negative values")
    if not na_rm:
        for i, name in enumerate(counted):
            missing = rows - _total(frame, f"_v{i}_n")
            if missing:
                raise InputError(
                    f"{source}: column {name!r} has {missing} missing values; pass --na-rm to "
                    "estimate from the respondents who answered (R's na.rm=TRUE)"
                )
    return rows


def design_units(frame: pd.DataFrame, design: SurveyDesign) -> pd.DataFrame:
    """One row per stratum × PSU (× SSU) of the whole design, with FPC ranges and row counts."""
    keys = [STRATUM]
    if design.psu:
        keys.append(UNIT)
        if design.ssu:
            keys.append(SSU)
    aggs: dict[str, tuple[str, str]] = {"_rows": ("_all_n", "sum")}
    for stage, name in ((1, design.fpc), (2, design.fpc2)):
        if name:
            aggs[f"_fpc{stage}_min"] = (f"_fpc{stage}_min", "min")
            aggs[f"_fpc{stage}_max"] = (f"_fpc{stage}_max", "max")
    if set(keys) <= set(frame.columns) and not frame.duplicated(keys).any():
        # already one row per unit (no domains): rename rather than regroup
        return frame[keys + [c for c, _ in aggs.values()]].set_axis(keys + list(aggs), axis=1)
    return frame.groupby(keys, sort=False).agg(**aggs).reset_index()
