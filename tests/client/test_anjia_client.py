"""Specification of the Anjia Weishi "CGI Network Camera" client, against the simulated camera.

The spec is /work/shared/specs/anjia-cgi-network-camera.txt (VER. 1.0.10); section numbers
below are its own. Every CGI but getuid takes the session `uid` (3.1.1), which lapses after
60 s without a successful request; faults are the `<fault>` answers of 2.3 with HTTP 400.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from custom_components.ipcam_cgi.client import (
    AuthError,
    CameraConnectionError,
    CameraError,
    CameraTimeoutError,
    ClientOptions,
    Feature,
    LensAxis,
    LensDirection,
    NotSupportedError,
    ParseError,
    PresetAction,
    PtzDirection,
    RefusedError,
    ResponseError,
    SettingKind,
    SettingSpec,
    SettingValue,
    StreamQuality,
    UnsupportedDeviceError,
    Vendor,
    create_client,
    detect,
)
from custom_components.ipcam_cgi.client import login as client_login
from custom_components.ipcam_cgi.client.login import FRESH_SESSION_BACKOFF
from custom_components.ipcam_cgi.client.registry import VENDOR_CLIENTS
from custom_components.ipcam_cgi.client.transport import Transport
from custom_components.ipcam_cgi.client.vendors.anjia import session as anjia_session
from custom_components.ipcam_cgi.client.vendors.anjia.client import (
    MAX_SPEED,
    AnjiaClient,
    ptz_speed,
)
from custom_components.ipcam_cgi.client.vendors.anjia.session import (
    DEFAULT_LIFETIME,
    EXPIRY_MARGIN,
    wanted_lifetime,
)
from tests.simulator import (
    AnjiaSimulator,
    FoscamMjpegSimulator,
    GrandstreamSimulator,
    StandardApiSimulator,
)
from tests.simulator.anjia_state import xml_attrs, xml_fault, xml_text

from .conftest import Serve
from .helpers import (
    PASSWORD,
    USERNAME,
    Answer,
    CameraStub,
    Predicate,
    config_for,
    kept_exchanges,
    picture_size,
    with_credentials,
)
from .helpers import Rewrites as BaseRewrites

WRONG_PASSWORD = "wrong-Pa55word"
GETUID = "/cgi-bin/getuid"
KEEP_ALIVE = "/cgi-bin/keep_alive"
SET_UID_TIME = "/cgi-bin/setUidValidTime"
GET_RELAY = "/cgi-bin/getRelayStatus"
SET_RELAY = "/cgi-bin/setRelayStatus"
GETINFO = "/cgi-bin/getinfo"
GETMODEL = "/cgi-bin/getmodel"
NETWORK = "/cgi-bin/network"
CAPABILITIES = "/cgi-bin/getcapabilities"
IMAGE = "/cgi-bin/image"
MOTION = "/cgi-bin/motion"
OSD = "/cgi-bin/osd"
LED = "/cgi-bin/set_led"
IRCUT = "/cgi-bin/set_ircut"
PTZ = "/cgi-bin/ptz_ctrl"
SNAPSHOT = "/cgi-bin/snapshot.cgi"
REBOOT = "/cgi-bin/reboot"
ALARM = "/cgi-bin/setManualInputAlarm"
ALL_SETTINGS = {
    "brightness",
    "contrast",
    "saturation",
    "sharpness",
    "motion_detection",
    "motion_sensitivity",
    "motion_threshold",
    "night_motion_parameters",
    "night_motion_sensitivity",
    "night_motion_threshold",
    "osd",
    "led",
    "led_brightness",
    "led_mode",
    "ir_cut_mode",
    "relay",
}
LED_SETTINGS = ("led", "led_brightness", "led_mode", "ir_cut_mode")
PTZ_FEATURES = {
    Feature.PTZ_MOVE,
    Feature.PTZ_ZOOM,
    Feature.PTZ_FOCUS,
    Feature.PTZ_IRIS,
    Feature.PTZ_PRESETS,
}


# --- fixtures and helpers -----------------------------------------------------------------


class Rewrites(BaseRewrites):
    """The shared rewrites, plus the spec's 2.3 fault answer."""

    def fault(self, when: Predicate, reason: str) -> None:
        async def answer(request: web.Request) -> web.StreamResponse:
            body = xml_fault(request.path, reason)
            return web.Response(status=400, body=body.encode(), content_type="text/xml")

        self.add(when, answer)


def _is(path: str, *, bare: bool = False) -> Predicate:
    """Requests for `path` (with `bare`: only those carrying nothing but the uid)."""

    def when(seen: str, params: dict[str, str]) -> bool:
        return seen == path and (not bare or set(params) <= {"uid"})

    return when


class Clock:
    """`time` of the client's modules, `offset` seconds ahead of the real monotonic clock."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Constructor arguments of the simulated camera (tests parametrize it)."""
    return {}


@pytest.fixture
def sim(sim_options: dict[str, Any]) -> AnjiaSimulator:
    """The simulated camera, with the test account."""
    return AnjiaSimulator(username=USERNAME, password=PASSWORD, **sim_options)


@pytest.fixture
def rewrites(sim: AnjiaSimulator) -> Rewrites:
    """Answers replacing the simulator's, installed before it serves."""
    rewrites = Rewrites()
    sim.app.middlewares.append(rewrites.middleware)
    return rewrites


@pytest.fixture
async def sim_port(sim: AnjiaSimulator, rewrites: Rewrites, serve: Serve) -> int:
    """The port the simulated camera listens on."""
    port = (await serve(sim.app)).port
    assert port is not None
    return port


@pytest.fixture
def options() -> ClientOptions:
    """The client's options (tests parametrize them)."""
    return ClientOptions()


def _client(
    session: aiohttp.ClientSession,
    port: int,
    options: ClientOptions | None = None,
    **config: Any,
) -> AnjiaClient:
    client = create_client(Vendor.ANJIA, session, config_for(port, **config), options)
    assert isinstance(client, AnjiaClient)
    return client


@pytest.fixture
def client(
    sim_port: int, http_session: aiohttp.ClientSession, options: ClientOptions
) -> AnjiaClient:
    """The client under test."""
    return _client(http_session, sim_port, options)


@pytest.fixture
def wrong_client(sim_port: int, http_session: aiohttp.ClientSession) -> AnjiaClient:
    """A client with a wrong password."""
    return _client(http_session, sim_port, password=WRONG_PASSWORD)


@pytest.fixture
async def ready(sim: AnjiaSimulator, client: AnjiaClient) -> AnjiaClient:
    """The client after setup (identify, capabilities); the simulator's log starts empty."""
    await client.async_identify()
    await client.async_capabilities()
    sim.requests.clear()
    return client


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, sim: AnjiaSimulator) -> Clock:
    """Move the clock of the client's sessions, and of the simulator's uids, without sleeping."""
    clock = Clock()
    monkeypatch.setattr(client_login, "time", clock)
    monkeypatch.setattr(anjia_session, "time", clock)
    sim._uids._clock = clock.monotonic
    return clock


def _paths(sim: AnjiaSimulator) -> list[str]:
    return [request.path for request in sim.requests]


def _to(sim: AnjiaSimulator, path: str) -> list[dict[str, str]]:
    """The queries of the requests for `path`, in order."""
    return [request.query for request in sim.requests if request.path == path]


def _issued_uids(sim: AnjiaSimulator) -> set[str]:
    return {request.query["uid"] for request in sim.requests if "uid" in request.query}


# --- fingerprint and detection ------------------------------------------------------------


@pytest.mark.parametrize(
    "sim_options", [{"auth_mode": "none"}, {"auth_mode": "basic"}, {"auth_mode": "digest"}]
)
async def test_detect_finds_the_camera_without_sending_credentials(
    sim: AnjiaSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    """detect() says ANJIA for every auth mode, sending no credential and costing no login."""
    assert await detect(http_session, config_for(sim_port)) is Vendor.ANJIA
    assert GETUID in _paths(sim)
    assert sim.logins == 0
    assert sim.failed_logins == 0
    assert with_credentials(sim) == []
    for request in sim.requests:
        assert "username" not in request.query
        assert "password" not in request.query
        assert PASSWORD not in str(request.query)


async def test_fingerprint_is_a_bare_getuid(
    sim: AnjiaSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    """The fingerprint is one getuid without parameters (3.2.1's "error, parse parameters")."""
    transport = Transport(http_session, config_for(sim_port))
    assert await AnjiaClient.async_fingerprint(transport)
    assert [(request.path, request.query) for request in sim.requests] == [(GETUID, {})]


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_fingerprint_behind_http_auth_checks_a_path_no_camera_serves(
    sim: AnjiaSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    """A 401 on getuid counts only where a made-up path answers 404."""
    transport = Transport(http_session, config_for(sim_port))
    assert await AnjiaClient.async_fingerprint(transport)
    first, control = _paths(sim)
    assert first == GETUID
    assert control not in {resource.canonical for resource in sim.app.router.resources()}
    assert with_credentials(sim) == []


@pytest.mark.parametrize("make", [FoscamMjpegSimulator, GrandstreamSimulator, StandardApiSimulator])
async def test_the_other_vendors_simulators_are_no_anjia_camera(
    make: Callable[..., FoscamMjpegSimulator | GrandstreamSimulator | StandardApiSimulator],
    serve: Serve,
    http_session: aiohttp.ClientSession,
) -> None:
    """The Anjia fingerprint says False for the Foscam, Grandstream and Standard API cameras."""
    other = make(username=USERNAME, password=PASSWORD)
    server = await serve(other.app)
    transport = Transport(http_session, config_for(server.port))
    assert not await AnjiaClient.async_fingerprint(transport)
    assert all("Authorization" not in request.headers for request in other.requests)


async def test_a_server_answering_404_everywhere_is_no_anjia_camera(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """A plain 404 server is no Anjia camera, and detect() finds no vendor there."""
    server = await serve(web.Application())
    transport = Transport(http_session, config_for(server.port))
    assert not await AnjiaClient.async_fingerprint(transport)
    with pytest.raises(UnsupportedDeviceError):
        await detect(http_session, config_for(server.port))


async def test_a_device_asking_credentials_everywhere_is_no_anjia_camera(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """A 401 on every path (the made-up one too) is not taken for an Anjia camera."""
    stub = CameraStub(auth="basic")
    server = await serve(stub.app())
    transport = Transport(http_session, config_for(server.port))
    assert not await AnjiaClient.async_fingerprint(transport)
    assert len(stub.seen) == 2
    assert all(not seen.authorization for seen in stub.seen)


async def test_a_getuid_answering_something_else_is_no_anjia_camera(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """A getuid answer that is no 2.3 fault (a page, an element) is no Anjia camera."""

    async def page(_request: web.Request) -> web.Response:
        return web.Response(status=400, text="<html><body>Bad request</body></html>")

    app = web.Application()
    app.router.add_get(GETUID, page)
    server = await serve(app)
    transport = Transport(http_session, config_for(server.port))
    assert not await AnjiaClient.async_fingerprint(transport)


async def test_fingerprint_on_a_closed_port_is_false(
    closed_port: int, http_session: aiohttp.ClientSession
) -> None:
    """A device that does not answer is no Anjia camera (and no error)."""
    transport = Transport(http_session, config_for(closed_port))
    assert not await AnjiaClient.async_fingerprint(transport)


async def test_fingerprint_whose_control_request_breaks_is_false(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """A 401 on getuid, then a connection broken on the control path: False."""

    async def challenge(_request: web.Request) -> web.Response:
        return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="x"'})

    async def hang_up(request: web.Request) -> web.Response:
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    app = web.Application()
    app.router.add_get(GETUID, challenge)
    app.router.add_get("/{tail:.*}", hang_up)
    server = await serve(app)
    transport = Transport(http_session, config_for(server.port))
    assert not await AnjiaClient.async_fingerprint(transport)


@pytest.mark.parametrize(
    "sim_options", [{"auth_mode": "none"}, {"auth_mode": "basic"}, {"auth_mode": "digest"}]
)
@pytest.mark.parametrize("vendor", [vendor for vendor in VENDOR_CLIENTS if vendor != Vendor.ANJIA])
async def test_the_other_vendors_fingerprints_say_false_for_anjia(
    sim: AnjiaSimulator, sim_port: int, http_session: aiohttp.ClientSession, vendor: Vendor
) -> None:
    """Foscam, Grandstream and the Standard API do not claim an Anjia camera."""
    transport = Transport(http_session, config_for(sim_port))
    assert not await VENDOR_CLIENTS[vendor].async_fingerprint(transport)
    assert sim.logins == 0
    assert sim.failed_logins == 0


# --- identify -----------------------------------------------------------------------------


async def test_identify_reads_who_the_camera_is(sim: AnjiaSimulator, client: AnjiaClient) -> None:
    """getinfo, getmodel and network give the model, MAC, serial and firmware."""
    info = await client.async_identify()
    assert info.vendor is Vendor.ANJIA
    assert info.manufacturer == "Anjia Weishi"
    assert info.model == "MC200J6"
    assert info.mac == "00:12:12:34:56:78"
    assert info.serial == "AJWS00123456"
    assert info.firmware == "V1.0.10.20190510 (kernel 3.4.35)"
    assert info.unique_id == "00:12:12:34:56:78"
    assert _paths(sim) == [GETUID, GETINFO, GETMODEL, NETWORK]
    assert _to(sim, GETUID) == [{"username": USERNAME, "password": PASSWORD}]


@pytest.mark.parametrize(
    ("macaddr", "mac"),
    [
        ("00-12-12-34-56-78", "00:12:12:34:56:78"),
        ("AA-BB-CC-0D-0E-0F", "aa:bb:cc:0d:0e:0f"),
        ("aa:bb:cc:dd:ee:01", "aa:bb:cc:dd:ee:01"),
        ("XX-XX-XX-XX-XX-X X", None),
        ("00-00-00-00-00-00", None),
        ("FF-FF-FF-FF-FF-FF", None),
        ("", None),
    ],
)
async def test_identify_formats_the_mac(
    sim: AnjiaSimulator, client: AnjiaClient, macaddr: str, mac: str | None
) -> None:
    """3.3.1's `XX-XX-XX-XX-XX-XX` becomes lowercase and colon separated; a non-MAC None."""
    sim.network["macaddr"] = macaddr
    assert (await client.async_identify()).mac == mac


async def test_identify_without_the_attributes_gives_none(
    rewrites: Rewrites, client: AnjiaClient
) -> None:
    """Answers without attributes or text give None for each field, not a crash."""
    rewrites.body(_is(GETINFO), xml_attrs("info", {}))
    rewrites.body(_is(GETMODEL), xml_text("model", "  "))
    rewrites.body(_is(NETWORK), xml_attrs("network", {"dhcp": "0"}))
    info = await client.async_identify()
    assert (info.model, info.mac, info.serial, info.firmware) == (None, None, None, None)
    assert info.unique_id is None


@pytest.mark.parametrize(
    ("kernel", "filesystem", "firmware"),
    [
        ("3.4.35", "", "kernel 3.4.35"),
        ("", "V1.0.10", "V1.0.10"),
        (" ", " ", None),
    ],
)
async def test_identify_firmware_from_what_getinfo_has(
    sim: AnjiaSimulator, client: AnjiaClient, kernel: str, filesystem: str, firmware: str | None
) -> None:
    """The firmware is "<filesystem> (kernel <kernel>)", or whichever of the two is known."""
    sim.kernel = kernel
    sim.filesystem = filesystem
    sim.serial = ""
    info = await client.async_identify()
    assert info.firmware == firmware
    assert info.serial is None


# --- sessions -----------------------------------------------------------------------------


async def test_one_getuid_serves_many_calls(sim: AnjiaSimulator, client: AnjiaClient) -> None:
    """The uid from one getuid is used for every later call."""
    await client.async_identify()
    await client.async_capabilities()
    for _ in range(5):
        await client.async_fast_status()
    await client.async_read_settings()
    assert sim.logins == 1
    assert _paths(sim).count(GETUID) == 1
    assert len(_issued_uids(sim)) == 1


async def test_the_uid_goes_last_in_every_query(sim: AnjiaSimulator, client: AnjiaClient) -> None:
    """Every CGI carries `uid`, as the last parameter, as in every example URL of the spec."""
    await client.async_identify()
    await client.async_capabilities()
    await client.async_write_setting("led_brightness", 70)
    await client.async_write_setting("brightness", 90)
    await client.async_ptz_move(PtzDirection.UP, 50)
    await client.async_ptz_preset(PresetAction.SAVE, 3)
    await client.async_snapshot()
    await client.async_press("trigger_alarm_input")
    requests = [request for request in sim.requests if request.path != GETUID]
    assert len(requests) > 10
    for request in requests:
        assert list(request.query)[-1] == "uid", request.path
        assert request.query["uid"] == sim.uids[0]


async def test_an_expired_uid_costs_exactly_one_more_getuid(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """`uid error` mid-run: one getuid and the call is repeated, invisibly to the caller."""
    old = sim.uids[0]
    sim.expire_uids()
    update = await ready.async_fast_status()
    assert update.values == {"relay": False}
    assert _paths(sim) == [GET_RELAY, GETUID, GET_RELAY]
    assert sim.logins == 2
    assert _to(sim, GET_RELAY)[0]["uid"] == old
    assert _to(sim, GET_RELAY)[1]["uid"] == sim.uids[0] != old


async def test_a_uid_that_expires_again_later_is_renewed_again(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """Each expiry costs one getuid, however often it happens."""
    for _ in range(3):
        sim.expire_uids()
        await ready.async_read_settings()
    assert sim.logins == 4


async def test_concurrent_calls_after_expiry_cost_exactly_one_login(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """N calls that all find the uid gone share one getuid (single flight)."""
    sim.expire_uids()
    updates = await asyncio.gather(*(ready.async_fast_status() for _ in range(6)))
    assert all(update.values == {"relay": False} for update in updates)
    assert sim.logins == 2
    assert _paths(sim).count(GETUID) == 1


async def test_concurrent_first_calls_cost_exactly_one_login(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """The first calls, made at once, share one getuid."""
    await asyncio.gather(*(client.async_fast_status() for _ in range(6)))
    assert sim.logins == 1
    assert _paths(sim).count(KEEP_ALIVE) == 6


async def test_a_uid_idle_past_its_lifetime_is_renewed_before_any_request_is_wasted(
    sim: AnjiaSimulator, ready: AnjiaClient, clock: Clock
) -> None:
    """Idle past 60 s less the margin, the uid is renewed first: no request earns `uid error`."""
    old = sim.uids[0]
    clock.offset += DEFAULT_LIFETIME + 1
    # The device dropped it too: a request on it would only come back `uid error`.
    assert sim.uids == []
    await ready.async_fast_status()
    assert _paths(sim) == [GETUID, GET_RELAY]
    assert _to(sim, GET_RELAY)[0]["uid"] != old


async def test_a_uid_used_within_its_lifetime_is_kept(
    sim: AnjiaSimulator, ready: AnjiaClient, clock: Clock
) -> None:
    """Just inside the lifetime (less the margin) the uid is used as it is."""
    old = sim.uids[0]
    for _ in range(3):
        clock.offset += DEFAULT_LIFETIME - EXPIRY_MARGIN - 1
        await ready.async_fast_status()
    assert _paths(sim) == [GET_RELAY] * 3
    assert sim.uids == [old]


async def test_the_lifetime_margin_is_honoured(
    sim: AnjiaSimulator, ready: AnjiaClient, clock: Clock
) -> None:
    """Idle a little longer than the lifetime less the margin counts as lapsed."""
    clock.offset += DEFAULT_LIFETIME - EXPIRY_MARGIN + 1
    await ready.async_fast_status()
    assert _paths(sim) == [GETUID, GET_RELAY]


async def test_a_device_refusing_fresh_uids_gets_no_login_per_call(
    sim: AnjiaSimulator, rewrites: Rewrites, client: AnjiaClient, clock: Clock
) -> None:
    """A uid refused before it served any request is not renewed on every call."""
    rewrites.fault(lambda path, _params: path != GETUID, "uid error")
    with pytest.raises(ResponseError, match="just issued"):
        await client.async_identify()
    assert sim.logins == 1
    for _ in range(5):
        clock.offset += 10
        before = len(sim.requests)
        with pytest.raises(ResponseError):
            await client.async_fast_status()
        assert _paths(sim)[before:] == [KEEP_ALIVE]
    assert sim.logins == 1
    clock.offset = FRESH_SESSION_BACKOFF
    with pytest.raises(ResponseError):
        await client.async_fast_status()
    assert sim.logins == 2


async def test_reboot_forgets_the_uid(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """After the reboot button the next call logs in first (uids live in the camera's RAM)."""
    await ready.async_press("reboot")
    sim.requests.clear()
    assert await ready.async_fast_status() is not None
    assert _paths(sim) == [GETUID, GET_RELAY]
    assert sim.logins == 2


async def test_the_session_reports_its_uid(sim: AnjiaSimulator, client: AnjiaClient) -> None:
    """The session's uid is empty until the first call, then the device's."""
    assert client.session.uid == ""
    assert not client.session.active
    await client.async_fast_status()
    assert client.session.uid == sim.uids[0]


@pytest.mark.parametrize("options", [ClientOptions(status_interval=60)])
async def test_the_session_summary_counts_logins_and_the_uid_lifetime(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """Diagnostics see the logins so far and the uid lifetime that was set."""
    assert client.session_summary == {
        "logins": 0,
        "uid_lifetime": DEFAULT_LIFETIME,
        "uid_lifetime_settable": None,
    }
    await client.async_fast_status()
    sim.expire_uids()
    await client.async_fast_status()
    assert client.session_summary == {
        "logins": 2,
        "uid_lifetime": wanted_lifetime(60, 10),
        "uid_lifetime_settable": True,
    }


# --- setUidValidTime (3.7.10) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "timeout", "wanted"),
    [
        (2.0, 10.0, None),
        (22.5, 10.0, None),
        (23.0, 10.0, 61),
        (60.0, 10.0, 135),
        (60.0, 0.5, 126),
        (300.0, 10.0, 615),
    ],
)
def test_wanted_lifetime(interval: float, timeout: float, wanted: int | None) -> None:
    """Two poll gaps plus a request timeout and the margin, where 60 s is not enough."""
    assert wanted_lifetime(interval, timeout) == wanted


@pytest.mark.parametrize("options", [ClientOptions(status_interval=60)])
async def test_a_long_poll_interval_sets_the_uid_lifetime_after_getuid(
    sim: AnjiaSimulator, client: AnjiaClient, clock: Clock
) -> None:
    """setUidValidTime right after getuid; the device keeps the uid between 60 s polls."""
    wanted = wanted_lifetime(60, ClientOptions().request_timeout)
    assert wanted is not None
    await client.async_fast_status()
    assert _paths(sim) == [GETUID, SET_UID_TIME, KEEP_ALIVE]
    uid = sim.uids[0]
    assert _to(sim, SET_UID_TIME) == [{"validTime": str(wanted), "uid": uid}]
    assert sim.uid_lifetime(uid) == wanted
    assert client.session.lifetime == wanted
    for _ in range(3):
        clock.offset += 60
        await client.async_fast_status()
    assert sim.logins == 1
    assert sim.uids == [uid]


async def test_the_default_interval_sends_no_set_uid_valid_time(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """Polls 2 s apart need no more than the default 60 s."""
    await client.async_identify()
    await client.async_capabilities()
    assert SET_UID_TIME not in _paths(sim)
    assert sim.uid_lifetime(sim.uids[0]) == DEFAULT_LIFETIME


def _not_found() -> Answer:
    async def answer(_request: web.Request) -> web.StreamResponse:
        return web.Response(status=404, text="404 Not Found")

    return answer


def _unknown_cgi() -> Answer:
    async def answer(request: web.Request) -> web.StreamResponse:
        body = xml_fault(request.path, "error, parse parameters")
        return web.Response(status=400, body=body.encode(), content_type="text/xml")

    return answer


@pytest.mark.parametrize("options", [ClientOptions(status_interval=60)])
@pytest.mark.parametrize("answer", [_not_found(), _unknown_cgi()], ids=["404", "fault"])
async def test_firmware_without_set_uid_valid_time_keeps_60_s_and_never_asks_again(
    sim: AnjiaSimulator, rewrites: Rewrites, client: AnjiaClient, clock: Clock, answer: Answer
) -> None:
    """A 404 or fault for setUidValidTime: 60 s, no retry on later logins, lapsed uids renewed."""
    rewrites.add(_is(SET_UID_TIME), answer)
    await client.async_identify()
    assert client.session.lifetime == DEFAULT_LIFETIME
    assert client.session.lifetime_settable is False
    sim.expire_uids()
    await client.async_fast_status()
    assert sim.logins == 2
    # Polls 60 s apart find the uid lapsed: a new one first, no wasted request.
    clock.offset += 60
    sim.requests.clear()
    await client.async_fast_status()
    assert _paths(sim) == [GETUID, KEEP_ALIVE]
    assert sim.logins == 3
    assert len([r for r in sim.requests if r.path == SET_UID_TIME]) == 0


@pytest.mark.parametrize("options", [ClientOptions(status_interval=60)])
async def test_set_uid_valid_time_is_sent_again_on_each_login_where_it_works(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """Each new uid gets its lifetime set (it is one uid's setting)."""
    await client.async_fast_status()
    sim.expire_uids()
    await client.async_fast_status()
    assert len(_to(sim, SET_UID_TIME)) == 2
    assert sim.uid_lifetime(sim.uids[0]) == wanted_lifetime(60, 10)


# --- credentials --------------------------------------------------------------------------


async def test_wrong_password_costs_exactly_one_failed_login(
    sim: AnjiaSimulator, wrong_client: AnjiaClient
) -> None:
    """`password error` is an AuthError; later calls send no getuid at all (the guard)."""
    with pytest.raises(AuthError) as info:
        await wrong_client.async_identify()
    assert sim.failed_logins == 1
    before = len(sim.requests)
    errors: list[CameraError] = [info.value]
    for _ in range(5):
        with pytest.raises(AuthError) as again:
            await wrong_client.async_fast_status()
        errors.append(again.value)
    assert sim.requests[before:] == []
    assert sim.failed_logins == 1
    for err in errors:
        assert WRONG_PASSWORD not in str(err)
        assert WRONG_PASSWORD not in repr(err)


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_wrong_password_behind_http_auth_costs_one_credentialed_attempt(
    sim: AnjiaSimulator, wrong_client: AnjiaClient
) -> None:
    """Basic/Digest firmware: the 401 is an AuthError after one attempt with credentials."""
    with pytest.raises(AuthError) as info:
        await wrong_client.async_identify()
    assert len(with_credentials(sim)) == 1
    assert sim.logins == 0
    before = len(sim.requests)
    for _ in range(5):
        with pytest.raises(AuthError):
            await wrong_client.async_read_settings()
    assert sim.requests[before:] == []
    assert WRONG_PASSWORD not in str(info.value)


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_http_auth_firmware_gets_the_header_on_every_request(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """Learnt from getuid's challenge, the scheme goes with every CGI, getuid included."""
    await client.async_identify()
    await client.async_capabilities()
    await client.async_snapshot()
    assert sim.logins == 1
    assert sim.requests[0].path == GETUID
    assert "Authorization" not in sim.requests[0].headers
    assert all("Authorization" in request.headers for request in sim.requests[1:])


async def test_a_password_error_on_another_cgi_is_an_auth_error(
    rewrites: Rewrites, ready: AnjiaClient
) -> None:
    """`password error` is an AuthError wherever it comes from (snapshot.cgi takes accounts)."""
    rewrites.fault(_is(SNAPSHOT), "password error")
    with pytest.raises(AuthError):
        await ready.async_snapshot()


async def test_wrong_credentials_fault_is_an_auth_error(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """The simulator's wrong_credentials fault: AuthError, one failed login, then none."""
    sim.faults.wrong_credentials = True
    for _ in range(3):
        with pytest.raises(AuthError):
            await client.async_fast_status()
    assert sim.failed_logins == 1


async def _exercise(sim: AnjiaSimulator, client: AnjiaClient) -> list[CameraError]:
    """Everything a setup and a few cycles send, some failures included; the errors raised."""
    await client.async_identify()
    await client.async_capabilities()
    await client.async_fast_status()
    await client.async_read_settings()
    await client.async_write_setting("led", True)
    await client.async_snapshot()
    await client.async_ptz_move(PtzDirection.LEFT, 40)
    sim.expire_uids()
    await client.async_fast_status()
    errors: list[CameraError] = []
    for attempt in (
        lambda: client._call(IMAGE, {"brightness": 999}),
        lambda: client.async_write_setting("nope", 1),
    ):
        try:
            await attempt()
        except CameraError as err:
            errors.append(err)
    sim.relay_fails = True
    try:
        await client.async_fast_status()
    except CameraError as err:
        errors.append(err)
    sim.relay_fails = False
    sim.faults.http_status = 500
    try:
        await client.async_fast_status()
    except CameraError as err:
        errors.append(err)
    sim.faults.clear()
    sim.faults.malformed_body = b"<uid>not xml</uid"
    sim.faults.paths = frozenset({GET_RELAY})
    try:
        await client.async_fast_status()
    except CameraError as err:
        errors.append(err)
    sim.faults.clear()
    await client.async_fast_status()
    assert len(errors) == 5
    return errors


async def test_the_password_and_uid_never_reach_errors_or_raw_exchanges(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """Neither the password nor a uid is in an error message or the kept exchanges."""
    errors = await _exercise(sim, client)
    uids = _issued_uids(sim)
    assert len(uids) == 2
    kept = kept_exchanges(client)
    assert "uid=**REDACTED**" in kept
    for text in [kept, *(str(err) for err in errors), *(repr(err) for err in errors)]:
        assert PASSWORD not in text
        for uid in uids:
            assert uid not in text


async def test_the_getuid_exchange_is_kept_redacted(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """getuid's query credentials and the uid of its answer are blanked in raw_exchanges."""
    await client.async_fast_status()
    getuid, keep_alive = client.raw_exchanges
    assert getuid.path == "/cgi-bin/getuid?username=**REDACTED**&password=**REDACTED**"
    assert "<uid>**REDACTED**</uid>" in getuid.body
    assert keep_alive.path == "/cgi-bin/keep_alive?uid=**REDACTED**"
    assert sim.uids[0] not in kept_exchanges(client)
    assert PASSWORD not in kept_exchanges(client)


@pytest.mark.parametrize("echo", ["password", "uid"])
async def test_a_fault_reason_echoing_the_password_or_uid_is_redacted(
    sim: AnjiaSimulator, rewrites: Rewrites, ready: AnjiaClient, echo: str
) -> None:
    """A camera reason repeating the password or the uid does not carry it into the error."""
    uid = sim.uids[0]
    secret = PASSWORD if echo == "password" else uid

    async def answer(request: web.Request) -> web.StreamResponse:
        body = xml_fault(request.path, f"error, parse {echo} {secret}")
        return web.Response(status=400, body=body.encode(), content_type="text/xml")

    rewrites.add(_is(MOTION), answer)
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("motion_detection", False)
    assert secret not in str(info.value)
    assert secret not in info.value.reason
    assert info.value.reason == f"error, parse {echo} **REDACTED**"


async def test_a_getuid_fault_echoing_the_password_is_redacted(
    rewrites: Rewrites, client: AnjiaClient
) -> None:
    """getuid's refusal too: the reason is shown without the password."""
    rewrites.fault(_is(GETUID), f"error, parse password {PASSWORD}")
    with pytest.raises(RefusedError) as info:
        await client.async_identify()
    assert PASSWORD not in str(info.value)
    assert info.value.reason == "error, parse password **REDACTED**"


# --- faults and broken answers ------------------------------------------------------------


async def test_a_fault_is_a_refused_error_with_the_cameras_reason(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """A 2.3 fault (here 3.6.3's range check) is a RefusedError keeping the reason."""
    with pytest.raises(RefusedError) as info:
        await ready._call(IMAGE, {"brightness": 300})
    assert info.value.reason == "brightness range: 0-255"
    assert "brightness range: 0-255" in str(info.value)
    assert sim.image["brightness"] == "128"


async def test_a_failing_relay_status_is_a_refused_error(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """3.7.13's `Get status(0) fail` (HTTP 400, no fault) keeps its text as the reason."""
    sim.relay_fails = True
    with pytest.raises(RefusedError) as info:
        await ready.async_fast_status()
    assert info.value.reason == "Get status(0) fail"
    assert _paths(sim) == [GET_RELAY]


async def test_a_ptz_call_the_camera_rejects_is_a_refused_error(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """getcapabilities said ptz=1, the camera refuses anyway: its reason reaches the caller."""
    sim.has_ptz = False
    with pytest.raises(RefusedError) as info:
        await ready.async_ptz_move(PtzDirection.UP, 50)
    assert info.value.reason == "ptz not support"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"OK",
        b"uid=12345678",
        b"<!DOCTYPE html><html><body>login</body></html>",
        b'<?xml version="1.0"?><!DOCTYPE info [<!ENTITY x "y">]><info sn="&x;"/>',
        b"\x00\xff\xfe garbage",
    ],
)
async def test_answers_that_are_no_xml_are_parse_errors(
    sim: AnjiaSimulator, client: AnjiaClient, body: bytes
) -> None:
    """Empty, plain text, HTML and DTD-carrying answers are ParseErrors."""
    sim.faults.malformed_body = body
    sim.faults.paths = frozenset({GETINFO})
    with pytest.raises(ParseError):
        await client.async_identify()


async def test_an_html_page_answering_a_write_is_a_parse_error(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """A 200 HTML page is no answer of the CGI, for a write as for a read."""
    sim.faults.malformed_body = b"<html><body>Please log in</body></html>"
    sim.faults.paths = frozenset({IMAGE})
    with pytest.raises(ParseError):
        await ready.async_write_setting("brightness", 10)


async def test_a_getuid_answer_without_a_uid_is_a_parse_error(
    rewrites: Rewrites, client: AnjiaClient
) -> None:
    """`<uid></uid>` or another element is no session."""
    rewrites.body(_is(GETUID), xml_text("uid", " "))
    with pytest.raises(ParseError, match="no uid"):
        await client.async_identify()
    rewrites.rules.clear()
    rewrites.body(_is(GETUID), xml_text("keep_alive", "true"))
    with pytest.raises(ParseError, match="no uid"):
        await client.async_identify()


async def test_an_http_error_is_a_response_error(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """HTTP 500 is a ResponseError (no refusal, nothing parsed)."""
    sim.faults.http_status = 500
    with pytest.raises(ResponseError) as info:
        await ready.async_fast_status()
    assert type(info.value) is ResponseError
    assert "HTTP 500" in str(info.value)


async def test_a_missing_cgi_is_a_response_error(rewrites: Rewrites, ready: AnjiaClient) -> None:
    """A 404 for a CGI is a ResponseError."""
    rewrites.add(_is(ALARM), _not_found())
    with pytest.raises(ResponseError) as info:
        await ready.async_press("trigger_alarm_input")
    assert type(info.value) is ResponseError


async def test_closed_port_is_a_connection_error(
    closed_port: int, http_session: aiohttp.ClientSession
) -> None:
    """Nothing listening: CameraConnectionError."""
    with pytest.raises(CameraConnectionError):
        await _client(http_session, closed_port).async_identify()


async def test_a_dropped_connection_is_a_connection_error(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """A device that hangs up without an answer: CameraConnectionError."""
    sim.faults.offline = True
    with pytest.raises(CameraConnectionError):
        await ready.async_fast_status()
    sim.faults.offline = False
    assert (await ready.async_fast_status()).values == {"relay": False}


@pytest.mark.parametrize("options", [ClientOptions(request_timeout=0.2)])
async def test_a_stalled_device_is_a_timeout(sim: AnjiaSimulator, client: AnjiaClient) -> None:
    """A device that never answers: CameraTimeoutError after the request timeout."""
    sim.faults.delay = 5
    started = time.monotonic()
    with pytest.raises(CameraTimeoutError):
        await client.async_fast_status()
    assert time.monotonic() - started < 2


# --- capabilities -------------------------------------------------------------------------


async def test_capabilities_of_a_ptz_camera(sim: AnjiaSimulator, client: AnjiaClient) -> None:
    """ptz="1": snapshot and every PTZ feature, every setting, both buttons, presets 1-255."""
    await client.async_identify()
    caps = await client.async_capabilities()
    assert caps.features == {Feature.SNAPSHOT, *PTZ_FEATURES}
    assert set(caps.settings) == ALL_SETTINGS
    assert caps.buttons == {"reboot", "trigger_alarm_input"}
    assert caps.ptz_presets == tuple(range(1, 256))
    assert caps.streams == (StreamQuality.MAIN, StreamQuality.SUB)
    assert caps.events == frozenset()


@pytest.mark.parametrize("sim_options", [{"ptz": False}])
async def test_capabilities_of_a_camera_without_ptz(client: AnjiaClient) -> None:
    """ptz="0": only the snapshot, and no preset."""
    caps = await client.async_capabilities()
    assert caps.features == {Feature.SNAPSHOT}
    assert caps.ptz_presets == ()
    assert set(caps.settings) == ALL_SETTINGS


@pytest.mark.parametrize(
    ("key", "spec"),
    [
        *(
            (key, SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=255))
            for key in ("brightness", "contrast", "saturation", "sharpness")
        ),
        *(
            (key, SettingSpec(kind=SettingKind.NUMBER, minimum=1, maximum=100))
            for key in (
                "motion_sensitivity",
                "motion_threshold",
                "night_motion_sensitivity",
                "night_motion_threshold",
            )
        ),
        ("led_brightness", SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=100)),
        *(
            (key, SettingSpec(kind=SettingKind.SWITCH))
            for key in ("motion_detection", "night_motion_parameters", "osd", "led", "relay")
        ),
        ("led_mode", SettingSpec(kind=SettingKind.SELECT, options=("infrared", "white"))),
        (
            "ir_cut_mode",
            SettingSpec(
                kind=SettingKind.SELECT,
                options=("automatic", "day", "night", "mode_3", "mode_4", "mode_5"),
            ),
        ),
    ],
)
async def test_capabilities_setting_specs(client: AnjiaClient, key: str, spec: SettingSpec) -> None:
    """Each setting's kind and range (3.6.3: 0-255, 3.6.4: 1-100, 3.7.7: 0-100) or options."""
    caps = await client.async_capabilities()
    assert caps.settings[key] == spec
    assert AnjiaClient.setting_catalogue[key] == spec


async def test_capabilities_send_one_request_per_cgi(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """getcapabilities, the three config CGIs, set_led and set_ircut queried bare, the relay."""
    await client.async_capabilities()
    assert _paths(sim) == [GETUID, CAPABILITIES, IMAGE, MOTION, OSD, LED, IRCUT, GET_RELAY]
    assert _to(sim, LED) == [{"uid": sim.uids[0]}]
    assert _to(sim, IRCUT) == [{"uid": sim.uids[0]}]


async def test_a_camera_without_relay_has_no_relay_and_polls_keep_alive(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """`Get status(0) fail` at setup: no relay setting; the fast status is one keep_alive."""
    sim.relay_fails = True
    caps = await client.async_capabilities()
    assert "relay" not in caps.settings
    assert set(caps.settings) == ALL_SETTINGS - {"relay"}
    sim.requests.clear()
    update = await client.async_fast_status()
    assert update.values == {}
    assert update.events == {}
    assert _paths(sim) == [KEEP_ALIVE]
    with pytest.raises(NotSupportedError):
        await client.async_write_setting("relay", True)


async def test_an_answer_without_an_attribute_drops_that_setting(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """A setting whose attribute the camera does not answer is not offered."""
    del sim.image["sharpness"]
    del sim.motion["enable_nighttime"]
    caps = await client.async_capabilities()
    assert "sharpness" not in caps.settings
    assert "night_motion_parameters" not in caps.settings
    assert "brightness" in caps.settings


@pytest.mark.parametrize(
    "answer",
    ["fault", "text"],
)
async def test_led_and_ircut_that_answer_no_query_are_write_only(
    sim: AnjiaSimulator, rewrites: Rewrites, client: AnjiaClient, answer: str
) -> None:
    """set_led/set_ircut without a query answer: readable=False, still writable."""
    for path in (LED, IRCUT):
        if answer == "fault":
            rewrites.fault(_is(path, bare=True), "not find param brightness")
        else:
            rewrites.body(_is(path, bare=True), xml_text(path.rsplit("/", 1)[1], "true"))
    caps = await client.async_capabilities()
    for key in LED_SETTINGS:
        assert caps.settings[key].readable is False, key
    assert caps.settings["brightness"].readable is True
    sim.requests.clear()
    values = await client.async_read_settings()
    assert not set(values) & set(LED_SETTINGS)
    assert LED not in _paths(sim)
    assert IRCUT not in _paths(sim)
    # Unread, set_led gets 3.7.7's example values for the other two parameters.
    await client.async_write_setting("led", True)
    assert _to(sim, LED)[-1] == {
        "brightness": "50",
        "ledstatus": "1",
        "ledmode": "1",
        "uid": sim.uids[0],
    }
    assert sim.led == {"brightness": "50", "ledstatus": "1", "ledmode": "1"}
    await client.async_write_setting("led_mode", "white")
    assert _to(sim, LED)[-1]["ledstatus"] == "1"
    assert sim.led["ledmode"] == "2"
    await client.async_write_setting("ir_cut_mode", "night")
    assert sim.ircut_mode == 2


# --- fast status --------------------------------------------------------------------------


@pytest.mark.parametrize("relay", [0, 1])
async def test_fast_status_is_one_request_with_the_relay(
    sim: AnjiaSimulator, ready: AnjiaClient, relay: int
) -> None:
    """One getRelayStatus per call: `values={"relay": bool}`, no events."""
    sim.relay_status = relay
    for _ in range(3):
        before = len(sim.requests)
        update = await ready.async_fast_status()
        assert len(sim.requests) == before + 1
        assert update.values == {"relay": bool(relay)}
        assert update.events == {}
    assert _paths(sim) == [GET_RELAY] * 3


async def test_fast_status_follows_the_relay(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """A relay switched on the device shows in the next status."""
    assert (await ready.async_fast_status()).values == {"relay": False}
    sim.relay_status = 1
    assert (await ready.async_fast_status()).values == {"relay": True}


async def test_fast_status_before_capabilities_keeps_the_uid_alive(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """Without capabilities (no relay known) the status is a keep_alive."""
    update = await client.async_fast_status()
    assert update.values == {}
    assert _paths(sim) == [GETUID, KEEP_ALIVE]


async def test_an_unexpected_relay_answer_is_a_parse_error(
    rewrites: Rewrites, ready: AnjiaClient
) -> None:
    """A relay status that is neither status=0 nor status=1 is a ParseError."""
    rewrites.body(_is(GET_RELAY), xml_text("RelayStatus", "status=2"))
    with pytest.raises(ParseError):
        await ready.async_fast_status()


# --- settings -----------------------------------------------------------------------------


async def test_read_settings_match_the_camera(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """Every setting read back as the simulator holds it."""
    values = await ready.async_read_settings()
    assert values == {
        "brightness": 128,
        "contrast": 128,
        "saturation": 128,
        "sharpness": 128,
        "motion_detection": True,
        "motion_sensitivity": 80,
        "motion_threshold": 20,
        "night_motion_parameters": False,
        "night_motion_sensitivity": 80,
        "night_motion_threshold": 20,
        "osd": True,
        "led": False,
        "led_brightness": 50,
        "led_mode": "infrared",
        "ir_cut_mode": "automatic",
    }
    assert _paths(sim) == [IMAGE, MOTION, OSD, LED, IRCUT]


async def test_read_settings_follow_the_camera(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """Changes made on the device show in the next read."""
    sim.image.update(brightness="0", contrast="255", saturation="7", sharpness="99")
    sim.motion.update(enable="0", sensitivity="1", alarmthreshold="100")
    sim.motion.update(enable_nighttime="1", night_sensitivity="42", night_alarmthreshold="43")
    sim.osd["enable"] = "0"
    sim.led.update(brightness="100", ledstatus="1", ledmode="2")
    sim.ircut_mode = 5
    values = await ready.async_read_settings()
    assert values == {
        "brightness": 0,
        "contrast": 255,
        "saturation": 7,
        "sharpness": 99,
        "motion_detection": False,
        "motion_sensitivity": 1,
        "motion_threshold": 100,
        "night_motion_parameters": True,
        "night_motion_sensitivity": 42,
        "night_motion_threshold": 43,
        "osd": False,
        "led": True,
        "led_brightness": 100,
        "led_mode": "white",
        "ir_cut_mode": "mode_5",
    }


async def test_read_settings_skip_values_out_of_the_spec(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """A garbled or out-of-range value is left out, the others are read."""
    sim.image.update(brightness="256", contrast="abc", saturation="-1", sharpness="")
    sim.motion.update(enable="2", sensitivity="0")
    sim.led["ledmode"] = "3"
    sim.ircut_mode = 9
    values = await ready.async_read_settings()
    for key in ("brightness", "contrast", "saturation", "sharpness"):
        assert key not in values
    for key in ("motion_detection", "motion_sensitivity", "led_mode", "ir_cut_mode"):
        assert key not in values
    assert values["motion_threshold"] == 20
    assert values["osd"] is True


async def test_read_settings_before_capabilities_give_nothing(client: AnjiaClient) -> None:
    """Settings not listed by the capabilities are never reported."""
    assert await client.async_read_settings() == {}


@pytest.mark.parametrize(
    ("key", "value", "path", "attr", "code"),
    [
        ("brightness", 0, IMAGE, "brightness", "0"),
        ("brightness", 255, IMAGE, "brightness", "255"),
        ("contrast", 64, IMAGE, "contrast", "64"),
        ("saturation", 200, IMAGE, "saturation", "200"),
        ("sharpness", 10.0, IMAGE, "sharpness", "10"),
        ("motion_detection", False, MOTION, "enable", "0"),
        ("motion_sensitivity", 1, MOTION, "sensitivity", "1"),
        ("motion_threshold", 100, MOTION, "alarmthreshold", "100"),
        ("night_motion_parameters", True, MOTION, "enable_nighttime", "1"),
        ("night_motion_sensitivity", 33, MOTION, "night_sensitivity", "33"),
        ("night_motion_threshold", 44, MOTION, "night_alarmthreshold", "44"),
        ("osd", False, OSD, "enable", "0"),
        ("ir_cut_mode", "automatic", IRCUT, "ircutmode", "0"),
        ("ir_cut_mode", "day", IRCUT, "ircutmode", "1"),
        ("ir_cut_mode", "night", IRCUT, "ircutmode", "2"),
        ("ir_cut_mode", "mode_3", IRCUT, "ircutmode", "3"),
        ("ir_cut_mode", "mode_4", IRCUT, "ircutmode", "4"),
        ("ir_cut_mode", "mode_5", IRCUT, "ircutmode", "5"),
    ],
)
async def test_write_setting_round_trips(
    sim: AnjiaSimulator,
    ready: AnjiaClient,
    key: str,
    value: SettingValue,
    path: str,
    attr: str,
    code: str,
) -> None:
    """`<cgi>?<attr>=<code>&uid=...` exactly; the device holds it; it reads back."""
    await ready.async_write_setting(key, value)
    assert _paths(sim) == [path]
    assert _to(sim, path) == [{attr: code, "uid": sim.uids[0]}]
    if path == IRCUT:
        assert sim.ircut_mode == int(code)
    else:
        target = {IMAGE: sim.image, MOTION: sim.motion, OSD: sim.osd}[path]
        assert target[attr] == code
    assert (await ready.async_read_settings())[key] == value


@pytest.mark.parametrize(
    ("key", "value", "query"),
    [
        ("led", True, {"brightness": "50", "ledstatus": "1", "ledmode": "1"}),
        ("led_brightness", 0, {"brightness": "0", "ledstatus": "0", "ledmode": "1"}),
        ("led_brightness", 100, {"brightness": "100", "ledstatus": "0", "ledmode": "1"}),
        ("led_mode", "white", {"brightness": "50", "ledstatus": "0", "ledmode": "2"}),
        ("led_mode", "infrared", {"brightness": "50", "ledstatus": "0", "ledmode": "1"}),
    ],
)
async def test_set_led_always_sends_all_three_parameters(
    sim: AnjiaSimulator,
    ready: AnjiaClient,
    key: str,
    value: SettingValue,
    query: dict[str, str],
) -> None:
    """3.7.7 refuses a missing parameter: brightness, ledstatus, ledmode go together."""
    await ready.async_write_setting(key, value)
    assert _to(sim, LED) == [{**query, "uid": sim.uids[0]}]
    assert list(_to(sim, LED)[0]) == ["brightness", "ledstatus", "ledmode", "uid"]
    assert sim.led == query
    assert (await ready.async_read_settings())[key] == value


async def test_set_led_resends_the_others_as_last_read_or_written(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """The two parameters not changed are the ones last read from, or written to, the device."""
    sim.led.update(brightness="77", ledstatus="1", ledmode="2")
    await ready.async_read_settings()
    await ready.async_write_setting("led", False)
    assert _to(sim, LED)[-1] == {
        "brightness": "77",
        "ledstatus": "0",
        "ledmode": "2",
        "uid": sim.uids[0],
    }
    await ready.async_write_setting("led_brightness", 12)
    assert _to(sim, LED)[-1] == {
        "brightness": "12",
        "ledstatus": "0",
        "ledmode": "2",
        "uid": sim.uids[0],
    }
    assert sim.led == {"brightness": "12", "ledstatus": "0", "ledmode": "2"}


@pytest.mark.parametrize("options", [ClientOptions(invert_ir_cut=True)])
@pytest.mark.parametrize(
    ("mode", "code"),
    [("day", 2), ("night", 1), ("automatic", 0), ("mode_4", 4)],
)
async def test_invert_ir_cut_swaps_day_and_night_both_ways(
    sim: AnjiaSimulator, ready: AnjiaClient, mode: str, code: int
) -> None:
    """With invert_ir_cut day is written as 2 and night as 1, and read back so."""
    await ready.async_write_setting("ir_cut_mode", mode)
    assert _to(sim, IRCUT) == [{"ircutmode": str(code), "uid": sim.uids[0]}]
    assert sim.ircut_mode == code
    assert (await ready.async_read_settings())["ir_cut_mode"] == mode


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("brightness", -1),
        ("brightness", 256),
        ("brightness", 12.5),
        ("brightness", True),
        ("brightness", "128"),
        ("motion_sensitivity", 0),
        ("motion_sensitivity", 101),
        ("night_motion_threshold", 0),
        ("led_brightness", 101),
        ("led_brightness", -5),
        ("motion_detection", 1),
        ("osd", "on"),
        ("led", 0),
        ("led_mode", "blue"),
        ("led_mode", 1),
        ("ir_cut_mode", "dusk"),
        ("ir_cut_mode", "1"),
        ("relay", 1),
        ("relay", "on"),
    ],
)
async def test_values_the_spec_does_not_allow_are_refused_without_a_request(
    sim: AnjiaSimulator, ready: AnjiaClient, key: str, value: SettingValue
) -> None:
    """Out of range or of the wrong type: NotSupportedError, nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_write_setting(key, value)
    assert sim.requests == []


@pytest.mark.parametrize("value", [float("inf"), float("nan")])
async def test_non_finite_numbers_are_refused_without_a_request(
    sim: AnjiaSimulator, ready: AnjiaClient, value: float
) -> None:
    """inf and NaN are no whole number 0-255: NotSupportedError."""
    with pytest.raises(NotSupportedError):
        await ready.async_write_setting("brightness", value)
    assert sim.requests == []


@pytest.mark.parametrize("key", ["nope", "hlc", "tvsystem", ""])
async def test_an_unknown_setting_is_not_supported(
    sim: AnjiaSimulator, ready: AnjiaClient, key: str
) -> None:
    """A key the capabilities do not list: NotSupportedError, nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_write_setting(key, 1)
    assert sim.requests == []


@pytest.mark.parametrize("value", [True, False])
async def test_write_the_relay(sim: AnjiaSimulator, ready: AnjiaClient, value: bool) -> None:
    """setRelayStatus?status=N, its ` set status=N` answer checked (3.7.14)."""
    sim.relay_status = int(not value)
    await ready.async_write_setting("relay", value)
    assert _to(sim, SET_RELAY) == [{"status": str(int(value)), "uid": sim.uids[0]}]
    assert sim.relay_status == int(value)
    assert (await ready.async_fast_status()).values == {"relay": value}


async def test_a_relay_that_does_not_change_is_a_response_error(
    rewrites: Rewrites, ready: AnjiaClient
) -> None:
    """An answer with the other state is a ResponseError, not a silent success."""
    rewrites.body(_is(SET_RELAY), xml_text("RelayStatus", " set status=0"))
    with pytest.raises(ResponseError, match="did not change"):
        await ready.async_write_setting("relay", True)


async def test_a_garbled_relay_answer_is_a_parse_error(
    rewrites: Rewrites, ready: AnjiaClient
) -> None:
    """A setRelayStatus answer without the state is a ParseError."""
    rewrites.body(_is(SET_RELAY), xml_text("RelayStatus", "done"))
    with pytest.raises(ParseError):
        await ready.async_write_setting("relay", True)


async def test_a_write_the_camera_refuses_keeps_its_reason(
    rewrites: Rewrites, ready: AnjiaClient
) -> None:
    """A fault answering a write is a RefusedError with the camera's reason."""
    rewrites.fault(_is(MOTION), "enable: 0 or 1")
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("motion_detection", True)
    assert info.value.reason == "enable: 0 or 1"


async def test_a_write_after_uid_expiry_costs_one_login(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """A write that meets `uid error` is repeated once on a new uid, and lands once."""
    sim.expire_uids()
    await ready.async_write_setting("contrast", 5)
    assert _paths(sim) == [IMAGE, GETUID, IMAGE]
    assert sim.image["contrast"] == "5"


# --- snapshot -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quality", "stream", "size"),
    [
        (StreamQuality.MAIN, "1", (1920, 1080)),
        (StreamQuality.SUB, "0", (640, 480)),
    ],
)
async def test_snapshot_of_each_stream(
    sim: AnjiaSimulator,
    ready: AnjiaClient,
    quality: StreamQuality,
    stream: str,
    size: tuple[int, int],
) -> None:
    """3.7.5: stream=1 is the main stream, stream=0 the sub stream; a JPEG comes back."""
    picture = await ready.async_snapshot(quality)
    assert picture_size(picture) == size
    assert _to(sim, SNAPSHOT) == [{"stream": stream, "uid": sim.uids[0]}]
    assert ready.raw_exchanges[-1].body == f"<{len(picture)} bytes binary>"


async def test_snapshot_defaults_to_the_main_stream(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """Without a quality the main stream (stream=1) is asked for."""
    picture = await ready.async_snapshot()
    assert picture_size(picture) == (1920, 1080)
    assert _to(sim, SNAPSHOT)[0]["stream"] == "1"


async def test_a_snapshot_fault_is_a_refused_error(rewrites: Rewrites, ready: AnjiaClient) -> None:
    """A fault answer to snapshot.cgi keeps the camera's reason."""
    rewrites.fault(_is(SNAPSHOT), "sd card not mounted")
    with pytest.raises(RefusedError) as info:
        await ready.async_snapshot()
    assert info.value.reason == "sd card not mounted"


async def test_a_snapshot_that_is_no_jpeg_is_a_parse_error(
    rewrites: Rewrites, ready: AnjiaClient
) -> None:
    """A 200 answer that is no JPEG (XML, text) is a ParseError."""
    rewrites.body(_is(SNAPSHOT), xml_text("snapshot", "true"))
    with pytest.raises(ParseError, match="no JPEG"):
        await ready.async_snapshot()


async def test_a_snapshot_after_uid_expiry_costs_one_login(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """`uid error` on snapshot.cgi: one getuid, then the picture."""
    sim.expire_uids()
    picture = await ready.async_snapshot(StreamQuality.SUB)
    assert picture_size(picture) == (640, 480)
    assert _paths(sim) == [SNAPSHOT, GETUID, SNAPSHOT]
    assert sim.logins == 2


# --- PTZ ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "move_x", "move_y"),
    [
        (PtzDirection.UP, "0", "1"),
        (PtzDirection.DOWN, "0", "-1"),
        (PtzDirection.LEFT, "-1", "0"),
        (PtzDirection.RIGHT, "1", "0"),
        (PtzDirection.UP_LEFT, "-1", "1"),
        (PtzDirection.UP_RIGHT, "1", "1"),
        (PtzDirection.DOWN_LEFT, "-1", "-1"),
        (PtzDirection.DOWN_RIGHT, "1", "-1"),
    ],
)
async def test_move_in_every_direction(
    sim: AnjiaSimulator, ready: AnjiaClient, direction: PtzDirection, move_x: str, move_y: str
) -> None:
    """3.7.1: move_x -1 left / 1 right, move_y 1 up / -1 down, with a speed."""
    await ready.async_ptz_move(direction, 50)
    assert _to(sim, PTZ) == [{"move_x": move_x, "move_y": move_y, "speed": "5", "uid": sim.uids[0]}]
    moving = {axis: int(code) for axis, code in (("move_x", move_x), ("move_y", move_y))}
    assert sim.moving == {axis: code for axis, code in moving.items() if code}


@pytest.mark.parametrize(
    ("percent", "speed"),
    [(1, 1), (10, 1), (11, 2), (50, 5), (55, 6), (91, 10), (100, 10), (0, 1), (250, 10)],
)
async def test_move_speed_is_the_spec_scale_1_to_10(
    sim: AnjiaSimulator, ready: AnjiaClient, percent: int, speed: int
) -> None:
    """Percent 1-100 becomes the spec's 1-10, clamped."""
    assert ptz_speed(percent) == speed
    await ready.async_ptz_move(PtzDirection.RIGHT, percent)
    assert sim.ptz_speed == speed
    assert 1 <= sim.ptz_speed <= MAX_SPEED


@pytest.mark.parametrize("options", [ClientOptions(invert_pan=True)])
@pytest.mark.parametrize(
    ("direction", "move_x", "move_y"),
    [
        (PtzDirection.LEFT, "1", "0"),
        (PtzDirection.RIGHT, "-1", "0"),
        (PtzDirection.UP, "0", "1"),
        (PtzDirection.DOWN_LEFT, "1", "-1"),
    ],
)
async def test_invert_pan_flips_move_x_only(
    sim: AnjiaSimulator, ready: AnjiaClient, direction: PtzDirection, move_x: str, move_y: str
) -> None:
    """invert_pan swaps left and right, never up and down."""
    await ready.async_ptz_move(direction, 100)
    assert _to(sim, PTZ)[0]["move_x"] == move_x
    assert _to(sim, PTZ)[0]["move_y"] == move_y


async def test_stop_stops_the_head(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """ptz_ctrl?stop=1."""
    await ready.async_ptz_move(PtzDirection.UP_RIGHT, 30)
    assert sim.moving
    await ready.async_ptz_stop()
    assert _to(sim, PTZ)[-1] == {"stop": "1", "uid": sim.uids[0]}
    assert sim.moving == {}


@pytest.mark.parametrize(
    ("axis", "direction", "code"),
    [
        (LensAxis.ZOOM, LensDirection.IN, "1"),
        (LensAxis.ZOOM, LensDirection.OUT, "-1"),
        (LensAxis.FOCUS, LensDirection.NEAR, "1"),
        (LensAxis.FOCUS, LensDirection.FAR, "-1"),
        (LensAxis.IRIS, LensDirection.OPEN, "1"),
        (LensAxis.IRIS, LensDirection.CLOSE, "-1"),
    ],
)
async def test_lens_start_and_stop(
    sim: AnjiaSimulator,
    ready: AnjiaClient,
    axis: LensAxis,
    direction: LensDirection,
    code: str,
) -> None:
    """zoom/focus/iris = 1 or -1 (3.7.1), stopped with stop=1."""
    await ready.async_ptz_lens(axis, direction)
    assert _to(sim, PTZ) == [{str(axis): code, "uid": sim.uids[0]}]
    assert sim.moving == {str(axis): int(code)}
    await ready.async_ptz_lens_stop(axis, direction)
    assert _to(sim, PTZ)[-1] == {"stop": "1", "uid": sim.uids[0]}
    assert sim.moving == {}


@pytest.mark.parametrize(
    ("axis", "direction"),
    [
        (LensAxis.ZOOM, LensDirection.NEAR),
        (LensAxis.ZOOM, LensDirection.OPEN),
        (LensAxis.FOCUS, LensDirection.IN),
        (LensAxis.FOCUS, LensDirection.CLOSE),
        (LensAxis.IRIS, LensDirection.OUT),
        (LensAxis.IRIS, LensDirection.FAR),
        (LensAxis.ZOOM, LensDirection.AUTO),
    ],
)
async def test_a_direction_of_another_motor_is_not_supported(
    sim: AnjiaSimulator, ready: AnjiaClient, axis: LensAxis, direction: LensDirection
) -> None:
    """Zoom takes in/out, focus near/far, iris open/close only: anything else sends nothing."""
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_lens(axis, direction)
    assert sim.requests == []


async def test_auto_focus_is_not_supported(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """The API has no auto focus: NotSupportedError, nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_lens(LensAxis.FOCUS, LensDirection.AUTO)
    assert sim.requests == []


@pytest.mark.parametrize(
    ("action", "param"),
    [
        (PresetAction.GOTO, "call_preset"),
        (PresetAction.SAVE, "add_preset"),
        (PresetAction.REMOVE, "delete_preset"),
    ],
)
@pytest.mark.parametrize("preset", [1, 128, 255])
async def test_preset_parameters(
    sim: AnjiaSimulator, ready: AnjiaClient, action: PresetAction, param: str, preset: int
) -> None:
    """call_preset / add_preset / delete_preset = N, presets 1-255."""
    await ready.async_ptz_preset(action, preset)
    assert _to(sim, PTZ) == [{param: str(preset), "uid": sim.uids[0]}]


async def test_presets_save_go_to_and_remove(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """A saved preset is where the head goes; a removed one is gone."""
    await ready.async_ptz_preset(PresetAction.SAVE, 7)
    assert sim.presets == {7}
    await ready.async_ptz_move(PtzDirection.LEFT, 10)
    await ready.async_ptz_preset(PresetAction.GOTO, 7)
    assert sim.at_preset == 7
    await ready.async_ptz_preset(PresetAction.REMOVE, 7)
    assert sim.presets == set()


@pytest.mark.parametrize("preset", [0, 256, -1, 1000])
async def test_a_preset_outside_1_to_255_is_refused_without_a_request(
    sim: AnjiaSimulator, ready: AnjiaClient, preset: int
) -> None:
    """Presets 0 and 256 (and beyond): NotSupportedError, nothing sent."""
    for action in PresetAction:
        with pytest.raises(NotSupportedError):
            await ready.async_ptz_preset(action, preset)
    assert sim.requests == []


def _every_ptz_call(client: AnjiaClient) -> list[Callable[[], Awaitable[None]]]:
    return [
        lambda: client.async_ptz_move(PtzDirection.UP, 50),
        client.async_ptz_stop,
        lambda: client.async_ptz_lens(LensAxis.ZOOM, LensDirection.IN),
        lambda: client.async_ptz_lens(LensAxis.FOCUS, LensDirection.FAR),
        lambda: client.async_ptz_lens(LensAxis.IRIS, LensDirection.OPEN),
        lambda: client.async_ptz_lens_stop(LensAxis.ZOOM, LensDirection.IN),
        lambda: client.async_ptz_preset(PresetAction.GOTO, 1),
        lambda: client.async_ptz_preset(PresetAction.SAVE, 1),
        lambda: client.async_ptz_preset(PresetAction.REMOVE, 1),
    ]


@pytest.mark.parametrize("sim_options", [{"ptz": False}])
async def test_a_camera_without_ptz_refuses_every_ptz_call_without_a_request(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """getcapabilities ptz="0": every PTZ call is NotSupportedError, nothing sent."""
    for call in _every_ptz_call(ready):
        with pytest.raises(NotSupportedError):
            await call()
    assert sim.requests == []


async def test_ptz_before_capabilities_is_not_supported(
    sim: AnjiaSimulator, client: AnjiaClient
) -> None:
    """Until getcapabilities said ptz="1", no PTZ call is sent."""
    for call in _every_ptz_call(client):
        with pytest.raises(NotSupportedError):
            await call()
    assert sim.requests == []


async def test_ptz_after_uid_expiry_costs_one_login(
    sim: AnjiaSimulator, ready: AnjiaClient
) -> None:
    """A PTZ command meeting `uid error` runs once, on the new uid."""
    sim.expire_uids()
    await ready.async_ptz_move(PtzDirection.DOWN, 100)
    assert _paths(sim) == [PTZ, GETUID, PTZ]
    assert sim.moving == {"move_y": -1}


# --- buttons ------------------------------------------------------------------------------


async def test_reboot_button(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """reboot reboots the camera."""
    await ready.async_press("reboot")
    assert sim.reboots == 1
    assert _to(sim, REBOOT) == [{"uid": _issued_uids(sim).pop()}]


async def test_trigger_alarm_input_button(sim: AnjiaSimulator, ready: AnjiaClient) -> None:
    """trigger_alarm_input is setManualInputAlarm (3.7.11); the uid is kept."""
    await ready.async_press("trigger_alarm_input")
    await ready.async_press("trigger_alarm_input")
    assert sim.manual_alarms == 2
    assert _paths(sim) == [ALARM, ALARM]
    assert sim.reboots == 0


@pytest.mark.parametrize("button", ["factory_reset", "ptz_center", ""])
async def test_an_unknown_button_is_not_supported(
    sim: AnjiaSimulator, ready: AnjiaClient, button: str
) -> None:
    """A button not listed: NotSupportedError, nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_press(button)
    assert sim.requests == []
