"""Synthetic records of the demo country at all four justice stages, with planted problems and the
true counts.

Incidents of one or two offences happen across regions and agencies in 2023-2024; police record
offences, victims and suspects; some suspects are prosecuted, some of those tried (convicted or
acquitted), and some held in prison (sentenced or awaiting trial). Every stage links back by case id
(the incident id). The records carry the problems a real office meets (unknown and blank offence codes,
impossible dates, duplicated rows, impossible ages, a victim entered twice, a month an agency never
sent); the generator remembers which rows are clean, so it knows exactly what a correct build counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crimestats.model.records import AGE_BANDS
from crimestats.project.demo.penal_code import AGENCIES, OFFENCES, REGIONS

__all__ = ["DemoData", "generate"]

START = np.datetime64("2023-01-01")
END = np.datetime64("2024-12-31")
YEARS = (2023, 2024)
MISSING_MONTH = ("gendarmeria", "2024-03")  # the rural gendarmerie sent nothing for March 2024

_PERSON = {o.code: o.against_person for o in OFFENCES}
COUNTED = ("", "impossible age", "re-entered")  # planted problems whose rows are still counted

#: planted problem → (share of national police rows, what the file will show)
POLICE_PROBLEMS = {
    "unknown code": 0.003,
    "blank code": 0.0005,
    "impossible date": 0.0005,
    "date before 1900": 0.0002,
    "future date": 0.0002,
}
DUPLICATE_SHARE = 0.002
REENTERED_SHARE = 0.0005  # sent again under a new record id: found as a possible duplicate, counted
BAD_AGE_SHARE = 0.002
REPEATED_VICTIM_SHARE = 0.001


@dataclass(frozen=True)
class DemoData:
    """Every table of the demo country, in canonical columns plus a ``problem`` column, and the truth.

    ``truth`` has one row per stage, unit, year, area, ICCS code (a correspondence target), sex and
    value: what a correct build counts before rolling up the ICCS tree.
    """

    police: pd.DataFrame
    victims: pd.DataFrame
    suspects: pd.DataFrame
    prosecution: pd.DataFrame
    courts: pd.DataFrame
    prisons: pd.DataFrame
    population: pd.DataFrame
    truth: pd.DataFrame
    planted: dict[str, int] = field(default_factory=dict)


def _dates(n: int, rng: np.random.Generator) -> np.ndarray:
    days = int((END - START).astype(int)) + 1
    return np.asarray(START + rng.integers(0, days, n).astype("timedelta64[D]"))


def _later(dates: np.ndarray, max_days: int, rng: np.random.Generator) -> np.ndarray:
    later = dates + rng.integers(0, max_days + 1, len(dates)).astype("timedelta64[D]")
    return np.asarray(np.minimum(later, END), dtype="datetime64[D]")


def _persons(n: int, rng: np.random.Generator, male: float, mean_age: float) -> pd.DataFrame:
    sex = np.where(rng.random(n) < male, "M", "F")
    age = np.clip(rng.normal(mean_age, 14, n).round(), 1, 95).astype(int)
    citizenship = np.where(rng.random(n) < 0.08, "foreign", "national")
    return pd.DataFrame({"sex": sex, "age": age, "citizenship": citizenship})


def _police(n: int, rng: np.random.Generator) -> pd.DataFrame:
    sizes = 1 + (rng.random(n) < 0.15)
    incident = np.repeat(np.arange(len(sizes)), sizes)[:n]
    n_inc = int(incident[-1]) + 1 if n else 0
    agency = rng.choice(len(AGENCIES), n_inc, p=[a[2] for a in AGENCIES])
    shares = {r[0]: r[2] for r in REGIONS}
    region = np.empty(n_inc, dtype=object)
    for i, (_, _, _, regions) in enumerate(AGENCIES):
        chosen = agency == i
        weights = np.array([shares[r] for r in regions])
        region[chosen] = rng.choice(regions, int(chosen.sum()), p=weights / weights.sum())
    occurred = _dates(n_inc, rng)
    stem = np.array([a[0] for a in AGENCIES])[agency]
    gap = (stem == MISSING_MONTH[0]) & (
        occurred.astype("datetime64[M]") == np.datetime64(MISSING_MONTH[1])
    )
    occurred[gap] += np.timedelta64(31, "D")  # moved to April: March stays empty
    recorded = _later(occurred, 7, rng)
    gap_month = np.datetime64(MISSING_MONTH[1])
    late = (stem == MISSING_MONTH[0]) & (recorded.astype("datetime64[M]") == gap_month)
    recorded[late] = (gap_month + 1).astype("datetime64[D]")  # recorded on 1 April instead
    freq = np.array([o.frequency for o in OFFENCES])
    offence = rng.choice(len(OFFENCES), n, p=freq / freq.sum())
    # The offences of one incident differ (one row per offence type, as NIBRS records them).
    same = np.r_[False, (incident[1:] == incident[:-1]) & (offence[1:] == offence[:-1])]
    offence[same] = (offence[same] + 1) % len(OFFENCES)
    code = np.array([o.code for o in OFFENCES])[offence]
    attempt_code = np.array([o.attempt_code for o in OFFENCES])[offence]
    police = pd.DataFrame(
        {
            "record_id": np.char.add("P", np.char.zfill(np.arange(1, n + 1).astype(str), 8)),
            "incident_id": np.char.add("C", np.char.zfill(incident.astype(str), 7)),
            "agency": stem[incident],
            "area": region[incident].astype(str),
            "offence_code": code,
            "attempt": (rng.random(n) < 0.03) & ~attempt_code,
            "occurred_date": occurred[incident],
            "recorded_date": recorded[incident],
            "problem": "",
        }
    )
    national = (police["agency"] == "policia_nacional").to_numpy()
    draw = rng.random(n)
    low = 0.0
    for problem, share in POLICE_PROBLEMS.items():
        police.loc[national & (draw >= low) & (draw < low + share), "problem"] = problem
        low += share
        if not (police["problem"] == problem).any():  # small demos still show every problem
            free = np.flatnonzero(national & (police["problem"] == "").to_numpy())
            if free.size:
                police.loc[police.index[rng.choice(free)], "problem"] = problem
    return police


def _victims(police: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    person = police["offence_code"].map(_PERSON).to_numpy(dtype=bool)
    base = police[person & (police["problem"] == "") & (police["agency"] == "policia_nacional")]
    base = base.loc[base.index.repeat(1 + (rng.random(len(base)) < 0.1))].reset_index(drop=True)
    people = _persons(len(base), rng, male=0.55, mean_age=34)
    femicide = (base["offence_code"] == "H03").to_numpy()
    people.loc[femicide, "sex"] = "F"
    victims = pd.concat(
        [base[["incident_id", "area", "offence_code", "recorded_date"]], people], axis=1
    )
    victims["person_id"] = np.char.add("V", np.arange(1, len(victims) + 1).astype(str))
    victims["relationship"] = rng.choice(["1", "3", "6", "10", "11"], len(victims))
    victims["attempt"] = base["attempt"].to_numpy()
    victims["problem"] = ""
    bad = rng.random(len(victims)) < BAD_AGE_SHARE
    victims.loc[bad, "problem"] = "impossible age"
    return victims


def _plant_repeats(
    police: pd.DataFrame, victims: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows sent twice (same record id) and victims entered twice for the same offence."""
    national = police[(police["agency"] == "policia_nacional") & (police["problem"] == "")]
    twice = national[rng.random(len(national)) < DUPLICATE_SHARE].copy()
    twice["problem"] = "duplicate"
    again_police = national[rng.random(len(national)) < REENTERED_SHARE].copy()
    again_police["record_id"] = np.char.add("R", again_police["record_id"].to_numpy().astype(str))
    again_police["problem"] = "re-entered"
    again = victims[(victims["problem"] == "") & (rng.random(len(victims)) < REPEATED_VICTIM_SHARE)]
    again = again.copy()
    again["problem"] = "repeated victim"
    police = pd.concat([police, twice, again_police], ignore_index=True)
    return police, pd.concat([victims, again], ignore_index=True)


def _stage(base: pd.DataFrame, share: float, rng: np.random.Generator, delay: int) -> pd.DataFrame:
    picked = base[rng.random(len(base)) < share].copy()
    picked["recorded_date"] = _later(picked["recorded_date"].to_numpy(), delay, rng)
    return picked.reset_index(drop=True)


def _justice(police: pd.DataFrame, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    clean = police[police["problem"] == ""]
    person = clean["offence_code"].map(_PERSON).to_numpy(dtype=bool)
    drugs = clean["offence_code"].str.startswith("D").to_numpy()
    solved = rng.random(len(clean)) < np.where(drugs, 0.9, np.where(person, 0.45, 0.15))
    base = clean[solved]
    suspects = base[
        ["incident_id", "area", "offence_code", "recorded_date", "attempt"]
    ].reset_index(drop=True)
    suspects = pd.concat([suspects, _persons(len(suspects), rng, male=0.85, mean_age=31)], axis=1)
    suspects["person_id"] = np.char.add("S", np.arange(1, len(suspects) + 1).astype(str))
    suspects["recorded_date"] = _later(suspects["recorded_date"].to_numpy(), 30, rng)
    suspects["outcome"] = None
    suspects["problem"] = ""
    prosecution = _stage(suspects, 0.6, rng, 90)
    courts = _stage(prosecution, 0.7, rng, 180)
    courts["outcome"] = np.where(rng.random(len(courts)) < 0.75, "convicted", "acquitted")
    sentenced = _stage(courts[courts["outcome"] == "convicted"], 0.2, rng, 30)
    sentenced["outcome"] = "sentenced"
    awaiting = _stage(prosecution, 0.05, rng, 10)
    awaiting["outcome"] = "unsentenced"
    prisons = pd.concat([sentenced, awaiting], ignore_index=True)
    return {"suspects": suspects, "prosecution": prosecution, "courts": courts, "prisons": prisons}


def _population(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    age_shares = (0.24, 0.25, 0.22, 0.17, 0.12)
    for year in YEARS:
        for code, _, share in REGIONS:
            for sex, sex_share in (("M", 0.49), ("F", 0.51)):
                for (*_, age), age_share in zip(AGE_BANDS, age_shares, strict=True):
                    base = 18_000_000 * share * sex_share * age_share * (1 + 0.01 * (year - 2023))
                    rows.append((code, year, sex, age, int(base * rng.uniform(0.98, 1.02))))
    return pd.DataFrame(rows, columns=["area", "year", "sex", "age", "population"])


def _truth(tables: dict[str, tuple[str, str, pd.DataFrame]]) -> pd.DataFrame:
    """Counts a correct build produces, from the clean rows and the correspondence, by target code.

    Written independently of the pipeline: plain pandas over the generator's own rows, with the
    correspondence and the attempted-homicide rule restated here.
    """
    targets = pd.DataFrame(
        [(o.code, t, w) for o in OFFENCES for t, w in o.targets],
        columns=["offence_code", "target", "weight"],
    )
    keys = ["stage", "unit", "year", "area", "iccs_code", "sex", "status"]
    parts = []
    for stage, unit, frame in tables.values():
        clean = frame[frame["problem"].isin(COUNTED)]
        if clean.empty:
            continue
        rows = pd.DataFrame(
            {
                "stage": stage,
                "unit": unit,
                "year": clean["recorded_date"].to_numpy().astype("datetime64[Y]").astype(int)
                + 1970,
                "area": clean["area"].to_numpy(),
                "offence_code": clean["offence_code"].to_numpy(),
                "attempt": clean["attempt"].to_numpy(),
                "sex": clean["sex"].to_numpy() if "sex" in clean else "_T",
                "status": clean["outcome"].fillna("_T").to_numpy() if "outcome" in clean else "_T",
            }
        )
        merged = rows.merge(targets, on="offence_code")
        homicide = (merged["target"] == "0101") & merged["attempt"].astype(bool)
        merged["iccs_code"] = merged["target"].where(~homicide, "0102")
        parts.append(merged.groupby(keys, as_index=False).agg(value=("weight", "sum")))
    truth = pd.concat(parts, ignore_index=True)
    return truth.groupby(keys, as_index=False).agg(value=("value", "sum"))


def generate(n_records: int = 1_000_000, seed: int = 2024) -> DemoData:
    """The demo country's records: ``n_records`` police offence rows (plus planted duplicates)."""
    rng = np.random.default_rng(seed)
    police = _police(n_records, rng)
    victims = _victims(police, rng)
    stages = _justice(police, rng)
    police, victims = _plant_repeats(police, victims, rng)
    truth = _truth(
        {
            "police": ("police", "offences", police),
            "victims": ("police", "victims", victims),
            "suspects": ("police", "persons", stages["suspects"]),
            "prosecution": ("prosecution", "persons", stages["prosecution"]),
            "courts": ("courts", "persons", stages["courts"]),
            "prisons": ("prisons", "persons", stages["prisons"]),
        }
    )
    planted = {
        p: int((police["problem"] == p).sum())
        for p in (*POLICE_PROBLEMS, "duplicate", "re-entered")
    }
    for problem in ("impossible age", "repeated victim"):
        planted[problem] = int((victims["problem"] == problem).sum())
    return DemoData(
        police=police,
        victims=victims,
        population=_population(rng),
        truth=truth,
        planted=planted,
        **stages,
    )
