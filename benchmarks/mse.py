"""Six-list MSE with a 1,000-replicate BCa bootstrap: crimestats' batched fits vs a statsmodels loop.

Run: python benchmarks/mse.py [--replicates 1000] [--baseline-replicates 100] [--seed 1]

The table: 6 lists, a population of 2,000 of whom about 1,340 are seen, one dependent pair of
lists, a few empty histories (a seeded simulation, so every run times the same work). The task: stepwise selection as in SparseMSE
(threshold 0.02) on the data, then on every bootstrap replicate and every jackknife table, and the
BCa interval: about 60,000 Poisson fits for 1,000 replicates.

The baseline is the obvious implementation: for each replicate, for each candidate model, the
existence check (the same LP code) and one ``statsmodels`` GLM fit. It runs on the first
``--baseline-replicates`` replicates plus the jackknife tables; its time is scaled linearly to the
full count (say so in the output), and its selected models and estimates are checked against
crimestats' on the same tables. Timing is not a test: see the printed ratio.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import statsmodels.api as sm

from crimestats.estimation.mse import estimate_population
from crimestats.estimation.mse.bootstrap import jackknife_tables, resample_tables
from crimestats.estimation.mse.design import LogLinearModel, design_matrix
from crimestats.estimation.mse.existence import check_design, spanning_columns
from crimestats.estimation.mse.selection import ModelSpace, select_stepwise
from crimestats.model.capture import CaptureTable, all_histories

THRESHOLD = 0.02


def six_list_table(seed: int = 7, size: int = 2000) -> CaptureTable:
    """A seeded population seen by 6 lists, lists A and B dependent."""
    rng = np.random.default_rng(seed)
    p = np.array([0.15, 0.2, 0.1, 0.25, 0.12, 0.18])
    on = rng.random((size, 6)) < p
    on[:, 1] = np.where(on[:, 0], rng.random(size) < 0.5, on[:, 1])
    index = {h: i for i, h in enumerate(all_histories(6))}
    counts = [0] * len(index)
    for row in on.astype(int):
        h = tuple(int(v) for v in row)
        if any(h):
            counts[index[h]] += 1
    return CaptureTable(tuple("ABCDEF"), tuple(counts))


def _glm_fit(
    y: np.ndarray, model: LogLinearModel, last: tuple[int, ...] | None, k: int
) -> tuple[bool, float, float]:
    """Check, then fit one model with statsmodels: (ok, dark figure, p-value of ``last``)."""
    x = design_matrix(model, k)
    check = check_design(x, y > 0)
    if not check.ok:
        return False, np.nan, 1.0
    facial = np.array(check.facial)
    order = list(range(x.shape[1]))
    if last is not None:
        j = 1 + k + model.terms.index(last)
        order = [c for c in order if c != j] + [j]
    columns = [order[i] for i in spanning_columns(x[facial][:, order])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.GLM(y[facial], x[facial][:, columns], family=sm.families.Poisson()).fit(tol=1e-10)
    p = 1.0
    if last is not None and columns[-1] == order[-1]:
        p = float(res.pvalues[-1])
    return True, float(np.exp(res.params[0])), p


def baseline_stepwise(y: np.ndarray, space: ModelSpace) -> tuple[LogLinearModel | None, float]:
    """SparseMSE's stepwise selection on one table, one statsmodels fit at a time."""
    k = space.n_lists
    model = LogLinearModel()
    ok, dark, _ = _glm_fit(y, model, None, k)
    if not ok:
        return None, np.nan
    while True:
        best_p, best_model = 1.0, None
        for term in space.terms:
            if term in model.terms:
                continue
            candidate = model.plus(term, k)
            ok, _, p = _glm_fit(y, candidate, term, k)
            if ok and p < best_p:
                best_p, best_model = p, candidate
        if best_model is None or best_p >= THRESHOLD:
            return model, dark
        model = best_model
        _, dark, _ = _glm_fit(y, model, None, k)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--baseline-replicates", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    table = six_list_table()
    counts = np.array(table.counts)
    print(
        f"table: 6 lists, {table.n_observed} people observed, "
        f"{int((counts == 0).sum())} of 63 histories empty"
    )

    start = time.perf_counter()
    result = estimate_population(
        table, method="stepwise", bootstrap=args.replicates, seed=args.seed, ci="bca"
    )
    ours = time.perf_counter() - start
    print(
        f"crimestats: {result.model}, estimate {result.estimate:.1f}, "
        f"95% BCa [{result.ci_low:.1f}, {result.ci_high:.1f}]  {ours:.2f} s"
    )

    space = ModelSpace(6)
    replicates = resample_tables(counts, args.replicates, args.seed)
    n_base = min(args.baseline_replicates, args.replicates)
    jack, _ = jackknife_tables(counts)
    tables = np.vstack([counts[None, :], replicates[:n_base], jack])
    start = time.perf_counter()
    baseline = [baseline_stepwise(y, space) for y in tables]
    spent = time.perf_counter() - start
    per_table = spent / len(tables)
    scaled = per_table * (1 + args.replicates + len(jack))
    print(
        f"statsmodels loop: {len(tables)} tables in {spent:.2f} s "
        f"({per_table * 1000:.1f} ms per table); scaled to {args.replicates} replicates: "
        f"{scaled:.1f} s"
    )
    print(f"ratio (statsmodels loop / crimestats): {scaled / ours:.1f}x")

    check = select_stepwise(space, tables, threshold=THRESHOLD)
    same_model = all(check.model_of(i) == m for i, (m, _) in enumerate(baseline))
    darks = np.array([d for _, d in baseline])
    close = np.allclose(check.dark, darks, rtol=1e-6, equal_nan=True)
    print(f"same models chosen: {same_model}; same estimates (rtol 1e-6): {close}")


if __name__ == "__main__":
    main()
