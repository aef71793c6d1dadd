"""The static portal as written into a release, checked without a browser: what its data scripts hold,
that its links point at files of the release, and the figures and wording it computes.

The browser tests (tests/browser) check the same pages as people use them.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from crimestats.classification import iccs
from crimestats.publish.portal.content import (
    FIELDS,
    compact_rows,
    coverage_rows,
    key_figures,
    offence_tree,
    series_figure,
)
from crimestats.publish.portal.texts import format_number, format_percent


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.repeated: set[str] = set()
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if found.get("id"):
            name = str(found["id"])
            if name in self.ids:
                self.repeated.add(name)
            self.ids.add(name)
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    return parser


def _decode(data: dict[str, Any]) -> pd.DataFrame:
    """The page script's decoding of a data file (portal.js), written again here."""
    n = len(data["fields"])
    records = []
    for row in data["rows"]:
        record = {f: data["codes"][f][row[i]] for i, f in enumerate(data["fields"])}
        record.update(
            year=row[n],
            value=row[n + 1],
            flag=data["flags"][row[n + 2]],
            footnotes=data["notes"][row[n + 3]],
        )
        records.append(record)
    return pd.DataFrame(records)


def _data_file(path: Path) -> dict[str, Any]:
    text = path.read_text("utf-8")
    match = re.fullmatch(r"window\.CRIMESTATS_DATA = (.*);\n", text, re.DOTALL)
    assert match, path
    return dict(json.loads(match.group(1)))


def test_pages_in_both_languages(published_demo: Any) -> None:
    portal = published_demo.release.path / "portal"
    english = sorted(p.name for p in (portal / "en").glob("*.html"))
    assert english == sorted(p.name for p in (portal / "es").glob("*.html"))
    observations = pd.read_parquet(published_demo.release.path / "observations.parquet")
    sections = sorted({c[:2] for c in observations["iccs_code"]})
    assert english == sorted(
        ["index.html", "indicator-16.1.1.html", *(f"section-{s}.html" for s in sections)]
    )
    for lang in ("en", "es"):
        for name in english:
            assert _parse(portal / lang / name).lang == lang
            title = re.search(r"<title>(.*?)</title>", (portal / lang / name).read_text("utf-8"))
            assert title, name
            parts = title.group(1).split(" · ")
            assert len(parts) == len(set(parts)), (lang, name, title.group(1))  # no repeated part
            assert (len(parts) == 1) == (name == "index.html"), (lang, name, title.group(1))


def test_a_section_data_file_holds_that_section_of_the_release(published_demo: Any) -> None:
    root = published_demo.release.path
    observations = pd.read_parquet(root / "observations.parquet")
    for code in ("01", "02", "05"):
        shown = _decode(_data_file(root / "portal" / "data" / f"section-{code}.js"))
        expected = observations[observations["iccs_code"].str.startswith(code)]
        key = [*FIELDS, "year"]
        merged = expected.merge(shown, on=key, how="outer", indicator=True, suffixes=("", "_p"))
        assert (merged["_merge"] == "both").all(), code
        assert len(shown) == len(expected)
        same = (merged["value"] - merged["value_p"]).abs() <= 1e-9 * merged["value"].abs()
        assert (same | (merged["value"].isna() & merged["value_p"].isna())).all()
        assert (merged["flag"].fillna("") == merged["flag_p"]).all()
        assert (merged["footnotes"].fillna("") == merged["footnotes_p"]).all()


def test_every_link_of_the_portal_is_a_file_of_the_release_and_ids_are_unique(
    published_demo: Any,
) -> None:
    root = published_demo.release.path
    for page in sorted((root / "portal").glob("*/*.html")):
        parsed = _parse(page)
        assert parsed.repeated == set(), page.name
        for link in parsed.links:
            target, _, fragment = link.partition("#")
            if not target:
                assert fragment in parsed.ids, (page.name, link)
                continue
            if target == "../../../../docs":  # the API of `crimestats serve`
                continue
            assert (page.parent / target).resolve().is_file(), (page.name, link)


def test_page_wording_is_json_that_cannot_close_its_script(published_demo: Any) -> None:
    page = (published_demo.release.path / "portal" / "es" / "section-02.html").read_text("utf-8")
    found = re.search(
        r'<script type="application/json" id="page-config">(.*?)</script>', page, re.S
    )
    assert found
    assert "<" not in found.group(1)
    config = json.loads(found.group(1))
    assert config["lang"] == "es"
    assert config["labels"]["iccs_code"]["0201"] == "0201 " + iccs().get("0201").label("es")


def _observations(rows: list[tuple[str, int, float | None, str]]) -> pd.DataFrame:
    """National police offence counts and rates: (ICCS code, year, count, flag); rate = count / 10."""
    out = []
    for code, year, value, flag in rows:
        for measure, scale in (("count", 1.0), ("rate", 0.1)):
            out.append(
                {
                    "dataset": "police_offences",
                    "measure": measure,
                    "iccs_code": code,
                    "iccs_level": len(code) // 2,
                    "area": "_T",
                    "sex": "_T",
                    "age": "_T",
                    "attempt": "_T",
                    "citizenship": "_T",
                    "status": "_T",
                    "year": year,
                    "value": None if value is None else value * scale,
                    "flag": flag,
                    "footnotes": "",
                }
            )
    return pd.DataFrame(out)


def test_key_figures_are_published_headline_cells_with_their_change() -> None:
    frame = _observations(
        [
            ("0101", 2023, 10, ""),
            ("0101", 2024, 12, ""),
            ("0201", 2023, 100, ""),
            ("0201", 2024, None, "suppressed"),  # hidden: not a key figure
            ("0502", 2024, 40, ""),  # no year before: no change
            ("0999", 2024, 500, ""),  # not a headline code, but the largest level 2 to fill in
            ("0998", 2024, 300, ""),
            ("0997", 2024, 200, ""),
        ]
    )
    figures = key_figures(frame, "police_offences", codes=("0101", "0201", "0502"), least=4)
    assert [code for code, _, _ in figures] == ["0101", "0502", "0999", "0998"]
    _, count, rate = figures[0]
    assert (count.year, count.value, count.previous_year, count.previous) == (2024, 12, 2023, 10)
    assert count.change == pytest.approx(0.2)
    assert rate is not None and rate.value == pytest.approx(1.2)
    assert figures[1][1].change is None


def test_a_hidden_latest_year_has_no_value_and_keeps_its_flag() -> None:
    frame = _observations([("01", 2023, 7, ""), ("01", 2024, None, "confidential")])
    figure = series_figure(frame[frame["measure"] == "count"])
    assert figure is not None
    assert (figure.value, figure.flag, figure.previous, figure.change) == (
        None,
        "confidential",
        7,
        None,
    )


def test_compact_rows_keep_every_observation() -> None:
    frame = _observations([("01", 2023, 7, ""), ("0101", 2024, None, "suppressed")])
    frame.loc[0, "footnotes"] = "F1;F4"
    decoded = _decode(compact_rows(frame))
    columns = [*FIELDS, "year", "value", "flag", "footnotes"]
    codes = [c for c in columns if c != "value"]
    assert decoded[codes].to_dict("records") == frame[codes].to_dict("records")
    # Values keep ten significant digits, as the tidy CSV files do.
    assert decoded["value"].tolist() == pytest.approx(
        frame["value"].tolist(), rel=1e-9, nan_ok=True
    )


def test_coverage_rows_count_what_each_source_gave_and_name_no_file() -> None:
    sources = [
        {
            "name": "policia",
            "location": "/srv/secret/policia.csv",
            "stage": "police",
            "unit": "offences",
            "rows_in": 200,
            "counted": 190,
        },
        {"name": "carceles", "stage": "prisons", "unit": "persons", "rows_in": 0, "counted": 0},
    ]
    notes = pd.DataFrame(
        {"id": ["F1", "F5"], "text_en": ["a", "b"], "text_es": ["a", "b"], "stage": ["", "police"]}
    )
    rows = coverage_rows(sources, notes)
    assert rows[0] == {
        "name": "policia",
        "stage": "police",
        "unit": "offences",
        "rows_in": 200,
        "counted": 190,
        "set_aside": 10,
        "share": 0.95,
        "notes": ["F5"],
    }
    assert rows[1]["share"] is None and rows[1]["notes"] == []
    assert "/srv" not in json.dumps(rows)


def test_offence_tree_names_unspecified_parts_under_their_parent() -> None:
    tree = offence_tree(["02", "0201", "02012_U", "02012"], iccs(), "es")
    assert tree["0201"]["parent"] == "02" and tree["0201"]["level"] == 2
    assert tree["02012_U"]["parent"] == "02012"
    assert tree["02012_U"]["level"] == tree["02012"]["level"] + 1
    assert tree["02012_U"]["label"] == iccs().get("02012").label("es") + ", sin especificar"
    assert tree["0201"]["description"] == iccs().get("0201").text("es").description


@pytest.mark.parametrize(
    ("value", "lang", "digits", "text"),
    [
        (1234.5, "en", 1, "1,234.5"),
        (1234.5, "es", 1, "1234,5"),  # Spanish does not group four digits
        (12345.25, "es", 2, "12.345,25"),
        (-12345, "en", 0, "-12,345"),
        (0.0331, "es", 2, "0,03"),
        (None, "en", 0, ""),
    ],
)
def test_numbers_are_written_the_way_each_language_writes_them(
    value: float | None, lang: str, digits: int, text: str
) -> None:
    assert format_number(value, lang, digits) == text


def test_percentages() -> None:
    assert format_percent(0.0567, "en") == "5.7%"
    assert format_percent(-0.0567, "es") == "5,7\u00a0%"
