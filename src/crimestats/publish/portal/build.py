"""Build the static portal of a release: a home page, a page per SDG indicator and per ICCS section,
in English and Spanish. Pages are plain HTML; the observations of a page sit in one data script
shared by both languages, and ``portal.js`` draws the charts and the table from them."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from crimestats.classification import iccs
from crimestats.estimation.indicators import INDICATORS
from crimestats.publish.portal.content import compact_rows
from crimestats.publish.portal.home import home_context
from crimestats.publish.portal.labels import dimension_names
from crimestats.publish.portal.pages import indicator_context, indicator_rows, section_context
from crimestats.publish.portal.release_files import ReleaseFiles
from crimestats.publish.portal.texts import TEXTS, format_number, format_percent

__all__ = ["LANGUAGES", "build_portal"]

LANGUAGES = ("en", "es")
_STATIC = ("portal.css", "portal.js", "favicon.svg")


def build_portal(root: Path) -> list[Path]:
    """Write ``root/portal`` from the release files in ``root``; returns the pages written."""
    release = ReleaseFiles.read(root)
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
    indicator_frames = {spec.id: indicator_rows(release, spec) for spec in indicators}
    for spec_id, frame in indicator_frames.items():
        _write_data(portal / "data" / f"indicator-{spec_id}.js", frame)
    written: list[Path] = []
    for lang in LANGUAGES:
        out = portal / lang
        out.mkdir()
        common = _common(release, lang)
        pages: dict[str, str] = {
            "index.html": env.get_template("index.html").render(
                **common,
                filename="index.html",
                **home_context(release, lang, classification, indicators),
            )
        }
        for code, frame in sections.items():
            name = f"section-{code}.html"
            pages[name] = env.get_template("page.html").render(
                **common,
                filename=name,
                **section_context(release, lang, classification, code, frame),
            )
        for spec in indicators:
            name = f"indicator-{spec.id}.html"
            pages[name] = env.get_template("page.html").render(
                **common,
                filename=name,
                **indicator_context(release, lang, spec, indicator_frames[spec.id]),
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


def _common(release: ReleaseFiles, lang: str) -> dict[str, Any]:
    """What every page of one language shows: header, footer, downloads, flags and footnotes."""
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
