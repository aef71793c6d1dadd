"""Load source descriptions (``sources/*.yaml``) of a project, with errors that name the file and key."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from crimestats.errors import ConfigError
from crimestats.model.sources import SourceSpec

__all__ = ["load_source_spec", "load_source_specs"]


def load_source_spec(path: Path) -> SourceSpec:
    """One source YAML as a validated :class:`SourceSpec` (its ``name`` defaults to the file stem)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: source file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the YAML as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings such as 'path:' and 'stage:'")
    data.setdefault("name", path.stem)
    try:
        return SourceSpec(**data)
    except ValidationError as exc:
        lines = [f"{path}: invalid source description"]
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(file)"
            lines.append(f"  {where}: {err['msg'].removeprefix('Value error, ')}")
        raise ConfigError("\n".join(lines)) from None


def load_source_specs(folder: Path) -> list[SourceSpec]:
    """Every ``*.yaml``/``*.yml`` in a project's ``sources/`` folder, sorted by file name; files whose
    name starts with an underscore (examples, drafts) are skipped."""
    files = sorted(
        f for f in [*folder.glob("*.yaml"), *folder.glob("*.yml")] if not f.name.startswith("_")
    )
    specs = [load_source_spec(f) for f in files]
    names = [s.name for s in specs]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(f"{folder}: source name(s) used twice: {', '.join(repeated)}")
    return specs
