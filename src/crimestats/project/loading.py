"""Load a project directory: settings, source descriptions, population files, output folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crimestats.engine import Backend, connect
from crimestats.errors import InputError
from crimestats.model.checks import CountBoundsRule
from crimestats.model.sources import SourceSpec
from crimestats.settings import SETTINGS_FILE, Settings, load_settings
from crimestats.sources.spec import load_local_rules, load_source_specs

__all__ = ["Project", "connect_project", "load_project"]


@dataclass(frozen=True)
class Project:
    """A loaded project directory (see DESIGN.md: crimestats.toml, sources/, mappings/, population/)."""

    root: Path
    settings: Settings
    sources: tuple[SourceSpec, ...]
    population_files: tuple[Path, ...]
    local_rules: tuple[CountBoundsRule, ...] = ()

    @property
    def output_dir(self) -> Path:
        """Where ``build`` writes result tables and the quality report."""
        return self.root / "output"


def load_project(root: Path | str = ".") -> Project:
    """Read a project's settings and source descriptions; errors name the file at fault."""
    path = Path(root).resolve()
    if not (path / SETTINGS_FILE).exists():
        raise InputError(
            f"{path} is not a crimestats project (no {SETTINGS_FILE}); create one with "
            f"'crimestats init {root}' or try 'crimestats demo'"
        )
    settings = load_settings(path)
    sources = load_source_specs(path / "sources")
    population = tuple(sorted((path / "population").glob("*.csv")))
    rules = load_local_rules(path / "checks")
    return Project(path, settings, tuple(sources), population, tuple(rules))


def connect_project(project: Project) -> Backend:
    """The engine named in the project's settings; a relative database path is under the project."""
    engine = project.settings.engine
    if engine.database != ":memory:" and not Path(engine.database).is_absolute():
        engine = engine.model_copy(update={"database": str(project.root / engine.database)})
    return connect(engine)
