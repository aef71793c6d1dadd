"""Fixtures for release tests: writable copies of the session's demo project and release inputs cut to
a few tables, so a test can publish in seconds instead of the minute a whole release takes."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from crimestats.project import load_project
from crimestats.project.publish import release_inputs as project_release_inputs
from crimestats.publish.datasets import DATASETS
from crimestats.publish.release import ReleaseInputs

InputsFactory = Callable[[Path, str, Sequence[str]], ReleaseInputs]


def copy_project(source: Path, target: Path, *, releases: bool = False) -> Path:
    """A writable copy of a project folder, with or without its releases."""
    ignore = None if releases else shutil.ignore_patterns("releases")
    shutil.copytree(source, target, ignore=ignore)
    return target


@pytest.fixture
def demo_copy(published_demo: Any, tmp_path: Path) -> Path:
    """The demo project (built, no releases) copied where a test may write."""
    return copy_project(published_demo.root, tmp_path / "demo")


@pytest.fixture
def demo_copy_with_release(published_demo: Any, tmp_path: Path) -> Path:
    """The demo project with its release ``2025``, copied where a test may write."""
    return copy_project(published_demo.root, tmp_path / "demo", releases=True)


@pytest.fixture(scope="session")
def release_inputs() -> InputsFactory:
    """Release inputs of a built project for only the named tables."""

    def make(root: Path, name: str, tables: Sequence[str]) -> ReleaseInputs:
        inputs = project_release_inputs(load_project(root), name)
        return dataclasses.replace(inputs, specs=tuple(DATASETS[t] for t in tables))

    return make


@pytest.fixture(scope="module")
def small_inputs(
    published_demo: Any, tmp_path_factory: pytest.TempPathFactory, release_inputs: InputsFactory
) -> ReleaseInputs:
    """The demo's inputs for one small table (police offences, completed and attempted)."""
    root = copy_project(published_demo.root, tmp_path_factory.mktemp("small") / "demo")
    return release_inputs(root, "small", ["police_offences"])
