"""Shared fixtures: custom integrations on, simulated cameras on loopback, config entries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ipcam_cgi.const import CONF_VENDOR, DOMAIN
from tests.simulator import FoscamMjpegSimulator

FOSCAM_MAC = "00:62:6e:4a:3c:d0"
USERNAME = "admin"
PASSWORD = "s3cret-Pa55"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom_components/ in every test."""


@pytest.fixture
def foscam_sim() -> FoscamMjpegSimulator:
    """A simulated Foscam MJPEG camera (not yet serving)."""
    return FoscamMjpegSimulator(username=USERNAME, password=PASSWORD)


@pytest.fixture
async def foscam_server(
    socket_enabled: None,
    aiohttp_server: Callable[..., Awaitable[TestServer]],
    foscam_sim: FoscamMjpegSimulator,
) -> TestServer:
    """The simulated Foscam camera serving on 127.0.0.1."""
    return await aiohttp_server(foscam_sim.app)


def entry_data(server: TestServer, **overrides: Any) -> dict[str, Any]:
    """Config entry data pointing at a simulator."""
    return {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: server.port,
        "ssl": False,
        "verify_ssl": True,
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_VENDOR: "foscam_mjpeg",
        **overrides,
    }


@pytest.fixture
def foscam_entry(foscam_server: TestServer) -> MockConfigEntry:
    """A config entry for the simulated Foscam camera (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id=FOSCAM_MAC,
        data=entry_data(foscam_server),
        options={"scan_interval": 2, "push": False, "stream": "auto", "invert_pan": False},
    )


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add and set up an entry, waiting for everything to settle."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
