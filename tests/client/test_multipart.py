"""Specification of the multipart reader and the event stream, against real servers on 127.0.0.1.

Each device is a real TCP server (bare, writing exactly the bytes a test wants, or an aiohttp
app); the client side is the real Transport, aiohttp session and StreamReader.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence

import aiohttp
import pytest
from aiohttp import web

from custom_components.ipcam_cgi.client.errors import (
    CameraConnectionError,
    CameraTimeoutError,
    NotSupportedError,
    ParseError,
)
from custom_components.ipcam_cgi.client.events import MAX_BAD_PARTS, EventStream
from custom_components.ipcam_cgi.client.models import ConnectionConfig, StatusUpdate
from custom_components.ipcam_cgi.client.multipart import (
    DEFAULT_MAX_PART,
    MultipartReader,
    boundary_of,
)
from custom_components.ipcam_cgi.client.transport import AuthScheme, StreamResponse, Transport
from custom_components.ipcam_cgi.client.vendors.standard_api.status import (
    ALL_GROUPS,
    StatusLayout,
    decode_body,
)

from .conftest import RawHandler, Serve

type RawServer = Callable[[RawHandler], Awaitable[int]]

BOUNDARY = "myboundary"
MULTIPART = f"multipart/x-mixed-replace;boundary={BOUNDARY}"
PATH = "/cgi-bin/admin/eventdata.cgi"
LAYOUT = StatusLayout(groups=ALL_GROUPS, inputs=(1,), outputs=(1,))

# Spec 5.4.2 action=monitor: the Face example's parts, verbatim (Content-Length 43 is right).
SPEC_FACE_BODY = b"Face:Enabled=1;H264_Face=0;H264_2_Face=0;\r\n"
SPEC_FACE_MONITOR = (
    b"--myboundary\r\n"
    b"Content-Type: text/plain\r\n"
    b"Content-Length: 43\r\n"
    b"\r\n"
    b"Face:Enabled=1;H264_Face=0;H264_2_Face=0;\r\n"
    b"\r\n"
) * 2
# The Motion example's bodies (the spec prints Content-Length 74/75 for them, which does not
# count the two spaces before CRLF it also prints; the lengths here are the real ones).
SPEC_MOTION_BODIES = (
    b"Motion:Enabled=1;Level=0;Sensitivity=80;Triggered=0; \r\nMotion1:Enabled=0; \r\n\r\n",
    b"Motion:Enabled=1;Level=15;Sensitivity=80;Triggered=0; \r\nMotion1:Enabled=0; \r\n\r\n",
)


def _head(content_type: str = MULTIPART) -> bytes:
    """An HTTP/1.0 answer head: the body runs until the device closes the connection."""
    return f"HTTP/1.0 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode()


def _part(body: bytes, *, length: bool = True, boundary: str = BOUNDARY) -> bytes:
    headers = b"Content-Type: text/plain\r\n"
    if length:
        headers += f"Content-Length: {len(body)}\r\n".encode()
    return f"--{boundary}\r\n".encode() + headers + b"\r\n" + body + b"\r\n"


class Device:
    """A bare TCP device: answers the request with `head` and `chunks`, then holds or hangs up.

    `pause` sleeps between chunks; `hold` keeps the connection open until the client closes
    it (the handler then ends by itself, so the server can shut down).
    """

    def __init__(
        self,
        chunks: Sequence[bytes] = (),
        *,
        head: bytes | None = None,
        pause: float = 0.0,
        hold: bool = True,
    ) -> None:
        self.chunks = chunks
        self.head = _head() if head is None else head
        self.pause = pause
        self.hold = hold
        self.requests: list[bytes] = []
        self.hung_up = asyncio.Event()

    async def handler(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            self.requests.append(await reader.readuntil(b"\r\n\r\n"))
            writer.write(self.head)
            await writer.drain()
            for chunk in self.chunks:
                writer.write(chunk)
                await writer.drain()
                if self.pause:
                    await asyncio.sleep(self.pause)
            if self.hold:
                await reader.read()
                self.hung_up.set()
        writer.close()


async def _open(
    session: aiohttp.ClientSession, port: int, *, read_timeout: float = 30.0
) -> StreamResponse:
    transport = Transport(
        session, ConnectionConfig(host="127.0.0.1", port=port), auth=AuthScheme.NONE
    )
    return await transport.open_stream(
        PATH, {"action": "monitor", "group": "Motion"}, read_timeout=read_timeout
    )


async def _reader(
    raw_server: RawServer,
    session: aiohttp.ClientSession,
    device: Device,
    *,
    part_timeout: float = 5.0,
    max_part: int = DEFAULT_MAX_PART,
) -> tuple[StreamResponse, MultipartReader]:
    stream = await _open(session, await raw_server(device.handler))
    boundary = boundary_of(stream.content_type)
    assert boundary is not None
    return stream, MultipartReader(
        stream.content, boundary, part_timeout=part_timeout, max_part=max_part
    )


async def _parts(reader: MultipartReader, count: int) -> list[bytes]:
    return [await reader.next_part() for _ in range(count)]


# --- boundary_of ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("multipart/x-mixed-replace;boundary=myboundary", "myboundary"),
        ("multipart/x-mixed-replace; boundary=--myboundary", "myboundary"),
        ('multipart/x-mixed-replace; boundary="--myboundary"', "myboundary"),
        ('multipart/x-mixed-replace; boundary="ipcamera"; charset=x', "ipcamera"),
        ("multipart/x-mixed-replace; BOUNDARY = abc ,x", "abc"),
        ("multipart/x-mixed-replace;boundary=<boundary>", "<boundary>"),
        ("multipart/x-mixed-replace", None),
        ("multipart/x-mixed-replace; boundary=", None),
        ('multipart/x-mixed-replace; boundary=""', None),
        ("multipart/x-mixed-replace; boundary=--", None),
        ("text/plain", None),
    ],
)
def test_boundary_of(content_type: str, expected: str | None) -> None:
    assert boundary_of(content_type) == expected


# --- parts ----------------------------------------------------------------------------------


async def test_spec_face_monitor_parts_with_content_length(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([SPEC_FACE_MONITOR])
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 2) == [SPEC_FACE_BODY, SPEC_FACE_BODY]
    finally:
        stream.close()
    request = device.requests[0].decode()
    assert request.startswith(f"GET {PATH}?action=monitor&group=Motion HTTP/1.1\r\n")


async def test_parts_with_content_length_keep_their_bytes_exactly(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    # A Content-Length body is taken as is: CRLF inside and at its end, and even a
    # delimiter-looking line inside it.
    tricky = b"\r\nMotion:Enabled=1;\r\n--myboundary\r\n\r\n"
    device = Device([b"".join(_part(body) for body in (*SPEC_MOTION_BODIES, tricky))])
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 3) == [*SPEC_MOTION_BODIES, tricky]
    finally:
        stream.close()


async def test_parts_without_content_length_end_at_the_next_boundary(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    bodies = [b"Motion:Enabled=1;Triggered=1;", b"Motion:Enabled=1;\r\nT0:Triggered=0;", b"x"]
    device = Device([b"".join(_part(body, length=False) for body in bodies) + b"--myboundary--"])
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 3) == bodies
    finally:
        stream.close()


async def test_trailing_line_ends_of_a_part_without_length_are_dropped(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device(
        [
            b"--myboundary\r\n\r\nMotion:Enabled=0;\r\n\r\n\r\n"
            b"--myboundary\n\nT0:Enabled=1;\n"
            b"--myboundary\r\nContent-Length: 2\r\n\r\nok\r\n"
            b"--myboundary\r\n"
        ]
    )
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        # No headers at all, LF-only framing, then a part with a length after those.
        assert await _parts(reader, 3) == [b"Motion:Enabled=0;", b"T0:Enabled=1;", b"ok"]
    finally:
        stream.close()


async def test_unusable_content_length_reads_to_the_next_boundary(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device(
        [
            b"--myboundary\r\nContent-Length: abc\r\n\r\nMotion:Enabled=1;\r\n"
            b"--myboundary\r\nContent-Length: -5\r\n\r\nT0:Enabled=0;\r\n"
            b"--myboundary\r\n"
        ]
    )
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 2) == [b"Motion:Enabled=1;", b"T0:Enabled=0;"]
    finally:
        stream.close()


async def test_superscript_content_length_reads_to_the_next_boundary(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    # Regression: str.isdigit() took `²` (0xB2), then int() raised ValueError.
    device = Device(
        [b"--myboundary\r\nContent-Length: \xb2\r\n\r\nMotion:Enabled=1;\r\n--myboundary\r\n"]
    )
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await reader.next_part() == b"Motion:Enabled=1;"
    finally:
        stream.close()


async def test_absurd_content_length_reads_to_the_next_boundary(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    # Regression: int() of a >4300-digit Content-Length raised ValueError out of next_part.
    device = Device(
        [b"--myboundary\r\nContent-Length: " + b"9" * 5000 + b"\r\n\r\nx\r\n--myboundary\r\n"]
    )
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await reader.next_part() == b"x"
    finally:
        stream.close()


async def test_quoted_boundary_with_leading_dashes(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    head = _head('multipart/x-mixed-replace; boundary="--myboundary"')
    device = Device(
        [_part(b"Motion:Triggered=1;", length=False) + _part(b"T0:Triggered=0;")], head=head
    )
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 2) == [b"Motion:Triggered=1;", b"T0:Triggered=0;"]
    finally:
        stream.close()


async def test_leading_dash_boundary_with_rfc_delimiters_and_content_length(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    # RFC 2046 reading of boundary=--myboundary: the delimiter is `----myboundary`.
    head = _head("multipart/x-mixed-replace; boundary=--myboundary")
    bodies = [b"Motion:Triggered=1;", b"T0:Triggered=0;"]
    device = Device([b"".join(_part(body, boundary="--myboundary") for body in bodies)], head=head)
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 2) == bodies
    finally:
        stream.close()


async def test_leading_dash_boundary_with_rfc_delimiters_without_content_length(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    # Regression: each body once kept a trailing `\r\n--` (Triggered='1 --').
    head = _head("multipart/x-mixed-replace; boundary=--myboundary")
    bodies = [b"Motion:Triggered=1;", b"T0:Triggered=0;"]
    chunks = b"".join(_part(body, length=False, boundary="--myboundary") for body in bodies)
    device = Device([chunks + b"----myboundary--"], head=head)
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 2) == bodies
    finally:
        stream.close()


@pytest.mark.parametrize("length", [True, False], ids=["content_length", "no_length"])
async def test_delimiters_split_across_tcp_chunks(
    raw_server: RawServer, http_session: aiohttp.ClientSession, length: bool
) -> None:
    bodies = [b"Motion:Enabled=1;Triggered=1;", b"Motion:Enabled=1;Triggered=0;"]
    stream_bytes = b"".join(_part(body, length=length) for body in bodies) + b"--myboundary\r\n"
    # One byte per write, each drained and given time to arrive on its own.
    device = Device([bytes([byte]) for byte in stream_bytes], pause=0.002)
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 2) == bodies
    finally:
        stream.close()


async def test_preamble_before_the_first_delimiter_is_skipped(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    part = _part(b"Motion:Triggered=1;")
    # A preamble over several chunks, the last of which ends inside the first delimiter.
    chunks = [b"This is a multi-part message in MIME format.\r\n", b"x" * 3000, b"\r\n--my"]
    device = Device([*chunks, part.removeprefix(b"--my")], pause=0.01)
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await reader.next_part() == b"Motion:Triggered=1;"
    finally:
        stream.close()


async def test_preamble_and_parts_in_one_chunk(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([b"junk\r\n--not-it\r\n" + _part(b"A:B=1;") + _part(b"C:D=0;", length=False)])
    device.chunks = [*device.chunks, b"--myboundary--\r\n"]
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 2) == [b"A:B=1;", b"C:D=0;"]
    finally:
        stream.close()


async def test_aiohttp_device_with_chunked_transfer(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def monitor(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": 'multipart/x-mixed-replace; boundary="--myboundary"'}
        )
        await response.prepare(request)
        for body in SPEC_MOTION_BODIES:
            await response.write(_part(body))
        await response.write(_part(b"T0:Triggered=1;", length=False) + b"--myboundary")
        return response

    app = web.Application()
    app.router.add_get(PATH, monitor)
    server = await serve(app)
    assert server.port is not None
    stream = await _open(http_session, server.port)
    try:
        assert stream.content_type == 'multipart/x-mixed-replace; boundary="--myboundary"'
        reader = MultipartReader(stream.content, "myboundary", part_timeout=5)
        assert await _parts(reader, 3) == [*SPEC_MOTION_BODIES, b"T0:Triggered=1;"]
        # The handler returned: the chunked answer ended.
        with pytest.raises(CameraConnectionError, match="closed the event stream"):
            await reader.next_part()
    finally:
        stream.close()


# --- a stream that ends, goes silent or trickles --------------------------------------------


@pytest.mark.parametrize(
    "chunks",
    [
        [],
        [b"preamble without any delimiter"],
        [b"--myboundary\r\nContent-Type: text/plain\r\n"],
        [b"--myboundary\r\nContent-Length: 100\r\n\r\nMotion:"],
        [b"--myboundary\r\n\r\nMotion:Enabled=1;\r\n"],
    ],
    ids=["no_part", "preamble", "in_headers", "in_body", "no_next_boundary"],
)
async def test_stream_closed_by_the_device_is_a_connection_error(
    raw_server: RawServer, http_session: aiohttp.ClientSession, chunks: list[bytes]
) -> None:
    stream, reader = await _reader(raw_server, http_session, Device(chunks, hold=False))
    try:
        with pytest.raises(CameraConnectionError, match="closed the event stream") as err:
            await reader.next_part()
    finally:
        stream.close()
    assert not isinstance(err.value, CameraTimeoutError)


async def test_close_after_good_parts_gives_them_then_a_connection_error(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([_part(b"A:B=1;"), _part(b"A:B=0;")], hold=False)
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        assert await _parts(reader, 2) == [b"A:B=1;", b"A:B=0;"]
        with pytest.raises(CameraConnectionError, match="closed"):
            await reader.next_part()
    finally:
        stream.close()


async def test_chunked_stream_cut_mid_chunk_is_a_connection_error(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    head = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
        + f"Content-Type: {MULTIPART}\r\n\r\n".encode()
    )
    device = Device([b"40\r\n--myboundary\r\nContent-Length: 9\r\n"], head=head, hold=False)
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        with pytest.raises(CameraConnectionError, match="event stream broke: ClientPayloadError"):
            await reader.next_part()
    finally:
        stream.close()


@pytest.mark.parametrize(
    "chunks",
    [
        [],
        [_part(b"A:B=1;")[:20]],
        [b"--myboundary\r\nContent-Length: 50\r\n\r\nMotion"],
    ],
    ids=["nothing", "in_headers", "in_body"],
)
async def test_silent_stream_times_out_within_the_part_timeout(
    raw_server: RawServer, http_session: aiohttp.ClientSession, chunks: list[bytes]
) -> None:
    device = Device(chunks)
    stream, reader = await _reader(raw_server, http_session, device, part_timeout=0.2)
    try:
        started = time.monotonic()
        with pytest.raises(CameraTimeoutError, match="went silent"):
            await reader.next_part()
        elapsed = time.monotonic() - started
    finally:
        stream.close()
    assert 0.18 <= elapsed < 5
    # The client dropped the connection it gave up on.
    await asyncio.wait_for(device.hung_up.wait(), 5)


async def test_silence_after_a_good_part_times_out(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([_part(b"Motion:Triggered=1;")])
    stream, reader = await _reader(raw_server, http_session, device, part_timeout=0.2)
    try:
        assert await reader.next_part() == b"Motion:Triggered=1;"
        with pytest.raises(CameraTimeoutError):
            await reader.next_part()
    finally:
        stream.close()


@pytest.mark.parametrize(
    "start",
    [b"", b"--myboundary\r\nContent-Type: text/plain\r\n", b"--myboundary\r\n\r\n"],
    ids=["preamble", "headers", "body_without_length"],
)
async def test_trickle_that_never_completes_a_part_times_out(
    raw_server: RawServer, http_session: aiohttp.ClientSession, start: bytes
) -> None:
    stop, done = asyncio.Event(), asyncio.Event()

    async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            with contextlib.suppress(ConnectionError):
                await reader.readuntil(b"\r\n\r\n")
                writer.write(_head() + start)
                # A byte every 20 ms: the socket never goes quiet, a part never completes.
                while not stop.is_set():
                    writer.write(b"x")
                    await writer.drain()
                    await asyncio.sleep(0.02)
            writer.close()
        finally:
            done.set()

    stream = await _open(http_session, await raw_server(trickle), read_timeout=0.5)
    reader = MultipartReader(stream.content, BOUNDARY, part_timeout=0.3)
    try:
        started = time.monotonic()
        with pytest.raises(CameraTimeoutError, match="no event part within"):
            await reader.next_part()
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        stream.close()
        # The device's handler ends before the test does (no lingering task).
        await asyncio.wait_for(done.wait(), 5)
    assert 0.28 <= elapsed < 5


# --- size cap -------------------------------------------------------------------------------


async def test_content_length_over_the_cap_is_a_parse_error_at_once(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    # Only the headers arrive: the error must not wait for the body.
    device = Device([f"--myboundary\r\nContent-Length: {DEFAULT_MAX_PART + 1}\r\n\r\n".encode()])
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        with pytest.raises(ParseError, match=f"{DEFAULT_MAX_PART + 1} bytes exceeds 65536"):
            await reader.next_part()
    finally:
        stream.close()


async def test_part_without_length_over_the_cap_is_a_parse_error(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    body = [b"Motion:Enabled=1;" * 64] * (DEFAULT_MAX_PART // 1024 + 4)
    device = Device([b"--myboundary\r\n\r\n", *body], pause=0.001)
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        with pytest.raises(ParseError, match="exceeds 65536 bytes"):
            await reader.next_part()
    finally:
        stream.close()


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ([_part(b"y" * 100)], b"y" * 100),
        ([_part(b"y" * 100, length=False), b"--myboundary\r\n"], b"y" * 100),
    ],
    ids=["content_length", "no_length"],
)
async def test_part_of_exactly_max_part_is_read(
    raw_server: RawServer, http_session: aiohttp.ClientSession, chunks: list[bytes], expected: bytes
) -> None:
    stream, reader = await _reader(raw_server, http_session, Device(chunks), max_part=100)
    try:
        assert await reader.next_part() == expected
    finally:
        stream.close()


@pytest.mark.parametrize(
    "chunks",
    [
        [b"--myboundary\r\nContent-Length: 101\r\n\r\n"],
        [b"--myboundary\r\n\r\n", *[b"y" * 50] * 10],
        [b"--myboundary\r\nX-Endless-Header: ", *[b"h" * 50] * 10],
        [*[b"preamble " * 60] * 2],
    ],
    ids=["content_length", "no_length", "endless_headers", "big_preamble_chunk"],
)
async def test_small_cap(
    raw_server: RawServer, http_session: aiohttp.ClientSession, chunks: list[bytes]
) -> None:
    device = Device(chunks, pause=0.01)
    stream, reader = await _reader(raw_server, http_session, device, max_part=100)
    try:
        with pytest.raises(ParseError, match="exceeds 100"):
            await reader.next_part()
    finally:
        stream.close()


async def test_backlog_of_small_parts_is_no_oversized_part(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    # Regression: the cap once counted the whole buffer, backlog included.
    bodies = [f"Motion:Enabled=1;Level={n % 100};Triggered=0;".encode() for n in range(2000)]
    device = Device([b"".join(_part(body) for body in bodies)])
    stream, reader = await _reader(raw_server, http_session, device)
    try:
        # The consumer is busy for a moment while the device keeps sending (~150 kB).
        await asyncio.sleep(0.3)
        assert await _parts(reader, 3) == bodies[:3]
    finally:
        stream.close()


# --- EventStream ----------------------------------------------------------------------------


def _decode(body: bytes) -> StatusUpdate:
    return decode_body(body, LAYOUT)


async def _events(
    raw_server: RawServer,
    session: aiohttp.ClientSession,
    device: Device,
    *,
    watchdog: float = 5.0,
) -> EventStream:
    stream = await _open(session, await raw_server(device.handler))
    return EventStream(stream, _decode, watchdog=watchdog)


async def test_event_stream_decodes_spec_parts(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([b"".join(_part(body) for body in SPEC_MOTION_BODIES) + SPEC_FACE_MONITOR])
    events = await _events(raw_server, http_session, device)
    try:
        assert (events.parts, events.bad_parts) == (0, 0)
        first = await events.async_next()
        assert first.events == {"motion": False, "motion_2": False}
        assert first.values == {"motion_level": 0}
        second = await events.async_next()
        assert second.values == {"motion_level": 15}
        assert (await events.async_next()).values == {"faces": 0}
        assert (events.parts, events.bad_parts) == (3, 0)
    finally:
        events.close()
    await asyncio.wait_for(device.hung_up.wait(), 5)


async def test_non_multipart_answer_is_not_supported_and_closed(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([b"Motion:Enabled=1;\r\n"], head=_head("text/plain"))
    stream = await _open(http_session, await raw_server(device.handler))
    # Firmware without action=monitor answers once: NotSupportedError (the caller polls).
    with pytest.raises(NotSupportedError, match=r"answered text/plain, not multipart"):
        EventStream(stream, _decode, watchdog=5)
    assert stream._response.closed
    # The connection really went: the device sees the client hang up.
    await asyncio.wait_for(device.hung_up.wait(), 5)


async def test_event_stream_without_content_type_is_not_supported(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([], head=b"HTTP/1.0 200 OK\r\n\r\n")
    stream = await _open(http_session, await raw_server(device.handler))
    with pytest.raises(NotSupportedError, match="answered application/octet-stream"):
        EventStream(stream, _decode, watchdog=5)
    await asyncio.wait_for(device.hung_up.wait(), 5)


BAD_PARTS = (b"garbage", b"IO:Status=zz;\r\n", b"")


@pytest.mark.parametrize("bad", [1, 2])
async def test_event_stream_skips_up_to_two_bad_parts(
    raw_server: RawServer, http_session: aiohttp.ClientSession, bad: int
) -> None:
    parts = [_part(body) for body in BAD_PARTS[:bad]]
    device = Device([*parts, _part(b"Motion:Enabled=1;Level=7;Triggered=1;\r\n")])
    events = await _events(raw_server, http_session, device)
    try:
        update = await events.async_next()
    finally:
        events.close()
    assert update.events == {"motion": True}
    assert update.values == {"motion_level": 7}
    assert (events.parts, events.bad_parts) == (bad + 1, bad)


async def test_event_stream_raises_on_the_third_bad_part_in_a_row(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    assert MAX_BAD_PARTS == 3
    good = _part(b"T0:Enabled=1;Triggered=1;\r\n")
    device = Device([*(_part(body) for body in BAD_PARTS), good])
    events = await _events(raw_server, http_session, device)
    try:
        with pytest.raises(ParseError, match="no group"):
            await events.async_next()
        assert (events.parts, events.bad_parts) == (3, 3)
        # The part after the run is not lost: a caller may go on reading.
        assert (await events.async_next()).events == {"tamper": True}
        assert (events.parts, events.bad_parts) == (4, 3)
    finally:
        events.close()


async def test_bad_parts_count_in_a_row_only(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    good = [_part(f"Motion:Triggered={n % 2};".encode()) for n in range(3)]
    bad = [_part(b"garbage"), _part(b"more garbage")]
    device = Device([*bad, good[0], *bad, good[1], *bad, good[2]])
    events = await _events(raw_server, http_session, device)
    try:
        updates = [await events.async_next() for _ in range(3)]
    finally:
        events.close()
    assert [update.events for update in updates] == [
        {"motion": False},
        {"motion": True},
        {"motion": False},
    ]
    assert (events.parts, events.bad_parts) == (9, 6)


async def test_event_stream_skips_a_refusal_part_like_a_garbled_one(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    # `# Error:` in one part (ResponseError) is survived like a garbled one: the next counts.
    device = Device([_part(b"# Error: not authorised\r\n"), _part(b"Motion:Triggered=1;")])
    events = await _events(raw_server, http_session, device)
    try:
        assert (await events.async_next()).events == {"motion": True}
    finally:
        events.close()
    assert (events.parts, events.bad_parts) == (2, 1)


async def test_event_stream_watchdog(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([_part(b"Motion:Triggered=1;")])
    events = await _events(raw_server, http_session, device, watchdog=0.2)
    try:
        assert (await events.async_next()).events == {"motion": True}
        started = time.monotonic()
        with pytest.raises(CameraTimeoutError):
            await events.async_next()
        assert 0.18 <= time.monotonic() - started < 5
    finally:
        events.close()
    await asyncio.wait_for(device.hung_up.wait(), 5)


async def test_event_stream_closed_by_the_device(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    device = Device([_part(b"garbage"), _part(b"Motion:Triggered=0;")], hold=False)
    events = await _events(raw_server, http_session, device)
    try:
        assert (await events.async_next()).events == {"motion": False}
        with pytest.raises(CameraConnectionError, match="closed the event stream"):
            await events.async_next()
    finally:
        events.close()
    assert (events.parts, events.bad_parts) == (2, 1)
