"""Response helpers shared by the route modules: JSON from bytes, compact JSON encoding, and an
answer sent as several byte strings (a large body is never copied into one)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi.responses import Response
from starlette.types import Receive, Scope, Send

__all__ = ["CSV", "PartsResponse", "dumps", "json_response"]

CSV = "text/csv; charset=utf-8"


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(body: bytes, headers: dict[str, str] | None = None) -> Response:
    """A 200 JSON answer from already-encoded bytes."""
    return Response(body, media_type="application/json", headers=headers)


class PartsResponse(Response):
    """A 200 answer whose body is ``parts`` sent one after another, with its Content-Length."""

    def __init__(
        self, parts: Sequence[bytes], media_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(b"", media_type=media_type, headers=headers)
        self.parts = [p for p in parts if p]
        self.headers["content-length"] = str(sum(len(p) for p in self.parts))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        if not self.parts:
            await send({"type": "http.response.body", "body": b""})
            return
        for part in self.parts[:-1]:
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": self.parts[-1]})
