"""A hierarchical classification (ICCS and its future versions) as frozen, navigable data.

Codes are strings with their leading zeros (``"0101"``, never ``101``). A level-1 code has 2 digits, level 2
has 4, level 3 has 5 and level 4 has 6 in ICCS; the model itself only relies on ``parent`` links.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from crimestats.errors import UnknownCodeError

__all__ = [
    "Category",
    "CategoryText",
    "Classification",
    "IndexEntry",
    "Tag",
    "TagCategory",
]


@dataclass(frozen=True, slots=True)
class CategoryText:
    """The words of a category in one language."""

    label: str
    description: str = ""
    inclusions: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Category:
    """One category: its code, place in the tree, and its text by language code (``en``, ``es``)."""

    code: str
    level: int
    parent: str | None
    texts: Mapping[str, CategoryText]
    notes: tuple[str, ...] = ()
    footnotes: tuple[int, ...] = ()

    def text(self, lang: str = "en") -> CategoryText:
        """Text in ``lang``, falling back to English where a translation is missing."""
        return self.texts.get(lang) or self.texts["en"]

    def label(self, lang: str = "en") -> str:
        """The category's label in ``lang``."""
        return self.text(lang).label


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A term of the alphabetical index pointing to a code (``in_structure`` False: a code the
    final structure does not have, kept as published)."""

    term: str
    code: str
    lang: str
    in_structure: bool = True


@dataclass(frozen=True, slots=True)
class TagCategory:
    """One value of a disaggregating variable, e.g. ``1`` = ``Attempted``."""

    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Tag:
    """A disaggregating variable ("tag") such as ``At`` (attempted/completed) or ``SV`` (victim sex)."""

    code: str
    name: str
    group: str
    categories: tuple[TagCategory, ...]
    note: str = ""


@dataclass(frozen=True, eq=False)  # identity: hashable, usable as a cache key
class Classification:
    """A versioned classification: categories, index terms, tags and footnote definitions.

    ``aliases`` maps codes printed in error in the source to the right code (ICCS 1.0 prints ``01042``
    for ``01049`` and ``0908`` for ``0909`` in its detailed table).
    """

    name: str
    version: str
    categories: tuple[Category, ...]
    index: tuple[IndexEntry, ...] = ()
    tags: tuple[Tag, ...] = ()
    footnotes: Mapping[int, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    _by_code: Mapping[str, Category] = field(init=False, repr=False, compare=False)
    _children: Mapping[str | None, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {c.code: c for c in self.categories}
        children: dict[str | None, list[str]] = {}
        for c in self.categories:
            children.setdefault(c.parent, []).append(c.code)
        object.__setattr__(self, "_by_code", MappingProxyType(by_code))
        object.__setattr__(
            self, "_children", MappingProxyType({k: tuple(v) for k, v in children.items()})
        )

    @property
    def title(self) -> str:
        """Name and version, e.g. ``ICCS 1.0``."""
        return f"{self.name} {self.version}"

    def __len__(self) -> int:
        return len(self.categories)

    def __iter__(self) -> Iterator[Category]:
        return iter(self.categories)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def is_valid(self, code: str) -> bool:
        """True if ``code`` is a category of this classification (aliases are not valid codes)."""
        return code in self._by_code

    def get(self, code: str) -> Category:
        """The category with this code; :class:`UnknownCodeError` with close matches if none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownCodeError(code, self.title, self.suggest_codes(code)) from None

    def suggest_codes(self, code: str, n: int = 3) -> tuple[str, ...]:
        """Codes close to a wrong one: a known misprint first, then the zero-padded form, then
        similar strings."""
        code = code.strip()
        found: list[str] = []
        if code in self.aliases:
            found.append(self.aliases[code])
        if code.isdigit():
            for width in (2, 4, 5, 6):
                padded = code.zfill(width)
                if padded != code and padded in self._by_code and padded not in found:
                    found.append(padded)
        for match in difflib.get_close_matches(code, self._by_code.keys(), n=n, cutoff=0.6):
            if match not in found:
                found.append(match)
        return tuple(found[:n])

    def level(self, level: int) -> tuple[Category, ...]:
        """All categories of one level (1 = sections)."""
        return tuple(c for c in self.categories if c.level == level)

    def roots(self) -> tuple[Category, ...]:
        """Top-level categories."""
        return tuple(self._by_code[c] for c in self._children.get(None, ()))

    def children(self, code: str) -> tuple[Category, ...]:
        """Direct subcategories of ``code``."""
        self.get(code)
        return tuple(self._by_code[c] for c in self._children.get(code, ()))

    def parent(self, code: str) -> Category | None:
        """The category one level up, or None for a section."""
        parent = self.get(code).parent
        return self._by_code[parent] if parent else None

    def ancestors(self, code: str) -> tuple[Category, ...]:
        """Categories above ``code``, from the section down to its parent."""
        chain: list[Category] = []
        current = self.get(code).parent
        while current:
            category = self._by_code[current]
            chain.append(category)
            current = category.parent
        return tuple(reversed(chain))

    def path(self, code: str) -> tuple[Category, ...]:
        """The ancestors of ``code`` and the category itself."""
        return (*self.ancestors(code), self.get(code))

    def descendants(self, code: str) -> tuple[Category, ...]:
        """All categories below ``code``, depth first in code order."""
        out: list[Category] = []
        stack = list(reversed(self._children.get(self.get(code).code, ())))
        while stack:
            category = self._by_code[stack.pop()]
            out.append(category)
            stack.extend(reversed(self._children.get(category.code, ())))
        return tuple(out)

    def ancestor_at(self, code: str, level: int) -> Category | None:
        """The category at ``level`` on the path of ``code`` (itself if at that level), or None if
        ``code`` sits above that level."""
        for category in self.path(code):
            if category.level == level:
                return category
        return None

    def is_leaf(self, code: str) -> bool:
        """True if ``code`` has no subcategories."""
        return not self._children.get(self.get(code).code)

    def tag(self, code: str, group: str | None = None) -> Tag:
        """A disaggregating variable by its code (``At``); ``group`` (``victim``, ``perpetrator``...)
        picks one where the code is shared, as ``Cit`` is."""
        for tag in self.tags:
            if tag.code == code and (group is None or tag.group == group):
                return tag
        known = sorted({t.code for t in self.tags})
        raise UnknownCodeError(code, f"{self.title} tag", difflib.get_close_matches(code, known))
