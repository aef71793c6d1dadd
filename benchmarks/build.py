"""End-to-end build of police offence records from Parquet: crimestats vs a pandas implementation.

Run: python benchmarks/build.py [--records 1000000 10000000] [--no-pandas]

For each size, one source of police offences (the demo country's penal code and correspondence, with
1:n splits, ~0.3 % unknown codes, ~0.2 % duplicated record ids, a few impossible dates) is written as
Parquet and built by ``crimestats build`` (counting rules, classification, ICCS roll-ups with residuals,
totals over area and attempt, incidents by the principal offence rule, quality checks, outputs written).
The baseline does the same counts with pandas (everything in memory). The script checks that both give
the same offence counts, then prints seconds, records/second, peak memory (RSS high-water mark sampled
during the step) and how cost grows from the smallest to the largest size.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crimestats.classification import iccs
from crimestats.project import build_project, connect_project, load_project
from crimestats.project.demo.penal_code import OFFENCES, REGIONS
from crimestats.project.skeleton import settings_text
from memory import PeakMemory


def write_project(root: Path, n: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    (root / "sources").mkdir(parents=True)
    (root / "mappings").mkdir()
    (root / "data").mkdir()
    (root / "crimestats.toml").write_text(settings_text(name="benchmark", country="XDM"))
    rows = []
    for o in OFFENCES:
        for target, weight in o.targets:
            rows.append(
                (
                    o.code,
                    o.label_es,
                    target,
                    weight if len(o.targets) > 1 else "",
                    "y" if o.attempt_code else "n",
                )
            )
    pd.DataFrame(
        rows, columns=["national_code", "national_label", "iccs_code", "weight", "attempt"]
    ).to_csv(root / "mappings" / "code.csv", index=False)
    codes = np.array([o.code for o in OFFENCES] + ["Z99"])
    freq = np.array(
        [o.frequency for o in OFFENCES] + [0.3 * sum(o.frequency for o in OFFENCES) / 100]
    )
    incident = np.arange(n) // 2 * 2 + (
        rng.random(n) < 0.85
    )  # about 15 % of incidents have two offences
    record_id = np.arange(n)
    dup = rng.random(n) < 0.002
    record_id[dup] = np.maximum(record_id[dup] - 1, 0)
    start = np.datetime64("2023-01-01")
    days = rng.integers(0, 731, n).astype("timedelta64[D]")
    recorded = start + days
    recorded[rng.random(n) < 0.0005] = np.datetime64("1899-12-31")
    table = pa.table(
        {
            "record_id": pa.array(record_id.astype(str)),
            "incident_id": pa.array(incident.astype(str)),
            "offence_code": pa.array(rng.choice(codes, n, p=freq / freq.sum())),
            "recorded_date": pa.array(recorded.astype("datetime64[D]")),
            "area": pa.array(rng.choice([r[0] for r in REGIONS], n)),
            "attempt": pa.array(rng.random(n) < 0.03),
        }
    )
    pq.write_table(table, root / "data" / "police.parquet", row_group_size=1_000_000)
    (root / "sources" / "police.yaml").write_text(
        "path: data/police.parquet\nstage: police\nunit: offence\nagency: Police\n"
        "correspondence: mappings/code.csv\ncolumns:\n  record_id: record_id\n"
        "  incident_id: incident_id\n  offence_code: offence_code\n  recorded_date: recorded_date\n"
        "  area: area\n  attempt: attempt\n"
    )


def run_crimestats(root: Path) -> pd.DataFrame:
    project = load_project(root)
    build_project(project, connect_project(project))
    counts = pd.read_parquet(root / "output" / "counts.parquet")
    return counts[(counts.unit == "offences") & (counts.attempt == "_T")]


def run_pandas(root: Path) -> pd.DataFrame:
    """The same offence counts in pandas: rules, classification, ICCS roll-up, area totals."""
    records = pd.read_parquet(root / "data" / "police.parquet")
    mapping = pd.read_csv(root / "mappings" / "code.csv", dtype=str, keep_default_na=False)
    mapping["weight"] = mapping["weight"].replace("", "1").astype(float)
    records = records[~records.duplicated("record_id")]
    years = pd.to_datetime(records["recorded_date"]).dt.year
    records = records[(years >= 1900)].assign(year=years[years >= 1900])
    merged = records.merge(mapping, left_on="offence_code", right_on="national_code")
    homicide = (merged["iccs_code"] == "0101") & merged["attempt_x"]
    merged.loc[homicide, "iccs_code"] = "0102"
    fine = merged.groupby(["year", "area", "iccs_code"], as_index=False)["weight"].sum()
    classification = iccs()
    links = []
    for code in fine["iccs_code"].unique():
        links += [(code, c.code) for c in classification.path(code)]
        if not classification.is_leaf(code):
            links.append((code, code + "_U"))
    rolled = fine.merge(pd.DataFrame(links, columns=["iccs_code", "target"]), on="iccs_code")
    by_area = rolled.groupby(["year", "area", "target"], as_index=False)["weight"].sum()
    national = rolled.groupby(["year", "target"], as_index=False)["weight"].sum().assign(area="_T")
    return pd.concat([by_area, national]).rename(columns={"target": "iccs_code", "weight": "value"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores")
    timings = {}
    for n in args.records:
        tmp = Path(tempfile.mkdtemp(prefix="crimestats-bench-"))
        try:
            write_project(tmp, n)
            jobs = [("crimestats build", run_crimestats)]
            if not args.no_pandas:
                jobs.append(("pandas", run_pandas))
            results = {}
            for name, job in jobs:
                gc.collect()
                with PeakMemory() as mem:
                    start = time.perf_counter()
                    results[name] = job(tmp)
                    seconds = time.perf_counter() - start
                timings[(name, n)] = seconds
                print(
                    f"{n:>11,} records  {name:17s} {seconds:7.2f} s  {n / seconds / 1e6:5.2f} M rec/s  "
                    f"peak +{mem.peak - mem.base:6.0f} MiB"
                )
            if "pandas" in results:
                ours = results["crimestats build"].set_index(["year", "area", "iccs_code"])["value"]
                theirs = results["pandas"].set_index(["year", "area", "iccs_code"])["value"]
                joined = pd.concat([ours, theirs], axis=1, keys=["ours", "pandas"]).fillna(0)
                gap = (joined["ours"] - joined["pandas"]).abs().max()
                assert gap < 1e-6, f"counts differ by {gap}"
                ratio = timings[("pandas", n)] / timings[("crimestats build", n)]
                print(
                    f"{'':11s}           same offence counts ({len(joined):,} cells); crimestats is {ratio:.1f}x pandas"
                )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    sizes = sorted(args.records)
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        growth = timings[("crimestats build", big)] / timings[("crimestats build", small)]
        print(f"crimestats: {big // small}x the records took {growth:.1f}x the time")


if __name__ == "__main__":
    main()
