"""What the home page shows: release facts, key figures, SDG indicators, ICCS sections and the
reporting coverage of the sources."""

from __future__ import annotations

from typing import Any

import pandas as pd

from crimestats.estimation.indicators import INDICATORS
from crimestats.model import Classification
from crimestats.model.indicators import IndicatorSpec
from crimestats.publish.portal.content import Figure, coverage_rows, key_figures, section_figures
from crimestats.publish.portal.labels import MEASURES, indicator_text
from crimestats.publish.portal.release_files import ReleaseFiles
from crimestats.publish.portal.texts import TEXTS, format_number, format_percent

__all__ = ["FLAG_LETTERS", "home_context"]

#: How a table shows a hidden value's flag.
FLAG_LETTERS = {"confidential": "c", "suppressed": "s"}


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


def home_context(
    release: ReleaseFiles,
    lang: str,
    classification: Classification,
    indicators: list[IndicatorSpec],
) -> dict[str, Any]:
    """The home page's template variables in ``lang``."""
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
