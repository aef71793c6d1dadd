"""Typed settings: defaults, then ``crimestats.toml``, then ``CRIMESTATS_*`` environment variables.

Every setting has a default and a help text (the ``description``); ``crimestats init`` writes them as
comments and the docs list them from here. Nested settings are addressed in the environment with a double
underscore: ``CRIMESTATS_ENGINE__BACKEND=pyspark``, ``CRIMESTATS_ENGINE__DATABASE=build/crime.duckdb``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from crimestats.errors import ConfigError

__all__ = [
    "ClassificationSettings",
    "CountingSettings",
    "EngineSettings",
    "ProjectSettings",
    "PublishSettings",
    "Settings",
    "load_settings",
]

SETTINGS_FILE = "crimestats.toml"


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProjectSettings(_Section):
    """Who the statistics are about."""

    name: str = Field("crimestats project", description="Name shown in reports and releases.")
    country: str = Field(
        "", description="ISO 3166-1 alpha-3 code of the reporting country, e.g. 'MEX'."
    )
    languages: tuple[str, ...] = Field(
        ("en",), description="Languages of labels in outputs, first is the default: en, es."
    )


class EngineSettings(_Section):
    """Where the tables are computed."""

    backend: str = Field(
        "duckdb", description="Ibis backend: 'duckdb' (embedded, default) or 'pyspark'."
    )
    database: str = Field(
        ":memory:",
        description="DuckDB database: ':memory:' or a file path (keeps tables between runs).",
    )
    threads: int | None = Field(
        None, ge=1, description="Worker threads for the engine; default: all cores."
    )
    memory_limit: str | None = Field(
        None, description="Engine memory cap such as '8GB'; beyond it DuckDB spills to disk."
    )
    temp_directory: str | None = Field(
        None, description="Where the engine spills when data exceed memory."
    )


class ClassificationSettings(_Section):
    """Which classification and language to use."""

    iccs_version: str = Field("1.0", description="ICCS version bundled with crimestats: '1.0'.")
    language: Literal["en", "es"] = Field("en", description="Language of ICCS labels: en or es.")


#: Default seriousness order for the principal offence rule, most serious first (ICCS leaves the order to
#: countries; this one follows the usual severity of penalties: lethal, sexual, violent property, harm...).
DEFAULT_SERIOUSNESS = (
    "0101",
    "0102",
    "01",
    "0301",
    "02",
    "04",
    "03",
    "06",
    "09",
    "05",
    "07",
    "08",
    "10",
    "11",
)


class CountingSettings(_Section):
    """The counting rules: what is counted once, and when."""

    reference_date: Literal["recorded_date", "occurred_date"] = Field(
        "recorded_date",
        description="Date that places a record in a period: when it was recorded or when the "
        "offence occurred. A source may override it.",
    )
    principal_offence: bool = Field(
        True,
        description="Also count incidents, each once under its most serious offence (principal "
        "offence rule), where sources give incident ids.",
    )
    seriousness: tuple[str, ...] = Field(
        DEFAULT_SERIOUSNESS,
        description="ICCS code prefixes from most to least serious; the first prefix a code starts "
        "with gives its rank. ICCS leaves this order to countries.",
    )
    duplicate_keys: tuple[str, ...] = Field(
        (),
        description="Canonical columns that identify one event (e.g. incident_id, offence_code); in "
        "offence and incident sources, rows sharing them are reported as possible duplicates (rows "
        "with the same record_id are always removed as duplicates).",
    )
    earliest_year: int = Field(
        1900, description="Reference dates before this year are impossible and quarantined."
    )


class PublishSettings(_Section):
    """Releases: disclosure control, which tables are published, and SDMX identifiers."""

    threshold: float = Field(
        3.0,
        ge=0,
        description="Counts above 0 and below this value are confidential (primary suppression).",
    )
    thresholds: dict[str, float] = Field(
        default_factory=dict,
        description="Per-table thresholds that replace 'threshold', e.g. {police_victims = 5}.",
    )
    protection: float = Field(
        3.0,
        ge=0,
        description="How far the interval an attacker can derive for a confidential cell must reach "
        "above its value (and below, down to 0): the protection level of secondary suppression.",
    )
    rounding: int = Field(
        0,
        ge=0,
        description="Round published counts to a multiple of this base (0 or 1: no rounding).",
    )
    area_levels: int = Field(
        2,
        ge=1,
        le=4,
        description="Deepest ICCS level published for regions; the nation gets all four levels.",
    )
    sdc_exact_size: int = Field(
        1_000,
        ge=0,
        description="Secondary suppression solves a linked component exactly (integer program) when "
        "its cells times (1 + its confidential cells) are at most this; larger ones use the "
        "cheapest-witness heuristic. 0: heuristic only. Either way every pattern is checked.",
    )
    sdmx_agency: str = Field(
        "CRIMESTATS",
        pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$",
        description="SDMX agency id that owns the release's data structure and dataflows.",
    )
    sdg_area: str = Field(
        "",
        description="REF_AREA code in the SDG codelist CL_AREA for SDG series; default: the M49 code "
        "of [project] country (896, 'areas not elsewhere specified', for codes without one).",
    )


class Settings(BaseSettings):
    """All crimestats settings, frozen once loaded."""

    model_config = SettingsConfigDict(
        env_prefix="CRIMESTATS_", env_nested_delimiter="__", frozen=True, extra="forbid"
    )

    project: ProjectSettings = Field(default_factory=ProjectSettings)
    engine: EngineSettings = Field(default_factory=EngineSettings)
    classification: ClassificationSettings = Field(default_factory=ClassificationSettings)
    counting: CountingSettings = Field(default_factory=CountingSettings)
    publish: PublishSettings = Field(default_factory=PublishSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment wins over the file (passed as init values), as users expect for overrides.
        return (env_settings, init_settings)


def load_settings(path: str | Path | None = None) -> Settings:
    """Load settings from a ``crimestats.toml`` file (or a directory holding one) plus the environment.

    With no path, only defaults and ``CRIMESTATS_*`` variables apply.
    """
    values: dict[str, Any] = {}
    source = "environment"
    if path is not None:
        file = Path(path)
        if file.is_dir():
            file = file / SETTINGS_FILE
        if file.exists():
            source = str(file)
            try:
                values = tomllib.loads(file.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{file}: not valid TOML: {exc}") from None
        elif Path(path).suffix == ".toml":
            raise ConfigError(f"{file}: settings file not found")
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigError(_describe(source, exc)) from None


def _describe(source: str, exc: ValidationError) -> str:
    lines = [f"{source}: invalid settings"]
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        lines.append(f"  {where}: {err['msg']}")
    return "\n".join(lines)
