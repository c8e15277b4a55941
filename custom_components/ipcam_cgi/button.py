"""Buttons: one-shot commands (reboot, PTZ center, ...)."""

from __future__ import annotations

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import IpcamConfigEntry
from .entity import IpcamEntity
from .ptz import async_device_call

PARALLEL_UPDATES = 1

BUTTONS: tuple[ButtonEntityDescription, ...] = (
    ButtonEntityDescription(
        key="reboot",
        translation_key="reboot",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
    ),
    ButtonEntityDescription(key="trigger_alarm_input", translation_key="trigger_alarm_input"),
    ButtonEntityDescription(key="ptz_center", translation_key="ptz_center"),
    ButtonEntityDescription(key="ptz_auto_scan", translation_key="ptz_auto_scan"),
    ButtonEntityDescription(key="ptz_home", translation_key="ptz_home"),
    ButtonEntityDescription(key="autofocus", translation_key="autofocus"),
    ButtonEntityDescription(key="one_key_focus", translation_key="one_key_focus"),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a button for each command the camera has."""
    coordinator = entry.runtime_data.coordinator
    buttons = coordinator.capabilities.buttons
    async_add_entities(
        IpcamButton(coordinator, description)
        for description in BUTTONS
        if description.key in buttons
    )


class IpcamButton(IpcamEntity, ButtonEntity):
    """A one-shot command."""

    async def async_press(self) -> None:
        """Send the command."""
        key = self.entity_description.key
        await async_device_call(self.coordinator, key, self.coordinator.client.async_press, key)
