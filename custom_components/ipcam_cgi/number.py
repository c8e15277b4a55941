"""Numbers: settings in a range (the range comes from the device's client)."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.number import NumberEntity, NumberEntityDescription, NumberMode
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import SettingKind
from .coordinator import IpcamCoordinator
from .data import IpcamConfigEntry
from .entity import IpcamSettingEntity, setting_descriptions

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class IpcamNumberDescription(NumberEntityDescription):
    """A number bound to the camera setting of the same key."""


NUMBERS: tuple[IpcamNumberDescription, ...] = (
    IpcamNumberDescription(
        key="brightness", translation_key="brightness", entity_category=EntityCategory.CONFIG
    ),
    IpcamNumberDescription(
        key="contrast", translation_key="contrast", entity_category=EntityCategory.CONFIG
    ),
    IpcamNumberDescription(
        key="saturation", translation_key="saturation", entity_category=EntityCategory.CONFIG
    ),
    IpcamNumberDescription(
        key="sharpness", translation_key="sharpness", entity_category=EntityCategory.CONFIG
    ),
    IpcamNumberDescription(key="hue", translation_key="hue", entity_category=EntityCategory.CONFIG),
    IpcamNumberDescription(
        key="denoise", translation_key="denoise", entity_category=EntityCategory.CONFIG
    ),
    IpcamNumberDescription(
        key="wdr_level", translation_key="wdr_level", entity_category=EntityCategory.CONFIG
    ),
    IpcamNumberDescription(
        key="audio_volume", translation_key="audio_volume", entity_category=EntityCategory.CONFIG
    ),
    IpcamNumberDescription(
        key="motion_sensitivity",
        translation_key="motion_sensitivity",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamNumberDescription(
        key="motion_threshold",
        translation_key="motion_threshold",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamNumberDescription(
        key="night_motion_sensitivity",
        translation_key="night_motion_sensitivity",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
    IpcamNumberDescription(
        key="night_motion_threshold",
        translation_key="night_motion_threshold",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
    IpcamNumberDescription(
        key="sound_sensitivity",
        translation_key="sound_sensitivity",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamNumberDescription(
        key="led_brightness",
        translation_key="led_brightness",
        entity_category=EntityCategory.CONFIG,
        native_unit_of_measurement=PERCENTAGE,
    ),
    IpcamNumberDescription(
        key="audio_input_volume",
        translation_key="audio_input_volume",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamNumberDescription(
        key="audio_output_volume",
        translation_key="audio_output_volume",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamNumberDescription(
        key="motion_night_min_blocks",
        translation_key="motion_night_min_blocks",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a number for each ranged setting the camera has."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        IpcamNumber(coordinator, description)
        for description in setting_descriptions(coordinator, NUMBERS, SettingKind.NUMBER)
    )


class IpcamNumber(IpcamSettingEntity, NumberEntity):
    """A ranged setting; min/max/step as the device reports them."""

    entity_description: IpcamNumberDescription
    _attr_mode = NumberMode.SLIDER

    def __init__(self, coordinator: IpcamCoordinator, description: IpcamNumberDescription) -> None:
        """Take the range from the device's setting spec."""
        super().__init__(coordinator, description)
        spec = coordinator.capabilities.settings[description.key]
        self._attr_native_min_value = spec.minimum
        self._attr_native_max_value = spec.maximum
        self._attr_native_step = spec.step

    @property
    def native_value(self) -> float | None:
        """The setting's value."""
        value = self.coordinator.data.value(self.entity_description.key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return value

    async def async_set_native_value(self, value: float) -> None:
        """Write the setting (as an integer where the step is whole)."""
        written: float = int(value) if float(self._attr_native_step or 1).is_integer() else value
        await self.coordinator.async_write_setting(self.entity_description.key, written)
