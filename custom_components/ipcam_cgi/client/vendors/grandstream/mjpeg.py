"""GSC36xx MJPEG: `/jpeg/stream` in Challenge+Response mode or in Basic mode.

Which mode the device uses is a web UI setting ("MJPEG Authentication Mode") that the API
does not expose: a challenge request tells, since in Basic mode it is answered with a 401.
"""

from __future__ import annotations

import asyncio
from typing import Final, Literal

from ...errors import AuthError, CameraConnectionError, ParseError
from ...login import AccountGuard
from ...models import StreamQuality
from ...transport import StreamResponse, Transport
from .parse import SessionGoneError, check_res_code, parse_configuration
from .session import MEDIA_SALT, authcode

_XML_MAX: Final = 64 * 1024
_XML_READ_TIMEOUT: Final = 10.0


class MjpegOpener:
    """Opens the MJPEG stream, remembering which authentication mode the device uses."""

    def __init__(self, transport: Transport, guard: AccountGuard) -> None:
        """Nothing is sent until the first `async_open`."""
        self._transport = transport
        self._guard = guard
        self.mode: Literal["challenge", "basic"] | None = None

    async def async_open(self, quality: StreamQuality) -> StreamResponse:
        """The stream: main is the device's default 1280x720 stream, sub the 2nd MJPEG one."""
        self._guard.check()
        if self.mode != "basic":
            stream = await self._async_open_challenge(quality)
            if stream is not None:
                return stream
        # "MJPEG Basic Authentication": /jpeg/stream, or /jpeg/stream=X for a channel. The
        # transport learns Basic from the device's 401 before it sends any credentials.
        path = "/jpeg/stream" if quality is StreamQuality.MAIN else "/jpeg/stream=1"
        try:
            stream = await self._transport.open_stream(path)
        except AuthError as err:
            self._guard.record(err)
            raise
        if "multipart" in stream.content_type.lower():
            return stream
        # The mode is a web UI setting the user may change: an XML answer where a Basic stream
        # was expected means Challenge+Response again.
        stream.close()
        self.mode = None
        challenged = await self._async_open_challenge(quality)
        if challenged is None:
            raise ParseError(f"/jpeg/stream answered {stream.content_type} instead of MJPEG")
        return challenged

    async def _async_open_challenge(self, quality: StreamQuality) -> StreamResponse | None:
        """Challenge+Response mode; None when the device is in Basic mode."""
        username = self._transport.config.username
        channel = {} if quality is StreamQuality.MAIN else {"stream": "1"}
        first = await self._transport.request(
            "/jpeg/stream",
            {"type": "0", "user": username, **channel},
            use_auth=False,
            accept_statuses=frozenset({401}),
            max_body=_XML_MAX,
        )
        if first.status == 401:
            self.mode = "basic"
            return None
        answer = check_res_code(parse_configuration(first.body))
        challenge, idcode = answer.get("ChallengeCode"), answer.get("IDCode")
        if not challenge or not idcode:
            raise ParseError("/jpeg/stream answered no ChallengeCode and IDCode")
        self.mode = "challenge"
        code = authcode(challenge, MEDIA_SALT, self._transport.config.password)
        stream = await self._transport.open_stream(
            "/jpeg/stream",
            {"type": "1", "user": username, **channel, "authcode": code, "idcode": idcode},
        )
        if "multipart" in stream.content_type.lower():
            return stream
        # An XML answer instead of the stream: the ResCode says why.
        try:
            body = await self._read_small(stream)
        finally:
            stream.close()
        try:
            check_res_code(parse_configuration(body))
        except SessionGoneError as err:
            raise self._refused(AuthError(f"the device refused the MJPEG login ({err})")) from err
        except AuthError as err:
            raise self._refused(err) from err
        raise ParseError(f"/jpeg/stream answered {stream.content_type} instead of MJPEG")

    def _refused(self, err: AuthError) -> AuthError:
        self._guard.record(err)
        return err

    @staticmethod
    async def _read_small(stream: StreamResponse) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(_XML_READ_TIMEOUT):
                while size < _XML_MAX and (chunk := await stream.content.read(_XML_MAX - size)):
                    chunks.append(chunk)
                    size += len(chunk)
        except TimeoutError as err:
            raise CameraConnectionError("/jpeg/stream: the answer stalled") from err
        return b"".join(chunks)
