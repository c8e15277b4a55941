"""A Hankvision camera in Home Assistant, against the simulator: ranges, entities, PTZ."""

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

from custom_components.ipcam_cgi.const import DOMAIN
from tests.components.conftest import assert_entities_match_snapshot, poll, state_of
from tests.conftest import HANKVISION_MAC, entry_data, setup_entry
from tests.simulator import HankvisionSimulator

PREFIX = "v6202ir_ar0237_127_0_0_1"
CAMERA = f"camera.{PREFIX}"
SD_CARD = f"sensor.{PREFIX}_sd_card"


@pytest.fixture
async def loaded(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hankvision_entry: MockConfigEntry
) -> MockConfigEntry:
    """The Hankvision entry, set up under a frozen clock."""
    await setup_entry(hass, hankvision_entry)
    return hankvision_entry


@pytest.fixture
async def live(hass: HomeAssistant, hankvision_entry: MockConfigEntry) -> MockConfigEntry:
    """The Hankvision entry, set up on the real clock (timed PTZ moves sleep)."""
    await setup_entry(hass, hankvision_entry)
    return hankvision_entry


async def call(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Run one of the integration's actions on the camera and wait for it."""
    await hass.services.async_call(
        DOMAIN, service, data, target={"entity_id": CAMERA}, blocking=True
    )


async def service(hass: HomeAssistant, domain: str, name: str, **data: Any) -> None:
    """Run a Home Assistant action and wait for it."""
    await hass.services.async_call(domain, name, data, blocking=True)
    await hass.async_block_till_done()


def ptz_commands(sim: HankvisionSimulator) -> list[dict[str, str]]:
    """The ptz_set queries the camera saw, without Channel and Group."""
    return [
        {k: v for k, v in r.query.items() if k not in ("Channel", "Group")}
        for r in sim.requests
        if r.path == "/cgi/ptz_set"
    ]


# -- entities ------------------------------------------------------------------------------


@pytest.mark.usefixtures("enable_all_entities")
@pytest.mark.parametrize(
    "platform",
    [Platform.BUTTON, Platform.NUMBER, Platform.SELECT, Platform.SENSOR, Platform.SWITCH],
)
async def test_entities_match_snapshot(
    hass: HomeAssistant,
    hankvision_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    with patch("custom_components.ipcam_cgi.PLATFORMS", [platform]):
        await setup_entry(hass, hankvision_entry)
    assert_entities_match_snapshot(hass, entity_registry, hankvision_entry, snapshot, platform)


async def test_device_is_registered_with_model_mac_serial_and_firmware(
    hass: HomeAssistant, loaded: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    [device] = dr.async_entries_for_config_entry(device_registry, loaded.entry_id)

    assert device.connections == {(dr.CONNECTION_NETWORK_MAC, HANKVISION_MAC)}
    assert device.model == "V6202IR-AR0237"
    assert device.serial_number == "5509560FBF2D"
    assert device.sw_version == "V1.04.10-161208"


async def test_there_is_no_motion_sensor_and_image_stabilization_starts_disabled(
    hass: HomeAssistant, loaded: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    entries = er.async_entries_for_config_entry(entity_registry, loaded.entry_id)

    assert Platform.BINARY_SENSOR not in {e.domain for e in entries}
    stabilization = entity_registry.async_get(f"switch.{PREFIX}_image_stabilization")
    assert stabilization is not None
    assert stabilization.disabled_by is er.RegistryEntryDisabler.INTEGRATION


async def test_number_ranges_come_from_the_device_query(
    hass: HomeAssistant,
    hankvision_entry: MockConfigEntry,
    hankvision_sim: HankvisionSimulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer = hankvision_sim._query

    def narrower(name: str, group: Any) -> Any:
        # A model whose brightness only goes from 10 to 90.
        return [
            (group_name, [(p, k, "10 ... 90" if p == "Brightness" else t) for p, k, t in rows])
            for group_name, rows in answer(name, group)
        ]

    monkeypatch.setattr(hankvision_sim, "_query", narrower)
    await setup_entry(hass, hankvision_entry)

    state = hass.states.get(f"number.{PREFIX}_brightness")
    assert state is not None
    assert (state.attributes["min"], state.attributes["max"]) == (10, 90)
    volume = hass.states.get(f"number.{PREFIX}_audio_volume")
    assert volume is not None
    assert (volume.attributes["min"], volume.attributes["max"]) == (0, 9)


async def test_sd_card_is_polled_with_one_request_per_cycle(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    hankvision_sim: HankvisionSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert state_of(hass, SD_CARD) == "mounted"
    hankvision_sim.set_sd_status(2)
    start = len(hankvision_sim.requests)

    await poll(hass, freezer)

    assert state_of(hass, SD_CARD) == "removed"
    polled = hankvision_sim.requests[start:]
    assert [(r.path, r.query.get("Group")) for r in polled] == [("/cgi/record_get", "RecordDevice")]


async def test_an_unreachable_camera_goes_unavailable_and_comes_back(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    hankvision_sim: HankvisionSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    hankvision_sim.faults.offline = True
    await poll(hass, freezer)
    assert state_of(hass, SD_CARD) == STATE_UNAVAILABLE

    hankvision_sim.faults.offline = False
    await poll(hass, freezer)
    assert state_of(hass, SD_CARD) == "mounted"


# -- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_id", "value", "where", "param", "code"),
    [
        (f"switch.{PREFIX}_mirror_horizontally", True, "basic_info", "MirrorHor", "1"),
        (f"switch.{PREFIX}_anti_fog", True, "basic_info", "AFGSwitch", "1"),
        (f"switch.{PREFIX}_motion_detection", False, "md_info", "MDEnable", "0"),
        (f"switch.{PREFIX}_audio", False, "audio_info", "AudioEnable", "0"),
        (f"number.{PREFIX}_hue", 200, "image_info", "Hue", "200"),
        (f"number.{PREFIX}_wdr_level", 50, "basic_info", "WDRLevel", "50"),
        (f"number.{PREFIX}_motion_sensitivity", 80, "md_info", "MDSensitivity", "80"),
        (f"number.{PREFIX}_audio_volume", 9, "audio_info", "AudioVolume", "9"),
        (f"select.{PREFIX}_ir_cut_mode", "night", "exposure_info", "ICRSwitch", "1"),
        (f"select.{PREFIX}_color_mode", "cold", "exposure_info", "ColorMode", "2"),
        (f"select.{PREFIX}_video_format", "ntsc", "image_info", "Format", "1"),
        (f"select.{PREFIX}_exposure_mode", "manual", "exposure_info", "ExposureMode", "2"),
    ],
)
async def test_setting_entities_write_the_camera_and_show_the_new_value(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    hankvision_sim: HankvisionSimulator,
    entity_id: str,
    value: object,
    where: str,
    param: str,
    code: str,
) -> None:
    domain = entity_id.split(".")[0]
    if domain == SWITCH_DOMAIN:
        name = SERVICE_TURN_ON if value else SERVICE_TURN_OFF
        await service(hass, domain, name, entity_id=entity_id)
        shown = STATE_ON if value else STATE_OFF
    elif domain == NUMBER_DOMAIN:
        await service(hass, domain, SERVICE_SET_VALUE, entity_id=entity_id, **{ATTR_VALUE: value})
        shown = str(value)
    else:
        await service(
            hass, domain, SERVICE_SELECT_OPTION, entity_id=entity_id, **{ATTR_OPTION: value}
        )
        shown = str(value)

    assert getattr(hankvision_sim, where)[param] == code
    assert state_of(hass, entity_id).removesuffix(".0") == shown


async def test_manual_recording_switch_starts_and_stops_recording(
    hass: HomeAssistant, loaded: MockConfigEntry, hankvision_sim: HankvisionSimulator
) -> None:
    entity_id = f"switch.{PREFIX}_manual_recording"
    await service(hass, SWITCH_DOMAIN, SERVICE_TURN_OFF, entity_id=entity_id)
    assert not hankvision_sim.recording

    await service(hass, SWITCH_DOMAIN, SERVICE_TURN_ON, entity_id=entity_id)
    assert hankvision_sim.recording


async def test_a_write_the_camera_refuses_raises_a_translated_error_with_its_text(
    hass: HomeAssistant, loaded: MockConfigEntry, hankvision_sim: HankvisionSimulator
) -> None:
    hankvision_sim.failing_groups.add("ImageInfo")

    with pytest.raises(HomeAssistantError) as raised:
        await service(
            hass, NUMBER_DOMAIN, SERVICE_SET_VALUE, entity_id=f"number.{PREFIX}_hue", value=10
        )

    assert raised.value.translation_key == "write_refused"
    assert raised.value.translation_placeholders is not None
    assert raised.value.translation_placeholders["setting"] == "hue"


async def test_a_code_less_camera_works_end_to_end(
    hass: HomeAssistant, hankvision_entry: MockConfigEntry, hankvision_sim: HankvisionSimulator
) -> None:
    hankvision_sim.result_without_code = True
    await setup_entry(hass, hankvision_entry)

    assert hankvision_entry.state is ConfigEntryState.LOADED
    await service(
        hass, SWITCH_DOMAIN, SERVICE_TURN_ON, entity_id=f"switch.{PREFIX}_mirror_vertically"
    )
    assert hankvision_sim.basic_info["MirrorVer"] == "1"


# -- credentials ---------------------------------------------------------------------------


async def test_a_camera_with_an_empty_admin_password_is_set_up(
    hass: HomeAssistant, hankvision_server: TestServer, hankvision_sim: HankvisionSimulator
) -> None:
    hankvision_sim.password = ""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=HANKVISION_MAC,
        data=entry_data(hankvision_server, vendor="hankvision", password=""),
    )
    await setup_entry(hass, entry)

    assert entry.state is ConfigEntryState.LOADED


async def test_a_wrong_password_costs_one_failed_login_and_starts_reauth(
    hass: HomeAssistant, hankvision_server: TestServer, hankvision_sim: HankvisionSimulator
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=HANKVISION_MAC,
        data=entry_data(hankvision_server, vendor="hankvision", password="wrong-password"),
    )
    await setup_entry(hass, entry)

    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert hankvision_sim.failed_logins == 1
    assert any(
        flow["context"]["source"] == SOURCE_REAUTH
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    )


# -- camera, buttons, PTZ ------------------------------------------------------------------


async def test_snapshot_is_the_jpeg_and_there_is_no_rtsp_by_default(
    hass: HomeAssistant, loaded: MockConfigEntry
) -> None:
    image = await async_get_image(hass, CAMERA)

    assert image.content.startswith(b"\xff\xd8")
    assert await async_get_stream_source(hass, CAMERA) is None


@pytest.mark.parametrize(("button", "expected"), [("reboot", None), ("ptz_auto_scan", "1")])
async def test_buttons_reach_the_camera(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    hankvision_sim: HankvisionSimulator,
    button: str,
    expected: str | None,
) -> None:
    await service(hass, BUTTON_DOMAIN, SERVICE_PRESS, entity_id=f"button.{PREFIX}_{button}")

    if button == "reboot":
        assert hankvision_sim.reboots == 1
    else:
        assert hankvision_sim.moving.get("AutoScan") == expected


async def test_ptz_move_with_a_duration_moves_then_stops(
    hass: HomeAssistant, live: MockConfigEntry, hankvision_sim: HankvisionSimulator
) -> None:
    await call(hass, "ptz_move", direction="down_left", speed=50, duration=0.05)

    assert ptz_commands(hankvision_sim) == [
        {"Direction": "6", "PanSpeed": "32", "TiltSpeed": "32"},
        {"Stop": "0"},
    ]
    assert not hankvision_sim.is_moving


async def test_absolute_position_and_patrol(
    hass: HomeAssistant, live: MockConfigEntry, hankvision_sim: HankvisionSimulator
) -> None:
    await call(hass, "ptz_position", pan=180, tilt=45.5, zoom=100)
    await call(hass, "ptz_patrol", action="start", mode="autopan_2")

    assert hankvision_sim.position == {"Pan": "18000", "Tilt": "4550", "ZoomPosition": "65535"}
    assert ptz_commands(hankvision_sim)[-1] == {"AutoPanNumber": "2", "AutoPan": "2"}


async def test_presets_are_listed_by_title_and_chosen_by_number(
    hass: HomeAssistant, live: MockConfigEntry, hankvision_sim: HankvisionSimulator
) -> None:
    entity_id = f"select.{PREFIX}_ptz_preset"
    state = hass.states.get(entity_id)
    assert state is not None
    titled = [o for o in state.attributes["options"] if not o.isdigit()]
    assert titled == [hankvision_sim.presets[n] for n in sorted(hankvision_sim.presets)]

    await service(hass, SELECT_DOMAIN, SERVICE_SELECT_OPTION, entity_id=entity_id, option=titled[0])

    first = min(hankvision_sim.presets)
    assert ptz_commands(hankvision_sim)[-1] == {"PresetNumber": str(first), "Preset": "1"}


async def test_removing_a_preset_is_not_supported(
    hass: HomeAssistant, live: MockConfigEntry, hankvision_sim: HankvisionSimulator
) -> None:
    with pytest.raises(ServiceValidationError):
        await call(hass, "ptz_preset", action="remove", preset=1)

    assert ptz_commands(hankvision_sim) == []


async def test_a_camera_without_ptz_has_no_ptz_entities_or_actions(
    hass: HomeAssistant, hankvision_entry: MockConfigEntry, hankvision_sim: HankvisionSimulator
) -> None:
    hankvision_sim.has_ptz = False
    await setup_entry(hass, hankvision_entry)

    assert hass.states.get(f"select.{PREFIX}_ptz_preset") is None
    assert hass.states.get(f"button.{PREFIX}_ptz_auto_scan") is None
    with pytest.raises(ServiceValidationError):
        await call(hass, "ptz_move", direction="up")
