"""Benchmark: validate a 100,000-row dataUNODC file (read + every UN-CTS rule), against pandas.

The file is synthesised by scaling the real dataUNODC export in ``tests/sources/data/`` (27,527 rows):
each copy gets its own area codes (``M49_<ISO3>_<k>``, valid aggregate codes), so the copies are
distinct countries with the real data's structure, hierarchy and errors. The baseline is a
straightforward pandas implementation of the same core rules (duplicates, parts above totals, breakdown
sums, Male + Female, year-on-year change, rate vs count), run in the same process on the same file.

    python benchmarks/cts_validate.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from crimestats.quality.cts import CtsRuleConfig, validate_observations
from crimestats.sources.cts_content import questionnaire
from crimestats.sources.dataunodc import read_dataunodc

REAL = (
    Path(__file__).parents[1]
    / "tests"
    / "sources"
    / "data"
    / "data_cts_violent_and_sexual_crime_older_vintage_to2020.csv"
)
KEY = [
    "Iso3_code",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
]


def synthesise(rows: int, target: Path) -> Path:
    """Copies of the real file, each under its own area codes, cut at ``rows`` data rows."""
    with REAL.open(encoding="cp1252", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        data = list(reader)
    out = []
    k = 0
    while len(out) < rows:
        for row in data:
            copy = list(row)
            copy[0] = row[0] if k == 0 else f"M49_{row[0]}_{k}"
            out.append(copy)
            if len(out) == rows:
                break
        k += 1
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(out)
    return target


def crimestats_validate(path: Path) -> Counter[str]:
    data = read_dataunodc(path)
    findings = data.findings + validate_observations(
        data.table, config=CtsRuleConfig(max_year=2024), source=str(path)
    )
    return Counter(f.code for f in findings)


def pandas_validate(path: Path) -> Counter[str]:
    """The same core rules written the obvious way in pandas (the baseline)."""
    found: Counter[str] = Counter()
    df = pd.read_csv(path, encoding="utf-8", dtype={"Year": "int64", "VALUE": "float64"})
    df["row"] = np.arange(1, len(df) + 1)
    dup = df[df.duplicated(KEY, keep=False)].groupby(KEY)["VALUE"].nunique()
    found["cts.conflicting-duplicate"] = int((dup > 1).sum())
    found["cts.repeated-row"] = int((dup == 1).sum())
    cells = df.drop_duplicates(KEY, keep="first")
    counts = cells[cells["Unit of measurement"] == "Counts"]
    found["cts.non-integer-count"] = int((counts["VALUE"] % 1 != 0).sum())
    # parent of each category: the questionnaire item's parent, or "A" for "A: B"
    items = {item.id: item for item in questionnaire().items}
    parent, breakdown = {}, {}
    for item in items.values():
        if item.parent in items:
            parent[item.key] = items[item.parent].key
            breakdown[item.key] = item.breakdown
    triples = counts[["Indicator", "Dimension", "Category"]].drop_duplicates()
    links = []
    for ind, dim, cat in triples.itertuples(index=False):
        p = parent.get((ind, dim, cat))
        b = breakdown.get((ind, dim, cat), "")
        if p is None and ": " in cat:
            p = (ind, dim, cat.rsplit(": ", 1)[0])
        if p is not None:
            links.append((ind, dim, cat, *p, b))
    link = pd.DataFrame(
        links, columns=["Indicator", "Dimension", "Category", "pi", "pd", "pc", "b"]
    )
    child = counts.merge(link, on=["Indicator", "Dimension", "Category"])
    totals = counts.rename(
        columns={"Indicator": "pi", "Dimension": "pd", "Category": "pc", "VALUE": "total"}
    )[["Iso3_code", "pi", "pd", "pc", "Sex", "Age", "Year", "total"]]
    pairs = child.merge(totals, on=["Iso3_code", "pi", "pd", "pc", "Sex", "Age", "Year"])
    found["cts.part-exceeds-total"] = int((pairs["VALUE"] > pairs["total"] + 1e-6).sum())
    parts = pairs[pairs["b"] != ""]
    sums = parts.groupby(["Iso3_code", "pi", "pd", "pc", "b", "Sex", "Age", "Year"]).agg(
        s=("VALUE", "sum"), n=("VALUE", "size"), total=("total", "first")
    )
    sums = sums[sums["n"] >= 2]
    found["cts.breakdown-exceeds-total"] = int((sums["s"] > sums["total"] + 1e-6).sum())
    found["cts.breakdown-below-total"] = int((sums["s"] < sums["total"] - 1e-6).sum())
    by = ["Iso3_code", "Indicator", "Dimension", "Category", "Age", "Year"]
    split = counts[counts["Sex"].isin(["Male", "Female"])].groupby(by)["VALUE"].agg(["sum", "size"])
    total = counts[counts["Sex"] == "Total"].set_index(by)["VALUE"]
    joined = split.join(total, how="inner")
    several = joined[joined["size"] >= 2]
    found["cts.sex-exceeds-total"] = int((several["sum"] > several["VALUE"] + 1e-6).sum())
    found["cts.sex-below-total"] = int((several["sum"] < several["VALUE"] - 1e-6).sum())
    series = [k for k in KEY if k != "Year"]
    before = counts[[*series, "Year", "VALUE"]].assign(Year=counts["Year"] + 1)
    yoy = counts.merge(before, on=[*series, "Year"], suffixes=("", "_before"))
    change = (yoy["VALUE"] - yoy["VALUE_before"]).abs()
    found["cts.large-change"] = int(
        (
            (change >= 10)
            & ((yoy["VALUE_before"] == 0) | (change > yoy["VALUE_before"].abs() * 0.5))
        ).sum()
    )
    rates = cells[cells["Unit of measurement"] == "Rate per 100,000 population"]
    both = rates.merge(
        counts,
        on=["Iso3_code", "Indicator", "Dimension", "Category", "Sex", "Age", "Year"],
        suffixes=("", "_count"),
    )
    usable = both[(both["VALUE"] > 0) & (both["VALUE_count"] > 0)].copy()
    usable["implied"] = usable["VALUE_count"] / usable["VALUE"] * 100_000
    group = ["Iso3_code", "Year", "Sex", "Age"]
    pop = usable.groupby(group)["implied"].agg(["median", "size"]).reset_index()
    checked = both.merge(pop[pop["size"] >= 3], on=group)
    expected = checked["VALUE_count"] / checked["median"] * 100_000
    found["cts.rate-count-mismatch"] = int(
        ((checked["VALUE"] - expected).abs() > expected.abs() * 0.02).sum()
    )
    return +found


def timed(fn, path: Path, repeat: int) -> tuple[float, Counter[str]]:  # type: ignore[no-untyped-def]
    best = float("inf")
    result: Counter[str] = Counter()
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(path)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = synthesise(args.rows, Path(tmp) / "dataunodc_scaled.csv")
        crimestats_validate(path)  # warm the package data caches once
        ours, our_counts = timed(crimestats_validate, path, args.repeat)
        theirs, their_counts = timed(pandas_validate, path, args.repeat)
    print(f"rows validated:              {args.rows:,}")
    print(f"crimestats read + validate:  {ours:.3f} s (best of {args.repeat})")
    print(f"pandas baseline, same rules: {theirs:.3f} s (best of {args.repeat})")
    print(f"ratio pandas / crimestats:   {theirs / ours:.2f}x")
    print("findings by rule (crimestats | pandas):")
    for code in sorted(set(our_counts) | set(their_counts)):
        mark = (
            ""
            if code not in their_counts or our_counts[code] == their_counts[code]
            else "  <- differs"
        )
        print(
            f"  {code:40s} {our_counts.get(code, 0):6d} | {their_counts.get(code, '-')!s:>6}{mark}"
        )


if __name__ == "__main__":
    main()
