"""Build the static portal of a release: a home page, a page per SDG indicator and per ICCS section, in
English and Spanish, each with filters, two SVG charts, the table alternative, metadata and downloads."""

# The page() closure is only called inside the loop iteration that defines it.
# ruff: noqa: B023

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
from crimestats.publish.portal.texts import TEXTS
from crimestats.publish.sdmx import _FIXED

__all__ = ["build_portal"]

_FIELDS = (
    "dataset",
    "measure",
    "iccs_code",
    "area",
    "sex",
    "age",
    "attempt",
    "citizenship",
    "status",
    "year",
)
_BY = ("sex", "age", "area", "iccs_code", "status", "citizenship", "attempt")
_CL = {
    "sex": "CL_SEX",
    "age": "CL_AGE",
    "attempt": "CL_ATTEMPT",
    "citizenship": "CL_CITIZENSHIP",
    "status": "CL_JUSTICE_STATUS",
}
_ES = {
    "_T": "Total",
    "F": "Mujeres",
    "M": "Hombres",
    "_U": "Desconocido",
    "Y0T14": "Menos de 15",
    "Y15T29": "15 a 29",
    "Y30T44": "30 a 44",
    "Y45T59": "45 a 59",
    "Y_GE60": "60 y más",
    "completed": "Consumado",
    "attempted": "Tentativa",
    "national": "Nacionales",
    "foreign": "Extranjeros",
    "convicted": "Condenados",
    "acquitted": "Absueltos",
    "sentenced": "Condenados",
    "unsentenced": "Sin condena",
}


def _env() -> jinja2.Environment:
    folder = resources.files("crimestats").joinpath("data", "portal", "templates")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, keep_trailing_newline=True
    )


def _codes(lang: str, areas: list[str], country: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {
        field: {c: (_ES.get(c, n) if lang == "es" else n) for c, n in _FIXED[cl]}
        for field, cl in _CL.items()
    }
    out["area"] = {a: (country if a == "_T" else a) for a in areas}
    out["measure"] = TEXTS[lang]["measures"]
    return out


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    keep = frame[[*_FIELDS, "value", "flag", "footnotes"]].astype(object)
    keep = keep.where(keep.notna(), None)
    return keep.to_dict("records")  # type: ignore[return-value]


def build_portal(root: Path) -> list[Path]:
    """Write ``root/portal`` from the release files in ``root``; returns the pages written."""
    manifest = json.loads((root / "release.json").read_text("utf-8"))
    observations = pd.read_parquet(root / "observations.parquet")
    notes = pd.read_csv(root / "footnotes.csv", dtype=str).fillna("")
    indicators = pd.read_csv(root / "indicators.csv", dtype={"sex": str, "age": str})
    portal = root / "portal"
    static = resources.files("crimestats").joinpath("data", "portal", "static")
    (portal / "static").mkdir(parents=True)
    for name in ("portal.css", "portal.js"):
        shutil.copyfile(str(static.joinpath(name)), portal / "static" / name)
    classification = iccs()
    env = _env()
    default_table = manifest["datasets"][0]["id"] if manifest["datasets"] else ""
    areas = sorted(set(observations["area"]))
    written: list[Path] = []
    sections = sorted({c[:2] for c in observations["iccs_code"]})
    for lang in ("en", "es"):
        t = TEXTS[lang]
        other = "es" if lang == "en" else "en"
        out = portal / lang
        out.mkdir()
        site_title = manifest.get("title") or manifest.get("country") or "crimestats"
        common = {
            "lang": lang,
            "other_lang": other,
            "t": t,
            "release": manifest,
            "site_title": site_title,
            "default_table": default_table,
        }
        datasets = {d["id"]: d[f"title_{lang}"] for d in manifest["datasets"]}
        iccs_labels = {c.code: c.label(lang) for c in classification}
        word = "sin especificar" if lang == "es" else "unspecified"
        for code in set(observations["iccs_code"]):
            if code.endswith("_U"):
                iccs_labels[code] = f"{iccs_labels.get(code[:-2], code)}, {word}"
        parents = {}
        for code in set(observations["iccs_code"]):
            base = code[:-2] if code.endswith("_U") else code
            parent = (
                code[:-2]
                if code.endswith("_U")
                else (
                    getattr(classification.parent(base), "code", "")
                    if base in classification
                    else ""
                )
            )
            parents[code] = parent
        notes_list = [(r["id"], r[f"text_{lang}"]) for r in notes.to_dict("records")]
        meta_common = [
            (
                t["meta"]["source"],
                f"{site_title}; {', '.join(s['name'] for s in manifest['build'].get('sources', []))}",
            ),
            (t["meta"]["method"], _method(manifest, lang)),
        ]

        def page(
            filename: str,
            heading: str,
            summary: str,
            rows: pd.DataFrame,
            metadata: list[tuple[str, str]],
            **extra: Any,
        ) -> None:
            data = {
                "lang": lang,
                "text": {**{k: v for k, v in t.items() if isinstance(v, str)}, "dims": t["dims"]},
                "rows": _rows(rows),
                "datasets": datasets,
                "iccs": iccs_labels,
                "codes": _codes(lang, areas, site_title),
                "parents": parents,
            }
            html = env.get_template("page.html").render(
                **common,
                filename=filename,
                page_title=heading,
                heading=heading,
                summary=summary,
                fields=[f for f in _FIELDS],
                breakdowns=list(_BY),
                metadata=metadata,
                footnotes=notes_list,
                data_json=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
                **extra,
            )
            (out / filename).write_text(html, "utf-8")
            written.append(out / filename)

        for code in sections:
            rows = observations[observations["iccs_code"].str[:2] == code]
            rows = rows[rows["iccs_level"] <= 3]
            label = iccs_labels.get(code, code)
            cat = classification.get(code) if code in classification else None
            definition = cat.text(lang).description if cat else ""
            page(
                f"section-{code}.html",
                f"{code} {label}",
                definition,
                rows,
                [(t["meta"]["definition"], definition or label), *meta_common],
            )
        for spec in INDICATORS.values():
            ind = indicators[indicators["indicator"] == spec.id] if len(indicators) else indicators
            if not len(ind):
                continue
            rows = pd.DataFrame(
                {
                    "dataset": spec.id,
                    "measure": ind["unit"],
                    "iccs_code": "0101" if spec.id == "16.1.1" else "_T",
                    "area": "_T",
                    "sex": ind["sex"],
                    "age": ind["age"],
                    "attempt": "_T",
                    "citizenship": "_T",
                    "status": "_T",
                    "year": ind["year"].astype(int),
                    "value": ind["value"],
                    "flag": ind["flag"].fillna(""),
                    "footnotes": "",
                }
            )
            page(
                f"indicator-{spec.id}.html",
                f"{spec.id} {spec.name}",
                spec.definition,
                rows,
                [
                    (t["meta"]["definition"], spec.definition),
                    (t["meta"]["unit"], f"{spec.numerator} / {spec.denominator}"),
                    *meta_common,
                ],
            )
        shown = [
            {"id": s.id, "name": s.name}
            for s in INDICATORS.values()
            if len(indicators) and (indicators["indicator"] == s.id).any()
        ]
        section_cards = [{"code": c, "label": iccs_labels.get(c, c)} for c in sections]
        html = env.get_template("index.html").render(
            **common,
            filename="index.html",
            page_title=site_title,
            indicators=shown,
            sections=section_cards,
        )
        (out / "index.html").write_text(html, "utf-8")
        written.append(out / "index.html")
    return written


def _method(manifest: dict[str, Any], lang: str) -> str:
    sdc = manifest["disclosure_control"]
    if lang == "es":
        return (
            f"Recuentos mayores que 0 y menores que {sdc['threshold']:g} son confidenciales; "
            "otras celdas se suprimen (programa entero) para que ninguno pueda deducirse de "
            f"los totales con un margen menor que {sdc['protection']:g}."
        )
    return (
        f"Counts above 0 and below {sdc['threshold']:g} are confidential; other cells are "
        "suppressed (an integer program) so that none can be derived from totals to within "
        f"less than {sdc['protection']:g}."
    )
