"""The HTTP server: a FastAPI app over a project's releases (API, SDMX-REST subset, portal)."""

import os

from fastapi import FastAPI

from crimestats.server.app import create_app

__all__ = ["app_from_environment", "create_app"]


def app_from_environment() -> FastAPI:
    """The app for the project named by ``CRIMESTATS_SERVE_DIR`` (how ``crimestats serve`` starts it)."""
    return create_app(os.environ.get("CRIMESTATS_SERVE_DIR", "."))
