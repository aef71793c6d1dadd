"""Design-based means by domain on a 1,000,000-person survey: crimestats vs svy vs samplics.

Run: python benchmarks/survey.py [--rows 1000000] [--large-rows 10000000] [--memory-limit 512MB]
     [--repeat 3] [--skip-samplics] [--skip-large]

The survey (seeded, so every run times the same work): 200 strata of 10 PSUs each (2,000 PSUs),
20 domains crossing the PSUs, weights between 50 and 150, five numeric variables with a PSU effect.
The tasks, timed for each library in the same run:

1. the mean and standard error of one variable (Taylor linearisation, stratified cluster design);
2. the means and standard errors of all five variables in each of the 20 domains (R's ``svyby``).

Each library runs in its own process, so the peak resident memory it reports (``ru_maxrss``) is its
own: loading the Parquet file, building the design and estimating. crimestats runs twice: on the
Parquet file through the engine (DuckDB scans it; nothing but small totals comes into Python) and on
an Arrow table already in memory (the same case as the in-memory libraries). The three must agree:
the script prints the largest relative difference of estimates and standard errors.

Then the engine path alone on a ``--large-rows`` file, written in chunks and never held in memory,
with DuckDB limited to ``--memory-limit``: its time and peak memory, next to the size the data would
take in memory. Timing is not a test: read the ratios.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

VARIABLES = tuple(f"y{k}" for k in range(5))
Result = dict[str, Any]


def synthetic_survey(
    rows: int, seed: int = 20240501, strata: int = 200, psus: int = 2000
) -> pa.Table:
    """A stratified cluster sample: PSU, its stratum, a domain, a weight and five variables."""
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, psus, rows)
    stratum = psu // (psus // strata)
    domain = rng.integers(0, 20, rows)
    effect = rng.normal(0, 1, psus)[psu]
    cols: dict[str, Any] = {
        "stratum": stratum.astype(np.int32),
        "psu": psu.astype(np.int32),
        "domain": domain.astype(np.int32),
        "w": rng.uniform(50, 150, rows),
    }
    for k, name in enumerate(VARIABLES):
        cols[name] = 10 + k + effect + rng.normal(0, 3, rows) + 0.1 * domain
    return pa.table(cols)


def write_large(path: Path, rows: int, chunk: int = 1_000_000) -> None:
    """Write a large survey file chunk by chunk (never whole in memory)."""
    writer = None
    for i, start in enumerate(range(0, rows, chunk)):
        table = synthetic_survey(min(chunk, rows - start), seed=1000 + i)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return float(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _peak_mb() -> float:
    """Peak resident memory of this process: VmHWM (Linux), which starts afresh in a spawned
    process, unlike ``ru_maxrss``, which keeps the parent's peak across ``exec``."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_crimestats(path: str, repeat: int, mode: str, memory_limit: str | None = None) -> Result:
    """crimestats on the Parquet file through the engine (``file``) or on an Arrow table (``memory``)."""
    from crimestats.engine import connect
    from crimestats.estimation.survey import as_table, estimate
    from crimestats.model.survey import EstimateRequest, Statistic, SurveyDesign
    from crimestats.settings import EngineSettings
    from crimestats.sources.survey import read_survey

    imported = _peak_mb()
    start = time.perf_counter()
    if mode == "memory":
        table = as_table(pq.read_table(path))
    else:
        table = read_survey(connect(EngineSettings(memory_limit=memory_limit)), path)
    load = time.perf_counter() - start
    design = SurveyDesign(weight="w", strata="stratum", psu="psu")
    one = [EstimateRequest(Statistic.MEAN, VARIABLES[0])]
    five = [EstimateRequest(Statistic.MEAN, v) for v in VARIABLES]
    t_one, r_one = _best(lambda: estimate(table, design, one), repeat)
    t_dom, r_dom = _best(lambda: estimate(table, design, five, by=["domain"]), repeat)
    return {
        "load": load,
        "one": t_one,
        "domains": t_dom,
        "one_est": {(VARIABLES[0], None): (r_one[0].estimate, r_one[0].se)},
        "dom_est": {(r.variable, r.domain[0][1]): (r.estimate, r.se) for r in r_dom},
        "peak_mb": _peak_mb(),
        "imported_mb": imported,
    }


def run_svy(path: str, repeat: int) -> Result:
    """svy (Rust core, polars in memory)."""
    import polars as pl
    import svy

    imported = _peak_mb()
    start = time.perf_counter()
    sample = svy.Sample(pl.read_parquet(path), svy.Design(stratum="stratum", psu="psu", wgt="w"))
    sample.estimation.mean(VARIABLES[0])  # svy compiles on first use; do not time that
    load = time.perf_counter() - start
    t_one, r_one = _best(lambda: sample.estimation.mean(VARIABLES[0]), repeat)
    t_dom, r_dom = _best(lambda: sample.estimation.mean(list(VARIABLES), by="domain"), repeat)
    one = r_one.to_polars().row(0, named=True)
    dom = {}
    for name, e in zip(VARIABLES, r_dom, strict=True):
        for row in e.to_polars().iter_rows(named=True):
            dom[(name, int(row["domain"]))] = (row["est"], row["se"])
    return {
        "load": load,
        "one": t_one,
        "domains": t_dom,
        "one_est": {(VARIABLES[0], None): (one["est"], one["se"])},
        "dom_est": dom,
        "peak_mb": _peak_mb(),
        "imported_mb": imported,
    }


def run_samplics(path: str, repeat: int) -> Result:
    """samplics (pandas and numpy, archived)."""
    import pandas as pd

    warnings.simplefilter("ignore")
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

    imported = _peak_mb()
    start = time.perf_counter()
    frame = pd.read_parquet(path)
    load = time.perf_counter() - start

    def one() -> Any:
        est = TaylorEstimator(PopParam.mean)
        est.estimate(
            y=frame[VARIABLES[0]],
            samp_weight=frame["w"],
            stratum=frame["stratum"],
            psu=frame["psu"],
        )
        return est

    def domains() -> dict[tuple[str, Any], tuple[float, float]]:
        out = {}
        for name in VARIABLES:
            est = TaylorEstimator(PopParam.mean)
            est.estimate(
                y=frame[name],
                samp_weight=frame["w"],
                stratum=frame["stratum"],
                psu=frame["psu"],
                domain=frame["domain"],
            )
            for d, value in est.point_est.items():
                out[(name, int(d))] = (float(value), float(est.stderror[d]))
        return out

    t_one, r_one = _best(one, 1)
    t_dom, r_dom = _best(domains, 1)
    return {
        "load": load,
        "one": t_one,
        "domains": t_dom,
        "one_est": {(VARIABLES[0], None): (float(r_one.point_est), float(r_one.stderror))},
        "dom_est": r_dom,
        "peak_mb": _peak_mb(),
        "imported_mb": imported,
    }


def _in_process(target: Callable[..., Result], *args: Any) -> Result:
    """Run one library in a fresh process, so its peak memory is its own."""
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(target, args)


def _max_rel(a: Result, b: Result) -> float:
    worst = 0.0
    for key in ("one_est", "dom_est"):
        assert set(a[key]) == set(b[key]), f"different cells in {key}"
        for cell, (est, se) in a[key].items():
            est2, se2 = b[key][cell]
            worst = max(worst, abs(est - est2) / abs(est2), abs(se - se2) / abs(se2))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--large-rows", type=int, default=10_000_000)
    parser.add_argument("--memory-limit", default="256MB", help="DuckDB limit for the large file")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (samplics: 1)")
    parser.add_argument("--skip-samplics", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "survey.parquet")
        table = synthetic_survey(args.rows)
        pq.write_table(table, path)
        print(
            f"survey: {args.rows:,} persons, 200 strata, 2,000 PSUs, 20 domains, "
            f"{len(VARIABLES)} variables ({table.nbytes / 2**20:.0f} MB in memory)"
        )
        del table
        runs: dict[str, Result] = {
            "crimestats (Parquet file, engine)": _in_process(
                run_crimestats, path, args.repeat, "file"
            ),
            "crimestats (Arrow table in memory)": _in_process(
                run_crimestats, path, args.repeat, "memory"
            ),
            "svy": _in_process(run_svy, path, args.repeat),
        }
        if not args.skip_samplics:
            runs["samplics"] = _in_process(run_samplics, path, args.repeat)
        print(
            f"\n{'library':38} {'load s':>8} {'1 mean s':>9} {'5x20 domain means s':>20} "
            f"{'peak MB':>8} {'after imports MB':>17}"
        )
        for name, r in runs.items():
            print(
                f"{name:38} {r['load']:8.3f} {r['one']:9.3f} {r['domains']:20.3f} "
                f"{r['peak_mb']:8.0f} {r['imported_mb']:17.0f}"
            )
        ours = runs["crimestats (Parquet file, engine)"]
        mem = runs["crimestats (Arrow table in memory)"]
        print()
        for name, r in runs.items():
            if name.startswith("crimestats"):
                continue
            print(
                f"{name} / crimestats: one mean {r['one'] / ours['one']:.1f}x (file), "
                f"{r['one'] / mem['one']:.1f}x (memory); 20 domains x 5 means "
                f"{r['domains'] / ours['domains']:.1f}x (file), "
                f"{r['domains'] / mem['domains']:.1f}x (memory)"
            )
        for name, r in runs.items():
            if name != "crimestats (Parquet file, engine)":
                print(f"largest relative difference, crimestats vs {name}: {_max_rel(ours, r):.1e}")

        if args.skip_large:
            return
        large = Path(tmp) / "large.parquet"
        start = time.perf_counter()
        write_large(large, args.large_rows)
        size_mb = args.large_rows * (3 * 4 + 6 * 8) / 2**20
        print(
            f"\nlarge file: {args.large_rows:,} rows, {large.stat().st_size / 2**20:.0f} MB Parquet, "
            f"{size_mb:.0f} MB as in-memory columns (written in {time.perf_counter() - start:.0f} s)"
        )
        big = _in_process(run_crimestats, str(large), 1, "file", args.memory_limit)
        print(
            f"crimestats engine path, DuckDB memory_limit={args.memory_limit}: one mean "
            f"{big['one']:.2f} s, 20 domains x 5 means {big['domains']:.2f} s, "
            f"peak memory {big['peak_mb']:.0f} MB ({big['imported_mb']:.0f} MB of it before reading "
            "any data: Python and its libraries)"
        )


if __name__ == "__main__":
    main()
