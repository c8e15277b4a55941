"""Fixtures of the integration tests."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

type HaClient = TestClient[web.Request, web.Application]


@pytest.fixture
async def ha_server(hass: HomeAssistant, hass_client: ClientSessionGenerator) -> HaClient:
    """Home Assistant's HTTP app serving on 127.0.0.1, its internal URL pointing there.

    The components that add HTTP views are set up first: the router is frozen once the
    server runs.
    """
    for component in ("http", "webhook", "camera"):
        assert await async_setup_component(hass, component, {})
    client = await hass_client()
    await async_process_ha_core_config(hass, {"internal_url": f"http://127.0.0.1:{client.port}"})
    return client
