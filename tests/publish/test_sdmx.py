"""SDMX: every data file of a release parses back with pysdmx against its structure and holds the
release's observations, values and attributes; every code is in its codelist; SDG series use the global
SDG DSD's codes; writing refuses unknown codes and keeps any text intact."""

from __future__ import annotations

import csv
import math
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pysdmx.io import get_datasets, read_sdmx
from pysdmx.model import Codelist, DataStructureDefinition

from crimestats.classification import iccs
from crimestats.errors import InputError
from crimestats.model.records import AGE_BANDS, CITIZENSHIP_CODES, OUTCOME_CODES, SEX_CODES
from crimestats.publish.datasets import DATASETS
from crimestats.publish.sdmx import build_structure, write_structure
from crimestats.publish.sdmx_data import write_data

#: SDMX dimension → observation column, written out here rather than taken from the code under test.
COLUMNS = {
    "REF_AREA": "area",
    "STAGE": "stage",
    "COUNT_UNIT": "unit",
    "ICCS": "iccs_code",
    "ATTEMPT": "attempt",
    "SEX": "sex",
    "AGE": "age",
    "CITIZENSHIP": "citizenship",
    "JUSTICE_STATUS": "status",
    "UNIT_MEASURE": "measure",
}
KEY = ["FREQ", *COLUMNS, "TIME_PERIOD"]
SDG_DSD = resources.files("crimestats").joinpath("data", "sdmx", "IAEG-SDGs_SDG_DSD_v1.4.xml")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str:
    return "" if _missing(value) else str(value)


def _read(path: Path, structure: Path | str) -> pd.DataFrame:
    datasets = get_datasets(str(path), str(structure))
    assert len(datasets) == 1, path
    return datasets[0].data


def _keyed(frame: pd.DataFrame) -> dict[tuple[str, ...], dict[str, Any]]:
    rows = frame.to_dict(orient="records")
    keyed = {tuple(str(r[k]) for k in KEY): r for r in rows}
    assert len(keyed) == len(rows), "duplicate series keys"
    return keyed


def _codelists(structure: Path | str) -> tuple[DataStructureDefinition, dict[str, Codelist]]:
    message = read_sdmx(str(structure), validate=True)
    dsds = [s for s in message.structures or () if isinstance(s, DataStructureDefinition)]
    lists = {s.id: s for s in message.structures or () if isinstance(s, Codelist)}
    assert len(dsds) == 1
    return dsds[0], lists


@pytest.fixture(scope="module")
def release(published_demo: Any) -> Path:
    path: Path = published_demo.release.path
    return path


@pytest.fixture(scope="module")
def observations(release: Path) -> pd.DataFrame:
    return pd.read_parquet(release / "observations.parquet")


@pytest.fixture(scope="module")
def footnote_texts(release: Path) -> dict[str, str]:
    with (release / "footnotes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row["text_en"] for row in csv.DictReader(handle)}


def test_structure_message_parses_and_declares_a_flow_per_table(
    release: Path, published_demo: Any
) -> None:
    message = read_sdmx(str(release / "sdmx" / "structure.xml"), validate=True)
    kinds: dict[str, list[str]] = {}
    for artefact in message.structures or ():
        kinds.setdefault(type(artefact).__name__, []).append(artefact.id)
    assert kinds["DataStructureDefinition"] == ["CRIME"]
    flows = {d["flow"] for d in published_demo.release.manifest["datasets"]}
    assert set(kinds["Dataflow"]) == flows
    assert "CL_ICCS" in kinds["Codelist"]


def _read_csv_as_text(path: Path) -> pd.DataFrame:
    """SDMX-CSV with every code kept as written (pysdmx 1.21 infers column types when it reads
    SDMX-CSV, so an all-digit ICCS column such as 01, 0101 comes back as 1, 101)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["OBS_VALUE"] = pd.to_numeric(frame["OBS_VALUE"].replace("", None))
    return frame


@pytest.mark.parametrize("table", list(DATASETS))
def test_table_round_trips_in_sdmx_ml_and_sdmx_csv(
    table: str,
    release: Path,
    observations: pd.DataFrame,
    footnote_texts: dict[str, str],
) -> None:
    structure = release / "sdmx" / "structure.xml"
    expected = observations[observations["dataset"] == table]
    assert len(expected) > 100
    csv_file = release / "sdmx" / f"{table}.csv"
    as_text = _read_csv_as_text(csv_file)
    # pysdmx reads the CSV against the structure; its values agree with the file's text.
    parsed = _read(csv_file, structure)
    assert len(parsed) == len(as_text)
    assert parsed["OBS_VALUE"].isna().tolist() == as_text["OBS_VALUE"].isna().tolist()
    assert parsed["OBS_VALUE"].dropna().tolist() == as_text["OBS_VALUE"].dropna().tolist()
    readings = {"xml": _read(release / "sdmx" / f"{table}.xml", structure), "csv": as_text}
    for suffix, frame in readings.items():
        found = _keyed(frame)
        assert len(found) == len(expected), suffix
        for row in expected.to_dict(orient="records"):
            key = ("A", *(str(row[c]) for c in COLUMNS.values()), str(row["year"]))
            obs = found[key]
            hidden = row["flag"] != ""
            if hidden:
                assert _missing(obs["OBS_VALUE"]), (suffix, key)
                assert obs["OBS_STATUS"] == "Q"
                assert obs["CONF_STATUS"] == {"confidential": "C", "suppressed": "D"}[row["flag"]]
            else:
                assert math.isclose(float(obs["OBS_VALUE"]), row["value"], rel_tol=1e-12)
                assert obs["OBS_STATUS"] == "A"
                assert obs["CONF_STATUS"] == "F"
            notes = " ".join(footnote_texts[i] for i in row["footnotes"].split(";") if i)
            assert _text(obs["COMMENT_OBS"]) == notes, (suffix, key)
            assert "crimestats release 2025" in obs["SOURCE_DETAIL"]


def test_every_code_in_the_data_is_in_its_codelist(release: Path) -> None:
    dsd, lists = _codelists(release / "sdmx" / "structure.xml")
    coded = {c.id: c.enumeration.id for c in dsd.components if c.enumeration is not None}
    assert set(coded) >= {*COLUMNS, "FREQ", "OBS_STATUS", "CONF_STATUS"}
    files = sorted((release / "sdmx").glob("*.csv"))
    files = [f for f in files if f.stem != "sdg"]
    assert len(files) == len(DATASETS)
    for file in files:
        with file.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for column, codelist in coded.items():
            allowed = {code.id for code in lists[codelist].items}
            used = {row[column] for row in rows} - {""}
            assert used <= allowed, (file.name, column, used - allowed)


def test_codes_the_counting_produces_are_in_the_codelists() -> None:
    lists = build_structure("CRIMESTATS", iccs("1.0"), [("_T", "Total")], []).codelists

    def ids(codelist: str) -> set[str]:
        return {code.id for code in lists[codelist].items}

    # The cube turns "unknown" into _U, adds _T totals, and leaves outcomes as they are.
    assert {"_T", "_U", *OUTCOME_CODES} <= ids("CL_JUSTICE_STATUS")
    assert {"_T", "_U", *(c for c in SEX_CODES if c != "U")} <= ids("CL_SEX")
    assert {"_T", "_U", *(code for _, _, code in AGE_BANDS)} <= ids("CL_AGE")
    assert {"_T", "_U", *(c for c in CITIZENSHIP_CODES if c != "unknown")} <= ids("CL_CITIZENSHIP")
    assert {"_T", "completed", "attempted"} <= ids("CL_ATTEMPT")
    classification = iccs("1.0")
    assert {c.code for c in classification} < ids("CL_ICCS")


def test_sdg_series_use_the_global_sdg_dsd(release: Path, published_demo: Any) -> None:
    dsd, _ = _codelists(SDG_DSD)
    coded = {c.id: c.enumeration for c in dsd.components if isinstance(c.enumeration, Codelist)}
    indicators = pd.read_csv(release / "indicators.csv", dtype={"year": str})
    in_sdg = indicators[indicators["age"] != "Y30T44"]  # Y30T44 is not an SDG age code
    for suffix in ("xml", "csv"):
        data = _read(release / "sdmx" / f"sdg.{suffix}", SDG_DSD)
        for column, codelist in coded.items():
            if column in data.columns:
                used = set(data[column].dropna().astype(str)) - {""}
                assert used <= {c.id for c in codelist.items}, (suffix, column)
        assert set(data["REF_AREA"]) == {"896"}  # the synthetic country has no M49 code
        key = ["SERIES", "SEX", "AGE", "TIME_PERIOD"]
        assert not data.duplicated(key).any()
        rate = data[data["SERIES"] == "VC_IHR_PSRC"].set_index(key[1:])
        number = data[data["SERIES"] == "VC_IHR_PSRCN"].set_index(key[1:])
        assert len(rate) == len(number) == len(in_sdg)
        for row in in_sdg.itertuples():
            at = (row.sex, row.age, row.year)
            if isinstance(row.flag, str) and row.flag:
                assert _missing(rate.loc[at, "OBS_VALUE"]) and _missing(number.loc[at, "OBS_VALUE"])
                assert rate.loc[at, "OBS_STATUS"] == "Q"
            else:
                assert math.isclose(rate.loc[at, "OBS_VALUE"], row.value, rel_tol=1e-12)
                assert math.isclose(number.loc[at, "OBS_VALUE"], row.numerator, rel_tol=1e-12)
                assert rate.loc[at, "UNIT_MEASURE"] == "PER_100000_POP"
    left_out = [f for f in published_demo.findings if f.code == "sdg.code-not-in-codelist"]
    assert len(left_out) == 1
    assert "Y30T44" in left_out[0].message
    assert left_out[0].count == 2 * (indicators["age"] == "Y30T44").sum()


# -- the writer on its own -------------------------------------------------------------------------


def _frame(**columns: Any) -> pd.DataFrame:
    base: dict[str, Any] = {
        "FREQ": "A",
        "REF_AREA": "_T",
        "STAGE": "police",
        "COUNT_UNIT": "offences",
        "ICCS": "0101",
        "ATTEMPT": "_T",
        "SEX": "_T",
        "AGE": "_T",
        "CITIZENSHIP": "_T",
        "JUSTICE_STATUS": "_T",
        "UNIT_MEASURE": "count",
        "TIME_PERIOD": "2024",
        "OBS_VALUE": 12.0,
        "OBS_STATUS": "A",
        "CONF_STATUS": "F",
        "COMMENT_OBS": "",
        "SOURCE_DETAIL": "test",
    }
    base.update(columns)
    return pd.DataFrame(base)


@pytest.fixture(scope="module")
def small_structure(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    structure = build_structure(
        "CRIMESTATS", iccs("1.0"), [("_T", "Total")], [DATASETS["police_offences"]]
    )
    path = tmp_path_factory.mktemp("structure") / "structure.xml"
    write_structure(structure, path)
    return structure, path


@pytest.mark.parametrize(
    ("column", "code", "codelist"),
    [("ICCS", "9999", "CL_ICCS"), ("SEX", "X", "CL_SEX"), ("OBS_STATUS", "Z", "CL_OBS_STATUS")],
)
def test_writing_refuses_a_code_missing_from_its_codelist(
    small_structure: tuple[Any, Path], tmp_path: Path, column: str, code: str, codelist: str
) -> None:
    structure, _ = small_structure
    frame = _frame(TIME_PERIOD=["2023", "2024", "2025"])
    frame.loc[1:, column] = code
    xml, csv_path = tmp_path / "d.xml", tmp_path / "d.csv"
    with pytest.raises(InputError) as caught:
        write_data(frame, structure.schema(), xml, csv_path, name="table police_offences")
    message = str(caught.value)
    assert message.startswith("table police_offences: codes not in their SDMX codelists")
    assert f"{column}: {code} (2 rows) not in {codelist}(1.0)" in message
    assert not xml.exists() and not csv_path.exists()


def test_writing_refuses_two_observations_with_one_key(
    small_structure: tuple[Any, Path], tmp_path: Path
) -> None:
    structure, _ = small_structure
    frame = _frame(TIME_PERIOD=["2023", "2024", "2024"], OBS_VALUE=[1.0, 2.0, 3.0])
    with pytest.raises(InputError, match=r"2 observations share a key .*count\.2024"):
        write_data(frame, structure.schema(), tmp_path / "d.xml", tmp_path / "d.csv")
    assert not (tmp_path / "d.xml").exists()


def test_text_attributes_read_back_exactly(
    small_structure: tuple[Any, Path], tmp_path: Path
) -> None:
    texts = [
        "plain",
        'agency "Gendarmería Rural" has no records for 2024-03',
        "Côte d'Ivoire",
        "a & b < c > d; 100% ",
        "C:\\data\\police.csv",
        "two\nlines\tand a tab",
        "non\u00a0breaking and \u2028 separators",
        'quote at the end"',
        "'single'",
        "emoji 🚓",
    ]
    structure, structure_path = small_structure
    frame = _frame(TIME_PERIOD=[str(2000 + i) for i in range(len(texts))], COMMENT_OBS=texts)
    frame["SOURCE_DETAIL"] = list(reversed(texts))
    xml, csv_path = tmp_path / "d.xml", tmp_path / "d.csv"
    write_data(frame, structure.schema(), xml, csv_path)
    for path in (xml, csv_path):
        back = _read(path, structure_path).astype({"TIME_PERIOD": str}).sort_values("TIME_PERIOD")
        assert list(back["COMMENT_OBS"]) == texts, path.suffix
        assert list(back["SOURCE_DETAIL"]) == list(reversed(texts)), path.suffix
        assert list(back["OBS_VALUE"]) == [12.0] * len(texts)
