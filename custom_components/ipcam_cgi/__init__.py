"""IP cameras that speak their vendor's CGI/HTTP API."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryNotReady

from .client import CameraError, Feature, Vendor, VendorClient
from .const import CONF_PUSH_PREVIOUS, CONF_VENDOR, LOGGER
from .coordinator import IpcamCoordinator
from .data import IpcamConfigEntry, IpcamRuntimeData
from .errors import translated_camera_errors
from .event_stream import EventStreamListener
from .issues import async_clear_all
from .push import PushReceiver, previous_target
from .session import build_client

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CAMERA,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup_entry(hass: HomeAssistant, entry: IpcamConfigEntry) -> bool:
    """Identify the camera, start polling (and push), and set up the platforms."""
    client, owned_session = build_client(
        hass, Vendor(entry.data[CONF_VENDOR]), entry.data, entry.options
    )
    if owned_session is not None:
        entry.async_on_unload(owned_session.detach)
    with translated_camera_errors(ConfigEntryNotReady, "cannot_connect"):
        device = await client.async_identify()
        capabilities = await client.async_capabilities()

    coordinator = IpcamCoordinator(hass, entry, client, device, capabilities)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = IpcamRuntimeData(coordinator=coordinator)

    # The camera's own event stream changes nothing on the camera: nothing to set or restore.
    stream = coordinator.push.enabled and capabilities.has(Feature.EVENT_STREAM)
    if coordinator.push.enabled and not stream and capabilities.has(Feature.PUSH):
        receiver = PushReceiver(hass, entry, coordinator)
        entry.runtime_data.push = receiver
        entry.async_on_unload(receiver.async_stop)
        await receiver.async_start()
    elif not stream:
        coordinator.push.enabled = False
        if await _async_restore_push(entry, client):
            data = {k: v for k, v in entry.data.items() if k != CONF_PUSH_PREVIOUS}
            hass.config_entries.async_update_entry(entry, data=data)

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    if stream:
        EventStreamListener(hass, entry, coordinator).async_start()
    return True


async def _async_options_updated(hass: HomeAssistant, entry: IpcamConfigEntry) -> None:
    """Options change polling, push and streams: reload to apply them."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: IpcamConfigEntry) -> bool:
    """Unload the platforms; the client holds nothing else but its session."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.coordinator.client.async_close()
    return unloaded


async def _async_restore_push(entry: IpcamConfigEntry, client: VendorClient) -> bool:
    """Give the camera back the push setting it had before we changed it; True if done."""
    target = previous_target(entry)
    if target is None:
        return False
    try:
        await client.async_push_restore(target)
    except CameraError as err:
        LOGGER.warning("Could not restore the push setting of %s: %s", entry.title, err)
        return False
    return True


async def async_remove_entry(hass: HomeAssistant, entry: IpcamConfigEntry) -> None:
    """On removal, restore the camera's own push setting and clear our repair issues."""
    async_clear_all(hass, entry)
    if previous_target(entry) is None:
        return
    client, owned_session = build_client(
        hass, Vendor(entry.data[CONF_VENDOR]), entry.data, entry.options
    )
    try:
        await _async_restore_push(entry, client)
    finally:
        await client.async_close()
        if owned_session is not None:
            owned_session.detach()
