"""Disclosure control of a release's tables: how long it takes, how much it hides, how fast the check is.

Run: python benchmarks/sdc.py [--records 100000] [--sample 300]

Generates and builds a demo country, selects the cells of the release's tables, then

* protects them (primary and secondary suppression) with the default settings and with the heuristic
  only (``exact_size=0``), printing seconds, confidential and suppressed cells and the hidden weight
  (what the exact integer program saves);
* checks every confidential cell with the attacker (one warm-started HiGHS program per group of linked
  hidden cells) against a baseline in the same process: ``scipy.optimize.linprog`` solving each cell's
  two programs from scratch, on a random sample of the cells (``--sample``), compared per cell.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import scipy.sparse as sp
from scipy.optimize import linprog

from crimestats.classification import iccs
from crimestats.project import build_project, connect_project, load_project
from crimestats.project.demo import make_demo
from crimestats.publish.confidentiality import SdcRules, protect_tables, published_cells
from crimestats.publish.datasets import BREAKDOWNS, DATASETS
from crimestats.publish.margins import additive_relations
from crimestats.publish.release import _parent_of
from crimestats.publish.sdc import attacker_intervals


def _protect(
    cells: pd.DataFrame, parent: Callable[[str], str | None], rules: SdcRules
) -> tuple[pd.DataFrame, float]:
    started = time.perf_counter()
    out, _, findings = protect_tables(cells, rules, parent)
    assert not [f for f in findings if f.code == "sdc.unprotected"]
    return out, time.perf_counter() - started


def _scipy_interval(
    matrix: sp.csr_array, values: np.ndarray, hidden: np.ndarray, cell: int
) -> tuple[float, float]:
    bounds = [(0, None) if h else (v, v) for v, h in zip(values, hidden, strict=True)]
    c = np.zeros(len(values))
    c[cell] = 1.0
    rhs = np.zeros(matrix.shape[0])
    low = linprog(c, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
    high = linprog(-c, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
    return float(low.fun), (float(-high.fun) if high.status == 0 else np.inf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        make_demo(root, records=args.records, seed=2024)
        project = load_project(root)
        build_project(project, connect_project(project))
        counts = pq.read_table(root / "output" / "counts.parquet")
    parent = _parent_of(iccs())
    cells = published_cells(counts, list(DATASETS.values()), 2)
    print(
        f"{args.records:,} police records: {len(cells):,} published cells in {len(DATASETS)} tables"
    )
    for label, rules in (("default", SdcRules()), ("heuristic only", SdcRules(exact_size=0))):
        out, seconds = _protect(cells, parent, rules)
        hidden = out["flag"] != ""
        print(
            f"  {label:>15}: {seconds:6.1f} s (attacker check included), "
            f"{int((out['flag'] == 'confidential').sum()):,} confidential, "
            f"{int((out['flag'] == 'suppressed').sum()):,} suppressed, "
            f"hidden weight {float((out.loc[hidden, 'value'] + 1).sum()):,.0f}"
        )
    # The attacker, ours vs scipy from scratch, on the largest linked group (stage, unit, year).
    key = ["stage", "unit", "year"]
    biggest = out.groupby(key).size().idxmax()
    group = out.set_index(key).loc[biggest].reset_index()
    values = group["value"].to_numpy(float)
    hidden = (group["flag"] != "").to_numpy()
    matrix = additive_relations(group, values, ["area", *BREAKDOWNS], parent).matrix
    confidential = np.flatnonzero((group["flag"] == "confidential").to_numpy())
    started = time.perf_counter()
    ours = attacker_intervals(matrix, values, hidden, confidential)
    per_cell_ours = (time.perf_counter() - started) / len(confidential)
    rng = np.random.default_rng(0)
    sample = rng.choice(len(confidential), min(args.sample, len(confidential)), replace=False)
    started = time.perf_counter()
    for i in sample:
        low, high = _scipy_interval(matrix, values, hidden, int(confidential[i]))
        assert abs(low - ours[i].low) < 1e-6 and (
            high == ours[i].high or abs(high - ours[i].high) < 1e-6
        )
    per_cell_scipy = (time.perf_counter() - started) / len(sample)
    print(
        f"  attacker on {'/'.join(map(str, biggest))} ({len(group):,} cells, "
        f"{len(confidential):,} confidential): {per_cell_ours * 1000:.2f} ms per cell vs "
        f"scipy linprog from scratch {per_cell_scipy * 1000:.2f} ms "
        f"({per_cell_scipy / per_cell_ours:.1f}x), same intervals on {len(sample)} cells"
    )


if __name__ == "__main__":
    main()
