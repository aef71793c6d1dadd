"""Classify 10 million synthetic records with a 600-code correspondence on DuckDB vs a pandas merge.

Run: python benchmarks/classify.py [--records 10000000] [--codes 600]

Both sides do the same job: join each record's national code to the correspondence (with 1:n splits),
then count records by ICCS code (weighted) and count the unmapped ones. The script checks both give the
same numbers, then prints seconds, records/second and peak memory (RSS high-water mark of the process
during each step, measured by sampling) for each, and the speed ratio.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from crimestats.classification import apply_correspondence, iccs
from crimestats.engine import connect, register_parquet, to_arrow
from crimestats.model import Correspondence, CorrespondenceRow
from memory import PeakMemory


def make_correspondence(n_codes: int, rng: np.random.Generator) -> Correspondence:
    leaves = [c.code for c in iccs() if iccs().is_leaf(c.code)]
    rows = []
    for i in range(n_codes):
        code = f"{i:05d}"
        if i % 10 == 0:  # every tenth national code splits 1:2
            a, b = rng.choice(leaves, 2, replace=False)
            rows += [CorrespondenceRow(code, a, weight=0.6), CorrespondenceRow(code, b, weight=0.4)]
        else:
            rows.append(CorrespondenceRow(code, str(rng.choice(leaves))))
    return Correspondence("bench", tuple(rows))


def make_records(path: Path, n: int, n_codes: int, rng: np.random.Generator) -> None:
    codes = rng.integers(0, int(n_codes * 1.01), n)  # about 1 % of records carry unknown codes
    table = pa.table(
        {
            "record_id": np.arange(n, dtype=np.int64),
            "offence_code": pa.array(np.char.zfill(codes.astype(str), 5)),
            "region": rng.integers(1, 17, n).astype(np.int16),
        }
    )
    pq.write_table(table, path, row_group_size=1_000_000)


def run_engine(path: Path, corr: Correspondence) -> tuple[dict[str, float], int]:
    con = connect()
    records = register_parquet(con, path)
    result = apply_correspondence(records, corr, "offence_code")
    counts = to_arrow(result.records.group_by("iccs_code").agg(n=result.records.weight.sum()))
    quarantined = int(to_arrow(result.quarantine.count().as_table())[0][0].as_py())
    return dict(
        zip(counts["iccs_code"].to_pylist(), counts["n"].to_pylist(), strict=True)
    ), quarantined


def run_pandas(path: Path, corr: Correspondence) -> tuple[dict[str, float], int]:
    records = pd.read_parquet(path)
    mapping = pd.DataFrame(
        {
            "offence_code": [r.national_code for r in corr.rows],
            "iccs_code": [r.iccs_code for r in corr.rows],
            "weight": [r.weight for r in corr.rows],
        }
    )
    merged = records.merge(mapping, on="offence_code", how="left")
    counts = merged.groupby("iccs_code")["weight"].sum()
    quarantined = int(merged["iccs_code"].isna().sum())
    return counts.to_dict(), quarantined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--codes", type=int, default=600)
    args = parser.parse_args()
    rng = np.random.default_rng(20261123)
    corr = make_correspondence(args.codes, rng)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.parquet"
        make_records(path, args.records, args.codes, rng)
        print(
            f"{args.records:,} records, {len(corr.national_codes)} national codes "
            f"({len(corr)} rows with 1:n splits), {os.cpu_count()} cores"
        )
        results = {}
        for name, job in (("crimestats (DuckDB)", run_engine), ("pandas merge", run_pandas)):
            gc.collect()
            with PeakMemory() as mem:
                start = time.perf_counter()
                counts, quarantined = job(path, corr)
                seconds = time.perf_counter() - start
            results[name] = (counts, quarantined, seconds)
            print(
                f"{name:22s} {seconds:7.2f} s  {args.records / seconds / 1e6:6.2f} M records/s  "
                f"peak +{mem.peak - mem.base:7.0f} MiB  (quarantined {quarantined:,})"
            )
        (ours, q1, t1), (base, q2, t2) = results.values()
        assert q1 == q2, "quarantine counts differ"
        assert ours.keys() == base.keys()
        assert all(abs(ours[k] - base[k]) < 1e-6 for k in ours)
        print(f"same counts on both; crimestats is {t2 / t1:.1f}x the speed of pandas")


if __name__ == "__main__":
    main()
