"""Load source descriptions (``sources/*.yaml``) of a project, with errors that name the file and key."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from crimestats.errors import ConfigError
from crimestats.model.checks import CountBoundsRule
from crimestats.model.sources import SourceSpec

__all__ = ["load_local_rules", "load_source_spec", "load_source_specs"]


def _yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the YAML as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None


def _invalid(path: Path, what: str, exc: ValidationError) -> ConfigError:
    lines = [f"{path}: invalid {what}"]
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(file)"
        lines.append(f"  {where}: {err['msg'].removeprefix('Value error, ')}")
    return ConfigError("\n".join(lines))


def load_local_rules(folder: Path) -> list[CountBoundsRule]:
    """Every rule of a project's ``checks/*.yaml`` files (each a list of rules); files whose name
    starts with an underscore (examples) are skipped."""
    rules = []
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    for path in (f for f in files if not f.name.startswith("_")):
        data = _yaml(path)
        if data is None:
            continue
        if not isinstance(data, list):
            raise ConfigError(f"{path}: expected a list of rules, each with code, description, ...")
        for i, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                raise ConfigError(f"{path}: rule {i} is not a mapping of settings")
            try:
                rules.append(CountBoundsRule(**item))
            except ValidationError as exc:
                raise _invalid(path, f"rule {i}", exc) from None
    return rules


def load_source_spec(path: Path) -> SourceSpec:
    """One source YAML as a validated :class:`SourceSpec` (its ``name`` defaults to the file stem)."""
    data = _yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings such as 'path:' and 'stage:'")
    data.setdefault("name", path.stem)
    try:
        return SourceSpec(**data)
    except ValidationError as exc:
        raise _invalid(path, "source description", exc) from None


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
