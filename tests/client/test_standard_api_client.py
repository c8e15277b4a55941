"""Specification of the "IP Camera Standard API" client, against the simulated camera."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

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
    NotSupportedError,
    ParseError,
    PresetAction,
    PtzDirection,
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
from custom_components.ipcam_cgi.client.transport import Transport
from custom_components.ipcam_cgi.client.vendors.standard_api import client as sa_client
from custom_components.ipcam_cgi.client.vendors.standard_api.client import StandardApiClient
from tests.simulator import FoscamMjpegSimulator, GrandstreamSimulator, RequestLog
from tests.simulator import StandardApiSimulator as Sim
from tests.simulator.base import request_params

from .conftest import Serve
from .helpers import PASSWORD, USERNAME, CameraStub, config_for

WRONG_PASSWORD = "wrong-password"
# A secret of another service the camera keeps in its parameter tree (SMTP, DDNS...).
OTHER_SECRET = "hunter22"
MAC = "00:d0:89:1b:02:df"

PARAM = "/cgi-bin/admin/param.cgi"
EVENTDATA = "/cgi-bin/admin/eventdata.cgi"
OUTPUT = "/cgi-bin/io/output.cgi"
SNAPSHOT = "/cgi-bin/jpg/image.cgi"
RESTART = "/cgi-bin/admin/restart.cgi"
PTZ = "/cgi-bin/com/ptz.cgi"
PTZ_CONFIG = "/cgi-bin/com/ptzconfig.cgi"

ALL_GROUPS = "Motion,Motion1,Motion2,Motion3,IO,T0"
STOP = {"continuouspantiltmove": "0,0"}
PATROLS = (
    *(f"autopan_{n}" for n in range(1, 5)),
    *(f"cruise_{n}" for n in range(1, 9)),
    *(f"sequence_{n}" for n in range(1, 9)),
)
# A watchdog far above what a part takes on loopback, far below the test timeout.
WATCHDOG = 5.0


# --- fixtures and helpers -----------------------------------------------------------------

type Predicate = Callable[[str, dict[str, str]], bool]
type Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Rewrites:
    """Test-side answers that replace the simulator's for matching requests.

    Installed innermost, so the simulator still records every request and applies its faults.
    """

    def __init__(self) -> None:
        self.rules: list[tuple[Predicate, Answer]] = []

    def text(self, when: Predicate, body: str, status: int = 200) -> None:
        async def answer(_request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, body=body.encode("latin-1"))

        self.rules.append((when, answer))

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        params = await request_params(request)
        for when, answer in self.rules:
            if when(request.path, params):
                return await answer(request)
        return await handler(request)


def _is(path: str, **query: str) -> Predicate:
    def when(seen: str, params: dict[str, str]) -> bool:
        return seen == path and all(params.get(key) == value for key, value in query.items())

    return when


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Constructor arguments of the simulated camera (tests parametrize it)."""
    return {}


@pytest.fixture
def sim(sim_options: dict[str, Any]) -> Sim:
    """The simulated camera, with the test account; a heartbeat part only every 5 s."""
    options: dict[str, Any] = {"monitor_period": 5.0, **sim_options}
    return Sim(username=USERNAME, password=PASSWORD, **options)


@pytest.fixture
def rewrites(sim: Sim) -> Rewrites:
    """Answers replacing the simulator's, installed before it serves."""
    rewrites = Rewrites()
    sim.app.middlewares.append(rewrites.middleware)
    return rewrites


@pytest.fixture
def mjpeg_port() -> list[int]:
    """Where the simulated MJPEG server listens (filled in once it serves)."""
    return []


@pytest.fixture
async def sim_port(
    sim: Sim,
    rewrites: Rewrites,
    serve: Serve,
    monkeypatch: pytest.MonkeyPatch,
    mjpeg_port: list[int],
) -> int:
    """The port of the simulated camera; its MJPEG server (spec: 8008) on a port of its own."""
    mjpeg = await serve(sim.mjpeg_app)
    assert mjpeg.port is not None
    mjpeg_port.append(mjpeg.port)
    monkeypatch.setattr(sa_client, "MJPEG_PORT", mjpeg.port)
    port = (await serve(sim.app)).port
    assert port is not None
    return port


def _client(
    session: aiohttp.ClientSession,
    port: int,
    options: ClientOptions | None = None,
    **config: Any,
) -> StandardApiClient:
    client = create_client(Vendor.STANDARD_API, session, config_for(port, **config), options)
    assert isinstance(client, StandardApiClient)
    return client


@pytest.fixture
def client(sim_port: int, http_session: aiohttp.ClientSession) -> StandardApiClient:
    """The client under test, on its own session."""
    return _client(http_session, sim_port)


@pytest.fixture
async def ready(sim: Sim, client: StandardApiClient) -> StandardApiClient:
    """The client after setup (identify, capabilities); the simulator's log starts empty."""
    await client.async_identify()
    await client.async_capabilities()
    sim.requests.clear()
    return client


@pytest.fixture
async def wrong_client(sim_port: int, http_session: aiohttp.ClientSession) -> StandardApiClient:
    """A client with a wrong password."""
    return _client(http_session, sim_port, password=WRONG_PASSWORD)


def _to(sim: Sim, path: str) -> list[dict[str, str]]:
    """The queries of the requests for `path`, in order."""
    return [request.query for request in sim.requests if request.path == path]


def _with_credentials(sim: Sim) -> list[RequestLog]:
    return [request for request in sim.requests if "Authorization" in request.headers]


def _sent_credentials(requests: list[RequestLog]) -> list[str]:
    """Every trace of a password in the requests a device saw.

    The Grandstream probe (detection runs it first) names the user for its login challenge,
    which proves nothing: only an Authorization header or a password counts.
    """
    found = []
    for request in requests:
        if "Authorization" in request.headers:
            found.append(f"{request.path}: Authorization header")
        found.extend(
            f"{request.path}: {key}" for key in ("pwd", "password") if key in request.query
        )
        if PASSWORD in str(request.query):
            found.append(f"{request.path}: the password")
    return found


def _kept(client: StandardApiClient) -> str:
    return "\n".join(f"{e.method} {e.path} {e.status} {e.body}" for e in client.raw_exchanges)


# --- fingerprint and detection ------------------------------------------------------------


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_detect_finds_the_camera_without_sending_credentials(
    sim: Sim, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    assert await detect(http_session, config_for(sim_port)) is Vendor.STANDARD_API
    assert PARAM in [request.path for request in sim.requests]
    assert _sent_credentials(sim.requests) == []


async def test_fingerprint_checks_the_401_against_a_path_no_camera_serves(
    sim: Sim, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    transport = Transport(http_session, config_for(sim_port))
    assert await StandardApiClient.async_fingerprint(transport)
    assert [request.path for request in sim.requests] == [PARAM, "/ipcam_cgi_fingerprint_probe"]
    assert sim.requests[0].query == {"action": "list", "group": "Network"}


async def test_detect_on_a_device_asking_credentials_everywhere_is_unsupported(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    stub = CameraStub(auth="basic")
    server = await serve(stub.app())
    with pytest.raises(UnsupportedDeviceError):
        await detect(http_session, config_for(server.port))
    assert stub.seen
    assert all(not seen.authorization for seen in stub.seen)


async def test_detect_on_a_server_answering_404_everywhere_is_unsupported(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    server = await serve(web.Application())
    with pytest.raises(UnsupportedDeviceError):
        await detect(http_session, config_for(server.port))


def _open_camera(body: str) -> web.Application:
    """A camera without authentication: param.cgi answers `body`, anything else is 404."""

    async def param(_request: web.Request) -> web.Response:
        return web.Response(body=body.encode("latin-1"), content_type="text/plain")

    app = web.Application()
    app.router.add_get(PARAM, param)
    return app


async def test_detect_finds_a_camera_without_authentication_by_its_root_lines(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    app = _open_camera("root.Network.HostName=cam\r\nroot.Network.IPAddress=10.0.0.2\r\n")
    server = await serve(app)
    assert await detect(http_session, config_for(server.port)) is Vendor.STANDARD_API


async def test_a_param_cgi_answering_something_else_is_no_standard_api(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    server = await serve(_open_camera("<html>router login</html>"))
    with pytest.raises(UnsupportedDeviceError):
        await detect(http_session, config_for(server.port))


async def test_fingerprint_on_a_closed_port_is_false(
    closed_port: int, http_session: aiohttp.ClientSession
) -> None:
    transport = Transport(http_session, config_for(closed_port))
    assert not await StandardApiClient.async_fingerprint(transport)


async def test_fingerprint_whose_control_request_breaks_is_false(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    async def challenge(_request: web.Request) -> web.Response:
        return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="x"'})

    async def hang_up(request: web.Request) -> web.Response:
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    app = web.Application()
    app.router.add_get(PARAM, challenge)
    app.router.add_get("/{tail:.*}", hang_up)
    server = await serve(app)
    transport = Transport(http_session, config_for(server.port))
    assert not await StandardApiClient.async_fingerprint(transport)


@pytest.mark.parametrize("make", [FoscamMjpegSimulator, GrandstreamSimulator])
async def test_the_other_vendors_simulators_are_no_standard_api_camera(
    make: Callable[..., FoscamMjpegSimulator | GrandstreamSimulator],
    serve: Serve,
    http_session: aiohttp.ClientSession,
) -> None:
    # Detection order puts them first anyway; the fingerprint alone must not claim them.
    other = make(username=USERNAME, password=PASSWORD)
    server = await serve(other.app)
    transport = Transport(http_session, config_for(server.port))
    assert not await StandardApiClient.async_fingerprint(transport)
    assert _sent_credentials(other.requests) == []


# --- identify -----------------------------------------------------------------------------


async def test_identify_reads_who_the_camera_is(client: StandardApiClient) -> None:
    info = await client.async_identify()
    assert info.vendor is Vendor.STANDARD_API
    assert info.manufacturer == "IPCAM"
    assert info.model == "720WA-N4"
    assert info.name == "ipcam"
    assert info.mac == MAC
    assert info.unique_id == MAC
    assert info.serial == "00D0891B02DF"
    assert info.firmware == "5.0.0-sim"
    assert info.hardware is None


async def test_identify_lists_every_parameter_as_administrator(
    sim: Sim, client: StandardApiClient
) -> None:
    await client.async_identify()
    assert _to(sim, PARAM)[-1] == {"action": "list"}
    assert _with_credentials(sim)


async def test_identify_without_brand_serial_or_name_falls_back(
    sim: Sim, client: StandardApiClient
) -> None:
    for name in ("Brand.Brand", "Properties.System.SerialNumber", "Network.HostName"):
        del sim.params[name]
    sim.params["Properties.System.HardwareID"] = "HW-7"
    info = await client.async_identify()
    assert info.manufacturer == "IP Camera Standard API"
    assert info.serial == "00d0891b02df"
    assert info.name is None
    assert info.hardware == "HW-7"


async def test_identify_tolerates_a_latin1_body(sim: Sim, client: StandardApiClient) -> None:
    sim.params["Network.HostName"] = "Caméra-Süd"
    info = await client.async_identify()
    assert info.name == "Caméra-Süd"
    assert info.mac == MAC


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_identify_with_a_wrong_password_costs_exactly_one_refused_login(
    sim: Sim, wrong_client: StandardApiClient
) -> None:
    with pytest.raises(AuthError):
        await wrong_client.async_identify()
    refused = _with_credentials(sim)
    assert len(refused) == 1
    assert refused[0].headers["Authorization"].lower().startswith(sim.auth_mode)


@pytest.mark.parametrize("sim_options", [{"auth_mode": "digest"}])
async def test_identify_over_digest(sim: Sim, client: StandardApiClient) -> None:
    assert (await client.async_identify()).mac == MAC
    assert all(
        request.headers["Authorization"].startswith("Digest ") for request in _with_credentials(sim)
    )


async def test_identify_error_answer_is_a_response_error(
    sim: Sim, client: StandardApiClient
) -> None:
    sim.faults.malformed_body = b"# Error: Error -1 getting param\r\n"
    sim.faults.paths = frozenset({PARAM})
    with pytest.raises(ResponseError):
        await client.async_identify()


# --- capabilities -------------------------------------------------------------------------


async def test_capabilities_of_the_default_ip_ptz(client: StandardApiClient) -> None:
    await client.async_identify()
    caps = await client.async_capabilities()
    assert caps.features == {
        Feature.SNAPSHOT,
        Feature.MJPEG,
        Feature.RTSP,
        Feature.EVENT_STREAM,
        Feature.PTZ_MOVE,
        Feature.PTZ_ZOOM,
        Feature.PTZ_FOCUS,
        Feature.PTZ_PRESETS,
        Feature.PTZ_PATROL,
        Feature.PTZ_POSITION,
    }
    assert caps.events == {"motion", "tamper", "input_1"}
    assert caps.sensors == {"motion_level", "ptz_pan", "ptz_tilt", "ptz_zoom"}
    assert caps.settings == {
        "motion_detection": SettingSpec(kind=SettingKind.SWITCH),
        "tamper_detection": SettingSpec(kind=SettingKind.SWITCH),
        "motion_sensitivity": SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=100),
        "output_1": SettingSpec(kind=SettingKind.SWITCH),
    }
    assert caps.buttons == {"reboot", "ptz_home", "autofocus"}
    assert caps.patrol_modes == PATROLS
    assert caps.ptz_presets == tuple(range(1, 257))
    assert caps.streams == (StreamQuality.MAIN, StreamQuality.SUB)


async def test_capabilities_ask_eventdata_and_ptz_info(sim: Sim, client: StandardApiClient) -> None:
    await client.async_identify()
    sim.requests.clear()
    await client.async_capabilities()
    assert [(request.path, request.query) for request in sim.requests] == [
        (EVENTDATA, {"action": "get"}),
        (PTZ, {"info": "1"}),
    ]


async def test_capabilities_without_identify_read_the_parameters_first(
    sim: Sim, client: StandardApiClient
) -> None:
    caps = await client.async_capabilities()
    # The first request learns the scheme from the challenge; one list carries credentials.
    listed = [r for r in _with_credentials(sim) if r.path == PARAM]
    assert [request.query for request in listed] == [{"action": "list"}]
    assert "motion_detection" in caps.settings


@pytest.mark.parametrize("sim_options", [{"model": "W3500", "ptz": False}])
async def test_capabilities_of_a_camera_without_ptz(ready: StandardApiClient) -> None:
    caps = await ready.async_capabilities()
    assert caps.features == {Feature.SNAPSHOT, Feature.MJPEG, Feature.RTSP, Feature.EVENT_STREAM}
    assert caps.buttons == {"reboot"}
    assert caps.sensors == {"motion_level"}
    assert caps.ptz_presets == ()
    assert caps.patrol_modes == ()


@pytest.mark.parametrize("sim_options", [{"model": "W3512-A"}])
async def test_capabilities_of_a_zoom_camera(ready: StandardApiClient) -> None:
    caps = await ready.async_capabilities()
    ptz = {feature for feature in caps.features if feature.startswith("ptz_")}
    assert ptz == {Feature.PTZ_ZOOM, Feature.PTZ_FOCUS, Feature.PTZ_PRESETS}
    assert caps.buttons == {"reboot", "autofocus"}
    assert caps.patrol_modes == ()
    assert caps.ptz_presets == tuple(range(1, 257))


@pytest.mark.parametrize("sim_options", [{"model": "W3512-A"}])
async def test_a_zoom_camera_reports_no_pan_or_tilt_sensor(ready: StandardApiClient) -> None:
    # A camera-zoom lens answers query=position with zoom and focus only.
    caps = await ready.async_capabilities()
    assert caps.sensors == {"motion_level", "ptz_zoom"}
    settings = await ready.async_read_settings()
    assert {"ptz_pan", "ptz_tilt"} & settings.keys() == set()
    # Every position sensor promised is one the camera's position answer fills.
    position_sensors = {sensor for sensor in caps.sensors if sensor.startswith("ptz_")}
    assert position_sensors <= settings.keys()


@pytest.mark.parametrize("sim_options", [{"iris": True}])
async def test_capabilities_with_a_motorised_iris(ready: StandardApiClient) -> None:
    assert Feature.PTZ_IRIS in (await ready.async_capabilities()).features


async def test_capabilities_without_iris(ready: StandardApiClient) -> None:
    assert Feature.PTZ_IRIS not in (await ready.async_capabilities()).features


@pytest.mark.parametrize("sim_options", [{"motion_windows_enabled": frozenset({0, 1, 3})}])
async def test_capabilities_list_the_enabled_motion_windows(ready: StandardApiClient) -> None:
    caps = await ready.async_capabilities()
    assert {event for event in caps.events if event.startswith("motion")} == {
        "motion",
        "motion_2",
        "motion_4",
    }


@pytest.mark.parametrize("sim_options", [{"motion_windows_enabled": frozenset()}])
async def test_capabilities_of_a_camera_with_motion_off(ready: StandardApiClient) -> None:
    caps = await ready.async_capabilities()
    # The motion binary sensor stays (the switch turns detection back on); no level shown.
    assert "motion" in caps.events
    assert "motion_level" not in caps.sensors


@pytest.mark.parametrize(
    ("sim_options", "inputs"),
    [
        ({"inputs": 2, "inputs_enabled": frozenset({1, 2})}, {"input_1", "input_2"}),
        ({"inputs": 4, "inputs_enabled": frozenset({3})}, {"input_3"}),
        ({"inputs": 2, "inputs_enabled": frozenset()}, set()),
        ({"inputs": 0, "outputs": 0}, set()),
    ],
)
async def test_capabilities_list_the_enabled_inputs(
    ready: StandardApiClient, inputs: set[str]
) -> None:
    caps = await ready.async_capabilities()
    assert {event for event in caps.events if event.startswith("input_")} == inputs


@pytest.mark.parametrize(
    ("sim_options", "outputs"),
    [
        ({"outputs": 0}, set()),
        ({"outputs": 1}, {"output_1"}),
        ({"outputs": 3}, {"output_1", "output_2", "output_3"}),
    ],
)
async def test_capabilities_list_the_outputs(ready: StandardApiClient, outputs: set[str]) -> None:
    caps = await ready.async_capabilities()
    assert {key for key in caps.settings if key.startswith("output_")} == outputs


async def test_outputs_are_probed_where_no_io_parameter_is_listed(
    sim: Sim, client: StandardApiClient
) -> None:
    for name in [name for name in sim.params if name.startswith("IO.")]:
        del sim.params[name]
    caps = await client.async_capabilities()
    assert {"check": "1"} in _to(sim, OUTPUT)
    assert "output_1" in caps.settings


@pytest.mark.parametrize("sim_options", [{"outputs": 0}])
async def test_an_output_probe_the_camera_refuses_means_no_output(
    sim: Sim, client: StandardApiClient
) -> None:
    for name in [name for name in sim.params if name.startswith("IO.")]:
        del sim.params[name]
    caps = await client.async_capabilities()
    assert _to(sim, OUTPUT) == [{"check": "1"}]
    assert not any(key.startswith("output_") for key in caps.settings)


async def test_inputs_are_counted_from_the_io_status_without_io_parameters(
    sim: Sim, rewrites: Rewrites, client: StandardApiClient
) -> None:
    for name in [name for name in sim.params if name.startswith("IO.")]:
        del sim.params[name]
    # Inputs 1 and 2 enabled (XX0 = 03), input 2 active (XX5 = 02).
    rewrites.text(
        _is(EVENTDATA, action="get"),
        "Motion:Enabled=1;Level=0;Sensitivity=80;Triggered=0;\r\nIO:Status=03000000000200\r\n",
    )
    caps = await client.async_capabilities()
    assert {"input_1", "input_2"} <= caps.events
    status = await client.async_fast_status()
    assert status.events["input_1"] is False
    assert status.events["input_2"] is True


@pytest.mark.parametrize("sim_options", [{"faces": True}])
async def test_capabilities_with_face_detection(ready: StandardApiClient) -> None:
    assert "faces" in (await ready.async_capabilities()).sensors


async def test_capabilities_without_face_detection(ready: StandardApiClient) -> None:
    assert "faces" not in (await ready.async_capabilities()).sensors


@pytest.mark.parametrize("sim_options", [{"tamper": False}])
async def test_capabilities_without_tamper_detection(ready: StandardApiClient) -> None:
    caps = await ready.async_capabilities()
    assert "tamper" not in caps.events
    assert "tamper_detection" not in caps.settings


async def test_capabilities_without_a_sensitivity_parameter(
    sim: Sim, client: StandardApiClient
) -> None:
    del sim.params["Event.E1.Sensitivity"]
    assert "motion_sensitivity" not in (await client.async_capabilities()).settings


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (
            "720WA-N4",
            {
                Feature.PTZ_MOVE,
                Feature.PTZ_ZOOM,
                Feature.PTZ_FOCUS,
                Feature.PTZ_PRESETS,
                Feature.PTZ_PATROL,
                Feature.PTZ_POSITION,
            },
        ),
        ("W3512-A", {Feature.PTZ_ZOOM, Feature.PTZ_FOCUS, Feature.PTZ_PRESETS}),
        ("B1710-N", set()),
    ],
)
@pytest.mark.parametrize(
    "info_answer",
    [("", 404), ("# Error: unknown parameter info\r\n", 200), ("Available commands:\r\n", 200)],
)
async def test_capabilities_fall_back_to_the_model_table_when_info_says_nothing(
    sim: Sim,
    rewrites: Rewrites,
    client: StandardApiClient,
    model: str,
    expected: set[Feature],
    info_answer: tuple[str, int],
) -> None:
    sim.params["Brand.ProdShortName"] = model
    body, status = info_answer
    rewrites.text(_is(PTZ, info="1"), body, status)
    caps = await client.async_capabilities()
    assert {feature for feature in caps.features if feature.startswith("ptz_")} == expected
    assert {"info": "1"} in _to(sim, PTZ)


# --- fast status --------------------------------------------------------------------------


async def test_fast_status_is_one_request_for_every_group(
    sim: Sim, ready: StandardApiClient
) -> None:
    status = await ready.async_fast_status()
    assert [(request.path, request.query) for request in sim.requests] == [
        (EVENTDATA, {"action": "get", "group": ALL_GROUPS})
    ]
    assert status.events == {
        "motion": False,
        "motion_2": False,
        "motion_3": False,
        "motion_4": False,
        "tamper": False,
        "input_1": False,
    }
    assert status.values == {"motion_level": 0, "output_1": False}


async def test_every_fast_status_is_one_request(sim: Sim, ready: StandardApiClient) -> None:
    for _ in range(5):
        await ready.async_fast_status()
    assert len(sim.requests) == 5
    assert len({request.remote_port for request in sim.requests}) == 1


@pytest.mark.parametrize("sim_options", [{"faces": True}])
async def test_fast_status_asks_for_the_face_group_where_present(
    sim: Sim, ready: StandardApiClient
) -> None:
    await ready.async_fast_status()
    assert sim.requests[0].query["group"] == f"{ALL_GROUPS},Face"


async def test_fast_status_follows_motion(sim: Sim, ready: StandardApiClient) -> None:
    sim.set_motion(True, level=60)
    status = await ready.async_fast_status()
    assert status.events["motion"] is True
    assert status.values["motion_level"] == 60
    sim.set_motion(False)
    status = await ready.async_fast_status()
    assert status.events["motion"] is False
    assert status.values["motion_level"] == 0


@pytest.mark.parametrize("sim_options", [{"motion_windows_enabled": frozenset({0, 2})}])
async def test_fast_status_follows_the_other_motion_windows(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.set_motion(True, window=2)
    status = await ready.async_fast_status()
    assert status.events["motion_3"] is True
    assert status.events["motion"] is False


@pytest.mark.parametrize("sim_options", [{"inputs": 2, "inputs_enabled": frozenset({1, 2})}])
async def test_fast_status_follows_the_inputs(sim: Sim, ready: StandardApiClient) -> None:
    sim.set_input(2, True)
    status = await ready.async_fast_status()
    assert status.events["input_1"] is False
    assert status.events["input_2"] is True


async def test_fast_status_follows_tampering(sim: Sim, ready: StandardApiClient) -> None:
    sim.set_tamper(True)
    assert (await ready.async_fast_status()).events["tamper"] is True


@pytest.mark.parametrize("sim_options", [{"faces": True}])
async def test_fast_status_counts_faces(sim: Sim, ready: StandardApiClient) -> None:
    assert (await ready.async_fast_status()).values["faces"] == 0
    sim.set_faces(3)
    assert (await ready.async_fast_status()).values["faces"] == 3


@pytest.mark.parametrize("sim_options", [{"outputs": 2}])
async def test_fast_status_follows_the_outputs(sim: Sim, ready: StandardApiClient) -> None:
    sim.outputs_active[2] = True
    status = await ready.async_fast_status()
    assert status.values["output_1"] is False
    assert status.values["output_2"] is True


async def test_fast_status_before_capabilities_asks_the_motion_groups(
    sim: Sim, client: StandardApiClient
) -> None:
    await client.async_identify()
    sim.requests.clear()
    status = await client.async_fast_status()
    assert sim.requests[-1].query == {"action": "get", "group": "Motion,Motion1,Motion2,Motion3"}
    assert status.events["motion"] is False


async def test_fast_status_answer_without_a_group_is_a_parse_error(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.faults.malformed_body = b"<html>maintenance</html>"
    sim.faults.paths = frozenset({EVENTDATA})
    with pytest.raises(ParseError):
        await ready.async_fast_status()


async def test_fast_status_with_a_wrong_password_is_an_auth_error(
    sim: Sim, wrong_client: StandardApiClient
) -> None:
    with pytest.raises(AuthError):
        await wrong_client.async_fast_status()
    assert len(_with_credentials(sim)) == 1


# --- event stream -------------------------------------------------------------------------


@pytest.fixture
async def open_streams() -> AsyncIterator[list[Any]]:
    """Streams a test opened; closed after it."""
    streams: list[Any] = []
    yield streams
    for stream in streams:
        stream.close()


async def test_event_stream_gives_the_state_then_each_change(
    sim: Sim, ready: StandardApiClient, open_streams: list[Any]
) -> None:
    stream = await ready.async_open_event_stream(WATCHDOG)
    open_streams.append(stream)
    first = await stream.async_next()
    assert first.events["motion"] is False
    assert first.events["tamper"] is False
    assert first.values["output_1"] is False
    assert sim.requests[-1].query == {"action": "monitor", "group": ALL_GROUPS}
    started = time.monotonic()
    sim.set_motion(True, level=40)
    update = await stream.async_next()
    # The heartbeat part is 5 s away: this part is the change itself.
    assert time.monotonic() - started < 1.0
    assert update.events["motion"] is True
    assert update.values["motion_level"] == 40
    sim.set_tamper(True)
    assert (await stream.async_next()).events["tamper"] is True
    sim.set_input(1, True)
    assert (await stream.async_next()).events["input_1"] is True
    assert stream.parts == 4


async def test_event_stream_holds_one_connection_for_every_part(
    sim: Sim, ready: StandardApiClient, open_streams: list[Any]
) -> None:
    connections = sim.connections_opened
    stream = await ready.async_open_event_stream(WATCHDOG)
    open_streams.append(stream)
    await stream.async_next()
    for index in range(6):
        sim.set_motion(index % 2 == 0)
        assert (await stream.async_next()).events["motion"] is (index % 2 == 0)
    monitors = [request for request in sim.requests if request.query.get("action") == "monitor"]
    assert len(monitors) == 1
    assert sim.monitor_opened == 1
    assert sim.monitor_connections == 1
    assert sim.connections_opened - connections <= 1
    assert stream.parts == 7


async def test_event_stream_sends_heartbeat_parts(
    sim: Sim, ready: StandardApiClient, open_streams: list[Any]
) -> None:
    sim.monitor_period = 0.05
    stream = await ready.async_open_event_stream(WATCHDOG)
    open_streams.append(stream)
    for _ in range(4):
        assert (await stream.async_next()).events["motion"] is False
    assert sim.monitor_opened == 1


async def test_a_silent_event_stream_times_out_after_the_watchdog(
    sim: Sim, ready: StandardApiClient, open_streams: list[Any]
) -> None:
    sim.stall_monitor = True
    stream = await ready.async_open_event_stream(0.3)
    open_streams.append(stream)
    await stream.async_next()
    started = time.monotonic()
    with pytest.raises(CameraTimeoutError):
        await stream.async_next()
    assert 0.25 <= time.monotonic() - started < 2.0


async def test_an_event_stream_the_camera_closes_is_a_connection_error(
    sim: Sim, ready: StandardApiClient, open_streams: list[Any]
) -> None:
    sim.close_monitor_after = 2
    stream = await ready.async_open_event_stream(WATCHDOG)
    open_streams.append(stream)
    await stream.async_next()
    sim.set_motion(True)
    assert (await stream.async_next()).events["motion"] is True
    with pytest.raises(CameraConnectionError):
        await stream.async_next()
    assert stream.parts == 2


async def test_an_event_stream_dropped_mid_way_is_a_connection_error(
    sim: Sim, ready: StandardApiClient, open_streams: list[Any]
) -> None:
    stream = await ready.async_open_event_stream(WATCHDOG)
    open_streams.append(stream)
    await stream.async_next()
    sim.close_monitors()
    with pytest.raises(CameraConnectionError):
        await stream.async_next()


async def test_a_reboot_closes_the_event_stream(
    sim: Sim, ready: StandardApiClient, open_streams: list[Any]
) -> None:
    stream = await ready.async_open_event_stream(WATCHDOG)
    open_streams.append(stream)
    await stream.async_next()
    await ready.async_press("reboot")
    with pytest.raises(CameraConnectionError):
        await stream.async_next()
    assert sim.restarts == 1


async def test_event_stream_with_a_wrong_password_is_an_auth_error(
    sim: Sim, wrong_client: StandardApiClient
) -> None:
    with pytest.raises(AuthError):
        await wrong_client.async_open_event_stream(WATCHDOG)
    assert len(_with_credentials(sim)) == 1
    assert sim.monitor_opened == 0


@pytest.mark.parametrize("sim_options", [{"auth_mode": "digest"}])
async def test_event_stream_over_digest(
    sim: Sim, client: StandardApiClient, open_streams: list[Any]
) -> None:
    stream = await client.async_open_event_stream(WATCHDOG)
    open_streams.append(stream)
    assert (await stream.async_next()).events["motion"] is False
    assert sim.requests[-1].headers["Authorization"].startswith("Digest ")


async def test_an_event_stream_answered_with_a_page_is_not_supported(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.faults.malformed_body = b"Motion:Enabled=1;Triggered=0;\r\n"
    sim.faults.paths = frozenset({EVENTDATA})
    with pytest.raises(NotSupportedError, match="not multipart"):
        await ready.async_open_event_stream(WATCHDOG)


async def test_firmware_without_the_monitor_action_has_no_event_stream(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.monitor_unsupported = True
    with pytest.raises(NotSupportedError):
        await ready.async_open_event_stream(WATCHDOG)
    assert sim.monitor_opened == 0
    # Polling still works.
    assert (await ready.async_fast_status()).events["motion"] is False


async def test_an_event_stream_refused_with_an_http_error_is_a_response_error(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.faults.http_status = 503
    sim.faults.paths = frozenset({EVENTDATA})
    with pytest.raises(ResponseError):
        await ready.async_open_event_stream(WATCHDOG)


def _garbled_stream(parts: list[bytes]) -> web.Application:
    """An eventdata.cgi monitor sending `parts` (then holding the connection open)."""

    async def monitor(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "multipart/x-mixed-replace; boundary=ev"}
        )
        await response.prepare(request)
        for body in parts:
            await response.write(
                b"--ev\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s\r\n"
                % (len(body), body)
            )
        await asyncio.sleep(30)
        return response

    app = web.Application()
    app.router.add_get(EVENTDATA, monitor)
    return app


async def test_event_stream_skips_a_garbled_part_and_gives_up_on_a_run_of_them(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    good = b"Motion:Enabled=1;Level=5;Sensitivity=80;Triggered=1;"
    server = await serve(_garbled_stream([b"garbage", good, b"x", b"<html>", b"?"]))
    assert server.port is not None
    client = _client(http_session, server.port)
    stream = await client.async_open_event_stream(WATCHDOG)
    try:
        update = await stream.async_next()
        assert update.events["motion"] is True
        assert (stream.parts, stream.bad_parts) == (2, 1)
        with pytest.raises(ParseError):
            await stream.async_next()
        assert (stream.parts, stream.bad_parts) == (5, 4)
    finally:
        stream.close()


# --- settings -----------------------------------------------------------------------------


async def test_read_settings(sim: Sim, ready: StandardApiClient) -> None:
    settings = await ready.async_read_settings()
    assert settings == {
        "motion_detection": True,
        "tamper_detection": True,
        "motion_sensitivity": 80,
        "ptz_pan": 0.0,
        "ptz_tilt": 0.0,
        "ptz_zoom": 0.0,
    }
    assert [(request.path, request.query) for request in sim.requests] == [
        (PARAM, {"action": "list", "group": "Event"}),
        (PTZ, {"query": "position"}),
    ]


async def test_read_settings_follow_the_camera(sim: Sim, ready: StandardApiClient) -> None:
    sim.params["Event.E1.Enabled"] = "no"
    sim.params["Event.E2.Enabled"] = "no"
    sim.params["Event.E1.Sensitivity"] = "35"
    sim.position = {"pan": -45.5, "tilt": 120.25, "zoom": 2500.0, "focus": 0.0}
    settings = await ready.async_read_settings()
    assert settings["motion_detection"] is False
    assert settings["tamper_detection"] is False
    assert settings["motion_sensitivity"] == 35
    assert settings["ptz_pan"] == -45.5
    assert settings["ptz_tilt"] == 120.25
    assert settings["ptz_zoom"] == 25.0


async def test_read_settings_skip_garbled_values(sim: Sim, ready: StandardApiClient) -> None:
    sim.params["Event.E1.Enabled"] = "maybe"
    sim.params["Event.E1.Sensitivity"] = "high"
    settings = await ready.async_read_settings()
    assert "motion_detection" not in settings
    assert "motion_sensitivity" not in settings
    assert settings["tamper_detection"] is True


@pytest.mark.parametrize("sim_options", [{"model": "W3500", "ptz": False}])
async def test_read_settings_without_ptz_ask_no_position(
    sim: Sim, ready: StandardApiClient
) -> None:
    settings = await ready.async_read_settings()
    assert not any(key.startswith("ptz_") for key in settings)
    assert _to(sim, PTZ) == []


async def test_read_settings_without_a_position_answer(
    sim: Sim, rewrites: Rewrites, ready: StandardApiClient
) -> None:
    rewrites.text(_is(PTZ, query="position"), "# Error: position unavailable\r\n")
    settings = await ready.async_read_settings()
    assert not any(key.startswith("ptz_") for key in settings)
    assert settings["motion_detection"] is True


async def test_read_settings_take_the_axes_the_position_answer_has(
    rewrites: Rewrites, ready: StandardApiClient
) -> None:
    rewrites.text(_is(PTZ, query="position"), "pan=10.5\r\ntilt=garbled\r\nautofocus=on\r\n")
    settings = await ready.async_read_settings()
    assert settings["ptz_pan"] == 10.5
    assert "ptz_tilt" not in settings
    assert "ptz_zoom" not in settings


async def test_read_settings_before_capabilities_give_nothing_unlisted(
    client: StandardApiClient,
) -> None:
    await client.async_identify()
    assert await client.async_read_settings() == {}


@pytest.mark.parametrize(
    ("key", "value", "name", "sent"),
    [
        ("motion_detection", False, "Event.E1.Enabled", "no"),
        ("motion_detection", True, "Event.E1.Enabled", "yes"),
        ("tamper_detection", False, "Event.E2.Enabled", "no"),
        ("motion_sensitivity", 55, "Event.E1.Sensitivity", "55"),
        ("motion_sensitivity", 0, "Event.E1.Sensitivity", "0"),
        ("motion_sensitivity", 100.0, "Event.E1.Sensitivity", "100"),
    ],
)
async def test_write_setting_updates_the_parameter(
    sim: Sim, ready: StandardApiClient, key: str, value: SettingValue, name: str, sent: str
) -> None:
    await ready.async_write_setting(key, value)
    assert [(request.path, request.query) for request in sim.requests] == [
        (PARAM, {"action": "update", name: sent})
    ]
    assert sim.params[name] == sent
    assert (await ready.async_read_settings())[key] == value


async def test_write_then_read_a_switch_back_and_forth(sim: Sim, ready: StandardApiClient) -> None:
    await ready.async_write_setting("motion_detection", False)
    assert (await ready.async_fast_status()).events["motion"] is False
    assert sim.params["Event.E1.Enabled"] == "no"
    await ready.async_write_setting("motion_detection", True)
    assert sim.params["Event.E1.Enabled"] == "yes"


async def test_a_switch_listed_as_1_or_0_is_written_so(
    sim: Sim, rewrites: Rewrites, client: StandardApiClient
) -> None:
    sim.params["Event.E2.Enabled"] = "1"
    rewrites.text(_is(PARAM, action="update"), "OK\r\n")
    await client.async_identify()
    await client.async_capabilities()
    assert (await client.async_read_settings())["tamper_detection"] is True
    await client.async_write_setting("tamper_detection", False)
    await client.async_write_setting("tamper_detection", True)
    assert _to(sim, PARAM)[-2:] == [
        {"action": "update", "Event.E2.Enabled": "0"},
        {"action": "update", "Event.E2.Enabled": "1"},
    ]


@pytest.mark.parametrize("value", [-1, 101, 50.5, True, "50", float("nan")])
async def test_a_sensitivity_out_of_range_is_refused_before_any_request(
    sim: Sim, ready: StandardApiClient, value: SettingValue
) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_write_setting("motion_sensitivity", value)
    assert sim.requests == []
    assert sim.params["Event.E1.Sensitivity"] == "80"


@pytest.mark.parametrize(("value", "action"), [(True, "1:/"), (False, "1:\\")])
async def test_write_output(sim: Sim, ready: StandardApiClient, value: bool, action: str) -> None:
    sim.outputs_active[1] = not value
    await ready.async_write_setting("output_1", value)
    assert [(request.path, request.query) for request in sim.requests] == [
        (OUTPUT, {"action": action})
    ]
    assert sim.outputs_active[1] is value
    assert (await ready.async_fast_status()).values["output_1"] is value


@pytest.mark.parametrize("sim_options", [{"outputs": 3}])
async def test_write_the_third_output(sim: Sim, ready: StandardApiClient) -> None:
    await ready.async_write_setting("output_3", True)
    assert sim.requests[-1].query == {"action": "3:/"}
    assert sim.outputs_active == {1: False, 2: False, 3: True}


async def test_a_refused_update_is_a_response_error_and_changes_nothing(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.refuse_updates = True
    with pytest.raises(ResponseError):
        await ready.async_write_setting("motion_detection", False)
    with pytest.raises(ResponseError):
        await ready.async_write_setting("motion_sensitivity", 10)
    assert sim.params["Event.E1.Enabled"] == "yes"
    assert sim.params["Event.E1.Sensitivity"] == "80"
    sim.refuse_updates = False
    settings = await ready.async_read_settings()
    assert settings["motion_detection"] is True
    assert settings["motion_sensitivity"] == 80


async def test_a_refused_output_is_a_response_error(
    sim: Sim, rewrites: Rewrites, ready: StandardApiClient
) -> None:
    rewrites.text(_is(OUTPUT), "# Error: output is locked\r\n")
    with pytest.raises(ResponseError):
        await ready.async_write_setting("output_1", True)
    assert sim.outputs_active[1] is False


@pytest.mark.parametrize("key", ["brightness", "output_2", "ptz_pan", "motion_2"])
async def test_an_unknown_setting_is_not_supported(
    sim: Sim, ready: StandardApiClient, key: str
) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_write_setting(key, True)
    assert sim.requests == []


@pytest.mark.parametrize("sim_options", [{"tamper": False}])
async def test_tamper_detection_of_a_camera_without_it_is_not_supported(
    sim: Sim, ready: StandardApiClient
) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_write_setting("tamper_detection", True)
    assert sim.requests == []


def test_the_catalogue_covers_every_setting_a_camera_may_have() -> None:
    catalogue = StandardApiClient.setting_catalogue
    assert {"motion_detection", "tamper_detection", "motion_sensitivity"} <= catalogue.keys()
    assert {f"output_{n}" for n in range(1, 9)} <= catalogue.keys()
    assert StandardApiClient.push_by_default


# --- PTZ ----------------------------------------------------------------------------------


MOVES = {
    PtzDirection.UP: "0,50",
    PtzDirection.DOWN: "0,-50",
    PtzDirection.LEFT: "-50,0",
    PtzDirection.RIGHT: "50,0",
    PtzDirection.UP_LEFT: "-50,50",
    PtzDirection.UP_RIGHT: "50,50",
    PtzDirection.DOWN_LEFT: "-50,-50",
    PtzDirection.DOWN_RIGHT: "50,-50",
}


@pytest.mark.parametrize("direction", list(PtzDirection))
async def test_move_in_every_direction(
    sim: Sim, ready: StandardApiClient, direction: PtzDirection
) -> None:
    await ready.async_ptz_move(direction, 50)
    assert _to(sim, PTZ) == [{"continuouspantiltmove": MOVES[direction]}]
    pan, tilt = (int(part) for part in MOVES[direction].split(","))
    assert sim.ptz_velocity == (pan, tilt)


@pytest.mark.parametrize(
    ("speed", "sent"), [(1, "1,0"), (37, "37,0"), (100, "100,0"), (0, "1,0"), (250, "100,0")]
)
async def test_move_speed_is_the_spec_scale_within_1_to_100(
    sim: Sim, ready: StandardApiClient, speed: int, sent: str
) -> None:
    await ready.async_ptz_move(PtzDirection.RIGHT, speed)
    assert _to(sim, PTZ) == [{"continuouspantiltmove": sent}]


@pytest.mark.parametrize(
    ("direction", "sent"),
    [
        (PtzDirection.LEFT, "50,0"),
        (PtzDirection.RIGHT, "-50,0"),
        (PtzDirection.UP_LEFT, "50,50"),
        (PtzDirection.DOWN_RIGHT, "-50,-50"),
        (PtzDirection.UP, "0,50"),
    ],
)
async def test_invert_pan_swaps_left_and_right_only(
    sim: Sim, sim_port: int, http_session: aiohttp.ClientSession, direction: PtzDirection, sent: str
) -> None:
    client = _client(http_session, sim_port, ClientOptions(invert_pan=True))
    await client.async_capabilities()
    sim.requests.clear()
    await client.async_ptz_move(direction, 50)
    assert _to(sim, PTZ) == [{"continuouspantiltmove": sent}]


async def test_stop_is_sent_twice(sim: Sim, ready: StandardApiClient) -> None:
    await ready.async_ptz_move(PtzDirection.UP, 80)
    await ready.async_ptz_stop()
    assert _to(sim, PTZ)[1:] == [STOP, STOP]
    assert sim.ptz_velocity == (0, 0)


async def test_stop_stops_a_head_that_ignores_the_first_stop(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.ignore_first_stop = True
    await ready.async_ptz_move(PtzDirection.LEFT, 60)
    await ready.async_ptz_stop()
    assert sim.ptz_velocity == (0, 0)
    settled = dict(sim.position)
    await asyncio.sleep(0.05)
    assert sim.position == settled


@pytest.mark.parametrize(
    ("axis", "direction", "sent", "velocity"),
    [
        (LensAxis.ZOOM, LensDirection.IN, {"continuouszoommove": "50"}, ("zoom_velocity", 50)),
        (LensAxis.ZOOM, LensDirection.OUT, {"continuouszoommove": "-50"}, ("zoom_velocity", -50)),
        (
            LensAxis.FOCUS,
            LensDirection.NEAR,
            {"continuousfocusmove": "50"},
            ("focus_velocity", 50),
        ),
        (
            LensAxis.FOCUS,
            LensDirection.FAR,
            {"continuousfocusmove": "-50"},
            ("focus_velocity", -50),
        ),
    ],
)
async def test_lens_start_and_stop(
    sim: Sim,
    ready: StandardApiClient,
    axis: LensAxis,
    direction: LensDirection,
    sent: dict[str, str],
    velocity: tuple[str, int],
) -> None:
    attribute, speed = velocity
    await ready.async_ptz_lens(axis, direction)
    assert getattr(sim, attribute) == speed
    await ready.async_ptz_lens_stop(axis, direction)
    stop = dict.fromkeys(sent, "0")
    assert _to(sim, PTZ) == [sent, stop, stop]
    assert getattr(sim, attribute) == 0


async def test_lens_stop_stops_a_zoom_that_ignores_the_first_stop(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.ignore_first_stop = True
    await ready.async_ptz_lens(LensAxis.ZOOM, LensDirection.IN)
    await ready.async_ptz_lens_stop(LensAxis.ZOOM, LensDirection.IN)
    assert sim.zoom_velocity == 0


async def test_one_push_autofocus_needs_no_stop(sim: Sim, ready: StandardApiClient) -> None:
    await ready.async_ptz_lens(LensAxis.FOCUS, LensDirection.AUTO)
    await ready.async_ptz_lens_stop(LensAxis.FOCUS, LensDirection.AUTO)
    assert _to(sim, PTZ) == [{"autofocus": "pushaf"}]
    assert sim.autofocus_pushes == 1


@pytest.mark.parametrize("sim_options", [{"iris": True}])
@pytest.mark.parametrize("direction", [LensDirection.OPEN, LensDirection.CLOSE])
async def test_iris_start_and_stop(
    sim: Sim, ready: StandardApiClient, direction: LensDirection
) -> None:
    await ready.async_ptz_lens(LensAxis.IRIS, direction)
    assert sim.iris == str(direction)
    await ready.async_ptz_lens_stop(LensAxis.IRIS, direction)
    stop = {"continuousirismove": "stop"}
    assert _to(sim, PTZ) == [{"continuousirismove": str(direction)}, stop, stop]
    assert sim.iris == "stop"


@pytest.mark.parametrize(
    ("axis", "direction"),
    [
        (LensAxis.IRIS, LensDirection.OPEN),
        (LensAxis.ZOOM, LensDirection.NEAR),
        (LensAxis.ZOOM, LensDirection.AUTO),
        (LensAxis.FOCUS, LensDirection.IN),
        (LensAxis.FOCUS, LensDirection.OPEN),
    ],
)
async def test_lens_moves_the_camera_has_not_are_refused_without_a_request(
    sim: Sim, ready: StandardApiClient, axis: LensAxis, direction: LensDirection
) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_lens(axis, direction)
    assert sim.requests == []


@pytest.mark.parametrize("sim_options", [{"iris": True}])
async def test_iris_takes_only_open_and_close(sim: Sim, ready: StandardApiClient) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_lens(LensAxis.IRIS, LensDirection.IN)
    assert sim.requests == []


async def test_focus_by_hand_on_a_camera_with_autofocus_only_is_refused(
    sim: Sim, rewrites: Rewrites, client: StandardApiClient
) -> None:
    rewrites.text(_is(PTZ, info="1"), "autofocus=pushaf\r\nquery=position\r\n")
    caps = await client.async_capabilities()
    assert Feature.PTZ_FOCUS in caps.features
    sim.requests.clear()
    with pytest.raises(NotSupportedError):
        await client.async_ptz_lens(LensAxis.FOCUS, LensDirection.NEAR)
    assert sim.requests == []
    await client.async_ptz_lens(LensAxis.FOCUS, LensDirection.AUTO)
    assert _to(sim, PTZ) == [{"autofocus": "pushaf"}]


async def test_an_ip_ptz_with_on_off_autofocus_focuses_with_on(
    sim: Sim, rewrites: Rewrites, client: StandardApiClient
) -> None:
    # Spec 5.3.1.1: the Full HD / UHD IP PTZs list `autofocus` on/off, no one push.
    rewrites.text(_is(PTZ, info="1"), "move=home|up\r\nautofocus=on|off\r\n")
    caps = await client.async_capabilities()
    assert "autofocus" in caps.buttons
    sim.requests.clear()
    await client.async_press("autofocus")
    await client.async_ptz_lens(LensAxis.FOCUS, LensDirection.AUTO)
    assert _to(sim, PTZ) == [{"autofocus": "on"}, {"autofocus": "on"}]


async def test_presets_save_go_to_and_remove(sim: Sim, ready: StandardApiClient) -> None:
    sim.position = {"pan": 30.0, "tilt": 45.0, "zoom": 1000.0, "focus": 0.0}
    await ready.async_ptz_preset(PresetAction.SAVE, 3)
    assert _to(sim, PTZ_CONFIG) == [{"setserverpresetno": "3"}]
    assert sim.presets[3]["pan"] == 30.0
    sim.position = {"pan": -90.0, "tilt": 0.0, "zoom": 0.0, "focus": 0.0}
    await ready.async_ptz_preset(PresetAction.GOTO, 3)
    assert _to(sim, PTZ) == [{"gotoserverpresetno": "3"}]
    assert sim.position["pan"] == 30.0
    assert sim.position["tilt"] == 45.0
    await ready.async_ptz_preset(PresetAction.REMOVE, 3)
    assert _to(sim, PTZ_CONFIG)[-1] == {"removeserverpresetno": "3"}
    assert 3 not in sim.presets


async def test_presets_at_both_ends_of_the_range(sim: Sim, ready: StandardApiClient) -> None:
    for preset in (1, 256):
        await ready.async_ptz_preset(PresetAction.SAVE, preset)
        await ready.async_ptz_preset(PresetAction.GOTO, preset)
    assert set(sim.presets) == {1, 256}


async def test_going_to_a_preset_never_saved_is_a_response_error(ready: StandardApiClient) -> None:
    # The simulated camera answers 400 Bad Request, as for any invalid value.
    with pytest.raises(ResponseError):
        await ready.async_ptz_preset(PresetAction.GOTO, 9)


@pytest.mark.parametrize("action", list(PresetAction))
@pytest.mark.parametrize("preset", [0, 257, -1])
async def test_a_preset_outside_1_to_256_is_refused_without_a_request(
    sim: Sim, ready: StandardApiClient, action: PresetAction, preset: int
) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_preset(action, preset)
    assert sim.requests == []


@pytest.mark.parametrize(
    ("mode", "sent", "patrol"),
    [
        ("autopan_1", {"gotoserverautopanno": "1"}, "autopan 1"),
        ("autopan_4", {"gotoserverautopanno": "4"}, "autopan 4"),
        ("cruise_8", {"gotoservercruiseno": "8"}, "cruise 8"),
        ("sequence_2", {"gotoserversequenceno": "2"}, "sequence 2"),
        (None, {"gotoserverautopanno": "1"}, "autopan 1"),
    ],
)
async def test_patrol_start_and_stop(
    sim: Sim, ready: StandardApiClient, mode: str | None, sent: dict[str, str], patrol: str
) -> None:
    await ready.async_ptz_patrol(True, mode)
    assert sim.patrol == patrol
    await ready.async_ptz_patrol(False, None)
    assert _to(sim, PTZ) == [sent, STOP, STOP]
    assert sim.patrol is None


@pytest.mark.parametrize("mode", ["autopan_5", "cruise_9", "sequence_0", "tour_1", "autopan"])
async def test_an_unknown_patrol_mode_is_refused_without_a_request(
    sim: Sim, ready: StandardApiClient, mode: str
) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_patrol(True, mode)
    assert sim.requests == []


@pytest.mark.parametrize("sim_options", [{"model": "W3512-A"}])
async def test_a_zoom_camera_has_no_patrol_or_pan_tilt(sim: Sim, ready: StandardApiClient) -> None:
    calls: list[Callable[[], Awaitable[None]]] = [
        lambda: ready.async_ptz_patrol(True, None),
        lambda: ready.async_ptz_move(PtzDirection.UP, 50),
        ready.async_ptz_stop,
        lambda: ready.async_ptz_position(10.0, None, None),
        lambda: ready.async_press("ptz_home"),
    ]
    for call in calls:
        with pytest.raises(NotSupportedError):
            await call()
    assert sim.requests == []
    await ready.async_ptz_lens(LensAxis.ZOOM, LensDirection.IN)
    await ready.async_ptz_preset(PresetAction.SAVE, 1)
    assert sim.zoom_velocity == 50
    assert 1 in sim.presets


async def test_position_in_one_request_with_zoom_as_steps(
    sim: Sim, ready: StandardApiClient
) -> None:
    await ready.async_ptz_position(12.5, 30.0, 50.0)
    assert _to(sim, PTZ) == [{"pan": "12.5", "tilt": "30.0", "zoom": "5000"}]
    assert sim.position["pan"] == 12.5
    assert sim.position["tilt"] == 30.0
    assert sim.position["zoom"] == 5000.0
    settings = await ready.async_read_settings()
    assert (settings["ptz_pan"], settings["ptz_tilt"], settings["ptz_zoom"]) == (12.5, 30.0, 50.0)


@pytest.mark.parametrize(
    ("position", "sent"),
    [
        ((-180.0, None, None), {"pan": "-180.0"}),
        ((None, 190.0, None), {"tilt": "190.0"}),
        ((None, -10.0, 0.0), {"tilt": "-10.0", "zoom": "0"}),
        ((None, None, 100.0), {"zoom": "9999"}),
        ((180.0, None, 1.0), {"pan": "180.0", "zoom": "100"}),
    ],
)
async def test_position_at_the_limits(
    sim: Sim,
    ready: StandardApiClient,
    position: tuple[float | None, float | None, float | None],
    sent: dict[str, str],
) -> None:
    await ready.async_ptz_position(*position)
    assert _to(sim, PTZ) == [sent]


@pytest.mark.parametrize(
    "position",
    [
        (180.5, None, None),
        (-181.0, None, None),
        (None, 190.5, None),
        (None, -10.5, None),
        (None, None, 100.5),
        (None, None, -1.0),
        (None, None, None),
        (0.0, 0.0, 101.0),
    ],
)
async def test_a_position_out_of_range_is_refused_without_a_request(
    sim: Sim, ready: StandardApiClient, position: tuple[float | None, float | None, float | None]
) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_position(*position)
    assert sim.requests == []


async def test_a_position_axis_the_camera_lacks_is_refused_without_a_request(
    sim: Sim, rewrites: Rewrites, client: StandardApiClient
) -> None:
    rewrites.text(_is(PTZ, info="1"), "zoom=0...9999\r\n")
    assert Feature.PTZ_POSITION in (await client.async_capabilities()).features
    sim.requests.clear()
    with pytest.raises(NotSupportedError, match="pan"):
        await client.async_ptz_position(10.0, None, 20.0)
    assert sim.requests == []
    await client.async_ptz_position(None, None, 20.0)
    assert _to(sim, PTZ) == [{"zoom": "2000"}]


async def test_a_ptz_command_the_camera_refuses_is_a_response_error(
    sim: Sim, rewrites: Rewrites, ready: StandardApiClient
) -> None:
    rewrites.text(_is(PTZ), "# Error: PTZ is locked\r\n")
    with pytest.raises(ResponseError):
        await ready.async_ptz_move(PtzDirection.UP, 50)


@pytest.mark.parametrize("sim_options", [{"model": "W3500", "ptz": False}])
async def test_a_camera_without_ptz_refuses_every_ptz_call_without_a_request(
    sim: Sim, ready: StandardApiClient
) -> None:
    calls: list[Callable[[], Awaitable[None]]] = [
        lambda: ready.async_ptz_move(PtzDirection.UP, 50),
        ready.async_ptz_stop,
        *(
            (lambda axis=axis, direction=direction: ready.async_ptz_lens(axis, direction))
            for axis in LensAxis
            for direction in LensDirection
        ),
        *(
            (lambda axis=axis, direction=direction: ready.async_ptz_lens_stop(axis, direction))
            for axis in LensAxis
            for direction in LensDirection
        ),
        *((lambda action=action: ready.async_ptz_preset(action, 1)) for action in PresetAction),
        lambda: ready.async_ptz_patrol(True, None),
        lambda: ready.async_ptz_patrol(False, None),
        lambda: ready.async_ptz_position(0.0, 0.0, 0.0),
        lambda: ready.async_press("ptz_home"),
        lambda: ready.async_press("autofocus"),
    ]
    for call in calls:
        with pytest.raises(NotSupportedError):
            await call()
    assert sim.requests == []


# --- buttons ------------------------------------------------------------------------------


async def test_reboot_button(sim: Sim, ready: StandardApiClient) -> None:
    await ready.async_press("reboot")
    assert [(request.path, request.query) for request in sim.requests] == [(RESTART, {})]
    assert sim.restarts == 1


async def test_the_camera_answers_again_after_a_reboot(sim: Sim, ready: StandardApiClient) -> None:
    await ready.async_press("reboot")
    assert (await ready.async_fast_status()).events["motion"] is False


async def test_home_button_moves_the_head_home(sim: Sim, ready: StandardApiClient) -> None:
    await ready.async_ptz_position(90.0, 45.0, None)
    await ready.async_press("ptz_home")
    assert _to(sim, PTZ)[-1] == {"move": "home"}
    assert (sim.position["pan"], sim.position["tilt"]) == (0.0, 0.0)


async def test_autofocus_button_pushes_the_autofocus(sim: Sim, ready: StandardApiClient) -> None:
    await ready.async_press("autofocus")
    assert _to(sim, PTZ) == [{"autofocus": "pushaf"}]
    assert sim.autofocus_pushes == 1


@pytest.mark.parametrize("button", ["ptz_center", "factory_reset", ""])
async def test_an_unknown_button_is_not_supported(
    sim: Sim, ready: StandardApiClient, button: str
) -> None:
    with pytest.raises(NotSupportedError):
        await ready.async_press(button)
    assert sim.requests == []


# --- media --------------------------------------------------------------------------------


async def test_snapshot_is_a_jpeg(sim: Sim, ready: StandardApiClient) -> None:
    picture = await ready.async_snapshot()
    assert picture.startswith(b"\xff\xd8")
    assert picture.endswith(b"\xff\xd9")
    assert [request.path for request in sim.requests] == [SNAPSHOT]
    assert ready.raw_exchanges[-1].body == f"<{len(picture)} bytes binary>"


async def test_a_snapshot_that_is_no_jpeg_is_a_parse_error(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.faults.malformed_body = b"<html>no picture</html>"
    sim.faults.paths = frozenset({SNAPSHOT})
    with pytest.raises(ParseError):
        await ready.async_snapshot()


async def test_snapshot_with_a_wrong_password_is_an_auth_error(
    wrong_client: StandardApiClient,
) -> None:
    with pytest.raises(AuthError):
        await wrong_client.async_snapshot()


@pytest.mark.parametrize("quality", list(StreamQuality))
async def test_mjpeg_comes_from_the_mjpeg_server(
    sim: Sim, ready: StandardApiClient, mjpeg_port: list[int], quality: StreamQuality
) -> None:
    stream = await ready.async_open_mjpeg(quality)
    try:
        assert stream.content_type.startswith("multipart/x-mixed-replace")
        reader = aiohttp.MultipartReader({"Content-Type": stream.content_type}, stream.content)
        for _ in range(2):
            part = await reader.next()
            assert isinstance(part, aiohttp.BodyPartReader)
            assert part.headers["Content-Type"] == "image/jpeg"
            frame = await part.read()
            assert frame.startswith(b"\xff\xd8")
    finally:
        stream.close()
    request = sim.requests[-1]
    assert request.path == "/"
    assert request.headers["Host"] == f"127.0.0.1:{mjpeg_port[0]}"
    assert "Authorization" in request.headers


async def test_mjpeg_with_a_wrong_password_is_an_auth_error(
    sim: Sim, wrong_client: StandardApiClient
) -> None:
    with pytest.raises(AuthError):
        await wrong_client.async_open_mjpeg()
    assert len(_with_credentials(sim)) == 1


async def test_rtsp_urls_of_both_streams(client: StandardApiClient) -> None:
    await client.async_identify()
    assert client.rtsp_url() == "rtsp://admin:Pa55-w0rd%21secret@127.0.0.1/h264"
    assert client.rtsp_url(StreamQuality.SUB) == "rtsp://admin:Pa55-w0rd%21secret@127.0.0.1/h264_2"


async def test_rtsp_url_quotes_the_credentials(http_session: aiohttp.ClientSession) -> None:
    config = ConnectionConfig(host="192.168.0.250", username="us er@x", password="p@ss:w/rd%?#")
    client = create_client(Vendor.STANDARD_API, http_session, config)
    assert client.rtsp_url() == "rtsp://us%20er%40x:p%40ss%3Aw%2Frd%25%3F%23@192.168.0.250/h264"


@pytest.mark.parametrize("host", ["fe80::1", "[fe80::1]"])
async def test_rtsp_url_brackets_an_ipv6_host(
    http_session: aiohttp.ClientSession, host: str
) -> None:
    config = ConnectionConfig(host=host, port=8080, password="pw")
    client = create_client(Vendor.STANDARD_API, http_session, config)
    assert client.rtsp_url(StreamQuality.SUB) == "rtsp://admin:pw@[fe80::1]/h264_2"


@pytest.mark.parametrize(
    ("name", "value", "port"),
    [
        ("Network.RTSP.Port", "8554", ":8554"),
        ("Network.RTSP.Port", "554", ""),
        ("Network.RTSP.Port", "rtsp", ""),
        ("Stream.RTSP.Port", "10554", ":10554"),
        ("Network.Media.RTSPPort", "7070", ":7070"),
    ],
)
async def test_rtsp_url_takes_the_rtsp_port_from_the_parameters(
    sim: Sim, client: StandardApiClient, name: str, value: str, port: str
) -> None:
    sim.params[name] = value
    await client.async_identify()
    assert client.rtsp_url() == f"rtsp://admin:Pa55-w0rd%21secret@127.0.0.1{port}/h264"


# --- diagnostics safety -------------------------------------------------------------------


async def _exercise(sim: Sim, client: StandardApiClient) -> None:
    """Everything a setup and a few cycles of the integration send."""
    await client.async_identify()
    await client.async_capabilities()
    await client.async_fast_status()
    await client.async_read_settings()
    await client.async_write_setting("motion_sensitivity", 70)
    await client.async_snapshot()
    await client.async_ptz_move(PtzDirection.UP, 10)
    await client.async_ptz_stop()
    stream = await client.async_open_event_stream(WATCHDOG)
    try:
        await stream.async_next()
    finally:
        stream.close()
    assert sim.requests


async def test_raw_exchanges_keep_no_password(sim: Sim, client: StandardApiClient) -> None:
    sim.params["SMTP.Password"] = OTHER_SECRET
    sim.params["PPPoE.Pass"] = OTHER_SECRET
    sim.params["Wireless.PSK"] = OTHER_SECRET
    sim.params["FTP.Pwd"] = OTHER_SECRET
    sim.params["Users.Admin.Secret"] = OTHER_SECRET
    # A parameter whose value is the camera's own password.
    sim.params["Users.U0.Password"] = PASSWORD
    await _exercise(sim, client)
    kept = _kept(client)
    assert "root.Brand.ProdShortName=720WA-N4" in kept
    assert "root.SMTP.Password=**REDACTED**" in kept
    assert "root.Wireless.PSK=**REDACTED**" in kept
    for secret in (PASSWORD, OTHER_SECRET):
        assert secret not in kept


@pytest.mark.parametrize("name", ["DDNS.Passwd", "Users.U1.Pass1", "Wireless.Key2"])
async def test_raw_exchanges_keep_no_secret_of_other_spellings(
    sim: Sim, client: StandardApiClient, name: str
) -> None:
    sim.params[name] = OTHER_SECRET
    await client.async_identify()
    assert f"root.{name}=**REDACTED**" in _kept(client)
    assert OTHER_SECRET not in _kept(client)


async def test_raw_exchanges_of_a_settings_read_are_redacted_too(
    sim: Sim, ready: StandardApiClient
) -> None:
    sim.params["Event.E5.SMTP.Password"] = OTHER_SECRET
    await ready.async_read_settings()
    assert ready.raw_exchanges[-2].path == "/cgi-bin/admin/param.cgi?action=list&group=Event"
    assert "Event.E5.SMTP.Password=**REDACTED**" in ready.raw_exchanges[-2].body
    assert OTHER_SECRET not in _kept(ready)


async def test_raw_exchange_paths_carry_no_credentials(sim: Sim, client: StandardApiClient) -> None:
    await _exercise(sim, client)
    paths = [exchange.path for exchange in client.raw_exchanges]
    assert any(path.startswith(EVENTDATA) for path in paths)
    for path in paths:
        assert PASSWORD not in path
        assert "pwd=" not in path
        assert "user=" not in path
    # And nothing the transport kept holds a credential.
    assert PASSWORD not in _kept(client)
