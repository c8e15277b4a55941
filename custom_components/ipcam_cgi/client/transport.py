"""The only module that touches aiohttp: requests, timeouts, size cap, auth and redaction."""

from __future__ import annotations

import asyncio
import base64
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from urllib.parse import urlencode

import aiohttp
from multidict import CIMultiDictProxy
from yarl import URL

from .digest import DigestState, parse_challenge, supports
from .errors import (
    AuthError,
    CameraConnectionError,
    CameraSslError,
    CameraTimeoutError,
    ResponseError,
    ResponseTooLargeError,
)
from .models import ConnectionConfig, RawExchange

_LOGGER: Final = logging.getLogger(__name__)

DEFAULT_MAX_BODY: Final = 1024 * 1024
RAW_HISTORY: Final = 20
RAW_BODY_CHARS: Final = 4096
_READ_CHUNK: Final = 65536

# Query keys that carry credentials or session secrets in the vendors' APIs.
SECRET_KEYS: Final = frozenset(
    {
        "pwd",
        "pass",
        "passwd",
        "password",
        "user",
        "usr",
        "username",
        "uid",
        "authcode",
        "idcode",
        "session",
        "sid",
        "token",
        "cam_pwd",
        "cam_user",
        # Foscam set_alarm.cgi: the alarm callback URL carries Home Assistant's webhook id.
        "http_url",
    }
)


def _query_secret_re(keys: frozenset[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?P<key>(?:^|[?&;])(?:" + "|".join(map(re.escape, sorted(keys))) + r"))"
        r"=(?P<value>[^&#\s;]*)",
        re.IGNORECASE,
    )


_QUERY_SECRET_RE: Final = _query_secret_re(SECRET_KEYS)
_USERINFO_RE: Final = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
REDACTED: Final = "**REDACTED**"


def redact_url(url: str, secret_re: re.Pattern[str] = _QUERY_SECRET_RE) -> str:
    """Remove credentials from a URL (userinfo and secret query parameters)."""
    url = _USERINFO_RE.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", url)
    return secret_re.sub(lambda m: f"{m.group('key')}={REDACTED}", url)


# method, request URI, status, body prefix, body size, vendor body redaction
type _Recorded = tuple[str, str, int, bytes, int, Callable[[str], str] | None]


class AuthScheme(StrEnum):
    """How the transport authenticates requests."""

    NONE = "none"
    # Learn the scheme from the device's first challenge, before any credentials are sent,
    # then use it pre-emptively: a wrong password costs exactly one failed login whether the
    # firmware wants Basic or Digest (devices lock accounts after a few failures).
    AUTO = "auto"
    BASIC = "basic"
    DIGEST = "digest"


@dataclass(frozen=True)
class HttpResponse:
    """A fully read answer."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes

    def text(self) -> str:
        """The body as text: UTF-8 where valid, else Latin-1 (never fails)."""
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError:
            return self.body.decode("latin-1")


class StreamResponse:
    """An open streaming answer (MJPEG, event streams). Close it when done."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        """Wrap the aiohttp response."""
        self._response = response

    @property
    def content_type(self) -> str:
        """The full Content-Type header (with the multipart boundary)."""
        return self._response.headers.get("Content-Type", "application/octet-stream")

    @property
    def content(self) -> aiohttp.StreamReader:
        """The body stream."""
        return self._response.content

    def close(self) -> None:
        """Release the connection."""
        self._response.close()


class Transport:
    """HTTP to one device over an injected aiohttp ClientSession."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        config: ConnectionConfig,
        *,
        auth: AuthScheme = AuthScheme.AUTO,
        timeout: float = 10.0,
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        """Set up the transport; nothing is sent until the first request."""
        self._session = session
        self._config = config
        self._auth = auth
        self._timeout = timeout
        self._max_body = max_body
        self._digest: DigestState | None = None
        # Whether the current Digest challenge has been answered successfully.
        self._digest_proven = False
        self._basic_learned = False
        self._ssl: bool = not (config.ssl and not config.verify_ssl)
        self._secret_re = _QUERY_SECRET_RE
        self.requests_sent = 0
        # Whether a TLS handshake failed: detection reports that instead of "no answer".
        self.tls_failed = False
        # Raw, unredacted: redaction costs more than the rest of a poll, so it happens only
        # when the history is read (diagnostics), not on every request.
        self._history: deque[_Recorded] = deque(maxlen=RAW_HISTORY)

    @property
    def history(self) -> list[RawExchange]:
        """The last exchanges, oldest first, redacted."""
        return [self._redacted(recorded) for recorded in self._history]

    def _redacted(self, recorded: _Recorded) -> RawExchange:
        method, uri, status, content, size, redact_body = recorded
        if _is_binary(content):
            text = f"<{size} bytes binary>"
        else:
            text = content.decode("utf-8", "replace")
            if redact_body is not None:
                text = redact_body(text)
        return RawExchange(
            method=method, path=self.redact(uri), status=status, body=self.redact(text)
        )

    @property
    def config(self) -> ConnectionConfig:
        """The connection settings."""
        return self._config

    @property
    def base_url(self) -> str:
        """The device's base URL without credentials."""
        return self._config.base_url

    @property
    def auth_in_use(self) -> AuthScheme:
        """The scheme requests currently carry (AUTO turns into DIGEST once challenged)."""
        if self._digest is not None:
            return AuthScheme.DIGEST
        if self._auth is AuthScheme.AUTO:
            return AuthScheme.BASIC if self._basic_learned else AuthScheme.AUTO
        return self._auth

    def add_secret_keys(self, keys: frozenset[str]) -> None:
        """Also redact these query keys: a vendor's own parameters that carry secrets."""
        self._secret_re = _query_secret_re(SECRET_KEYS | keys)

    def redact(self, text: str) -> str:
        """Remove this device's credentials from any text (URLs, bodies, messages)."""
        text = redact_url(text, self._secret_re)
        password = self._config.password
        if len(password) >= 3:
            text = text.replace(password, REDACTED)
        return text

    def _url(
        self, path: str, params: Mapping[str, str | int] | None, port: int | None = None
    ) -> tuple[str, str]:
        """The request URL and the request-URI used for Digest.

        `port`: a plain-HTTP server of the device on another port (a separate MJPEG server).
        """
        uri = path if not params else f"{path}?{urlencode(params)}"
        base = self.base_url
        if port is not None:
            base = f"http://{self._config.url_host}:{port}"
        # The request-URI as aiohttp puts it on the wire: yarl normalises the query (e.g.
        # `%2C` back to `,`), and a Digest `uri=` that differs from the request line is
        # refused by the device.
        url = URL(f"{base}{uri}")
        return str(url), url.raw_path_qs

    def _headers(self, method: str, uri: str, use_auth: bool) -> dict[str, str]:
        # Some Netwave firmware answers an empty body to unusual Accept headers.
        headers = {"Accept": "*/*"}
        if not use_auth or self._auth is AuthScheme.NONE:
            return headers
        if self._digest is not None:
            headers["Authorization"] = self._digest.authorization(method, uri)
        elif self._auth is AuthScheme.BASIC or self._basic_learned:
            token = f"{self._config.username}:{self._config.password}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        return headers

    def _nonce_forgotten(self, challenge: dict[str, str]) -> bool:
        """Whether a plain (not stale) challenge means the device forgot our nonce.

        Devices that restarted forget their nonces and challenge anew without `stale=true`.
        Retry once when our credentials already worked and the nonce changed; the same
        nonce again means the credentials were refused.
        """
        return (
            self._digest is not None
            and self._digest_proven
            and challenge["nonce"] != self._digest.challenge["nonce"]
        )

    def _learn_scheme(
        self, response: aiohttp.ClientResponse, sent_digest: bool, sent_credentials: bool
    ) -> bool:
        """On a 401, whether to retry: a (new) Digest challenge, or AUTO's first challenge."""
        if self._learn_digest(response, sent_digest):
            return True
        if self._auth is not AuthScheme.AUTO or sent_credentials:
            return False
        challenges = [h.strip().lower() for h in response.headers.getall("WWW-Authenticate", [])]
        # A Basic challenge, or none at all: Basic. A Digest variant we cannot answer (e.g.
        # qop=auth-int only) gets no credentials at all rather than a doomed Basic login.
        if not challenges or any(c.startswith("basic") for c in challenges):
            self._basic_learned = True
            return True
        return False

    def _learn_digest(self, response: aiohttp.ClientResponse, sent_digest: bool) -> bool:
        """On a 401, adopt the Digest challenge if it is new to us; False if auth really failed."""
        if self._auth not in (AuthScheme.AUTO, AuthScheme.DIGEST):
            return False
        for header in response.headers.getall("WWW-Authenticate", []):
            challenge = parse_challenge(header)
            if challenge is None or not supports(challenge):
                continue
            stale = challenge.get("stale", "").lower() == "true"
            if sent_digest and not stale and not self._nonce_forgotten(challenge):
                return False
            self._digest_proven = False
            self._digest = DigestState(
                username=self._config.username,
                password=self._config.password,
                challenge=challenge,
            )
            return True
        return False

    async def request(
        self,
        path: str,
        params: Mapping[str, str | int] | None = None,
        *,
        method: str = "GET",
        data: Mapping[str, str] | None = None,
        use_auth: bool = True,
        timeout: float | None = None,
        max_body: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        accept_statuses: frozenset[int] = frozenset(),
        redact_body: Callable[[str], str] | None = None,
    ) -> HttpResponse:
        """Send one request and read the whole answer.

        Raises AuthError on 401/403 (after one Digest round trip where challenged),
        ResponseError on other non-2xx statuses not in `accept_statuses`.
        `redact_body` removes vendor-specific secrets from the copy kept for diagnostics.
        """
        url, uri = self._url(path, params)
        safe = self.redact(f"{method} {uri}")
        limit = max_body or self._max_body
        for attempt in range(3):
            sent_digest = self._digest is not None
            headers = self._headers(method, uri, use_auth)
            if extra_headers:
                headers.update(extra_headers)
            started = time.monotonic()
            try:
                async with asyncio.timeout(timeout or self._timeout):
                    async with self._session.request(
                        method,
                        url,
                        data=data,
                        headers=headers,
                        ssl=self._ssl,
                        allow_redirects=False,
                    ) as response:
                        # Capped even on a 401: an uncapped read of the challenge answer
                        # let a device stream an endless body into memory.
                        body = await self._read_capped(response, limit, safe)
                        if (
                            response.status == 401
                            and use_auth
                            and attempt < 2
                            and self._learn_scheme(
                                response, sent_digest, "Authorization" in headers
                            )
                        ):
                            continue
                        status = response.status
                        resp_headers = response.headers
            except TimeoutError as err:
                raise CameraTimeoutError(f"{safe}: no answer in time") from err
            except aiohttp.ServerDisconnectedError as err:
                # aiohttp itself already retries an idempotent request once on a fresh
                # connection; retrying here too sent a GET up to four times (and repeated
                # non-idempotent POSTs).
                raise CameraConnectionError(f"{safe}: connection closed by device") from err
            except (aiohttp.ClientSSLError, aiohttp.ClientConnectorCertificateError) as err:
                self.tls_failed = True
                raise CameraSslError(f"{safe}: TLS error ({type(err).__name__})") from err
            except aiohttp.ClientPayloadError as err:
                raise CameraConnectionError(f"{safe}: answer cut short") from err
            except (aiohttp.ClientError, OSError) as err:
                raise CameraConnectionError(f"{safe}: {type(err).__name__}") from err
            finally:
                self.requests_sent += 1
            _LOGGER.debug(
                "%s %s -> %s (%d bytes, %.0f ms)",
                self.base_url,
                safe,
                status,
                len(body),
                (time.monotonic() - started) * 1000,
            )
            self._remember(method, uri, status, body, redact_body)
            if use_auth and sent_digest and status != 401:
                self._digest_proven = True
            if status in (401, 403) and use_auth:
                raise AuthError(f"{safe}: the device rejected the credentials (HTTP {status})")
            if not 200 <= status < 300 and status not in accept_statuses:
                raise ResponseError(f"{safe}: HTTP {status}")
            return HttpResponse(status=status, headers=resp_headers, body=body)
        # The last attempt never retries, so the loop always returns or raises first.
        raise AuthError(f"{safe}: the device rejected the credentials")  # pragma: no cover

    async def _read_capped(self, response: aiohttp.ClientResponse, limit: int, safe: str) -> bytes:
        length = response.content_length
        if length is not None and length > limit:
            response.close()
            raise ResponseTooLargeError(f"{safe}: answer of {length} bytes exceeds {limit}")
        chunks: list[bytes] = []
        size = 0
        while chunk := await response.content.read(_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                response.close()
                raise ResponseTooLargeError(f"{safe}: answer exceeds {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _remember(
        self,
        method: str,
        uri: str,
        status: int,
        body: bytes,
        redact_body: Callable[[str], str] | None,
    ) -> None:
        self._history.append((method, uri, status, body[:RAW_BODY_CHARS], len(body), redact_body))

    async def open_stream(
        self,
        path: str,
        params: Mapping[str, str | int] | None = None,
        *,
        read_timeout: float = 30.0,
        port: int | None = None,
    ) -> StreamResponse:
        """Open a long-lived streaming answer (MJPEG, event stream); `port`: see `_url`."""
        url, uri = self._url(path, params, port)
        safe = self.redact(f"GET {uri}")
        for attempt in range(3):
            sent_digest = self._digest is not None
            headers = self._headers("GET", uri, use_auth=True)
            try:
                response = await self._session.get(
                    url,
                    headers=headers,
                    ssl=self._ssl,
                    timeout=aiohttp.ClientTimeout(
                        total=None, connect=self._timeout, sock_read=read_timeout
                    ),
                )
            except (aiohttp.ClientSSLError, aiohttp.ClientConnectorCertificateError) as err:
                raise CameraSslError(f"{safe}: TLS error ({type(err).__name__})") from err
            except TimeoutError as err:
                raise CameraTimeoutError(f"{safe}: no answer in time") from err
            except (aiohttp.ClientError, OSError) as err:
                raise CameraConnectionError(f"{safe}: {type(err).__name__}") from err
            finally:
                self.requests_sent += 1
            if sent_digest and response.status != 401:
                self._digest_proven = True
            if response.status == 401 and attempt < 2:
                response.release()
                if self._learn_scheme(response, sent_digest, "Authorization" in headers):
                    continue
            if response.status in (401, 403):
                response.release()
                raise AuthError(f"{safe}: the device rejected the credentials")
            if not 200 <= response.status < 300:
                response.release()
                raise ResponseError(f"{safe}: HTTP {response.status}")
            return StreamResponse(response)
        # The second attempt never retries, so the loop always returns or raises first.
        raise AuthError(f"{safe}: the device rejected the credentials")  # pragma: no cover


def _is_binary(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8") or b"\x00" in data[:512]
