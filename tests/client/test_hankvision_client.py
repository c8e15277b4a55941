"""Specification of the Hankvision `/cgi/` client, against the simulated video server.

The spec is /work/shared/specs/video-server-cgi-xml-api.txt ("HTTP API Interface
Specification" V3.1); section numbers below are its own. Requests are
`/cgi/<class>_get|_set|_query?Channel=1&Group=<group>[&<param>=<value>]` (2.3.1), answers a
`<Message>` whose `<result code="...">` carries the outcome with HTTP 200 (2.3.1.3); some
firmware leaves the code out and only says `Successfully` (specs README).
"""

from __future__ import annotations

import base64
import dataclasses
import time
from collections.abc import Awaitable, Callable, Sequence
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
    SdCardState,
    SettingKind,
    SettingSpec,
    SettingValue,
    StreamQuality,
    UnsupportedDeviceError,
    Vendor,
    create_client,
    detect,
)
from custom_components.ipcam_cgi.client.multipart import MultipartReader, boundary_of
from custom_components.ipcam_cgi.client.registry import VENDOR_CLIENTS
from custom_components.ipcam_cgi.client.transport import Transport
from custom_components.ipcam_cgi.client.vendors.hankvision import client as hankvision_client
from custom_components.ipcam_cgi.client.vendors.hankvision.client import HankvisionClient
from tests.simulator import (
    AnjiaSimulator,
    FoscamMjpegSimulator,
    GrandstreamSimulator,
    HankvisionSimulator,
    StandardApiSimulator,
)
from tests.simulator.hankvision_state import (
    READ_ONLY,
    TEXT_FAILED,
    TEXT_INVALID_CHANNEL,
    TEXT_INVALID_NAME,
    TEXT_INVALID_VALUE,
    TEXT_NOT_AVAILABLE,
    TEXT_NOT_SUPPORTED,
    Domain,
    Param,
    Row,
    int_options,
    int_range,
    render_message,
)

from .conftest import Serve
from .helpers import (
    PASSWORD,
    USERNAME,
    CameraStub,
    Predicate,
    config_for,
    kept_exchanges,
    picture_size,
    with_credentials,
)
from .helpers import Rewrites as BaseRewrites

WRONG_PASSWORD = "wrong-Pa55word"
SYS_GET = "/cgi/sys_get"
SYS_SET = "/cgi/sys_set"
PTZ_SET = "/cgi/ptz_set"
PTZ_GET = "/cgi/ptz_get"
RECORD_GET = "/cgi/record_get"
JPEG = "/jpgimage/1/image.jpg"
MJPEG = "/mjpgstreamreq/1/image.jpg"
QUERIES = ("image", "camera", "alarm", "audio", "record")

# key -> (class, group, parameter, kind): the spec's tables (3.3.4, 3.8.4, 3.8.5, 3.13.4,
# 3.4.4, 3.5.4), written out here independently of the client's own table.
TABLE: dict[str, tuple[str, str, str, SettingKind]] = {
    "brightness": ("image", "ImageInfo", "Brightness", SettingKind.NUMBER),
    "contrast": ("image", "ImageInfo", "Contrast", SettingKind.NUMBER),
    "saturation": ("image", "ImageInfo", "Saturation", SettingKind.NUMBER),
    "sharpness": ("image", "ImageInfo", "Sharpness", SettingKind.NUMBER),
    "hue": ("image", "ImageInfo", "Hue", SettingKind.NUMBER),
    "denoise": ("image", "ImageInfo", "Denoise", SettingKind.NUMBER),
    "video_format": ("image", "ImageInfo", "Format", SettingKind.SELECT),
    "mirror_horizontal": ("camera", "BasicInfo", "MirrorHor", SettingKind.SWITCH),
    "mirror_vertical": ("camera", "BasicInfo", "MirrorVer", SettingKind.SWITCH),
    "wdr": ("camera", "BasicInfo", "WDRSwitch", SettingKind.SWITCH),
    "wdr_level": ("camera", "BasicInfo", "WDRLevel", SettingKind.NUMBER),
    "anti_fog": ("camera", "BasicInfo", "AFGSwitch", SettingKind.SWITCH),
    "image_stabilization": ("camera", "BasicInfo", "DISSwitch", SettingKind.SWITCH),
    "white_balance_mode": ("camera", "BasicInfo", "WBMode", SettingKind.SELECT),
    "exposure_mode": ("camera", "ExposureInfo", "ExposureMode", SettingKind.SELECT),
    "ir_cut_mode": ("camera", "ExposureInfo", "ICRSwitch", SettingKind.SELECT),
    "color_mode": ("camera", "ExposureInfo", "ColorMode", SettingKind.SELECT),
    "motion_detection": ("alarm", "MDInfo", "MDEnable", SettingKind.SWITCH),
    "motion_sensitivity": ("alarm", "MDInfo", "MDSensitivity", SettingKind.NUMBER),
    "audio": ("audio", "AudioInfo", "AudioEnable", SettingKind.SWITCH),
    "audio_volume": ("audio", "AudioInfo", "AudioVolume", SettingKind.NUMBER),
    "manual_recording": ("record", "RecordControl", "Mode", SettingKind.SWITCH),
}
ALL_SETTINGS = set(TABLE)
LEVEL = SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=255)
SWITCH = SettingSpec(kind=SettingKind.SWITCH)
# What the simulator's default `_query?Group=All` answers make of each setting.
SPECS: dict[str, SettingSpec] = {
    **dict.fromkeys(("brightness", "contrast", "saturation", "sharpness", "hue"), LEVEL),
    "denoise": LEVEL,
    "video_format": SettingSpec(kind=SettingKind.SELECT, options=("pal", "ntsc")),
    **dict.fromkeys(
        (
            *("mirror_horizontal", "mirror_vertical", "wdr", "anti_fog"),
            *("image_stabilization", "motion_detection", "audio", "manual_recording"),
        ),
        SWITCH,
    ),
    "wdr_level": LEVEL,
    "white_balance_mode": SettingSpec(kind=SettingKind.SELECT, options=("auto", "manual")),
    "exposure_mode": SettingSpec(kind=SettingKind.SELECT, options=("auto", "shutter", "manual")),
    "ir_cut_mode": SettingSpec(
        kind=SettingKind.SELECT, options=("external", "night", "day", "automatic")
    ),
    "color_mode": SettingSpec(kind=SettingKind.SELECT, options=("colorful", "standard", "cold")),
    "motion_sensitivity": SettingSpec(kind=SettingKind.NUMBER, minimum=1, maximum=100),
    "audio_volume": SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=9),
}
# The simulator's defaults as the client reads them.
DEFAULTS: dict[str, SettingValue] = {
    **dict.fromkeys(("brightness", "contrast", "saturation", "sharpness", "hue"), 128),
    "denoise": 128,
    "video_format": "pal",
    "mirror_horizontal": False,
    "mirror_vertical": False,
    "wdr": False,
    "wdr_level": 128,
    "anti_fog": False,
    "image_stabilization": False,
    "white_balance_mode": "auto",
    "exposure_mode": "auto",
    "ir_cut_mode": "automatic",
    "color_mode": "standard",
    "motion_detection": True,
    "motion_sensitivity": 50,
    "audio": True,
    "audio_volume": 5,
    "manual_recording": True,
}
# A value other than the default for each setting, and its code on the wire.
WRITES: dict[str, tuple[SettingValue, str]] = {
    "brightness": (200, "200"),
    "contrast": (7, "7"),
    "saturation": (255, "255"),
    "sharpness": (0, "0"),
    "hue": (64, "64"),
    "denoise": (1, "1"),
    "video_format": ("ntsc", "1"),
    "mirror_horizontal": (True, "1"),
    "mirror_vertical": (True, "1"),
    "wdr": (True, "1"),
    "wdr_level": (30, "30"),
    "anti_fog": (True, "1"),
    "image_stabilization": (True, "1"),
    "white_balance_mode": ("manual", "1"),
    "exposure_mode": ("shutter", "1"),
    "ir_cut_mode": ("night", "1"),
    "color_mode": ("cold", "2"),
    "motion_detection": (False, "0"),
    "motion_sensitivity": (100, "100"),
    "audio": (False, "0"),
    "audio_volume": (9, "9"),
    "manual_recording": (False, "0"),
}
WRITES_BY_PARAM = {TABLE[key][2]: code for key, (_value, code) in WRITES.items()}
PTZ_FEATURES = {
    Feature.PTZ_MOVE,
    Feature.PTZ_ZOOM,
    Feature.PTZ_FOCUS,
    Feature.PTZ_IRIS,
    Feature.PTZ_PRESETS,
    Feature.PTZ_POSITION,
    Feature.PTZ_PATROL,
}
PATROLS = (
    *(f"autopan_{number}" for number in range(1, 5)),
    *(f"pattern_{number}" for number in range(1, 5)),
)
# 3.5.1: "0 dev off, 1 dev on, 2 sd card pulled out, 3 formatting sd, 4 sd mounted, 5 sd
# unmounted, 6 sd is write-protected, 7 device uninitialized, 8 mounting sd card, 9
# unmounting sd card".
SD_CODES = {
    0: SdCardState.OFF,
    1: SdCardState.ON,
    2: SdCardState.REMOVED,
    3: SdCardState.FORMATTING,
    4: SdCardState.MOUNTED,
    5: SdCardState.UNMOUNTED,
    6: SdCardState.WRITE_PROTECTED,
    7: SdCardState.UNINITIALIZED,
    8: SdCardState.MOUNTING,
    9: SdCardState.UNMOUNTING,
}


# --- fixtures and helpers -----------------------------------------------------------------


class Rewrites(BaseRewrites):
    """The shared rewrites (as `text/html`, 2.3.1.2), plus a `<Message>` answer."""

    content_type = "text/html"

    def message(
        self,
        when: Predicate,
        cgi: str,
        groups: Sequence[tuple[str, Sequence[Row]]] = (),
        *,
        code: int = 200,
        text: str = "Successfully",
    ) -> None:
        """Answer a 2.3.1.2 `<Message>` of class `cgi` with this result and these groups."""
        self.body(when, render_message(cgi, code, text, groups))


def _is(path: str, group: str | None = None) -> Predicate:
    """Requests for `path` (with `group`: only those for that group)."""

    def when(seen: str, params: dict[str, str]) -> bool:
        return seen == path and (group is None or params.get("Group") == group)

    return when


@pytest.fixture
def sim_options() -> dict[str, Any]:
    """Constructor arguments of the simulated server (tests parametrize it)."""
    return {}


@pytest.fixture
def sim(sim_options: dict[str, Any]) -> HankvisionSimulator:
    """The simulated video server, with the test account."""
    return HankvisionSimulator(username=USERNAME, password=PASSWORD, **sim_options)


@pytest.fixture
def rewrites(sim: HankvisionSimulator) -> Rewrites:
    """Answers replacing the simulator's, installed before it serves."""
    rewrites = Rewrites()
    sim.app.middlewares.append(rewrites.middleware)
    return rewrites


@pytest.fixture
async def sim_port(sim: HankvisionSimulator, rewrites: Rewrites, serve: Serve) -> int:
    """The port the simulated server listens on."""
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
) -> HankvisionClient:
    client = create_client(Vendor.HANKVISION, session, config_for(port, **config), options)
    assert isinstance(client, HankvisionClient)
    return client


@pytest.fixture
def client(
    sim_port: int, http_session: aiohttp.ClientSession, options: ClientOptions
) -> HankvisionClient:
    """The client under test."""
    return _client(http_session, sim_port, options)


@pytest.fixture
def wrong_client(sim_port: int, http_session: aiohttp.ClientSession) -> HankvisionClient:
    """A client with a wrong password."""
    return _client(http_session, sim_port, password=WRONG_PASSWORD)


@pytest.fixture
async def ready(sim: HankvisionSimulator, client: HankvisionClient) -> HankvisionClient:
    """The client after setup (identify, capabilities); the simulator's log starts empty."""
    await client.async_identify()
    await client.async_capabilities()
    sim.requests.clear()
    return client


def _sent(sim: HankvisionSimulator) -> list[tuple[str, dict[str, str]]]:
    return [(request.path, request.query) for request in sim.requests]


def _to(sim: HankvisionSimulator, path: str) -> list[dict[str, str]]:
    """The queries of the requests for `path`, in order."""
    return [request.query for request in sim.requests if request.path == path]


def _edit_param(
    sim: HankvisionSimulator,
    cgi: str,
    group: str,
    name: str,
    change: Callable[[Param], Param | None],
) -> None:
    """Replace (None: drop) parameter `name` of the simulator's table, query and set alike."""
    spec = sim.classes[cgi]
    groups = []
    found = False
    for each in spec.groups:
        if each.name != group:
            groups.append(each)
            continue
        params: list[Param] = []
        for param in each.params:
            if param.name == name:
                found = True
                if (changed := change(param)) is not None:
                    params.append(changed)
            else:
                params.append(param)
        groups.append(dataclasses.replace(each, params=tuple(params)))
    assert found, (cgi, group, name)
    sim.classes[cgi] = dataclasses.replace(spec, groups=tuple(groups))


def _set_domain(sim: HankvisionSimulator, cgi: str, group: str, name: str, domain: Domain) -> None:
    _edit_param(sim, cgi, group, name, lambda param: dataclasses.replace(param, domain=domain))


def _drop(sim: HankvisionSimulator, cgi: str, group: str, name: str) -> None:
    _edit_param(sim, cgi, group, name, lambda _param: None)


def _ptz_drop(sim: HankvisionSimulator, *names: str) -> None:
    for name in names:
        _drop(sim, "ptz", "PTZCtrlInfo", name)


def _device_only(domain: Domain, describe: str) -> Domain:
    """`domain` as the device checks it, while its query still prints `describe`."""
    return dataclasses.replace(domain, describe=describe)


# --- fingerprint and detection ------------------------------------------------------------


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_detect_finds_the_server_without_sending_credentials(
    sim: HankvisionSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    """detect() says HANKVISION behind Basic and Digest, sending no credential at all."""
    assert await detect(http_session, config_for(sim_port)) is Vendor.HANKVISION
    assert SYS_GET in [path for path, _query in _sent(sim)]
    assert with_credentials(sim) == []
    assert sim.failed_logins == 0


async def test_detect_with_the_factory_empty_password(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """admin with an empty password (the factory account): detected, then identified."""
    sim = HankvisionSimulator()
    port = (await serve(sim.app)).port
    config = config_for(port, password="")
    assert await detect(http_session, config) is Vendor.HANKVISION
    assert with_credentials(sim) == []
    client = create_client(Vendor.HANKVISION, http_session, config)
    assert (await client.async_identify()).model == "V6202IR-AR0237"
    assert sim.failed_logins == 0


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_fingerprint_is_sys_get_then_a_path_no_camera_serves(
    sim: HankvisionSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    """sys_get?Group=DeviceInfo without credentials; its 401 counts where a made-up path 404s."""
    transport = Transport(http_session, config_for(sim_port))
    assert await HankvisionClient.async_fingerprint(transport)
    (first, query), (control, _) = _sent(sim)
    assert (first, query) == (SYS_GET, {"Group": "DeviceInfo"})
    assert not control.startswith("/cgi/")
    assert with_credentials(sim) == []


@pytest.mark.parametrize(
    "make", [FoscamMjpegSimulator, GrandstreamSimulator, StandardApiSimulator, AnjiaSimulator]
)
async def test_the_other_vendors_simulators_are_no_hankvision_server(
    make: Callable[..., Any], serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """The Hankvision fingerprint says False for the Foscam, Grandstream, Standard API, Anjia."""
    other = make(username=USERNAME, password=PASSWORD)
    server = await serve(other.app)
    transport = Transport(http_session, config_for(server.port))
    assert not await HankvisionClient.async_fingerprint(transport)
    assert all("Authorization" not in request.headers for request in other.requests)


async def test_a_server_answering_404_everywhere_is_no_hankvision_server(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """A plain 404 server is no Hankvision server, and detect() finds no vendor there."""
    server = await serve(web.Application())
    transport = Transport(http_session, config_for(server.port))
    assert not await HankvisionClient.async_fingerprint(transport)
    with pytest.raises(UnsupportedDeviceError):
        await detect(http_session, config_for(server.port))


async def test_a_device_asking_credentials_everywhere_is_no_hankvision_server(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """A 401 on every path (the made-up one too) is not taken for a Hankvision server."""
    stub = CameraStub(auth="basic")
    server = await serve(stub.app())
    transport = Transport(http_session, config_for(server.port))
    assert not await HankvisionClient.async_fingerprint(transport)
    assert len(stub.seen) == 2
    assert all(not seen.authorization for seen in stub.seen)


async def test_fingerprint_on_a_closed_port_is_false(
    closed_port: int, http_session: aiohttp.ClientSession
) -> None:
    """A device that does not answer is no Hankvision server (and no error)."""
    transport = Transport(http_session, config_for(closed_port))
    assert not await HankvisionClient.async_fingerprint(transport)


@pytest.mark.parametrize(
    ("body", "status", "claimed"),
    [
        (render_message("sys_get", 200, "Successfully", []), 200, True),
        # A result code without the header still is a /cgi/ answer.
        ('<Message><result code="402">Invalid parameter name.</result></Message>', 200, True),
        # Another class's header and no code: some other XML API.
        ('<Message><Header class="other"></Header><result>x</result></Message>', 200, False),
        ("<Message><Info><A><int>1</int></A></Info></Message>", 200, False),
        ("<html><body>Welcome</body></html>", 200, False),
        ("OK", 200, False),
        (render_message("sys_get", 200, "Successfully", []), 204, False),
        (render_message("sys_get", 200, "Successfully", []), 500, False),
    ],
)
async def test_fingerprint_wants_a_sys_get_message(
    serve: Serve, http_session: aiohttp.ClientSession, body: str, status: int, claimed: bool
) -> None:
    """Only an HTTP 200 `<Message>` of class sys_get (or with a result code) is claimed."""

    async def answer(_request: web.Request) -> web.Response:
        return web.Response(status=status, text=body if status != 204 else None)

    app = web.Application()
    app.router.add_get(SYS_GET, answer)
    server = await serve(app)
    transport = Transport(http_session, config_for(server.port))
    assert await HankvisionClient.async_fingerprint(transport) is claimed


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
@pytest.mark.parametrize(
    "vendor", [vendor for vendor in VENDOR_CLIENTS if vendor != Vendor.HANKVISION]
)
async def test_the_other_vendors_fingerprints_say_false_for_hankvision(
    sim: HankvisionSimulator, sim_port: int, http_session: aiohttp.ClientSession, vendor: Vendor
) -> None:
    """Foscam, Grandstream, Standard API and Anjia do not claim a Hankvision server."""
    transport = Transport(http_session, config_for(sim_port))
    assert not await VENDOR_CLIENTS[vendor].async_fingerprint(transport)
    assert sim.failed_logins == 0
    assert with_credentials(sim) == []


# --- identify -----------------------------------------------------------------------------


async def test_identify_reads_device_info(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """3.1.1 DeviceInfo: DeviceID is the model, then firmware, serial and MAC, one request."""
    info = await client.async_identify()
    assert info.vendor is Vendor.HANKVISION
    assert info.manufacturer == "Hankvision"
    assert info.model == "V6202IR-AR0237"
    assert info.firmware == "V1.04.10-161208"
    assert info.serial == "5509560FBF2D"
    assert info.mac == "52:3e:42:02:bc:20"
    assert info.unique_id == "52:3e:42:02:bc:20"
    # sys URLs carry no Channel (3.1); the first request only learns the auth scheme.
    assert [query for path, query in _sent(sim)] == [{"Group": "DeviceInfo"}] * 2
    assert {path for path, _query in _sent(sim)} == {SYS_GET}


@pytest.mark.parametrize(
    ("value", "mac"),
    [
        ("52:3E:42:02:BC:20", "52:3e:42:02:bc:20"),
        ("AA-BB-CC-0D-0E-0F", "aa:bb:cc:0d:0e:0f"),
        (" 00:11:22:33:44:55 ", "00:11:22:33:44:55"),
        ("00:00:00:00:00:00", None),
        ("FF:FF:FF:FF:FF:FF", None),
        ("52:3e:42:02:bc", None),
        ("not-a-mac", None),
        ("", None),
    ],
)
async def test_identify_formats_the_mac(
    sim: HankvisionSimulator, client: HankvisionClient, value: str, mac: str | None
) -> None:
    """The MAC comes back lowercase and colon separated; zero, broadcast and junk are None."""
    sim.device_info["Mac"] = value
    assert (await client.async_identify()).mac == mac


async def test_identify_with_empty_fields_gives_none(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """Empty DeviceInfo values give None for each field, not empty strings."""
    for name in ("DeviceID", "SoftwareVersion", "SerialNum", "Mac"):
        sim.device_info[name] = ""
    info = await client.async_identify()
    assert (info.model, info.firmware, info.serial, info.mac) == (None, None, None, None)
    assert info.unique_id is None


async def test_identify_without_a_device_info_group_gives_none(
    rewrites: Rewrites, client: HankvisionClient
) -> None:
    """A successful answer without the DeviceInfo group: every field None."""
    rewrites.message(_is(SYS_GET), "sys_get")
    info = await client.async_identify()
    assert (info.model, info.firmware, info.serial, info.mac) == (None, None, None, None)
    assert info.vendor is Vendor.HANKVISION


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [
                ("DeviceModel", "string", "HV-1"),
                ("SoftVersion", "string", "V2"),
                ("SerialNumber", "string", "ABC"),
                ("MACAddress", "string", "00-11-22-33-44-55"),
            ],
            ("HV-1", "V2", "ABC", "00:11:22:33:44:55"),
        ),
        (
            [
                ("Model", "string", "HV-2"),
                ("Version", "string", "V3"),
                ("SN", "string", "XYZ"),
                ("MacAddress", "string", "00:11:22:33:44:66"),
            ],
            ("HV-2", "V3", "XYZ", "00:11:22:33:44:66"),
        ),
        (
            [
                ("DeviceId", "string", "HV-3"),
                ("SWVersion", "string", "V4"),
                ("SerialNum", "string", "S1"),
                ("MAC", "string", "00:11:22:33:44:77"),
            ],
            ("HV-3", "V4", "S1", "00:11:22:33:44:77"),
        ),
        (
            [("DeviceID", "string", ""), ("DeviceModel", "string", "second")],
            ("second", None, None, None),
        ),
    ],
)
async def test_identify_takes_the_names_other_firmware_uses(
    rewrites: Rewrites,
    client: HankvisionClient,
    rows: list[Row],
    expected: tuple[str | None, ...],
) -> None:
    """The spec prints DeviceInfo's values bare: the usual element names are all read."""
    rewrites.message(_is(SYS_GET), "sys_get", [("DeviceInfo", rows)])
    info = await client.async_identify()
    assert (info.model, info.firmware, info.serial, info.mac) == expected


# --- capabilities -------------------------------------------------------------------------


async def test_capabilities_of_the_default_server(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """Every setting, every PTZ feature, the SD sensors, both buttons, presets with titles."""
    caps = await client.async_capabilities()
    assert caps.features == {Feature.SNAPSHOT, Feature.MJPEG, *PTZ_FEATURES}
    assert caps.sensors == {"sd_card_status", "sd_card_used"}
    assert dict(caps.settings) == SPECS
    assert caps.buttons == {"reboot", "ptz_auto_scan"}
    assert caps.ptz_presets == tuple(range(1, 256))
    assert dict(caps.preset_names) == {1: "Gate", 2: "Yard"}
    assert caps.patrol_modes == PATROLS
    assert caps.streams == (StreamQuality.MAIN,)
    assert caps.events == frozenset()


async def test_capabilities_requests(sim: HankvisionSimulator, client: HankvisionClient) -> None:
    """One query per settings class and for PTZ (no Channel), the titles, the SD card."""
    await client.async_capabilities()
    sent = _sent(sim)[1:]  # the first request only learnt the auth scheme
    assert sent == [
        *((f"/cgi/{cgi}_query", {"Group": "All"}) for cgi in QUERIES),
        ("/cgi/ptz_query", {"Group": "All"}),
        (PTZ_GET, {"Channel": "1", "Group": "PresetNameInfo"}),
        (RECORD_GET, {"Channel": "1", "Group": "RecordDevice"}),
    ]


@pytest.mark.parametrize("key", sorted(TABLE))
async def test_a_parameter_the_query_does_not_list_is_no_setting(
    sim: HankvisionSimulator, client: HankvisionClient, key: str
) -> None:
    """Each setting exists exactly where its class's `_query?Group=All` lists its parameter."""
    cgi, group, param, _kind = TABLE[key]
    _drop(sim, cgi, group, param)
    caps = await client.async_capabilities()
    assert set(caps.settings) == ALL_SETTINGS - {key}
    with pytest.raises(NotSupportedError):
        await client.async_write_setting(key, WRITES[key][0])


@pytest.mark.parametrize("key", ["brightness", "mirror_vertical", "ir_cut_mode"])
async def test_a_read_only_parameter_is_no_setting(
    sim: HankvisionSimulator, client: HankvisionClient, key: str
) -> None:
    """A query parameter with an empty value (2.3.1.2 remark 4, read only) gives no setting."""
    cgi, group, param, _kind = TABLE[key]
    _set_domain(sim, cgi, group, param, READ_ONLY)
    caps = await client.async_capabilities()
    assert set(caps.settings) == ALL_SETTINGS - {key}
    assert key not in await client.async_read_settings()


async def test_the_query_range_narrows_a_number(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """Brightness `0 ... 100`: the spec says 0-100, 200 is refused without a request."""
    _set_domain(sim, "image", "ImageInfo", "Brightness", int_range(0, 100))
    _set_domain(sim, "alarm", "MDInfo", "MDSensitivity", int_range(10, 20))
    caps = await client.async_capabilities()
    assert caps.settings["brightness"] == SettingSpec(
        kind=SettingKind.NUMBER, minimum=0, maximum=100
    )
    assert caps.settings["motion_sensitivity"] == SettingSpec(
        kind=SettingKind.NUMBER, minimum=10, maximum=20
    )
    sim.requests.clear()
    for key, value in (("brightness", 200), ("brightness", 101), ("motion_sensitivity", 9)):
        with pytest.raises(NotSupportedError):
            await client.async_write_setting(key, value)
    assert sim.requests == []
    await client.async_write_setting("brightness", 100)
    assert sim.image_info["Brightness"] == "100"


async def test_the_query_options_narrow_a_select(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """ICRSwitch `1, 2, 3`: no `external` option (code 0); the others still write."""
    _set_domain(sim, "camera", "ExposureInfo", "ICRSwitch", int_options(1, 2, 3))
    _set_domain(sim, "camera", "ExposureInfo", "ColorMode", int_options(2))
    caps = await client.async_capabilities()
    assert caps.settings["ir_cut_mode"].options == ("night", "day", "automatic")
    assert caps.settings["color_mode"].options == ("cold",)
    await client.async_write_setting("ir_cut_mode", "day")
    assert sim.exposure_info["ICRSwitch"] == "2"


async def test_an_option_the_query_does_not_offer_is_refused_without_a_request(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """An option left out of the SettingSpec is NotSupportedError, nothing sent (as numbers)."""
    _set_domain(sim, "camera", "ExposureInfo", "ICRSwitch", int_options(1, 2, 3))
    caps = await client.async_capabilities()
    assert "external" not in caps.settings["ir_cut_mode"].options
    sim.requests.clear()
    with pytest.raises(NotSupportedError):
        await client.async_write_setting("ir_cut_mode", "external")
    assert sim.requests == []


async def test_the_first_group_of_a_repeated_query_counts(
    rewrites: Rewrites, client: HankvisionClient
) -> None:
    """A query repeating a group (2.3.1.2 does for StreamInfo): the first one's range counts."""
    rows: list[Row] = [("Brightness", "int", "0 ... 100")]
    later: list[Row] = [("Brightness", "int", "0 ... 50"), ("Contrast", "int", "0 ... 10")]
    rewrites.message(
        _is("/cgi/image_query"), "image_query", [("ImageInfo", rows), ("ImageInfo", later)]
    )
    caps = await client.async_capabilities()
    assert caps.settings["brightness"] == SettingSpec(
        kind=SettingKind.NUMBER, minimum=0, maximum=100
    )
    assert "contrast" not in caps.settings


@pytest.mark.parametrize("sim_options", [{"audio": False}])
async def test_a_class_answering_501_contributes_nothing(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """audio_query 501: no audio setting, the rest is there, and audio is never read."""
    caps = await client.async_capabilities()
    assert set(caps.settings) == ALL_SETTINGS - {"audio", "audio_volume"}
    sim.requests.clear()
    values = await client.async_read_settings()
    assert set(values) == ALL_SETTINGS - {"audio", "audio_volume"}
    assert "/cgi/audio_get" not in [path for path, _query in _sent(sim)]


@pytest.mark.parametrize(
    ("cgi", "keys"),
    [
        ("camera", {key for key, row in TABLE.items() if row[0] == "camera"}),
        ("image", {key for key, row in TABLE.items() if row[0] == "image"}),
        ("record", {"manual_recording"}),
    ],
)
@pytest.mark.parametrize("failure", ["501", "503", "http500"])
async def test_a_class_whose_query_fails_contributes_nothing(
    sim: HankvisionSimulator,
    rewrites: Rewrites,
    client: HankvisionClient,
    cgi: str,
    keys: set[str],
    failure: str,
) -> None:
    """A query answering 501, 503 or HTTP 500 drops that class's settings and only those."""
    path = f"/cgi/{cgi}_query"
    if failure == "501":
        rewrites.message(_is(path), f"{cgi}_query", code=501, text=TEXT_NOT_SUPPORTED)
    elif failure == "503":
        rewrites.message(_is(path), f"{cgi}_query", code=503, text=TEXT_FAILED)
    else:
        sim.faults.http_status = 500
        sim.faults.paths = frozenset({path})
    caps = await client.async_capabilities()
    assert set(caps.settings) == ALL_SETTINGS - keys


@pytest.mark.parametrize(
    ("dropped", "missing"),
    [
        (("Direction",), {Feature.PTZ_MOVE}),
        (("Zoom",), {Feature.PTZ_ZOOM}),
        (("Focus",), {Feature.PTZ_FOCUS}),
        (("Iris",), {Feature.PTZ_IRIS}),
        (("Pan",), {Feature.PTZ_POSITION}),
        (("AutoPan",), set()),
        (("Pattern",), set()),
        (("AutoPan", "Pattern"), {Feature.PTZ_PATROL}),
        (("AutoScan",), set()),
    ],
)
async def test_ptz_features_follow_the_ptz_query(
    sim: HankvisionSimulator,
    client: HankvisionClient,
    dropped: tuple[str, ...],
    missing: set[Feature],
) -> None:
    """Each PTZ feature needs its PTZCtrlInfo parameter in `ptz_query`."""
    _ptz_drop(sim, *dropped)
    caps = await client.async_capabilities()
    assert caps.features == {Feature.SNAPSHOT, Feature.MJPEG, *(PTZ_FEATURES - missing)}
    assert caps.patrol_modes == (() if Feature.PTZ_PATROL in missing else PATROLS)
    assert ("ptz_auto_scan" in caps.buttons) is ("AutoScan" not in dropped)


async def test_without_preset_number_there_are_no_presets(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """No PresetNumber in the query: no preset feature, no presets, no PresetNameInfo read."""
    _ptz_drop(sim, "PresetNumber", "Preset")
    caps = await client.async_capabilities()
    assert Feature.PTZ_PRESETS not in caps.features
    assert caps.ptz_presets == ()
    assert dict(caps.preset_names) == {}
    assert _to(sim, PTZ_GET) == []
    sim.requests.clear()
    with pytest.raises(NotSupportedError):
        await client.async_ptz_preset(PresetAction.GOTO, 1)
    assert sim.requests == []


@pytest.mark.parametrize("sim_options", [{"ptz": False}])
async def test_capabilities_without_ptz(sim: HankvisionSimulator, client: HankvisionClient) -> None:
    """ptz_query 501: no PTZ feature, no preset, no patrol, no auto scan button."""
    caps = await client.async_capabilities()
    assert caps.features == {Feature.SNAPSHOT, Feature.MJPEG}
    assert caps.ptz_presets == ()
    assert dict(caps.preset_names) == {}
    assert caps.patrol_modes == ()
    assert caps.buttons == {"reboot"}
    assert set(caps.settings) == ALL_SETTINGS
    assert _to(sim, PTZ_GET) == []


async def test_preset_titles_come_from_preset_name_info(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """Every titled preset is named; untitled ones are left out."""
    sim.presets.clear()
    sim.presets.update({3: "Door", 7: "", 255: "Roof"})
    caps = await client.async_capabilities()
    assert dict(caps.preset_names) == {3: "Door", 255: "Roof"}


async def test_no_saved_preset_gives_no_titles(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """An empty PresetNameInfo group: no titles, the presets 1-255 are still there."""
    sim.presets.clear()
    caps = await client.async_capabilities()
    assert dict(caps.preset_names) == {}
    assert caps.ptz_presets == tuple(range(1, 256))


async def test_preset_titles_outside_1_to_255_are_ignored(
    rewrites: Rewrites, client: HankvisionClient
) -> None:
    """A group for preset 0, 256 or a non-number is no preset's title."""
    groups: list[tuple[str, list[Row]]] = [
        ("PresetNameInfo", [("PresetNumber", "int", number), ("PresetTitle", "string", title)])
        for number, title in (("0", "Zero"), ("256", "Past"), ("x", "Junk"), ("9", "Nine"))
    ]
    rewrites.message(_is(PTZ_GET, "PresetNameInfo"), "ptz_get", groups)
    caps = await client.async_capabilities()
    assert dict(caps.preset_names) == {9: "Nine"}


@pytest.mark.parametrize(("code", "text"), [(501, TEXT_NOT_SUPPORTED), (402, TEXT_INVALID_NAME)])
async def test_preset_titles_that_fail_give_none(
    rewrites: Rewrites, client: HankvisionClient, code: int, text: str
) -> None:
    """PresetNameInfo refused or unsupported: no titles, the presets themselves stay."""
    rewrites.message(_is(PTZ_GET, "PresetNameInfo"), "ptz_get", code=code, text=text)
    caps = await client.async_capabilities()
    assert dict(caps.preset_names) == {}
    assert Feature.PTZ_PRESETS in caps.features


@pytest.mark.parametrize("failure", ["501", "http500", "no-group"])
async def test_sd_sensors_only_where_record_device_answers(
    sim: HankvisionSimulator, rewrites: Rewrites, client: HankvisionClient, failure: str
) -> None:
    """RecordDevice 501, HTTP 500 or an answer without the group: no SD sensors."""
    if failure == "501":
        rewrites.message(
            _is(RECORD_GET, "RecordDevice"), "record_get", code=501, text=TEXT_NOT_SUPPORTED
        )
    elif failure == "http500":
        sim.faults.http_status = 500
        sim.faults.paths = frozenset({RECORD_GET})
    else:
        rewrites.message(_is(RECORD_GET, "RecordDevice"), "record_get")
    caps = await client.async_capabilities()
    assert caps.sensors == frozenset()
    assert "manual_recording" in caps.settings


# --- fast status --------------------------------------------------------------------------


async def test_fast_status_is_one_record_device_request(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """Exactly one record_get?Channel=1&Group=RecordDevice: the card's state and use."""
    update = await ready.async_fast_status()
    assert _sent(sim) == [(RECORD_GET, {"Channel": "1", "Group": "RecordDevice"})]
    # 1873 of 29652 MB.
    assert update.values == {"sd_card_status": SdCardState.MOUNTED, "sd_card_used": 6.3}
    assert update.events == {}


@pytest.mark.parametrize(("code", "state"), sorted(SD_CODES.items()))
async def test_every_sd_status_code(
    sim: HankvisionSimulator, ready: HankvisionClient, code: int, state: SdCardState
) -> None:
    """3.5.1's SD status codes 0-9, each its SdCardState; without a card no use."""
    sim.set_sd_status(code)
    values = (await ready.async_fast_status()).values
    assert values["sd_card_status"] == state
    assert ("sd_card_used" in values) is (code not in (0, 2, 7))


@pytest.mark.parametrize("code", ["10", "99", "-1", "x", " ", "4.0", "\u0664"])
async def test_an_unknown_sd_status_is_absent(
    sim: HankvisionSimulator, ready: HankvisionClient, code: str
) -> None:
    """A code outside 0-9 (or no number) gives no sd_card_status, the use still comes."""
    sim.record_device["SDStatus"] = code
    values = (await ready.async_fast_status()).values
    assert "sd_card_status" not in values
    assert values["sd_card_used"] == 6.3


@pytest.mark.parametrize(
    ("used", "total", "percent"),
    [
        ("1", "3", 33.3),
        ("2", "3", 66.7),
        ("0", "29652", 0.0),
        ("29652", "29652", 100.0),
        ("40000", "29652", 100.0),
        ("1", "1000", 0.1),
        ("1", "2000", 0.1),
        ("5", "0", None),
        ("", "100", None),
        ("5", "", None),
        ("x", "100", None),
    ],
)
async def test_sd_card_used_is_a_percentage(
    sim: HankvisionSimulator,
    ready: HankvisionClient,
    used: str,
    total: str,
    percent: float | None,
) -> None:
    """Used of total in %, rounded to 0.1 and at most 100; total 0 or no number: absent."""
    sim.record_device.update({"UsedSpace": used, "TotalSpace": total})
    values = (await ready.async_fast_status()).values
    assert values.get("sd_card_used") == percent
    assert values["sd_card_status"] == SdCardState.MOUNTED


@pytest.mark.parametrize(
    ("status", "used", "total"),
    [
        ("sd_state", "used_size", "total_size"),
        ("SDCardStatusFlag", "Used", "Total"),
        ("sd_card_status", "usedspace", "TOTALSPACE"),
    ],
)
async def test_fast_status_takes_the_names_other_firmware_uses(
    rewrites: Rewrites, ready: HankvisionClient, status: str, used: str, total: str
) -> None:
    """3.5.1 prints the RecordDevice values bare: the usual element names are all read."""
    rows: list[Row] = [(status, "int", "6"), (used, "int", "25"), (total, "int", "100")]
    rewrites.message(_is(RECORD_GET), "record_get", [("RecordDevice", rows)])
    values = (await ready.async_fast_status()).values
    assert values == {"sd_card_status": SdCardState.WRITE_PROTECTED, "sd_card_used": 25.0}


async def test_fast_status_without_the_group_is_a_parse_error(
    rewrites: Rewrites, ready: HankvisionClient
) -> None:
    """A successful answer without RecordDevice is no status: ParseError."""
    rewrites.message(_is(RECORD_GET), "record_get", [("RecordControl", [("Mode", "int", "1")])])
    with pytest.raises(ParseError, match="RecordDevice"):
        await ready.async_fast_status()


async def test_fast_status_of_a_server_without_record_device(
    rewrites: Rewrites, ready: HankvisionClient
) -> None:
    """A 501 for RecordDevice is NotSupportedError."""
    rewrites.message(_is(RECORD_GET), "record_get", code=501, text=TEXT_NOT_SUPPORTED)
    with pytest.raises(NotSupportedError):
        await ready.async_fast_status()


# --- settings -----------------------------------------------------------------------------


async def test_read_every_setting(sim: HankvisionSimulator, ready: HankvisionClient) -> None:
    """One `_get` per group that holds a setting, with Channel=1; every value decoded."""
    assert dict(await ready.async_read_settings()) == DEFAULTS
    assert _sent(sim) == [
        ("/cgi/image_get", {"Channel": "1", "Group": "ImageInfo"}),
        ("/cgi/camera_get", {"Channel": "1", "Group": "BasicInfo"}),
        ("/cgi/camera_get", {"Channel": "1", "Group": "ExposureInfo"}),
        ("/cgi/alarm_get", {"Channel": "1", "Group": "MDInfo"}),
        ("/cgi/audio_get", {"Channel": "1", "Group": "AudioInfo"}),
        ("/cgi/record_get", {"Channel": "1", "Group": "RecordControl"}),
    ]


async def test_read_follows_the_device(sim: HankvisionSimulator, ready: HankvisionClient) -> None:
    """Values changed on the device are read back as the settings' values."""
    for cgi, group, param, _kind in TABLE.values():
        sim.settings[cgi][group][param] = WRITES_BY_PARAM[param]
    values = await ready.async_read_settings()
    assert dict(values) == {key: value for key, (value, _code) in WRITES.items()}


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("brightness", "abc"),
        ("brightness", ""),
        ("video_format", "7"),
        ("mirror_horizontal", "2"),
        ("ir_cut_mode", "4"),
        ("audio", "-1"),
    ],
)
async def test_a_value_the_setting_does_not_take_is_left_out(
    sim: HankvisionSimulator, ready: HankvisionClient, key: str, raw: str
) -> None:
    """An undecodable value leaves only that setting out of the read."""
    cgi, group, param, _kind = TABLE[key]
    sim.settings[cgi][group][param] = raw
    values = await ready.async_read_settings()
    assert set(values) == ALL_SETTINGS - {key}


async def test_a_group_missing_from_its_answer_leaves_its_settings_out(
    rewrites: Rewrites, ready: HankvisionClient
) -> None:
    """An answer without the asked group: its settings are left out, the others read."""
    rewrites.message(_is("/cgi/camera_get", "BasicInfo"), "camera_get")
    values = await ready.async_read_settings()
    basic = {key for key, row in TABLE.items() if row[1] == "BasicInfo"}
    assert set(values) == ALL_SETTINGS - basic


async def test_read_settings_before_capabilities_gives_nothing(
    client: HankvisionClient,
) -> None:
    """Until the query said which settings exist, none is read."""
    assert dict(await client.async_read_settings()) == {}


@pytest.mark.parametrize("key", sorted(TABLE))
async def test_write_every_setting(
    sim: HankvisionSimulator, ready: HankvisionClient, key: str
) -> None:
    """`<cgi>_set?Channel=1&Group=<group>&<param>=<code>`, one request; read back after."""
    cgi, group, param, _kind = TABLE[key]
    value, code = WRITES[key]
    await ready.async_write_setting(key, value)
    assert _sent(sim) == [(f"/cgi/{cgi}_set", {"Channel": "1", "Group": group, param: code})]
    assert ready.raw_exchanges[-1].path == f"/cgi/{cgi}_set?Channel=1&Group={group}&{param}={code}"
    assert sim.settings[cgi][group][param] == code
    assert (await ready.async_read_settings())[key] == value


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("brightness", -1),
        ("brightness", 256),
        ("brightness", 12.5),
        ("brightness", True),
        ("brightness", "128"),
        ("brightness", float("nan")),
        ("motion_sensitivity", 0),
        ("motion_sensitivity", 101),
        ("audio_volume", 10),
        ("mirror_horizontal", 1),
        ("mirror_horizontal", "on"),
        ("video_format", "secam"),
        ("video_format", 0),
        ("ir_cut_mode", "auto"),
    ],
)
async def test_values_the_setting_does_not_take_are_refused_without_a_request(
    sim: HankvisionSimulator, ready: HankvisionClient, key: str, value: SettingValue
) -> None:
    """Out of range or of the wrong type: NotSupportedError, nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_write_setting(key, value)
    assert sim.requests == []


@pytest.mark.parametrize("key", ["nope", "gamma", "osd", ""])
async def test_an_unknown_setting_is_not_supported(
    sim: HankvisionSimulator, ready: HankvisionClient, key: str
) -> None:
    """A key the capabilities do not list: NotSupportedError, nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_write_setting(key, 1)
    assert sim.requests == []


async def test_a_write_before_capabilities_is_not_supported(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """Until the query said the setting exists, nothing is written."""
    with pytest.raises(NotSupportedError):
        await client.async_write_setting("brightness", 10)
    assert sim.requests == []


# --- result codes -------------------------------------------------------------------------


async def test_401_invalid_channel_is_refused_with_the_device_text(
    sim: HankvisionSimulator, ready: HankvisionClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A channel the server lacks (2.3.1.3's 401): RefusedError, its text the reason."""
    monkeypatch.setattr(hankvision_client, "CHANNEL", "2")
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("brightness", 10)
    assert info.value.reason == TEXT_INVALID_CHANNEL
    assert "401" in str(info.value)
    assert sim.image_info["Brightness"] == "128"
    with pytest.raises(RefusedError) as again:
        await ready.async_fast_status()
    assert again.value.reason == TEXT_INVALID_CHANNEL


async def test_402_a_value_the_device_refuses_after_all(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """The query said 0 ... 255, the device takes 0-100: 402 is a RefusedError, nothing set."""
    narrow = _device_only(int_range(0, 100), "0 ... 255")
    _set_domain(sim, "image", "ImageInfo", "Brightness", narrow)
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("brightness", 200)
    assert info.value.reason == TEXT_INVALID_VALUE
    assert "402" in str(info.value)
    assert sim.image_info["Brightness"] == "128"
    assert len(sim.requests) == 1


async def test_402_an_option_the_device_refuses_after_all(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """The query offered 0-3, the device refuses 0 when asked: RefusedError, nothing set."""
    _set_domain(
        sim,
        "camera",
        "ExposureInfo",
        "ICRSwitch",
        _device_only(int_options(1, 2, 3), "0, 1, 2, 3"),
    )
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("ir_cut_mode", "external")
    assert info.value.reason == TEXT_INVALID_VALUE
    assert sim.exposure_info["ICRSwitch"] == "3"


async def test_502_manual_recording_without_a_mounted_card(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """Recording with the card unmounted is "not available in current mode" (502)."""
    await ready.async_write_setting("manual_recording", False)
    sim.set_sd_status(5)
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("manual_recording", True)
    assert info.value.reason == TEXT_NOT_AVAILABLE
    assert "502" in str(info.value)
    assert sim.record_control["Mode"] == "0"


async def test_502_from_the_white_balance_rule_is_refused(
    sim: HankvisionSimulator, rewrites: Rewrites, ready: HankvisionClient
) -> None:
    """A 502 answering a white-balance write (the gains need WBMode 1) is a RefusedError.

    The client writes no gains itself, so the device's answer stands in for the case.
    """
    rewrites.message(_is("/cgi/camera_set"), "camera_set", code=502, text=TEXT_NOT_AVAILABLE)
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("white_balance_mode", "manual")
    assert info.value.reason == TEXT_NOT_AVAILABLE


@pytest.mark.parametrize(
    ("group", "call"),
    [
        ("ImageInfo", lambda client: client.async_write_setting("brightness", 3)),
        ("ExposureInfo", lambda client: client.async_write_setting("color_mode", "cold")),
        ("PTZCtrlInfo", lambda client: client.async_ptz_move(PtzDirection.UP, 50)),
        ("Reboot", lambda client: client.async_press("reboot")),
    ],
)
async def test_503_server_failed_is_refused(
    sim: HankvisionSimulator,
    ready: HankvisionClient,
    group: str,
    call: Callable[[HankvisionClient], Awaitable[None]],
) -> None:
    """A set the server fails to carry out (503): RefusedError "Server failed.", no change."""
    sim.failing_groups = {group}
    with pytest.raises(RefusedError) as info:
        await call(ready)
    assert info.value.reason == TEXT_FAILED
    assert "503" in str(info.value)
    assert sim.image_info["Brightness"] == "128"
    assert sim.exposure_info["ColorMode"] == "1"
    assert sim.moving == {}
    assert sim.reboots == 0


async def test_501_is_not_supported(sim: HankvisionSimulator, ready: HankvisionClient) -> None:
    """A class gone since setup (audio, PTZ answer 501): NotSupportedError, not a refusal."""
    sim.has_audio = False
    sim.has_ptz = False
    with pytest.raises(NotSupportedError, match="501"):
        await ready.async_write_setting("audio_volume", 3)
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_move(PtzDirection.UP, 50)
    assert len(sim.requests) == 2


@pytest.mark.parametrize("code", [300, 600, 999])
async def test_an_unknown_result_code_is_a_response_error(
    rewrites: Rewrites, ready: HankvisionClient, code: int
) -> None:
    """A code outside 2xx, 4xx and 5xx is a ResponseError, not a success."""
    rewrites.message(_is("/cgi/image_set"), "image_set", code=code, text="odd")
    with pytest.raises(ResponseError) as info:
        await ready.async_write_setting("brightness", 3)
    assert type(info.value) is ResponseError


@pytest.mark.parametrize("sim_options", [{"result_without_code": True}])
async def test_code_less_results_work_end_to_end(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """Firmware that only says `Successfully`: identify, setup, reads, writes, PTZ, reboot."""
    assert (await client.async_identify()).model == "V6202IR-AR0237"
    caps = await client.async_capabilities()
    assert dict(caps.settings) == SPECS
    assert caps.features == {Feature.SNAPSHOT, Feature.MJPEG, *PTZ_FEATURES}
    assert caps.sensors == {"sd_card_status", "sd_card_used"}
    assert dict(await client.async_read_settings()) == DEFAULTS
    await client.async_write_setting("contrast", 9)
    assert sim.image_info["Contrast"] == "9"
    await client.async_ptz_move(PtzDirection.LEFT, 100)
    assert sim.moving == {"Direction": "3"}
    assert (await client.async_fast_status()).values["sd_card_status"] == SdCardState.MOUNTED
    await client.async_press("reboot")
    assert sim.reboots == 1


@pytest.mark.parametrize("sim_options", [{"result_without_code": True}])
async def test_code_less_errors_are_refused_with_the_device_text(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """Without a code the error text alone tells a refusal; it becomes the reason."""
    _set_domain(sim, "image", "ImageInfo", "Brightness", _device_only(int_range(0, 9), "0 ... 255"))
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("brightness", 200)
    assert info.value.reason == TEXT_INVALID_VALUE
    sim.failing_groups = {"MDInfo"}
    with pytest.raises(RefusedError) as failed:
        await ready.async_write_setting("motion_detection", False)
    assert failed.value.reason == TEXT_FAILED
    sim.has_audio = False
    with pytest.raises(RefusedError) as unsupported:
        await ready.async_write_setting("audio", False)
    assert unsupported.value.reason == TEXT_NOT_SUPPORTED
    assert sim.image_info["Brightness"] == "128"
    assert sim.md_info["MDEnable"] == "1"


@pytest.mark.parametrize(
    "sim_options",
    [
        {"result_without_code": True, "audio": False},
        {"result_without_code": True, "ptz": False},
    ],
)
async def test_code_less_setup_without_a_class(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """A code-less refusal of a class's query drops that class, as a 501 does."""
    caps = await client.async_capabilities()
    if not sim.has_audio:
        assert set(caps.settings) == ALL_SETTINGS - {"audio", "audio_volume"}
        assert caps.features >= PTZ_FEATURES
    else:
        assert set(caps.settings) == ALL_SETTINGS
        assert caps.features == {Feature.SNAPSHOT, Feature.MJPEG}


async def test_a_result_without_code_or_text_counts_as_success(
    rewrites: Rewrites, ready: HankvisionClient
) -> None:
    """`<result></result>` without a code: nothing refused."""
    rewrites.body(_is("/cgi/image_set"), '<Message><Header class="image_set"></Header></Message>')
    await ready.async_write_setting("brightness", 3)


# --- credentials --------------------------------------------------------------------------


async def test_basic_with_an_empty_password(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    """admin with an empty password: the challenge, then `Basic admin:` on every request."""
    sim = HankvisionSimulator(password="")
    port = (await serve(sim.app)).port
    assert port is not None
    client = _client(http_session, port, username="admin", password="")
    await client.async_identify()
    await client.async_capabilities()
    await client.async_write_setting("brightness", 42)
    assert sim.image_info["Brightness"] == "42"
    assert "Authorization" not in sim.requests[0].headers
    token = "Basic " + base64.b64encode(b"admin:").decode()
    assert all(request.headers["Authorization"] == token for request in sim.requests[1:])
    assert sim.failed_logins == 0
    assert sim.unauthorized == 1


@pytest.mark.parametrize("sim_options", [{"auth_mode": "digest"}])
async def test_digest(sim: HankvisionSimulator, client: HankvisionClient) -> None:
    """Digest firmware: learnt from the first challenge, then on every request and stream."""
    await client.async_identify()
    await client.async_capabilities()
    await client.async_write_setting("sharpness", 1)
    assert picture_size(await client.async_snapshot()) == (1280, 720)
    stream = await client.async_open_mjpeg()
    stream.close()
    assert sim.image_info["Sharpness"] == "1"
    assert "Authorization" not in sim.requests[0].headers
    assert all(
        request.headers["Authorization"].startswith("Digest ") for request in sim.requests[1:]
    )
    assert sim.failed_logins == 0


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_wrong_password_costs_one_credentialed_attempt(
    sim: HankvisionSimulator, wrong_client: HankvisionClient
) -> None:
    """A wrong password is an AuthError after exactly one request that carried credentials."""
    with pytest.raises(AuthError) as info:
        await wrong_client.async_identify()
    assert len(with_credentials(sim)) == 1
    assert sim.failed_logins == 1
    assert WRONG_PASSWORD not in str(info.value)
    assert WRONG_PASSWORD not in repr(info.value)
    assert WRONG_PASSWORD not in kept_exchanges(wrong_client)


async def test_a_refused_password_is_never_sent_again(
    sim: HankvisionSimulator, wrong_client: HankvisionClient
) -> None:
    """After the refusal, status, snapshot and stream fail at once: no further failed login."""
    with pytest.raises(AuthError):
        await wrong_client.async_identify()
    sent = len(sim.requests)
    for _ in range(3):
        with pytest.raises(AuthError, match="credentials change"):
            await wrong_client.async_fast_status()
    with pytest.raises(AuthError):
        await wrong_client.async_snapshot()
    with pytest.raises(AuthError):
        await wrong_client.async_open_mjpeg()
    assert len(sim.requests) == sent
    assert sim.failed_logins == 1


async def test_a_stream_refused_first_stops_every_later_request(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """The MJPEG stream's 401 counts like any other: the next poll sends nothing."""
    sim.password = "changed"
    with pytest.raises(AuthError):
        await ready.async_open_mjpeg()
    sent = len(sim.requests)
    with pytest.raises(AuthError):
        await ready.async_fast_status()
    assert len(sim.requests) == sent


async def test_wrong_credentials_on_the_snapshot_and_stream(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """Credentials refused later (changed on the device): AuthError for pictures too."""
    sim.password = "changed"
    with pytest.raises(AuthError):
        await ready.async_snapshot()
    with pytest.raises(AuthError):
        await ready.async_open_mjpeg()
    with pytest.raises(AuthError):
        await ready.async_fast_status()


async def _exercise(sim: HankvisionSimulator, client: HankvisionClient) -> list[CameraError]:
    """A setup, a few calls and several failures; the errors raised."""
    await client.async_identify()
    await client.async_capabilities()
    await client.async_fast_status()
    await client.async_read_settings()
    await client.async_write_setting("brightness", 3)
    await client.async_snapshot()
    await client.async_ptz_move(PtzDirection.UP, 10)
    errors: list[CameraError] = []

    async def attempt(call: Callable[[], Awaitable[object]]) -> None:
        try:
            await call()
        except CameraError as err:
            errors.append(err)

    _set_domain(sim, "image", "ImageInfo", "Brightness", _device_only(int_range(0, 1), "0 ... 255"))
    await attempt(lambda: client.async_write_setting("brightness", 200))
    await attempt(lambda: client.async_write_setting("nope", 1))
    sim.failing_groups = {"MDInfo"}
    await attempt(lambda: client.async_write_setting("motion_detection", False))
    sim.faults.http_status = 500
    await attempt(client.async_fast_status)
    sim.faults.clear()
    sim.faults.malformed_body = b"<html><body>error</body></html>"
    await attempt(client.async_fast_status)
    sim.faults.clear()
    sim.password = "changed"
    await attempt(client.async_fast_status)
    sim.password = PASSWORD
    assert len(errors) == 6
    return errors


@pytest.mark.parametrize("sim_options", [{"auth_mode": "basic"}, {"auth_mode": "digest"}])
async def test_the_password_never_reaches_errors_or_raw_exchanges(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """Neither the password nor the Basic token is in an error or the kept exchanges."""
    errors = await _exercise(sim, client)
    token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    kept = kept_exchanges(client)
    assert "/cgi/image_set?Channel=1&Group=ImageInfo&Brightness=3" in kept
    texts = [kept, *(str(err) for err in errors), *(repr(err) for err in errors)]
    texts += [err.reason for err in errors if isinstance(err, RefusedError)]
    for text in texts:
        assert PASSWORD not in text
        assert token not in text


async def test_a_refusal_echoing_the_password_is_kept_redacted(
    rewrites: Rewrites, ready: HankvisionClient
) -> None:
    """A device text repeating the password is blanked in the kept exchanges."""
    rewrites.message(_is("/cgi/image_set"), "image_set", code=402, text=f"bad value {PASSWORD}")
    with pytest.raises(RefusedError):
        await ready.async_write_setting("brightness", 3)
    assert PASSWORD not in kept_exchanges(ready)
    assert "bad value **REDACTED**" in kept_exchanges(ready)


async def test_a_refusal_echoing_the_password_is_redacted_in_the_error(
    rewrites: Rewrites, ready: HankvisionClient
) -> None:
    """A device text repeating the password does not carry it into the error or its reason."""
    rewrites.message(_is("/cgi/image_set"), "image_set", code=402, text=f"bad value {PASSWORD}")
    with pytest.raises(RefusedError) as info:
        await ready.async_write_setting("brightness", 3)
    assert PASSWORD not in info.value.reason
    assert PASSWORD not in str(info.value)


# --- snapshot and MJPEG -------------------------------------------------------------------


@pytest.mark.parametrize("quality", [StreamQuality.MAIN, StreamQuality.SUB])
async def test_snapshot(
    sim: HankvisionSimulator, ready: HankvisionClient, quality: StreamQuality
) -> None:
    """3.14 /jpgimage/1/image.jpg: a JPEG, kept as binary in the exchanges."""
    picture = await ready.async_snapshot(quality)
    assert picture_size(picture) == (1280, 720)
    assert _sent(sim) == [(JPEG, {})]
    assert ready.raw_exchanges[-1].body == f"<{len(picture)} bytes binary>"


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>No picture</body></html>", b"GIF89a....", b"\x00\xd8\xff"]
)
async def test_a_snapshot_that_is_no_jpeg_is_a_parse_error(
    sim: HankvisionSimulator, ready: HankvisionClient, body: bytes
) -> None:
    """A 200 answer that does not start like a JPEG is a ParseError."""
    sim.faults.malformed_body = body
    sim.faults.paths = frozenset({JPEG})
    with pytest.raises(ParseError):
        await ready.async_snapshot()


async def test_mjpeg_stream_yields_jpeg_parts(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """3.14 /mjpgstreamreq/1/image.jpg opens as multipart; its parts are JPEGs."""
    stream = await ready.async_open_mjpeg()
    try:
        assert stream.content_type.startswith("multipart/x-mixed-replace")
        boundary = boundary_of(stream.content_type)
        assert boundary == "myboundary"
        reader = MultipartReader(stream.content, boundary, part_timeout=5, max_part=1 << 20)
        first = await reader.next_part()
        assert picture_size(first) == (1280, 720)
    finally:
        stream.close()
    assert _sent(sim) == [(MJPEG, {})]


async def test_a_closed_mjpeg_encoder_is_a_response_error(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """MJPEG Resolution CLOSED: the stream answers 404, a ResponseError."""
    sim.mjpeg_stream["Resolution"] = "CLOSED"
    with pytest.raises(ResponseError):
        await ready.async_open_mjpeg()


# --- PTZ ----------------------------------------------------------------------------------


def _ptz_sets(sim: HankvisionSimulator) -> list[dict[str, str]]:
    """The PTZCtrlInfo parameters of each ptz_set, Channel and Group checked and taken off."""
    queries = _to(sim, PTZ_SET)
    assert [p for p, _q in _sent(sim)] == [PTZ_SET] * len(queries)
    params: list[dict[str, str]] = []
    for query in queries:
        assert list(query)[:2] == ["Channel", "Group"]
        assert (query["Channel"], query["Group"]) == ("1", "PTZCtrlInfo")
        params.append({k: v for k, v in query.items() if k not in ("Channel", "Group")})
    return params


@pytest.mark.parametrize(
    ("direction", "code"),
    [
        (PtzDirection.UP, "1"),
        (PtzDirection.DOWN, "2"),
        (PtzDirection.LEFT, "3"),
        (PtzDirection.RIGHT, "4"),
        (PtzDirection.UP_LEFT, "5"),
        (PtzDirection.DOWN_LEFT, "6"),
        (PtzDirection.UP_RIGHT, "7"),
        (PtzDirection.DOWN_RIGHT, "8"),
    ],
)
async def test_move_in_every_direction(
    sim: HankvisionSimulator, ready: HankvisionClient, direction: PtzDirection, code: str
) -> None:
    """3.6.4: Direction 1 up ... 8 downright, with the same pan and tilt speed."""
    await ready.async_ptz_move(direction, 50)
    assert _ptz_sets(sim) == [{"Direction": code, "PanSpeed": "32", "TiltSpeed": "32"}]
    assert sim.moving == {"Direction": code}
    assert sim.at_preset is None


@pytest.mark.parametrize("options", [ClientOptions(invert_pan=True)])
@pytest.mark.parametrize(
    ("direction", "code"),
    [
        (PtzDirection.UP, "1"),
        (PtzDirection.DOWN, "2"),
        (PtzDirection.LEFT, "4"),
        (PtzDirection.RIGHT, "3"),
        (PtzDirection.UP_LEFT, "7"),
        (PtzDirection.DOWN_LEFT, "8"),
        (PtzDirection.UP_RIGHT, "5"),
        (PtzDirection.DOWN_RIGHT, "6"),
    ],
)
async def test_invert_pan_swaps_left_and_right_only(
    sim: HankvisionSimulator, ready: HankvisionClient, direction: PtzDirection, code: str
) -> None:
    """invert_pan mirrors left and right, never up and down."""
    await ready.async_ptz_move(direction, 100)
    assert sim.moving == {"Direction": code}


@pytest.mark.parametrize(
    ("percent", "code"),
    [(1, "1"), (2, "2"), (50, "32"), (98, "62"), (99, "63"), (100, "63"), (0, "1"), (250, "63")],
)
async def test_move_speed_is_the_spec_scale_0_to_63(
    sim: HankvisionSimulator, ready: HankvisionClient, percent: int, code: str
) -> None:
    """Percent 1-100 becomes PanSpeed/TiltSpeed 1-63 (rounded up), clamped."""
    await ready.async_ptz_move(PtzDirection.RIGHT, percent)
    assert sim.ptz_speed == {"PanSpeed": code, "TiltSpeed": code}


async def test_stop_stops_every_movement(sim: HankvisionSimulator, ready: HankvisionClient) -> None:
    """Stop=0 stops every PTZ operation."""
    await ready.async_ptz_move(PtzDirection.UP_RIGHT, 30)
    await ready.async_ptz_lens(LensAxis.ZOOM, LensDirection.IN)
    assert sim.moving == {"Direction": "7", "Zoom": "1"}
    await ready.async_ptz_stop()
    assert _ptz_sets(sim)[-1] == {"Stop": "0"}
    assert sim.moving == {}


@pytest.mark.parametrize(
    ("axis", "direction", "param", "code"),
    [
        (LensAxis.ZOOM, LensDirection.IN, "Zoom", "1"),
        (LensAxis.ZOOM, LensDirection.OUT, "Zoom", "0"),
        (LensAxis.FOCUS, LensDirection.NEAR, "Focus", "1"),
        (LensAxis.FOCUS, LensDirection.FAR, "Focus", "0"),
        (LensAxis.IRIS, LensDirection.OPEN, "Iris", "1"),
        (LensAxis.IRIS, LensDirection.CLOSE, "Iris", "0"),
    ],
)
async def test_lens_start_and_stop(
    sim: HankvisionSimulator,
    ready: HankvisionClient,
    axis: LensAxis,
    direction: LensDirection,
    param: str,
    code: str,
) -> None:
    """Zoom/Focus/Iris = 1 (in, near, open) or 0; stopped with Stop=0."""
    await ready.async_ptz_lens(axis, direction)
    assert sim.moving == {param: code}
    await ready.async_ptz_lens_stop(axis, direction)
    assert _ptz_sets(sim) == [{param: code}, {"Stop": "0"}]
    assert sim.moving == {}


@pytest.mark.parametrize(
    ("axis", "direction"),
    [
        (LensAxis.ZOOM, LensDirection.NEAR),
        (LensAxis.FOCUS, LensDirection.IN),
        (LensAxis.IRIS, LensDirection.FAR),
        (LensAxis.FOCUS, LensDirection.AUTO),
        (LensAxis.ZOOM, LensDirection.AUTO),
    ],
)
async def test_a_lens_direction_the_motor_lacks_is_not_supported(
    sim: HankvisionSimulator, ready: HankvisionClient, axis: LensAxis, direction: LensDirection
) -> None:
    """Another motor's direction, or auto focus: NotSupportedError, nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_lens(axis, direction)
    assert sim.requests == []


async def test_a_lens_motor_the_query_lacks_is_not_supported(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """No Zoom in the query: zoom is NotSupportedError without a request, focus still works."""
    _ptz_drop(sim, "Zoom")
    await client.async_capabilities()
    sim.requests.clear()
    with pytest.raises(NotSupportedError):
        await client.async_ptz_lens(LensAxis.ZOOM, LensDirection.IN)
    assert sim.requests == []
    await client.async_ptz_lens(LensAxis.FOCUS, LensDirection.NEAR)
    assert sim.moving == {"Focus": "1"}


async def test_goto_a_preset(sim: HankvisionSimulator, ready: HankvisionClient) -> None:
    """Preset=1 with PresetNumber: the head goes to the saved position."""
    await ready.async_ptz_preset(PresetAction.GOTO, 2)
    assert _ptz_sets(sim) == [{"PresetNumber": "2", "Preset": "1"}]
    assert sim.at_preset == 2
    assert sim.position["Pan"] == "27000"


async def test_save_a_preset_sends_no_title(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """Preset=0 with PresetNumber, no PresetTitle: a titled preset keeps its title."""
    await ready.async_ptz_position(45, 10, None)
    await ready.async_ptz_preset(PresetAction.SAVE, 9)
    await ready.async_ptz_preset(PresetAction.SAVE, 1)
    assert _ptz_sets(sim)[1:] == [
        {"PresetNumber": "9", "Preset": "0"},
        {"PresetNumber": "1", "Preset": "0"},
    ]
    assert sim.presets == {1: "Gate", 2: "Yard", 9: "Preset 9"}
    assert sim.preset_positions[9]["Pan"] == "4500"


@pytest.mark.parametrize("preset", [1, 2, 255])
async def test_removing_a_preset_is_not_supported(
    sim: HankvisionSimulator, ready: HankvisionClient, preset: int
) -> None:
    """V3.1 has no preset removal: NotSupportedError, nothing sent, the preset stays."""
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_preset(PresetAction.REMOVE, preset)
    assert sim.requests == []
    assert set(sim.presets) == {1, 2}


@pytest.mark.parametrize("preset", [0, 256, -1])
async def test_a_preset_outside_1_to_255_is_refused_without_a_request(
    sim: HankvisionSimulator, ready: HankvisionClient, preset: int
) -> None:
    """Presets 0 and 256: NotSupportedError for every action, nothing sent."""
    for action in PresetAction:
        with pytest.raises(NotSupportedError):
            await ready.async_ptz_preset(action, preset)
    assert sim.requests == []


@pytest.mark.parametrize(
    ("mode", "params", "moving"),
    [
        ("autopan_1", {"AutoPanNumber": "1", "AutoPan": "2"}, {"AutoPan": "1"}),
        ("autopan_4", {"AutoPanNumber": "4", "AutoPan": "2"}, {"AutoPan": "4"}),
        ("pattern_3", {"PatternNumber": "3", "Pattern": "2"}, {"Pattern": "3"}),
        (None, {"AutoPanNumber": "1", "AutoPan": "2"}, {"AutoPan": "1"}),
    ],
)
async def test_patrol_start_and_stop(
    sim: HankvisionSimulator,
    ready: HankvisionClient,
    mode: str | None,
    params: dict[str, str],
    moving: dict[str, str],
) -> None:
    """AutoPan/Pattern = 2 runs number 1-4 (default auto pan 1); stop is Stop=0."""
    await ready.async_ptz_patrol(True, mode)
    assert sim.moving == moving
    await ready.async_ptz_patrol(False, mode)
    assert _ptz_sets(sim) == [params, {"Stop": "0"}]
    assert sim.moving == {}


@pytest.mark.parametrize("mode", ["tour_1", "autopan_5", "pattern_0", ""])
async def test_an_unknown_patrol_is_not_supported(
    sim: HankvisionSimulator, ready: HankvisionClient, mode: str
) -> None:
    """A patrol mode not listed: NotSupportedError, nothing sent."""
    if mode == "":
        # An empty mode is the default patrol.
        await ready.async_ptz_patrol(True, mode)
        assert sim.moving == {"AutoPan": "1"}
        return
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_patrol(True, mode)
    assert sim.requests == []


async def test_a_patrol_the_query_lacks_is_not_supported(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """No AutoPan in the query: auto pan is NotSupportedError without a request; pattern runs."""
    _ptz_drop(sim, "AutoPan")
    await client.async_capabilities()
    sim.requests.clear()
    with pytest.raises(NotSupportedError):
        await client.async_ptz_patrol(True, "autopan_2")
    assert sim.requests == []
    await client.async_ptz_patrol(True, "pattern_2")
    assert sim.moving == {"Pattern": "2"}


@pytest.mark.parametrize(
    ("pan", "tilt", "zoom", "params"),
    [
        (90, 15, 50, {"Model": "0", "Pan": "9000", "Tilt": "1500", "ZoomPosition": "32768"}),
        (None, None, 100, {"Model": "0", "ZoomPosition": "65535"}),
        (-90, None, None, {"Model": "0", "Pan": "27000"}),
        (None, 359.99, 0, {"Model": "0", "Tilt": "35999", "ZoomPosition": "0"}),
    ],
)
async def test_absolute_position(
    sim: HankvisionSimulator,
    ready: HankvisionClient,
    pan: float | None,
    tilt: float | None,
    zoom: float | None,
    params: dict[str, str],
) -> None:
    """Model=0 with Pan/Tilt in hundredths of a degree and ZoomPosition 0-65535."""
    before = dict(sim.position)
    await ready.async_ptz_position(pan, tilt, zoom)
    assert _ptz_sets(sim) == [params]
    assert sim.position == {**before, **{k: v for k, v in params.items() if k != "Model"}}
    assert sim.at_preset is None


@pytest.mark.parametrize(
    ("pan", "tilt", "zoom"),
    [(None, None, None), (None, None, 101), (None, None, -1), (float("inf"), None, None)],
)
async def test_a_position_the_head_cannot_take_is_refused_without_a_request(
    sim: HankvisionSimulator,
    ready: HankvisionClient,
    pan: float | None,
    tilt: float | None,
    zoom: float | None,
) -> None:
    """Nothing to move to, a zoom outside 0-100 %, an infinite angle: nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_ptz_position(pan, tilt, zoom)
    assert sim.requests == []


def _every_ptz_call(client: HankvisionClient) -> list[Callable[[], Awaitable[None]]]:
    return [
        lambda: client.async_ptz_move(PtzDirection.UP, 50),
        client.async_ptz_stop,
        lambda: client.async_ptz_lens(LensAxis.ZOOM, LensDirection.IN),
        lambda: client.async_ptz_lens(LensAxis.FOCUS, LensDirection.FAR),
        lambda: client.async_ptz_lens(LensAxis.IRIS, LensDirection.OPEN),
        lambda: client.async_ptz_lens_stop(LensAxis.ZOOM, LensDirection.IN),
        lambda: client.async_ptz_preset(PresetAction.GOTO, 1),
        lambda: client.async_ptz_preset(PresetAction.SAVE, 1),
        lambda: client.async_ptz_patrol(True, "autopan_1"),
        lambda: client.async_ptz_patrol(True, "pattern_1"),
        lambda: client.async_ptz_patrol(False, None),
        lambda: client.async_ptz_position(10, 10, 10),
        lambda: client.async_press("ptz_auto_scan"),
    ]


@pytest.mark.parametrize("sim_options", [{"ptz": False}])
async def test_a_server_without_ptz_refuses_every_ptz_call_without_a_request(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """ptz_query 501: every PTZ call is NotSupportedError, nothing sent."""
    for call in _every_ptz_call(ready):
        with pytest.raises(NotSupportedError):
            await call()
    assert sim.requests == []


async def test_ptz_before_capabilities_is_not_supported(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """Until the PTZ query listed the parameters, no PTZ call is sent."""
    for call in _every_ptz_call(client):
        with pytest.raises(NotSupportedError):
            await call()
    assert sim.requests == []


# --- buttons ------------------------------------------------------------------------------


async def test_reboot_button(sim: HankvisionSimulator, ready: HankvisionClient) -> None:
    """reboot is sys_set?Group=Reboot (no Channel); the server reboots once."""
    await ready.async_press("reboot")
    assert sim.reboots == 1
    assert _sent(sim) == [(SYS_SET, {"Group": "Reboot"})]


async def test_auto_scan_button(sim: HankvisionSimulator, ready: HankvisionClient) -> None:
    """ptz_auto_scan is PTZCtrlInfo AutoScan=1; the head scans until stopped."""
    await ready.async_press("ptz_auto_scan")
    assert _ptz_sets(sim) == [{"AutoScan": "1"}]
    assert sim.moving == {"AutoScan": "1"}
    await ready.async_ptz_stop()
    assert sim.moving == {}


async def test_auto_scan_the_query_lacks_is_not_supported(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """No AutoScan in the PTZ query: the button is NotSupportedError without a request."""
    _ptz_drop(sim, "AutoScan")
    await client.async_capabilities()
    sim.requests.clear()
    with pytest.raises(NotSupportedError):
        await client.async_press("ptz_auto_scan")
    assert sim.requests == []


@pytest.mark.parametrize("button", ["factory_reset", "ptz_center", "Reboot", ""])
async def test_an_unknown_button_is_not_supported(
    sim: HankvisionSimulator, ready: HankvisionClient, button: str
) -> None:
    """A button not listed: NotSupportedError, nothing sent."""
    with pytest.raises(NotSupportedError):
        await ready.async_press(button)
    assert sim.requests == []
    assert sim.reboots == 0


# --- transport errors and broken answers --------------------------------------------------


async def test_an_http_error_is_a_response_error(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """HTTP 500 is a ResponseError (no refusal, nothing parsed)."""
    sim.faults.http_status = 500
    with pytest.raises(ResponseError) as info:
        await ready.async_fast_status()
    assert type(info.value) is ResponseError
    assert "HTTP 500" in str(info.value)
    with pytest.raises(ResponseError):
        await ready.async_snapshot()


async def test_closed_port_is_a_connection_error(
    closed_port: int, http_session: aiohttp.ClientSession
) -> None:
    """Nothing listening: CameraConnectionError."""
    with pytest.raises(CameraConnectionError):
        await _client(http_session, closed_port).async_identify()


async def test_a_dropped_connection_is_a_connection_error(
    sim: HankvisionSimulator, ready: HankvisionClient
) -> None:
    """A device that hangs up without an answer: CameraConnectionError, then it recovers."""
    sim.faults.offline = True
    with pytest.raises(CameraConnectionError):
        await ready.async_fast_status()
    sim.faults.offline = False
    assert "sd_card_status" in (await ready.async_fast_status()).values


@pytest.mark.parametrize("options", [ClientOptions(request_timeout=0.2)])
async def test_a_stalled_device_is_a_timeout(
    sim: HankvisionSimulator, client: HankvisionClient
) -> None:
    """A device that never answers: CameraTimeoutError after the request timeout."""
    sim.faults.delay = 5
    started = time.monotonic()
    with pytest.raises(CameraTimeoutError):
        await client.async_identify()
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"OK",
        b"garbage \x00\xff\xfe",
        b"<!DOCTYPE html><html><body>login</body></html>",
        b"<html><head><title>401</title></head></html>",
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x "y">]><Message>&x;</Message>',
    ],
)
async def test_answers_that_are_no_message_are_parse_errors(
    sim: HankvisionSimulator, ready: HankvisionClient, body: bytes
) -> None:
    """Empty, plain text, binary, HTML and DTD-carrying answers are ParseErrors."""
    sim.faults.malformed_body = body
    sim.faults.paths = frozenset({RECORD_GET, "/cgi/image_set", SYS_GET})
    with pytest.raises(ParseError):
        await ready.async_fast_status()
    with pytest.raises(ParseError):
        await ready.async_write_setting("brightness", 3)
    with pytest.raises(ParseError):
        await ready.async_identify()
