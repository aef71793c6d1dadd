"""The legal-synonym lexicon shipped with crimestats: national legal words mapped to ICCS wording.

``data/iccs/suggest/synonyms_<lang>.csv`` has two columns, ``term`` and ``expansion``: when the folded
``term`` occurs in an offence text, the words of ``expansion`` are added to the query (see the README there).
``terms_<lang>.csv`` maps legal vocabulary to ICCS codes. Either may be extended by files named
``synonyms_<lang>_<part>.csv`` and ``terms_<lang>_<part>.csv`` (one per legal family), read in name order.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType

from crimestats.classification.text import fold
from crimestats.errors import ConfigError

__all__ = ["legal_terms", "synonyms"]


def _rows(kind: str, lang: str, second: str) -> Iterator[tuple[str, str]]:
    """(first, second) column pairs of ``<kind>_<lang>.csv`` and its ``<kind>_<lang>_*.csv`` parts."""
    folder = resources.files("crimestats").joinpath("data", "iccs", "suggest")
    files: list[Traversable] = sorted(
        (
            f
            for f in folder.iterdir()
            if f.name == f"{kind}_{lang}.csv"
            or (f.name.startswith(f"{kind}_{lang}_") and f.name.endswith(".csv"))
        ),
        key=lambda f: (f.name != f"{kind}_{lang}.csv", f.name),
    )
    for path in files:
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
        for line, row in enumerate(reader, start=2):
            first, value = (row.get("term") or "").strip(), (row.get(second) or "").strip()
            if not first or not value:
                raise ConfigError(f"{path.name}: line {line} needs both a term and {second!r}")
            yield first, value


@functools.cache
def synonyms(lang: str) -> MappingProxyType[str, str]:
    """Folded term → ICCS words to add, for one language (empty for a language without a lexicon)."""
    out: dict[str, str] = {}
    for raw, expansion in _rows("synonyms", lang, "expansion"):
        term = fold(raw).strip()
        out[term] = f"{out[term]} {expansion}" if term in out else expansion
    return MappingProxyType(out)


@functools.cache
def legal_terms(lang: str) -> tuple[tuple[str, str], ...]:
    """(term, ICCS code) pairs of national legal vocabulary in one language (``terms_<lang>*.csv``)."""
    return tuple(_rows("terms", lang, "iccs_code"))
