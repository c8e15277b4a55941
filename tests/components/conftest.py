"""Fixtures of the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from unittest.mock import PropertyMock, patch

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
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


# snapshot_platform's checks on the registry fields that describe our entities: the entry's
# full form changes between Home Assistant versions (2026 adds fields, stores `aliases` as a
# list, keys `capabilities` and state attributes by enum). The states carry min/max/options.
REGISTRY_FIELDS = (
    "entity_id",
    "unique_id",
    "translation_key",
    "original_name",
    "original_device_class",
    "original_icon",
    "entity_category",
    "has_entity_name",
    "supported_features",
    "unit_of_measurement",
    "disabled_by",
)
# A longer list attribute (256 PTZ presets) is shown by its length.
_LISTED_IN_FULL = 32


def assert_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every entity of one platform of the entry, registry entry and state, as snapshotted."""
    entries = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert entries
    assert {registered.domain for registered in entries} == {platform}
    for registered in entries:
        assert registered.disabled_by is None, "enable every entity for the snapshot"
        described = {field: getattr(registered, field) for field in REGISTRY_FIELDS}
        assert described == snapshot(name=f"{registered.entity_id}-entry")
        state = hass.states.get(registered.entity_id)
        assert state is not None
        attributes = {
            str(key): f"{len(value)} items"
            if isinstance(value, list) and len(value) > _LISTED_IN_FULL
            else value
            for key, value in state.attributes.items()
        }
        shown = {"state": state.state, "attributes": attributes}
        assert shown == snapshot(name=f"{registered.entity_id}-state")
