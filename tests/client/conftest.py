"""Fixtures for the protocol client tests: real aiohttp servers on 127.0.0.1, real sessions."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

type Serve = Callable[..., Awaitable[TestServer]]


@pytest.fixture
def serve(aiohttp_server: Any, socket_enabled: None) -> Serve:
    """Start an aiohttp app on 127.0.0.1; the server is closed after the test."""

    async def _serve(app: web.Application, **kwargs: Any) -> TestServer:
        return await aiohttp_server(app, **kwargs)

    return _serve


@pytest.fixture
async def http_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """The client's own session, created for the test and closed after it."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def closed_port(socket_enabled: None) -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


type RawHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture
async def raw_server(socket_enabled: None) -> AsyncIterator[Callable[[RawHandler], Awaitable[int]]]:
    """Start a bare TCP server on 127.0.0.1 (for misbehaving devices); gives its port."""
    servers: list[asyncio.Server] = []

    async def _start(handler: RawHandler) -> int:
        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    yield _start
    for server in servers:
        server.close()
        await server.wait_closed()
