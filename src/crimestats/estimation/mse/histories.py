"""From record-level victim lists to a capture-history table, with a report of the linkage.

Each record says which list (agency register) it is on and carries a linkage key that identifies
the person across lists. People are de-duplicated within a list (the same key twice on one list is
one person) and linked across lists (the same key on two lists is one person seen twice). Records
with no key cannot be linked; counting them would put people seen on two lists into two
single-list histories and inflate the estimate, so they are left out and reported.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from crimestats.errors import InputError
from crimestats.model import Finding, Location, Severity
from crimestats.model.capture import CaptureTable

__all__ = ["LINKAGE_FINDINGS", "LinkageReport", "build_capture_table", "normalize_key"]

LINKAGE_FINDINGS = {
    "MSE101": "records without a linkage key were left out (they cannot be linked across lists)",
    "MSE102": "the same person appears more than once on a list; counted once",
    "MSE103": "a list has no linkable record",
}


def normalize_key(key: str) -> str:
    """Trim and case-fold, and collapse inner whitespace: ``' AB 12 '`` and ``'ab  12'`` match."""
    return " ".join(key.split()).casefold()


@dataclass(frozen=True, slots=True)
class LinkageReport:
    """What linking the lists did, list by list and overall."""

    lists: tuple[str, ...]
    records: dict[str, int]
    without_key: dict[str, int]
    duplicates_within: dict[str, int]
    people_per_list: dict[str, int]
    people: int
    on_several_lists: int
    overlaps: dict[str, int]
    findings: tuple[Finding, ...] = field(default=())

    def rows(self) -> list[dict[str, object]]:
        """One row per list, for a table."""
        return [
            {
                "list": name,
                "records": self.records[name],
                "without_key": self.without_key[name],
                "duplicates_within": self.duplicates_within[name],
                "people": self.people_per_list[name],
            }
            for name in self.lists
        ]


def build_capture_table(
    records: Iterable[tuple[str, str | None]],
    *,
    lists: Sequence[str] | None = None,
    normalize: Callable[[str], str] = normalize_key,
    source: str = "",
) -> tuple[CaptureTable, LinkageReport]:
    """Capture histories from ``(list name, linkage key)`` pairs, one per record.

    ``lists`` fixes the lists and their order (a record on another list is an error); by default
    the lists are those seen, in order of first appearance.
    """
    order: list[str] = list(lists) if lists is not None else []
    known = set(order)
    records_per: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    dupes: Counter[str] = Counter()
    members: dict[str, set[str]] = {name: set() for name in order}
    for name, key in records:
        if name not in known:
            if lists is not None:
                raise InputError(
                    f"{source or 'records'}: list {name!r} is not one of {', '.join(order)}"
                )
            order.append(name)
            known.add(name)
            members[name] = set()
        records_per[name] += 1
        text = normalize(key) if key is not None else ""
        if not text:
            missing[name] += 1
            continue
        if text in members[name]:
            dupes[name] += 1
        else:
            members[name].add(text)
    if len(order) < 2:
        raise InputError(
            f"{source or 'records'}: multiple systems estimation needs at least two lists; "
            f"found {len(order)}"
        )
    people = set().union(*members.values())
    histories = Counter(tuple(int(p in members[n]) for n in order) for p in people)
    table = CaptureTable.from_mapping(order, histories, source)
    findings = []
    where = Location(source)
    if sum(missing.values()):
        findings.append(
            Finding(
                "MSE101",
                Severity.WARNING,
                LINKAGE_FINDINGS["MSE101"],
                where,
                sum(missing.values()),
                tuple({"list": n, "records": c} for n, c in missing.items() if c),
            )
        )
    if sum(dupes.values()):
        findings.append(
            Finding(
                "MSE102",
                Severity.INFO,
                LINKAGE_FINDINGS["MSE102"],
                where,
                sum(dupes.values()),
                tuple({"list": n, "records": c} for n, c in dupes.items() if c),
            )
        )
    for name in order:
        if not members[name]:
            findings.append(
                Finding("MSE103", Severity.WARNING, f"list {name!r} has no linkable record", where)
            )
    report = LinkageReport(
        lists=tuple(order),
        records={n: records_per[n] for n in order},
        without_key={n: missing[n] for n in order},
        duplicates_within={n: dupes[n] for n in order},
        people_per_list={n: len(members[n]) for n in order},
        people=len(people),
        on_several_lists=sum(c for h, c in histories.items() if sum(h) > 1),
        overlaps={
            f"{a}:{b}": len(members[a] & members[b]) for a, b in itertools.combinations(order, 2)
        },
        findings=tuple(findings),
    )
    return table, report
