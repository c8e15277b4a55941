"""An Anjia Weishi camera in Home Assistant, against the simulator: uid sessions, entities, PTZ."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button.const import DOMAIN as BUTTON_DOMAIN
from homeassistant.components.button.const import SERVICE_PRESS
from homeassistant.components.camera import async_get_image, async_get_stream_source
from homeassistant.components.number.const import ATTR_VALUE, SERVICE_SET_VALUE
from homeassistant.components.number.const import DOMAIN as NUMBER_DOMAIN
from homeassistant.components.select.const import DOMAIN as SELECT_DOMAIN
from homeassistant.components.switch.const import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_OPTION,
    SERVICE_SELECT_OPTION,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.ipcam_cgi.client.vendors.anjia.session import wanted_lifetime
from custom_components.ipcam_cgi.const import DOMAIN
from tests.components.conftest import assert_entities_match_snapshot, poll, state_of
from tests.conftest import ANJIA_MAC, PASSWORD, USERNAME, entry_data, setup_entry
from tests.simulator import AnjiaSimulator, anjia_state

PREFIX = "mc200j6_127_0_0_1"
CAMERA = f"camera.{PREFIX}"
RELAY = f"switch.{PREFIX}_relay"
LIGHT = f"switch.{PREFIX}_light"
IR_CUT = f"select.{PREFIX}_ir_cut_mode"
GET_RELAY = "/cgi-bin/getRelayStatus"
PTZ = "/cgi-bin/ptz_ctrl"


@pytest.fixture
async def loaded(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, anjia_entry: MockConfigEntry
) -> MockConfigEntry:
    """The Anjia entry, set up under a frozen clock."""
    await setup_entry(hass, anjia_entry)
    return anjia_entry


@pytest.fixture
async def live(hass: HomeAssistant, anjia_entry: MockConfigEntry) -> MockConfigEntry:
    """The Anjia entry, set up on the real clock (timed PTZ moves sleep)."""
    await setup_entry(hass, anjia_entry)
    return anjia_entry


async def turn(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    """Switch an entity on or off and wait."""
    await hass.services.async_call(
        SWITCH_DOMAIN,
        SERVICE_TURN_ON if on else SERVICE_TURN_OFF,
        {ATTR_ENTITY_ID: entity_id},
        blocking=True,
    )
    await hass.async_block_till_done()


async def select(hass: HomeAssistant, entity_id: str, option: str) -> None:
    """Choose an option and wait."""
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: entity_id, ATTR_OPTION: option},
        blocking=True,
    )
    await hass.async_block_till_done()


async def set_number(hass: HomeAssistant, entity_id: str, value: float) -> None:
    """Set a number and wait."""
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value},
        blocking=True,
    )
    await hass.async_block_till_done()


async def call(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Run one of the integration's actions on the camera and wait for it."""
    await hass.services.async_call(
        DOMAIN, service, data, target={"entity_id": CAMERA}, blocking=True
    )


def ptz_commands(sim: AnjiaSimulator) -> list[dict[str, str]]:
    """The ptz_ctrl queries the camera saw, without the uid."""
    return [
        {name: value for name, value in r.query.items() if name != "uid"}
        for r in sim.requests
        if r.path == PTZ
    ]


# -- entities ------------------------------------------------------------------------------


@pytest.mark.usefixtures("enable_all_entities")
@pytest.mark.parametrize(
    "platform",
    [Platform.BUTTON, Platform.NUMBER, Platform.SELECT, Platform.SENSOR, Platform.SWITCH],
)
async def test_entities_match_snapshot(
    hass: HomeAssistant,
    anjia_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    with patch("custom_components.ipcam_cgi.PLATFORMS", [platform]):
        await setup_entry(hass, anjia_entry)
    assert_entities_match_snapshot(hass, entity_registry, anjia_entry, snapshot, platform)


async def test_device_is_registered_with_model_mac_serial_and_versions(
    hass: HomeAssistant, loaded: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    [device] = dr.async_entries_for_config_entry(device_registry, loaded.entry_id)

    assert device.connections == {(dr.CONNECTION_NETWORK_MAC, ANJIA_MAC)}
    assert device.model == "MC200J6"
    assert device.serial_number == "AJWS00123456"
    assert device.sw_version == "V1.0.10.20190510 (kernel 3.4.35)"
    assert state_of(hass, f"sensor.{PREFIX}_firmware") == "V1.0.10.20190510 (kernel 3.4.35)"


async def test_there_is_no_motion_sensor_since_the_api_reports_no_motion(
    hass: HomeAssistant, loaded: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    domains = {
        e.domain for e in er.async_entries_for_config_entry(entity_registry, loaded.entry_id)
    }

    assert Platform.BINARY_SENSOR not in domains
    # The motion configuration is offered instead.
    assert state_of(hass, f"switch.{PREFIX}_motion_detection") == STATE_ON
    assert state_of(hass, f"number.{PREFIX}_motion_alarm_threshold") == "20"


async def test_night_motion_entities_are_disabled_by_default(
    hass: HomeAssistant, loaded: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    for entity_id in (
        f"number.{PREFIX}_night_motion_sensitivity",
        f"number.{PREFIX}_night_motion_alarm_threshold",
        f"switch.{PREFIX}_night_motion_parameters",
    ):
        registered = entity_registry.async_get(entity_id)
        assert registered is not None, entity_id
        assert registered.disabled_by is er.RegistryEntryDisabler.INTEGRATION


# -- the relay and the uid session ---------------------------------------------------------


async def test_relay_is_polled_with_one_request_per_cycle(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert state_of(hass, RELAY) == STATE_OFF
    anjia_sim.relay_status = 1
    start = len(anjia_sim.requests)

    await poll(hass, freezer)

    assert state_of(hass, RELAY) == STATE_ON
    assert [r.path for r in anjia_sim.requests[start:]] == [GET_RELAY]


async def test_relay_switch_round_trip(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    await turn(hass, RELAY, True)
    assert anjia_sim.relay_status == 1
    assert state_of(hass, RELAY) == STATE_ON

    await turn(hass, RELAY, False)
    assert anjia_sim.relay_status == 0
    assert state_of(hass, RELAY) == STATE_OFF


async def test_uid_expiry_mid_run_is_invisible_and_costs_one_login(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    logins = anjia_sim.logins
    anjia_sim.expire_uids()
    anjia_sim.relay_status = 1
    seen: list[str] = []
    unsubscribe = hass.bus.async_listen(
        "state_changed", lambda event: seen.append(event.data["new_state"].state)
    )

    await poll(hass, freezer)
    await poll(hass, freezer)
    unsubscribe()

    assert state_of(hass, RELAY) == STATE_ON
    assert STATE_UNAVAILABLE not in seen
    assert anjia_sim.logins == logins + 1


async def test_a_relay_read_failure_makes_the_relay_unavailable_until_it_answers_again(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    anjia_sim.relay_fails = True
    await poll(hass, freezer)
    assert state_of(hass, RELAY) == STATE_UNAVAILABLE

    anjia_sim.relay_fails = False
    await poll(hass, freezer)
    assert state_of(hass, RELAY) == STATE_OFF


@pytest.mark.parametrize("anjia_options", [{"scan_interval": 120}])
async def test_a_long_poll_interval_lengthens_the_uid_lifetime(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    [uid] = anjia_sim.uids

    assert anjia_sim.uid_lifetime(uid) == wanted_lifetime(120, 10.0)


async def test_the_default_poll_interval_keeps_the_default_uid_lifetime(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    [uid] = anjia_sim.uids

    assert anjia_sim.uid_lifetime(uid) == 60.0
    assert not any(r.path == "/cgi-bin/setUidValidTime" for r in anjia_sim.requests)


async def test_a_changed_password_costs_one_failed_login_and_starts_reauth(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    anjia_sim.password = "n3w-Pa55word"
    anjia_sim.expire_uids()

    for _ in range(5):
        await poll(hass, freezer)

    assert anjia_sim.failed_logins == 1
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


@pytest.mark.parametrize("auth_mode", ["none", "basic", "digest"])
async def test_a_wrong_password_at_setup_costs_one_failed_login(
    hass: HomeAssistant, anjia_server: TestServer, anjia_sim: AnjiaSimulator, auth_mode: str
) -> None:
    anjia_sim.auth_mode = auth_mode  # type: ignore[assignment]
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=ANJIA_MAC,
        data=entry_data(anjia_server, vendor="anjia", password="wrong-password"),
    )
    await setup_entry(hass, entry)

    assert entry.state is ConfigEntryState.SETUP_ERROR
    getuids = [r for r in anjia_sim.requests if r.path == "/cgi-bin/getuid"]
    # One credentialed try: with HTTP auth, the first getuid only learns the scheme.
    assert len([r for r in getuids if auth_mode == "none" or "Authorization" in r.headers]) == 1
    assert any(
        flow["context"]["source"] == SOURCE_REAUTH
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    )


@pytest.mark.parametrize("auth_mode", ["basic", "digest"])
async def test_firmware_wanting_http_auth_on_every_request_works(
    hass: HomeAssistant, anjia_entry: MockConfigEntry, anjia_sim: AnjiaSimulator, auth_mode: str
) -> None:
    anjia_sim.auth_mode = auth_mode  # type: ignore[assignment]
    await setup_entry(hass, anjia_entry)

    assert anjia_entry.state is ConfigEntryState.LOADED
    await turn(hass, RELAY, True)
    assert anjia_sim.relay_status == 1


# -- settings ------------------------------------------------------------------------------


async def test_image_and_motion_numbers_write_the_camera(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    await set_number(hass, f"number.{PREFIX}_brightness", 200)
    await set_number(hass, f"number.{PREFIX}_motion_alarm_threshold", 35)

    assert anjia_sim.image["brightness"] == "200"
    assert anjia_sim.motion["alarmthreshold"] == "35"
    assert state_of(hass, f"number.{PREFIX}_brightness") == "200"


async def test_light_switch_brightness_and_mode_send_all_three_led_parameters(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    await turn(hass, LIGHT, True)
    await set_number(hass, f"number.{PREFIX}_led_brightness", 80)
    await select(hass, f"select.{PREFIX}_led_mode", "white")

    assert anjia_sim.led == {"brightness": "80", "ledstatus": "1", "ledmode": "2"}
    assert state_of(hass, LIGHT) == STATE_ON
    assert state_of(hass, f"select.{PREFIX}_led_mode") == "white"


async def test_osd_switch_turns_the_overlay_off(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    await turn(hass, f"switch.{PREFIX}_on_screen_display", False)

    assert anjia_sim.osd["enable"] == "0"


async def test_ir_cut_mode_select_writes_the_mode(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    await select(hass, IR_CUT, "night")

    assert anjia_sim.ircut_mode == 2
    assert state_of(hass, IR_CUT) == "night"


@pytest.mark.parametrize("anjia_options", [{"invert_ir_cut": True}])
async def test_the_invert_option_swaps_day_and_night_both_ways(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    await select(hass, IR_CUT, "night")
    assert anjia_sim.ircut_mode == 1

    anjia_sim.ircut_mode = 2
    await poll(hass, freezer, seconds=61)
    assert state_of(hass, IR_CUT) == "day"


async def test_a_write_the_camera_refuses_raises_a_translated_error_with_its_reason(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Firmware with a narrower brightness range than the spec's 0-255.
    monkeypatch.setitem(
        anjia_state.IMAGE_RULES,
        "brightness",
        anjia_state.int_rule(0, 100, "brightness range: 0-100"),
    )

    with pytest.raises(HomeAssistantError) as raised:
        await set_number(hass, f"number.{PREFIX}_brightness", 200)

    assert raised.value.translation_key == "write_refused"
    assert raised.value.translation_placeholders == {
        "setting": "brightness",
        "reason": "brightness range: 0-100",
    }
    assert anjia_sim.image["brightness"] == "128"


# -- camera, buttons, PTZ ------------------------------------------------------------------


async def test_snapshot_is_the_main_stream_jpeg(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    image = await async_get_image(hass, CAMERA)

    assert image.content.startswith(b"\xff\xd8")
    [snapshot] = [r for r in anjia_sim.requests if r.path == "/cgi-bin/snapshot.cgi"]
    assert snapshot.query["stream"] == "1"


async def test_no_rtsp_source_unless_the_stream_url_option_names_one(
    hass: HomeAssistant, loaded: MockConfigEntry
) -> None:
    assert await async_get_stream_source(hass, CAMERA) is None

    url = "rtsp://127.0.0.1:554/live/ch0"
    hass.config_entries.async_update_entry(loaded, options={**loaded.options, "stream_url": url})
    await hass.async_block_till_done()

    assert await async_get_stream_source(hass, CAMERA) == url


@pytest.mark.parametrize(
    ("button", "counter"), [("reboot", "reboots"), ("trigger_alarm_input", "manual_alarms")]
)
async def test_buttons_reach_the_camera(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    button: str,
    counter: str,
) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: f"button.{PREFIX}_{button}"}, blocking=True
    )

    assert getattr(anjia_sim, counter) == 1


async def test_ptz_move_with_a_duration_moves_then_stops(
    hass: HomeAssistant, live: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    await call(hass, "ptz_move", direction="up_left", speed=40, duration=0.05)

    assert ptz_commands(anjia_sim) == [
        {"move_x": "-1", "move_y": "1", "speed": "4"},
        {"stop": "1"},
    ]
    assert not anjia_sim.is_moving


@pytest.mark.parametrize(
    ("service", "direction", "command"),
    [
        ("ptz_zoom", "in", {"zoom": "1"}),
        ("ptz_zoom", "out", {"zoom": "-1"}),
        ("ptz_focus", "near", {"focus": "1"}),
        ("ptz_focus", "far", {"focus": "-1"}),
        ("ptz_iris", "open", {"iris": "1"}),
        ("ptz_iris", "close", {"iris": "-1"}),
    ],
)
async def test_lens_actions_drive_the_lens_then_stop(
    hass: HomeAssistant,
    live: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    service: str,
    direction: str,
    command: dict[str, str],
) -> None:
    await call(hass, service, direction=direction, duration=0.05)

    assert ptz_commands(anjia_sim) == [command, {"stop": "1"}]


async def test_presets_save_goto_and_remove(
    hass: HomeAssistant, live: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    await call(hass, "ptz_preset", action="save", preset=3)
    await select(hass, f"select.{PREFIX}_ptz_preset", "3")
    assert anjia_sim.at_preset == 3

    await call(hass, "ptz_preset", action="remove", preset=3)

    assert ptz_commands(anjia_sim) == [
        {"add_preset": "3"},
        {"call_preset": "3"},
        {"delete_preset": "3"},
    ]
    assert anjia_sim.presets == set()


async def test_a_ptz_command_the_camera_refuses_raises_a_translated_error(
    hass: HomeAssistant, live: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    anjia_sim.has_ptz = False

    with pytest.raises(HomeAssistantError) as raised:
        await call(hass, "ptz_stop")

    assert raised.value.translation_key == "action_refused"
    assert raised.value.translation_placeholders == {
        "action": "ptz_stop",
        "reason": "ptz not support",
    }


async def test_a_camera_without_ptz_has_no_preset_select_and_refuses_ptz_actions(
    hass: HomeAssistant,
    anjia_entry: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    anjia_sim.has_ptz = False
    await setup_entry(hass, anjia_entry)

    assert hass.states.get(f"select.{PREFIX}_ptz_preset") is None
    with pytest.raises(ServiceValidationError):
        await call(hass, "ptz_move", direction="up")
    assert ptz_commands(anjia_sim) == []


async def test_diagnostics_show_the_session_but_no_uid_or_password(
    hass: HomeAssistant, loaded: MockConfigEntry, anjia_sim: AnjiaSimulator
) -> None:
    from custom_components.ipcam_cgi.diagnostics import async_get_config_entry_diagnostics

    diagnostics = await async_get_config_entry_diagnostics(hass, loaded)
    text = repr(diagnostics)

    assert PASSWORD not in text
    for uid in anjia_sim.uids:
        assert uid not in text
    assert diagnostics["transport"]["session"] == {
        "logins": 1,
        "uid_lifetime": 60.0,
        "uid_lifetime_settable": None,
    }


async def test_a_refusal_that_echoes_the_password_or_uid_shows_neither(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    anjia_sim: AnjiaSimulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    [uid] = anjia_sim.uids
    monkeypatch.setitem(
        anjia_state.IMAGE_RULES,
        "brightness",
        anjia_state.int_rule(0, 100, f"range 0-100 for {USERNAME}:{PASSWORD} uid {uid}"),
    )

    with pytest.raises(HomeAssistantError) as raised:
        await set_number(hass, f"number.{PREFIX}_brightness", 200)

    reason = raised.value.translation_placeholders["reason"]
    assert reason.startswith("range 0-100 for")
    assert PASSWORD not in reason
    assert uid not in reason
