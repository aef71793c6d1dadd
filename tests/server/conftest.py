"""Fixtures for the server tests: an in-process client on the published demo, and the release's
observations read straight from its Parquet file (the independent side of every comparison)."""

from __future__ import annotations

import json
import shutil
import stat
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from crimestats.server import create_app

with warnings.catch_warnings():
    # Starlette asks for the httpx2 package; its test client works the same with httpx.
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

#: The embargo of the copied release in ``embargoed_project``.
EMBARGO = datetime(2030, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def client(published_demo) -> Iterator[TestClient]:
    """The app on the demo project (real clock), errors answered as the server answers them."""
    with TestClient(create_app(published_demo.root), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def release_dir(published_demo) -> Path:
    return Path(published_demo.release.path)


@pytest.fixture(scope="session")
def parquet(release_dir: Path) -> pd.DataFrame:
    """The release's observations as written by ``crimestats publish``."""
    return pd.read_parquet(release_dir / "observations.parquet")


@pytest.fixture(scope="session")
def embargoed_project(published_demo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo's releases with a second release, ``2026``, embargoed until ``EMBARGO``
    (the 2025 folder copied under a new name, its manifest given the name, a later creation time
    and the embargo, as ``crimestats publish --embargo`` writes them)."""
    root = tmp_path_factory.mktemp("embargo")
    source = Path(published_demo.release.path)
    shutil.copytree(source, root / "releases" / "2025")
    target = root / "releases" / "2026"
    shutil.copytree(source, target)
    manifest_path = target / "release.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    created = datetime.fromisoformat(manifest["created"])
    manifest.update(
        name="2026",
        created=created.replace(year=created.year + 1).isoformat(),
        embargo=EMBARGO.isoformat(),
        previous="2025",
    )
    manifest_path.chmod(manifest_path.stat().st_mode | stat.S_IWUSR)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    return root
