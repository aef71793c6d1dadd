"""The releases a server can answer from: which are public now (embargo passed), and each one's
observations, encodings, SDMX structures and small files held in memory once loaded.

A release folder is immutable and appears whole (it is renamed into ``releases/`` when complete), so
the list is read again only when the folder's modification time changes, and whatever is loaded for
a release is kept for the life of the process. An embargoed release is treated exactly like one that
does not exist: 404, same message, not listed, not ``latest``.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fastapi import HTTPException
from pysdmx.io import read_sdmx
from pysdmx.model import DataStructureDefinition, Schema

from crimestats.publish import api
from crimestats.publish.release import ReleaseInfo, list_releases
from crimestats.publish.sdmx import observations_frame
from crimestats.server.encoding import EncodedRows, encode_rows

__all__ = ["MEDIA_TYPES", "CachedFile", "ReleaseStore", "ServedRelease"]

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".zip": "application/zip",
    ".parquet": "application/vnd.apache.parquet",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".csv", ".xml", ".svg"})
#: The releases folder is looked at again at most this often (a new release shows within it).
_RECHECK_SECONDS = 1.0
#: Files up to this size are kept in memory after their first request.
_CACHE_FILE_BYTES = 8 << 20


@dataclass(frozen=True)
class CachedFile:
    """A release file held in memory, with its media type and entity tag."""

    body: bytes
    media_type: str
    etag: str
    gzip: bytes | None = None


@dataclass
class ServedRelease:
    """A public release as the server uses it; heavy parts are built on first use and kept."""

    info: ReleaseInfo
    files: dict[str, CachedFile | None] = field(default_factory=dict)
    tables: dict[str, bytes] = field(default_factory=dict)
    structures: dict[tuple[str, ...], bytes] = field(default_factory=dict)

    @cached_property
    def data(self) -> api.ReleaseData:
        """Observations with their position index."""
        return api.load_release_data(self.info)

    @cached_property
    def rows(self) -> EncodedRows:
        """Each observation as JSON and CSV."""
        return encode_rows(self.data.frame)

    @cached_property
    def years(self) -> np.ndarray:
        """The year of each observation (for SDMX period bounds)."""
        return self.data.frame["year"].to_numpy()

    @cached_property
    def footnotes(self) -> dict[str, dict[str, str]]:
        """Footnote id → texts in English and Spanish."""
        return api.footnotes(self.info)

    @cached_property
    def footnotes_json(self) -> bytes:
        """The footnotes as compact JSON."""
        return json.dumps(self.footnotes, ensure_ascii=False, separators=(",", ":")).encode()

    @cached_property
    def indicators(self) -> list[dict[str, Any]]:
        """SDG indicator values."""
        return api.indicators(self.info)

    @property
    def agency(self) -> str:
        """The SDMX agency of the release's structures."""
        settings = self.info.manifest.get("build", {}).get("settings", {})
        return str(settings.get("publish", {}).get("sdmx_agency", "CRIMESTATS"))

    @cached_property
    def flows(self) -> dict[str, str]:
        """SDMX dataflow id → table id."""
        return {d["flow"]: d["id"] for d in self.info.manifest.get("datasets", [])}

    def sdmx_frame(self, positions: np.ndarray | None = None) -> pd.DataFrame:
        """Observations (all, or those at ``positions``) in SDMX columns, footnote ids turned into
        English texts."""
        texts = {k: v["en"] for k, v in self.footnotes.items()}
        # as the release's SDMX files say it (publish.release)
        source = f"{self.info.manifest.get('title') or ''}; crimestats release {self.info.name}"
        rows = self.data.frame if positions is None else self.data.rows(positions)
        return observations_frame(rows, texts, source)

    @cached_property
    def sdmx_rows(self) -> EncodedRows:
        """Each observation as an SDMX-CSV 2.0 line."""
        frame = self.sdmx_frame()
        frame.insert(0, "STRUCTURE", "datastructure")
        frame.insert(1, "STRUCTURE_ID", f"{self.agency}:CRIME(1.0)")
        frame.insert(2, "ACTION", "I")
        return encode_rows(frame, with_json=False)

    @cached_property
    def structure_message(self) -> list[Any]:
        """The artefacts of the release's SDMX structure file."""
        return list(read_sdmx(str(self.info.path / "sdmx" / "structure.xml")).structures or [])

    @cached_property
    def schema(self) -> Schema:
        """The crimestats DSD as the schema SDMX-ML data are written against."""
        dsd = next(s for s in self.structure_message if isinstance(s, DataStructureDefinition))
        return dsd.to_schema()

    def table_json(self, table: str) -> bytes:
        """A table's description with the codes each filter takes in it, as JSON."""
        if table not in self.tables:
            rows = self.data.rows(self.data.select(table))
            codes = {f: sorted(map(str, rows[f].unique())) for f in api.FILTERS}
            described = {**self.data.tables[table], "codes": codes}
            text = json.dumps(described, ensure_ascii=False, separators=(",", ":"))
            self.tables[table] = text.encode()
        return self.tables[table]

    def load(self) -> None:
        """Build everything queries use now, then leave it out of garbage collection: it lives as
        long as the process, and scanning it again and again would stall requests."""
        for part in ("data", "rows", "sdmx_rows", "footnotes_json", "years"):
            getattr(self, part)
        gc.collect()
        gc.freeze()

    def file(self, relative: str) -> CachedFile | Path:
        """A file of the release (in memory if small), or 404; paths may not leave the folder."""
        if relative in self.files:
            cached = self.files[relative]
            if cached is not None:
                return cached
        root = self.info.path.resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise HTTPException(404, f"no file {relative!r} in release {self.info.name}")
        media = MEDIA_TYPES.get(target.suffix.lower(), "application/octet-stream")
        if target.stat().st_size > _CACHE_FILE_BYTES:
            self.files[relative] = None
            return target
        body = target.read_bytes()
        digest = hashlib.blake2b(body, digest_size=12).hexdigest()
        packed = None
        if target.suffix.lower() in _COMPRESSIBLE and len(body) > 1024:
            packed = gzip.compress(body, compresslevel=6, mtime=0)
            packed = packed if len(packed) < 0.9 * len(body) else None
        cached = CachedFile(body, media, f'"{digest}"', packed)
        self.files[relative] = cached
        return cached


class ReleaseStore:
    """The releases under ``releases_dir`` as of ``clock()``; see the module docstring."""

    def __init__(self, releases_dir: Path, clock: Callable[[], datetime]) -> None:
        self.releases_dir = releases_dir
        self.clock = clock
        self._listed: tuple[int, list[ReleaseInfo]] | None = None
        self._checked = 0.0
        self._served: dict[tuple[Path, datetime], ServedRelease] = {}

    def _all(self) -> list[ReleaseInfo]:
        now = time.monotonic()
        if self._listed is not None and now - self._checked < _RECHECK_SECONDS:
            return self._listed[1]
        self._checked = now
        try:
            stamp = self.releases_dir.stat().st_mtime_ns
        except OSError:
            return []
        if self._listed is None or self._listed[0] != stamp:
            self._listed = (stamp, list_releases(self.releases_dir))
        return self._listed[1]

    def public(self) -> list[ReleaseInfo]:
        """Releases whose embargo has passed, oldest first."""
        now = self.clock()
        return [r for r in self._all() if r.public(now)]

    def find(self, name: str) -> ServedRelease:
        """The public release called ``name`` (``latest``: the newest), or 404."""
        found = self.public()
        chosen = None
        if name == "latest" and found:
            chosen = found[-1]
        for release in found:
            if release.name == name:
                chosen = release
        if chosen is None:
            raise HTTPException(404, f"no release {name!r} (embargoed releases are not served)")
        key = (chosen.path, chosen.created)
        served = self._served.get(key)
        if served is None:
            served = ServedRelease(chosen)
            served.load()
            self._served[key] = served
        return served
