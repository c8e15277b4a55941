"""A Grandstream GSC36xx in Home Assistant, against the simulator: sessions, entities, actions."""

from __future__ import annotations

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
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.ipcam_cgi.client import LockedOutError
from custom_components.ipcam_cgi.const import DOMAIN, SETTINGS_INTERVAL
from tests.components.conftest import assert_entities_match_snapshot, poll, state_of
from tests.conftest import GRANDSTREAM_MAC, PASSWORD, USERNAME, entry_data, setup_entry
from tests.simulator import GrandstreamSimulator

CAMERA = "camera.gsc3620"
MOTION = "binary_sensor.gsc3620_motion"


@pytest.fixture
async def loaded(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, grandstream_entry: MockConfigEntry
) -> MockConfigEntry:
    """The Grandstream entry, set up under a frozen clock."""
    await setup_entry(hass, grandstream_entry)
    return grandstream_entry


def admin_logins(sim: GrandstreamSimulator) -> int:
    """Successful admin (type 0) logins the device saw."""
    return sum(1 for login in sim.logins if login.type == 0 and login.ok)


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
    grandstream_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    with patch("custom_components.ipcam_cgi.PLATFORMS", [platform]):
        await setup_entry(hass, grandstream_entry)
    assert_entities_match_snapshot(hass, entity_registry, grandstream_entry, snapshot, platform)


async def test_device_is_registered_with_model_mac_and_versions(
    hass: HomeAssistant, loaded: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    [device] = dr.async_entries_for_config_entry(device_registry, loaded.entry_id)
    assert device.connections == {(dr.CONNECTION_NETWORK_MAC, GRANDSTREAM_MAC)}
    assert device.manufacturer == "Grandstream"
    assert device.model == "GSC3620"
    assert device.sw_version == "1.0.3.8"
    assert device.hw_version == "V1.5A"


@pytest.mark.parametrize("grandstream_model", ["GSC3610"])
async def test_gsc3610_has_no_lens_entities_and_its_own_options(
    hass: HomeAssistant, grandstream_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, grandstream_entry)

    assert hass.states.get("button.gsc3610_one_key_focus") is None
    assert hass.states.get("sensor.gsc3610_zoom") is None
    power = hass.states.get("select.gsc3610_power_line_frequency")
    ir_cut = hass.states.get("select.gsc3610_ir_cut_mode")
    assert power is not None
    assert ir_cut is not None
    assert power.attributes["options"] == ["50hz", "60hz", "outdoor"]
    assert ir_cut.attributes["options"] == ["manual", "automatic"]


async def test_gsc3620_offers_scheduled_ir_cut_and_no_outdoor_frequency(
    hass: HomeAssistant, loaded: MockConfigEntry
) -> None:
    power = hass.states.get("select.gsc3620_power_line_frequency")
    ir_cut = hass.states.get("select.gsc3620_ir_cut_mode")
    assert power is not None
    assert ir_cut is not None
    assert power.attributes["options"] == ["50hz", "60hz"]
    assert ir_cut.attributes["options"] == ["manual", "automatic", "scheduled"]


async def test_zoom_sensor_shows_the_zoom_factor(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert state_of(hass, "sensor.gsc3620_zoom") == "1.0"
    grandstream_sim.params["Pzoom_m"] = "12"

    await poll(hass, freezer, SETTINGS_INTERVAL.total_seconds())

    assert state_of(hass, "sensor.gsc3620_zoom") == "2.2"


_WRITES = {
    NUMBER_DOMAIN: (SERVICE_SET_VALUE, ATTR_VALUE),
    SELECT_DOMAIN: (SERVICE_SELECT_OPTION, ATTR_OPTION),
}


@pytest.mark.parametrize(
    ("entity_id", "value", "param", "expected"),
    [
        ("number.gsc3620_brightness", 70, "P15520", "70"),
        ("number.gsc3620_speaker_volume", 6, "P14003", "6"),
        ("number.gsc3620_microphone_volume", 0, "P14002", "0"),
        ("select.gsc3620_ir_cut_mode", "scheduled", "P10504", "3"),
        ("select.gsc3620_image_flip", "vertical", "P10500", "3"),
        ("select.gsc3620_day_night_mode", "night", "P10505", "1"),
        ("select.gsc3620_motion_detection_mode", "zone_ratio", "P15517", "3"),
        ("select.gsc3620_on_screen_date_format", "dmy", "P10001", "2"),
        ("select.gsc3620_power_line_frequency", "50hz", "P12314", "0"),
        ("switch.gsc3620_wide_dynamic_range", True, "P15513", "1"),
        ("switch.gsc3620_on_screen_text", True, "P10045", "1"),
        ("switch.gsc3620_on_screen_time", False, "P10044", "0"),
        ("switch.gsc3620_event_notification", True, "P15410", "1"),
    ],
)
async def test_setting_entities_write_the_device_and_show_the_new_value(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    entity_id: str,
    value: object,
    param: str,
    expected: str,
) -> None:
    domain = entity_id.split(".")[0]
    if domain == SWITCH_DOMAIN:
        service, data = (SERVICE_TURN_ON if value else SERVICE_TURN_OFF), {}
        shown = STATE_ON if value else STATE_OFF
    else:
        service, field = _WRITES[domain]
        data, shown = {field: value}, str(value)

    await hass.services.async_call(
        domain, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )
    await hass.async_block_till_done()

    assert grandstream_sim.params[param] == expected
    assert state_of(hass, entity_id).removesuffix(".0") == shown


async def test_a_write_the_device_refuses_raises_a_translated_error(
    hass: HomeAssistant, loaded: MockConfigEntry, grandstream_sim: GrandstreamSimulator
) -> None:
    grandstream_sim.faults.malformed_body = (
        b"<Configuration><ResCode>6</ResCode><RetMsg>illegal</RetMsg></Configuration>"
    )

    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: "number.gsc3620_contrast", ATTR_VALUE: 10},
            blocking=True,
        )

    assert raised.value.translation_key == "write_failed"
    assert "illegal characters" in str(raised.value)


# -- motion and sessions ------------------------------------------------------------------


async def test_motion_is_polled_with_one_request_per_cycle(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert state_of(hass, MOTION) == STATE_OFF
    grandstream_sim.trigger_motion(True)
    start = len(grandstream_sim.requests)

    await poll(hass, freezer)

    assert state_of(hass, MOTION) == STATE_ON
    polled = grandstream_sim.requests[start:]
    assert [(r.path, r.query.get("cmd")) for r in polled] == [("/goform/config", "api_get_data")]


@pytest.mark.parametrize("expired_answer", ["xml401", "xml408", "html"])
async def test_session_expiry_mid_run_is_invisible(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    freezer: FrozenDateTimeFactory,
    expired_answer: str,
) -> None:
    grandstream_sim.expired_answer = expired_answer  # type: ignore[assignment]
    logins = admin_logins(grandstream_sim)
    grandstream_sim.expire_sessions()
    grandstream_sim.trigger_motion(True)
    seen: list[str] = []
    unsubscribe = hass.bus.async_listen(
        "state_changed", lambda event: seen.append(event.data["new_state"].state)
    )

    await poll(hass, freezer)
    await poll(hass, freezer)
    unsubscribe()

    assert state_of(hass, MOTION) == STATE_ON
    assert STATE_UNAVAILABLE not in seen
    assert admin_logins(grandstream_sim) == logins + 1


async def test_a_changed_password_costs_one_failed_login_and_starts_reauth(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    grandstream_sim.password = "n3w-Pa55word"
    grandstream_sim.expire_sessions()

    for _ in range(5):
        await poll(hass, freezer)

    assert grandstream_sim.failed_logins == 1
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_a_wrong_password_at_setup_costs_one_failed_login(
    hass: HomeAssistant, grandstream_server: TestServer, grandstream_sim: GrandstreamSimulator
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=GRANDSTREAM_MAC,
        data=entry_data(grandstream_server, vendor="grandstream", password="wrong-password"),
    )
    await setup_entry(hass, entry)

    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert grandstream_sim.failed_logins == 1
    assert any(
        flow["context"]["source"] == SOURCE_REAUTH
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    )


async def test_a_locked_account_says_how_long_to_wait(
    hass: HomeAssistant, grandstream_server: TestServer, grandstream_sim: GrandstreamSimulator
) -> None:
    grandstream_sim.params["P14834"] = "15"
    grandstream_sim.lock_account()
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=GRANDSTREAM_MAC,
        data=entry_data(grandstream_server, vendor="grandstream"),
    )
    await setup_entry(hass, entry)

    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert "locked the account" in entry.reason
    attempts = len(grandstream_sim.logins)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    # A new client (reload) may try once; the lock is never extended by a login per poll.
    assert len(grandstream_sim.logins) <= attempts + 1


async def test_a_lockout_while_running_stops_logins_until_it_passes(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    grandstream_sim.lock_account()
    grandstream_sim.expire_sessions()

    await poll(hass, freezer)
    attempts = len(grandstream_sim.logins)
    for _ in range(5):
        await poll(hass, freezer)

    coordinator = loaded.runtime_data.coordinator
    assert not coordinator.last_update_success
    assert isinstance(coordinator.last_exception, HomeAssistantError)
    assert coordinator.last_exception.translation_key == "account_locked"
    assert "5 minutes" in str(coordinator.last_exception)
    assert len(grandstream_sim.logins) == attempts


# -- camera ----------------------------------------------------------------------------------


async def test_snapshot_uses_the_media_session_and_renews_it_after_30_s_idle(
    hass: HomeAssistant, loaded: MockConfigEntry, grandstream_sim: GrandstreamSimulator
) -> None:
    first = await async_get_image(hass, CAMERA)
    grandstream_sim.advance(31)
    second = await async_get_image(hass, CAMERA)

    assert first.content_type == second.content_type == "image/jpeg"
    assert second.content.startswith(b"\xff\xd8")
    media_logins = [login for login in grandstream_sim.logins if login.type == 1]
    assert len(media_logins) == 2
    assert all(login.ok for login in media_logins)


@pytest.mark.parametrize(("quality", "path"), [("main", "/0"), ("sub", "/4")])
async def test_rtsp_stream_source_follows_the_stream_option(
    hass: HomeAssistant,
    grandstream_entry: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    quality: str,
    path: str,
) -> None:
    grandstream_sim.params["P903"] = "8554"
    grandstream_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        grandstream_entry, options={**grandstream_entry.options, "stream_quality": quality}
    )
    await hass.config_entries.async_setup(grandstream_entry.entry_id)
    await hass.async_block_till_done()

    source = await async_get_stream_source(hass, CAMERA)

    assert source == f"rtsp://{USERNAME}:{PASSWORD}@127.0.0.1:8554{path}"


# -- actions -----------------------------------------------------------------------------------


async def test_ptz_zoom_starts_and_stops_the_lens(
    hass: HomeAssistant, grandstream_entry: MockConfigEntry, grandstream_sim: GrandstreamSimulator
) -> None:
    # No frozen clock here: the timed moves sleep for real.
    await setup_entry(hass, grandstream_entry)
    await hass.services.async_call(
        DOMAIN,
        "ptz_zoom",
        {ATTR_ENTITY_ID: CAMERA, "direction": "in", "duration": 0.01},
        blocking=True,
    )
    await hass.services.async_call(
        DOMAIN,
        "ptz_focus",
        {ATTR_ENTITY_ID: CAMERA, "direction": "near", "duration": 0.01},
        blocking=True,
    )
    await hass.services.async_call(
        DOMAIN, "ptz_focus", {ATTR_ENTITY_ID: CAMERA, "direction": "auto"}, blocking=True
    )

    assert grandstream_sim.ptz_commands == [(1, 9), (0, 9), (1, 12), (0, 12), (1, 20)]


@pytest.mark.parametrize("grandstream_model", ["GSC3610"])
@pytest.mark.parametrize("action", ["ptz_zoom", "ptz_focus"])
async def test_lens_actions_on_a_model_without_a_lens_are_not_supported(
    hass: HomeAssistant,
    grandstream_entry: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    action: str,
) -> None:
    await setup_entry(hass, grandstream_entry)
    direction = "in" if action == "ptz_zoom" else "far"

    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN,
            action,
            {ATTR_ENTITY_ID: "camera.gsc3610", "direction": direction},
            blocking=True,
        )

    assert raised.value.translation_key == "not_supported"
    assert grandstream_sim.ptz_commands == []


async def test_sip_call_and_hangup(
    hass: HomeAssistant, loaded: MockConfigEntry, grandstream_sim: GrandstreamSimulator
) -> None:
    await hass.services.async_call(
        DOMAIN, "sip_call", {ATTR_ENTITY_ID: CAMERA, "number": "1001"}, blocking=True
    )
    await hass.services.async_call(DOMAIN, "sip_hangup", {ATTR_ENTITY_ID: CAMERA}, blocking=True)

    assert grandstream_sim.sip_commands == [(1, "1001"), (0, "")]


async def test_a_second_sip_call_while_calling_raises_a_translated_error(
    hass: HomeAssistant, loaded: MockConfigEntry
) -> None:
    await hass.services.async_call(
        DOMAIN, "sip_call", {ATTR_ENTITY_ID: CAMERA, "number": "1001"}, blocking=True
    )
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            DOMAIN, "sip_call", {ATTR_ENTITY_ID: CAMERA, "number": "1002"}, blocking=True
        )

    assert raised.value.translation_key == "action_failed"
    assert "SIP is calling" in str(raised.value)


async def test_buttons_reboot_and_focus(
    hass: HomeAssistant, loaded: MockConfigEntry, grandstream_sim: GrandstreamSimulator
) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: "button.gsc3620_one_key_focus"},
        blocking=True,
    )
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: "button.gsc3620_reboot"}, blocking=True
    )

    assert grandstream_sim.ptz_commands == [(1, 20)]
    assert grandstream_sim.rebooted == 1


async def test_a_lockout_raises_a_repair_issue_that_clears_once_it_has_passed(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    issue_id = f"account_locked_{loaded.entry_id}"
    grandstream_sim.lock_account()
    grandstream_sim.expire_sessions()

    await poll(hass, freezer)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {"name": loaded.title, "minutes": "5"}

    grandstream_sim.advance(5 * 60 + 1)
    await poll(hass, freezer, 5 * 60 + 1)

    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert loaded.runtime_data.coordinator.last_update_success


async def test_a_lockout_during_the_settings_read_keeps_motion_and_starts_no_reauth(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    grandstream_sim: GrandstreamSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    # The lock can strike between the status poll and the settings read of one cycle; the
    # error is injected at that point, the status poll still goes to the simulator.
    client = loaded.runtime_data.coordinator.client
    locked = LockedOutError("locked", retry_after_minutes=15)
    grandstream_sim.trigger_motion(True)
    with patch.object(client, "async_read_settings", side_effect=locked):
        await poll(hass, freezer, SETTINGS_INTERVAL.total_seconds())

    assert state_of(hass, MOTION) == STATE_ON
    assert state_of(hass, "number.gsc3620_brightness") == STATE_UNAVAILABLE
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"account_locked_{loaded.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders == {"name": loaded.title, "minutes": "15"}


async def test_diagnostics_count_the_logins_of_both_sessions(
    hass: HomeAssistant, loaded: MockConfigEntry
) -> None:
    from custom_components.ipcam_cgi.diagnostics import async_get_config_entry_diagnostics

    await async_get_image(hass, CAMERA)
    diagnostics = await async_get_config_entry_diagnostics(hass, loaded)

    assert diagnostics["transport"]["session"] == {"admin_logins": 1, "media_logins": 1}
