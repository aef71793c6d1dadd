"""The façade that runs the flow over a project directory, delegating every step to the layers."""

from crimestats.project.build import BuildResult, SourceSummary, build_project
from crimestats.project.loading import Project, connect_project, load_project
from crimestats.project.publish import ensure_preview, publish_project
from crimestats.project.skeleton import init_project

__all__ = [
    "BuildResult",
    "Project",
    "SourceSummary",
    "build_project",
    "connect_project",
    "ensure_preview",
    "init_project",
    "load_project",
    "publish_project",
]
