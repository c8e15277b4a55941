"""Entities of a Foscam MJPEG camera against the simulator: what they show and what they write."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button.const import DOMAIN as BUTTON_DOMAIN
from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.components.number.const import ATTR_VALUE, SERVICE_SET_VALUE
from homeassistant.components.number.const import DOMAIN as NUMBER_DOMAIN
from homeassistant.components.select.const import DOMAIN as SELECT_DOMAIN
from homeassistant.components.switch.const import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ASSUMED_STATE,
    ATTR_ENTITY_ID,
    ATTR_OPTION,
    SERVICE_SELECT_OPTION,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.ipcam_cgi.const import DOMAIN, SETTINGS_INTERVAL
from custom_components.ipcam_cgi.sensor import _as_state
from tests.components.conftest import assert_entities_match_snapshot, poll, state_of
from tests.conftest import FOSCAM_MAC, setup_entry
from tests.simulator import FoscamMjpegSimulator

SETTINGS_PATHS = ("/get_params.cgi", "/get_camera_params.cgi", "/get_misc.cgi")

type ReadBack = Callable[[FoscamMjpegSimulator], object]


@pytest.fixture
def fixed_camera_token() -> Iterator[None]:
    """The camera's access token is random; pin it so the state snapshot is stable."""
    with patch("random.SystemRandom.getrandbits", return_value=0x1234567890ABCDEF):
        yield


@pytest.fixture
async def loaded(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_entry: MockConfigEntry,
    enable_all_entities: None,
) -> MockConfigEntry:
    """The Foscam entry, set up with every entity enabled, under a frozen clock.

    The clock is frozen before setup so that the coordinator's monotonic deadlines and
    the poll timer advance together with `freezer.tick`.
    """
    await setup_entry(hass, foscam_entry)
    return foscam_entry


def paths(sim: FoscamMjpegSimulator, since: int = 0) -> list[str]:
    """The paths the simulator received, from request number `since` on."""
    return [request.path for request in sim.requests[since:]]


def output_high(sim: FoscamMjpegSimulator) -> bool:
    """Whether the camera drives its alarm output high (read fresh on every call)."""
    return sim.io_output_high


# -- snapshot ------------------------------------------------------------------------------


@pytest.mark.usefixtures("enable_all_entities", "fixed_camera_token")
@pytest.mark.parametrize(
    "platform",
    [
        Platform.BINARY_SENSOR,
        Platform.BUTTON,
        Platform.CAMERA,
        Platform.NUMBER,
        Platform.SELECT,
        Platform.SENSOR,
        Platform.SWITCH,
    ],
)
async def test_entities_match_snapshot(
    hass: HomeAssistant,
    foscam_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    with patch("custom_components.ipcam_cgi.PLATFORMS", [platform]):
        await setup_entry(hass, foscam_entry)
    assert_entities_match_snapshot(hass, entity_registry, foscam_entry, snapshot, platform)


async def test_device_is_registered_with_full_info(
    hass: HomeAssistant, loaded: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    [device] = dr.async_entries_for_config_entry(device_registry, loaded.entry_id)
    assert device.identifiers == {(DOMAIN, FOSCAM_MAC)}
    assert device.connections == {(dr.CONNECTION_NETWORK_MAC, FOSCAM_MAC)}
    assert device.manufacturer == "Foscam"
    assert device.model == "MJPEG IP camera"
    assert device.name == "Front door"
    assert device.sw_version == "11.37.2.49"
    assert device.hw_version == "2.0.10.7"
    assert device.serial_number == "00626E4A3CD0"
    assert device.configuration_url == f"http://127.0.0.1:{loaded.data['port']}"


async def test_disabled_by_default_entities_are_registered_disabled(
    hass: HomeAssistant, foscam_entry: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    await setup_entry(hass, foscam_entry)
    for entity_id in (
        "switch.front_door_alarm_e_mail",
        "switch.front_door_alarm_http_notification",
    ):
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None


# -- states follow the device ---------------------------------------------------------------


async def test_motion_sensor_follows_the_camera(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert state_of(hass, "binary_sensor.front_door_motion") == STATE_OFF
    foscam_sim.trigger_motion()
    await poll(hass, freezer)
    assert state_of(hass, "binary_sensor.front_door_motion") == STATE_ON
    assert state_of(hass, "binary_sensor.front_door_sound") == STATE_OFF
    foscam_sim.trigger_motion(on=False)
    await poll(hass, freezer)
    assert state_of(hass, "binary_sensor.front_door_motion") == STATE_OFF


async def test_input_alarm_sensor_follows_the_camera(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    foscam_sim.trigger_input()
    await poll(hass, freezer)
    assert state_of(hass, "binary_sensor.front_door_alarm_input") == STATE_ON
    assert state_of(hass, "binary_sensor.front_door_motion") == STATE_OFF
    foscam_sim.trigger_input(on=False)
    await poll(hass, freezer)
    assert state_of(hass, "binary_sensor.front_door_alarm_input") == STATE_OFF


async def test_sound_sensor_follows_the_camera(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    foscam_sim.trigger_sound()
    await poll(hass, freezer)
    assert state_of(hass, "binary_sensor.front_door_sound") == STATE_ON
    foscam_sim.trigger_sound(on=False)
    await poll(hass, freezer)
    assert state_of(hass, "binary_sensor.front_door_sound") == STATE_OFF


async def test_settings_changed_on_the_camera_show_after_the_settings_interval(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    foscam_sim.params["alarm_motion_armed"] = "1"
    foscam_sim.camera_params["brightness"] = 200
    foscam_sim.camera_params["flip"] = 3
    foscam_sim.misc["led_mode"] = "2"
    await poll(hass, freezer)
    assert state_of(hass, "switch.front_door_motion_detection") == STATE_OFF
    await poll(hass, freezer, SETTINGS_INTERVAL.total_seconds())
    assert state_of(hass, "switch.front_door_motion_detection") == STATE_ON
    assert state_of(hass, "number.front_door_brightness") == "200"
    assert state_of(hass, "select.front_door_image_flip") == "both"
    assert state_of(hass, "select.front_door_led_mode") == "off"


async def test_polls_read_only_the_status_between_settings_refreshes(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    start = len(foscam_sim.requests)
    for _ in range(5):
        await poll(hass, freezer)
    assert paths(foscam_sim, start) == ["/get_status.cgi"] * 5


async def test_settings_are_reread_once_after_a_write(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    start = len(foscam_sim.requests)
    await hass.services.async_call(
        SWITCH_DOMAIN,
        SERVICE_TURN_ON,
        {ATTR_ENTITY_ID: "switch.front_door_motion_detection"},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    after_write = paths(foscam_sim, start)
    assert after_write[0] == "/set_alarm.cgi"
    for path in SETTINGS_PATHS:
        assert after_write.count(path) == 1, after_write
    mark = len(foscam_sim.requests)
    for _ in range(3):
        await poll(hass, freezer)
    assert paths(foscam_sim, mark) == ["/get_status.cgi"] * 3


async def test_setting_entities_go_unavailable_while_settings_cannot_be_read(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    foscam_sim.faults.http_status = 500
    foscam_sim.faults.paths = frozenset({"/get_params.cgi"})
    await poll(hass, freezer, SETTINGS_INTERVAL.total_seconds())
    assert state_of(hass, "switch.front_door_motion_detection") == STATE_UNAVAILABLE
    assert state_of(hass, "number.front_door_brightness") == STATE_UNAVAILABLE
    # Motion keeps flowing, and the output (never read back) stays usable.
    assert state_of(hass, "binary_sensor.front_door_motion") == STATE_OFF
    assert state_of(hass, "switch.front_door_alarm_output") == STATE_UNKNOWN
    foscam_sim.faults.clear()
    await poll(hass, freezer)
    assert state_of(hass, "switch.front_door_motion_detection") == STATE_OFF
    assert state_of(hass, "number.front_door_brightness") == "128"


async def test_entities_go_unavailable_when_the_camera_does_not_answer(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    foscam_sim.faults.offline = True
    await poll(hass, freezer)
    assert state_of(hass, "binary_sensor.front_door_motion") == STATE_UNAVAILABLE
    assert state_of(hass, "switch.front_door_motion_detection") == STATE_UNAVAILABLE
    foscam_sim.faults.clear()
    await poll(hass, freezer)
    assert state_of(hass, "binary_sensor.front_door_motion") == STATE_OFF


async def test_settings_the_camera_does_not_report_show_unknown(
    hass: HomeAssistant, foscam_entry: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    # Older firmware lacks some variables; the rest of the answer still counts.
    del foscam_sim.camera_params["brightness"]
    del foscam_sim.camera_params["flip"]
    del foscam_sim.params["alarm_motion_armed"]
    await setup_entry(hass, foscam_entry)
    assert state_of(hass, "number.front_door_brightness") == STATE_UNKNOWN
    assert state_of(hass, "select.front_door_image_flip") == STATE_UNKNOWN
    assert state_of(hass, "switch.front_door_motion_detection") == STATE_UNKNOWN
    assert state_of(hass, "number.front_door_contrast") == "4"


@pytest.mark.parametrize(
    ("reading", "state"),
    [(True, 1), (False, 0), (42, 42), (1.5, 1.5), ("text", "text"), (None, None), ((1,), None)],
)
def test_readings_become_sensor_states(reading: object, state: object) -> None:
    assert _as_state(reading) == state
    assert type(_as_state(reading)) is type(state)


# -- writes reach the camera ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_id", "param"),
    [
        ("switch.front_door_motion_detection", "alarm_motion_armed"),
        ("switch.front_door_sound_detection", "alarm_sounddetect_armed"),
        ("switch.front_door_alarm_input_armed", "alarm_input_armed"),
        ("switch.front_door_alarm_e_mail", "alarm_mail"),
        ("switch.front_door_alarm_http_notification", "alarm_http"),
    ],
)
async def test_switch_writes_its_alarm_setting(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    entity_id: str,
    param: str,
) -> None:
    assert foscam_sim.params[param] == "0"
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert foscam_sim.params[param] == "1"
    assert state_of(hass, entity_id) == STATE_ON
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert foscam_sim.params[param] == "0"
    assert state_of(hass, entity_id) == STATE_OFF


async def test_output_switch_drives_the_output_and_assumes_its_state(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    entity_id = "switch.front_door_alarm_output"
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes[ATTR_ASSUMED_STATE] is True
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert foscam_sim.decoder_commands == [94]
    assert output_high(foscam_sim) is True
    # No CGI reads the output back: the written value is kept across polls.
    await poll(hass, freezer, SETTINGS_INTERVAL.total_seconds())
    assert state_of(hass, entity_id) == STATE_ON
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert foscam_sim.decoder_commands == [94, 95]
    assert output_high(foscam_sim) is False
    assert state_of(hass, entity_id) == STATE_OFF


async def test_output_switch_write_does_not_reread_settings(
    hass: HomeAssistant, loaded: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    start = len(foscam_sim.requests)
    await hass.services.async_call(
        SWITCH_DOMAIN,
        SERVICE_TURN_ON,
        {ATTR_ENTITY_ID: "switch.front_door_alarm_output"},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert paths(foscam_sim, start) == ["/decoder_control.cgi"]


@pytest.mark.parametrize(
    ("entity_id", "value", "read_back"),
    [
        ("number.front_door_brightness", 200, lambda sim: sim.camera_params["brightness"]),
        ("number.front_door_contrast", 6, lambda sim: sim.camera_params["contrast"]),
        (
            "number.front_door_motion_sensitivity",
            9,
            lambda sim: int(sim.params["alarm_motion_sensitivity"]),
        ),
        (
            "number.front_door_sound_sensitivity",
            1,
            lambda sim: int(sim.params["alarm_sounddetect_sensitivity"]),
        ),
    ],
)
async def test_number_writes_its_setting(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    entity_id: str,
    value: int,
    read_back: ReadBack,
) -> None:
    assert read_back(foscam_sim) != value
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert read_back(foscam_sim) == value
    assert float(state_of(hass, entity_id)) == value


@pytest.mark.parametrize(
    ("entity_id", "option", "read_back", "expected"),
    [
        (
            "select.front_door_resolution",
            "320x240",
            lambda sim: sim.camera_params["resolution"],
            8,
        ),
        (
            "select.front_door_power_line_frequency",
            "outdoor",
            lambda sim: sim.camera_params["mode"],
            2,
        ),
        ("select.front_door_image_flip", "horizontal", lambda sim: sim.camera_params["flip"], 2),
        ("select.front_door_led_mode", "mode_2", lambda sim: sim.misc["led_mode"], "1"),
    ],
)
async def test_select_writes_its_setting(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    entity_id: str,
    option: str,
    read_back: ReadBack,
    expected: object,
) -> None:
    assert read_back(foscam_sim) != expected
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: entity_id, ATTR_OPTION: option},
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert read_back(foscam_sim) == expected
    assert state_of(hass, entity_id) == option


async def test_reboot_button_reboots_the_camera(
    hass: HomeAssistant, loaded: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.front_door_reboot"}, blocking=True
    )
    assert foscam_sim.reboots == 1


async def test_ptz_center_button_sends_center(
    hass: HomeAssistant, loaded: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.front_door_ptz_center"},
        blocking=True,
    )
    assert foscam_sim.decoder_commands == [25]


async def test_preset_select_goes_to_the_preset(
    hass: HomeAssistant, loaded: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: "select.front_door_ptz_preset", ATTR_OPTION: "3"},
        blocking=True,
    )
    assert foscam_sim.decoder_commands == [35]
    assert state_of(hass, "select.front_door_ptz_preset") == "3"


# -- rejected writes -----------------------------------------------------------------------


async def test_rejected_switch_write_raises_and_keeps_the_state(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    entity_id = "switch.front_door_motion_detection"
    foscam_sim.faults.http_status = 500
    foscam_sim.faults.paths = frozenset({"/set_alarm.cgi"})
    with pytest.raises(HomeAssistantError) as exc_info:
        await hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity_id}, blocking=True
        )
    assert exc_info.value.translation_domain == DOMAIN
    assert exc_info.value.translation_key == "write_failed"
    assert str(exc_info.value).startswith("Changing motion_detection on the camera failed")
    assert foscam_sim.params["alarm_motion_armed"] == "0"
    assert state_of(hass, entity_id) == STATE_OFF
    await poll(hass, freezer, SETTINGS_INTERVAL.total_seconds())
    assert state_of(hass, entity_id) == STATE_OFF


async def test_value_the_camera_refuses_raises_and_keeps_the_state(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    # 300 is outside the camera's 0-255; Home Assistant's own range check is bypassed on
    # purpose so that the device's "error: illegal param" answer is what gets tested.
    coordinator = loaded.runtime_data.coordinator
    with pytest.raises(HomeAssistantError) as exc_info:
        await coordinator.async_write_setting("brightness", 300)
    assert exc_info.value.translation_key == "write_failed"
    assert "illegal param" in str(exc_info.value)
    assert foscam_sim.camera_params["brightness"] == 128
    await poll(hass, freezer)
    assert state_of(hass, "number.front_door_brightness") == "128"


async def test_number_outside_its_range_is_refused_before_reaching_the_camera(
    hass: HomeAssistant, loaded: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    start = len(foscam_sim.requests)
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: "number.front_door_contrast", ATTR_VALUE: 7},
            blocking=True,
        )
    assert "/camera_control.cgi" not in paths(foscam_sim, start)
    assert state_of(hass, "number.front_door_contrast") == "4"


async def test_failed_button_press_raises_translated_error(
    hass: HomeAssistant, loaded: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.faults.http_status = 500
    foscam_sim.faults.paths = frozenset({"/reboot.cgi"})
    with pytest.raises(HomeAssistantError) as exc_info:
        await hass.services.async_call(
            BUTTON_DOMAIN,
            SERVICE_PRESS,
            {ATTR_ENTITY_ID: "button.front_door_reboot"},
            blocking=True,
        )
    assert exc_info.value.translation_key == "action_failed"
    assert foscam_sim.reboots == 0


async def test_failed_preset_select_keeps_the_previous_option(
    hass: HomeAssistant, loaded: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.faults.http_status = 500
    foscam_sim.faults.paths = frozenset({"/decoder_control.cgi"})
    with pytest.raises(HomeAssistantError) as exc_info:
        await hass.services.async_call(
            SELECT_DOMAIN,
            SERVICE_SELECT_OPTION,
            {ATTR_ENTITY_ID: "select.front_door_ptz_preset", ATTR_OPTION: "3"},
            blocking=True,
        )
    assert exc_info.value.translation_key == "action_failed"
    assert state_of(hass, "select.front_door_ptz_preset") == STATE_UNKNOWN
