"""Fixtures of the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from unittest.mock import PropertyMock, patch

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

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


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in Home Assistant's format."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def enable_all_entities() -> Iterator[None]:
    """Register every entity enabled, including the ones disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


async def poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float = 2) -> None:
    """Let the coordinator's poll timer fire and its refresh finish."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    """The state of an entity that must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state
