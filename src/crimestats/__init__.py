"""crimestats: official crime and criminal-justice statistics, from records and surveys to SDG 16.

The public API is small and flat; everything else lives in the layer packages (see DESIGN.md).
"""

from importlib.metadata import PackageNotFoundError, version

from crimestats.classification import apply_correspondence, iccs, load_correspondence, search
from crimestats.engine import connect
from crimestats.errors import CrimestatsError
from crimestats.model import Classification, Correspondence, Finding, Provenance, Severity
from crimestats.settings import Settings, load_settings

try:
    __version__ = version("crimestats")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

__all__ = [
    "Classification",
    "Correspondence",
    "CrimestatsError",
    "Finding",
    "Provenance",
    "Settings",
    "Severity",
    "__version__",
    "apply_correspondence",
    "connect",
    "iccs",
    "load_correspondence",
    "load_settings",
    "search",
]
