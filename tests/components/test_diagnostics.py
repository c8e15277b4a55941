"""Diagnostics of a Foscam camera: content, redaction, and raw exchanges usable as fixtures."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.ipcam_cgi.const import CONF_WEBHOOK_ID, DOMAIN
from tests.conftest import FOSCAM_MAC, PASSWORD, USERNAME, entry_data, setup_entry
from tests.simulator import FoscamMjpegSimulator

REDACTED = "**REDACTED**"
NVR_URL = "http://192.0.2.99/alarm.cgi"


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in Home Assistant's format."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
async def push_entry(
    hass: HomeAssistant, foscam_server: TestServer, foscam_sim: FoscamMjpegSimulator
) -> MockConfigEntry:
    """A loaded entry with push on (so the webhook id and previous callback are stored)."""
    await async_process_ha_core_config(hass, {"internal_url": "http://192.0.2.10:8123"})
    foscam_sim.params["alarm_http_url"] = NVR_URL
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id=FOSCAM_MAC,
        data=entry_data(foscam_server),
        options={"scan_interval": 2, "push": True, "stream": "auto", "invert_pan": False},
    )
    await setup_entry(hass, entry)
    return entry


@pytest.fixture
async def diagnostics(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, push_entry: MockConfigEntry
) -> dict[str, Any]:
    """The entry's diagnostics, as downloaded."""
    return dict(await get_diagnostics_for_config_entry(hass, hass_client, push_entry))


async def test_diagnostics_match_snapshot(
    diagnostics: dict[str, Any], snapshot: SnapshotAssertion
) -> None:
    # The simulator's port is random, the raw answers carry the device clock, and the
    # request count follows the transport's auth handshake (asserted on its own below).
    assert diagnostics == snapshot(exclude=props("port", "raw_exchanges", "requests_sent"))


async def test_transport_reports_its_auth_and_request_count(diagnostics: dict[str, Any]) -> None:
    transport = diagnostics["transport"]
    assert transport["auth"] == "basic"
    assert transport["requests_sent"] >= len(diagnostics["raw_exchanges"]) > 0


async def test_entry_secrets_are_redacted(diagnostics: dict[str, Any]) -> None:
    data = diagnostics["entry"]["data"]
    assert data["password"] == REDACTED
    assert data["username"] == REDACTED
    assert data[CONF_WEBHOOK_ID] == REDACTED
    assert data["push_previous"] == REDACTED
    assert data["host"] == "127.0.0.1"
    assert data["vendor"] == "foscam_mjpeg"


async def test_device_identifiers_are_redacted(diagnostics: dict[str, Any]) -> None:
    device = diagnostics["device"]
    assert device["mac"] == REDACTED
    assert device["serial"] == REDACTED
    assert device["model"] == "MJPEG IP camera"
    assert device["firmware"] == "11.37.2.49"


async def test_no_secret_appears_anywhere(
    diagnostics: dict[str, Any], push_entry: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    dump = json.dumps(diagnostics).lower()
    secrets = [
        PASSWORD,
        push_entry.data[CONF_WEBHOOK_ID],
        FOSCAM_MAC,
        FOSCAM_MAC.replace(":", ""),
        NVR_URL,
        foscam_sim.params["wifi_wpa_psk"],
        foscam_sim.params["mail_pwd"],
        foscam_sim.params["ftp_pwd"],
    ]
    for secret in secrets:
        assert secret.lower() not in dump, secret


async def test_username_does_not_appear_as_a_value(diagnostics: dict[str, Any]) -> None:
    raw = json.dumps(diagnostics["raw_exchanges"])
    assert f"user1_name='{USERNAME}'" not in raw
    assert "var user1_name='**REDACTED**';" in raw


async def test_raw_exchanges_hold_the_last_requests(diagnostics: dict[str, Any]) -> None:
    # Only answered requests: an auth handshake's 401 may sit in between.
    paths = [
        exchange["path"] for exchange in diagnostics["raw_exchanges"] if exchange["status"] == 200
    ]
    assert paths[:2] == ["/get_status.cgi", "/get_params.cgi"]
    assert {"/get_camera_params.cgi", "/get_misc.cgi"} <= set(paths)
    assert paths[-1] == f"/set_alarm.cgi?http=1&http_url={REDACTED}"


async def test_raw_exchanges_keep_the_answer_shape_with_passwords_redacted(
    diagnostics: dict[str, Any],
) -> None:
    params = next(
        exchange
        for exchange in diagnostics["raw_exchanges"]
        if exchange["path"] == "/get_params.cgi"
    )
    body = params["body"]
    assert "var user1_pwd='**REDACTED**';" in body
    assert "var alarm_http_url='**REDACTED**';" in body
    assert "var alarm_motion_armed=0;" in body
    assert "var id='**REDACTED**';" in body
    assert PASSWORD not in body


async def test_motion_channel_reports_push_health(diagnostics: dict[str, Any]) -> None:
    assert diagnostics["motion_channel"] == {
        "channel": "push",
        "enabled": True,
        "url_reachable": True,
        "received": 0,
        "missed": 0,
        "last_received": None,
        "error": None,
        "stream": False,
        "stream_connected": False,
        "stream_connects": 0,
        "stream_losses": 0,
    }


async def test_state_reports_events_and_settings(diagnostics: dict[str, Any]) -> None:
    state = diagnostics["state"]
    assert state["last_update_success"] is True
    assert state["settings_available"] is True
    assert state["events"] == {"motion": False, "input_alarm": False, "sound": False}
    assert state["values"]["brightness"] == 128
    assert state["values"]["resolution"] == "640x480"


@pytest.mark.parametrize("device_id", ["NOT-A-MAC-42", ""])
async def test_camera_without_a_mac_id_still_has_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    device_id: str,
) -> None:
    foscam_sim.mac = device_id
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id="foscam_mjpeg_front_door",
        data=entry_data(foscam_server),
    )
    await setup_entry(hass, entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert diagnostics["device"]["mac"] is None
    status = diagnostics["raw_exchanges"][0]
    assert status["path"] == "/get_status.cgi"
    expected = "var id='**REDACTED**';" if device_id else "var id='';"
    assert expected in status["body"]
