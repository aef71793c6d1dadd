"""Choose one homicide source per country and year: UNODC-style rules, configurable and recorded.

The rules, in order (documented step by step in ``docs/homicide.md``):

1. Every source label is a *criminal-justice* (``CJ``: police, prosecution, UN-CTS replies) or
   *public-health* (``PH``: vital registration, WHO) series, or ``OTHER``. A label joining several codes
   with ``/`` (``CTS/DATASUS``) is PH if any part is PH, else CJ if any part is CJ.
2. For each country the *primary type* is the first of ``preference`` (CJ before PH) whose series is
   complete: CJ counts as incomplete when the country is listed in ``incomplete_cj`` or when its CJ series
   covers fewer than ``min_coverage`` × the years the PH series covers.
3. Within the primary type, the label with the most years is the primary series, so the whole series
   comes from one source where possible; a year it lacks comes from another label of the same type, then
   (``fill_gaps``) from the other types in preference order.
4. Where CJ and PH both have a count for a year and differ by more than ``discrepancy_threshold`` of the
   larger, the value is flagged and a finding is reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from crimestats.estimation.homicide.observations import Observation
from crimestats.model import Finding, Location, Severity

__all__ = [
    "DEFAULT_SOURCE_TYPES",
    "SELECTION_CHECKS",
    "SelectedValue",
    "SelectionRules",
    "rules_from_mapping",
    "select_sources",
    "source_type",
]

#: Source labels (upper case) → series type. Extend through ``SelectionRules.source_types``.
DEFAULT_SOURCE_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "CJ": "CJ",
        "CTS": "CJ",
        "UN-CTS": "CJ",
        "NATIONAL DATA": "CJ",
        "NSO": "CJ",
        "MOI": "CJ",
        "POLICE": "CJ",
        "PPR": "CJ",
        "MNS": "CJ",
        "EUROSTAT": "CJ",
        "OAS": "CJ",
        "PH": "PH",
        "WHO": "PH",
        "PAHO": "PH",
        "VR": "PH",
        "VITAL REGISTRATION": "PH",
        "CIVIL REGISTRATION": "PH",
        "MOH": "PH",
        "DATASUS": "PH",
        "DMDB": "PH",
        "IHME": "PH",
    }
)

SELECTION_CHECKS: dict[str, tuple[Severity, str]] = {
    "HOM-CJ-PH-DISCREPANCY": (
        Severity.WARNING,
        "criminal-justice and public-health counts differ by more than the threshold",
    ),
    "HOM-SOURCE-TYPE-UNKNOWN": (
        Severity.INFO,
        "a source label that is neither criminal justice nor public health; treated as OTHER",
    ),
    "HOM-SOURCE-MIXED": (
        Severity.INFO,
        "a country's series mixes sources: years missing from its primary series come from another",
    ),
}


@dataclass(frozen=True, slots=True)
class SelectionRules:
    """The configurable source-selection rules (``--method unodc`` uses the defaults)."""

    source_types: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_SOURCE_TYPES))
    preference: tuple[str, ...] = ("CJ", "PH", "OTHER")
    min_coverage: float = 0.8
    incomplete_cj: frozenset[str] = frozenset()
    fill_gaps: bool = True
    discrepancy_threshold: float = 0.25


@dataclass(frozen=True, slots=True)
class SelectedValue:
    """The value kept for one country and year, with the source chosen and why."""

    iso3: str
    year: int
    victims: float | None
    rate: float | None
    source: str
    source_type: str
    reason: str
    flags: tuple[str, ...] = ()


def source_type(label: str, rules: SelectionRules) -> str:
    """``CJ``, ``PH`` or ``OTHER`` for a source label (rule 1)."""
    types = {k.upper(): v for k, v in rules.source_types.items()}
    whole = types.get(label.strip().upper())
    if whole:
        return whole
    parts = [types.get(p.strip().upper(), "") for p in label.split("/")]
    if "PH" in parts:
        return "PH"
    return "CJ" if "CJ" in parts else "OTHER"


def select_sources(
    observations: Iterable[Observation], rules: SelectionRules | None = None
) -> tuple[list[SelectedValue], list[Finding]]:
    """One value per country and year from the observations of every source, with findings."""
    rules = rules or SelectionRules()
    by_country: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        by_country[obs.iso3].append(obs)
    selected: list[SelectedValue] = []
    found: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for iso3, series in sorted(by_country.items()):
        selected.extend(_select_country(iso3, series, rules, found))
    findings = [
        Finding(
            code=code,
            severity=SELECTION_CHECKS[code][0],
            message=f"{len(rows)} case(s): {SELECTION_CHECKS[code][1]}",
            location=Location(source="homicide source selection"),
            count=len(rows),
            sample=tuple(rows[:5]),
        )
        for code, rows in found.items()
        if rows
    ]
    return selected, findings


def _select_country(
    iso3: str,
    series: Sequence[Observation],
    rules: SelectionRules,
    found: dict[str, list[Mapping[str, Any]]],
) -> list[SelectedValue]:
    labels: dict[str, dict[int, Observation]] = defaultdict(dict)
    kinds: dict[str, str] = {}
    for obs in series:
        labels[obs.source][obs.year] = obs
        kinds[obs.source] = source_type(obs.source, rules)
        if kinds[obs.source] == "OTHER":
            found["HOM-SOURCE-TYPE-UNKNOWN"].append({"iso3": iso3, "source": obs.source})
    years_of = {
        t: {y for s, k in kinds.items() if k == t for y in labels[s]} for t in set(kinds.values())
    }
    primary, why = _primary_type(iso3, years_of, rules)
    ranked = sorted(
        labels,
        key=lambda s: (_rank(kinds[s], primary, rules), -len(labels[s]), s),
    )
    main = ranked[0]
    out = []
    for year in sorted({y for s in labels for y in labels[s]}):
        chosen = next(s for s in ranked if year in labels[s])
        if chosen != main and kinds[chosen] != primary and not rules.fill_gaps:
            continue
        obs = labels[chosen][year]
        reason = (
            f"{why}; primary series {main}"
            if chosen == main
            else (f"{why}; {main} has no value for {year}, taken from {chosen}")
        )
        if chosen != main:
            found["HOM-SOURCE-MIXED"].append({"iso3": iso3, "year": year, "source": chosen})
        flags = _discrepancy(iso3, year, labels, kinds, rules, found)
        out.append(
            SelectedValue(iso3, year, obs.victims, obs.rate, chosen, kinds[chosen], reason, flags)
        )
    return out


def _primary_type(
    iso3: str, years_of: Mapping[str, set[int]], rules: SelectionRules
) -> tuple[str, str]:
    cj, ph = len(years_of.get("CJ", ())), len(years_of.get("PH", ()))
    demoted: dict[str, str] = {}
    if cj and iso3 in rules.incomplete_cj:
        demoted["CJ"] = "CJ coverage declared incomplete"
    elif cj and ph and cj < rules.min_coverage * ph:
        demoted["CJ"] = f"CJ series covers {cj} year(s), under {rules.min_coverage:g} x PH's {ph}"
    available = [t for t in rules.preference if t in years_of] + sorted(
        t for t in years_of if t not in rules.preference
    )
    for kind in available:
        if kind not in demoted:
            notes = [f"{k} not used: {v}" for k, v in demoted.items()]
            return kind, "; ".join([f"{kind} preferred", *notes])
    return available[0], f"{available[0]} used although {demoted[available[0]]}"


def _rank(kind: str, primary: str, rules: SelectionRules) -> int:
    if kind == primary:
        return 0
    order = list(rules.preference)
    return 1 + (order.index(kind) if kind in order else len(order))


def _discrepancy(
    iso3: str,
    year: int,
    labels: Mapping[str, Mapping[int, Observation]],
    kinds: Mapping[str, str],
    rules: SelectionRules,
    found: dict[str, list[Mapping[str, Any]]],
) -> tuple[str, ...]:
    best: dict[str, float] = {}
    for label in sorted(labels, key=lambda s: -len(labels[s])):
        obs = labels[label].get(year)
        if obs is not None and obs.victims is not None:
            best.setdefault(kinds[label], obs.victims)
    if "CJ" not in best or "PH" not in best:
        return ()
    cj, ph = best["CJ"], best["PH"]
    larger = max(cj, ph)
    if larger > 0 and abs(cj - ph) / larger > rules.discrepancy_threshold:
        found["HOM-CJ-PH-DISCREPANCY"].append({"iso3": iso3, "year": year, "cj": cj, "ph": ph})
        return ("cj_ph_discrepancy",)
    return ()


def rules_from_mapping(data: Mapping[str, Any], source: str = "rules") -> SelectionRules:
    """Selection rules from a parsed TOML table (keys as in :class:`SelectionRules`)."""
    from crimestats.errors import ConfigError

    known = {"source_types", "preference", "min_coverage", "incomplete_cj", "fill_gaps"}
    known |= {"discrepancy_threshold"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{source}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    base = SelectionRules()
    try:
        types = dict(base.source_types)
        types.update(
            {str(k).upper(): str(v).upper() for k, v in dict(data.get("source_types", {})).items()}
        )
        bad = sorted(k for k, v in types.items() if v not in {"CJ", "PH", "OTHER"})
        if bad:
            raise ConfigError(
                f"{source}: source_types must map to CJ, PH or OTHER; check {', '.join(bad)}"
            )
        return SelectionRules(
            source_types=types,
            preference=tuple(str(p).upper() for p in data.get("preference", base.preference)),
            min_coverage=float(data.get("min_coverage", base.min_coverage)),
            incomplete_cj=frozenset(str(c).upper() for c in data.get("incomplete_cj", ())),
            fill_gaps=bool(data.get("fill_gaps", base.fill_gaps)),
            discrepancy_threshold=float(
                data.get("discrepancy_threshold", base.discrepancy_threshold)
            ),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: {exc}") from None
