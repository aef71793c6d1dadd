"""Small response helpers shared by the route modules: JSON from bytes, compact JSON encoding."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import Response

__all__ = ["CSV", "dumps", "json_response"]

CSV = "text/csv; charset=utf-8"


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(body: bytes, headers: dict[str, str] | None = None) -> Response:
    """A 200 JSON answer from already-encoded bytes."""
    return Response(body, media_type="application/json", headers=headers)
