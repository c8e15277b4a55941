"""Specification of the transport: HTTP to one device, against real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import tracemalloc
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

from custom_components.ipcam_cgi.client.errors import (
    AuthError,
    CameraConnectionError,
    CameraError,
    CameraSslError,
    CameraTimeoutError,
    ResponseError,
    ResponseTooLargeError,
)
from custom_components.ipcam_cgi.client.transport import (
    DEFAULT_MAX_BODY,
    RAW_BODY_CHARS,
    RAW_HISTORY,
    REDACTED,
    AuthScheme,
    HttpResponse,
    Transport,
    redact_url,
)

from .conftest import RawHandler, Serve
from .helpers import PASSWORD, USERNAME, CameraStub, config_for, digest_fields

type RawServer = Callable[[RawHandler], Awaitable[int]]

SECRET_PARAMS = {"user": USERNAME, "pwd": PASSWORD}


async def _stub_transport(
    serve: Serve,
    session: aiohttp.ClientSession,
    stub: CameraStub,
    *,
    auth: AuthScheme = AuthScheme.AUTO,
    password: str = PASSWORD,
    timeout: float = 10.0,
    max_body: int = DEFAULT_MAX_BODY,
) -> Transport:
    server = await serve(stub.app())
    config = config_for(server.port, password=password)
    return Transport(session, config, auth=auth, timeout=timeout, max_body=max_body)


async def _app_transport(
    serve: Serve,
    session: aiohttp.ClientSession,
    handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    *,
    timeout: float = 10.0,
    max_body: int = DEFAULT_MAX_BODY,
) -> Transport:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    server = await serve(app)
    return Transport(session, config_for(server.port), timeout=timeout, max_body=max_body)


# --- headers and authentication -----------------------------------------------------------


async def test_request_sends_accept_any(serve: Serve, http_session: aiohttp.ClientSession) -> None:
    stub = CameraStub()
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/get_status.cgi")
    assert stub.seen[0].headers["Accept"] == "*/*"


async def test_basic_scheme_sends_credentials_preemptively(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="basic")
    transport = await _stub_transport(serve, http_session, stub, auth=AuthScheme.BASIC)
    response = await transport.request("/get_params.cgi")
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    assert response.body == b"ok."
    assert [seen.authorization for seen in stub.seen] == [f"Basic {token}"]
    assert stub.challenges == 0
    assert transport.auth_in_use is AuthScheme.BASIC


async def test_auto_learns_basic_from_the_first_challenge_then_sends_it_preemptively(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="basic")
    transport = await _stub_transport(serve, http_session, stub)
    assert transport.auth_in_use is AuthScheme.AUTO
    await transport.request("/get_params.cgi")
    await transport.request("/get_misc.cgi")
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    assert [seen.authorization for seen in stub.seen] == ["", f"Basic {token}", f"Basic {token}"]
    assert stub.challenges == 1
    assert transport.auth_in_use is AuthScheme.BASIC


async def test_auto_falls_back_to_basic_when_the_challenge_names_no_scheme(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def handler(request: web.Request) -> web.Response:
        if "Authorization" not in request.headers:
            return web.Response(status=401)
        return web.Response(text=request.headers["Authorization"][:6])

    transport = await _app_transport(serve, http_session, handler)
    assert (await transport.request("/get_params.cgi")).body == b"Basic "


async def test_request_without_auth_sends_no_credentials(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none")
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/get_status.cgi", use_auth=False)
    assert stub.seen[0].authorization == ""


async def test_auth_scheme_none_sends_no_credentials(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none")
    transport = await _stub_transport(serve, http_session, stub, auth=AuthScheme.NONE)
    await transport.request("/get_status.cgi")
    assert stub.seen[0].authorization == ""
    assert transport.auth_in_use is AuthScheme.NONE


async def test_digest_challenge_is_adopted_then_reused(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub)
    first = await transport.request("/get_status.cgi")
    second = await transport.request("/get_params.cgi", {"a": "b c"})
    assert first.body == second.body == b"ok."
    assert stub.challenges == 1
    assert len(stub.seen) == 3
    assert stub.seen[0].authorization == ""
    assert digest_fields(stub.seen[1].authorization)["nc"] == "00000001"
    assert digest_fields(stub.seen[2].authorization)["nc"] == "00000002"
    assert digest_fields(stub.seen[2].authorization)["uri"] == "/get_params.cgi?a=b+c"
    assert transport.auth_in_use is AuthScheme.DIGEST


async def test_digest_scheme_waits_for_the_challenge_before_sending_credentials(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub, auth=AuthScheme.DIGEST)
    assert transport.auth_in_use is AuthScheme.DIGEST
    await transport.request("/get_status.cgi")
    assert [seen.authorization[:7] for seen in stub.seen] == ["", "Digest "]


async def test_digest_without_qop_uses_the_rfc_2069_form(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest", qop=False, opaque=None)
    transport = await _stub_transport(serve, http_session, stub)
    assert (await transport.request("/get_status.cgi")).body == b"ok."
    assert "qop" not in digest_fields(stub.seen[-1].authorization)


async def test_stale_nonce_is_renegotiated_without_failing(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/get_status.cgi")
    stub.rotate_nonce()
    response = await transport.request("/get_status.cgi")
    assert response.body == b"ok."
    assert digest_fields(stub.seen[-1].authorization)["nonce"] == stub.nonce
    assert digest_fields(stub.seen[-1].authorization)["nc"] == "00000001"
    assert stub.challenges == 2


async def test_nonce_forgotten_by_a_restarted_device_is_renegotiated(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/get_status.cgi")
    stub.forget_nonces()  # the device rebooted: no `stale=true`, just a new challenge
    response = await transport.request("/get_status.cgi")
    assert response.body == b"ok."
    assert digest_fields(stub.seen[-1].authorization)["nonce"] == stub.nonce
    assert stub.challenges == 2


async def test_password_changed_on_the_device_fails_after_one_attempt(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/get_status.cgi")
    stub.password = "changed-on-the-device"
    sent_before = len(stub.seen)
    # The device challenges again with the nonce we used: it refused the credentials.
    with pytest.raises(AuthError):
        await transport.request("/get_status.cgi")
    assert len(stub.seen) - sent_before == 1


async def test_wrong_password_on_basic_device_fails_after_one_attempt(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="basic")
    transport = await _stub_transport(serve, http_session, stub, password="wrong-password")
    with pytest.raises(AuthError):
        await transport.request("/get_params.cgi")
    assert [seen.authorization[:6] for seen in stub.seen] == ["", "Basic "]


async def test_wrong_password_on_digest_device_fails_after_one_digest_attempt(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub, password="wrong-password")
    with pytest.raises(AuthError):
        await transport.request("/get_params.cgi")
    assert [seen.authorization[:6] for seen in stub.seen] == ["", "Digest"]


async def test_wrong_password_with_digest_scheme_fails_after_one_digest_attempt(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(
        serve, http_session, stub, auth=AuthScheme.DIGEST, password="wrong-password"
    )
    with pytest.raises(AuthError):
        await transport.request("/get_params.cgi")
    assert [seen.authorization[:6] for seen in stub.seen] == ["", "Digest"]


async def test_wrong_password_costs_one_attempt_on_each_later_request(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub, password="wrong-password")
    for _ in range(2):
        with pytest.raises(AuthError):
            await transport.request("/get_params.cgi")
    assert len(stub.seen) == 3


async def test_basic_scheme_ignores_a_digest_challenge(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub, auth=AuthScheme.BASIC)
    with pytest.raises(AuthError):
        await transport.request("/get_params.cgi")
    assert [seen.authorization[:6] for seen in stub.seen] == ["Basic "]


async def test_unsupported_digest_challenge_is_an_auth_error(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def handler(request: web.Request) -> web.Response:
        header = 'Digest realm="x", nonce="n", qop="auth-int"'
        return web.Response(status=401, headers={"WWW-Authenticate": header})

    transport = await _app_transport(serve, http_session, handler)
    with pytest.raises(AuthError):
        await transport.request("/get_params.cgi")
    assert transport.requests_sent == 1


async def test_forbidden_is_an_auth_error(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", status=403)
    transport = await _stub_transport(serve, http_session, stub)
    with pytest.raises(AuthError, match="403"):
        await transport.request("/get_params.cgi")


async def test_unauthenticated_request_answered_401_is_a_response_error_without_login(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub)
    with pytest.raises(ResponseError) as info:
        await transport.request("/get_status.cgi", use_auth=False)
    assert not isinstance(info.value, AuthError)
    assert [seen.authorization for seen in stub.seen] == [""]


# --- statuses and bodies ------------------------------------------------------------------


async def test_http_500_is_a_response_error(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", status=500, body=b"boom")
    transport = await _stub_transport(serve, http_session, stub)
    with pytest.raises(ResponseError, match="HTTP 500"):
        await transport.request("/get_status.cgi")


async def test_accepted_error_status_is_returned(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", status=404, body=b"not here")
    transport = await _stub_transport(serve, http_session, stub)
    response = await transport.request("/x.cgi", accept_statuses=frozenset({404}))
    assert (response.status, response.body) == (404, b"not here")


async def test_request_sends_method_form_data_and_extra_headers(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    received: dict[str, str] = {}

    async def handler(request: web.Request) -> web.Response:
        received.update({key: str(value) for key, value in (await request.post()).items()})
        received["method"] = request.method
        received["x"] = request.headers["X-Extra"]
        return web.Response(text="ok.")

    transport = await _app_transport(serve, http_session, handler)
    await transport.request(
        "/form.cgi", method="POST", data={"a": "1"}, extra_headers={"X-Extra": "yes"}
    )
    assert received == {"a": "1", "method": "POST", "x": "yes"}


def test_response_text_is_utf8_where_valid_else_latin1() -> None:
    headers = CIMultiDictProxy(CIMultiDict[str]())
    assert HttpResponse(status=200, headers=headers, body="é".encode()).text() == "é"
    assert HttpResponse(status=200, headers=headers, body=b"\xe9").text() == "é"


async def test_body_over_the_cap_by_content_length_is_refused(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", body=b"x" * 2000)
    transport = await _stub_transport(serve, http_session, stub, max_body=1000)
    with pytest.raises(ResponseTooLargeError, match="2000"):
        await transport.request("/snapshot.cgi")


async def test_body_at_the_cap_is_accepted(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", body=b"x" * 1000)
    transport = await _stub_transport(serve, http_session, stub, max_body=1000)
    assert len((await transport.request("/snapshot.cgi")).body) == 1000


async def test_per_request_cap_overrides_the_transport_cap(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", body=b"x" * 2000)
    transport = await _stub_transport(serve, http_session, stub, max_body=1000)
    assert len((await transport.request("/snapshot.cgi", max_body=4000)).body) == 2000
    with pytest.raises(ResponseTooLargeError):
        await transport.request("/snapshot.cgi", max_body=10)


async def test_endless_body_without_length_is_cut_at_the_cap_in_bounded_memory(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    chunk = b"x" * 65536

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(100_000):  # 6.5 GB: far more than memory would hold
                await response.write(chunk)
        except (ConnectionError, aiohttp.ClientConnectionResetError):
            pass
        return response

    transport = await _app_transport(serve, http_session, endless, max_body=512 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLargeError):
            await transport.request("/videostream.cgi")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


async def test_endless_401_answer_is_cut_at_the_cap(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def endless_challenge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            status=401, headers={"WWW-Authenticate": 'Digest realm="x", nonce="n", qop="auth"'}
        )
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(100_000):
                await response.write(b"x" * 65536)
        except (ConnectionError, aiohttp.ClientConnectionResetError):
            pass
        return response

    transport = await _app_transport(serve, http_session, endless_challenge, max_body=65536)
    with pytest.raises(ResponseTooLargeError):
        await transport.request("/get_params.cgi")


# --- connection failures ------------------------------------------------------------------


async def test_silent_device_times_out(serve: Serve, http_session: aiohttp.ClientSession) -> None:
    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(10)
        return web.Response(text="late")

    transport = await _app_transport(serve, http_session, silent, timeout=0.2)
    with pytest.raises(CameraTimeoutError):
        await transport.request("/get_status.cgi")


async def test_per_request_timeout_overrides_the_transport_timeout(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(0.5)
        return web.Response(text="ok.")

    transport = await _app_transport(serve, http_session, slow, timeout=0.1)
    assert (await transport.request("/reboot.cgi", timeout=5)).body == b"ok."


async def test_device_stalling_mid_answer_times_out(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def stalling(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": "100"})
        await response.prepare(request)
        await response.write(b"var id=")
        await asyncio.sleep(10)
        return response

    transport = await _app_transport(serve, http_session, stalling, timeout=0.3)
    with pytest.raises(CameraTimeoutError):
        await transport.request("/get_status.cgi")


async def test_device_closing_the_connection_is_a_connection_error(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    connections = 0

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.close()

    transport = Transport(http_session, config_for(await raw_server(hang_up)))
    with pytest.raises(CameraConnectionError, match="closed"):
        await transport.request("/get_status.cgi")
    # One retry on a fresh connection (a kept-alive connection may have been dropped).
    assert connections == 2


async def test_post_the_device_hung_up_on_is_not_repeated(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    connections = 0

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.close()

    transport = Transport(http_session, config_for(await raw_server(hang_up)))
    with pytest.raises(CameraConnectionError):
        await transport.request("/upgrade_htmls.cgi", method="POST", data={"a": "1"})
    assert connections == 1


async def test_device_closing_a_connection_once_is_retried(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    connections = 0

    async def hang_up_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        if connections > 1:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok.")
            await writer.drain()
        writer.close()

    transport = Transport(http_session, config_for(await raw_server(hang_up_once)))
    assert (await transport.request("/get_status.cgi")).body == b"ok."


async def test_answer_cut_short_is_a_connection_error(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    async def cut_short(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nvar id=")
        await writer.drain()
        writer.close()

    transport = Transport(http_session, config_for(await raw_server(cut_short)))
    with pytest.raises(CameraConnectionError, match="cut short"):
        await transport.request("/get_status.cgi")


async def test_garbage_answer_is_a_connection_error(
    raw_server: RawServer, http_session: aiohttp.ClientSession
) -> None:
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"\x00\x01 not http at all\r\n\r\n")
        await writer.drain()
        writer.close()

    transport = Transport(http_session, config_for(await raw_server(garbage)))
    with pytest.raises(CameraConnectionError):
        await transport.request("/get_status.cgi")


async def test_closed_port_is_a_connection_error(
    closed_port: int, http_session: aiohttp.ClientSession
) -> None:
    transport = Transport(http_session, config_for(closed_port))
    with pytest.raises(CameraConnectionError):
        await transport.request("/get_status.cgi")
    assert transport.requests_sent == 1
    assert not transport.history


# --- TLS ----------------------------------------------------------------------------------


async def test_self_signed_certificate_is_a_tls_error_when_verifying(
    tls_port: int, http_session: aiohttp.ClientSession
) -> None:
    transport = Transport(http_session, config_for(tls_port, ssl=True))
    with pytest.raises(CameraSslError):
        await transport.request("/get_status.cgi")


async def test_self_signed_certificate_is_accepted_without_verification(
    tls_port: int, http_session: aiohttp.ClientSession
) -> None:
    transport = Transport(http_session, config_for(tls_port, ssl=True, verify_ssl=False))
    assert transport.base_url.startswith("https://")
    assert (await transport.request("/get_status.cgi")).body == b"ok."


async def test_stream_on_self_signed_certificate_is_a_tls_error_when_verifying(
    tls_port: int, http_session: aiohttp.ClientSession
) -> None:
    transport = Transport(http_session, config_for(tls_port, ssl=True))
    with pytest.raises(CameraSslError):
        await transport.open_stream("/videostream.cgi")


# --- redaction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://cam/get_params.cgi?user=admin&pwd=s3cret",
            f"http://cam/get_params.cgi?user={REDACTED}&pwd={REDACTED}",
        ),
        ("/cgi?uid=abc123&cmd=1", f"/cgi?uid={REDACTED}&cmd=1"),
        ("/login?authcode=0123abcd", f"/login?authcode={REDACTED}"),
        ("/x?PWD=Secret&USER=Admin", f"/x?PWD={REDACTED}&USER={REDACTED}"),
        ("/x?a=1;password=p;b=2", f"/x?a=1;password={REDACTED};b=2"),
        ("/x?pwd=p#frag", f"/x?pwd={REDACTED}#frag"),
        (
            "/set_alarm.cgi?http=1&http_url=http%3A%2F%2Fha%2Fapi%2Fwebhook%2Fabc",
            f"/set_alarm.cgi?http=1&http_url={REDACTED}",
        ),
        ("http://admin:s3cret@cam:81/x", f"http://{REDACTED}@cam:81/x"),
        ("rtsp://admin:s3cret@cam/live", f"rtsp://{REDACTED}@cam/live"),
    ],
)
def test_redact_url_removes_credentials(url: str, expected: str) -> None:
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://cam/decoder_control.cgi?command=4&onestep=1",
        "/set_alarm.cgi?motion_armed=1&username_hint_is_not_a_key=1",
        "/x?superuser=1",
    ],
)
def test_redact_url_keeps_harmless_query_values(url: str) -> None:
    assert redact_url(url) == url


def test_transport_redact_removes_the_password_from_any_text(
    http_session: aiohttp.ClientSession,
) -> None:
    transport = Transport(http_session, config_for(80))
    text = f"login failed for {USERNAME} with {PASSWORD} at /x?pwd={PASSWORD}"
    redacted = transport.redact(text)
    assert PASSWORD not in redacted
    assert redacted == f"login failed for {USERNAME} with {REDACTED} at /x?pwd={REDACTED}"


def test_transport_redact_leaves_very_short_passwords_in_free_text(
    http_session: aiohttp.ClientSession,
) -> None:
    # Replacing a one- or two-character password everywhere would mangle every message.
    transport = Transport(http_session, config_for(80, password="a"))
    assert transport.redact("camera alarm") == "camera alarm"


# --- history ------------------------------------------------------------------------------


async def test_history_keeps_redacted_exchanges(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", body=f"var pwd='{PASSWORD}';".encode())
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/get_params.cgi", SECRET_PARAMS)
    [exchange] = transport.history
    assert exchange.method == "GET"
    assert exchange.status == 200
    assert exchange.path == f"/get_params.cgi?user={REDACTED}&pwd={REDACTED}"
    assert PASSWORD not in exchange.body
    assert exchange.body == f"var pwd='{REDACTED}';"


async def test_history_keeps_failed_exchanges(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", status=500, body=b"internal error")
    transport = await _stub_transport(serve, http_session, stub)
    with pytest.raises(ResponseError):
        await transport.request("/get_status.cgi")
    assert [(e.path, e.status, e.body) for e in transport.history] == [
        ("/get_status.cgi", 500, "internal error")
    ]


async def test_history_keeps_the_body_of_a_rejected_request(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="basic", password="other")
    transport = await _stub_transport(serve, http_session, stub)
    with pytest.raises(AuthError):
        await transport.request("/get_params.cgi")
    assert [(e.status, e.body) for e in transport.history] == [(401, "401 Unauthorized")]


async def test_history_applies_the_vendor_body_redaction(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", body=b"var wifi_wpa_psk='wifi-secret';")
    transport = await _stub_transport(serve, http_session, stub)
    response = await transport.request(
        "/get_params.cgi", redact_body=lambda text: text.replace("wifi-secret", "HIDDEN")
    )
    assert b"wifi-secret" in response.body
    assert transport.history[-1].body == "var wifi_wpa_psk='HIDDEN';"


@pytest.mark.parametrize("body", [b"\xff\xd8\xff\xe0" + b"JFIF" * 100, b"abc\x00def"])
async def test_history_summarises_binary_bodies(
    serve: Serve, http_session: aiohttp.ClientSession, body: bytes
) -> None:
    stub = CameraStub(auth="none", body=body, content_type="image/jpeg")
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/snapshot.cgi")
    assert transport.history[-1].body == f"<{len(body)} bytes binary>"


async def test_history_truncates_long_bodies(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", body=b"a" * (RAW_BODY_CHARS * 2))
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/get_log.cgi")
    assert len(transport.history[-1].body) == RAW_BODY_CHARS


async def test_history_keeps_only_the_latest_exchanges(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none")
    transport = await _stub_transport(serve, http_session, stub)
    for number in range(RAW_HISTORY + 5):
        await transport.request("/get_status.cgi", {"n": number})
    assert len(transport.history) == RAW_HISTORY
    assert transport.history[0].path == "/get_status.cgi?n=5"
    assert transport.requests_sent == RAW_HISTORY + 5


# --- no credential in any error -----------------------------------------------------------


async def _fail_by_status(serve: Serve, session: aiohttp.ClientSession, port: int) -> None:
    stub = CameraStub(auth="none", status=500)
    await (await _stub_transport(serve, session, stub)).request("/x.cgi", SECRET_PARAMS)


async def _fail_by_auth(serve: Serve, session: aiohttp.ClientSession, port: int) -> None:
    stub = CameraStub(auth="digest", password="other")
    await (await _stub_transport(serve, session, stub)).request("/x.cgi", SECRET_PARAMS)


async def _fail_by_size(serve: Serve, session: aiohttp.ClientSession, port: int) -> None:
    stub = CameraStub(auth="none", body=PASSWORD.encode() * 10)
    transport = await _stub_transport(serve, session, stub, max_body=10)
    await transport.request("/x.cgi", SECRET_PARAMS)


async def _fail_by_timeout(serve: Serve, session: aiohttp.ClientSession, port: int) -> None:
    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(10)
        return web.Response()

    transport = await _app_transport(serve, session, silent, timeout=0.1)
    await transport.request("/x.cgi", SECRET_PARAMS)


async def _fail_by_refusal(serve: Serve, session: aiohttp.ClientSession, port: int) -> None:
    await Transport(session, config_for(port)).request("/x.cgi", SECRET_PARAMS)


async def _fail_stream_by_auth(serve: Serve, session: aiohttp.ClientSession, port: int) -> None:
    stub = CameraStub(auth="basic", password="other")
    await (await _stub_transport(serve, session, stub)).open_stream("/v.cgi", SECRET_PARAMS)


async def _fail_stream_by_status(serve: Serve, session: aiohttp.ClientSession, port: int) -> None:
    stub = CameraStub(auth="none", status=500)
    await (await _stub_transport(serve, session, stub)).open_stream("/v.cgi", SECRET_PARAMS)


async def _fail_stream_by_refusal(serve: Serve, session: aiohttp.ClientSession, port: int) -> None:
    await Transport(session, config_for(port)).open_stream("/v.cgi", SECRET_PARAMS)


@pytest.mark.parametrize(
    "fail",
    [
        _fail_by_status,
        _fail_by_auth,
        _fail_by_size,
        _fail_by_timeout,
        _fail_by_refusal,
        _fail_stream_by_auth,
        _fail_stream_by_status,
        _fail_stream_by_refusal,
    ],
)
async def test_no_credential_appears_in_error_messages(
    serve: Serve,
    http_session: aiohttp.ClientSession,
    closed_port: int,
    fail: Callable[[Serve, aiohttp.ClientSession, int], Awaitable[None]],
) -> None:
    with pytest.raises(CameraError) as info:
        await fail(serve, http_session, closed_port)
    error: BaseException | None = info.value
    while error is not None:
        for text in (str(error), repr(error)):
            assert PASSWORD not in text
            assert f"user={USERNAME}" not in text
        error = error.__cause__ or error.__context__


# --- streams ------------------------------------------------------------------------------


async def test_open_stream_returns_a_readable_stream(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(
        auth="basic",
        body=b"--ipcamera\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8",
        content_type="multipart/x-mixed-replace",
    )
    transport = await _stub_transport(serve, http_session, stub)
    stream = await transport.open_stream("/videostream.cgi", {"resolution": 32})
    try:
        assert stream.content_type.startswith("multipart/x-mixed-replace")
        assert await stream.content.readexactly(10) == b"--ipcamera"
    finally:
        stream.close()
    assert [seen.target for seen in stub.seen] == ["/videostream.cgi?resolution=32"] * 2
    assert [seen.authorization[:6] for seen in stub.seen] == ["", "Basic "]


async def test_open_stream_adopts_a_digest_challenge(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest", body=b"frames")
    transport = await _stub_transport(serve, http_session, stub)
    stream = await transport.open_stream("/videostream.cgi")
    try:
        assert await stream.content.read() == b"frames"
    finally:
        stream.close()
    assert stub.challenges == 1


async def test_open_stream_renegotiates_a_nonce_forgotten_by_the_device(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest", body=b"frames")
    transport = await _stub_transport(serve, http_session, stub)
    await transport.request("/get_status.cgi")
    stub.forget_nonces()
    stream = await transport.open_stream("/videostream.cgi")
    stream.close()
    assert stub.challenges == 2


async def test_open_stream_maps_401_to_auth_error(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="digest")
    transport = await _stub_transport(serve, http_session, stub, password="wrong-password")
    with pytest.raises(AuthError):
        await transport.open_stream("/videostream.cgi")
    assert len(stub.seen) == 2


async def test_open_stream_maps_500_to_response_error(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", status=500)
    transport = await _stub_transport(serve, http_session, stub)
    with pytest.raises(ResponseError, match="HTTP 500"):
        await transport.open_stream("/videostream.cgi")


async def test_open_stream_on_a_closed_port_is_a_connection_error(
    closed_port: int, http_session: aiohttp.ClientSession
) -> None:
    transport = Transport(http_session, config_for(closed_port))
    with pytest.raises(CameraConnectionError):
        await transport.open_stream("/videostream.cgi")


async def test_open_stream_times_out_when_the_device_sends_no_headers(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(10)
        return web.Response()

    transport = await _app_transport(serve, http_session, silent)
    with pytest.raises(CameraTimeoutError):
        await transport.open_stream("/videostream.cgi", read_timeout=0.2)


async def test_stream_without_content_type_reports_octet_stream(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def bare(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        await response.write(b"x")
        return response

    transport = await _app_transport(serve, http_session, bare)
    stream = await transport.open_stream("/videostream.cgi")
    stream.close()
    assert stream.content_type == "application/octet-stream"


def test_transport_exposes_its_config(http_session: aiohttp.ClientSession) -> None:
    config = config_for(8080)
    transport = Transport(http_session, config)
    assert transport.config is config
    assert transport.base_url == "http://127.0.0.1:8080"
