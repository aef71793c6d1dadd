"""The demo country built end to end: every count equals the generator's truth exactly."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from crimestats.classification import iccs
from crimestats.project import build_project, connect_project, load_project
from crimestats.project.demo import DemoData, make_demo

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoData, Path, object]:
    root = tmp_path_factory.mktemp("demo")
    data, _ = make_demo(root, records=6000, seed=7)
    project = load_project(root)
    result = build_project(project, connect_project(project), today=TODAY)
    return data, root, result


def expected_by_code(truth: pd.DataFrame) -> dict[tuple, float]:
    """Roll the truth (by correspondence target) up the ICCS tree by hand: a code's count is the sum
    of the targets in its subtree; a target with subcategories also fills its residual ``_U``."""
    classification = iccs()
    expected: dict[tuple, float] = defaultdict(float)
    for row in truth.itertuples(index=False):
        path = [c.code for c in classification.path(row.iccs_code)]
        if not classification.is_leaf(row.iccs_code):
            path.append(row.iccs_code + "_U")
        for code in path:
            for area in (row.area, "_T"):
                expected[(row.stage, row.unit, row.year, area, code, row.sex, row.status)] += (
                    row.value
                )
    return expected


def test_counts_equal_the_generator_truth(built) -> None:  # type: ignore[no-untyped-def]
    data, root, _ = built
    counts = pd.read_parquet(root / "output" / "counts.parquet")
    totals = counts[(counts.attempt == "_T") & (counts.age == "_T") & (counts.citizenship == "_T")]
    persons = totals.unit.isin(["victims", "persons"])
    with_status = totals.stage.isin(["courts", "prisons"]) & persons
    # Truth is by sex (persons) and status (courts, prisons); compare at that level.
    chosen = totals[
        ((~persons & (totals.sex == "_T")) | (persons & (totals.sex != "_T")))
        & ((with_status & (totals.status != "_T")) | (~with_status & (totals.status == "_T")))
        & (totals.unit != "incidents")
    ]
    got = {
        (r.stage, r.unit, r.year, r.area, r.iccs_code, r.sex, r.status): r.value
        for r in chosen.itertuples(index=False)
    }
    expected = expected_by_code(data.truth)
    assert set(got) == set(expected)
    worst = max(abs(got[k] - expected[k]) for k in expected)
    assert worst < 1e-9


def test_nothing_lost_and_every_planted_problem_found(built) -> None:  # type: ignore[no-untyped-def]
    data, root, result = built
    planted = data.planted
    by_source = {s.name: s for s in result.sources}
    assert all(n > 0 for n in planted.values()), planted
    police = by_source["policia_nacional"]
    assert police.quarantined == {
        "duplicate record (same record_id as an earlier row)": planted["duplicate"],
        "missing national offence code": planted["blank code"],
        "national offence code not in the correspondence table": planted["unknown code"],
        "missing or invalid reference date": planted["impossible date"],
        "reference date outside the possible range": planted["date before 1900"]
        + planted["future date"],
    }
    assert by_source["victimas"].quarantined == {
        "victim already counted for this offence": planted["repeated victim"]
    }
    for summary in result.sources:
        assert summary.rows_in == summary.counted + sum(summary.quarantined.values())
    quarantine = pd.read_parquet(root / "output" / "quarantine.parquet")
    assert len(quarantine) == sum(sum(s.quarantined.values()) for s in result.sources)
    codes = {f.code for f in result.findings}
    assert "records.rows-lost" not in codes
    assert not {c for c in codes if c.startswith("local.")}  # the demo's own rules hold
    assert not result.failed
    missing = [f for f in result.findings if f.code == "records.missing-month"]
    assert len(missing) == 1
    assert "gendarmeria" in missing[0].message and "2024-03" in missing[0].message
    ages = [f for f in result.findings if f.code == "records.bad-age"]
    assert [f.count for f in ages] == [planted["impossible age"]]
    dates = [f for f in result.findings if f.code == "records.bad-date"]
    assert [f.count for f in dates] == [planted["impossible date"]]
    assert dates[0].sample[0]["fecha_registro"] == "2024-02-30"
    dups = [f for f in result.findings if f.code == "records.possible-duplicate"]
    assert sum(f.count for f in dups) == 2 * planted["re-entered"]


def test_incidents_follow_the_principal_offence_rule(built) -> None:  # type: ignore[no-untyped-def]
    data, root, _ = built
    counts = pd.read_parquet(root / "output" / "counts.parquet")
    police = data.police[data.police.problem.isin(["", "re-entered"])]
    years = police.recorded_date.dt.year
    # Every incident counted once, in its year (both offences of an incident share the date).
    expected = police.assign(year=years).groupby("year").incident_id.nunique()
    got = (
        counts[
            (counts.unit == "incidents")
            & (counts.iccs_level == 1)
            & (counts.area == "_T")
            & (counts.attempt == "_T")
        ]
        .groupby("year")
        .value.sum()
    )
    assert got.round(9).to_dict() == expected.astype(float).to_dict()


def test_rates_and_flow_by_hand(built) -> None:  # type: ignore[no-untyped-def]
    data, root, _ = built
    rates = pd.read_parquet(root / "output" / "rates.parquet")
    row = rates[
        (rates.stage == "police")
        & (rates.unit == "offences")
        & (rates.iccs_code == "05")
        & (rates.year == 2024)
        & (rates.area == "R01")
        & (rates.attempt == "_T")
        & (rates.sex == "_T")
        & (rates.age == "_T")
    ].iloc[0]
    pop = data.population
    population = pop[(pop.area == "R01") & (pop.year == 2024)].population.sum()
    truth = data.truth
    offences = truth[
        (truth.stage == "police")
        & (truth.unit == "offences")
        & (truth.year == 2024)
        & (truth.area == "R01")
        & truth.iccs_code.str.startswith("05")
    ].value.sum()
    assert row.population == population
    assert row.rate_per_100k == pytest.approx(offences / population * 100_000, rel=1e-12)

    flow = pd.read_parquet(root / "output" / "flow.parquet")
    total = flow[(flow.year == 2024) & (flow.iccs_code == "_T")].iloc[0]

    def stage(name: str, unit: str, status: str | None = None) -> float:
        t = truth[(truth.stage == name) & (truth.unit == unit) & (truth.year == 2024)]
        if status:
            t = t[t.status == status]
        return float(t.value.sum())

    assert total.offences_recorded == pytest.approx(stage("police", "offences"), rel=1e-12)
    assert total.prosecuted == pytest.approx(stage("prosecution", "persons"), rel=1e-12)
    assert total.convicted == pytest.approx(stage("courts", "persons", "convicted"), rel=1e-12)
    assert total.convicted_per_prosecuted == pytest.approx(
        stage("courts", "persons", "convicted") / stage("prosecution", "persons"), rel=1e-12
    )


def test_outputs_written(built) -> None:  # type: ignore[no-untyped-def]
    _, root, result = built
    out = root / "output"
    for name in ("counts", "rates", "flow", "quarantine"):
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
    report = (out / "quality_report.md").read_text(encoding="utf-8")
    assert "Nothing lost" in report and "policia_nacional" in report
    assert result.outputs["manifest"].exists()
