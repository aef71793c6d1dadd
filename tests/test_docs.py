"""Every public setting and command is documented."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from crimestats.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_setting_is_in_the_settings_page() -> None:
    page = (DOCS / "settings.md").read_text(encoding="utf-8")
    for section, field in Settings.model_fields.items():
        assert f"## `[{section}]`" in page, section
        model = field.annotation
        assert isinstance(model, type)
        assert issubclass(model, BaseModel)
        for key in model.model_fields:
            assert f"| `{key}` |" in page, f"{section}.{key} is not documented in docs/settings.md"
