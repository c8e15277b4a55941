"""Grandstream motion push: Event Notification calls Home Assistant's webhook."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ipcam_cgi.const import CONF_PUSH_PREVIOUS, CONF_WEBHOOK_ID, DOMAIN
from tests.components.conftest import HaClient
from tests.conftest import GRANDSTREAM_MAC, PASSWORD, entry_data, setup_entry
from tests.simulator import GrandstreamSimulator

MOTION = "binary_sensor.gsc3620_motion"
NVR_TARGET = "192.0.2.99:8080/events"


def push_entry(server: TestServer, **options: Any) -> MockConfigEntry:
    """A Grandstream entry with push on and polling slowed down."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="GSC3620 (127.0.0.1)",
        unique_id=GRANDSTREAM_MAC,
        data=entry_data(server, vendor="grandstream"),
        options={"scan_interval": 300, "push": True, "stream": "auto", **options},
    )


def motion_state(hass: HomeAssistant) -> str:
    """The motion sensor's state."""
    state = hass.states.get(MOTION)
    assert state is not None
    return state.state


async def push_motion(hass: HomeAssistant, sim: GrandstreamSimulator) -> None:
    """Motion starts on the camera; its notification is delivered and handled."""
    sim.trigger_motion(True)
    await sim.wait_for_callbacks()
    await hass.async_block_till_done()


async def test_push_configures_event_notification_for_the_webhook(
    hass: HomeAssistant,
    ha_server: HaClient,
    grandstream_server: TestServer,
    grandstream_sim: GrandstreamSimulator,
) -> None:
    entry = push_entry(grandstream_server)
    await setup_entry(hass, entry)

    params = grandstream_sim.params
    webhook_id = entry.data[CONF_WEBHOOK_ID]
    assert params["P15410"] == "1"
    assert params["P15417"] == "1"
    assert params["P15553"] == "0"
    # "Format ip:port/path": no scheme, P15417 says HTTP.
    assert params["P15413"] == f"127.0.0.1:{ha_server.port}/api/webhook/{webhook_id}"
    assert entry.runtime_data.coordinator.push.channel == "push"


async def test_pushed_motion_reaches_the_binary_sensor_without_polling(
    hass: HomeAssistant,
    ha_server: HaClient,
    grandstream_server: TestServer,
    grandstream_sim: GrandstreamSimulator,
) -> None:
    entry = push_entry(grandstream_server)
    await setup_entry(hass, entry)
    assert motion_state(hass) == STATE_OFF
    start = len(grandstream_sim.requests)

    await push_motion(hass, grandstream_sim)

    assert len(grandstream_sim.notifications) == 1
    assert motion_state(hass) == STATE_ON
    # The notification names the motion alarm: no status read was needed.
    assert grandstream_sim.requests[start:] == []
    assert entry.runtime_data.coordinator.push.received == 1


async def test_push_survives_a_restart_of_home_assistant(
    hass: HomeAssistant,
    ha_server: HaClient,
    grandstream_server: TestServer,
    grandstream_sim: GrandstreamSimulator,
) -> None:
    entry = push_entry(grandstream_server)
    await setup_entry(hass, entry)
    webhook_id = entry.data[CONF_WEBHOOK_ID]
    previous = entry.data[CONF_PUSH_PREVIOUS]

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await push_motion(hass, grandstream_sim)

    assert entry.data[CONF_WEBHOOK_ID] == webhook_id
    assert entry.data[CONF_PUSH_PREVIOUS] == previous
    assert motion_state(hass) == STATE_ON


async def test_removing_the_entry_restores_the_previous_event_notification(
    hass: HomeAssistant,
    ha_server: HaClient,
    grandstream_server: TestServer,
    grandstream_sim: GrandstreamSimulator,
) -> None:
    grandstream_sim.params.update({"P15410": "1", "P15413": NVR_TARGET, "P15553": "1"})
    entry = push_entry(grandstream_server)
    await setup_entry(hass, entry)
    assert grandstream_sim.params["P15413"] != NVR_TARGET

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert grandstream_sim.params["P15410"] == "1"
    assert grandstream_sim.params["P15413"] == NVR_TARGET
    assert grandstream_sim.params["P15553"] == "1"


async def test_turning_push_off_disables_event_notification_again(
    hass: HomeAssistant,
    ha_server: HaClient,
    grandstream_server: TestServer,
    grandstream_sim: GrandstreamSimulator,
) -> None:
    entry = push_entry(grandstream_server)
    await setup_entry(hass, entry)

    hass.config_entries.async_update_entry(entry, options={**entry.options, "push": False})
    await hass.async_block_till_done()

    assert grandstream_sim.params["P15410"] == "0"
    assert grandstream_sim.params["P15413"] == ""
    assert CONF_PUSH_PREVIOUS not in entry.data


async def test_https_home_assistant_url_selects_https_notifications(
    hass: HomeAssistant, grandstream_server: TestServer, grandstream_sim: GrandstreamSimulator
) -> None:
    await async_process_ha_core_config(hass, {"internal_url": "https://192.0.2.10:8443"})
    entry = push_entry(grandstream_server)
    await setup_entry(hass, entry)

    assert grandstream_sim.params["P15417"] == "2"
    assert grandstream_sim.params["P15413"].startswith("192.0.2.10:8443/api/webhook/")


@pytest.mark.usefixtures("ha_server")
async def test_a_notification_without_motion_makes_the_integration_read_the_status(
    hass: HomeAssistant, grandstream_server: TestServer, grandstream_sim: GrandstreamSimulator
) -> None:
    entry = push_entry(grandstream_server)
    await setup_entry(hass, entry)
    grandstream_sim.params["P15416"] = '{"content": "Input alarm"}'
    grandstream_sim.motion = True
    start = len(grandstream_sim.requests)

    grandstream_sim.trigger_motion(True)
    await grandstream_sim.wait_for_callbacks()
    await hass.async_block_till_done()

    reads = [r.query.get("cmd") for r in grandstream_sim.requests[start:]]
    assert reads == ["api_get_data"]
    assert motion_state(hass) == STATE_ON


async def test_diagnostics_hold_no_password_session_or_webhook_id(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    grandstream_server: TestServer,
    grandstream_sim: GrandstreamSimulator,
) -> None:
    await async_process_ha_core_config(hass, {"internal_url": "http://192.0.2.10:8123"})
    entry = push_entry(grandstream_server)
    await setup_entry(hass, entry)
    # The event module answers the admin password in clear (P2); read it into the history.
    await entry.runtime_data.coordinator.client.async_read_settings()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    text = json.dumps(diagnostics)
    assert diagnostics["raw_exchanges"]
    assert PASSWORD not in text
    assert entry.data[CONF_WEBHOOK_ID] not in text
    for login in grandstream_sim.session_tokens():
        assert login not in text
    assert "<P2>**REDACTED**</P2>" in text
