"""Plumbing shared by every simulated camera: request log, faults, lifecycle, runner."""

import asyncio
import logging
import time
import weakref
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Coroutine, MutableSequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

import aiohttp
from aiohttp import hdrs, web
from aiohttp.typedefs import Handler
from multidict import CIMultiDict, CIMultiDictProxy

from .auth import CameraAuth
from .faults import Faults, fault_middleware

_LOGGER = logging.getLogger(__name__)

# Long enough for an alarm receiver on a slow CI machine, short enough that a dead
# target does not keep a test waiting in wait_for_callbacks().
_CALLBACK_TIMEOUT = aiohttp.ClientTimeout(total=5)


def _connect(signal: object, callback: Callable[..., Awaitable[None]]) -> None:
    # aiosignal 1.4 re-typed Signal with a TypeVarTuple that aiohttp 3.11's annotations
    # predate, so as typed no callback fits any app signal; append via a plain view.
    cast("MutableSequence[object]", signal).append(callback)


@dataclass(frozen=True, slots=True)
class RequestLog:
    """One request as the simulated device received it."""

    method: str
    path: str
    query: dict[str, str]
    time: float
    """``time.monotonic()`` when the request arrived."""
    remote_port: int | None
    """Client (peer) port: distinct values mean distinct TCP connections."""
    headers: CIMultiDictProxy[str]
    form: dict[str, str] = field(default_factory=dict)
    """Fields of a urlencoded/multipart POST body (empty for GET)."""


async def request_params(request: web.Request) -> dict[str, str]:
    """Merge query parameters and POST form fields (the form wins), as CGI servers do."""
    params = dict(request.query)
    if request.method == hdrs.METH_POST:
        form = await request.post()
        params.update({key: value for key, value in form.items() if isinstance(value, str)})
    return params


class SimulatorBase(ABC):
    """Base of the simulated devices: owns the app, faults, logs and background tasks.

    Subclasses add their routes to ``self.app`` in their ``__init__`` and call
    :meth:`require_auth` from handlers that need credentials.
    """

    server_header = "Simulated camera"

    def __init__(self) -> None:
        self.faults = Faults()
        self.requests: list[RequestLog] = []
        self.connections_opened = 0
        # Weak so a closed, collected transport can never be mistaken for a new one.
        self._seen_transports: weakref.WeakSet[asyncio.BaseTransport] = weakref.WeakSet()
        self._stopping = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self.app = web.Application(
            middlewares=[
                self._record_middleware,
                fault_middleware(lambda: self.faults, self._stopping),
            ]
        )
        _connect(self.app.on_startup, self._on_startup)
        _connect(self.app.on_shutdown, self._on_shutdown)
        _connect(self.app.on_cleanup, self._on_cleanup)
        _connect(self.app.on_response_prepare, self._on_response_prepare)

    @abstractmethod
    def trigger_motion(self, on: bool = True) -> None:
        """Start (or end) a motion alarm on the device."""

    @property
    def stopping(self) -> asyncio.Event:
        """Set while the app shuts down; long-running handlers must end when it is."""
        return self._stopping

    async def require_auth(self, request: web.Request, auth: CameraAuth) -> dict[str, str]:
        """Return the request parameters, or raise the device's 401 answer."""
        params = await request_params(request)
        wrong = self.faults.wrong_credentials and self.faults.applies_to(request.path)
        if wrong or not auth.is_authorized(request, params):
            raise auth.unauthorized()
        return params

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run ``coro`` in the background; it is cancelled on app cleanup."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Called from synchronous test code without a loop: nothing can be sent.
            coro.close()
            return
        task = loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait_for_callbacks(self) -> None:
        """Wait until every background task (e.g. alarm HTTP callbacks) has finished."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def http_get(self, url: str) -> None:
        """GET ``url`` like a camera firmware: HTTP/1.0, new connection, never raises."""
        try:
            async with (
                aiohttp.ClientSession(
                    timeout=_CALLBACK_TIMEOUT, version=aiohttp.HttpVersion10
                ) as session,
                session.get(url) as response,
            ):
                await response.read()
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as err:
            _LOGGER.debug("Simulated callback to %s failed: %s", url, err)

    @web.middleware
    async def _record_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        transport = request.transport
        remote_port: int | None = None
        if transport is not None:
            if transport not in self._seen_transports:
                self._seen_transports.add(transport)
                self.connections_opened += 1
            peer = transport.get_extra_info("peername")
            if isinstance(peer, tuple) and len(peer) >= 2 and isinstance(peer[1], int):
                remote_port = peer[1]
        form: dict[str, str] = {}
        if request.method == hdrs.METH_POST:
            posted = await request.post()
            form = {key: value for key, value in posted.items() if isinstance(value, str)}
        self.requests.append(
            RequestLog(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                time=time.monotonic(),
                remote_port=remote_port,
                headers=CIMultiDictProxy(CIMultiDict(request.headers)),
                form=form,
            )
        )
        return await handler(request)

    async def _on_response_prepare(
        self, _request: web.Request, response: web.StreamResponse
    ) -> None:
        # Auto-detection fingerprints devices by their Server header too.
        response.headers[hdrs.SERVER] = self.server_header

    async def _on_startup(self, _app: web.Application) -> None:
        self._stopping.clear()

    async def _on_shutdown(self, _app: web.Application) -> None:
        # Runs before aiohttp waits for open handlers, so streams and stalls end now
        # instead of holding the shutdown until its timeout.
        self._stopping.set()

    async def _on_cleanup(self, _app: web.Application) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class _HasApp(Protocol):
    @property
    def app(self) -> web.Application: ...


async def start_simulator(
    sim: _HasApp, host: str = "127.0.0.1", port: int = 0
) -> tuple[web.AppRunner, int]:
    """Serve ``sim.app`` on ``host:port`` (0 picks a free port).

    Returns the runner (call ``await runner.cleanup()`` to stop) and the bound port.
    """
    # handler_cancellation: a client that goes away cancels its handler, as with
    # pytest-aiohttp's test server; a short shutdown timeout keeps Ctrl-C snappy.
    runner = web.AppRunner(sim.app, handler_cancellation=True, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    bound_port = int(runner.addresses[0][1])
    return runner, bound_port
