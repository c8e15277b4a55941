"""Replay a camera from recorded exchanges (the `raw_exchanges` of a diagnostics download).

A user's diagnostics file becomes a regression test: the recorded answers are served again by
path, and the real client runs against them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web


def load_exchanges(path: Path) -> list[dict[str, Any]]:
    """The raw exchanges of a diagnostics download (or a bare list of exchanges)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("data", data)["raw_exchanges"]
    return list(data)


def replay_app(exchanges: Iterable[Mapping[str, Any]]) -> web.Application:
    """An app answering each recorded path with its last recorded status and body."""
    answers: dict[str, tuple[int, str]] = {}
    for exchange in exchanges:
        path = urlsplit(str(exchange["path"])).path
        answers[path] = (int(exchange["status"]), str(exchange["body"]))

    async def handle(request: web.Request) -> web.Response:
        if request.path not in answers:
            return web.Response(status=404, text="404 Not Found")
        status, body = answers[request.path]
        return web.Response(status=status, text=body, content_type="text/plain")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    return app
