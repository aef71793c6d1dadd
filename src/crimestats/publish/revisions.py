"""Revisions between two releases: which published cells changed, by how much, appeared or went away."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crimestats.publish.datasets import KEY_COLUMNS

__all__ = ["REVISION_COLUMNS", "revisions"]

_KEY = ["dataset", *KEY_COLUMNS, "measure"]
REVISION_COLUMNS: tuple[str, ...] = (*_KEY, "previous", "current", "change", "kind")


def revisions(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Cells whose published value or flag differs (``changed``), new cells (``added``) and cells no
    longer published (``removed``); a hidden value counts as empty."""
    old = previous[[*_KEY, "value", "flag"]].rename(columns={"value": "previous", "flag": "f0"})
    new = current[[*_KEY, "value", "flag"]].rename(columns={"value": "current", "flag": "f1"})
    both = old.merge(new, on=_KEY, how="outer", indicator=True)
    kind = np.select(
        [both["_merge"] == "left_only", both["_merge"] == "right_only"],
        ["removed", "added"],
        default="changed",
    )
    both["kind"] = kind
    same_value = (both["previous"] == both["current"]) | (
        both["previous"].isna() & both["current"].isna()
    )
    same = same_value & (both["f0"] == both["f1"])
    out = both[(both["kind"] != "changed") | ~same].copy()
    out["change"] = out["current"] - out["previous"]
    return out[list(REVISION_COLUMNS)].reset_index(drop=True)
