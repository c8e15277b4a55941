"""Recorded cameras (diagnostics downloads) replayed through the real client."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from custom_components.ipcam_cgi.client import ConnectionConfig, Vendor, create_client, detect
from tests.simulator.replay import load_exchanges, replay_app

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
async def fi8918w(socket_enabled, aiohttp_server):
    exchanges = load_exchanges(FIXTURES / "foscam_mjpeg" / "fi8918w_diagnostics.json")
    server = await aiohttp_server(replay_app(exchanges))
    async with aiohttp.ClientSession() as session:
        yield session, ConnectionConfig(host="127.0.0.1", port=server.port, password="x")


async def test_recorded_fi8918w_is_detected_as_foscam_mjpeg(fi8918w) -> None:
    session, config = fi8918w
    assert await detect(session, config) is Vendor.FOSCAM_MJPEG


async def test_recorded_fi8918w_identity_status_and_settings(fi8918w) -> None:
    session, config = fi8918w
    client = create_client(Vendor.FOSCAM_MJPEG, session, config)
    device = await client.async_identify()
    assert device.mac == "00:62:6e:4a:3c:d0"
    assert device.name == "Porch"
    assert device.firmware == "11.37.2.49"
    status = await client.async_fast_status()
    assert status.events == {"motion": True, "input_alarm": False, "sound": False}
    settings = await client.async_read_settings()
    assert settings["motion_detection"] is True
    assert settings["motion_sensitivity"] == 3
    assert settings["alarm_http"] is False
    assert settings["brightness"] == 160
    assert settings["power_frequency"] == "60hz"
    assert settings["flip"] == "both"
    assert settings["led_mode"] == "off"
    assert settings["resolution"] == "640x480"
