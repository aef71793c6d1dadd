"""Classify female victims of intentional homicide as gender-related killings (femicide) or not.

Rules (UNODC/UN Women statistical framework, 2022; criteria as configuration, ``data/femicide``):

1. Only victims whose sex is female and whose ICCS code is intentional homicide (0101 or below) are
   classified; the others are counted as excluded.
2. Victims, not events or rows: the rows of one ``victim_id`` (one per perpetrator, say) are merged. A
   relationship on any row counts; a criterion holds if any row says so, is false if every row says false,
   and is not known otherwise.
3. Intimate partner → ``intimate_partner``; else family member → ``family_member``; else (another or an
   unknown perpetrator) any criterion true → ``other_perpetrator_gender_related``; every criterion false and
   the relationship known → ``not_gender_related``; otherwise ``insufficient_information``.
"""

from __future__ import annotations

import functools
import tomllib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa

from crimestats.classification.iccs import iccs
from crimestats.errors import ConfigError, MissingColumnError
from crimestats.model import Finding, Location, Severity
from crimestats.model.femicide import FemicideClass, FemicideCriteria, FemicideCriterion

__all__ = ["FEMICIDE_CHECKS", "FemicideResult", "classify_femicide", "load_femicide_criteria"]

FEMICIDE_CHECKS: dict[str, tuple[Severity, str]] = {
    "FEM-CRITERION-COLUMN-MISSING": (
        Severity.WARNING,
        "a criterion has no column in the file: it is treated as not known for every victim",
    ),
    "FEM-VALUE-UNREADABLE": (
        Severity.WARNING,
        "a criterion value that is neither true nor false; treated as not known",
    ),
    "FEM-RELATIONSHIP-UNKNOWN-VALUE": (
        Severity.INFO,
        "a relationship value the configuration does not list; treated as another perpetrator",
    ),
    "FEM-EXCLUDED": (
        Severity.INFO,
        "victims that are not female victims of intentional homicide are not classified",
    ),
}

_TRUE = {"true", "1", "y", "yes", "t"}
_FALSE = {"false", "0", "n", "no", "f"}
_NOT_KNOWN = {"", "unknown", "not known", "na", "n/a", "9", "none", "null"}
_NEEDED = ("victim_id", "sex", "iccs_code", "relationship")


@dataclass(frozen=True, slots=True)
class FemicideResult:
    """Per-victim classes, counts of victims per class, excluded victims and findings."""

    victims: pa.Table
    counts: Mapping[FemicideClass, int]
    excluded: int
    findings: tuple[Finding, ...]

    @property
    def gender_related(self) -> int:
        """Victims of gender-related killings: intimate partner + family + other gender-related."""
        return sum(n for c, n in self.counts.items() if c.gender_related)


def _lower(values: Any) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in values)


def load_femicide_criteria(path: str | Path | None = None) -> FemicideCriteria:
    """The criteria in a TOML file, or the framework's (2022) bundled default."""
    if path is None:
        text = (
            resources.files("crimestats")
            .joinpath("data", "femicide", "framework_2022.toml")
            .read_text(encoding="utf-8")
        )
        where = "framework_2022.toml"
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read the criteria file ({exc.strerror})") from None
    return _parse(text, where)


@functools.cache
def _default() -> FemicideCriteria:
    return load_femicide_criteria()


def _parse(text: str, where: str) -> FemicideCriteria:
    try:
        data = tomllib.loads(text)
        rel = data["relationships"]
        criteria = tuple(
            FemicideCriterion(c["code"], c.get("label", c["code"]), c.get("description", ""))
            for c in data["criteria"]
        )
        return FemicideCriteria(
            name=data.get("name", where),
            source=data.get("source", ""),
            criteria=criteria,
            intimate_partner=_lower(rel["intimate_partner"]),
            family_member=_lower(rel["family_member"]),
            not_known=_lower(rel.get("not_known", [])),
            female_codes=_lower(data.get("female_codes", ["F"])),
            homicide_codes=tuple(str(c) for c in data.get("homicide_codes", ["0101"])),
        )
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML ({exc})") from None
    except (KeyError, TypeError) as exc:
        raise ConfigError(
            f"{where}: missing or malformed key {exc}; see the bundled framework_2022.toml"
        ) from None


def _homicide_codes(criteria: FemicideCriteria) -> frozenset[str]:
    tree = iccs()
    codes = set(criteria.homicide_codes)
    for code in criteria.homicide_codes:
        if tree.is_valid(code):
            codes.update(c.code for c in tree.descendants(code))
    return frozenset(codes)


def _truth(value: Any) -> bool | str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None if text in _NOT_KNOWN else text


def classify_femicide(
    table: pa.Table, criteria: FemicideCriteria | None = None, *, source: str = "victims"
) -> FemicideResult:
    """Classify every female victim of intentional homicide in ``table`` (one row per victim link)."""
    criteria = criteria or _default()
    names = table.column_names
    missing = [c for c in _NEEDED if c not in names]
    if missing:
        raise MissingColumnError(source, missing, names)
    found: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for code in criteria.codes:
        if code not in names:
            found["FEM-CRITERION-COLUMN-MISSING"].append({"criterion": code})
    homicide = _homicide_codes(criteria)
    columns = {n: table.column(n).to_pylist() for n in names}
    merged: dict[str, dict[str, Any]] = {}
    excluded: set[str] = set()
    for i in range(table.num_rows):
        victim = str(columns["victim_id"][i])
        sex = str(columns["sex"][i] or "").strip().lower()
        code = str(columns["iccs_code"][i] or "").strip()
        if sex not in criteria.female_codes or code not in homicide:
            excluded.add(victim)
            continue
        entry = merged.setdefault(victim, {"relationships": set(), "criteria": defaultdict(list)})
        entry["relationships"].add(str(columns["relationship"][i] or "").strip().lower())
        for crit in criteria.codes:
            value = _truth(columns[crit][i]) if crit in columns else None
            if isinstance(value, str):
                found["FEM-VALUE-UNREADABLE"].append({"row": i + 1, "column": crit, "value": value})
                value = None
            entry["criteria"][crit].append(value)
    excluded -= set(merged)
    if excluded:
        found["FEM-EXCLUDED"].extend({"victim_id": v} for v in sorted(excluded))
    rows = [_classify(victim, entry, criteria, found) for victim, entry in merged.items()]
    counts = Counter(FemicideClass(r["femicide_class"]) for r in rows)
    victims = pa.Table.from_pylist(
        rows,
        schema=pa.schema(
            [
                ("victim_id", pa.string()),
                ("femicide_class", pa.string()),
                ("gender_related", pa.bool_()),
                ("criteria_met", pa.string()),
                ("criteria_not_known", pa.string()),
            ]
        ),
    )
    findings = tuple(
        Finding(
            code=code,
            severity=FEMICIDE_CHECKS[code][0],
            message=f"{len(items)} case(s): {FEMICIDE_CHECKS[code][1]}",
            location=Location(source=source),
            count=len(items),
            sample=tuple(items[:5]),
        )
        for code, items in found.items()
    )
    return FemicideResult(
        victims, {c: counts.get(c, 0) for c in FemicideClass}, len(excluded), findings
    )


def _classify(
    victim: str,
    entry: Mapping[str, Any],
    criteria: FemicideCriteria,
    found: dict[str, list[Mapping[str, Any]]],
) -> dict[str, Any]:
    relationships: set[str] = entry["relationships"]
    state: dict[str, bool | None] = {}
    for code in criteria.codes:
        values = entry["criteria"].get(code, [None])
        state[code] = (
            True
            if True in values
            else False
            if values and all(v is False for v in values)
            else None
        )
    met = [c for c, v in state.items() if v is True]
    unknown = [c for c, v in state.items() if v is None]
    listed = criteria.intimate_partner | criteria.family_member | criteria.not_known
    for value in relationships - listed:
        found["FEM-RELATIONSHIP-UNKNOWN-VALUE"].append({"victim_id": victim, "relationship": value})
    if relationships & criteria.intimate_partner:
        kind = FemicideClass.INTIMATE_PARTNER
    elif relationships & criteria.family_member:
        kind = FemicideClass.FAMILY_MEMBER
    elif met:
        kind = FemicideClass.OTHER_GENDER_RELATED
    elif not unknown and not relationships & criteria.not_known:
        kind = FemicideClass.NOT_GENDER_RELATED
    else:
        kind = FemicideClass.INSUFFICIENT_INFORMATION
    return {
        "victim_id": victim,
        "femicide_class": str(kind),
        "gender_related": kind.gender_related,
        "criteria_met": ";".join(met),
        "criteria_not_known": ";".join(unknown),
    }
