"""Connect to an Ibis backend named in the settings; DuckDB is the embedded default.

Backends are a plain registry: a name and a factory taking :class:`EngineSettings`. Spark plugs in here,
so callers of :func:`connect` never change.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crimestats.errors import ConfigError, EngineError
from crimestats.settings import EngineSettings, Settings

__all__ = ["BACKENDS", "Backend", "connect"]

Backend = Any  # an ibis BaseBackend; ibis ships no precise public type for it
BackendFactory = Callable[[EngineSettings], Backend]


def _duckdb(settings: EngineSettings) -> Backend:
    import ibis

    database = settings.database
    if database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {}
    if settings.threads:
        config["threads"] = settings.threads
    if settings.memory_limit:
        config["memory_limit"] = settings.memory_limit
    if settings.temp_directory:
        config["temp_directory"] = settings.temp_directory
    try:
        return ibis.duckdb.connect(database, **config)
    except Exception as exc:  # duckdb raises its own hierarchy; report it as ours
        raise EngineError(f"cannot open DuckDB database {database!r}: {exc}") from None


def _pyspark(settings: EngineSettings) -> Backend:
    try:
        import ibis
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError(
            "the 'pyspark' engine needs the spark extra: pip install 'crimestats[spark]'"
        ) from None
    cores = settings.threads or os.cpu_count() or 1
    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("crimestats")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
    )
    if settings.memory_limit:
        builder = builder.config("spark.driver.memory", settings.memory_limit)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session)


BACKENDS: dict[str, BackendFactory] = {"duckdb": _duckdb, "pyspark": _pyspark}


def connect(settings: Settings | EngineSettings | None = None) -> Backend:
    """An Ibis backend for the engine named in ``settings`` (DuckDB in memory by default)."""
    if settings is None:
        engine = EngineSettings()
    elif isinstance(settings, Settings):
        engine = settings.engine
    else:
        engine = settings
    try:
        factory = BACKENDS[engine.backend]
    except KeyError:
        known = ", ".join(sorted(BACKENDS))
        raise ConfigError(f"unknown engine backend {engine.backend!r}; known: {known}") from None
    return factory(engine)
