"""A self-contained HTML report of UN-CTS findings, by country and rule, to send to a focal point."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import jinja2

from crimestats.model import Finding, Severity
from crimestats.quality.cts.catalogue import CHECKS as RULE_CHECKS
from crimestats.quality.cts.catalogue import finding_row
from crimestats.sources.cts_workbook import CHECKS as WORKBOOK_CHECKS
from crimestats.sources.dataunodc import CHECKS as DATAUNODC_CHECKS

__all__ = ["render_report"]

#: Every code a UN-CTS validation can report: reading findings and rule findings.
CHECKS = {**DATAUNODC_CHECKS, **WORKBOOK_CHECKS, **RULE_CHECKS}

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 2rem auto;
       max-width: 75rem; color: #1f2933; line-height: 1.4; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #d0d7de; padding-top: 1rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.meta { color: #52606d; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .3rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; } td.num { text-align: right; white-space: nowrap; }
.sev { font-weight: 600; border-radius: .25rem; padding: 0 .35rem; white-space: nowrap; }
.error { background: #fde2e1; color: #9b1c1c; } .warning { background: #fdf3d7; color: #8a5a00; }
.info { background: #e1effe; color: #1e429f; }
.what { color: #52606d; margin: 0 0 .3rem; }
nav { display: flex; flex-wrap: wrap; gap: .2rem .6rem; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="meta">File: {{ source or "(table)" }} &middot; checked {{ today }} with crimestats
&middot; {{ total }} finding{{ "" if total == 1 else "s" }}:
{% for sev, n in by_severity %}<span class="sev {{ sev }}">{{ n }} {{ sev }}</span> {% endfor %}</p>
<p>Errors must be corrected before the reply is accepted; warnings need a correction or an explanation
(for example a change in recording practice); information items are for the record.</p>
<h2>Summary by rule</h2>
<table><tr><th>rule</th><th>severity</th><th>findings</th><th>what it means</th></tr>
{% for r in rules %}<tr><td><code>{{ r.code }}</code></td><td><span class="sev {{ r.severity }}">{{ r.severity }}</span></td>
<td class="num">{{ r.count }}</td><td>{{ r.meaning }}</td></tr>
{% endfor %}</table>
<nav>{% for c in countries %}<a href="#c-{{ c.code }}">{{ c.code }}</a>{% endfor %}</nav>
{% for c in countries %}
<h2 id="c-{{ c.code }}">{{ c.name }}{% if c.code != c.name %} ({{ c.code }}){% endif %}</h2>
{% for g in c.groups %}
<h3><span class="sev {{ g.severity }}">{{ g.severity }}</span> <code>{{ g.code }}</code> &middot; {{ g.rows|length }}</h3>
<p class="what">{{ g.meaning }}</p>
<table><tr><th>indicator</th><th>dimension</th><th>category</th><th>sex</th><th>age</th><th>year</th>
<th>unit</th><th>value</th><th>expected</th><th>message</th></tr>
{% for r in g.rows %}<tr><td>{{ r.indicator or "" }}</td><td>{{ r.dimension or "" }}</td><td>{{ r.category or "" }}</td>
<td>{{ r.sex or "" }}</td><td>{{ r.age or "" }}</td><td>{{ r.year if r.year is not none else "" }}</td>
<td>{{ r.unit or "" }}</td>
<td class="num">{{ r.value|num }}</td><td class="num">{{ r.expected|num }}</td><td>{{ r.message }}</td></tr>
{% endfor %}</table>
{% endfor %}
{% endfor %}
</body>
</html>
"""


def _num(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    if number != number:
        return ""
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.3f}"


def _unit(finding: Finding) -> str:
    return str(finding.sample[0].get("unit") or "") if finding.sample else ""


def render_report(
    findings: Iterable[Finding],
    *,
    source: str = "",
    title: str = "UN-CTS validation report",
    country_names: Mapping[str, str] | None = None,
) -> str:
    """The findings as one HTML page (no external assets), grouped by country, then rule."""
    names = dict(country_names or {})
    listed = sorted(findings, key=lambda f: (f.severity.rank, f.code))
    rows = [(f, {**finding_row(f), "unit": _unit(f)}) for f in listed]
    by_country: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for finding, row in rows:
        country = row["iso3"] or ""
        by_country.setdefault(country, {}).setdefault(finding.code, []).append(row)
    countries = []
    for code in sorted(by_country, key=lambda c: (c != "", names.get(c, c))):
        groups = [
            {
                "code": rule,
                "severity": str(CHECKS[rule][0]) if rule in CHECKS else group[0]["severity"],
                "meaning": CHECKS[rule][1] if rule in CHECKS else "",
                "rows": group,
            }
            for rule, group in by_country[code].items()
        ]
        label = names.get(code, code) if code else "The file as a whole"
        countries.append({"code": code or "file", "name": label, "groups": groups})
    per_rule: dict[str, int] = {}
    for finding in listed:
        per_rule[finding.code] = per_rule.get(finding.code, 0) + 1
    rules = [
        {
            "code": code,
            "severity": str(CHECKS[code][0]) if code in CHECKS else "",
            "meaning": CHECKS[code][1] if code in CHECKS else "",
            "count": n,
        }
        for code, n in per_rule.items()
    ]
    severities = [(str(s), sum(1 for f in listed if f.severity is s)) for s in Severity]
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["num"] = _num
    return env.from_string(_TEMPLATE).render(
        title=title,
        source=source,
        today=dt.date.today().isoformat(),
        total=len(listed),
        by_severity=[(s, n) for s, n in severities if n],
        rules=rules,
        countries=countries,
    )
