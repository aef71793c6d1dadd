"""``crimestats serve`` run bare beside a demo serves the demo project; elsewhere, the given folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from crimestats.cli.publish import _project_or_demo


def test_bare_serve_beside_a_demo_finds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crimestats-demo").mkdir()
    (tmp_path / "crimestats-demo" / "crimestats.toml").write_text("", "utf-8")
    assert _project_or_demo(Path(".")) == Path("crimestats-demo")


def test_a_project_in_the_current_folder_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crimestats.toml").write_text("", "utf-8")
    (tmp_path / "crimestats-demo").mkdir()
    (tmp_path / "crimestats-demo" / "crimestats.toml").write_text("", "utf-8")
    assert _project_or_demo(Path(".")) == Path(".")
    assert _project_or_demo(Path("elsewhere")) == Path("elsewhere")
