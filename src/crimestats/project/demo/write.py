"""Write the demo country as a crimestats project: each agency's files in its own layout and encoding,
source descriptions, the correspondence table, population and the true counts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from crimestats.project.demo.generate import DemoData
from crimestats.project.demo.penal_code import COUNTRY, OFFENCES
from crimestats.project.skeleton import settings_text

__all__ = ["write_demo"]

_BAD_DATES = {
    "impossible date": "2024-02-30",
    "date before 1900": "1899-12-31",
    "future date": "2031-05-01",
}
_BAD_AGES = np.array(["-3", "150", "desconocida"])
_CHECKS = """\
# Local quality rules of the demo office (see crimestats init's checks/_example.yaml).
- code: local.homicide-floor
  severity: error
  description: Police-recorded intentional homicides in the country, every year
  where: {stage: police, unit: offences, iccs_code: "0101", area: _T, attempt: _T}
  min: 1
- code: local.regional-thefts
  severity: warning
  description: Thefts recorded by the police in a region in a year (a jump beyond this needs a note)
  where: {stage: police, unit: offences, iccs_code: "0502", area: [R01, R02, R03, R04, R05, R06], attempt: _T}
  max: 100000
"""


def _iso(dates: pd.Series) -> pd.Series:
    return pd.Series(pd.to_datetime(dates).dt.strftime("%Y-%m-%d"), index=dates.index)


def _police_nacional(rows: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "id_registro": rows["record_id"],
            "id_caso": rows["incident_id"],
            "cod_delito": rows["offence_code"],
            "fecha_registro": _iso(rows["recorded_date"]),
            "fecha_hecho": _iso(rows["occurred_date"]),
            "region": rows["area"],
            "tentativa": np.where(rows["attempt"], "S", "N"),
        }
    )
    problem = rows["problem"]
    out.loc[problem == "unknown code", "cod_delito"] = "Z99"
    out.loc[problem == "blank code", "cod_delito"] = ""
    for name, text in _BAD_DATES.items():
        out.loc[problem == name, "fecha_registro"] = text
    return out


def _police_municipal(rows: pd.DataFrame) -> pd.DataFrame:
    labels = {o.code: o.label_es for o in OFFENCES}
    return pd.DataFrame(
        {
            "folio": rows["record_id"],
            "caso": rows["incident_id"],
            "delito": rows["offence_code"],
            "descripción": rows["offence_code"].map(labels),
            "fecha": pd.to_datetime(rows["recorded_date"]).dt.strftime("%d/%m/%Y"),
            "fecha_ocurrencia": pd.to_datetime(rows["occurred_date"]).dt.strftime("%d/%m/%Y"),
            "comuna": rows["area"],
            "intento": np.where(rows["attempt"], "sí", "no"),
        }
    )


def _gendarmeria(rows: pd.DataFrame) -> pa.Table:
    return pa.table(
        {
            "record_id": rows["record_id"].to_numpy(),
            "incident": rows["incident_id"].to_numpy(),
            "offence": rows["offence_code"].to_numpy(),
            "date_recorded": pa.array(rows["recorded_date"].to_numpy().astype("datetime64[D]")),
            "date_occurred": pa.array(rows["occurred_date"].to_numpy().astype("datetime64[D]")),
            "district": rows["area"].to_numpy(),
            "attempted": rows["attempt"].to_numpy(),
        }
    )


def _persons(rows: pd.DataFrame, prefix: str, spanish: bool = True) -> pd.DataFrame:
    ids = np.char.add(prefix, np.arange(1, len(rows) + 1).astype(str))
    ages = rows["age"].astype(str).to_numpy().copy()
    bad = (rows["problem"] == "impossible age").to_numpy()
    ages[bad] = _BAD_AGES[np.arange(bad.sum()) % len(_BAD_AGES)]
    if not spanish:
        return pd.DataFrame(
            {
                "record_id": ids,
                "case_id": rows["incident_id"],
                "offence_code": rows["offence_code"],
                "date": _iso(rows["recorded_date"]),
                "region": rows["area"],
                "person_id": rows["person_id"],
                "sex": rows["sex"],
                "age": ages,
                "citizenship": rows["citizenship"],
                "attempt": rows["attempt"],
            }
        )
    return pd.DataFrame(
        {
            "id": ids,
            "id_caso": rows["incident_id"],
            "cod_delito": rows["offence_code"],
            "fecha": _iso(rows["recorded_date"]),
            "region": rows["area"],
            "id_persona": rows["person_id"],
            "sexo": rows["sex"].map({"M": "H", "F": "M"}),
            "edad": ages,
            "nacionalidad": rows["citizenship"].map({"national": "N", "foreign": "E"}),
            "tentativa": np.where(rows["attempt"], "S", "N"),
        }
    )


def _write_csv(frame: pd.DataFrame, path: Path, *, sep: str = ",", encoding: str = "utf-8") -> None:
    if encoding != "utf-8":
        frame.to_csv(path, sep=sep, index=False, encoding=encoding)
        return
    table = pa.Table.from_pandas(frame, preserve_index=False)
    options = pa_csv.WriteOptions(delimiter=sep, quoting_style="needed")
    pa_csv.write_csv(table, path, write_options=options)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("reclusos")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    book.save(path)


_SPANISH_PERSON_COLUMNS = """  record_id: id
  case_id: id_caso
  incident_id: id_caso
  offence_code: cod_delito
  recorded_date: fecha
  area: region
  person_id: id_persona
  sex: sexo
  age: edad
  citizenship: nacionalidad
  attempt: tentativa"""

_SPANISH_PERSON_CODES = """codes:
  sex: {H: M, M: F}
  citizenship: {N: national, E: foreign}
  attempt: {S: "yes", N: "no"}"""


def _yaml(path: Path, text: str) -> None:
    path.write_text(text.strip() + "\n", encoding="utf-8")


def _sources(root: Path) -> None:
    folder = root / "sources"
    mapping = "correspondence: mappings/codigo_penal.csv"
    _yaml(
        folder / "policia_nacional.yaml",
        f"""
# National Police: offences recorded, one row per offence (UTF-8 CSV).
path: data/policia_nacional.csv
stage: police
unit: offence
agency: Policía Nacional
{mapping}
columns:
  record_id: id_registro
  incident_id: id_caso
  case_id: id_caso
  offence_code: cod_delito
  recorded_date: fecha_registro
  occurred_date: fecha_hecho
  area: region
  attempt: tentativa
codes:
  attempt: {{S: "yes", N: "no"}}
""",
    )
    _yaml(
        folder / "policia_municipal.yaml",
        f"""
# Municipal Police of the Capital: a Latin-1 CSV with semicolons and day/month/year dates.
path: data/policia_municipal.csv
encoding: latin-1
delimiter: ";"
date_format: "%d/%m/%Y"
stage: police
unit: offence
agency: Policía Municipal de la Capital
{mapping}
columns:
  record_id: folio
  incident_id: caso
  case_id: caso
  offence_code: delito
  recorded_date: fecha
  occurred_date: fecha_ocurrencia
  area: comuna
  attempt: intento
codes:
  attempt: {{sí: "yes", "no": "no"}}
""",
    )
    _yaml(
        folder / "gendarmeria.yaml",
        f"""
# Rural Gendarmerie: Parquet export with typed dates. Nothing was sent for March 2024.
path: data/gendarmeria.parquet
stage: police
unit: offence
agency: Gendarmería Rural
{mapping}
columns:
  record_id: record_id
  incident_id: incident
  case_id: incident
  offence_code: offence
  recorded_date: date_recorded
  occurred_date: date_occurred
  area: district
  attempt: attempted
""",
    )
    _yaml(
        folder / "victimas.yaml",
        f"""
# National Police: victims, one row per victim of an offence.
path: data/victimas.csv
stage: police
unit: victim
agency: Policía Nacional
{mapping}
columns:
{_SPANISH_PERSON_COLUMNS}
  relationship: relacion
{_SPANISH_PERSON_CODES}
""",
    )
    _yaml(
        folder / "imputados.yaml",
        f"""
# Police: suspects (persons brought into formal contact with the police).
path: data/imputados.csv
stage: police
unit: person
{mapping}
columns:
{_SPANISH_PERSON_COLUMNS}
{_SPANISH_PERSON_CODES}
""",
    )
    _yaml(
        folder / "fiscalia.yaml",
        f"""
# Public Prosecution Service: persons prosecuted (Parquet, English column names).
path: data/fiscalia.parquet
stage: prosecution
unit: person
agency: Fiscalía Nacional
{mapping}
columns:
  record_id: record_id
  case_id: case_id
  offence_code: offence_code
  recorded_date: date
  area: region
  person_id: person_id
  sex: sex
  age: age
  citizenship: citizenship
  attempt: attempt
""",
    )
    _yaml(
        folder / "tribunales.yaml",
        f"""
# Courts: persons tried, with the outcome.
path: data/tribunales.csv
stage: courts
unit: person
agency: Poder Judicial
{mapping}
columns:
{_SPANISH_PERSON_COLUMNS}
  outcome: resultado
{_SPANISH_PERSON_CODES}
  outcome: {{condena: convicted, absolución: acquitted}}
""",
    )
    _yaml(
        folder / "carceles.yaml",
        f"""
# Prison Service: admissions, sentenced or awaiting trial (an Excel workbook).
path: data/carceles.xlsx
table: reclusos
stage: prisons
unit: person
agency: Servicio Penitenciario
{mapping}
columns:
{_SPANISH_PERSON_COLUMNS}
  outcome: situacion
{_SPANISH_PERSON_CODES}
  outcome: {{condenado: sentenced, procesado: unsentenced}}
""",
    )


def _mapping(path: Path) -> None:
    rows = []
    for offence in OFFENCES:
        for target, weight in offence.targets:
            rows.append(
                {
                    "national_code": offence.code,
                    "national_label": offence.label_es,
                    "iccs_code": target,
                    "weight": "" if len(offence.targets) == 1 else weight,
                    "attempt": "y" if offence.attempt_code else "n",
                    "cyber": "n",
                    "note": offence.label_en,
                }
            )
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8")


def write_demo(root: Path, data: DemoData) -> dict[str, int]:
    """Write the whole project under ``root``; returns rows written per data file."""
    for sub in ("sources", "mappings", "population", "checks", "data", "expected"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    iso3, name = COUNTRY
    (root / "crimestats.toml").write_text(
        settings_text(name=name, country=iso3, duplicate_keys=("incident_id", "offence_code")),
        encoding="utf-8",
    )
    (root / "checks" / "README.md").write_text(
        "Local quality rules go here (YAML); the built-in catalogue always runs.\n",
        encoding="utf-8",
    )
    _sources(root)
    _mapping(root / "mappings" / "codigo_penal.csv")
    data.population.to_csv(root / "population" / "poblacion.csv", index=False)
    data.truth.to_csv(root / "expected" / "true_counts.csv", index=False)

    police = data.police
    written = {}
    by_agency = {a: police[police["agency"] == a] for a in police["agency"].unique()}
    nacional = _police_nacional(by_agency.get("policia_nacional", police.iloc[:0]))
    _write_csv(nacional, root / "data" / "policia_nacional.csv")
    municipal = _police_municipal(by_agency.get("policia_municipal", police.iloc[:0]))
    _write_csv(municipal, root / "data" / "policia_municipal.csv", sep=";", encoding="latin-1")
    pq.write_table(
        _gendarmeria(by_agency.get("gendarmeria", police.iloc[:0])),
        root / "data" / "gendarmeria.parquet",
    )
    written.update({"policia_nacional": len(nacional), "policia_municipal": len(municipal)})
    written["gendarmeria"] = len(by_agency.get("gendarmeria", police.iloc[:0]))
    victims = _persons(data.victims, "VR")
    victims["relacion"] = data.victims["relationship"].to_numpy()
    _write_csv(victims, root / "data" / "victimas.csv")
    _write_csv(_persons(data.suspects, "IM"), root / "data" / "imputados.csv")
    pq.write_table(
        pa.Table.from_pandas(_persons(data.prosecution, "FI", spanish=False), preserve_index=False),
        root / "data" / "fiscalia.parquet",
    )
    courts = _persons(data.courts, "TR")
    courts["resultado"] = data.courts["outcome"].map(
        {"convicted": "condena", "acquitted": "absolución"}
    )
    _write_csv(courts, root / "data" / "tribunales.csv")
    prisons = _persons(data.prisons, "CA")
    prisons["situacion"] = data.prisons["outcome"].map(
        {"sentenced": "condenado", "unsentenced": "procesado"}
    )
    _write_xlsx(prisons, root / "data" / "carceles.xlsx")
    written.update(
        {
            "victimas": len(victims),
            "imputados": len(data.suspects),
            "fiscalia": len(data.prosecution),
            "tribunales": len(courts),
            "carceles": len(prisons),
        }
    )
    return written
