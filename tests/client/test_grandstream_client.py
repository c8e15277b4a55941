"""Specification of the Grandstream GSC36xx client, against the simulated camera."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

from custom_components.ipcam_cgi.client import (
    AuthError,
    CameraConnectionError,
    CameraTimeoutError,
    ClientOptions,
    ConnectionConfig,
    Feature,
    LensAxis,
    LensDirection,
    LockedOutError,
    NotSupportedError,
    ParseError,
    PushTarget,
    ResponseError,
    SettingKind,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    StreamResponse,
    UnsupportedDeviceError,
    Vendor,
    create_client,
    detect,
)
from custom_components.ipcam_cgi.client import login as client_login
from custom_components.ipcam_cgi.client.login import FRESH_SESSION_BACKOFF
from custom_components.ipcam_cgi.client.transport import Transport
from custom_components.ipcam_cgi.client.vendors.grandstream import client as gs_client
from custom_components.ipcam_cgi.client.vendors.grandstream import mjpeg as gs_mjpeg
from custom_components.ipcam_cgi.client.vendors.grandstream.client import GrandstreamClient
from custom_components.ipcam_cgi.client.vendors.grandstream.session import (
    DEFAULT_LOCKOUT_MINUTES,
    MEDIA_IDLE_RENEW,
)
from custom_components.ipcam_cgi.client.vendors.grandstream.settings import SETTINGS
from tests.simulator import GrandstreamSimulator, LoginAttempt, RequestLog
from tests.simulator.base import request_params

from .conftest import Serve
from .helpers import PASSWORD, USERNAME, CameraStub, config_for

WRONG_PASSWORD = "wrong-password"
WEBHOOK_ID = "5f1e2d3c4b5a69788796a5b4c3d2e1f0"
NOTIFICATION_TEMPLATE = '{ "mac": "${MAC}", "content": "${WARNING_MSG}" }'
ALL_SETTINGS = {setting.key for setting in SETTINGS}


# --- fixtures and helpers -----------------------------------------------------------------

type Predicate = Callable[[str, dict[str, str]], bool]
type Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Rewrites:
    """Test-side answers that replace the simulator's for matching requests.

    Installed innermost, so the simulator still records every request and applies its faults.
    """

    def __init__(self) -> None:
        self.rules: list[tuple[Predicate, Answer]] = []

    def add(self, when: Predicate, answer: Answer) -> None:
        self.rules.append((when, answer))

    def xml(self, when: Predicate, body: str) -> None:
        async def answer(_request: web.Request) -> web.StreamResponse:
            return web.Response(body=body.encode(), content_type="text/xml")

        self.add(when, answer)

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        params = await request_params(request)
        for when, answer in self.rules:
            if when(request.path, params):
                return await answer(request)
        return await handler(request)


class Clock:
    """`time` of the client's modules, `offset` seconds ahead of the real monotonic clock."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset


@pytest.fixture
def model() -> str:
    """The simulated model (tests parametrize it to GSC3620)."""
    return "GSC3610"


@pytest.fixture
def sim(model: str) -> GrandstreamSimulator:
    """The simulated camera, with the test account."""
    return GrandstreamSimulator(username=USERNAME, password=PASSWORD, model=model)


@pytest.fixture
def rewrites(sim: GrandstreamSimulator) -> Rewrites:
    """Answers replacing the simulator's, installed before it serves."""
    rewrites = Rewrites()
    sim.app.middlewares.append(rewrites.middleware)
    return rewrites


@pytest.fixture
async def sim_port(sim: GrandstreamSimulator, rewrites: Rewrites, serve: Serve) -> int:
    """The port the simulated camera listens on."""
    port = (await serve(sim.app)).port
    assert port is not None
    return port


@pytest.fixture
async def jar_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """A session like the integration's: its own cookie jar that keeps IP hosts' cookies."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


def _client(
    session: aiohttp.ClientSession,
    port: int,
    options: ClientOptions | None = None,
    **config: str,
) -> GrandstreamClient:
    client = create_client(Vendor.GRANDSTREAM, session, config_for(port, **config), options)
    assert isinstance(client, GrandstreamClient)
    return client


@pytest.fixture
def client(sim_port: int, jar_session: aiohttp.ClientSession) -> GrandstreamClient:
    """The client under test."""
    return _client(jar_session, sim_port)


@pytest.fixture
async def wrong_client(sim_port: int, socket_enabled: None) -> AsyncIterator[GrandstreamClient]:
    """A client with a wrong password, on a session (and cookie jar) of its own."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield _client(session, sim_port, password=WRONG_PASSWORD)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Move the client's clock (sessions, lockouts, media idle time) without sleeping."""
    clock = Clock()
    monkeypatch.setattr(client_login, "time", clock)
    monkeypatch.setattr(gs_client, "time", clock)
    return clock


def _admin_logins(sim: GrandstreamSimulator) -> list[LoginAttempt]:
    return [attempt for attempt in sim.logins if attempt.type == 0 and attempt.ok]


def _media_logins(sim: GrandstreamSimulator) -> list[LoginAttempt]:
    return [attempt for attempt in sim.logins if attempt.type == 1 and attempt.ok]


def _to(sim: GrandstreamSimulator, path: str) -> list[RequestLog]:
    return [request for request in sim.requests if request.path == path]


def _param(request: RequestLog, key: str) -> str | None:
    return request.query.get(key, request.form.get(key))


def _is(cmd: str, kind: str | None = None) -> Predicate:
    def when(path: str, params: dict[str, str]) -> bool:
        return (
            path == "/goform/config"
            and params.get("cmd") == cmd
            and (kind is None or params.get("type") == kind)
        )

    return when


def _rescode(code: int) -> str:
    return f"<Configuration><ResCode>{code}</ResCode><RetMsg>x</RetMsg></Configuration>"


def _kept(client: GrandstreamClient) -> str:
    return "\n".join(f"{e.method} {e.path} {e.body}" for e in client.raw_exchanges)


# --- fingerprint and detection ------------------------------------------------------------


async def test_detect_finds_grandstream_without_any_login(
    sim: GrandstreamSimulator, sim_port: int, jar_session: aiohttp.ClientSession
) -> None:
    assert await detect(jar_session, config_for(sim_port)) is Vendor.GRANDSTREAM
    assert sim.logins == []
    assert sim.failed_logins == 0
    logins = _to(sim, "/goform/login")
    assert logins
    assert all("authcode" not in request.query for request in logins)


async def test_detect_finds_a_device_that_refuses_get(
    sim: GrandstreamSimulator, sim_port: int, jar_session: aiohttp.ClientSession
) -> None:
    # The client talks to POST-only firmware (see the GET-refused tests below), so
    # detection must recognise it as well.
    sim.get_allowed = False
    assert await detect(jar_session, config_for(sim_port)) is Vendor.GRANDSTREAM
    assert sim.logins == []


async def test_fingerprint_rejects_a_page_that_is_no_configuration(
    serve: Serve, jar_session: aiohttp.ClientSession
) -> None:
    server = await serve(CameraStub(auth="none", body=b"<html>router login</html>").app())
    assert not await GrandstreamClient.async_fingerprint(
        Transport(jar_session, config_for(server.port))
    )


async def test_fingerprint_rejects_a_configuration_without_challenge(
    serve: Serve, jar_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="none", body=_rescode(0).encode(), content_type="text/xml")
    server = await serve(stub.app())
    assert not await GrandstreamClient.async_fingerprint(
        Transport(jar_session, config_for(server.port))
    )


async def test_detect_on_a_server_answering_404_everywhere_is_unsupported(
    serve: Serve, jar_session: aiohttp.ClientSession
) -> None:
    server = await serve(web.Application())
    with pytest.raises(UnsupportedDeviceError):
        await detect(jar_session, config_for(server.port))


# --- identify and capabilities ------------------------------------------------------------


async def test_identify_reads_model_mac_firmware_hardware_and_serial(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    info = await client.async_identify()
    assert info.vendor is Vendor.GRANDSTREAM
    assert info.manufacturer == "Grandstream"
    assert info.model == "GSC3610"
    assert info.name == "GSC3610"
    assert info.mac == "00:0b:82:ab:cc:ba"
    assert info.unique_id == "00:0b:82:ab:cc:ba"
    assert info.firmware == "1.0.3.8"
    assert info.hardware == "V1.5A"
    assert info.serial == "9650001415A"
    assert sim.logins == [LoginAttempt(0, USERNAME, True, 0)]


async def test_identify_falls_back_to_the_base_version_and_the_serial(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.params |= {"P68": "", "P45": "1.0.1.2", "P67": "unknown", "P917": ""}
    info = await client.async_identify()
    assert info.firmware == "1.0.1.2"
    assert info.mac is None
    assert info.hardware is None
    assert info.unique_id == "grandstream_9650001415A"


async def test_identify_sends_the_session_cookie_and_the_web_ui_auth_key(
    sim: GrandstreamSimulator, client: GrandstreamClient, sim_port: int
) -> None:
    await client.async_identify()
    session = client.admin_session.cookies["session"]
    cookie = _to(sim, "/goform/config")[-1].headers["Cookie"]
    assert f"session={session}" in cookie
    assert f"gdsauthkey{sim_port}={session}" in cookie
    assert f"uname={USERNAME}" in cookie


async def test_capabilities_of_the_gsc3610(client: GrandstreamClient) -> None:
    caps = await client.async_capabilities()
    assert caps.features == {
        Feature.SNAPSHOT,
        Feature.MJPEG,
        Feature.RTSP,
        Feature.SIP,
        Feature.PUSH,
    }
    assert caps.events == {"motion"}
    assert caps.sensors == {"uptime"}
    assert caps.buttons == {"reboot"}
    assert set(caps.settings) == ALL_SETTINGS
    assert caps.streams == (StreamQuality.MAIN, StreamQuality.SUB)
    assert caps.settings["ir_cut_mode"].options == ("manual", "automatic")
    assert caps.settings["power_frequency"].options == ("50hz", "60hz", "outdoor")
    assert caps.settings["brightness"].kind is SettingKind.NUMBER
    assert caps.settings["audio_input_volume"].maximum == 6


@pytest.mark.parametrize("model", ["GSC3620"])
async def test_capabilities_of_the_gsc3620_add_zoom_and_focus(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    caps = await client.async_capabilities()
    assert {Feature.PTZ_ZOOM, Feature.PTZ_FOCUS} <= caps.features
    assert caps.buttons == {"reboot", "one_key_focus"}
    assert caps.sensors == {"uptime", "zoom"}
    assert set(caps.settings) == ALL_SETTINGS
    assert caps.settings["ir_cut_mode"].options == ("manual", "automatic", "scheduled")
    assert caps.settings["power_frequency"].options == ("50hz", "60hz")
    assert [_param(r, "type") for r in _to(sim, "/goform/config")][-1] == "ptz"


async def test_capabilities_right_after_identify_reuse_its_system_status(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    caps = await client.async_capabilities()
    assert "uptime" in caps.sensors
    types = [_param(r, "type") for r in _to(sim, "/goform/config")]
    assert types.count("sysinfo") == 1
    # Only once: a later capabilities read asks the device again.
    await client.async_capabilities()
    assert [_param(r, "type") for r in _to(sim, "/goform/config")].count("sysinfo") == 2


async def test_capabilities_of_the_gsc3610_never_read_the_ptz_module(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_capabilities()
    assert "ptz" not in {_param(r, "type") for r in _to(sim, "/goform/config")}


async def test_setting_whose_value_the_device_does_not_report_is_not_offered(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    # The simulator answers a module with the keys of its module table.
    del sim._modules["cmos"]["P15513"]
    del sim._modules["access"]["P276"]
    caps = await client.async_capabilities()
    assert set(caps.settings) == ALL_SETTINGS - {"wdr", "ssh"}
    values = await client.async_read_settings()
    assert "wdr" not in values
    assert "ssh" not in values


async def test_uptime_is_no_sensor_where_the_device_reports_none(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    del sim._modules["sysinfo"]["P15009"]
    caps = await client.async_capabilities()
    assert "uptime" not in caps.sensors
    assert "uptime" not in await client.async_read_settings()


@pytest.mark.parametrize("model", ["GSC3620"])
async def test_zoom_is_no_sensor_where_the_ptz_module_lacks_it(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    del sim._modules["ptz"]["Pzoom_m"]
    caps = await client.async_capabilities()
    assert "zoom" not in caps.sensors
    assert Feature.PTZ_ZOOM in caps.features
    assert "zoom" not in await client.async_read_settings()


async def test_module_the_firmware_refuses_leaves_only_its_settings_out(
    sim: GrandstreamSimulator, rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(_is("get", "audio"), _rescode(6))
    caps = await client.async_capabilities()
    assert set(caps.settings) == ALL_SETTINGS - {"audio_input_volume", "audio_output_volume"}
    assert "brightness" in await client.async_read_settings()


async def test_access_module_refused_keeps_the_default_rtsp_port(
    sim: GrandstreamSimulator, rewrites: Rewrites, client: GrandstreamClient
) -> None:
    sim.params["P903"] = "8554"  # also in the event module, which is not where it is read
    rewrites.xml(_is("get", "access"), _rescode(6))
    caps = await client.async_capabilities()
    assert "ssh" not in caps.settings
    assert "anonymous_live_view" not in caps.settings
    assert client.rtsp_url() == "rtsp://admin:Pa55-w0rd%21secret@127.0.0.1:554/0"


async def test_every_module_refused_is_a_response_error(
    sim: GrandstreamSimulator, rewrites: Rewrites, client: GrandstreamClient
) -> None:
    await client.async_identify()
    rewrites.xml(_is("get"), _rescode(6))
    with pytest.raises(ResponseError, match="ResCode 6"):
        await client.async_read_settings()


# --- fast status --------------------------------------------------------------------------


async def test_fast_status_is_exactly_one_request_once_logged_in(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    for motion in (False, True, False):
        sim.trigger_motion(motion)
        before = len(sim.requests)
        assert (await client.async_fast_status()).events == {"motion": motion}
        sent = sim.requests[before:]
        assert [(r.path, r.query) for r in sent] == [
            ("/goform/config", {"cmd": "api_get_data", "type": "0"})
        ]


async def test_first_fast_status_logs_in_first(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.trigger_motion(True)
    assert (await client.async_fast_status()).events == {"motion": True}
    assert [r.path for r in sim.requests] == ["/goform/login", "/goform/login", "/goform/config"]


async def test_fast_status_without_a_motion_status_is_a_parse_error(
    rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(_is("api_get_data"), "<Configuration><MD_STATUS>2</MD_STATUS></Configuration>")
    with pytest.raises(ParseError, match="MD_STATUS"):
        await client.async_fast_status()


# --- settings -----------------------------------------------------------------------------

DEFAULT_VALUES: dict[str, SettingValue] = {
    "brightness": 50,
    "contrast": 50,
    "saturation": 50,
    "sharpness": 50,
    "flip": "none",
    "ir_cut_mode": "automatic",
    "day_night": "day",
    "power_frequency": "60hz",
    "wdr": False,
    "osd_time": True,
    "osd_text": False,
    "osd_date_format": "mdy",
    "audio_input_volume": 4,
    "audio_output_volume": 4,
    "motion_detection_mode": "default",
    "motion_min_duration": "200",
    "motion_event_interval": "10",
    "motion_night_min_blocks": 10,
    "anonymous_live_view": False,
    "ssh": True,
    "event_notification": False,
    "uptime": 91 * 60,
}


async def test_read_settings_reads_every_setting_and_the_uptime(
    client: GrandstreamClient,
) -> None:
    assert await client.async_read_settings() == DEFAULT_VALUES


@pytest.mark.parametrize("model", ["GSC3620"])
async def test_read_settings_of_the_gsc3620_reads_the_zoom_factor_and_scheduled_ir_cut(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    sim.params |= {"Pzoom_m": "2", "P10504": "3", "P12314": "0"}
    values = await client.async_read_settings()
    assert values["zoom"] == 1.2
    assert values["ir_cut_mode"] == "scheduled"
    assert values["power_frequency"] == "50hz"


async def test_read_settings_follows_the_device_uptime(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.advance(86400)
    assert (await client.async_read_settings())["uptime"] == 86400 + 91 * 60


async def test_read_settings_leaves_out_values_the_device_reports_unreadably(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.params |= {"P10500": "9", "P15520": "bright", "P15513": "7"}
    del sim._modules["sysinfo"]["P15009"]
    values = await client.async_read_settings()
    assert values.keys() == DEFAULT_VALUES.keys() - {"flip", "brightness", "wdr", "uptime"}


async def test_read_settings_after_capabilities_costs_no_request(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_capabilities()
    before = len(sim.requests)
    assert await client.async_read_settings() == DEFAULT_VALUES
    assert len(sim.requests) == before
    # The modules read for the capabilities serve once; the next read asks the device.
    sim.params["P15520"] = "70"
    assert (await client.async_read_settings())["brightness"] == 70
    assert len(sim.requests) == before + 8


WRITES: list[tuple[str, SettingValue, str, str]] = [
    ("brightness", 80, "P15520", "80"),
    ("sharpness", 0, "P15523", "0"),
    ("flip", "vertical", "P10500", "3"),
    ("flip", "both", "P10500", "1"),
    ("day_night", "night", "P10505", "1"),
    ("power_frequency", "outdoor", "P12314", "2"),
    ("wdr", True, "P15513", "1"),
    ("osd_text", True, "P10045", "1"),
    ("osd_date_format", "dmy", "P10001", "2"),
    ("audio_output_volume", 6, "P14003", "6"),
    ("motion_detection_mode", "zone_ratio", "P15517", "3"),
    ("motion_min_duration", "1000", "P10267", "1000"),
    ("motion_event_interval", "3", "P10268", "3"),
    ("motion_night_min_blocks", 100, "P15519", "100"),
    ("anonymous_live_view", True, "P15469", "1"),
    ("ssh", False, "P276", "0"),
    ("event_notification", True, "P15410", "1"),
]


async def test_write_setting_lands_on_the_device(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    for key, value, param, code in WRITES:
        assert sim.params[param] != code, key
        before = len(sim.requests)
        await client.async_write_setting(key, value)
        assert sim.params[param] == code, key
        assert [r.query for r in sim.requests[before:]] == [{"cmd": "set", param: code}]


def _other_value(current: SettingValue, options: tuple[str, ...]) -> SettingValue:
    if isinstance(current, bool):
        return not current
    if isinstance(current, int):
        return current + 1
    return next(option for option in options if option != current)


@pytest.mark.parametrize("model", ["GSC3610", "GSC3620"])
async def test_every_setting_written_reads_back(client: GrandstreamClient) -> None:
    caps = await client.async_capabilities()
    before = await client.async_read_settings()
    expected = {}
    for key, spec in caps.settings.items():
        expected[key] = _other_value(before[key], spec.options)
        await client.async_write_setting(key, expected[key])
    after = await client.async_read_settings()
    assert {key: after[key] for key in expected} == expected


@pytest.mark.parametrize("model", ["GSC3620"])
async def test_scheduled_ir_cut_is_written_on_the_gsc3620(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    await client.async_write_setting("ir_cut_mode", "scheduled")
    assert sim.params["P10504"] == "3"


INVALID_VALUES: list[tuple[str, SettingValue]] = [
    ("brightness", 101),
    ("brightness", -1),
    ("brightness", 2.5),
    ("brightness", True),
    ("audio_input_volume", 7),
    ("wdr", 1),
    ("flip", "diagonal"),
    ("ir_cut_mode", "scheduled"),  # GSC3620 only
    ("power_frequency", 1),
    ("motion_event_interval", "4"),
    ("motion_night_min_blocks", 0),
]


async def test_invalid_value_is_refused_before_any_request(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    before = len(sim.requests)
    for key, value in INVALID_VALUES:
        with pytest.raises(NotSupportedError):
            await client.async_write_setting(key, value)
    assert len(sim.requests) == before


async def test_invalid_value_is_refused_before_even_a_login(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_write_setting("brightness", 101)
    assert sim.requests == []


async def test_unknown_setting_is_not_supported(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_write_setting("night_vision", True)
    assert sim.requests == []


async def test_value_the_device_refuses_is_a_response_error(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim._rules["P15520"] = lambda _value: False
    with pytest.raises(ResponseError, match="ResCode 6"):
        await client.async_write_setting("brightness", 60)
    assert sim.params["P15520"] == "50"


# --- session expiry -----------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["xml401", "xml408", "html"])
async def test_expired_session_costs_exactly_one_login(
    sim: GrandstreamSimulator, client: GrandstreamClient, answer: str
) -> None:
    sim.expired_answer = answer  # type: ignore[assignment]
    await client.async_identify()
    sim.expire_sessions()
    before = len(sim.requests)
    sim.trigger_motion(True)
    assert (await client.async_fast_status()).events == {"motion": True}
    assert len(_admin_logins(sim)) == 2
    assert [r.path for r in sim.requests[before:]] == [
        "/goform/config",
        "/goform/login",
        "/goform/login",
        "/goform/config",
    ]


async def test_session_the_device_timed_out_costs_one_login(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    sim.advance(int(sim.params["P12056"]) * 60 + 1)
    await client.async_fast_status()
    assert len(_admin_logins(sim)) == 2


async def test_session_that_expires_again_later_is_renewed_again(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    for _ in range(3):
        sim.expire_sessions()
        await client.async_fast_status()
    assert len(_admin_logins(sim)) == 4


async def test_concurrent_calls_after_expiry_cost_exactly_one_login(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    sim.expire_sessions()
    challenges = sim.challenges_issued
    updates = await asyncio.gather(*(client.async_fast_status() for _ in range(5)))
    assert all(update.events == {"motion": False} for update in updates)
    assert len(_admin_logins(sim)) == 2
    assert sim.challenges_issued == challenges + 1


async def test_concurrent_first_calls_cost_exactly_one_login(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await asyncio.gather(*(client.async_fast_status() for _ in range(5)))
    assert len(sim.logins) == 1
    assert sim.challenges_issued == 1


async def test_fresh_session_refused_at_once_is_not_renewed_on_every_call(
    sim: GrandstreamSimulator, client: GrandstreamClient, clock: Clock
) -> None:
    sim.faults.malformed_body = _rescode(408).encode()
    sim.faults.paths = frozenset({"/goform/config"})
    with pytest.raises(ResponseError, match="just issued"):
        await client.async_identify()
    assert len(sim.logins) == 1
    for _ in range(5):
        before = len(sim.requests)
        with pytest.raises(ResponseError):
            await client.async_fast_status()
        assert [r.path for r in sim.requests[before:]] == ["/goform/config"]
    # Polled every 10 s, the device still gets no new login until the backoff has passed.
    while True:
        clock.offset += 10
        with pytest.raises(ResponseError):
            await client.async_fast_status()
        assert len(sim.logins) == 1
        if clock.offset + 10 >= FRESH_SESSION_BACKOFF:
            break
    clock.offset = FRESH_SESSION_BACKOFF
    with pytest.raises(ResponseError):
        await client.async_fast_status()
    assert len(sim.logins) == 2
    with pytest.raises(ResponseError):
        await client.async_fast_status()
    assert len(sim.logins) == 2


# --- wrong credentials and lockout --------------------------------------------------------


async def test_wrong_password_costs_exactly_one_failed_login(
    sim: GrandstreamSimulator, wrong_client: GrandstreamClient
) -> None:
    with pytest.raises(AuthError) as info:
        await wrong_client.async_identify()
    assert not isinstance(info.value, LockedOutError)
    assert sim.failed_logins == 1
    before = len(sim.requests)
    calls: list[Callable[[], Awaitable[object]]] = [
        wrong_client.async_identify,
        wrong_client.async_fast_status,
        wrong_client.async_read_settings,
        wrong_client.async_snapshot,
        wrong_client.async_open_mjpeg,
    ]
    for call in calls:
        with pytest.raises(AuthError):
            await call()
    assert len(sim.requests) == before
    assert sim.failed_logins == 1
    assert sim.logins == [LoginAttempt(0, USERNAME, False, 2)]


async def test_auth_error_message_carries_no_credential(
    wrong_client: GrandstreamClient,
) -> None:
    with pytest.raises(AuthError) as info:
        await wrong_client.async_identify()
    assert WRONG_PASSWORD not in str(info.value)
    assert "authcode" not in str(info.value).lower()


async def test_unknown_user_is_an_auth_error(
    sim: GrandstreamSimulator, sim_port: int, jar_session: aiohttp.ClientSession
) -> None:
    client = _client(jar_session, sim_port, username="nobody")
    with pytest.raises(AuthError, match="ResCode 1"):
        await client.async_fast_status()
    assert sim.logins == [LoginAttempt(0, "nobody", False, 1)]


async def test_locked_account_is_a_lockout_with_the_device_lock_minutes(
    sim: GrandstreamSimulator, client: GrandstreamClient, wrong_client: GrandstreamClient
) -> None:
    sim.params |= {"P14832": "1", "P14834": "15"}
    await client.async_capabilities()  # reads the access module: P14834
    with pytest.raises(AuthError):
        await wrong_client.async_identify()  # the one failure that locks the account
    sim.expire_sessions()
    with pytest.raises(LockedOutError) as info:
        await client.async_fast_status()
    assert info.value.retry_after_minutes == 15
    assert sim.logins[-1] == LoginAttempt(0, USERNAME, False, 3)
    before = len(sim.requests)
    for call in (client.async_fast_status, client.async_snapshot, client.async_open_mjpeg):
        with pytest.raises(LockedOutError) as info:
            await call()
        assert info.value.retry_after_minutes == 15
    assert len(sim.requests) == before


async def test_lockout_before_the_access_settings_were_read_assumes_the_shortest_lock(
    sim: GrandstreamSimulator, client: GrandstreamClient, wrong_client: GrandstreamClient
) -> None:
    sim.params |= {"P14832": "1", "P14834": "30"}
    with pytest.raises(AuthError):
        await wrong_client.async_identify()
    with pytest.raises(LockedOutError) as info:
        await client.async_identify()
    assert info.value.retry_after_minutes == DEFAULT_LOCKOUT_MINUTES
    before = len(sim.requests)
    with pytest.raises(LockedOutError):
        await client.async_identify()
    assert len(sim.requests) == before


async def test_login_resumes_once_the_lock_has_passed(
    sim: GrandstreamSimulator,
    client: GrandstreamClient,
    wrong_client: GrandstreamClient,
    clock: Clock,
) -> None:
    sim.params |= {"P14832": "1", "P14834": "5"}
    with pytest.raises(AuthError):
        await wrong_client.async_identify()
    with pytest.raises(LockedOutError):
        await client.async_identify()
    clock.offset += 5 * 60 - 10
    sim.advance(5 * 60 - 10)
    before = len(sim.requests)
    with pytest.raises(LockedOutError):
        await client.async_identify()  # not yet: the lock lasts P14834 minutes
    assert len(sim.requests) == before
    clock.offset += 11
    sim.advance(11)
    assert (await client.async_identify()).model == "GSC3610"
    assert len(_admin_logins(sim)) == 1


async def test_lockout_answered_to_the_media_login_stops_every_login(
    sim: GrandstreamSimulator, client: GrandstreamClient, wrong_client: GrandstreamClient
) -> None:
    sim.params["P14832"] = "1"
    with pytest.raises(AuthError):
        await wrong_client.async_identify()
    with pytest.raises(LockedOutError):
        await client.async_snapshot()
    before = len(sim.requests)
    with pytest.raises(LockedOutError):
        await client.async_fast_status()
    assert len(sim.requests) == before


# --- login answers that are no session ----------------------------------------------------


def _login_step(step: int) -> Predicate:
    def when(path: str, params: dict[str, str]) -> bool:
        return path == "/goform/login" and ("authcode" in params) == (step == 2)

    return when


async def test_challenge_answer_without_challenge_code_is_a_parse_error(
    sim: GrandstreamSimulator, rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(_login_step(1), _rescode(0))
    with pytest.raises(ParseError, match="ChallengeCode"):
        await client.async_identify()
    assert sim.logins == []


async def test_login_accepted_without_a_session_cookie_is_a_parse_error(
    rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(_login_step(2), _rescode(0))
    with pytest.raises(ParseError, match="cookie"):
        await client.async_identify()


async def test_login_without_a_session_id_sends_no_web_ui_auth_key(
    sim: GrandstreamSimulator, rewrites: Rewrites, client: GrandstreamClient, sim_port: int
) -> None:
    async def without_session_id(_request: web.Request) -> web.StreamResponse:
        response = web.Response(body=_rescode(0).encode(), content_type="text/xml")
        response.headers.add("Set-Cookie", f"uname={USERNAME}; path=/")
        return response

    rewrites.add(_login_step(2), without_session_id)
    with pytest.raises(ResponseError):
        await client.async_identify()
    cookie = _to(sim, "/goform/config")[0].headers["Cookie"]
    assert f"uname={USERNAME}" in cookie
    assert "gdsauthkey" not in cookie


async def test_login_answered_401_is_a_refused_password_not_an_expiry(
    sim: GrandstreamSimulator, rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(_login_step(2), _rescode(401))
    with pytest.raises(AuthError, match="refused the login"):
        await client.async_identify()
    before = len(sim.requests)
    with pytest.raises(AuthError):
        await client.async_identify()
    assert len(sim.requests) == before


# --- GET or POST --------------------------------------------------------------------------


async def test_device_refusing_get_is_spoken_to_by_post(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.get_allowed = False
    assert (await client.async_identify()).model == "GSC3610"
    sim.trigger_motion(True)
    assert (await client.async_fast_status()).events == {"motion": True}
    goform = [r for r in sim.requests if r.path.startswith("/goform/")]
    assert (goform[0].method, goform[0].path, goform[0].query["cmd"]) == (
        "GET",
        "/goform/login",
        "login",
    )
    assert {r.method for r in goform[1:]} == {"POST"}
    assert goform[1].form == {"cmd": "login", "user": USERNAME, "type": "0"}
    assert goform[-1].form == {"cmd": "api_get_data", "type": "0"}
    assert all(r.query == {} for r in goform[1:])
    assert len(_admin_logins(sim)) == 1


async def test_device_refusing_post_is_never_sent_a_post(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.post_allowed = False
    await client.async_read_settings()
    await client.async_write_setting("brightness", 20)
    assert sim.params["P15520"] == "20"
    assert {r.method for r in sim.requests} == {"GET"}


# --- snapshots ----------------------------------------------------------------------------


async def test_snapshot_is_a_jpeg_on_the_media_session(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    picture = await client.async_snapshot()
    assert picture.startswith(b"\xff\xd8")
    assert [(r.path, _param(r, "type")) for r in sim.requests] == [
        ("/goform/login", "1"),
        ("/goform/login", "1"),
        ("/snapshot/view.jpg", None),
    ]
    assert sim.logins == [LoginAttempt(1, USERNAME, True, 0)]
    media = client.media_session.cookies["mjpeg_sess"]
    assert f"mjpeg_sess={media}" in sim.requests[-1].headers["Cookie"]


async def test_snapshots_in_a_row_reuse_the_media_session(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    for _ in range(3):
        await client.async_snapshot()
    assert len(_media_logins(sim)) == 1
    assert len(_to(sim, "/snapshot/view.jpg")) == 3


@pytest.mark.parametrize("answer", ["xml408", "html"])
async def test_snapshot_after_the_media_session_lapsed_logs_in_again_once(
    sim: GrandstreamSimulator, client: GrandstreamClient, answer: str
) -> None:
    sim.expired_answer = answer  # type: ignore[assignment]
    await client.async_snapshot()
    sim.advance(31)
    assert (await client.async_snapshot()).startswith(b"\xff\xd8")
    assert len(_media_logins(sim)) == 2
    assert len(_to(sim, "/snapshot/view.jpg")) == 3  # one refused in between


@pytest.mark.parametrize("idle", [MEDIA_IDLE_RENEW, 31.0])
async def test_snapshot_after_a_long_idle_renews_the_session_before_asking(
    sim: GrandstreamSimulator, client: GrandstreamClient, clock: Clock, idle: float
) -> None:
    # The device ends a media session 30 s after its last use (spec, Snapshots step 3).
    await client.async_snapshot()
    clock.offset += idle
    sim.advance(idle)
    before = len(sim.requests)
    assert (await client.async_snapshot()).startswith(b"\xff\xd8")
    assert [r.path for r in sim.requests[before:]] == [
        "/goform/login",
        "/goform/login",
        "/snapshot/view.jpg",
    ]
    assert len(_media_logins(sim)) == 2


async def test_snapshot_shortly_after_the_last_one_does_not_renew(
    sim: GrandstreamSimulator, client: GrandstreamClient, clock: Clock
) -> None:
    await client.async_snapshot()
    clock.offset += 10
    sim.advance(10)
    await client.async_snapshot()
    assert len(_media_logins(sim)) == 1


async def test_snapshot_answer_that_is_no_jpeg_is_a_parse_error(
    rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(lambda path, _params: path == "/snapshot/view.jpg", _rescode(0))
    with pytest.raises(ParseError, match="JPEG"):
        await client.async_snapshot()


async def test_snapshot_is_kept_out_of_the_raw_exchanges_as_binary(
    client: GrandstreamClient,
) -> None:
    picture = await client.async_snapshot()
    assert client.raw_exchanges[-1].body == f"<{len(picture)} bytes binary>"


# --- MJPEG --------------------------------------------------------------------------------


async def _first_part(stream: StreamResponse) -> bytes:
    reader = aiohttp.MultipartReader({"Content-Type": stream.content_type}, stream.content)
    part = await reader.next()
    assert isinstance(part, aiohttp.BodyPartReader)
    assert part.headers["Content-Type"] == "image/jpeg"
    return await part.read()


@pytest.mark.parametrize(
    ("quality", "channel"), [(StreamQuality.MAIN, {}), (StreamQuality.SUB, {"stream": "1"})]
)
async def test_mjpeg_in_challenge_mode(
    sim: GrandstreamSimulator,
    client: GrandstreamClient,
    quality: StreamQuality,
    channel: dict[str, str],
) -> None:
    stream = await client.async_open_mjpeg(quality)
    try:
        assert stream.content_type.startswith("multipart/x-mixed-replace")
        assert (await _first_part(stream)).startswith(b"\xff\xd8")
    finally:
        stream.close()
    first, second = sim.requests
    assert first.path == second.path == "/jpeg/stream"
    assert first.query == {"type": "0", "user": USERNAME, **channel}
    assert {k: v for k, v in second.query.items() if k not in ("authcode", "idcode")} == {
        "type": "1",
        "user": USERNAME,
        **channel,
    }
    assert len(second.query["authcode"]) == 32
    assert "Authorization" not in second.headers
    assert sim.logins == [LoginAttempt(1, USERNAME, True, 0)]


@pytest.mark.parametrize(
    ("quality", "path"),
    [(StreamQuality.MAIN, "/jpeg/stream"), (StreamQuality.SUB, "/jpeg/stream=1")],
)
async def test_mjpeg_in_basic_mode(
    sim: GrandstreamSimulator, client: GrandstreamClient, quality: StreamQuality, path: str
) -> None:
    sim.mjpeg_auth = "basic"
    stream = await client.async_open_mjpeg(quality)
    try:
        assert (await _first_part(stream)).startswith(b"\xff\xd8")
    finally:
        stream.close()
    assert sim.requests[-1].path == path
    assert sim.requests[-1].headers["Authorization"].startswith("Basic ")
    assert sim.logins == [LoginAttempt(1, USERNAME, True, 0)]


async def test_mjpeg_basic_mode_is_remembered(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.mjpeg_auth = "basic"
    (await client.async_open_mjpeg()).close()
    before = len(sim.requests)
    stream = await client.async_open_mjpeg()
    stream.close()
    sent = sim.requests[before:]
    assert [(r.path, r.query) for r in sent] == [("/jpeg/stream", {})]
    assert sent[0].headers["Authorization"].startswith("Basic ")
    assert sim.challenges_issued == 0


async def test_mjpeg_follows_the_device_from_challenge_to_basic_mode(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    (await client.async_open_mjpeg()).close()
    sim.mjpeg_auth = "basic"
    stream = await client.async_open_mjpeg()
    try:
        assert stream.content_type.startswith("multipart/x-mixed-replace")
    finally:
        stream.close()


async def test_mjpeg_follows_the_device_from_basic_back_to_challenge_mode(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    # "MJPEG Authentication Mode" is a web UI setting the user may change at any time.
    sim.mjpeg_auth = "basic"
    (await client.async_open_mjpeg()).close()
    sim.mjpeg_auth = "challenge"
    stream = await client.async_open_mjpeg()
    try:
        assert stream.content_type.startswith("multipart/x-mixed-replace")
    finally:
        stream.close()


async def test_mjpeg_basic_answer_that_is_no_stream_is_a_parse_error(
    sim: GrandstreamSimulator, rewrites: Rewrites, client: GrandstreamClient
) -> None:
    async def viewer_page(_request: web.Request) -> web.StreamResponse:
        return web.Response(text="<html><body>viewer</body></html>", content_type="text/html")

    sim.mjpeg_auth = "basic"
    rewrites.add(lambda path, params: path == "/jpeg/stream" and not params, viewer_page)
    with pytest.raises(ParseError, match="instead of MJPEG"):
        await client.async_open_mjpeg()
    # The Basic answer was no stream, so the challenge was tried again, and refused with 401.
    assert [r.query.get("type") for r in sim.requests] == ["0", None, "0"]


@pytest.mark.parametrize("mode", ["challenge", "basic"])
async def test_mjpeg_with_wrong_password_costs_one_failed_login(
    sim: GrandstreamSimulator, wrong_client: GrandstreamClient, mode: str
) -> None:
    sim.mjpeg_auth = mode  # type: ignore[assignment]
    with pytest.raises(AuthError):
        await wrong_client.async_open_mjpeg()
    assert sim.failed_logins == 1
    assert sim.logins[0].type == 1
    before = len(sim.requests)
    with pytest.raises(AuthError):
        await wrong_client.async_open_mjpeg(StreamQuality.SUB)
    with pytest.raises(AuthError):
        await wrong_client.async_fast_status()
    assert len(sim.requests) == before
    assert sim.failed_logins == 1


def _stream_step(kind: str) -> Predicate:
    return lambda path, params: path == "/jpeg/stream" and params.get("type") == kind


async def test_mjpeg_challenge_without_idcode_is_a_parse_error(
    rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(
        _stream_step("0"),
        "<Configuration><ResCode>0</ResCode><ChallengeCode>abc</ChallengeCode></Configuration>",
    )
    with pytest.raises(ParseError, match="IDCode"):
        await client.async_open_mjpeg()


async def test_mjpeg_login_answered_with_success_but_no_stream_is_a_parse_error(
    rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(_stream_step("1"), _rescode(0))
    with pytest.raises(ParseError, match="instead of MJPEG"):
        await client.async_open_mjpeg()


async def test_mjpeg_login_answered_401_is_a_refused_login(
    sim: GrandstreamSimulator, rewrites: Rewrites, client: GrandstreamClient
) -> None:
    rewrites.xml(_stream_step("1"), _rescode(401))
    with pytest.raises(AuthError, match="MJPEG"):
        await client.async_open_mjpeg()
    before = len(sim.requests)
    with pytest.raises(AuthError):
        await client.async_open_mjpeg()
    assert len(sim.requests) == before


async def test_mjpeg_login_answer_that_stalls_is_a_connection_error(
    rewrites: Rewrites, client: GrandstreamClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gs_mjpeg, "_XML_READ_TIMEOUT", 0.1)

    async def stall(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/xml"})
        await response.prepare(request)
        await response.write(b"<?xml")
        await asyncio.sleep(1)
        return response

    rewrites.add(_stream_step("1"), stall)
    with pytest.raises(CameraConnectionError, match="stalled"):
        await client.async_open_mjpeg()


# --- RTSP ---------------------------------------------------------------------------------


async def test_rtsp_urls_carry_the_quoted_credentials_and_the_stream_path(
    client: GrandstreamClient, sim_port: int
) -> None:
    assert client.rtsp_url() == "rtsp://admin:Pa55-w0rd%21secret@127.0.0.1:554/0"
    assert client.rtsp_url(StreamQuality.SUB) == "rtsp://admin:Pa55-w0rd%21secret@127.0.0.1:554/4"


async def test_rtsp_url_uses_the_device_rtsp_port(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.params["P903"] = "8554"
    await client.async_read_settings()
    assert client.rtsp_url(StreamQuality.SUB).endswith("@127.0.0.1:8554/4")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("host", "netloc"), [("fd00::12", "[fd00::12]"), ("[fd00::12]", "[fd00::12]")]
)
async def test_rtsp_url_brackets_an_ipv6_host(
    jar_session: aiohttp.ClientSession, host: str, netloc: str
) -> None:
    config = ConnectionConfig(host=host, username="ad min", password="p@ss:w/rd")
    client = create_client(Vendor.GRANDSTREAM, jar_session, config)
    assert client.rtsp_url() == f"rtsp://ad%20min:p%40ss%3Aw%2Frd@{netloc}:554/0"


# --- PTZ and buttons ----------------------------------------------------------------------

LENS = [
    (LensAxis.ZOOM, LensDirection.IN, 9),
    (LensAxis.ZOOM, LensDirection.OUT, 10),
    (LensAxis.FOCUS, LensDirection.FAR, 11),
    (LensAxis.FOCUS, LensDirection.NEAR, 12),
]


@pytest.mark.parametrize("model", ["GSC3620"])
@pytest.mark.parametrize(("axis", "direction", "opt"), LENS)
async def test_lens_start_and_stop_send_the_documented_options(
    sim: GrandstreamSimulator,
    client: GrandstreamClient,
    axis: LensAxis,
    direction: LensDirection,
    opt: int,
) -> None:
    await client.async_identify()
    await client.async_ptz_lens(axis, direction)
    await client.async_ptz_lens_stop(axis, direction)
    assert sim.ptz_commands == [(1, opt), (0, opt)]
    assert _to(sim, "/goform/config")[-1].query == {
        "cmd": "set",
        "type": "ptz",
        "act": "0",
        "opt": str(opt),
    }


@pytest.mark.parametrize("model", ["GSC3620"])
async def test_zoom_moves_the_lens_while_it_runs(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    await client.async_ptz_lens(LensAxis.ZOOM, LensDirection.IN)
    sim.advance(0.501)
    await client.async_ptz_lens_stop(LensAxis.ZOOM, LensDirection.IN)
    assert (await client.async_read_settings())["zoom"] == 1.5


@pytest.mark.parametrize("model", ["GSC3620"])
async def test_auto_focus_and_the_one_key_focus_button_send_option_20(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    await client.async_ptz_lens(LensAxis.FOCUS, LensDirection.AUTO)
    await client.async_press("one_key_focus")
    assert sim.ptz_commands == [(1, 20), (1, 20)]


@pytest.mark.parametrize("model", ["GSC3620"])
@pytest.mark.parametrize(
    ("axis", "direction"),
    [
        (LensAxis.ZOOM, LensDirection.NEAR),
        (LensAxis.FOCUS, LensDirection.IN),
        (LensAxis.IRIS, LensDirection.OPEN),
    ],
)
async def test_lens_move_the_device_lacks_is_not_supported(
    sim: GrandstreamSimulator, client: GrandstreamClient, axis: LensAxis, direction: LensDirection
) -> None:
    await client.async_identify()
    before = len(sim.requests)
    with pytest.raises(NotSupportedError):
        await client.async_ptz_lens(axis, direction)
    with pytest.raises(NotSupportedError):
        await client.async_ptz_lens_stop(axis, direction)
    assert len(sim.requests) == before


@pytest.mark.parametrize("model", ["GSC3620"])
async def test_auto_focus_has_no_stop(sim: GrandstreamSimulator, client: GrandstreamClient) -> None:
    await client.async_identify()
    with pytest.raises(NotSupportedError):
        await client.async_ptz_lens_stop(LensAxis.FOCUS, LensDirection.AUTO)
    assert sim.ptz_commands == []


async def test_lens_control_on_the_gsc3610_is_not_supported_without_a_request(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    before = len(sim.requests)
    for axis, direction, _opt in LENS:
        with pytest.raises(NotSupportedError):
            await client.async_ptz_lens(axis, direction)
        with pytest.raises(NotSupportedError):
            await client.async_ptz_lens_stop(axis, direction)
    with pytest.raises(NotSupportedError):
        await client.async_ptz_lens(LensAxis.FOCUS, LensDirection.AUTO)
    with pytest.raises(NotSupportedError):
        await client.async_press("one_key_focus")
    assert len(sim.requests) == before


async def test_unknown_button_is_not_supported(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_press("self_destruct")
    assert sim.requests == []


async def test_reboot_forgets_the_sessions_and_logs_in_once_the_device_is_back(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    await client.async_snapshot()
    sim.faults.reboot_downtime = 30
    await client.async_press("reboot")
    assert sim.rebooted == 1
    assert _to(sim, "/goform/config")[-1].query == {"cmd": "reboot"}
    assert not client.admin_session.active
    assert not client.media_session.active
    with pytest.raises(CameraConnectionError):
        await client.async_fast_status()
    sim.faults.offline_until = 0.0  # the device is back
    snapshots = len(_to(sim, "/snapshot/view.jpg"))
    await client.async_fast_status()
    await client.async_snapshot()
    assert len(_admin_logins(sim)) == 2
    assert len(_media_logins(sim)) == 2
    assert len(_to(sim, "/snapshot/view.jpg")) == snapshots + 1  # none refused


# --- SIP ----------------------------------------------------------------------------------


async def test_sip_call_and_hangup_reach_the_device(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_sip_call(" 1001 ")
    assert sim.call_active
    await client.async_sip_hangup()
    await client.async_sip_call("192.168.1.50")
    assert sim.sip_commands == [(1, "1001"), (0, ""), (1, "192.168.1.50")]


async def test_invalid_sip_number_is_refused_without_a_request(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    for number in ("", "   ", "10 01", "12\t3", "1" * 65):
        with pytest.raises(NotSupportedError):
            await client.async_sip_call(number)
    assert sim.requests == []


async def test_sip_number_of_64_characters_is_dialled(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_sip_call("1" * 64)
    assert sim.sip_commands == [(1, "1" * 64)]


async def test_sip_call_while_calling_is_a_response_error(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_sip_call("1001")
    with pytest.raises(ResponseError, match="SIP is calling"):
        await client.async_sip_call("1002")
    assert sim.sip_commands == [(1, "1001")]


async def test_sip_number_is_kept_out_of_the_raw_exchanges(client: GrandstreamClient) -> None:
    await client.async_sip_call("4915112345678")
    assert "call_num=**REDACTED**" in _kept(client)
    assert "4915112345678" not in _kept(client)


# --- push (Event Notification) ------------------------------------------------------------


async def test_push_enable_points_event_notification_at_the_url(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.params |= {"P15413": "192.168.1.2:80/old", "P15417": "2", "P15553": "1"}
    target = await client.async_push_enable(f"http://192.168.1.10:8123/api/webhook/{WEBHOOK_ID}")
    assert sim.params["P15413"] == f"192.168.1.10:8123/api/webhook/{WEBHOOK_ID}"
    assert sim.params["P15417"] == "1"
    assert sim.params["P15553"] == "0"
    assert sim.params["P15410"] == "1"
    assert sim.params["P15416"] == NOTIFICATION_TEMPLATE
    assert target == PushTarget(
        previous={
            "P15410": "0",
            "P15413": "192.168.1.2:80/old",
            "P15417": "2",
            "P15553": "1",
            "P15416": NOTIFICATION_TEMPLATE,
        }
    )


@pytest.mark.parametrize(
    ("url", "target", "via"),
    [
        ("https://ha.example/api/webhook/x", "ha.example:443/api/webhook/x", "2"),
        ("http://ha.local", "ha.local:80/", "1"),
        ("http://ha.local:8123/hook?camera=1&k=v", "ha.local:8123/hook?camera=1&k=v", "1"),
        ("https://[fd00::5]:8443/api/webhook/x", "[fd00::5]:8443/api/webhook/x", "2"),
    ],
)
async def test_push_enable_writes_the_url_without_its_scheme(
    sim: GrandstreamSimulator, client: GrandstreamClient, url: str, target: str, via: str
) -> None:
    await client.async_push_enable(url)
    assert (sim.params["P15413"], sim.params["P15417"]) == (target, via)


@pytest.mark.parametrize("url", ["ftp://ha.local/hook", "http:///api/webhook/x", "ha.local"])
async def test_push_enable_refuses_a_url_that_is_no_http(
    sim: GrandstreamSimulator, client: GrandstreamClient, url: str
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_push_enable(url)
    assert sim.params["P15410"] == "0"
    assert sim.params["P15413"] == ""


async def test_push_restore_puts_the_previous_values_back(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.params |= {"P15410": "1", "P15413": "nvr.local:80/alarm", "P15417": "2", "P15553": "1"}
    before = dict(sim.params)
    target = await client.async_push_enable(f"http://ha.local:8123/api/webhook/{WEBHOOK_ID}")
    await client.async_push_restore(target)
    assert sim.params == before


async def test_push_restore_without_a_previous_state_disables_notification(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.params["P15410"] = "1"
    await client.async_push_restore(PushTarget(previous={"P15413": "nvr.local:80/"}))
    assert (sim.params["P15410"], sim.params["P15413"]) == ("0", "nvr.local:80/")


async def test_push_restore_sends_only_event_notification_keys(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_push_restore(PushTarget(previous={"P15410": "1", "P2": "evil"}))
    assert sim.params["P15410"] == "1"
    assert sim.params["P2"] == PASSWORD
    assert "P2" not in _to(sim, "/goform/config")[-1].query


async def test_motion_is_pushed_to_the_url_and_parsed_as_motion(
    sim: GrandstreamSimulator, client: GrandstreamClient, serve: Serve
) -> None:
    arrived: asyncio.Queue[tuple[dict[str, str], bytes]] = asyncio.Queue()

    async def receive(request: web.Request) -> web.Response:
        arrived.put_nowait((dict(request.query), await request.read()))
        return web.Response(text="ok")

    receiver = web.Application()
    receiver.router.add_post("/api/webhook/{hook}", receive)
    receiver_port = (await serve(receiver)).port
    await client.async_push_enable(f"http://127.0.0.1:{receiver_port}/api/webhook/{WEBHOOK_ID}")
    sim.trigger_motion(True)
    await sim.wait_for_callbacks()
    query, body = await asyncio.wait_for(arrived.get(), 5)
    assert sim.notifications == [f"http://127.0.0.1:{receiver_port}/api/webhook/{WEBHOOK_ID}"]
    assert client.parse_push(query, body) == StatusUpdate(events={"motion": True})


async def test_push_without_motion_content_gives_no_update(client: GrandstreamClient) -> None:
    for body in (
        b"",
        b"   ",
        b'{ "mac": "00:0B:82:AB:CC:BA", "content": "Input Alarm" }',
        b'{ "mac": "00:0B:82:AB:CC:BA" }',
        b'{ "content": 1 }',
        b'["Motion Detection Alarm"]',
    ):
        assert client.parse_push({}, body) is None, body


async def test_push_that_is_no_json_gives_no_update(client: GrandstreamClient) -> None:
    for body in (b"{not json", b"\xff\xfe", b"Motion Detection Alarm"):
        assert client.parse_push({}, body) is None, body


async def test_push_nested_too_deeply_for_the_json_decoder_gives_no_update(
    client: GrandstreamClient,
) -> None:
    # Within the integration's 64 KiB body cap, `[[[[...` makes json raise RecursionError.
    assert client.parse_push({}, b"[" * 20000) is None


# --- secrets ------------------------------------------------------------------------------


async def test_no_secret_is_kept_in_the_raw_exchanges(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    await client.async_snapshot()
    await client.async_push_enable(f"http://ha.local:8123/api/webhook/{WEBHOOK_ID}")
    # The event module returns the web password in clear (P2); changed on the device while
    # the session lasts, it differs from the client's, so only the body redaction can hide it.
    sim.params["P2"] = "Other-s3cret-value"
    await client.async_read_settings()
    kept = _kept(client)
    assert "<P2>**REDACTED**</P2>" in kept
    assert "<P15413>**REDACTED**</P15413>" in kept
    for secret in (
        PASSWORD,
        "Other-s3cret-value",
        WEBHOOK_ID,
        client.admin_session.cookies["session"],
        client.media_session.cookies["mjpeg_sess"],
    ):
        assert secret not in kept


async def test_login_authcode_is_kept_out_of_the_raw_exchanges(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    sent = next(r.query["authcode"] for r in _to(sim, "/goform/login") if "authcode" in r.query)
    assert "authcode=**REDACTED**" in _kept(client)
    assert sent not in _kept(client)


async def test_push_url_written_by_get_is_kept_out_of_the_raw_exchanges(
    client: GrandstreamClient,
) -> None:
    await client.async_push_enable(f"http://ha.local:8123/api/webhook/{WEBHOOK_ID}")
    assert "P15413=**REDACTED**" in _kept(client)
    assert WEBHOOK_ID not in _kept(client)


# --- connections --------------------------------------------------------------------------


async def test_plain_session_without_a_cookie_jar_for_ip_hosts_works(
    sim: GrandstreamSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    client = _client(http_session, sim_port)
    assert (await client.async_identify()).model == "GSC3610"
    assert await client.async_read_settings() == DEFAULT_VALUES
    assert (await client.async_snapshot()).startswith(b"\xff\xd8")
    sim.expire_sessions()
    await client.async_fast_status()
    # The default jar keeps no cookie of an IP host: the client carried its own.
    assert len(http_session.cookie_jar) == 0
    assert len(_admin_logins(sim)) == 2


async def test_offline_device_is_a_connection_error(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.faults.offline = True
    with pytest.raises(CameraConnectionError):
        await client.async_identify()


async def test_closed_port_is_a_connection_error(
    closed_port: int, jar_session: aiohttp.ClientSession
) -> None:
    with pytest.raises(CameraConnectionError):
        await _client(jar_session, closed_port).async_fast_status()


async def test_stalled_device_times_out(
    sim: GrandstreamSimulator, sim_port: int, jar_session: aiohttp.ClientSession
) -> None:
    sim.faults.delay = 2
    client = _client(jar_session, sim_port, ClientOptions(request_timeout=0.1))
    with pytest.raises(CameraTimeoutError):
        await client.async_fast_status()


async def test_garbage_answer_to_the_login_is_a_parse_error(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    sim.faults.malformed_body = b"garbage"
    with pytest.raises(ParseError):
        await client.async_identify()


async def test_garbage_answer_to_a_config_request_is_a_parse_error(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    sim.faults.malformed_body = b"\x00\x01 garbage"
    sim.faults.paths = frozenset({"/goform/config"})
    with pytest.raises(ParseError):
        await client.async_fast_status()


async def test_device_answering_500_is_a_response_error(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_identify()
    sim.faults.http_status = 500
    with pytest.raises(ResponseError, match="HTTP 500"):
        await client.async_fast_status()


async def test_a_write_between_capabilities_and_the_first_read_is_not_lost(
    sim: GrandstreamSimulator, client: GrandstreamClient
) -> None:
    await client.async_capabilities()
    await client.async_write_setting("brightness", 80)

    settings = await client.async_read_settings()

    assert settings["brightness"] == 80


async def test_https_with_a_self_signed_certificate_works_without_verification(
    sim: GrandstreamSimulator,
    self_signed: ssl.SSLContext,
    jar_session: aiohttp.ClientSession,
    socket_enabled: None,
) -> None:
    runner = web.AppRunner(sim.app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=self_signed)
    await site.start()
    try:
        port = int(runner.addresses[0][1])
        config = config_for(port, ssl=True, verify_ssl=False)
        client = create_client(Vendor.GRANDSTREAM, jar_session, config)
        assert await detect(jar_session, config) is Vendor.GRANDSTREAM
        device = await client.async_identify()
        status = await client.async_fast_status()
        picture = await client.async_snapshot()
        # The cookie the web UI sends names the HTTPS port.
        assert any(f"gdsauthkey{port}=" in r.headers.get("Cookie", "") for r in sim.requests)
    finally:
        await runner.cleanup()
    assert device.model == sim.model
    assert status.events == {"motion": False}
    assert picture.startswith(b"\xff\xd8")
