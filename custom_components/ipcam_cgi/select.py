"""Selects: settings with a set of options, and the PTZ preset chooser."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import Feature, PresetAction, SettingKind
from .coordinator import IpcamCoordinator
from .data import IpcamConfigEntry
from .entity import IpcamEntity, IpcamSettingEntity, setting_descriptions
from .ptz import async_device_call

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class IpcamSelectDescription(SelectEntityDescription):
    """A select bound to the camera setting of the same key."""


SELECTS: tuple[IpcamSelectDescription, ...] = (
    IpcamSelectDescription(
        key="resolution", translation_key="resolution", entity_category=EntityCategory.CONFIG
    ),
    IpcamSelectDescription(
        key="power_frequency",
        translation_key="power_frequency",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamSelectDescription(
        key="flip", translation_key="flip", entity_category=EntityCategory.CONFIG
    ),
    IpcamSelectDescription(
        key="led_mode", translation_key="led_mode", entity_category=EntityCategory.CONFIG
    ),
    IpcamSelectDescription(
        key="ir_cut_mode", translation_key="ir_cut_mode", entity_category=EntityCategory.CONFIG
    ),
    IpcamSelectDescription(
        key="exposure_mode", translation_key="exposure_mode", entity_category=EntityCategory.CONFIG
    ),
    IpcamSelectDescription(
        key="white_balance_mode",
        translation_key="white_balance_mode",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamSelectDescription(
        key="color_mode", translation_key="color_mode", entity_category=EntityCategory.CONFIG
    ),
    IpcamSelectDescription(
        key="video_format", translation_key="video_format", entity_category=EntityCategory.CONFIG
    ),
    IpcamSelectDescription(
        key="day_night", translation_key="day_night", entity_category=EntityCategory.CONFIG
    ),
    IpcamSelectDescription(
        key="motion_detection_mode",
        translation_key="motion_detection_mode",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamSelectDescription(
        key="osd_date_format",
        translation_key="osd_date_format",
        entity_category=EntityCategory.CONFIG,
    ),
    IpcamSelectDescription(
        key="motion_min_duration",
        translation_key="motion_min_duration",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
    IpcamSelectDescription(
        key="motion_event_interval",
        translation_key="motion_event_interval",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
    ),
)
PRESET_SELECT = SelectEntityDescription(key="ptz_preset", translation_key="ptz_preset")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a select for each option setting, and the preset chooser where presets exist."""
    coordinator = entry.runtime_data.coordinator
    entities: list[SelectEntity] = [
        IpcamSelect(coordinator, description)
        for description in setting_descriptions(coordinator, SELECTS, SettingKind.SELECT)
    ]
    capabilities = coordinator.capabilities
    if capabilities.has(Feature.PTZ_PRESETS) and capabilities.ptz_presets:
        entities.append(IpcamPresetSelect(coordinator))
    async_add_entities(entities)


class IpcamSelect(IpcamSettingEntity, SelectEntity):
    """A setting with options as the device reports them."""

    entity_description: IpcamSelectDescription

    def __init__(self, coordinator: IpcamCoordinator, description: IpcamSelectDescription) -> None:
        """Take the options from the device's setting spec."""
        super().__init__(coordinator, description)
        self._attr_options = list(coordinator.capabilities.settings[description.key].options)

    @property
    def current_option(self) -> str | None:
        """The selected option, None if the device reports one we do not know."""
        value = self.coordinator.data.value(self.entity_description.key)
        return value if isinstance(value, str) and value in self.options else None

    async def async_select_option(self, option: str) -> None:
        """Write the option."""
        await self.coordinator.async_write_setting(self.entity_description.key, option)


class IpcamPresetSelect(IpcamEntity, SelectEntity):
    """Choosing a preset moves the camera there; the state is the last preset chosen."""

    def __init__(self, coordinator: IpcamCoordinator) -> None:
        """List the presets by number, or by title where the device names them."""
        super().__init__(coordinator, PRESET_SELECT)
        capabilities = coordinator.capabilities
        titles = capabilities.preset_names
        unique = {title for title in titles.values() if list(titles.values()).count(title) == 1}
        self._numbers = {
            (titles[number] if titles.get(number) in unique else str(number)): number
            for number in capabilities.ptz_presets
        }
        self._attr_options = list(self._numbers)
        self._attr_current_option = None

    async def async_select_option(self, option: str) -> None:
        """Go to the preset."""
        await async_device_call(
            self.coordinator,
            "ptz_preset",
            self.coordinator.client.async_ptz_preset,
            PresetAction.GOTO,
            self._numbers[option],
        )
        self._attr_current_option = option
        self.async_write_ha_state()
