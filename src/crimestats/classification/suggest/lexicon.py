"""The legal-synonym lexicon shipped with crimestats: national legal words mapped to ICCS wording.

``data/iccs/suggest/synonyms_<lang>.csv`` has two columns, ``term`` and ``expansion``: when the folded
``term`` occurs in an offence text, the words of ``expansion`` are added to the query (see the README there).
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from types import MappingProxyType

from crimestats.classification.text import fold
from crimestats.errors import ConfigError

__all__ = ["legal_terms", "synonyms"]


@functools.cache
def synonyms(lang: str) -> MappingProxyType[str, str]:
    """Folded term → ICCS words to add, for one language (empty for a language without a lexicon)."""
    path = resources.files("crimestats").joinpath("data", "iccs", "suggest", f"synonyms_{lang}.csv")
    if not path.is_file():
        return MappingProxyType({})
    out: dict[str, str] = {}
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    for line, row in enumerate(reader, start=2):
        term, expansion = fold(row.get("term") or "").strip(), (row.get("expansion") or "").strip()
        if not term or not expansion:
            raise ConfigError(f"{path}: line {line} needs both a term and an expansion")
        out[term] = f"{out[term]} {expansion}" if term in out else expansion
    return MappingProxyType(out)


@functools.cache
def legal_terms(lang: str) -> tuple[tuple[str, str], ...]:
    """(term, ICCS code) pairs of national legal vocabulary in one language (``terms_<lang>.csv``)."""
    path = resources.files("crimestats").joinpath("data", "iccs", "suggest", f"terms_{lang}.csv")
    if not path.is_file():
        return ()
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    out = []
    for line, row in enumerate(reader, start=2):
        term, code = (row.get("term") or "").strip(), (row.get("iccs_code") or "").strip()
        if not term or not code:
            raise ConfigError(f"{path}: line {line} needs both a term and an ICCS code")
        out.append((term, code))
    return tuple(out)
