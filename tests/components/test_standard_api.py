"""An "IP Camera Standard API" camera in Home Assistant, against the simulator.

Motion comes over the camera's live eventdata monitor stream; polling covers the gaps. These
tests run on the real clock (the stream is real network I/O): they wait for states with
`wait_for`, and never use `poll` (which waits for background tasks, the listener among them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.components.button.const import DOMAIN as BUTTON_DOMAIN
from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.components.camera import async_get_image, async_get_stream_source
from homeassistant.components.number.const import ATTR_VALUE, SERVICE_SET_VALUE
from homeassistant.components.number.const import DOMAIN as NUMBER_DOMAIN
from homeassistant.components.select.const import DOMAIN as SELECT_DOMAIN
from homeassistant.components.switch.const import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_OPTION,
    SERVICE_SELECT_OPTION,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.ipcam_cgi.const import DOMAIN
from custom_components.ipcam_cgi.coordinator import IpcamCoordinator
from tests.components.conftest import assert_entities_match_snapshot, state_of
from tests.conftest import PASSWORD, STANDARD_API_MAC, USERNAME, setup_entry
from tests.simulator import StandardApiSimulator

CAMERA = "camera.ipcam"
MOTION = "binary_sensor.ipcam_motion"
EVENTDATA = "/cgi-bin/admin/eventdata.cgi"
PTZ = "/cgi-bin/com/ptz.cgi"


@pytest.fixture(autouse=True)
def fast_stream_watchdog() -> Iterator[None]:
    """A dead stream is noticed in 0.6 s and retried after 0.05 s (10 s and 1 s in use)."""
    with (
        patch("custom_components.ipcam_cgi.event_stream.STREAM_WATCHDOG", timedelta(seconds=0.6)),
        patch(
            "custom_components.ipcam_cgi.event_stream.STREAM_BACKOFF_FIRST",
            timedelta(seconds=0.05),
        ),
        patch(
            "custom_components.ipcam_cgi.event_stream.STREAM_BACKOFF_MAX", timedelta(seconds=0.4)
        ),
    ):
        yield


async def wait_for(
    hass: HomeAssistant, predicate: Callable[[], bool], timeout: float = 5.0
) -> None:
    """Let the event loop run until `predicate` holds (real time: the stream is real I/O)."""
    async with asyncio.timeout(timeout):
        while not predicate():  # noqa: ASYNC110 - the state changes on network I/O, no event
            await asyncio.sleep(0.01)
    await hass.async_block_till_done()


def coordinator_of(entry: MockConfigEntry) -> IpcamCoordinator:
    """The entry's coordinator."""
    coordinator: IpcamCoordinator = entry.runtime_data.coordinator
    return coordinator


def status_polls(sim: StandardApiSimulator) -> int:
    """eventdata.cgi?action=get requests the camera saw."""
    return sum(1 for r in sim.requests if r.path == EVENTDATA and r.query.get("action") == "get")


def ptz_requests(sim: StandardApiSimulator) -> list[dict[str, str]]:
    """The queries of every ptz.cgi command (info/query excluded), in order."""
    return [
        r.query
        for r in sim.requests
        if r.path == PTZ and "info" not in r.query and "query" not in r.query
    ]


@pytest.fixture
async def loaded(hass: HomeAssistant, standard_api_entry: MockConfigEntry) -> MockConfigEntry:
    """The entry set up, its event stream delivering."""
    await setup_entry(hass, standard_api_entry)
    coordinator = coordinator_of(standard_api_entry)
    await wait_for(hass, lambda: coordinator.push.channel == "event_stream")
    return standard_api_entry


# -- entities ------------------------------------------------------------------------------


@pytest.mark.usefixtures("enable_all_entities")
@pytest.mark.parametrize(
    "platform",
    [
        Platform.BINARY_SENSOR,
        Platform.BUTTON,
        Platform.NUMBER,
        Platform.SELECT,
        Platform.SENSOR,
        Platform.SWITCH,
    ],
)
async def test_entities_match_snapshot(
    hass: HomeAssistant,
    standard_api_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    with patch("custom_components.ipcam_cgi.PLATFORMS", [platform]):
        await setup_entry(hass, standard_api_entry)
    assert_entities_match_snapshot(hass, entity_registry, standard_api_entry, snapshot, platform)


async def test_device_is_registered_from_the_param_list(
    hass: HomeAssistant, loaded: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    [device] = dr.async_entries_for_config_entry(device_registry, loaded.entry_id)
    assert device.connections == {(dr.CONNECTION_NETWORK_MAC, STANDARD_API_MAC)}
    assert device.manufacturer == "IPCAM"
    assert device.model == "720WA-N4"
    assert device.sw_version == "5.0.0-sim"
    assert device.serial_number == "00D0891B02DF"


@pytest.mark.parametrize(
    "standard_api_sim",
    [
        StandardApiSimulator(
            username=USERNAME,
            password=PASSWORD,
            motion_windows_enabled=frozenset({0, 2}),
            inputs=2,
            inputs_enabled=frozenset({1, 2}),
            outputs=2,
            faces=True,
            monitor_period=0.5,
        )
    ],
)
@pytest.mark.usefixtures("enable_all_entities")
async def test_enabled_windows_inputs_and_outputs_each_get_an_entity(
    hass: HomeAssistant, standard_api_entry: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    await setup_entry(hass, standard_api_entry)
    ids = {
        e.entity_id
        for e in er.async_entries_for_config_entry(entity_registry, standard_api_entry.entry_id)
    }
    assert {
        "binary_sensor.ipcam_motion_window_3",
        "binary_sensor.ipcam_input_1",
        "binary_sensor.ipcam_input_2",
        "switch.ipcam_output_1",
        "switch.ipcam_output_2",
        "sensor.ipcam_faces",
    } <= ids
    assert "binary_sensor.ipcam_motion_window_2" not in ids
    assert "binary_sensor.ipcam_motion_window_4" not in ids


@pytest.mark.parametrize(
    "standard_api_sim",
    [
        StandardApiSimulator(
            username=USERNAME,
            password=PASSWORD,
            motion_windows_enabled=frozenset({0, 1}),
            monitor_period=0.5,
        )
    ],
)
async def test_extra_motion_windows_are_disabled_by_default(
    hass: HomeAssistant, standard_api_entry: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    await setup_entry(hass, standard_api_entry)
    entry = entity_registry.async_get("binary_sensor.ipcam_motion_window_2")
    assert entry is not None
    assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    motion_level = entity_registry.async_get("sensor.ipcam_motion_level")
    assert motion_level is not None
    assert motion_level.disabled_by is er.RegistryEntryDisabler.INTEGRATION


# -- motion: the event stream first, polling as the fallback -------------------------------


async def test_motion_arrives_over_the_event_stream_without_polling(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    coordinator = coordinator_of(loaded)
    polls = status_polls(standard_api_sim)
    standard_api_sim.set_motion(True)
    await wait_for(hass, lambda: state_of(hass, MOTION) == STATE_ON)
    # A poll cycle while the stream delivers sends nothing.
    await coordinator.async_refresh()
    assert status_polls(standard_api_sim) == polls
    standard_api_sim.set_motion(False)
    await wait_for(hass, lambda: state_of(hass, MOTION) == STATE_OFF)
    assert standard_api_sim.monitor_connections == 1
    assert coordinator.push.stream_connects == 1


async def test_a_silent_stream_is_noticed_polled_over_and_reconnected(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    coordinator = coordinator_of(loaded)
    standard_api_sim.stall_monitor = True
    # Drop the live stream: the next one stalls after its first part.
    standard_api_sim.close_monitors()
    await wait_for(hass, lambda: coordinator.push.stream_losses >= 1)
    await wait_for(hass, lambda: coordinator.push.stream_losses >= 2, timeout=5)
    assert coordinator.push.channel in ("poll", "event_stream")
    # While the stream is dead, a poll cycle reads the status (ONE request).
    await wait_for(hass, lambda: coordinator.push.channel == "poll")
    polls = status_polls(standard_api_sim)
    standard_api_sim.set_motion(True)
    await coordinator.async_refresh()
    assert status_polls(standard_api_sim) == polls + 1
    assert state_of(hass, MOTION) == STATE_ON
    # The camera's stream works again: the listener goes back to it.
    standard_api_sim.stall_monitor = False
    await wait_for(
        hass,
        lambda: coordinator.push.channel == "event_stream"
        and standard_api_sim.monitor_connections == 1,
        timeout=5,
    )
    standard_api_sim.set_motion(False)
    await wait_for(hass, lambda: state_of(hass, MOTION) == STATE_OFF)


async def test_a_stream_that_keeps_closing_is_retried_with_a_growing_wait(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    coordinator = coordinator_of(loaded)
    standard_api_sim.close_monitor_after = 1
    standard_api_sim.close_monitors()
    opened = standard_api_sim.monitor_opened
    await asyncio.sleep(1.5)
    # Waits of 0.05, 0.1, 0.2, 0.4, 0.4 s...: a handful of reconnects, not a storm.
    reconnects = standard_api_sim.monitor_opened - opened
    assert 2 <= reconnects <= 8
    assert coordinator.push.stream_losses >= 2
    standard_api_sim.close_monitor_after = None
    standard_api_sim.set_motion(True)
    await wait_for(hass, lambda: state_of(hass, MOTION) == STATE_ON, timeout=3)


async def test_a_restart_drops_the_stream_and_it_comes_back(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    coordinator = coordinator_of(loaded)
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.ipcam_reboot"}, blocking=True
    )
    assert standard_api_sim.restarts == 1
    await wait_for(hass, lambda: coordinator.push.stream_losses == 1)
    await wait_for(hass, lambda: coordinator.push.stream_connects == 2)
    standard_api_sim.set_tamper(True)
    await wait_for(hass, lambda: state_of(hass, "binary_sensor.ipcam_tampering") == STATE_ON)


@pytest.mark.parametrize(
    "standard_api_options", [{"scan_interval": 2, "push": False, "stream": "auto"}]
)
async def test_push_off_polls_with_one_request_per_cycle(
    hass: HomeAssistant, standard_api_entry: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    await setup_entry(hass, standard_api_entry)
    coordinator = coordinator_of(standard_api_entry)
    assert coordinator.push.channel == "poll"
    assert standard_api_sim.monitor_opened == 0
    before = len(standard_api_sim.requests)
    standard_api_sim.set_motion(True)
    await coordinator.async_refresh()
    [request] = standard_api_sim.requests[before:]
    assert request.path == EVENTDATA
    assert request.query == {"action": "get", "group": "Motion,Motion1,Motion2,Motion3,IO,T0"}
    assert state_of(hass, MOTION) == STATE_ON


async def test_diagnostics_name_the_event_stream_channel(
    hass: HomeAssistant, loaded: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    from pytest_homeassistant_custom_component.components.diagnostics import (
        get_diagnostics_for_config_entry,
    )

    diagnostics: dict[str, Any] = await get_diagnostics_for_config_entry(hass, hass_client, loaded)
    channel = diagnostics["motion_channel"]
    assert channel["channel"] == "event_stream"
    assert channel["stream"] is True
    assert channel["stream_connected"] is True
    assert PASSWORD not in str(diagnostics)


# -- events and readings -------------------------------------------------------------------


async def test_input_tamper_and_level_follow_the_camera(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    standard_api_sim.set_input(1, True)
    await wait_for(hass, lambda: state_of(hass, "binary_sensor.ipcam_input_1") == STATE_ON)
    standard_api_sim.set_tamper(True)
    await wait_for(hass, lambda: state_of(hass, "binary_sensor.ipcam_tampering") == STATE_ON)
    standard_api_sim.set_input(1, False)
    await wait_for(hass, lambda: state_of(hass, "binary_sensor.ipcam_input_1") == STATE_OFF)
    coordinator = coordinator_of(loaded)
    standard_api_sim.set_motion(True, level=42)
    await wait_for(hass, lambda: coordinator.data.value("motion_level") == 42)


@pytest.mark.parametrize(
    "standard_api_sim",
    [StandardApiSimulator(username=USERNAME, password=PASSWORD, faces=True, monitor_period=0.5)],
)
async def test_faces_count_what_the_camera_sees(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    standard_api_sim.set_faces(2)
    await wait_for(hass, lambda: state_of(hass, "sensor.ipcam_faces") == "2")
    standard_api_sim.set_faces(0)
    await wait_for(hass, lambda: state_of(hass, "sensor.ipcam_faces") == "0")


# -- settings ------------------------------------------------------------------------------


async def test_output_switch_drives_the_output_and_shows_it_at_once(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.ipcam_output_1"}, blocking=True
    )
    assert standard_api_sim.outputs_active[1] is True
    assert state_of(hass, "switch.ipcam_output_1") == STATE_ON
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: "switch.ipcam_output_1"}, blocking=True
    )
    assert standard_api_sim.outputs_active[1] is False
    assert state_of(hass, "switch.ipcam_output_1") == STATE_OFF
    # The camera's own change (another client) comes over the stream.
    standard_api_sim.outputs_active[1] = True
    standard_api_sim.set_input(1, False)  # any change emits a part
    await wait_for(hass, lambda: state_of(hass, "switch.ipcam_output_1") == STATE_ON)


@pytest.mark.parametrize(
    ("entity_id", "param"),
    [
        ("switch.ipcam_motion_detection", "Event.E1.Enabled"),
        ("switch.ipcam_tamper_detection", "Event.E2.Enabled"),
    ],
)
async def test_detection_switches_write_the_event_params(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    standard_api_sim: StandardApiSimulator,
    entity_id: str,
    param: str,
) -> None:
    assert state_of(hass, entity_id) == STATE_ON
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert standard_api_sim.params[param] == "no"
    assert state_of(hass, entity_id) == STATE_OFF
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert standard_api_sim.params[param] == "yes"


async def test_motion_detection_off_means_no_motion(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    standard_api_sim.set_motion(True)
    await wait_for(hass, lambda: state_of(hass, MOTION) == STATE_ON)
    await hass.services.async_call(
        SWITCH_DOMAIN,
        SERVICE_TURN_OFF,
        {ATTR_ENTITY_ID: "switch.ipcam_motion_detection"},
        blocking=True,
    )
    await wait_for(hass, lambda: state_of(hass, MOTION) == STATE_OFF)


async def test_motion_sensitivity_number_writes_the_param(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    entity_id = "number.ipcam_motion_sensitivity"
    assert state_of(hass, entity_id) == "80"
    await hass.services.async_call(
        NUMBER_DOMAIN, SERVICE_SET_VALUE, {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: 55}, blocking=True
    )
    assert standard_api_sim.params["Event.E1.Sensitivity"] == "55"
    assert state_of(hass, entity_id) == "55"


async def test_a_refused_update_is_a_translated_error_and_changes_nothing(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    # The camera answers `# Error: ...` with HTTP 200 (spec 5.1.1.3).
    standard_api_sim.refuse_updates = True
    with pytest.raises(HomeAssistantError) as caught:
        await hass.services.async_call(
            SWITCH_DOMAIN,
            SERVICE_TURN_OFF,
            {ATTR_ENTITY_ID: "switch.ipcam_motion_detection"},
            blocking=True,
        )
    assert caught.value.translation_key == "write_failed"
    assert standard_api_sim.params["Event.E1.Enabled"] == "yes"
    assert state_of(hass, "switch.ipcam_motion_detection") == STATE_ON


# -- camera --------------------------------------------------------------------------------


async def test_snapshot_rtsp_and_mjpeg(
    hass: HomeAssistant, loaded: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    image = await async_get_image(hass, CAMERA)
    assert image.content.startswith(b"\xff\xd8")
    source = await async_get_stream_source(hass, CAMERA)
    assert source == f"rtsp://{USERNAME}:{PASSWORD}@127.0.0.1/h264"
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy_stream/{CAMERA}")
    try:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("multipart/x-mixed-replace")
        data = await response.content.read(4096)
    finally:
        response.close()
    assert b"\xff\xd8" in data


@pytest.mark.parametrize(
    "standard_api_options",
    [{"scan_interval": 2, "push": True, "stream": "rtsp", "stream_quality": "sub"}],
)
async def test_sub_stream_is_the_second_h264(hass: HomeAssistant, loaded: MockConfigEntry) -> None:
    assert await async_get_stream_source(hass, CAMERA) == (
        f"rtsp://{USERNAME}:{PASSWORD}@127.0.0.1/h264_2"
    )


# -- buttons, preset select and PTZ actions -------------------------------------------------


async def test_buttons_restart_home_and_autofocus(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    standard_api_sim.position.update({"pan": 40.0, "tilt": 20.0})
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.ipcam_ptz_home"}, blocking=True
    )
    assert standard_api_sim.position["pan"] == 0
    assert standard_api_sim.position["tilt"] == 0
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.ipcam_auto_focus"}, blocking=True
    )
    assert standard_api_sim.autofocus_pushes == 1


async def test_position_sensors_show_where_the_camera_looks(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    await hass.services.async_call(
        DOMAIN,
        "ptz_position",
        {ATTR_ENTITY_ID: CAMERA, "pan": 30, "tilt": 10, "zoom": 50},
        blocking=True,
    )
    assert standard_api_sim.position["pan"] == pytest.approx(30)
    assert standard_api_sim.position["tilt"] == pytest.approx(10)
    assert standard_api_sim.position["zoom"] == 5000
    coordinator = coordinator_of(loaded)
    coordinator._settings_due = 0
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert float(state_of(hass, "sensor.ipcam_pan_position")) == pytest.approx(30)
    assert float(state_of(hass, "sensor.ipcam_tilt_position")) == pytest.approx(10)
    assert float(state_of(hass, "sensor.ipcam_zoom_position")) == pytest.approx(50, abs=0.1)


async def test_position_outside_the_cameras_range_is_refused(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    before = len(ptz_requests(standard_api_sim))
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            DOMAIN, "ptz_position", {ATTR_ENTITY_ID: CAMERA, "tilt": -50}, blocking=True
        )
    assert len(ptz_requests(standard_api_sim)) == before


async def test_move_scales_speed_and_stops_twice_even_when_the_first_stop_is_missed(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    standard_api_sim.ignore_first_stop = True
    await hass.services.async_call(
        DOMAIN,
        "ptz_move",
        {ATTR_ENTITY_ID: CAMERA, "direction": "up_left", "speed": 40, "duration": 0.1},
        blocking=True,
    )
    assert ptz_requests(standard_api_sim) == [
        {"continuouspantiltmove": "-40,40"},
        {"continuouspantiltmove": "0,0"},
        {"continuouspantiltmove": "0,0"},
    ]
    assert standard_api_sim.ptz_velocity == (0, 0)


@pytest.mark.parametrize(
    ("action", "data", "sent"),
    [
        ("ptz_zoom", {"direction": "in"}, {"continuouszoommove": "50"}),
        ("ptz_zoom", {"direction": "out"}, {"continuouszoommove": "-50"}),
        ("ptz_focus", {"direction": "near"}, {"continuousfocusmove": "50"}),
        ("ptz_focus", {"direction": "far"}, {"continuousfocusmove": "-50"}),
    ],
)
async def test_lens_moves_stop_twice(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    standard_api_sim: StandardApiSimulator,
    action: str,
    data: dict[str, str],
    sent: dict[str, str],
) -> None:
    await hass.services.async_call(
        DOMAIN, action, {ATTR_ENTITY_ID: CAMERA, **data, "duration": 0.05}, blocking=True
    )
    [command] = sent
    assert ptz_requests(standard_api_sim) == [sent, {command: "0"}, {command: "0"}]
    assert standard_api_sim.zoom_velocity == 0
    assert standard_api_sim.focus_velocity == 0


async def test_auto_focus_is_one_push(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    await hass.services.async_call(
        DOMAIN, "ptz_focus", {ATTR_ENTITY_ID: CAMERA, "direction": "auto"}, blocking=True
    )
    assert ptz_requests(standard_api_sim) == [{"autofocus": "pushaf"}]
    assert standard_api_sim.autofocus_pushes == 1


async def test_iris_needs_a_camera_that_has_one(
    hass: HomeAssistant, loaded: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            DOMAIN, "ptz_iris", {ATTR_ENTITY_ID: CAMERA, "direction": "open"}, blocking=True
        )


@pytest.mark.parametrize(
    "standard_api_sim",
    [StandardApiSimulator(username=USERNAME, password=PASSWORD, iris=True, monitor_period=0.5)],
)
async def test_iris_opens_and_stops(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    await hass.services.async_call(
        DOMAIN,
        "ptz_iris",
        {ATTR_ENTITY_ID: CAMERA, "direction": "open", "duration": 0.05},
        blocking=True,
    )
    assert ptz_requests(standard_api_sim) == [
        {"continuousirismove": "open"},
        {"continuousirismove": "stop"},
        {"continuousirismove": "stop"},
    ]
    assert standard_api_sim.iris == "stop"


async def test_presets_save_goto_remove_and_the_select(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    standard_api_sim.position.update({"pan": 12.0, "tilt": 34.0})
    await hass.services.async_call(
        DOMAIN, "ptz_preset", {ATTR_ENTITY_ID: CAMERA, "action": "save", "preset": 7}, blocking=True
    )
    assert standard_api_sim.presets[7]["pan"] == 12.0
    standard_api_sim.position.update({"pan": 0.0, "tilt": 0.0})
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: "select.ipcam_ptz_preset", ATTR_OPTION: "7"},
        blocking=True,
    )
    assert standard_api_sim.position["pan"] == 12.0
    await hass.services.async_call(
        DOMAIN,
        "ptz_preset",
        {ATTR_ENTITY_ID: CAMERA, "action": "remove", "preset": 7},
        blocking=True,
    )
    assert 7 not in standard_api_sim.presets
    # Going to a preset the camera does not have is the camera's error, translated.
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            DOMAIN,
            "ptz_preset",
            {ATTR_ENTITY_ID: CAMERA, "action": "goto", "preset": 7},
            blocking=True,
        )


async def test_patrols_start_by_mode_and_stop(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    await hass.services.async_call(
        DOMAIN,
        "ptz_patrol",
        {ATTR_ENTITY_ID: CAMERA, "action": "start", "mode": "cruise_2"},
        blocking=True,
    )
    assert standard_api_sim.patrol == "cruise 2"
    await hass.services.async_call(
        DOMAIN, "ptz_patrol", {ATTR_ENTITY_ID: CAMERA, "action": "stop"}, blocking=True
    )
    assert standard_api_sim.patrol is None
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            DOMAIN,
            "ptz_patrol",
            {ATTR_ENTITY_ID: CAMERA, "action": "start", "mode": "cruise_9"},
            blocking=True,
        )


@pytest.mark.parametrize(
    "standard_api_sim",
    [
        StandardApiSimulator(
            username=USERNAME, password=PASSWORD, model="W3500", ptz=False, monitor_period=0.5
        )
    ],
)
async def test_a_fixed_camera_has_no_ptz(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    ids = {e.entity_id for e in er.async_entries_for_config_entry(entity_registry, loaded.entry_id)}
    assert "select.ipcam_ptz_preset" not in ids
    assert "button.ipcam_ptz_home" not in ids
    assert "sensor.ipcam_pan_position" not in ids
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            DOMAIN,
            "ptz_move",
            {ATTR_ENTITY_ID: CAMERA, "direction": "up", "duration": 0},
            blocking=True,
        )


@pytest.mark.parametrize(
    "standard_api_sim",
    [
        StandardApiSimulator(
            username=USERNAME, password=PASSWORD, auth_mode="digest", monitor_period=0.5
        )
    ],
)
async def test_digest_cameras_stream_and_poll_too(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    standard_api_sim.set_motion(True)
    await wait_for(hass, lambda: state_of(hass, MOTION) == STATE_ON)
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.ipcam_output_1"}, blocking=True
    )
    assert standard_api_sim.outputs_active[1] is True


async def test_firmware_without_the_monitor_action_stays_with_polling(
    hass: HomeAssistant, standard_api_entry: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    standard_api_sim.monitor_unsupported = True
    await setup_entry(hass, standard_api_entry)
    coordinator = coordinator_of(standard_api_entry)
    await wait_for(hass, lambda: coordinator.push.error is not None)
    assert "not multipart" in str(coordinator.push.error)
    await asyncio.sleep(0.5)
    monitor_requests = [r for r in standard_api_sim.requests if r.query.get("action") == "monitor"]
    # Asked once; the answer will not change, so no retries.
    assert len(monitor_requests) == 1
    assert coordinator.push.channel == "poll"
    standard_api_sim.set_motion(True)
    await coordinator.async_refresh()
    assert state_of(hass, MOTION) == STATE_ON


async def test_an_unreachable_stream_is_retried_while_polling_covers(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    coordinator = coordinator_of(loaded)
    standard_api_sim.faults.http_status = 503
    standard_api_sim.faults.paths = frozenset({EVENTDATA})
    standard_api_sim.close_monitors()
    await wait_for(hass, lambda: coordinator.push.channel == "poll")
    opened = standard_api_sim.monitor_opened
    await asyncio.sleep(0.6)
    assert "HTTP 503" in str(coordinator.push.error)
    assert standard_api_sim.monitor_opened == opened
    standard_api_sim.faults.clear()
    await wait_for(hass, lambda: coordinator.push.channel == "event_stream", timeout=3)
    assert coordinator.push.stream_connects == 2


async def test_a_password_changed_on_the_camera_ends_in_reauth_without_a_login_storm(
    hass: HomeAssistant, loaded: MockConfigEntry, standard_api_sim: StandardApiSimulator
) -> None:
    coordinator = coordinator_of(loaded)
    standard_api_sim.faults.wrong_credentials = True
    standard_api_sim.close_monitors()
    await wait_for(hass, lambda: coordinator.push.error == "credentials refused")
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    refused_before = sum(1 for r in standard_api_sim.requests if "Authorization" in r.headers)
    await asyncio.sleep(0.3)
    refused_after = sum(1 for r in standard_api_sim.requests if "Authorization" in r.headers)
    # The listener waits the longest backoff after a refusal instead of retrying at once.
    assert refused_after == refused_before
