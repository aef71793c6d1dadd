"""Read a survey indicator configuration (YAML) into a :class:`SurveyIndicatorConfig`.

The file maps one survey's variables to standard indicators; every mistake is reported with the file,
the key (``indicators[2].victim``) and what is expected. See ``docs/survey.md`` for the layout.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from crimestats.errors import ConfigError
from crimestats.model.survey import LonelyPSU, ReplicateType, ReplicateWeights, SurveyDesign
from crimestats.model.survey_indicators import (
    UNIT_MULTIPLIERS,
    Answer,
    Disaggregation,
    IndicatorKind,
    Reliability,
    SurveyIndicator,
    SurveyIndicatorConfig,
)

__all__ = ["INDICATOR_KEYS", "load_indicator_config", "parse_indicator_config"]

#: For each indicator: (outcome key, condition key, count keys, default series, default units).
INDICATOR_KEYS: dict[IndicatorKind, tuple[str, str, tuple[str, ...], str, tuple[str, ...]]] = {
    IndicatorKind.PREVALENCE: ("victim", "", (), "", ("PT", "PER_100000_POP")),
    IndicatorKind.INCIDENCE: ("", "", ("incidents",), "", ("PER_100000_POP",)),
    IndicatorKind.DARK_FIGURE: ("", "", ("incidents", "reported"), "", ("PT",)),
    IndicatorKind.VIOLENCE: ("victim", "", (), "VC_VOV_PHYL", ("PT",)),
    IndicatorKind.FEELING_SAFE: ("feels_safe", "", (), "VC_SNS_WALN", ("PT",)),
    IndicatorKind.REPORTING: ("reported", "victim", (), "VC_PRR_PHYV", ("PT",)),
    IndicatorKind.BRIBERY: ("bribe", "contact", (), "IU_COR_BRIB", ("PT",)),
}
_COMMON = {"indicator", "name", "crime", "series", "units"}
_DESIGN = {"weight", "strata", "psu", "ssu", "fpc", "fpc2", "nest", "lonely_psu", "replicates"}
_TOP = {
    "survey",
    "area",
    "year",
    "reference_period",
    "design",
    "ci_method",
    "level",
    "by",
    "reliability",
    "disaggregations",
    "indicators",
}


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: ``yes``/``no``/``on``/``off`` stay text (survey answers and the ``yes:`` key)."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_indicator_config(path: str | Path) -> SurveyIndicatorConfig:
    """The validated configuration in a YAML file."""
    file = Path(path)
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise ConfigError(f"{file}: indicator configuration not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not UTF-8 text; save the YAML as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{file}: not valid YAML: {exc}") from None
    return parse_indicator_config(data, str(file))


def _fail(source: str, where: str, what: str) -> ConfigError:
    return ConfigError(f"{source}: {where}: {what}")


def _names(value: Any, source: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(",") if p.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _fail(source, where, "expected a column name or a list of column names")


def _unknown(data: dict[str, Any], allowed: set[str], source: str, where: str) -> None:
    extra = sorted(str(k) for k in set(data) - allowed)
    if extra:
        raise _fail(
            source,
            where,
            f"unknown key(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}",
        )


def _answers(value: Any, source: str, where: str) -> tuple[Answer, ...]:
    """A column name, a mapping ``{column, yes, missing}``, or a list of them (any of them)."""
    if isinstance(value, str) and value:
        return (Answer(value),)
    if isinstance(value, dict):
        _unknown(value, {"column", "yes", "missing"}, source, where)
        column = value.get("column")
        if not isinstance(column, str) or not column:
            raise _fail(source, where, "needs 'column:' naming the survey variable")
        yes, missing = value.get("yes", []), value.get("missing", [])
        for key, codes in (("yes", yes), ("missing", missing)):
            if not isinstance(codes, list):
                raise _fail(source, f"{where}.{key}", "expected a list of codes, e.g. [1, 2]")
        return (Answer(column, tuple(yes), tuple(missing)),)
    if isinstance(value, list) and value:
        out: list[Answer] = []
        for i, part in enumerate(value):
            if isinstance(part, list):
                raise _fail(source, f"{where}[{i}]", "lists of answers cannot be nested")
            out.extend(_answers(part, source, f"{where}[{i}]"))
        return tuple(out)
    raise _fail(
        source,
        where,
        "expected a column, {column: COL, yes: [codes], missing: [codes]} or a list of them",
    )


def _indicator(entry: Any, i: int, source: str) -> SurveyIndicator:
    where = f"indicators[{i}]"
    if not isinstance(entry, dict):
        raise _fail(source, where, "expected a mapping with 'indicator:' and its variables")
    raw = str(entry.get("indicator", "")).strip()
    try:
        kind = IndicatorKind(raw)
    except ValueError:
        known = ", ".join(k.value for k in IndicatorKind)
        raise _fail(source, f"{where}.indicator", f"{raw!r} is not one of {known}") from None
    outcome_key, condition_key, count_keys, series, units = INDICATOR_KEYS[kind]
    allowed = _COMMON | {k for k in (outcome_key, condition_key, *count_keys) if k}
    _unknown(entry, allowed, source, where)
    for key in (outcome_key, condition_key, *count_keys):
        if key and key not in entry:
            raise _fail(source, where, f"indicator {kind.value} needs '{key}:'")
    counts = {}
    for key in count_keys:
        if not isinstance(entry[key], str) or not entry[key]:
            raise _fail(source, f"{where}.{key}", "expected the name of a count column")
        counts[key] = entry[key]
    unit_list = _names(entry.get("units"), source, f"{where}.units") or units
    bad = [u for u in unit_list if u not in UNIT_MULTIPLIERS]
    if bad:
        raise _fail(
            source, f"{where}.units", f"{bad[0]!r} is not one of {', '.join(UNIT_MULTIPLIERS)}"
        )
    crime = str(entry.get("crime", "") or "")
    series = str(entry.get("series", series) or "")
    label = " ".join(p for p in (kind.value, crime, series) if p)
    return SurveyIndicator(
        kind=kind,
        name=str(entry.get("name") or label),
        units=tuple(unit_list),
        outcome=_answers(entry[outcome_key], source, f"{where}.{outcome_key}")
        if outcome_key
        else (),
        condition=_answers(entry[condition_key], source, f"{where}.{condition_key}")
        if condition_key
        else (),
        incidents=counts.get("incidents"),
        reported=counts.get("reported"),
        crime=crime,
        series=series,
    )


def _replicates(value: Any, source: str) -> ReplicateWeights | None:
    if value is None:
        return None
    where = "design.replicates"
    if not isinstance(value, dict):
        raise _fail(source, where, "expected {columns: ..., type: JK1|JKn|BRR|Fay|bootstrap}")
    _unknown(value, {"columns", "type", "rho", "scale", "rscales", "mse"}, source, where)
    try:
        kind = ReplicateType(str(value.get("type")))
    except ValueError:
        raise _fail(source, f"{where}.type", "expected JK1, JKn, BRR, Fay or bootstrap") from None
    rscales = value.get("rscales")
    return ReplicateWeights(
        columns=_names(value.get("columns"), source, f"{where}.columns"),
        type=kind,
        rho=value.get("rho"),
        scale=value.get("scale"),
        rscales=tuple(float(x) for x in rscales) if rscales else None,
        mse=bool(value.get("mse", False)),
    )


def _design(value: Any, source: str) -> SurveyDesign:
    if not isinstance(value, dict):
        raise _fail(source, "design", "expected a mapping such as {weight: w, strata: h, psu: u}")
    _unknown(value, _DESIGN, source, "design")
    psu = _names(value.get("psu"), source, "design.psu")
    fpc = _names(value.get("fpc"), source, "design.fpc")
    try:
        lonely = LonelyPSU(str(value.get("lonely_psu", "fail")))
    except ValueError:
        raise _fail(
            source, "design.lonely_psu", "expected fail, remove, adjust, average or certainty"
        ) from None
    return SurveyDesign(
        weight=value.get("weight"),
        strata=value.get("strata"),
        psu=psu[0] if psu else None,
        ssu=value.get("ssu") or (psu[1] if len(psu) > 1 else None),
        fpc=fpc[0] if fpc else None,
        fpc2=value.get("fpc2") or (fpc[1] if len(fpc) > 1 else None),
        nest=bool(value.get("nest", False)),
        lonely_psu=lonely,
        replicates=_replicates(value.get("replicates"), source),
    )


def _disaggregations(value: Any, source: str) -> dict[str, Disaggregation]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(source, "disaggregations", "expected e.g. {sex: {column: sex, codes: {1: M}}}")
    out = {}
    for name, spec in value.items():
        where = f"disaggregations.{name}"
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("column"), str):
            raise _fail(source, where, "expected {column: COL, codes: {survey code: SDG code}}")
        _unknown(spec, {"column", "codes"}, source, where)
        codes = spec.get("codes") or {}
        if not isinstance(codes, dict):
            raise _fail(source, f"{where}.codes", "expected a mapping {survey code: SDG code}")
        out[str(name)] = Disaggregation(spec["column"], {k: str(v) for k, v in codes.items()})
    return out


def parse_indicator_config(data: Any, source: str = "config") -> SurveyIndicatorConfig:
    """Validate the parsed YAML of an indicator configuration."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping with 'design:' and 'indicators:'")
    _unknown(data, _TOP, source, "(top level)")
    entries = data.get("indicators")
    if not isinstance(entries, list) or not entries:
        raise _fail(source, "indicators", "expected a non-empty list of indicators")
    indicators = tuple(_indicator(e, i, source) for i, e in enumerate(entries))
    names = [ind.name for ind in indicators]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise _fail(
            source, "indicators", f"name(s) used twice: {', '.join(repeated)}; give each a 'name:'"
        )
    rel = data.get("reliability") or {}
    if not isinstance(rel, dict):
        raise _fail(source, "reliability", "expected {caution: 16.5, suppress: 33.3} (CV in %)")
    _unknown(rel, {"caution", "suppress"}, source, "reliability")
    try:
        reliability = Reliability(float(rel.get("caution", 16.5)), float(rel.get("suppress", 33.3)))
        level = float(data.get("level", 0.95))
        year = int(data["year"]) if data.get("year") is not None else None
    except (TypeError, ValueError) as exc:
        raise _fail(source, "reliability, level or year", f"expected numbers ({exc})") from None
    if reliability.caution > reliability.suppress:
        raise _fail(source, "reliability", "'caution' must not exceed 'suppress'")
    return SurveyIndicatorConfig(
        design=_design(data.get("design", {}), source),
        indicators=indicators,
        reliability=reliability,
        ci_method=str(data.get("ci_method", "logit")),
        level=level,
        by=_names(data.get("by"), source, "by"),
        survey=str(data.get("survey", "") or ""),
        area=str(data.get("area", "") or "").upper(),
        year=year,
        reference_period=str(data.get("reference_period") or "previous 12 months"),
        disaggregations=_disaggregations(data.get("disaggregations"), source),
    )
