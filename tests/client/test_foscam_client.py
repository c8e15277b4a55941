"""Specification of the Foscam MJPEG (Netwave) client, against the simulated camera."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import pytest
from aiohttp import web

from custom_components.ipcam_cgi.client import (
    AuthError,
    CameraConnectionError,
    CameraTimeoutError,
    ClientOptions,
    Feature,
    LensAxis,
    LensDirection,
    NotSupportedError,
    ParseError,
    PresetAction,
    PtzDirection,
    PushTarget,
    ResponseError,
    ResponseTooLargeError,
    SettingKind,
    SettingValue,
    StreamQuality,
    UnsupportedDeviceError,
    Vendor,
    create_client,
    detect,
)
from custom_components.ipcam_cgi.client.transport import Transport
from custom_components.ipcam_cgi.client.vendors.foscam_mjpeg.client import FoscamMjpegClient
from tests.simulator import FoscamMjpegSimulator

from .conftest import Serve
from .helpers import PASSWORD, USERNAME, CameraStub, config_for

ALL_SETTINGS = {
    "motion_detection",
    "sound_detection",
    "input_armed",
    "alarm_mail",
    "alarm_http",
    "motion_sensitivity",
    "sound_sensitivity",
    "brightness",
    "contrast",
    "resolution",
    "power_frequency",
    "flip",
    "led_mode",
    "io_output",
}


@pytest.fixture
def sim() -> FoscamMjpegSimulator:
    """The simulated camera, with the test account."""
    return FoscamMjpegSimulator(username=USERNAME, password=PASSWORD)


@pytest.fixture
async def sim_port(sim: FoscamMjpegSimulator, serve: Serve) -> int:
    """The port the simulated camera listens on."""
    port = (await serve(sim.app)).port
    assert port is not None
    return port


def _client(
    session: aiohttp.ClientSession,
    port: int,
    options: ClientOptions | None = None,
    **config: str,
) -> FoscamMjpegClient:
    client = create_client(Vendor.FOSCAM_MJPEG, session, config_for(port, **config), options)
    assert isinstance(client, FoscamMjpegClient)
    return client


@pytest.fixture
def client(sim_port: int, http_session: aiohttp.ClientSession) -> FoscamMjpegClient:
    """The client under test, on its own session."""
    return _client(http_session, sim_port)


def _sent_credentials(sim: FoscamMjpegSimulator) -> list[str]:
    """Every trace of credentials in the requests the camera saw."""
    found = []
    for request in sim.requests:
        if "Authorization" in request.headers:
            found.append(f"{request.path}: Authorization header")
        found.extend(f"{request.path}: {key}" for key in ("user", "pwd") if key in request.query)
    return found


# --- fingerprint and detection ------------------------------------------------------------


async def test_fingerprint_recognises_the_camera_without_credentials(
    sim: FoscamMjpegSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    transport = Transport(http_session, config_for(sim_port))
    assert await FoscamMjpegClient.async_fingerprint(transport)
    assert sim.requests
    assert _sent_credentials(sim) == []


async def test_fingerprint_rejects_a_page_without_alarm_status(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    server = await serve(CameraStub(auth="none", body=b"var id='00626E4A3CD0';").app())
    transport = Transport(http_session, config_for(server.port))
    assert not await FoscamMjpegClient.async_fingerprint(transport)


async def test_fingerprint_rejects_a_page_that_is_no_var_list(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    server = await serve(CameraStub(auth="none", body=b"<html>router login</html>").app())
    transport = Transport(http_session, config_for(server.port))
    assert not await FoscamMjpegClient.async_fingerprint(transport)


async def test_detect_finds_the_foscam_camera_without_sending_credentials(
    sim: FoscamMjpegSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    assert await detect(http_session, config_for(sim_port)) is Vendor.FOSCAM_MJPEG
    assert sim.requests
    assert _sent_credentials(sim) == []


async def test_detect_on_a_server_answering_404_everywhere_is_unsupported(
    serve: Serve, http_session: aiohttp.ClientSession
) -> None:
    server = await serve(web.Application())
    with pytest.raises(UnsupportedDeviceError):
        await detect(http_session, config_for(server.port))


async def test_detect_on_a_closed_port_is_a_connection_error(
    closed_port: int, http_session: aiohttp.ClientSession
) -> None:
    with pytest.raises(CameraConnectionError):
        await detect(http_session, config_for(closed_port))


# --- identify and capabilities ------------------------------------------------------------


async def test_identify_reads_mac_firmware_and_name(client: FoscamMjpegClient) -> None:
    info = await client.async_identify()
    assert info.vendor is Vendor.FOSCAM_MJPEG
    assert info.manufacturer == "Foscam"
    assert info.mac == "00:62:6e:4a:3c:d0"
    assert info.unique_id == "00:62:6e:4a:3c:d0"
    assert info.serial == "00626E4A3CD0"
    assert info.firmware == "11.37.2.49"
    assert info.hardware == "2.0.10.7"
    assert info.name == "Front door"


async def test_identify_without_alias_has_no_name(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.alias = ""
    assert (await client.async_identify()).name is None


async def test_identify_with_an_id_that_is_no_mac_falls_back_to_the_serial(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.mac = "CAM-0001"
    info = await client.async_identify()
    assert info.mac is None
    assert info.unique_id == "foscam_mjpeg_CAM-0001"


async def test_identify_proves_the_credentials_with_an_administrator_read(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_identify()
    assert "/get_params.cgi" in [request.path for request in sim.requests]


async def test_identify_keeps_no_secret_in_the_raw_exchanges(client: FoscamMjpegClient) -> None:
    await client.async_identify()
    kept = "\n".join(f"{e.path} {e.body}" for e in client.raw_exchanges)
    assert "alarm_motion_armed" in kept
    for secret in (PASSWORD, "wifi-psk-secret", "mail-secret", "ftp-secret"):
        assert secret not in kept


async def test_capabilities_list_what_the_api_offers(client: FoscamMjpegClient) -> None:
    caps = await client.async_capabilities()
    assert caps.features == {
        Feature.SNAPSHOT,
        Feature.MJPEG,
        Feature.PTZ_MOVE,
        Feature.PTZ_PRESETS,
        Feature.PTZ_PATROL,
        Feature.PUSH,
    }
    assert caps.has(Feature.PTZ_MOVE)
    assert not caps.has(Feature.RTSP)
    assert caps.events == {"motion", "input_alarm", "sound"}
    assert set(caps.settings) == ALL_SETTINGS
    assert caps.buttons == {"reboot", "ptz_center"}
    assert caps.ptz_presets == tuple(range(1, 17))
    assert set(caps.patrol_modes) == {"horizontal", "vertical"}
    assert caps.streams == (StreamQuality.MAIN, StreamQuality.SUB)


async def test_capabilities_describe_ranges_and_options(client: FoscamMjpegClient) -> None:
    settings = (await client.async_capabilities()).settings
    assert settings["motion_detection"].kind is SettingKind.SWITCH
    assert (settings["motion_sensitivity"].minimum, settings["motion_sensitivity"].maximum) == (
        0,
        9,
    )
    assert settings["brightness"].maximum == 255
    assert settings["contrast"].maximum == 6
    assert settings["resolution"].options == ("320x240", "640x480")
    assert settings["power_frequency"].options == ("50hz", "60hz", "outdoor")
    assert settings["flip"].options == ("none", "vertical", "horizontal", "both")
    assert settings["led_mode"].options == ("mode_1", "mode_2", "off")


async def test_io_output_is_write_only(client: FoscamMjpegClient) -> None:
    spec = (await client.async_capabilities()).settings["io_output"]
    assert spec.kind is SettingKind.SWITCH
    assert not spec.readable


# --- fast status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alarm_status", "events"),
    [
        (0, {"motion": False, "input_alarm": False, "sound": False}),
        (1, {"motion": True, "input_alarm": False, "sound": False}),
        (2, {"motion": False, "input_alarm": True, "sound": False}),
        (3, {"motion": False, "input_alarm": False, "sound": True}),
    ],
)
async def test_fast_status_maps_alarm_status_to_events(
    sim: FoscamMjpegSimulator,
    client: FoscamMjpegClient,
    alarm_status: int,
    events: dict[str, bool],
) -> None:
    sim.alarm_status = alarm_status
    assert (await client.async_fast_status()).events == events


async def test_fast_status_is_exactly_one_request(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_fast_status()
    sim.trigger_motion()
    update = await client.async_fast_status()
    assert update.events["motion"]
    assert [request.path for request in sim.requests] == ["/get_status.cgi"] * 2


async def test_fast_status_reads_the_quirky_var_format(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.quirky_var_format = True
    sim.trigger_sound()
    assert (await client.async_fast_status()).events["sound"]


async def test_fast_status_on_a_malformed_answer_is_a_parse_error(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.malformed_body = b"<html>busy</html>"
    with pytest.raises(ParseError):
        await client.async_fast_status()


async def test_fast_status_without_alarm_status_is_a_parse_error(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.malformed_body = b"var id='00626E4A3CD0';"
    with pytest.raises(ParseError, match="alarm_status"):
        await client.async_fast_status()


async def test_fast_status_works_on_units_that_need_accept_any(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.empty_body_for_unusual_accept = True
    sim.alarm_status = 1
    assert (await client.async_fast_status()).events["motion"]


# --- settings -----------------------------------------------------------------------------


async def test_read_settings_maps_every_readable_setting(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.params |= {
        "alarm_motion_armed": "1",
        "alarm_sounddetect_armed": "0",
        "alarm_input_armed": "1",
        "alarm_mail": "1",
        "alarm_http": "0",
        "alarm_motion_sensitivity": "3",
        "alarm_sounddetect_sensitivity": "8",
    }
    sim.camera_params |= {"resolution": 8, "brightness": 200, "contrast": 2, "mode": 2, "flip": 3}
    sim.misc["led_mode"] = "2"
    assert await client.async_read_settings() == {
        "motion_detection": True,
        "sound_detection": False,
        "input_armed": True,
        "alarm_mail": True,
        "alarm_http": False,
        "motion_sensitivity": 3,
        "sound_sensitivity": 8,
        "brightness": 200,
        "contrast": 2,
        "resolution": "320x240",
        "power_frequency": "outdoor",
        "flip": "both",
        "led_mode": "off",
    }


async def test_read_settings_reads_the_quirky_var_format(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.quirky_var_format = True
    sim.params["alarm_motion_armed"] = "1"
    settings = await client.async_read_settings()
    assert settings["motion_detection"] is True
    assert settings["resolution"] == "640x480"


async def test_read_settings_leaves_out_a_value_with_no_known_option(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.camera_params["resolution"] = 2  # qqvga: in camera_control's table, not offered
    settings = await client.async_read_settings()
    assert "resolution" not in settings
    assert settings["brightness"] == 128


async def test_read_settings_leaves_out_values_the_device_does_not_report(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    del sim.params["alarm_mail"]
    del sim.params["alarm_motion_sensitivity"]
    del sim.camera_params["brightness"]
    del sim.camera_params["flip"]
    del sim.misc["led_mode"]
    settings = await client.async_read_settings()
    for key in ("alarm_mail", "motion_sensitivity", "brightness", "flip", "led_mode"):
        assert key not in settings
    assert "motion_detection" in settings


async def test_read_settings_does_not_read_the_status(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_read_settings()
    assert {request.path for request in sim.requests} == {
        "/get_camera_params.cgi",
        "/get_misc.cgi",
        "/get_params.cgi",
    }


def _alarm(key: str) -> Callable[[FoscamMjpegSimulator], str]:
    return lambda sim: sim.params[key]


def _camera(key: str) -> Callable[[FoscamMjpegSimulator], int]:
    return lambda sim: sim.camera_params[key]


WRITES: list[tuple[str, SettingValue, Callable[[FoscamMjpegSimulator], object], object]] = [
    ("motion_detection", True, _alarm("alarm_motion_armed"), "1"),
    ("sound_detection", True, _alarm("alarm_sounddetect_armed"), "1"),
    ("input_armed", True, _alarm("alarm_input_armed"), "1"),
    ("alarm_mail", True, _alarm("alarm_mail"), "1"),
    ("alarm_http", True, _alarm("alarm_http"), "1"),
    ("motion_sensitivity", 2, _alarm("alarm_motion_sensitivity"), "2"),
    ("sound_sensitivity", 9, _alarm("alarm_sounddetect_sensitivity"), "9"),
    ("brightness", 255, _camera("brightness"), 255),
    ("contrast", 0, _camera("contrast"), 0),
    ("resolution", "320x240", _camera("resolution"), 8),
    ("power_frequency", "60hz", _camera("mode"), 1),
    ("power_frequency", "outdoor", _camera("mode"), 2),
    ("flip", "vertical", _camera("flip"), 1),
    ("flip", "horizontal", _camera("flip"), 2),
    ("flip", "both", _camera("flip"), 3),
    ("led_mode", "off", lambda sim: sim.misc["led_mode"], "2"),
    ("led_mode", "mode_2", lambda sim: sim.misc["led_mode"], "1"),
    ("io_output", True, lambda sim: sim.io_output_high, True),
]


@pytest.mark.parametrize(
    ("key", "value", "read", "expected"), WRITES, ids=[f"{w[0]}={w[1]}" for w in WRITES]
)
async def test_write_setting_reaches_the_device(
    sim: FoscamMjpegSimulator,
    client: FoscamMjpegClient,
    key: str,
    value: SettingValue,
    read: Callable[[FoscamMjpegSimulator], object],
    expected: object,
) -> None:
    assert read(sim) != expected
    await client.async_write_setting(key, value)
    assert read(sim) == expected


@pytest.mark.parametrize(
    "key", ["motion_detection", "sound_detection", "input_armed", "alarm_mail", "alarm_http"]
)
async def test_alarm_switch_turns_off_again(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient, key: str
) -> None:
    await client.async_write_setting(key, True)
    assert (await client.async_read_settings())[key] is True
    await client.async_write_setting(key, False)
    assert (await client.async_read_settings())[key] is False


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("motion_sensitivity", 4),
        ("brightness", 17),
        ("contrast", 5),
        ("resolution", "320x240"),
        ("power_frequency", "60hz"),
        ("flip", "horizontal"),
        ("led_mode", "mode_2"),
    ],
)
async def test_written_setting_reads_back(
    client: FoscamMjpegClient, key: str, value: SettingValue
) -> None:
    await client.async_write_setting(key, value)
    assert (await client.async_read_settings())[key] == value


async def test_io_output_drives_decoder_commands_94_and_95(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_write_setting("io_output", True)
    await client.async_write_setting("io_output", False)
    assert sim.decoder_commands == [94, 95]
    assert not sim.io_output_high


@pytest.mark.parametrize(
    ("key", "value"),
    [("motion_sensitivity", 10), ("sound_sensitivity", -1), ("brightness", 256), ("contrast", 7)],
)
async def test_illegal_value_is_a_response_error(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient, key: str, value: int
) -> None:
    before = (dict(sim.params), dict(sim.camera_params))
    with pytest.raises(ResponseError, match="illegal param"):
        await client.async_write_setting(key, value)
    assert (sim.params, sim.camera_params) == before


@pytest.mark.parametrize(
    ("key", "value"),
    [("resolution", "1920x1080"), ("flip", 3), ("led_mode", "blink"), ("power_frequency", True)],
)
async def test_unknown_option_is_refused_without_a_request(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient, key: str, value: SettingValue
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_write_setting(key, value)
    assert sim.requests == []


async def test_unknown_setting_is_not_supported(client: FoscamMjpegClient) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_write_setting("night_vision", True)


# --- snapshot and stream ------------------------------------------------------------------


async def test_snapshot_is_a_jpeg(sim: FoscamMjpegSimulator, client: FoscamMjpegClient) -> None:
    picture = await client.async_snapshot()
    assert picture.startswith(b"\xff\xd8")
    assert picture.rstrip(b"\r\n").endswith(b"\xff\xd9")
    # The first authenticated request of a client learns the scheme without credentials.
    assert [(r.path, "Authorization" in r.headers) for r in sim.requests] == [
        ("/snapshot.cgi", False),
        ("/snapshot.cgi", True),
    ]


async def test_snapshot_that_is_no_jpeg_is_a_parse_error(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.malformed_body = b"<html>no picture</html>"
    with pytest.raises(ParseError):
        await client.async_snapshot()


async def test_snapshot_is_kept_out_of_the_raw_exchanges_as_binary(
    client: FoscamMjpegClient,
) -> None:
    picture = await client.async_snapshot()
    assert client.raw_exchanges[-1].body == f"<{len(picture)} bytes binary>"


@pytest.mark.parametrize(
    ("quality", "resolution"), [(StreamQuality.MAIN, "32"), (StreamQuality.SUB, "8")]
)
async def test_mjpeg_stream_yields_multipart_jpeg_parts(
    sim: FoscamMjpegSimulator,
    client: FoscamMjpegClient,
    quality: StreamQuality,
    resolution: str,
) -> None:
    stream = await client.async_open_mjpeg(quality)
    try:
        assert stream.content_type.startswith("multipart/x-mixed-replace")
        assert "boundary=ipcamera" in stream.content_type
        reader = aiohttp.MultipartReader({"Content-Type": stream.content_type}, stream.content)
        for _ in range(2):
            part = await reader.next()
            assert isinstance(part, aiohttp.BodyPartReader)
            assert part.headers["Content-Type"] == "image/jpeg"
            frame = await part.read()
            assert frame.startswith(b"\xff\xd8")
            assert len(frame) == int(part.headers["Content-Length"])
    finally:
        stream.close()
    assert sim.requests[0].query == {"resolution": resolution, "rate": "0"}


async def test_mjpeg_stream_with_wrong_password_is_an_auth_error(
    sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    client = _client(http_session, sim_port, password="wrong-password")
    with pytest.raises(AuthError):
        await client.async_open_mjpeg()


async def test_foscam_offers_no_rtsp(client: FoscamMjpegClient) -> None:
    assert client.rtsp_url() is None


# --- buttons and PTZ ----------------------------------------------------------------------


async def test_reboot_button_reboots_the_camera(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_press("reboot")
    assert sim.reboots == 1


async def test_center_button_centers_the_head(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_ptz_move(PtzDirection.UP, 50)
    await client.async_ptz_stop()
    assert sim.ptz_position != (0, 0)
    await client.async_press("ptz_center")
    assert sim.decoder_commands[-1] == 25
    assert sim.ptz_position == (0, 0)


async def test_unknown_button_is_not_supported(client: FoscamMjpegClient) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_press("self_destruct")


@pytest.mark.parametrize(
    ("direction", "command", "moving"),
    [
        (PtzDirection.UP, 0, "up"),
        (PtzDirection.DOWN, 2, "down"),
        (PtzDirection.LEFT, 4, "left"),
        (PtzDirection.RIGHT, 6, "right"),
        (PtzDirection.UP_LEFT, 90, "up_left"),
        (PtzDirection.UP_RIGHT, 91, "up_right"),
        (PtzDirection.DOWN_LEFT, 92, "down_left"),
        (PtzDirection.DOWN_RIGHT, 93, "down_right"),
    ],
)
async def test_ptz_move_sends_the_documented_command(
    sim: FoscamMjpegSimulator,
    client: FoscamMjpegClient,
    direction: PtzDirection,
    command: int,
    moving: str,
) -> None:
    await client.async_ptz_move(direction, 50)
    assert sim.decoder_commands == [command]
    assert sim.ptz_moving == moving


async def test_ptz_stop_stops_any_move(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_ptz_move(PtzDirection.DOWN_RIGHT, 50)
    await client.async_ptz_stop()
    assert sim.decoder_commands == [93, 1]
    assert sim.ptz_moving is None


@pytest.mark.parametrize(
    ("direction", "command"),
    [
        (PtzDirection.LEFT, 6),
        (PtzDirection.RIGHT, 4),
        (PtzDirection.UP_LEFT, 91),
        (PtzDirection.UP_RIGHT, 90),
        (PtzDirection.DOWN_LEFT, 93),
        (PtzDirection.DOWN_RIGHT, 92),
        (PtzDirection.UP, 0),
        (PtzDirection.DOWN, 2),
    ],
)
async def test_invert_pan_mirrors_left_and_right(
    sim: FoscamMjpegSimulator,
    sim_port: int,
    http_session: aiohttp.ClientSession,
    direction: PtzDirection,
    command: int,
) -> None:
    client = _client(http_session, sim_port, ClientOptions(invert_pan=True))
    await client.async_ptz_move(direction, 50)
    assert sim.decoder_commands == [command]


@pytest.mark.parametrize(("preset", "save", "goto"), [(1, 30, 31), (3, 34, 35), (16, 60, 61)])
async def test_presets_save_and_goto_use_the_documented_commands(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient, preset: int, save: int, goto: int
) -> None:
    await client.async_ptz_preset(PresetAction.SAVE, preset)
    await client.async_ptz_preset(PresetAction.GOTO, preset)
    assert sim.decoder_commands == [save, goto]
    assert preset in sim.presets


async def test_goto_preset_returns_to_the_saved_position(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_ptz_move(PtzDirection.LEFT, 50)
    await client.async_ptz_stop()
    await client.async_ptz_preset(PresetAction.SAVE, 2)
    saved = sim.ptz_position
    await client.async_press("ptz_center")
    await client.async_ptz_preset(PresetAction.GOTO, 2)
    assert sim.ptz_position == saved != (0, 0)


async def test_removing_a_preset_is_not_supported(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_ptz_preset(PresetAction.REMOVE, 1)
    assert sim.requests == []


@pytest.mark.parametrize("preset", [0, 17, -1])
async def test_preset_outside_1_to_16_is_not_supported(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient, preset: int
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_ptz_preset(PresetAction.GOTO, preset)
    assert sim.requests == []


@pytest.mark.parametrize(
    ("start", "mode", "commands"),
    [
        (True, "horizontal", [28]),
        (True, "vertical", [26]),
        (True, None, [28]),
        (False, "horizontal", [29]),
        (False, "vertical", [27]),
        (False, None, [27, 29]),
    ],
)
async def test_patrol_uses_the_documented_commands(
    sim: FoscamMjpegSimulator,
    client: FoscamMjpegClient,
    start: bool,
    mode: str | None,
    commands: list[int],
) -> None:
    await client.async_ptz_patrol(start, mode)
    assert sim.decoder_commands == commands


async def test_patrol_start_then_stop_leaves_the_head_still(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    await client.async_ptz_patrol(True, "vertical")
    assert sim.ptz_moving == "patrol_vertical"
    await client.async_ptz_patrol(False, None)
    assert sim.ptz_moving is None


async def test_unknown_patrol_mode_is_not_supported(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_ptz_patrol(True, "diagonal")
    assert sim.requests == []


@pytest.mark.parametrize("axis", list(LensAxis))
async def test_lens_control_is_not_supported(client: FoscamMjpegClient, axis: LensAxis) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_ptz_lens(axis, LensDirection.IN)
    with pytest.raises(NotSupportedError):
        await client.async_ptz_lens_stop(axis, LensDirection.IN)


async def test_absolute_position_is_not_supported(client: FoscamMjpegClient) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_ptz_position(10, 10, None)


# --- push ---------------------------------------------------------------------------------


async def test_push_enable_points_the_alarm_callback_at_the_url(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.params |= {"alarm_http": "0", "alarm_http_url": "http://old.example/alarm?x=1"}
    url = "http://192.168.1.10:8123/api/webhook/abc?camera=1&k=v"
    target = await client.async_push_enable(url)
    assert sim.params["alarm_http"] == "1"
    assert sim.params["alarm_http_url"] == url
    assert target == PushTarget(previous={"http": "0", "http_url": "http://old.example/alarm?x=1"})


async def test_push_restore_puts_the_previous_callback_back(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.params |= {"alarm_http": "1", "alarm_http_url": "http://nvr.local/hook"}
    target = await client.async_push_enable("http://ha.local/api/webhook/abc")
    await client.async_push_restore(target)
    assert sim.params["alarm_http"] == "1"
    assert sim.params["alarm_http_url"] == "http://nvr.local/hook"


async def test_push_round_trip_restores_an_empty_callback_in_quirky_format(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.quirky_var_format = True  # `var alarm_http_url=;`
    target = await client.async_push_enable("http://ha.local/api/webhook/abc")
    assert target.previous == {"http": "0", "http_url": ""}
    await client.async_push_restore(target)
    assert (sim.params["alarm_http"], sim.params["alarm_http_url"]) == ("0", "")


async def test_push_keeps_the_webhook_url_out_of_the_raw_exchanges(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    webhook_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    target = await client.async_push_enable(f"http://ha.local:8123/api/webhook/{webhook_id}")
    await client.async_push_restore(target)
    await client.async_push_enable(f"http://ha.local:8123/api/webhook/{webhook_id}")
    assert sim.params["alarm_http_url"].endswith(webhook_id)
    kept = "\n".join(f"{e.path} {e.body}" for e in client.raw_exchanges)
    assert "/set_alarm.cgi" in kept
    assert webhook_id not in kept


async def test_pushed_alarm_reaches_the_url(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient, serve: Serve
) -> None:
    arrived: asyncio.Queue[str] = asyncio.Queue()

    async def receive(request: web.Request) -> web.Response:
        arrived.put_nowait(request.path_qs)
        return web.Response()

    receiver = web.Application()
    receiver.router.add_get("/api/webhook/{hook}", receive)
    receiver_port = (await serve(receiver)).port
    await client.async_write_setting("motion_detection", True)
    await client.async_push_enable(f"http://127.0.0.1:{receiver_port}/api/webhook/abc?x=1")
    sim.trigger_motion()
    await sim.wait_for_callbacks()
    assert await asyncio.wait_for(arrived.get(), 5) == "/api/webhook/abc?x=1"


async def test_pushed_request_gives_no_update_so_the_status_is_polled(
    client: FoscamMjpegClient,
) -> None:
    assert client.parse_push({}, b"") is None


# --- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize("auth_mode", ["basic", "digest"])
async def test_both_auth_modes_work(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient, auth_mode: str
) -> None:
    sim.auth_mode = auth_mode  # type: ignore[assignment]
    assert (await client.async_identify()).mac == "00:62:6e:4a:3c:d0"
    await client.async_write_setting("brightness", 10)
    assert sim.camera_params["brightness"] == 10
    scheme = auth_mode.capitalize()
    assert sim.requests[-1].headers["Authorization"].startswith(f"{scheme} ")


async def test_digest_camera_is_challenged_once(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.auth_mode = "digest"
    await client.async_identify()
    await client.async_read_settings()
    authenticated = [r for r in sim.requests if r.path != "/get_status.cgi"]
    assert [r.headers.get("Authorization", "-").split()[0] for r in authenticated] == [
        "-",
        "Digest",
        "Digest",
        "Digest",
        "Digest",
    ]


@pytest.mark.parametrize("auth_mode", ["basic", "digest"])
async def test_wrong_password_is_an_auth_error_after_one_failed_login(
    sim: FoscamMjpegSimulator,
    sim_port: int,
    http_session: aiohttp.ClientSession,
    auth_mode: str,
) -> None:
    sim.auth_mode = auth_mode  # type: ignore[assignment]
    client = _client(http_session, sim_port, password="wrong-password")
    with pytest.raises(AuthError):
        await client.async_identify()
    assert [r.headers.get("Authorization", "")[:6] for r in sim.requests] == [
        "",  # get_status.cgi needs no login
        "",  # the scheme is learned from the challenge before credentials are sent
        "Basic " if auth_mode == "basic" else "Digest",
    ]


async def test_digest_camera_that_rebooted_needs_no_reauthentication(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.auth_mode = "digest"
    await client.async_read_settings()
    await client.async_press("reboot")
    sim._auth._nonces.clear()  # a restarted device has forgotten every nonce it issued
    assert (await client.async_read_settings())["brightness"] == 128


async def test_password_changed_on_a_digest_camera_is_an_auth_error_without_a_storm(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.auth_mode = "digest"
    await client.async_read_settings()
    sim.password = "changed-on-the-camera"
    for attempts in (2, 1):  # one retry with the new nonce at most, then one per call
        sent_before = len(sim.requests)
        with pytest.raises(AuthError):
            await client.async_read_settings()
        assert len(sim.requests) - sent_before == attempts


async def test_auth_error_message_carries_no_credential(
    sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    client = _client(http_session, sim_port, password="wrong-password")
    with pytest.raises(AuthError) as info:
        await client.async_read_settings()
    assert "wrong-password" not in str(info.value)


# --- faults -------------------------------------------------------------------------------


async def test_offline_camera_is_a_connection_error(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.offline = True
    with pytest.raises(CameraConnectionError):
        await client.async_fast_status()


async def test_stalled_camera_times_out(
    sim: FoscamMjpegSimulator, sim_port: int, http_session: aiohttp.ClientSession
) -> None:
    sim.faults.delay = 5
    client = _client(http_session, sim_port, ClientOptions(request_timeout=0.2))
    with pytest.raises(CameraTimeoutError):
        await client.async_fast_status()


async def test_camera_answering_500_is_a_response_error(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.http_status = 500
    with pytest.raises(ResponseError):
        await client.async_read_settings()


async def test_oversized_answer_is_refused(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.oversized_body_bytes = 8 * 1024 * 1024
    with pytest.raises(ResponseTooLargeError):
        await client.async_fast_status()


async def test_answer_cut_mid_body_is_a_connection_error(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    sim.faults.reset_mid_body = True
    with pytest.raises(CameraConnectionError):
        await client.async_read_settings()


async def test_close_releases_nothing_and_does_not_fail(client: FoscamMjpegClient) -> None:
    await client.async_close()


async def test_one_empty_setting_value_leaves_only_that_setting_unknown(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient
) -> None:
    # Real firmware emits unquoted empty values (`var alarm_mail=;`).
    sim.params["alarm_mail"] = ""
    sim.camera_params["flip"] = "x"  # type: ignore[assignment]
    settings = await client.async_read_settings()
    assert "alarm_mail" not in settings
    assert "flip" not in settings
    assert settings["motion_detection"] is False
    assert settings["brightness"] == sim.camera_params["brightness"]


@pytest.mark.parametrize("value", ["bright", 2.5, True])
async def test_number_setting_refuses_a_value_that_is_no_whole_number(
    sim: FoscamMjpegSimulator, client: FoscamMjpegClient, value: object
) -> None:
    with pytest.raises(NotSupportedError):
        await client.async_write_setting("brightness", value)  # type: ignore[arg-type]
    assert not [r for r in sim.requests if r.path == "/camera_control.cgi"]
