"""Draft a correspondence table (national offence code → ICCS) from offence texts, for expert review.

Each national code gets its top suggestion as ``iccs_code`` in the format of
:mod:`crimestats.classification.correspondence` (so ``crimestats iccs validate-mapping`` reads it), plus the
score, the runner-up and a ``review`` flag on rows whose score is low: a reviewer starts with those.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crimestats.classification.iccs import iccs
from crimestats.classification.suggest.suggest import suggest
from crimestats.errors import InputError
from crimestats.model import Classification

__all__ = ["DRAFT_COLUMNS", "LOW_CONFIDENCE", "DraftRow", "draft_mapping"]

DRAFT_COLUMNS = (
    "national_code",
    "national_label",
    "iccs_code",
    "iccs_label",
    "weight",
    "attempt",
    "cyber",
    "note",
    "score",
    "runner_up_code",
    "runner_up_label",
    "runner_up_score",
    "review",
)
#: Rows whose top score (its share of the candidates' total) is below this are flagged for review.
LOW_CONFIDENCE = 0.5
_FALLBACK = (
    "1109"  # Other criminal acts not elsewhere classified: a placeholder for texts with no match
)
_NO_ATTEMPT_TAG = ("0101", "0102", "0103")  # ICCS applies no attempt tag to these (manual p. 20)


@dataclass(frozen=True, slots=True)
class DraftRow:
    """One national code with its suggested ICCS code, the runner-up and whether to review it."""

    national_code: str
    national_label: str
    iccs_code: str
    iccs_label: str
    score: float
    runner_up_code: str = ""
    runner_up_label: str = ""
    runner_up_score: float | None = None
    attempt: bool = False
    cyber: bool = False
    review: bool = False
    note: str = ""
    weight: float = 1.0

    def as_row(self) -> dict[str, Any]:
        """The row as written to the correspondence CSV (flags as y/n)."""
        row: dict[str, Any] = {c: getattr(self, c) for c in DRAFT_COLUMNS}
        row["attempt"] = "y" if self.attempt else "n"
        row["cyber"] = "y" if self.cyber else "n"
        row["review"] = "check" if self.review else ""
        row["weight"] = 1
        return row


def draft_mapping(
    codes: Sequence[str],
    texts: Sequence[str],
    lang: str = "auto",
    *,
    classification: Classification | None = None,
    threshold: float = LOW_CONFIDENCE,
) -> list[DraftRow]:
    """One draft row per distinct national code, in first-seen order; blank codes are left out.

    A code that appears with several texts is suggested from all of them together.
    """
    if len(codes) != len(texts):
        raise InputError(f"{len(codes)} national codes for {len(texts)} texts; give one per text")
    classification = classification or iccs()
    grouped: dict[str, list[str]] = {}
    for code, text in zip(codes, texts, strict=True):
        code, text = (code or "").strip(), (text or "").strip()
        if not code:
            continue
        seen = grouped.setdefault(code, [])
        if text and text not in seen:
            seen.append(text)
    labels = {code: " / ".join(found) for code, found in grouped.items()}
    suggestions = suggest(
        list(labels.values()), lang, top=2, ids=list(labels), classification=classification
    )
    by_code: dict[str, list[Any]] = {}
    for s in suggestions:
        by_code.setdefault(s.id, []).append(s)
    rows = []
    for code, label in labels.items():
        ranked = [s for s in by_code.get(code, []) if s.iccs_code]
        if not ranked:
            rows.append(
                DraftRow(
                    code,
                    label,
                    _FALLBACK,
                    classification.get(_FALLBACK).label("en"),
                    0.0,
                    review=True,
                    note="no ICCS text matches; code by hand",
                )
            )
            continue
        first = ranked[0]
        second = ranked[1] if len(ranked) > 1 else None
        homicide = first.iccs_code.startswith(_NO_ATTEMPT_TAG)
        notes = [f"suggested: {first.reason}"]
        if first.attempt and homicide:
            notes.append("attempt noted in the text")
        if len(grouped[code]) > 1:
            notes.append(f"{len(grouped[code])} different texts for this code")
        rows.append(
            DraftRow(
                national_code=code,
                national_label=label,
                iccs_code=first.iccs_code,
                iccs_label=first.iccs_label,
                score=first.score,
                runner_up_code=second.iccs_code if second else "",
                runner_up_label=second.iccs_label if second else "",
                runner_up_score=second.score if second else None,
                attempt=first.attempt and not homicide,
                cyber=first.cyber,
                review=first.score < threshold,
                note="; ".join(notes),
            )
        )
    return rows
