"""Vendor-neutral fault injection for the simulated cameras.

A :class:`Faults` instance describes how a device misbehaves; :func:`fault_middleware`
applies it to every request before the vendor handler runs. The middleware reads the
``Faults`` through a getter on every request, so tests can flip a field (or replace the
whole object) between two requests and the next request sees the change.
"""

import asyncio
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler, Middleware

# Big enough to make a client's size guard trip quickly, small enough to honour
# back-pressure from a client that stops reading.
_OVERSIZED_CHUNK = 64 * 1024
_OVERSIZED_PATTERN = b"var filler='0123456789abcdef0123456789abcdef';\n"


@dataclass
class Faults:
    """Misbehaviour switches for a simulated device; every field can change at runtime.

    ``offline``: close the connection without an answer.
    ``delay``: seconds to sleep before answering (a stalled device when large).
    ``http_status``: answer this status with a short body instead of the real answer.
    ``malformed_body``: answer 200 with exactly these bytes.
    ``oversized_body_bytes``: answer 200 with this many bytes (chunked, ``text/plain``).
    ``reset_mid_body``: send the real answer's headers with its Content-Length, half
    of its body, then close the connection.
    ``wrong_credentials``: every credential is rejected (the vendor auth code reads it).
    ``empty_body_for_unusual_accept``: answer 200 with an empty body unless the request
    has ``Accept: */*`` (a quirk of some Foscam units).
    ``quirky_var_format``: formatting switch read by var-line writers (Foscam).
    ``paths``: when set, only requests for these paths are affected.
    ``reboot_downtime``: seconds a simulated reboot keeps the device offline.
    ``offline_until``: monotonic deadline set by a simulated reboot; until then every
    path is offline, whatever ``paths`` says, because a rebooting device is entirely gone.
    """

    offline: bool = False
    delay: float = 0.0
    http_status: int | None = None
    malformed_body: bytes | None = None
    oversized_body_bytes: int = 0
    reset_mid_body: bool = False
    wrong_credentials: bool = False
    empty_body_for_unusual_accept: bool = False
    quirky_var_format: bool = False
    paths: frozenset[str] | None = None
    reboot_downtime: float = 0.0
    offline_until: float = 0.0

    def clear(self) -> None:
        """Reset every fault to its healthy default, in place."""
        healthy = Faults()
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(healthy, field.name))

    def applies_to(self, path: str) -> bool:
        """Return whether the path-scoped faults affect requests for ``path``."""
        return self.paths is None or path in self.paths

    def is_offline(self, path: str) -> bool:
        """Return whether a request for ``path`` must be dropped without an answer."""
        if time.monotonic() < self.offline_until:
            return True
        return self.offline and self.applies_to(path)

    def go_offline_for(self, seconds: float) -> None:
        """Drop every request for the next ``seconds`` (used for simulated reboots)."""
        if seconds > 0:
            self.offline_until = time.monotonic() + seconds


def drop_connection(request: web.Request) -> web.StreamResponse:
    """Close the client connection; the returned response is never delivered.

    aiohttp swallows the ConnectionError raised when it later tries to write the
    returned response to the closed transport, so nothing is logged as an error.
    """
    transport = request.transport
    if transport is not None:
        transport.close()
    return web.Response(status=HTTPStatus.SERVICE_UNAVAILABLE)


async def sleep_unless_stopping(seconds: float, stopping: asyncio.Event) -> bool:
    """Sleep up to ``seconds``; return False early when ``stopping`` gets set.

    A long stall must not hold the server's graceful shutdown for its full length.
    """
    if seconds <= 0:
        return not stopping.is_set()
    try:
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
    except TimeoutError:
        return True
    return False


def _status_response(status: int) -> web.Response:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    if status < 200 or status in (HTTPStatus.NO_CONTENT, HTTPStatus.NOT_MODIFIED):
        return web.Response(status=status, reason=reason)
    return web.Response(status=status, reason=reason, text=f"{status} {reason}")


async def _oversized_response(request: web.Request, size: int) -> web.StreamResponse:
    response = web.StreamResponse(status=HTTPStatus.OK)
    response.content_type = "text/plain"
    await response.prepare(request)
    chunk = (_OVERSIZED_PATTERN * (_OVERSIZED_CHUNK // len(_OVERSIZED_PATTERN) + 1))[
        :_OVERSIZED_CHUNK
    ]
    remaining = size
    try:
        while remaining > 0:
            piece = chunk[: min(remaining, len(chunk))]
            await response.write(piece)
            remaining -= len(piece)
        await response.write_eof()
    except ConnectionError:
        # The client gave up reading, which is exactly what a size guard should do.
        pass
    return response


async def _reset_mid_body(request: web.Request, real: web.Response) -> web.StreamResponse:
    body = real.body
    if not isinstance(body, bytes):
        return real
    partial = web.StreamResponse(status=real.status, reason=real.reason)
    for name, value in real.headers.items():
        if name.lower() not in ("content-length", "transfer-encoding"):
            partial.headers.add(name, value)
    # Announce the full length so the client notices the truncation.
    partial.content_length = len(body)
    await partial.prepare(request)
    await partial.write(body[: len(body) // 2])
    drop_connection(request)
    return partial


def fault_middleware(get_faults: Callable[[], Faults], stopping: asyncio.Event) -> Middleware:
    """Build a middleware applying ``get_faults()`` to each request before its handler.

    ``stopping`` is set when the application shuts down; it cuts injected delays short.
    ``wrong_credentials`` and ``quirky_var_format`` are left to the vendor code, which
    knows where credentials are checked and how bodies are formatted.
    """

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        faults = get_faults()
        path = request.path
        if faults.is_offline(path):
            return drop_connection(request)
        if not faults.applies_to(path):
            return await handler(request)
        if faults.delay > 0 and not await sleep_unless_stopping(faults.delay, stopping):
            return drop_connection(request)
        if faults.http_status is not None:
            return _status_response(faults.http_status)
        if faults.empty_body_for_unusual_accept and request.headers.get(hdrs.ACCEPT) != "*/*":
            return web.Response(status=HTTPStatus.OK, body=b"", content_type="text/plain")
        if faults.malformed_body is not None:
            return web.Response(
                status=HTTPStatus.OK, body=faults.malformed_body, content_type="text/plain"
            )
        if faults.oversized_body_bytes > 0:
            return await _oversized_response(request, faults.oversized_body_bytes)
        response = await handler(request)
        # Streaming handlers (MJPEG) are already prepared here; they read
        # reset_mid_body themselves and cut the stream mid-part.
        if faults.reset_mid_body and isinstance(response, web.Response) and not response.prepared:
            return await _reset_mid_body(request, response)
        return response

    return middleware
