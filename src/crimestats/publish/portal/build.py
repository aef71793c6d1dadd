"""Build the static portal of a release: a home page, a page per SDG indicator and per ICCS section,
in English and Spanish. Pages are plain HTML; the observations of a page sit in one data script
shared by both languages, and ``portal.js`` draws the charts and the table from them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from crimestats.classification import iccs
from crimestats.estimation.indicators import INDICATORS
from crimestats.model import Classification
from crimestats.model.indicators import IndicatorSpec
from crimestats.publish.portal.content import (
    DISAGGREGATIONS,
    Figure,
    compact_rows,
    coverage_rows,
    key_figures,
    offence_tree,
    section_figures,
    stage_notes,
)
from crimestats.publish.portal.labels import CODES, MEASURES, dimension_names, indicator_text
from crimestats.publish.portal.texts import SCRIPT_TEXTS, TEXTS, format_number, format_percent

__all__ = ["build_portal"]

LANGUAGES = ("en", "es")
_STATIC = ("portal.css", "portal.js", "favicon.svg")
_LOCALES = {"en": "en-GB", "es": "es-ES"}
FLAG_LETTERS = {"confidential": "c", "suppressed": "s"}


@dataclass(frozen=True)
class _Release:
    """The files of a release the portal is built from."""

    root: Path
    manifest: dict[str, Any]
    observations: pd.DataFrame
    notes: pd.DataFrame
    indicators: pd.DataFrame

    @classmethod
    def read(cls, root: Path) -> _Release:
        notes = pd.read_csv(root / "footnotes.csv", dtype=str).fillna("")
        indicators = pd.read_csv(
            root / "indicators.csv", dtype={"sex": str, "age": str, "area": str, "flag": str}
        )
        return cls(
            root,
            json.loads((root / "release.json").read_text("utf-8")),
            pd.read_parquet(root / "observations.parquet"),
            notes,
            indicators,
        )

    @property
    def title(self) -> str:
        return str(self.manifest.get("title") or self.manifest.get("country") or "crimestats")

    def link(self, relative: str) -> str | None:
        """A release file as seen from a page in ``portal/<lang>/``, if the release has it."""
        return f"../../{relative}" if (self.root / relative).is_file() else None

    def years(self) -> list[int]:
        return sorted({int(y) for y in self.observations["year"]})


def build_portal(root: Path) -> list[Path]:
    """Write ``root/portal`` from the release files in ``root``; returns the pages written."""
    release = _Release.read(root)
    portal = root / "portal"
    static = resources.files("crimestats").joinpath("data", "portal", "static")
    (portal / "static").mkdir(parents=True)
    (portal / "data").mkdir()
    for name in _STATIC:
        shutil.copyfile(str(static.joinpath(name)), portal / "static" / name)
    classification = iccs()
    env = _environment()
    sections = _sections(release.observations)
    indicators = [
        spec
        for spec in INDICATORS.values()
        if len(release.indicators) and (release.indicators["indicator"] == spec.id).any()
    ]
    for code, frame in sections.items():
        _write_data(portal / "data" / f"section-{code}.js", frame)
    indicator_frames = {spec.id: _indicator_rows(release, spec) for spec in indicators}
    for spec_id, frame in indicator_frames.items():
        _write_data(portal / "data" / f"indicator-{spec_id}.js", frame)
    written: list[Path] = []
    for lang in LANGUAGES:
        out = portal / lang
        out.mkdir()
        common = _common(release, lang)
        pages: dict[str, str] = {
            "index.html": env.get_template("index.html").render(
                **common, filename="index.html", **_home(release, lang, classification, indicators)
            )
        }
        for code, frame in sections.items():
            name = f"section-{code}.html"
            pages[name] = env.get_template("page.html").render(
                **common,
                filename=name,
                **_section_page(release, lang, classification, code, frame),
            )
        for spec in indicators:
            name = f"indicator-{spec.id}.html"
            pages[name] = env.get_template("page.html").render(
                **common,
                filename=name,
                **_indicator_page(release, lang, spec, indicator_frames[spec.id]),
            )
        for name, html in pages.items():
            (out / name).write_text(html, "utf-8")
            written.append(out / name)
    return written


def _environment() -> jinja2.Environment:
    folder = resources.files("crimestats").joinpath("data", "portal", "templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["number"] = format_number
    env.filters["percent"] = format_percent
    return env


def _sections(observations: pd.DataFrame) -> dict[str, pd.DataFrame]:
    codes = observations["iccs_code"].str[:2]
    return {str(code): observations[codes == code] for code in sorted(set(codes))}


def _write_data(path: Path, frame: pd.DataFrame) -> None:
    payload = json.dumps(compact_rows(frame), ensure_ascii=False, separators=(",", ":"))
    path.write_text(f"window.CRIMESTATS_DATA = {payload};\n", "utf-8")


def _common(release: _Release, lang: str) -> dict[str, Any]:
    manifest = release.manifest
    years = release.years()
    t = TEXTS[lang]
    threshold = manifest.get("disclosure_control", {}).get("threshold", 0)
    protection = manifest.get("disclosure_control", {}).get("protection", 0)
    notes = [(r["id"], r[f"text_{lang}"]) for r in release.notes.to_dict("records")]
    downloads = [
        {
            "id": d["id"],
            "title": d[f"title_{lang}"],
            "rows": d.get("rows"),
            "csv": release.link(f"data/{d['id']}.csv"),
            "xml": release.link(f"sdmx/{d['id']}.xml"),
            "sdmx_csv": release.link(f"sdmx/{d['id']}.csv"),
        }
        for d in manifest.get("datasets", [])
    ]
    return {
        "lang": lang,
        "dims": dimension_names(lang),
        "other_lang": "es" if lang == "en" else "en",
        "t": t,
        "release": manifest,
        "published": str(manifest.get("created", ""))[:10],
        "site_title": release.title,
        "years": f"{years[0]}–{years[-1]}" if years else "",
        "method_text": t["method_text"].format(threshold=threshold, protection=protection),
        "footnotes": notes,
        "downloads": downloads,
        "files": {
            "workbook": release.link(f"excel/crimestats_{manifest['name']}.xlsx"),
            "structure": release.link("sdmx/structure.xml"),
            # Written after the portal, by the release itself.
            "bulk": "../../bulk.zip",
            "revisions": release.link("revisions.csv"),
            "indicators": release.link("indicators.csv"),
            "sdg_xml": release.link("sdmx/sdg.xml"),
            "sdg_csv": release.link("sdmx/sdg.csv"),
        },
        # The API is served next to the release folders by `crimestats serve`.
        "api": "../../../../docs",
    }


def _figure_view(figure: Figure, lang: str, digits: int = 0) -> dict[str, Any]:
    t = TEXTS[lang]
    change = figure.change
    if change is None or figure.previous_year is None:
        said = ""
    elif abs(change) < 0.0005:
        said = t["change_same"].format(year=figure.previous_year)
    else:
        key = "change_up" if change > 0 else "change_down"
        said = t[key].format(pct=format_percent(change, lang), year=figure.previous_year)
    return {
        "year": figure.year,
        "value": format_number(figure.value, lang, digits) if figure.value is not None else "",
        "flag": figure.flag,
        "change": said,
        "direction": "" if not change else ("up" if change > 0 else "down"),
    }


def _home(
    release: _Release, lang: str, classification: Classification, indicators: list[IndicatorSpec]
) -> dict[str, Any]:
    t = TEXTS[lang]
    observations = release.observations
    datasets = release.manifest.get("datasets", [])
    police = next((d["id"] for d in datasets if d["unit"] == "offences"), None)
    figures = []
    for code, count, rate in key_figures(observations, police) if police else []:
        name = classification.get(code).label(lang) if code in classification else code
        figures.append(
            {
                "code": code,
                "label": name,
                "href": f"section-{code[:2]}.html#dataset={police}&iccs_code={code}",
                "rate": format_number(rate.value, lang, 2)
                if rate and rate.value is not None
                else "",
                **_figure_view(count, lang),
            }
        )
    by_section = section_figures(observations, police) if police else {}
    largest = max((f.value or 0 for f in by_section.values()), default=0) or 1
    sections = [
        {
            "code": code,
            "label": classification.get(code).label(lang) if code in classification else code,
            "share": (by_section[code].value or 0) / largest if code in by_section else 0,
            "flag_letter": FLAG_LETTERS.get(by_section[code].flag, by_section[code].flag)
            if code in by_section
            else "",
            **(_figure_view(by_section[code], lang) if code in by_section else {"value": ""}),
        }
        for code in sorted(set(observations["iccs_code"].str[:2]))
    ]
    section_year = max((f.year for f in by_section.values()), default="")
    indicator_cards = []
    for spec in indicators:
        name = indicator_text(spec, lang).name
        rows = release.indicators[release.indicators["indicator"] == spec.id]
        national = rows[(rows["sex"] == "_T") & (rows["age"] == "_T")].sort_values("year")
        published = national.dropna(subset=["value"])
        latest = national.iloc[-1] if len(national) else None
        shown = published.iloc[-1] if len(published) else None
        indicator_cards.append(
            {
                "id": spec.id,
                "name": name,
                "unit": MEASURES[lang].get(spec.unit, spec.unit),
                "year": int(shown["year"]) if shown is not None else "",
                "value": format_number(float(shown["value"]), lang, 2) if shown is not None else "",
                # A later year that is not published is said, with its flag.
                "hidden_year": int(latest["year"])
                if latest is not None and pd.isna(latest["value"])
                else "",
                "hidden_flag": FLAG_LETTERS.get(str(latest["flag"]), str(latest["flag"]))
                if latest is not None and pd.isna(latest["value"])
                else "",
            }
        )
    shown_ids = {spec.id for spec in indicators}
    missing = [
        {"id": spec.id, "name": indicator_text(spec, lang).name}
        for spec in INDICATORS.values()
        if spec.id not in shown_ids and spec.id.startswith("16.")
    ]
    coverage = coverage_rows(release.manifest.get("build", {}).get("sources", []), release.notes)
    for row in coverage:
        row["stage_name"] = t["stages"].get(row["stage"], row["stage"])
        row["unit_name"] = t["units"].get(row["unit"], row["unit"])
    return {
        "page_title": release.title,
        "figures": figures,
        "figure_year": figures[0]["year"] if figures else "",
        "indicators": indicator_cards,
        "missing_indicators": sorted(
            missing, key=lambda m: [int(p) for p in m["id"].split(".")[1:]]
        ),
        "sections": sections,
        "section_year": section_year,
        "coverage": coverage,
        "revisions": release.manifest.get("revisions") or {},
    }


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
    release: _Release, lang: str, kind: str, frame: pd.DataFrame, datasets: dict[str, Any]
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
    release: _Release, lang: str, spec: Mapping[str, Any], frame: pd.DataFrame
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


def _section_page(
    release: _Release, lang: str, classification: Classification, code: str, frame: pd.DataFrame
) -> dict[str, Any]:
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


def _indicator_rows(release: _Release, spec: IndicatorSpec) -> pd.DataFrame:
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


def _indicator_page(
    release: _Release, lang: str, spec: IndicatorSpec, frame: pd.DataFrame
) -> dict[str, Any]:
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
