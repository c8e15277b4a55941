"""Small fake devices and helpers for the transport tests (independent of the client's code)."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from PIL import Image

from custom_components.ipcam_cgi.client import VendorClient
from custom_components.ipcam_cgi.client.models import ConnectionConfig
from tests.simulator import RequestLog, SimulatorBase

USERNAME = "admin"
# Distinctive enough that finding it anywhere in a message means it leaked.
PASSWORD = "Pa55-w0rd!secret"
REALM = "ipcamera"


def config_for(
    port: int | None, *, username: str = USERNAME, password: str = PASSWORD, **kwargs: Any
) -> ConnectionConfig:
    """The ConnectionConfig of a test server on 127.0.0.1."""
    assert port is not None
    return ConnectionConfig(
        host="127.0.0.1", port=port, username=username, password=password, **kwargs
    )


def _md5(data: str) -> str:
    return hashlib.md5(data.encode()).hexdigest()


def digest_fields(header: str) -> dict[str, str]:
    """The name=value pairs of a `Digest ...` Authorization header."""
    return {
        m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
        for m in re.finditer(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', header.partition(" ")[2])
    }


@dataclass
class Seen:
    """One request as the stub received it."""

    method: str
    target: str
    headers: dict[str, str]

    @property
    def authorization(self) -> str:
        """The Authorization header ('' when none was sent)."""
        return self.headers.get("Authorization", "")


@dataclass
class CameraStub:
    """A device answering `body` on every path, behind Basic, Digest (RFC 2617) or no auth.

    Digest is checked here with an independent MD5 computation; `rotate_nonce()` makes the
    current nonce stale, as devices do after a while; `forget_nonces()` restarts the device.
    """

    auth: str = "basic"  # "basic", "digest" or "none"
    username: str = USERNAME
    password: str = PASSWORD
    body: bytes = b"ok."
    status: int = 200
    content_type: str = "text/plain"
    qop: bool = True
    opaque: str | None = "0paque"
    seen: list[Seen] = field(default_factory=list)
    challenges: int = 0
    nonce: str = "nonce-1"
    _stale: set[str] = field(default_factory=set)
    _nonce_counter: int = 1

    def app(self) -> web.Application:
        """The aiohttp app of this stub."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    def rotate_nonce(self) -> None:
        """Issue a new nonce; the old one is answered with `stale=true`."""
        self._stale.add(self.nonce)
        self._nonce_counter += 1
        self.nonce = f"nonce-{self._nonce_counter}"

    def forget_nonces(self) -> None:
        """Issue a new nonce and forget the old one, as a restarted device does.

        The old nonce then gets a plain new challenge, without `stale=true`.
        """
        self._nonce_counter += 1
        self.nonce = f"nonce-{self._nonce_counter}"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Record the request, check its credentials, answer."""
        self.seen.append(Seen(request.method, request.raw_path, dict(request.headers)))
        header = request.headers.get("Authorization", "")
        if self.auth == "basic" and not self._basic_ok(header):
            return self._challenge('Basic realm="ipcamera"')
        if self.auth == "digest":
            verdict = self._digest_verdict(header, request.method, request.raw_path)
            if verdict == "stale":
                return self._challenge(self._digest_challenge(stale=True))
            if verdict != "ok":
                return self._challenge(self._digest_challenge())
        return web.Response(body=self.body, status=self.status, content_type=self.content_type)

    def _challenge(self, value: str) -> web.Response:
        self.challenges += 1
        return web.Response(
            status=401, text="401 Unauthorized", headers={"WWW-Authenticate": value}
        )

    def _basic_ok(self, header: str) -> bool:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return header == f"Basic {token}"

    def _digest_challenge(self, *, stale: bool = False) -> str:
        parts = [f'realm="{REALM}"', f'nonce="{self.nonce}"']
        if self.qop:
            parts.append('qop="auth"')
        if self.opaque is not None:
            parts.append(f'opaque="{self.opaque}"')
        if stale:
            parts.append("stale=true")
        return "Digest " + ", ".join(parts)

    def _digest_verdict(self, header: str, method: str, target: str) -> str:
        if not header.startswith("Digest "):
            return "missing"
        f = digest_fields(header)
        if f.get("username") != self.username or f.get("uri") != target:
            return "bad"
        if self.opaque is not None and f.get("opaque") != self.opaque:
            return "bad"
        ha1 = _md5(f"{self.username}:{REALM}:{self.password}")
        ha2 = _md5(f"{method}:{target}")
        if self.qop:
            expected = _md5(f"{ha1}:{f.get('nonce')}:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}")
        else:
            expected = _md5(f"{ha1}:{f.get('nonce')}:{ha2}")
        if f.get("response") != expected:
            return "bad"
        if f.get("nonce") in self._stale:
            return "stale"
        if f.get("nonce") != self.nonce:
            return "bad"
        return "ok"


type Predicate = Callable[[str, dict[str, str]], bool]
type Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Rewrites:
    """Test-side answers that replace a simulator's for matching requests.

    Installed innermost (``sim.app.middlewares.append(rewrites.middleware)``), so the
    simulator still records every request, applies its faults and checks its auth.
    """

    content_type = "text/xml"

    def __init__(self) -> None:
        self.rules: list[tuple[Predicate, Answer]] = []

    def add(self, when: Predicate, answer: Answer) -> None:
        self.rules.append((when, answer))

    def body(self, when: Predicate, body: str | bytes, status: int = 200) -> None:
        data = body.encode() if isinstance(body, str) else body
        content_type = self.content_type

        async def answer(_request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, body=data, content_type=content_type)

        self.add(when, answer)

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        params = dict(request.query)
        for when, answer in self.rules:
            if when(request.path, params):
                return await answer(request)
        return await handler(request)


def with_credentials(sim: SimulatorBase) -> list[RequestLog]:
    """The requests that carried an Authorization header."""
    return [request for request in sim.requests if "Authorization" in request.headers]


def kept_exchanges(client: VendorClient) -> str:
    """Everything the client keeps of its exchanges (for diagnostics), as one text."""
    return "\n".join(f"{e.method} {e.path} {e.status} {e.body}" for e in client.raw_exchanges)


def picture_size(picture: bytes) -> tuple[int, int]:
    """The size of a JPEG (which must be one)."""
    with Image.open(io.BytesIO(picture)) as image:
        assert image.format == "JPEG"
        return image.size
