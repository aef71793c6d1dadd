"""What a section page and an indicator page show: their wording and code names for the page
script, the statistics they offer, and their metadata."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from crimestats.model import Classification
from crimestats.model.indicators import IndicatorSpec
from crimestats.publish.portal.content import DISAGGREGATIONS, offence_tree, stage_notes
from crimestats.publish.portal.labels import CODES, MEASURES, dimension_names, indicator_text
from crimestats.publish.portal.release_files import ReleaseFiles
from crimestats.publish.portal.texts import SCRIPT_TEXTS, TEXTS, format_number

__all__ = ["indicator_context", "indicator_rows", "section_context"]

_LOCALES = {"en": "en-GB", "es": "es-ES"}


def _code_labels(lang: str, areas: set[str], country: str) -> dict[str, Any]:
    """Names and display order of every code a page can show, in ``lang``."""
    column = 1 if lang == "en" else 2
    labels: dict[str, dict[str, str]] = {
        dim: {c[0]: c[column] for c in codes} for dim, codes in CODES.items()
    }
    order: dict[str, list[str]] = {dim: [c[0] for c in codes] for dim, codes in CODES.items()}
    regions = sorted(a for a in areas if a != "_T")
    labels["area"] = {"_T": country, **{a: a for a in regions}}
    order["area"] = ["_T", *regions]
    labels["measure"] = MEASURES[lang]
    order["measure"] = list(MEASURES[lang])
    return {"labels": labels, "order": order}


def _page_config(
    release: ReleaseFiles, lang: str, kind: str, frame: pd.DataFrame, datasets: dict[str, Any]
) -> dict[str, Any]:
    t = TEXTS[lang]
    names = _code_labels(lang, set(frame["area"]), release.title)
    return {
        "lang": lang,
        "locale": _LOCALES[lang],
        "kind": kind,
        "text": {k: t[k] for k in SCRIPT_TEXTS},
        "dims": dimension_names(lang),
        "dimsLower": dimension_names(lang, in_sentence=True),
        **names,
        "datasets": datasets,
    }


def _dataset_entry(
    release: ReleaseFiles, lang: str, spec: Mapping[str, Any], frame: pd.DataFrame
) -> dict[str, Any]:
    t = TEXTS[lang]
    rows = frame[frame["dataset"] == spec["id"]]
    dims = [d for d in DISAGGREGATIONS if rows[d].nunique() > 1]
    sources = [
        s
        for s in release.manifest.get("build", {}).get("sources", [])
        if s.get("stage") == spec["stage"]
        and (s.get("unit") == spec["unit"] or spec["unit"] == "incidents")
    ]
    years = sorted({int(y) for y in rows["year"]})
    regions = {a for a in rows["area"] if a != "_T"}
    where = t["coverage_areas"].format(n=len(regions)) if regions else t["coverage_nation"]
    coverage = [
        t["coverage_years"].format(first=years[0], last=years[-1]) + ", " + where
        if years
        else where
    ]
    notes = stage_notes(release.notes, str(spec["stage"]))
    coverage += [str(r[f"text_{lang}"]) for r in notes.to_dict("records")]
    counted = sum(int(s.get("counted") or 0) for s in sources)
    source_names = ", ".join(str(s["name"]) for s in sources)
    return {
        "title": spec[f"title_{lang}"],
        "dims": dims,
        "unit": f"{t['units'].get(spec['unit'], spec['unit'])} "
        f"({t['records'].get(spec['stage'], spec['stage'])})",
        "coverage": " ".join(_sentence(c) for c in coverage if c),
        "source": t["coverage_sources"].format(n=format_number(counted, lang), sources=source_names)
        if sources
        else release.title,
        "downloads": {
            "csv": release.link(f"data/{spec['id']}.csv"),
            "xml": release.link(f"sdmx/{spec['id']}.xml"),
            "sdmx_csv": release.link(f"sdmx/{spec['id']}.csv"),
        },
    }


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def section_context(
    release: ReleaseFiles, lang: str, classification: Classification, code: str, frame: pd.DataFrame
) -> dict[str, Any]:
    """The template variables of the page of ICCS section ``code`` (``frame``: its observations)."""
    t = TEXTS[lang]
    specs = [d for d in release.manifest.get("datasets", []) if d["id"] in set(frame["dataset"])]
    datasets = {d["id"]: _dataset_entry(release, lang, d, frame) for d in specs}
    tree = offence_tree(frame["iccs_code"], classification, lang)
    config = _page_config(release, lang, "section", frame, datasets)
    config["iccs"] = tree
    config["labels"]["iccs_code"] = {c: f"{c} {v['label']}" for c, v in tree.items()}
    config["order"]["iccs_code"] = list(tree)
    first = next((d for d in specs if d["unit"] == "offences"), specs[0] if specs else None)
    children = [c for c, v in tree.items() if v["parent"] == code]
    config["defaults"] = {
        "dataset": first["id"] if first else "",
        "iccs_code": code,
        "by": "iccs_code"
        if children
        else (datasets[first["id"]]["dims"] or [""])[0]
        if first
        else "",
    }
    label = tree.get(code, {}).get("label", code)
    covers = [
        {"code": c, "label": v["label"], "description": v.get("description", "")}
        for c, v in tree.items()
        if v["parent"] == code and not c.endswith("_U")
    ]
    return {
        "page_title": f"{code} {label}",
        "crumb": t["section_crumb"].format(code=code),
        "code": code,
        "heading": label,
        "summary": t["section_lead"].format(code=code),
        "covers": covers,
        "indicator": None,
        "first_downloads": datasets[first["id"]]["downloads"] if first else {},
        "data_script": f"../data/section-{code}.js",
        "config_json": _script_json(config),
    }


def indicator_rows(release: ReleaseFiles, spec: IndicatorSpec) -> pd.DataFrame:
    """An indicator's values laid out like the release's observations, for its page's data file."""
    rows = release.indicators[release.indicators["indicator"] == spec.id]
    country = str(release.manifest.get("country", ""))
    return pd.DataFrame(
        {
            "dataset": spec.id,
            "measure": rows["unit"].astype(str),
            "iccs_code": "0101" if spec.id == "16.1.1" else "_T",
            "area": ["_T" if str(a) == country else str(a) for a in rows["area"]],
            "sex": rows["sex"].astype(str),
            "age": rows["age"].astype(str),
            "attempt": "_T",
            "citizenship": "_T",
            "status": "_T",
            "year": rows["year"].astype(int),
            "value": rows["value"],
            "flag": rows["flag"].fillna("").astype(str),
            "footnotes": "",
        }
    )


def indicator_context(
    release: ReleaseFiles, lang: str, spec: IndicatorSpec, frame: pd.DataFrame
) -> dict[str, Any]:
    """The template variables of an indicator's page (``frame``: from ``indicator_rows``)."""
    t = TEXTS[lang]
    wording = indicator_text(spec, lang)
    name, definition = wording.name, wording.definition
    years = sorted({int(y) for y in frame["year"]})
    entry: dict[str, Any] = {
        "title": f"{spec.id} {name}",
        "dims": [d for d in DISAGGREGATIONS if frame[d].nunique() > 1],
        "unit": MEASURES[lang].get(spec.unit, spec.unit),
        "coverage": t["coverage_years"].format(first=years[0], last=years[-1]) if years else "",
        "source": release.title,
        "downloads": {
            "csv": release.link("indicators.csv"),
            "xml": release.link("sdmx/sdg.xml"),
            "sdmx_csv": release.link("sdmx/sdg.csv"),
        },
    }
    config = _page_config(release, lang, "indicator", frame, {spec.id: entry})
    config["labels"]["iccs_code"] = {c: c for c in set(frame["iccs_code"])}
    config["order"]["iccs_code"] = sorted(set(frame["iccs_code"]))
    config["iccs"] = {}
    config["defaults"] = {
        "dataset": spec.id,
        "iccs_code": str(frame["iccs_code"].iloc[0]) if len(frame) else "_T",
        "by": (entry["dims"] or [""])[0],
    }
    return {
        "page_title": f"{spec.id} {name}",
        "crumb": t["indicator_crumb"].format(code=spec.id),
        "code": spec.id,
        "heading": name,
        "summary": definition,
        "covers": [],
        "indicator": {
            "definition": definition,
            "numerator": wording.numerator,
            "denominator": wording.denominator,
            "series": ", ".join(spec.series),
            "custodian": spec.custodian,
        },
        "first_downloads": entry["downloads"],
        "data_script": f"../data/indicator-{spec.id}.js",
        "config_json": _script_json(config),
    }


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no "<" can close it or open a comment."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
