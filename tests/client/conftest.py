"""Fixtures for the protocol client tests: real aiohttp servers on 127.0.0.1, real sessions."""

from __future__ import annotations

import asyncio
import datetime as dt
import http.server
import socket
import ssl
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
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


@pytest.fixture(scope="session")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    """A server TLS context with a freshly made self-signed certificate for 127.0.0.1."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ipcam")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context


class _OkHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"ok.")

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def tls_port(socket_enabled: None, self_signed: ssl.SSLContext) -> Iterator[int]:
    """An HTTPS server with the self-signed certificate, on its own thread.

    Its own thread, not the test's event loop: a handshake the client refuses is reported
    to the serving loop's exception handler, which Home Assistant's test harness turns into
    a test failure.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OkHandler)
    server.socket = self_signed.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
