"""Switches: on/off settings of the camera."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import SettingKind
from .data import IpcamConfigEntry
from .entity import IpcamSettingEntity, setting_descriptions

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class IpcamSwitchDescription(SwitchEntityDescription):
    """A switch bound to the camera setting of the same key."""


SWITCHES: tuple[IpcamSwitchDescription, ...] = (
    IpcamSwitchDescription(key="motion_detection", translation_key="motion_detection"),
    IpcamSwitchDescription(key="sound_detection", translation_key="sound_detection"),
    IpcamSwitchDescription(key="input_armed", translation_key="input_armed"),
    IpcamSwitchDescription(
        key="alarm_mail",
        translation_key="alarm_mail",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
    IpcamSwitchDescription(
        key="alarm_http",
        translation_key="alarm_http",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
    IpcamSwitchDescription(key="io_output", translation_key="io_output"),
    IpcamSwitchDescription(key="tamper_detection", translation_key="tamper_detection"),
    *(
        IpcamSwitchDescription(
            key=f"output_{number}",
            translation_key="output",
            translation_placeholders={"number": str(number)},
        )
        for number in range(1, 9)
    ),
    IpcamSwitchDescription(key="relay", translation_key="relay"),
    IpcamSwitchDescription(key="led", translation_key="led"),
    IpcamSwitchDescription(key="osd", translation_key="osd", entity_category=EntityCategory.CONFIG),
    # The night sensitivity and threshold apply only while this is on.
    IpcamSwitchDescription(
        key="night_motion_parameters",
        translation_key="night_motion_parameters",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
    IpcamSwitchDescription(key="wdr", translation_key="wdr", entity_category=EntityCategory.CONFIG),
    IpcamSwitchDescription(key="manual_recording", translation_key="manual_recording"),
    IpcamSwitchDescription(
        key="audio", translation_key="audio", entity_category=EntityCategory.CONFIG
    ),
    IpcamSwitchDescription(
        key="mirror_horizontal",
        translation_key="mirror_horizontal",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamSwitchDescription(
        key="mirror_vertical",
        translation_key="mirror_vertical",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamSwitchDescription(
        key="anti_fog", translation_key="anti_fog", entity_category=EntityCategory.CONFIG
    ),
    IpcamSwitchDescription(
        key="image_stabilization",
        translation_key="image_stabilization",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
    IpcamSwitchDescription(
        key="osd_time", translation_key="osd_time", entity_category=EntityCategory.CONFIG
    ),
    IpcamSwitchDescription(
        key="osd_text", translation_key="osd_text", entity_category=EntityCategory.CONFIG
    ),
    IpcamSwitchDescription(
        key="event_notification",
        translation_key="event_notification",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamSwitchDescription(
        key="anonymous_live_view",
        translation_key="anonymous_live_view",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
    IpcamSwitchDescription(
        key="ssh",
        translation_key="ssh",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch for each on/off setting the camera has."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        IpcamSwitch(coordinator, description)
        for description in setting_descriptions(coordinator, SWITCHES, SettingKind.SWITCH)
    )


class IpcamSwitch(IpcamSettingEntity, SwitchEntity):
    """An on/off setting."""

    entity_description: IpcamSwitchDescription

    @property
    def is_on(self) -> bool | None:
        """The setting's value."""
        value = self.coordinator.data.value(self.entity_description.key)
        return None if value is None else bool(value)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the setting on."""
        await self.coordinator.async_write_setting(self.entity_description.key, True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the setting off."""
        await self.coordinator.async_write_setting(self.entity_description.key, False)
