"""The portal in a real Chromium against ``crimestats serve``: pages in both languages, filters that
change the table to exactly the release's rows, downloads equal to the files on disk, keyboard focus,
contrast, links, and no request leaving the machine.

Expected values come from the release's tidy CSV files read with pandas here, not from the portal.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from crimestats.classification import iccs

pytestmark = pytest.mark.browser

SECTION = "02"

# One cell of the data table, as the page shows it (see portal.js).
_READ_TABLE = """() => Array.from(document.querySelectorAll('#data-table tbody tr')).map(tr => ({
  code: tr.dataset.code,
  header: tr.querySelector('th').textContent,
  cells: Array.from(tr.querySelectorAll('td')).map(td => ({
    year: Number(td.dataset.year),
    missing: td.dataset.missing === '1',
    value: td.dataset.value === undefined || td.dataset.value === '' ? null : Number(td.dataset.value),
    flag: td.dataset.flag || '',
    notes: td.dataset.notes || '',
    shown: td.childNodes.length && td.childNodes[0].nodeType === 3 ? td.childNodes[0].textContent : '',
    letter: (td.querySelector('.flag') || {}).textContent || '',
    marks: Array.from(td.querySelectorAll('sup.fn')).map(s => s.textContent),
  })),
}))"""


def tidy(portal: Any, table: str) -> pd.DataFrame:
    """A table's tidy CSV as published (every column text; empty breakdown = total)."""
    return pd.read_csv(
        portal.release.path / "data" / f"{table}.csv", dtype=str, keep_default_na=False
    )


def expected_cells(
    frame: pd.DataFrame, by: str, where: dict[str, str]
) -> dict[tuple[str, int], tuple[float | None, str, str]]:
    """(category code, year) → (value, flag, footnotes) of the rows matching ``where``; the
    breakdown column's empty code is the total ``_T``."""
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    out = {}
    for r in rows.to_dict("records"):
        code = r[by] or "_T"
        value = float(r["Value"]) if r["Value"] else None
        out[(code, int(r["Year"]))] = (value, r["Flag"], r["Footnotes"])
    return out


def shown_cells(page: Any) -> tuple[list[str], dict[tuple[str, int], dict[str, Any]], set[Any]]:
    rows = page.evaluate(_READ_TABLE)
    cells = {}
    missing = set()
    for row in rows:
        for cell in row["cells"]:
            key = (row["code"], int(cell["year"]))
            if cell["missing"]:
                missing.add(key)
            else:
                cells[key] = cell
    return [r["code"] for r in rows], cells, missing


def assert_table_is(page: Any, expected: dict[tuple[str, int], Any], total: str) -> None:
    """The table shows exactly ``expected``: same cells, values, flags and footnote markers, each
    readable on screen; other year × category cells are marked as having no observation."""
    order, cells, missing = shown_cells(page)
    assert set(cells) == set(expected)
    assert order[0] == total
    categories = {code for code, _ in expected}
    years = {year for _, year in expected}
    assert set(order) == categories
    assert missing == {(c, y) for c in categories for y in years} - set(expected)
    letters = {"confidential": "c", "suppressed": "s"}
    for key, (value, flag, notes) in expected.items():
        cell = cells[key]
        assert cell["flag"] == flag, key
        assert cell["notes"] == notes, key
        assert cell["marks"] == [n for n in notes.split(";") if n], key
        if value is None:
            assert cell["value"] is None, key
            assert cell["letter"] == letters[flag], key
        else:
            assert cell["value"] == pytest.approx(value, rel=1e-9), key
            shown = float(cell["shown"].replace(",", ""))
            assert shown == pytest.approx(value, abs=0.051), key


def children_of(code: str, codes: set[str]) -> set[str]:
    """ICCS codes one level below ``code`` (and its 'not further specified' residual)."""
    return {
        c for c in codes if c.startswith(code) and (len(c) == len(code) + 2 or c == code + "_U")
    }


def test_home_page_in_both_languages(page: Any, portal: Any) -> None:
    offences = tidy(portal, "police_offences")
    sections = sorted({c for c in offences["ICCS"] if len(c) == 2})
    for lang, heading in (("en", "Key figures"), ("es", "Cifras clave")):
        page.goto(portal.page_url(lang))
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text() == portal.release.manifest["title"]
        assert page.locator("#h-key").inner_text() == heading
        links = page.locator(".cards.sections a").evaluate_all(
            "as => as.map(a => a.getAttribute('href'))"
        )
        assert links == [f"section-{s}.html" for s in sections]
        assert page.locator(".cards.sections .badge").all_inner_texts() == sections
        names = page.locator(".cards.sections a").all_inner_texts()
        assert all(iccs().get(s).label(lang) in n for s, n in zip(sections, names, strict=True))
        # The key figure of theft is its published national count for the latest year.
        latest = offences["Year"].max()
        theft = offences[
            (offences["ICCS"] == "0502")
            & (offences["Attempt"] == "")
            & (offences["Units"] == "count")
        ]
        value = theft[theft["Year"] == latest]["Value"].iloc[0]
        card = page.locator(".figure", has=page.locator(".eyebrow", has_text="ICCS 0502"))
        big = card.locator(".big").inner_text()
        assert float(big.replace(",", "").replace(".", "")) == float(value)
        coverage = page.locator("table.coverage tbody tr")
        assert coverage.count() == len(portal.release.manifest["build"]["sources"])


def test_root_redirects_to_the_latest_release(page: Any, portal: Any) -> None:
    page.goto(portal.base + "/")
    assert page.url == portal.page_url("en")


def test_section_and_indicator_pages_in_both_languages(page: Any, portal: Any) -> None:
    for lang in ("en", "es"):
        page.goto(portal.page_url(lang, f"section-{SECTION}.html"))
        assert page.locator("h1").inner_text().endswith(iccs().get(SECTION).label(lang))
        assert page.locator("#data-table tbody tr").count() > 1
        assert page.locator("#chart-series svg[role=img] desc").text_content()
        other = "es" if lang == "en" else "en"
        switch = page.locator("#lang-switch")
        assert switch.get_attribute("hreflang") == other
        assert switch.get_attribute("href").startswith(f"../{other}/section-{SECTION}.html")
        page.goto(portal.page_url(lang, "indicator-16.1.1.html"))
        indicator = pd.read_csv(
            portal.release.path / "indicators.csv", dtype=str, keep_default_na=False
        )
        indicator = indicator[(indicator["indicator"] == "16.1.1") & (indicator["age"] == "_T")]
        expected = {
            (r["sex"], int(r["year"])): (
                float(r["value"]) if r["value"] else None,
                r["flag"],
                "",
            )
            for r in indicator.to_dict("records")
        }
        if lang == "en":
            assert_table_is(page, expected, "_T")
        assert page.locator("h1 .badge").inner_text() == "16.1.1"


def test_filters_change_the_table_to_the_release_rows(page: Any, portal: Any) -> None:
    page.goto(portal.page_url("en", f"section-{SECTION}.html"))
    # The page opens on police-recorded offences, the section broken down into its categories.
    offences = tidy(portal, "police_offences")
    codes = set(offences["ICCS"])
    parts = offences[
        offences["ICCS"].isin({SECTION} | children_of(SECTION, codes))
        & (offences["Attempt"] == "")
        & (offences["Units"] == "count")
    ]
    assert_table_is(page, expected_cells(parts, "ICCS", {}), SECTION)

    victims = tidy(portal, "police_victims")
    page.select_option("#f-dataset", "police_victims")
    page.select_option("#f-by", "age")
    page.select_option("#f-sex", "F")
    where = {"ICCS": SECTION, "Sex": "F", "Units": "count"}
    women = expected_cells(victims, "Age", where)
    assert len({code for code, _ in women}) > 2
    assert_table_is(page, women, "_T")

    page.select_option("#f-sex", "M")
    men = expected_cells(victims, "Age", {**where, "Sex": "M"})
    assert men != women
    assert_table_is(page, men, "_T")

    first = sorted(children_of(SECTION, set(victims["ICCS"])))[0]
    page.select_option("#f-iccs_code", first)
    assert_table_is(
        page, expected_cells(victims, "Age", {**where, "Sex": "M", "ICCS": first}), "_T"
    )

    page.select_option("#f-measure", "rate")
    rates = expected_cells(victims, "Age", {**where, "Sex": "M", "ICCS": first, "Units": "rate"})
    assert_table_is(page, rates, "_T")
    # The bar chart has one bar (or one 'not published' box) per age group of the chosen year.
    year = int(page.locator("#f-year").input_value())
    bars = page.locator("#chart-by rect.bar, #chart-by rect.hidden-bar").count()
    assert bars == len({c for c, y in rates if y == year and c != "_T"})


def test_language_switch_keeps_the_selection(page: Any, portal: Any) -> None:
    page.goto(portal.page_url("en", f"section-{SECTION}.html"))
    page.select_option("#f-dataset", "police_victims")
    page.select_option("#f-by", "sex")
    _, before, _ = shown_cells(page)
    page.click("#lang-switch")
    page.wait_for_load_state("load")
    assert page.url.startswith(portal.page_url("es", f"section-{SECTION}.html#"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#h-table").inner_text() == "Cuadro de datos"
    _, after, _ = shown_cells(page)
    assert {k: (c["value"], c["flag"]) for k, c in after.items()} == {
        k: (c["value"], c["flag"]) for k, c in before.items()
    }
    assert page.locator("#f-by").input_value() == "sex"


def test_downloads_are_the_release_files(page: Any, portal: Any) -> None:
    page.goto(portal.page_url("en", f"section-{SECTION}.html"))
    page.select_option("#f-dataset", "police_victims")
    for link, file in (
        ("#dl-csv", "data/police_victims.csv"),
        ("#dl-xml", "sdmx/police_victims.xml"),
    ):
        with page.expect_download() as info:
            page.click(link)
        download = info.value
        assert download.suggested_filename == Path(file).name
        assert Path(download.path()).read_bytes() == (portal.release.path / file).read_bytes()

    # "This table" is the rows on screen, with codes, flags and footnotes.
    page.select_option("#f-by", "age")
    with page.expect_download() as info:
        page.click("#dl-table")
    table = pd.read_csv(Path(info.value.path()), dtype=str, keep_default_na=False)
    shown = {
        (r["age"], int(r["year"])): (
            float(r["value"]) if r["value"] else None,
            r["flag"],
            r["footnotes"],
        )
        for r in table.to_dict("records")
    }
    expected = expected_cells(
        tidy(portal, "police_victims"), "Age", {"ICCS": SECTION, "Sex": "", "Units": "count"}
    )
    assert shown.keys() == expected.keys()
    for key, (value, flag, notes) in expected.items():
        assert shown[key][1:] == (flag, notes)
        assert shown[key][0] == (pytest.approx(value, rel=1e-9) if value is not None else None)

    page.goto(portal.page_url("en"))
    with page.expect_download() as info:
        page.locator("a[href$='bulk.zip']").first.click()
    digest = hashlib.sha256(Path(info.value.path()).read_bytes()).hexdigest()
    assert digest == hashlib.sha256((portal.release.path / "bulk.zip").read_bytes()).hexdigest()


def test_every_link_resolves(page: Any, portal: Any) -> None:
    pages = [
        portal.page_url(lang, name)
        for lang in ("en", "es")
        for name in ("index.html", f"section-{SECTION}.html", "indicator-16.1.1.html")
    ]
    targets: set[str] = set()
    for url in pages:
        page.goto(url)
        hrefs = page.locator("a[href]").evaluate_all("as => as.map(a => a.href)")
        for href in hrefs:
            if href.startswith("blob:"):
                continue
            base, _, fragment = href.partition("#")
            if base == url and fragment and "=" not in fragment:
                assert page.locator(f"#{fragment}").count() == 1, href
            else:
                targets.add(base)
    assert len(targets) > 20
    for target in sorted(targets):
        assert target.startswith(portal.base), target
        answer = page.request.get(target)
        assert answer.status == 200, target


def test_no_console_errors_and_no_request_leaves_the_machine(
    page: Any, portal: Any, recorder: Any
) -> None:
    folder = portal.release.path / "portal" / "en"
    names = sorted(p.name for p in folder.glob("*.html"))
    assert "index.html" in names and f"section-{SECTION}.html" in names
    for lang in ("en", "es"):
        for name in names:
            page.goto(portal.page_url(lang, name))
            page.wait_for_load_state("networkidle")
    assert recorder.errors == []
    assert recorder.requests
    outside = [
        u for u in recorder.requests if not u.startswith((portal.base + "/", "blob:", "data:"))
    ]
    assert outside == []


_FOCUS = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {tag: e.tagName, id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 40),
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow,
          top: r.top, bottom: r.bottom, left: r.left, height: r.height}; }"""


def test_keyboard_reaches_every_control_with_a_visible_focus(page: Any, portal: Any) -> None:
    page.goto(portal.page_url("en", f"section-{SECTION}.html"))
    page.keyboard.press("Tab")
    skip = page.evaluate(_FOCUS)
    assert skip["cls"] == "skip"
    assert skip["top"] >= 0 and skip["height"] > 0  # shown on screen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(portal.page_url("en", f"section-{SECTION}.html"))
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS)
        if focus["tag"] == "BODY":  # past the last control
            break
        seen.append(focus)
        assert focus["outline"] != "none" and focus["width"] >= 2, focus
        assert focus["shadow"] != "none", focus
    print("tab order:", [f["id"] or f["text"] for f in seen])
    assert len(seen) > 15
    ids = {f["id"] for f in seen}
    assert {"lang-switch", "f-dataset", "f-iccs_code", "f-by", "f-year"} <= ids
    # Filters work from the keyboard: a different offence with the arrow key.
    page.focus("#f-iccs_code")
    before = page.locator("#f-iccs_code").input_value()
    page.keyboard.press("ArrowDown")
    after = page.locator("#f-iccs_code").input_value()
    assert after != before
    assert page.locator("#data-table tbody tr").first.get_attribute("data-code") in (after, "_T")


_COLOURS = r"""() => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const background = el => { for (let e = el; e; e = e.parentElement) {
      if (e instanceof SVGElement && !(e instanceof SVGSVGElement)) continue;
      const b = parse(getComputedStyle(e).backgroundColor); if (b && b[3] > 0) return b; }
    return [255, 255, 255, 1]; };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode; const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el)) continue; seen.add(el);
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1 || s.visibility === 'hidden' || el.closest('[hidden],noscript,script,.skip')) continue;
    const fg = parse(el instanceof SVGElement ? s.fill : s.color);
    out.push({text: node.textContent.trim().slice(0, 30), fg: fg, bg: background(el),
              size: parseFloat(s.fontSize), weight: Number(s.fontWeight) || 400});
  }
  document.querySelectorAll('svg .bar, svg .line, svg .dot, select').forEach(el => {
    const s = getComputedStyle(el);
    const c = el.tagName === 'SELECT' ? s.borderTopColor : (el.classList.contains('line') ? s.stroke : s.fill);
    out.push({text: 'mark:' + el.tagName + '.' + el.getAttribute('class'), fg: parse(c), bg: background(el.parentElement), size: 0, weight: 0, mark: true});
  });
  return out; }"""


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg: list[float], bg: list[float]) -> float:
    # Blend a translucent foreground onto its background first.
    alpha = fg[3] if len(fg) > 3 else 1
    solid = [fg[i] * alpha + bg[i] * (1 - alpha) for i in range(3)]
    high, low = sorted((_luminance(solid), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", ["index.html", f"section-{SECTION}.html", "indicator-16.1.1.html"])
def test_text_and_marks_meet_wcag_aa_contrast(page: Any, portal: Any, name: str) -> None:
    page.goto(portal.page_url("en", name))
    failures = []
    items = page.evaluate(_COLOURS)
    assert len(items) > 50
    for item in items:
        ratio = _contrast(item["fg"], item["bg"])
        if item.get("mark"):
            needed = 3.0  # WCAG 1.4.11: graphics and control borders
        else:
            large = item["size"] >= 24 or (item["size"] >= 18.66 and item["weight"] >= 700)
            needed = 3.0 if large else 4.5
        if ratio < needed:
            failures.append((item["text"], round(ratio, 2), item["fg"], item["bg"]))
    assert failures == []


def test_landmarks_labels_and_chart_alternatives(page: Any, portal: Any) -> None:
    page.goto(portal.page_url("en", f"section-{SECTION}.html"))
    for role in ("banner", "main", "contentinfo"):
        assert page.get_by_role(role).count() == 1, role
    assert page.get_by_role("navigation").count() == 2  # language and breadcrumb
    for select in page.locator("#filters select").all():
        name = select.get_attribute("id")
        assert page.locator(f"label[for='{name}']").count() == 1
    for chart in ("#chart-series", "#chart-by"):
        svg = page.locator(f"{chart} svg")
        assert svg.get_attribute("role") == "img"
        assert page.locator(f"#{svg.get_attribute('aria-labelledby')}").inner_text()
        described = page.locator(f"#{svg.get_attribute('aria-describedby')}").text_content()
        assert described and re.search(r"\d", described)
    assert page.locator("#data-table caption").inner_text()
    assert page.locator("#data-table thead th[scope=col]").count() >= 2
    assert page.locator("#data-table tbody th[scope=row]").count() >= 2


def test_screenshots(page: Any, portal: Any, screenshots: Path) -> None:
    """Saved for a person to look at; the test only checks that they were written."""
    shots = {
        "home-en.png": portal.page_url("en"),
        "home-es.png": portal.page_url("es"),
        f"section-{SECTION}-en.png": portal.page_url("en", f"section-{SECTION}.html"),
        f"section-{SECTION}-es-victims-by-age.png": portal.page_url(
            "es", f"section-{SECTION}.html#dataset=police_victims&by=age"
        ),
        "indicator-16.1.1-en.png": portal.page_url("en", "indicator-16.1.1.html"),
    }
    for name, url in shots.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshots / name), full_page=True)
    narrow = page.context.new_page()
    narrow.set_viewport_size({"width": 390, "height": 844})
    narrow.goto(portal.page_url("en", f"section-{SECTION}.html"))
    narrow.screenshot(path=str(screenshots / f"section-{SECTION}-phone.png"), full_page=True)
    narrow.close()
    print(f"\nscreenshots in {screenshots}")
    for name in [*shots, f"section-{SECTION}-phone.png"]:
        assert (screenshots / name).stat().st_size > 10_000
