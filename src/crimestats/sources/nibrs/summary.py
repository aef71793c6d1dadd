"""What a NIBRS download holds, as ``measure, key, value`` rows (``crimestats nibrs summary``).

Counts are of rows as the FBI files them: incidents, offenses (one per offense type per incident),
victims, offender rows (an unknown offender is a row too) and arrestees; offenses by NIBRS code and by
ICCS code through a correspondence; victims by the code of the offenses they suffered and their sex.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crimestats.engine import to_arrow
from crimestats.model.records import UNKNOWN
from crimestats.sources.nibrs.folder import NibrsExtract
from crimestats.sources.nibrs.tables import with_offense_code
from crimestats.sources.nibrs.values import attach, sex_value, text
from crimestats.sources.nibrs.values import code as code_value

__all__ = ["MEASURES", "SUMMARY_COLUMNS", "NibrsCounts", "count_nibrs", "summary_rows"]

SUMMARY_COLUMNS = ("measure", "key", "value")

#: Row counts: measure → table.
_TOTALS = {
    "incidents": "incident",
    "offenses": "offense",
    "victims": "victim",
    "offenders": "offender",
    "arrestees": "arrestee",
}

#: Every measure, in output order.
MEASURES = (
    *_TOTALS,
    "offenses_by_nibrs_code",
    "offenses_by_iccs_code",
    "victims_by_nibrs_code_sex",
)


@dataclass(frozen=True)
class NibrsCounts:
    """Counts of one download, before any classification."""

    layout: str
    totals: Mapping[str, int]
    offenses_by_code: Mapping[str, int]
    victims_by_code_sex: Mapping[tuple[str, str], int]


def _count(table: Any) -> int:
    return int(to_arrow(table.count().as_table())[0][0].as_py())


def count_nibrs(extract: NibrsExtract) -> NibrsCounts:
    """Count a download on the engine; only the small results come into Python."""
    totals = {measure: _count(extract.table(key)) for measure, key in _TOTALS.items()}
    offenses = with_offense_code(extract, extract.table("offense"))
    offense_code = code_value(offenses.offense_code).fill_null("")
    by_code = to_arrow(offenses.group_by(code=offense_code).agg(n=offenses.count()))
    links = attach(
        extract.table("victim_offense"), "victim_id", extract.table("victim"), "victim_id",
        ["sex_code"],
    )  # fmt: skip
    links = attach(links, "offense_id", offenses, "offense_id", ["offense_code"])
    victims = links.select(
        victim=text(links.victim_id),
        code=code_value(links.offense_code).fill_null(""),
        sex=sex_value(links.sex_code)[0],
    ).distinct()
    by_sex = to_arrow(victims.group_by(["code", "sex"]).agg(n=victims.count()))
    return NibrsCounts(
        layout=extract.layout.name,
        totals=totals,
        offenses_by_code=dict(
            zip(by_code["code"].to_pylist(), by_code["n"].to_pylist(), strict=True)
        ),
        victims_by_code_sex={
            (c, s): n
            for c, s, n in zip(
                by_sex["code"].to_pylist(),
                by_sex["sex"].to_pylist(),
                by_sex["n"].to_pylist(),
                strict=True,
            )
        },
    )


def _number(value: float) -> int | float:
    rounded = round(value, 9)
    return int(rounded) if rounded.is_integer() else rounded


def summary_rows(
    counts: NibrsCounts, iccs_targets: Mapping[str, Sequence[tuple[str, float]]]
) -> list[dict[str, Any]]:
    """The summary rows; ``iccs_targets`` maps a NIBRS code to its (ICCS code, weight) pairs, and
    offenses whose code it lacks count under ``_U``."""
    rows: list[dict[str, Any]] = [
        {"measure": m, "key": "", "value": counts.totals[m]} for m in _TOTALS
    ]
    for code in sorted(counts.offenses_by_code):
        rows.append(
            {
                "measure": "offenses_by_nibrs_code",
                "key": code,
                "value": counts.offenses_by_code[code],
            }
        )
    by_iccs: dict[str, float] = defaultdict(float)
    for code, n in counts.offenses_by_code.items():
        for target, weight in iccs_targets.get(code, ((UNKNOWN, 1.0),)):
            by_iccs[target] += n * weight
    for target in sorted(by_iccs):
        rows.append(
            {"measure": "offenses_by_iccs_code", "key": target, "value": _number(by_iccs[target])}
        )
    for code, sex in sorted(counts.victims_by_code_sex):
        rows.append(
            {
                "measure": "victims_by_nibrs_code_sex",
                "key": f"{code}|{sex}",
                "value": counts.victims_by_code_sex[(code, sex)],
            }
        )
    return rows
