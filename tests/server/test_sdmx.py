"""The SDMX-REST subset: data keys (dots, ``+``, empty parts) select exactly the rows computed here
from the release's Parquet file; answers parse with pysdmx; structure queries return the asked
artefacts; malformed queries are 400 and empty ones 404."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from pysdmx.io import read_sdmx
from pysdmx.model import Codelist, ConceptScheme, Dataflow, DataStructureDefinition

#: SDMX dimension → observation column, in key order (FREQ has none: releases are annual).
DIMS = {
    "FREQ": None,
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


def _read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _expected(parquet: pd.DataFrame, dataset: str, key: str) -> pd.DataFrame:
    rows = parquet[parquet["dataset"] == dataset]
    if key != "all":
        for (_, column), part in zip(DIMS.items(), key.split("."), strict=True):
            if part and column:
                rows = rows[rows[column].isin(part.split("+"))]
    return rows


def _keys(frame: pd.DataFrame) -> set[tuple[str, ...]]:
    cols = [c for c in DIMS.values() if c]
    return {
        (*(str(v) for v in r[:-1]), str(r[-1]))
        for r in frame[[*cols, "year"]].itertuples(index=False)
    }


def _answer_keys(answer: pd.DataFrame) -> set[tuple[str, ...]]:
    return {tuple(r) for r in answer[[*list(DIMS)[1:], "TIME_PERIOD"]].itertuples(index=False)}


KEYS = [
    ("police_victims", "DF_POLICE_VICTIMS", "all"),
    ("police_victims", "DF_POLICE_VICTIMS", "A._T.police.victims.01+02._T.F.._T._T.count"),
    ("police_victims", "DF_POLICE_VICTIMS", "A.........."),
    ("police_victims", "DF_POLICE_VICTIMS", "......F+M.Y15T29..."),
    ("police_offences_area", "DF_POLICE_OFFENCES_AREA", ".R01+R02...0101+0501......rate"),
    ("courts_persons", "DF_COURTS_PERSONS", "A....02.....convicted+acquitted."),
]


@pytest.mark.parametrize(("dataset", "flow", "key"), KEYS, ids=[k[2] or "empty" for k in KEYS])
def test_a_key_selects_exactly_its_rows(
    client, parquet, release_dir: Path, dataset, flow, key
) -> None:
    response = client.get(f"/sdmx/data/{flow}/{key}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.sdmx.data+csv")
    answer = _read(response.text)
    expected = _expected(parquet, dataset, key)
    assert len(expected) > 0
    assert len(answer) == len(expected)
    assert _answer_keys(answer) == _keys(expected)
    notes = pd.read_csv(release_dir / "footnotes.csv", dtype=str).set_index("id")["text_en"]
    by_key = {
        k: r
        for k, r in zip(
            [tuple(x) for x in answer[[*list(DIMS)[1:], "TIME_PERIOD"]].itertuples(index=False)],
            answer.itertuples(index=False),
            strict=True,
        )
    }
    cols = [c for c in DIMS.values() if c]
    for row in expected.itertuples(index=False):
        got = by_key[(*(str(getattr(row, c)) for c in cols), str(row.year))]
        assert got.FREQ == "A"
        assert row.obs_status == got.OBS_STATUS and row.conf_status == got.CONF_STATUS
        if pd.isna(row.value):
            assert got.OBS_VALUE == ""
        else:
            assert float(got.OBS_VALUE) == row.value
        assert " ".join(notes[i] for i in row.footnotes.split(";") if i) == got.COMMENT_OBS
        assert got.STRUCTURE == "datastructure" and got.STRUCTURE_ID == "CRIMESTATS:CRIME(1.0)"


def test_data_parse_with_pysdmx(client, parquet) -> None:
    key = "A._T.police.victims..._T...."
    message = read_sdmx(client.get(f"/sdmx/data/DF_POLICE_VICTIMS/{key}").text)
    (dataset,) = message.data
    assert dataset.short_urn == "DataStructure=CRIMESTATS:CRIME(1.0)"
    assert len(dataset.data) == len(_expected(parquet, "police_victims", key)) > 0
    assert set(dataset.data["SEX"]) == {"_T"}


def test_the_same_query_in_every_path_style(client) -> None:
    key = "A._T.police.victims.01._T.F+M...."
    v1 = client.get(f"/sdmx/data/DF_POLICE_VICTIMS/{key}")
    assert v1.status_code == 200
    for url in (
        f"/sdmx/data/CRIMESTATS,DF_POLICE_VICTIMS,1.0/{key}",
        f"/sdmx/data/CRIMESTATS,DF_POLICE_VICTIMS/{key}",
        f"/sdmx/data/dataflow/CRIMESTATS/DF_POLICE_VICTIMS/1.0/{key}",
        f"/sdmx/data/dataflow/*/DF_POLICE_VICTIMS/*/{key}",
        f"/sdmx/data/DF_POLICE_VICTIMS/{key}?release=2025",
    ):
        assert client.get(url).text == v1.text, url
    everything = client.get("/sdmx/data/DF_POLICE_VICTIMS")
    assert everything.text == client.get("/sdmx/data/DF_POLICE_VICTIMS/all").text
    assert (
        everything.text == client.get("/sdmx/data/dataflow/CRIMESTATS/DF_POLICE_VICTIMS/1.0/*").text
    )


def test_period_bounds(client, parquet) -> None:
    url = "/sdmx/data/DF_POLICE_OFFENCES/all"
    rows = parquet[parquet["dataset"] == "police_offences"]
    for query, expected in (
        ("startPeriod=2024", rows[rows["year"] >= 2024]),
        ("endPeriod=2023", rows[rows["year"] <= 2023]),
        ("startPeriod=2023-01&endPeriod=2023-12-31", rows[rows["year"] == 2023]),
        ("startPeriod=2023-Q1&endPeriod=2024-A1", rows),
    ):
        answer = _read(client.get(f"{url}?{query}").text)
        assert len(answer) == len(expected) > 0, query
        assert set(answer["TIME_PERIOD"]) == {str(y) for y in expected["year"].unique()}


@pytest.mark.parametrize(
    "url",
    [
        "/sdmx/data/DF_POLICE_VICTIMS/Q..........",  # no quarterly data
        "/sdmx/data/DF_POLICE_VICTIMS/......X....",  # no such sex code
        "/sdmx/data/DF_POLICE_VICTIMS/all?startPeriod=2090",
        "/sdmx/data/DF_NO_SUCH_FLOW/all",
        "/sdmx/data/OTHER_AGENCY,DF_POLICE_VICTIMS,1.0/all",
        "/sdmx/data/dataflow/CRIMESTATS/DF_POLICE_VICTIMS/2.0/all",
        "/sdmx/structure/codelist/CRIMESTATS/CL_NO_SUCH",
        "/sdmx/structure/dataflow/OTHER/*",
    ],
)
def test_no_results_is_404(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/sdmx/data/DF_POLICE_VICTIMS/A.B",  # too few parts
        "/sdmx/data/DF_POLICE_VICTIMS/A...........",  # one part too many
        "/sdmx/data/DF_POLICE_VICTIMS/all?startPeriod=last-year",
        "/sdmx/data/DF_POLICE_VICTIMS/all?endPeriod=23",
        "/sdmx/data/A,B,C,D/all",
        "/sdmx/structure/metadataflow",
    ],
)
def test_malformed_queries_are_400(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]


def _structures(client, url: str) -> list[object]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.sdmx.structure+xml")
    return list(read_sdmx(response.text).structures or [])


def test_structure_queries_return_the_asked_artefacts(client, release_dir: Path) -> None:
    everything = list(read_sdmx(str(release_dir / "sdmx" / "structure.xml")).structures or [])
    flows = [s for s in everything if isinstance(s, Dataflow)]
    assert len(flows) == 14
    for url, kind, count in (
        ("/sdmx/structure/dataflow", Dataflow, len(flows)),
        ("/sdmx/structure/datastructure", DataStructureDefinition, 1),
        ("/sdmx/structure/conceptscheme/CRIMESTATS", ConceptScheme, 1),
        ("/sdmx/structure/codelist/all/all/latest", Codelist, 13),
        ("/sdmx/structure/dataflow/CRIMESTATS/DF_POLICE_VICTIMS", Dataflow, 1),
        ("/sdmx/structure/dataflow/CRIMESTATS/DF_POLICE_VICTIMS/1.0", Dataflow, 1),
        ("/sdmx/structure/codelist/*/CL_SEX+CL_AGE", Codelist, 2),
    ):
        found = _structures(client, url)
        assert len(found) == count, url
        assert all(isinstance(s, kind) for s in found), url
    assert len(_structures(client, "/sdmx/structure/all")) == len(everything)
    (sex,) = _structures(client, "/sdmx/structure/codelist/CRIMESTATS/CL_SEX")
    assert isinstance(sex, Codelist)
    assert {c.id for c in sex.items} >= {"_T", "F", "M"}


def test_data_codes_are_in_the_structure_codelists(client) -> None:
    lists = {c.id: {i.id for i in c.items} for c in _structures(client, "/sdmx/structure/codelist")}
    (dsd,) = _structures(client, "/sdmx/structure/datastructure")
    assert isinstance(dsd, DataStructureDefinition)
    for flow in ("DF_POLICE_VICTIMS_AREA", "DF_COURTS_PERSONS", "DF_POLICE_OFFENCES"):
        answer = _read(client.get(f"/sdmx/data/{flow}/all").text)
        for component in dsd.components:
            codes = component.local_codes
            if codes is None or component.id not in answer.columns:
                continue
            used = set(answer[component.id]) - {""}
            assert used <= lists[codes.id], (flow, component.id, used - lists[codes.id])


@pytest.mark.parametrize(
    "headers_or_query",
    [
        {"query": "format=xml"},
        {"query": "format=sdmx-ml"},
        {"accept": "application/vnd.sdmx.structurespecificdata+xml;version=3.0.0"},
    ],
)
def test_sdmx_ml_on_request_reads_back_as_the_csv_answer(
    client, parquet, release_dir: Path, headers_or_query
) -> None:
    key = "A..police.victims.01+02+0101.._T+F....count"
    url = f"/sdmx/data/DF_POLICE_VICTIMS/{key}"
    if "query" in headers_or_query:
        response = client.get(f"{url}?{headers_or_query['query']}")
    else:
        response = client.get(url, headers={"Accept": headers_or_query["accept"]})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.sdmx.structurespecificdata+xml"
    )
    (dataset,) = read_sdmx(response.text).data
    got = dataset.data
    expected = _expected(parquet, "police_victims", key)
    assert len(got) == len(expected) > 0
    notes = pd.read_csv(release_dir / "footnotes.csv", dtype=str).set_index("id")["text_en"]
    texts = {" ".join(notes[i] for i in ids.split(";") if i) for ids in expected["footnotes"]}
    assert set(got["COMMENT_OBS"].fillna("")) == texts
    assert any("'" in t for t in texts), "the demo's coverage footnote quotes an agency name"
    hidden = got["OBS_STATUS"] == "Q"
    assert (got.loc[hidden, "OBS_VALUE"].fillna("") == "").all()
    assert sorted(pd.to_numeric(got.loc[~hidden, "OBS_VALUE"]).tolist()) == sorted(
        expected.loc[expected["flag"] == "", "value"].tolist()
    )


def test_an_unknown_data_format_is_400(client) -> None:
    response = client.get("/sdmx/data/DF_POLICE_VICTIMS/all?format=json")
    assert response.status_code == 400
    assert "format" in response.json()["error"]
