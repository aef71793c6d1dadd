"""``crimestats homicide estimate`` on a hand-made dataUNODC homicide file and a population file.

The file (``data/homicide_dataunodc.csv``) has: AUS 2010 and 2012 only (gap in 2011); NZL 2010 with a Total
of 50 and Male 30 / Female 15 / Unknown 5 rows; NZL 2011 repeated on two rows; FJI 2011 only; VUT 2010 as
Male 8 + Female 3 + Unknown 1 with no Total row; MEX from CTS and WHO (2010: 100 vs 140); BRA from WHO in
2011 only; the United Kingdom as England and Wales 600 + Scotland 60 + Northern Ireland 20 in 2011; a
Kosovo row. The population file also lists PNG and SLB, which have no homicide data.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from crimestats.classification.m49 import m49
from crimestats.cli import main

DATA = Path(__file__).parent / "data"
ARGS = (
    "homicide", "estimate", "--data", str(DATA / "homicide_dataunodc.csv"),
    "--population", str(DATA / "population.csv"), "--years", "2010-2012",
)  # fmt: skip
COLUMNS = [
    "area_code",
    "area_name",
    "year",
    "victims",
    "rate_per_100k",
    "imputed_share",
    "lower",
    "upper",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rows(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[tuple[str, int], dict[str, str]]:
    code, out, _ = run(capsys, *ARGS, "--format", "csv", *extra)
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == COLUMNS
    return {(r["area_code"], int(r["year"])): r for r in reader}


def test_every_region_and_world_for_every_year(capsys: pytest.CaptureFixture[str]) -> None:
    table = rows(capsys)
    tree = m49()
    codes = {"WORLD"} | {a.m49 for a in (*tree.level("region"), *tree.level("subregion"))}
    for year in (2010, 2011, 2012):
        assert {c for c in codes if (c, year) in table} == codes


def test_world_2011_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    # Oceania 652 (AUS 320 interpolated + NZL 60 + FJI 20 + VUT 12 + PNG 228.571 + SLB 11.429)
    # + MEX 110 (CTS) + BRA 500 (WHO) + GBR 680 (600 + 60 + 20) = 1942 victims.
    # Population 36.9M + 100M + 200M + 60M = 396.9M. Imputed in 2011: AUS, PNG, SLB = 30.5M.
    world = rows(capsys)[("WORLD", 2011)]
    assert world["area_name"] == "World"
    assert float(world["victims"]) == pytest.approx(1942.0)
    assert float(world["rate_per_100k"]) == pytest.approx(1942 / 3969)
    assert float(world["imputed_share"]) == pytest.approx(30.5 / 396.9)


def test_unknown_sex_and_duplicates_not_double_counted(capsys: pytest.CaptureFixture[str]) -> None:
    table = rows(capsys)
    assert float(table[("NZL", 2010)]["victims"]) == 50.0  # Total row, not 50 + 30 + 15 + 5
    assert float(table[("NZL", 2011)]["victims"]) == 60.0  # duplicated row used once
    assert float(table[("VUT", 2010)]["victims"]) == 12.0  # 8 + 3 + 1, no Total row
    # Melanesia 2010: FJI carried 20 + VUT 12 + PNG/SLB at 32/1.4M per 100k (240) = 272.
    assert float(table[("54", 2010)]["victims"]) == pytest.approx(272.0)


def test_sources_and_parts(capsys: pytest.CaptureFixture[str]) -> None:
    table = rows(capsys)
    assert float(table[("MEX", 2010)]["victims"]) == 100.0  # CTS preferred over WHO's 140
    assert float(table[("GBR", 2011)]["victims"]) == 680.0
    assert float(table[("BRA", 2010)]["imputed_share"]) == 1.0  # carried from 2011
    assert ("XKX", 2011) not in table


def test_provenance_and_findings_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    prov, found = tmp_path / "prov.csv", tmp_path / "findings.csv"
    code, _, err = run(
        capsys, *ARGS, "--format", "json", "--provenance", str(prov), "--findings", str(found)
    )
    assert code == 0
    values = {
        (r["iso3"], r["year"]): r
        for r in csv.DictReader(io.StringIO(prov.read_text(encoding="utf-8")))
    }
    assert values[("AUS", "2011")]["method"] == "interpolated"
    assert values[("AUS", "2011")]["imputed"] == "True"
    assert values[("MEX", "2010")]["source"] == "CTS"
    assert values[("MEX", "2010")]["flags"] == "cj_ph_discrepancy"  # |100 - 140| / 140 > 0.25
    assert values[("PNG", "2011")]["method"] == "subregion_rate"
    codes = {r["code"] for r in csv.DictReader(io.StringIO(found.read_text(encoding="utf-8")))}
    assert {
        "HOM-DUPLICATE-ROW",
        "HOM-UNKNOWN-SEX",
        "HOM-AREA-NOT-COUNTRY",
        "HOM-CJ-PH-DISCREPANCY",
    } <= codes
    assert "HOM-UNKNOWN-SEX" in err


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *ARGS, "--format", "json", "--years", "2011")
    assert code == 0
    data = json.loads(out)
    assert {r["year"] for r in data} == {2011}
    assert list(data[0]) == COLUMNS


def test_rules_file_changes_the_choice(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text('[selection]\nincomplete_cj = ["MEX"]\n', encoding="utf-8")
    table = rows(capsys, "--rules", str(rules))
    assert float(table[("MEX", 2010)]["victims"]) == 140.0  # WHO now primary


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--years", "2012-2010"), "ends before it starts"),
        (("--years", "soon"), "--years"),
        (("--method", "magic"), "--method"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, *ARGS, *extra)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_missing_population_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "pop.csv"
    bad.write_text("iso3,year,people\nAUS,2010,5\n", encoding="utf-8")
    code, _, err = run(capsys, *ARGS[:5], "--population", str(bad), "--years", "2010")
    assert code == 2
    assert "population" in err
    assert "Traceback" not in err
