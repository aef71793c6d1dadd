"""Fixtures shared across test folders: a small demo country, built and published once per session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from crimestats.model import Finding
from crimestats.project import build_project, connect_project, load_project
from crimestats.project.demo import DemoData, make_demo
from crimestats.project.publish import publish_project
from crimestats.publish.release import ReleaseInfo

TODAY = date(2026, 11, 23)


@dataclass(frozen=True)
class PublishedDemo:
    """A demo project (6,000 police records, seed 7) with one release named ``2025``."""

    root: Path
    data: DemoData
    release: ReleaseInfo
    findings: list[Finding]


@pytest.fixture(scope="session")
def published_demo(tmp_path_factory: pytest.TempPathFactory) -> PublishedDemo:
    """Built and published once per session; tests must not write into it (copy it first)."""
    root = tmp_path_factory.mktemp("published-demo")
    data, _ = make_demo(root, records=6000, seed=7)
    project = load_project(root)
    build_project(project, connect_project(project), today=TODAY)
    release, findings = publish_project(project, "2025")
    return PublishedDemo(root, data, release, findings)
