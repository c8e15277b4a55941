"""Motion push: the simulated camera calls Home Assistant's webhook; polling is the safety net."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ipcam_cgi.const import (
    CONF_PUSH_PREVIOUS,
    CONF_WEBHOOK_ID,
    DOMAIN,
    PUSH_GRACE,
)
from custom_components.ipcam_cgi.push import loopback_url_for_remote_camera
from tests.components.conftest import HaClient, poll, state_of
from tests.conftest import FOSCAM_MAC, entry_data, setup_entry
from tests.simulator import FoscamMjpegSimulator

MOTION = "binary_sensor.front_door_motion"
# An address the simulated camera is never asked to call (motion is not armed there).
REMOTE_HA_URL = "http://192.0.2.10:8123"
NVR_URL = "http://192.0.2.99/alarm.cgi"


def push_entry(server: TestServer, *, host: str = "127.0.0.1", **options: Any) -> MockConfigEntry:
    """A config entry with push on; polling slowed down unless a test says otherwise."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id=FOSCAM_MAC,
        data=entry_data(server, host=host),
        options={"scan_interval": 300, "push": True, "stream": "auto", **options},
    )


def issue(hass: HomeAssistant, kind: str, entry: MockConfigEntry) -> ir.IssueEntry | None:
    """The entry's repair issue of this kind, if raised."""
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{kind}_{entry.entry_id}")


def motion_state(hass: HomeAssistant) -> str:
    """The motion sensor's state."""
    return state_of(hass, MOTION)


def status_reads(sim: FoscamMjpegSimulator, since: int = 0) -> int:
    """How many get_status.cgi requests the camera received from request `since` on."""
    return sum(1 for request in sim.requests[since:] if request.path == "/get_status.cgi")


@pytest.fixture
async def remote_url(hass: HomeAssistant) -> None:
    """Home Assistant's internal URL is a LAN address."""
    await async_process_ha_core_config(hass, {"internal_url": REMOTE_HA_URL})


@pytest.fixture
def loopback_only_host() -> Iterator[None]:
    """A host whose only address is loopback: Home Assistant detects no usable local IP."""
    with patch("homeassistant.components.http.async_get_source_ip", return_value="127.0.0.1"):
        yield


# -- pointing the camera at Home Assistant ---------------------------------------------------


@pytest.mark.usefixtures("remote_url")
async def test_push_points_the_camera_at_the_webhook(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    webhook_id = entry.data[CONF_WEBHOOK_ID]
    assert len(webhook_id) >= 32
    assert foscam_sim.params["alarm_http"] == "1"
    assert foscam_sim.params["alarm_http_url"] == f"{REMOTE_HA_URL}/api/webhook/{webhook_id}"
    assert entry.runtime_data.coordinator.push.channel == "push"


@pytest.mark.usefixtures("remote_url")
async def test_previous_callback_is_kept_in_the_entry(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.params["alarm_http"] = "1"
    foscam_sim.params["alarm_http_url"] = NVR_URL
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    assert entry.data[CONF_PUSH_PREVIOUS] == {"http": "1", "http_url": NVR_URL}


@pytest.mark.usefixtures("remote_url")
async def test_reload_keeps_the_original_callback_as_previous(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.params["alarm_http_url"] = NVR_URL
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    webhook_id = entry.data[CONF_WEBHOOK_ID]
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.data[CONF_WEBHOOK_ID] == webhook_id
    assert entry.data[CONF_PUSH_PREVIOUS] == {"http": "0", "http_url": NVR_URL}


# -- pushes arriving ---------------------------------------------------------------------------


async def test_camera_push_turns_motion_on_without_polling(
    hass: HomeAssistant,
    ha_server: HaClient,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
) -> None:
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    assert foscam_sim.params["alarm_http_url"].startswith(f"http://127.0.0.1:{ha_server.port}/")
    foscam_sim.params["alarm_motion_armed"] = "1"
    assert motion_state(hass) == STATE_OFF
    start = len(foscam_sim.requests)
    foscam_sim.trigger_motion()
    await foscam_sim.wait_for_callbacks()
    await hass.async_block_till_done()
    assert foscam_sim.callbacks_sent == [foscam_sim.params["alarm_http_url"]]
    assert motion_state(hass) == STATE_ON
    assert status_reads(foscam_sim, start) == 1
    assert entry.runtime_data.coordinator.push.received == 1


@pytest.mark.usefixtures("remote_url")
async def test_webhook_hit_reads_the_status_once(
    hass: HomeAssistant,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    path = f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}"
    assert foscam_sim.params["alarm_http_url"].endswith(path)
    client = await hass_client_no_auth()
    foscam_sim.trigger_sound()
    start = len(foscam_sim.requests)
    response = await client.get(path)
    assert response.status == 200
    await hass.async_block_till_done()
    assert paths_since(foscam_sim, start) == ["/get_status.cgi"]
    assert state_of(hass, "binary_sensor.front_door_sound") == STATE_ON


def paths_since(sim: FoscamMjpegSimulator, start: int) -> list[str]:
    """The paths the camera received from request `start` on."""
    return [request.path for request in sim.requests[start:]]


@pytest.mark.usefixtures("remote_url")
async def test_push_while_the_camera_does_not_answer_changes_nothing(
    hass: HomeAssistant,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    client = await hass_client_no_auth()
    foscam_sim.trigger_motion()
    foscam_sim.faults.offline = True
    response = await client.get(f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}")
    assert response.status == 200
    await hass.async_block_till_done()
    assert motion_state(hass) == STATE_OFF


@pytest.mark.usefixtures("remote_url")
async def test_unknown_webhook_id_changes_nothing(
    hass: HomeAssistant,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    await setup_entry(hass, push_entry(foscam_server))
    client = await hass_client_no_auth()
    foscam_sim.trigger_motion()
    start = len(foscam_sim.requests)
    await client.get("/api/webhook/not-ours")
    await hass.async_block_till_done()
    assert paths_since(foscam_sim, start) == []
    assert motion_state(hass) == STATE_OFF


# -- giving the camera its setting back --------------------------------------------------------


@pytest.mark.usefixtures("remote_url")
async def test_removing_the_entry_restores_the_previous_callback(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.params["alarm_http"] = "1"
    foscam_sim.params["alarm_http_url"] = NVR_URL
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    assert foscam_sim.params["alarm_http_url"] != NVR_URL
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert foscam_sim.params["alarm_http"] == "1"
    assert foscam_sim.params["alarm_http_url"] == NVR_URL


@pytest.mark.usefixtures("remote_url")
async def test_turning_push_off_restores_the_previous_callback_at_reload(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.params["alarm_http_url"] = NVR_URL
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    assert foscam_sim.params["alarm_http"] == "1"
    hass.config_entries.async_update_entry(entry, options={**entry.options, "push": False})
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert foscam_sim.params["alarm_http"] == "0"
    assert foscam_sim.params["alarm_http_url"] == NVR_URL
    assert CONF_PUSH_PREVIOUS not in entry.data
    assert entry.runtime_data.coordinator.push.channel == "poll"


@pytest.mark.usefixtures("remote_url")
async def test_failed_restore_keeps_the_previous_setting_for_later(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.params["alarm_http_url"] = NVR_URL
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    foscam_sim.faults.http_status = 500
    foscam_sim.faults.paths = frozenset({"/set_alarm.cgi"})
    hass.config_entries.async_update_entry(entry, options={**entry.options, "push": False})
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data[CONF_PUSH_PREVIOUS] == {"http": "0", "http_url": NVR_URL}
    foscam_sim.faults.clear()
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert foscam_sim.params["alarm_http_url"] == NVR_URL


@pytest.mark.usefixtures("remote_url")
async def test_removing_an_entry_without_push_leaves_the_camera_alone(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    entry = push_entry(foscam_server, push=False)
    await setup_entry(hass, entry)
    start = len(foscam_sim.requests)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert paths_since(foscam_sim, start) == []


# -- no usable URL -----------------------------------------------------------------------------


@pytest.mark.usefixtures("loopback_only_host")
async def test_no_url_raises_a_repair_issue(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    found = issue(hass, "push_no_url", entry)
    assert found is not None
    assert found.translation_key == "push_no_url"
    assert found.translation_placeholders == {"name": entry.title, "reason": "no_url"}
    assert foscam_sim.params["alarm_http"] == "0"
    assert CONF_PUSH_PREVIOUS not in entry.data
    assert entry.runtime_data.coordinator.push.channel == "poll"


@pytest.mark.usefixtures("loopback_only_host")
async def test_polling_still_works_without_a_push_url(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
) -> None:
    await setup_entry(hass, push_entry(foscam_server, scan_interval=2))
    foscam_sim.trigger_motion()
    await poll(hass, freezer, 2)
    assert motion_state(hass) == STATE_ON


async def test_loopback_url_for_a_remote_camera_raises_a_repair_issue(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    await async_process_ha_core_config(hass, {"internal_url": "http://127.0.0.1:8123"})
    entry = push_entry(foscam_server)
    # The simulator only listens on loopback: pretend it is elsewhere on the network (the
    # decision itself is tested with real addresses in test_loopback_decision).
    with patch(
        "custom_components.ipcam_cgi.push.loopback_url_for_remote_camera", return_value=True
    ):
        await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    found = issue(hass, "push_no_url", entry)
    assert found is not None
    assert found.translation_placeholders == {"name": entry.title, "reason": "loopback_url"}
    assert foscam_sim.params["alarm_http"] == "0"


async def test_loopback_url_for_a_loopback_camera_is_used(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    await async_process_ha_core_config(hass, {"internal_url": "http://127.0.0.1:8123"})
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    assert issue(hass, "push_no_url", entry) is None
    assert foscam_sim.params["alarm_http_url"].startswith("http://127.0.0.1:8123/api/webhook/")


async def test_a_usable_url_clears_the_no_url_issue(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    entry = push_entry(foscam_server)
    with patch("homeassistant.components.http.async_get_source_ip", return_value="127.0.0.1"):
        await setup_entry(hass, entry)
    assert issue(hass, "push_no_url", entry) is not None
    await async_process_ha_core_config(hass, {"internal_url": REMOTE_HA_URL})
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert issue(hass, "push_no_url", entry) is None


@pytest.mark.usefixtures("loopback_only_host")
async def test_removing_the_entry_clears_its_repair_issues(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    assert issue(hass, "push_no_url", entry) is not None
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert issue(hass, "push_no_url", entry) is None


@pytest.mark.usefixtures("remote_url")
async def test_camera_refusing_the_push_setting_leaves_polling_only(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.faults.http_status = 500
    foscam_sim.faults.paths = frozenset({"/set_alarm.cgi"})
    entry = push_entry(foscam_server)
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    push = entry.runtime_data.coordinator.push
    assert push.channel == "poll"
    assert push.error is not None
    assert "HTTP 500" in push.error
    assert CONF_PUSH_PREVIOUS not in entry.data


# -- pushes that never arrive ----------------------------------------------------------------


async def see_motion_by_polling(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, sim: FoscamMjpegSimulator
) -> None:
    """One motion event that polling sees start and end, past the push grace period."""
    sim.trigger_motion()
    await poll(hass, freezer, 2)
    assert motion_state(hass) == STATE_ON
    sim.trigger_motion(on=False)
    await poll(hass, freezer, PUSH_GRACE.total_seconds() + 1)


@pytest.mark.usefixtures("remote_url")
async def test_three_missed_pushes_raise_a_repair_issue(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
) -> None:
    entry = push_entry(foscam_server, scan_interval=2)
    await setup_entry(hass, entry)
    for _ in range(2):
        await see_motion_by_polling(hass, freezer, foscam_sim)
    assert issue(hass, "push_not_received", entry) is None
    await see_motion_by_polling(hass, freezer, foscam_sim)
    found = issue(hass, "push_not_received", entry)
    assert found is not None
    assert found.translation_key == "push_not_received"
    assert entry.runtime_data.coordinator.push.missed == 3


@pytest.mark.usefixtures("remote_url")
async def test_a_webhook_hit_clears_the_missed_push_issue(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    entry = push_entry(foscam_server, scan_interval=2)
    await setup_entry(hass, entry)
    for _ in range(3):
        await see_motion_by_polling(hass, freezer, foscam_sim)
    assert issue(hass, "push_not_received", entry) is not None
    client = await hass_client_no_auth()
    response = await client.get(f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}")
    assert response.status == 200
    await hass.async_block_till_done()
    assert issue(hass, "push_not_received", entry) is None
    assert entry.runtime_data.coordinator.push.missed == 0


@pytest.mark.usefixtures("remote_url")
async def test_pushed_events_are_not_counted_as_missed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    entry = push_entry(foscam_server, scan_interval=2)
    await setup_entry(hass, entry)
    client = await hass_client_no_auth()
    webhook = f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}"
    for _ in range(3):
        foscam_sim.trigger_motion()
        assert (await client.get(webhook)).status == 200
        await poll(hass, freezer, 2)
        foscam_sim.trigger_motion(on=False)
        await poll(hass, freezer, PUSH_GRACE.total_seconds() + 1)
    assert entry.runtime_data.coordinator.push.missed == 0
    assert issue(hass, "push_not_received", entry) is None


@pytest.mark.usefixtures("remote_url")
async def test_push_arriving_late_within_the_grace_period_is_not_missed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    entry = push_entry(foscam_server, scan_interval=2)
    await setup_entry(hass, entry)
    client = await hass_client_no_auth()
    foscam_sim.trigger_motion()
    await poll(hass, freezer, 2)
    freezer.tick(timedelta(seconds=3))
    assert (await client.get(f"/api/webhook/{entry.data[CONF_WEBHOOK_ID]}")).status == 200
    foscam_sim.trigger_motion(on=False)
    await poll(hass, freezer, PUSH_GRACE.total_seconds() + 1)
    assert entry.runtime_data.coordinator.push.missed == 0


async def test_missed_pushes_are_not_counted_while_polling_only(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    loopback_only_host: None,
) -> None:
    entry = push_entry(foscam_server, scan_interval=2)
    await setup_entry(hass, entry)
    for _ in range(3):
        await see_motion_by_polling(hass, freezer, foscam_sim)
    assert entry.runtime_data.coordinator.push.missed == 0
    assert issue(hass, "push_not_received", entry) is None


@pytest.mark.parametrize(
    ("url", "camera_host", "unreachable"),
    [
        ("http://127.0.0.1:8123/api/webhook/x", "192.168.1.20", True),
        ("http://localhost:8123/api/webhook/x", "cam.lan", True),
        ("http://[::1]:8123/api/webhook/x", "10.0.0.5", True),
        ("http://127.0.0.1:8123/api/webhook/x", "127.0.0.1", False),
        ("http://127.0.0.1:8123/api/webhook/x", "localhost", False),
        ("http://192.168.1.2:8123/api/webhook/x", "192.168.1.20", False),
        ("http://homeassistant.local:8123/api/webhook/x", "192.168.1.20", False),
    ],
)
def test_loopback_decision(url: str, camera_host: str, unreachable: bool) -> None:
    assert loopback_url_for_remote_camera(url, camera_host) is unreachable
