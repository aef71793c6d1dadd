"""Settings: defaults, the crimestats.toml file, CRIMESTATS_* variables, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from crimestats.errors import ConfigError
from crimestats.settings import load_settings


def test_defaults() -> None:
    settings = load_settings()
    assert settings.engine.backend == "duckdb"
    assert settings.engine.database == ":memory:"
    assert settings.classification.iccs_version == "1.0"


def test_file_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "crimestats.toml").write_text(
        '[project]\ncountry = "CHL"\n[engine]\ndatabase = "build/x.duckdb"\nthreads = 2\n'
    )
    settings = load_settings(tmp_path)
    assert settings.project.country == "CHL"
    assert settings.engine.threads == 2
    monkeypatch.setenv("CRIMESTATS_ENGINE__THREADS", "1")
    assert load_settings(tmp_path).engine.threads == 1
    assert load_settings(tmp_path).engine.database == "build/x.duckdb"


def test_settings_are_frozen() -> None:
    settings = load_settings()
    with pytest.raises(Exception, match="frozen"):
        settings.engine = settings.engine  # type: ignore[misc]


def test_bad_values_name_the_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "crimestats.toml").write_text("[engine]\nthreads = 0\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert "crimestats.toml" in str(info.value)
    assert "engine.threads" in str(info.value)


def test_unknown_setting_and_bad_toml(tmp_path: Path) -> None:
    (tmp_path / "crimestats.toml").write_text("[engine]\nbackedn = 'duckdb'\n")
    with pytest.raises(ConfigError, match="backedn"):
        load_settings(tmp_path)
    (tmp_path / "crimestats.toml").write_text("[engine\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(tmp_path)
