"""Reading `multipart/x-mixed-replace` answers part by part, as the parts arrive."""

from __future__ import annotations

import asyncio
import re
from typing import Final

import aiohttp

from .errors import CameraConnectionError, CameraTimeoutError, ParseError

_BOUNDARY_RE: Final = re.compile(r'boundary\s*=\s*"?([^";,\s]+)"?', re.IGNORECASE)
# Event parts are a few hundred bytes; a device that sends more without a boundary is not
# speaking this protocol, and must not grow our buffer without end.
DEFAULT_MAX_PART: Final = 64 * 1024
_HEADER_END_RE: Final = re.compile(rb"\r?\n\r?\n")


def boundary_of(content_type: str) -> str | None:
    """The boundary of a multipart Content-Type, without the leading `--` some devices add."""
    match = _BOUNDARY_RE.search(content_type)
    if not match:
        return None
    return match.group(1).removeprefix("--") or None


class MultipartReader:
    """Yields the bodies of the parts of one multipart stream.

    Works with and without per-part Content-Length (without it, a part ends at the next
    boundary). `part_timeout` bounds the wait for each whole part: a stream that stays open
    but sends nothing (or trickles bytes that never complete a part) raises
    CameraTimeoutError instead of hanging forever.
    """

    def __init__(
        self,
        content: aiohttp.StreamReader,
        boundary: str,
        *,
        part_timeout: float,
        max_part: int = DEFAULT_MAX_PART,
    ) -> None:
        """Read from `content`, split on `--boundary`."""
        self._content = content
        self._delimiter = b"--" + boundary.encode("latin-1")
        self._part_timeout = part_timeout
        self._max_part = max_part
        self._buffer = bytearray()

    async def next_part(self) -> bytes:
        """The body of the next part. CameraConnectionError when the stream ends."""
        try:
            async with asyncio.timeout(self._part_timeout):
                return await self._read_part()
        except TimeoutError as err:
            raise CameraTimeoutError(
                f"no event part within {self._part_timeout:g} s: the stream went silent"
            ) from err
        except aiohttp.ClientError as err:
            raise CameraConnectionError(f"event stream broke: {type(err).__name__}") from err

    async def _fill(self, searching: str) -> None:
        """Read more; `searching` names what the buffer (all one part so far) lacks.

        Only called while the buffer holds no complete part boundary, so its size is the
        size of the current part: a backlog of many small parts is never refused.
        """
        if len(self._buffer) > self._max_part + len(self._delimiter) + 256:
            raise ParseError(f"an event part exceeds {self._max_part} bytes ({searching})")
        chunk = await self._content.readany()
        if not chunk:
            raise CameraConnectionError("the device closed the event stream")
        self._buffer.extend(chunk)

    async def _read_part(self) -> bytes:
        # Skip to the delimiter (a preamble or the previous part's trailing CRLF).
        skipped = 0
        while (start := self._buffer.find(self._delimiter)) < 0:
            # Keep a tail that may hold the start of a delimiter split across chunks.
            keep = len(self._delimiter)
            if len(self._buffer) > keep:
                skipped += len(self._buffer) - keep
                del self._buffer[:-keep]
            if skipped > self._max_part:
                raise ParseError(f"no part boundary in a run that exceeds {self._max_part} bytes")
            await self._fill("no boundary")
        del self._buffer[: start + len(self._delimiter)]
        while (match := _HEADER_END_RE.search(self._buffer)) is None:
            await self._fill("no end of the part headers")
        headers = bytes(self._buffer[: match.start()]).decode("latin-1")
        del self._buffer[: match.end()]
        length = _content_length(headers)
        if length is not None:
            if length > self._max_part:
                raise ParseError(f"an event part of {length} bytes exceeds {self._max_part}")
            while len(self._buffer) < length:
                await self._fill("the announced length")
            body = bytes(self._buffer[:length])
            del self._buffer[:length]
            return body
        while (end := self._buffer.find(self._delimiter)) < 0:
            await self._fill("no next boundary")
        # A device whose Content-Type says `boundary=--b` may write the RFC 2046 delimiter
        # `----b` or the bare `--b`; searching `--b` finds both, the former 2 bytes late.
        # A delimiter line starts after CRLF, so `--` right before it belongs to it.
        if self._buffer[end - 2 : end] == b"--":
            end -= 2
        body = bytes(self._buffer[:end])
        del self._buffer[:end]
        return body.rstrip(b"\r\n")


def _content_length(headers: str) -> int | None:
    for line in headers.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "content-length":
            value = value.strip()
            # ASCII digits only, and never so many that int() refuses them.
            return int(value) if re.fullmatch(r"[0-9]{1,12}", value) else None
    return None
