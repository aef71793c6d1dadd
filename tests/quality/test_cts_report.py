"""The HTML report a UNODC officer sends back to a focal point."""

from __future__ import annotations

from crimestats.model import Finding, Location, Severity
from crimestats.quality.cts import make_finding
from crimestats.quality.cts.report import render_report


def cell(iso3: str, category: str, value: float) -> dict[str, object]:
    return {
        "iso3": iso3,
        "indicator": "Violent offences",
        "dimension": "by type of offence",
        "category": category,
        "sex": "Total",
        "age": "Total",
        "year": 2020,
        "unit": "Counts",
        "value": value,
        "row": 3,
    }


def test_report_groups_by_country_then_rule_and_escapes_text() -> None:
    findings = [
        make_finding(
            "cts.large-change", "CRI robbery doubled", cell("CRI", "Robbery", 200), expected=100
        ),
        make_finding(
            "cts.part-exceeds-total",
            "rape <b>12</b> > sexual violence 10",
            cell("ALB", "Sexual violence: Rape", 12),
            expected=10,
        ),
        Finding(
            "dataunodc.bad-value", Severity.ERROR, "VALUE 'lots' on row 7", Location("f.csv", 7)
        ),
    ]
    html = render_report(
        findings, source="f.csv", country_names={"ALB": "Albania", "CRI": "Costa Rica"}
    )
    # The file-level finding first, then countries by name: Albania before Costa Rica.
    assert (
        html.index("The file as a whole")
        < html.index("Albania (ALB)")
        < html.index("Costa Rica (CRI)")
    )
    albania = html[html.index("Albania (ALB)") : html.index("Costa Rica (CRI)")]
    assert "cts.part-exceeds-total" in albania
    assert "cts.large-change" not in albania
    assert "&lt;b&gt;12&lt;/b&gt;" in html  # user text is escaped
    assert "<b>12</b>" not in html
    assert "2 error" in html
    assert "1 warning" in html
    assert "<script" not in html
    assert "http" not in html.replace("http-equiv", "")
