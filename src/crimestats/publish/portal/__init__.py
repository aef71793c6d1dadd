"""The static portal of a release (English and Spanish pages, charts with table alternatives)."""

from crimestats.publish.portal.build import build_portal

__all__ = ["build_portal"]
