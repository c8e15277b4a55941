"""Base entity: device info, availability and naming shared by every platform."""

from __future__ import annotations

from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .client import SettingKind
from .const import DOMAIN
from .coordinator import IpcamCoordinator


def device_info(coordinator: IpcamCoordinator) -> DeviceInfo:
    """The device registry entry of a camera."""
    device = coordinator.device
    entry = coordinator.config_entry
    unique_id = entry.unique_id or entry.entry_id
    info = DeviceInfo(
        identifiers={(DOMAIN, unique_id)},
        manufacturer=device.manufacturer,
        model=device.model,
        name=device.name or entry.title,
        sw_version=device.firmware,
        hw_version=device.hardware,
        serial_number=device.serial,
        configuration_url=coordinator.client.transport.base_url,
    )
    if device.mac:
        info["connections"] = {(CONNECTION_NETWORK_MAC, device.mac)}
    return info


class IpcamEntity(CoordinatorEntity[IpcamCoordinator]):
    """An entity of one camera."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: IpcamCoordinator, description: EntityDescription) -> None:
        """Name and identify the entity from its description."""
        super().__init__(coordinator)
        self.entity_description = description
        unique_id = coordinator.config_entry.unique_id or coordinator.config_entry.entry_id
        self._attr_unique_id = f"{unique_id}_{description.key}"
        self._attr_device_info = device_info(coordinator)


class IpcamSettingEntity(IpcamEntity):
    """An entity backed by a device setting: unavailable while the settings cannot be read."""

    def __init__(self, coordinator: IpcamCoordinator, description: EntityDescription) -> None:
        """Settings the device cannot read back show as assumed state."""
        super().__init__(coordinator, description)
        spec = coordinator.capabilities.settings.get(description.key)
        self._attr_assumed_state = spec is not None and not spec.readable

    @property
    def available(self) -> bool:
        """Available when the camera answers and its settings were read."""
        spec = self.coordinator.capabilities.settings.get(self.entity_description.key)
        readable = spec is None or spec.readable
        return super().available and (self.coordinator.settings_available or not readable)


def setting_descriptions[DescriptionT: EntityDescription](
    coordinator: IpcamCoordinator, descriptions: tuple[DescriptionT, ...], kind: SettingKind
) -> list[DescriptionT]:
    """The descriptions whose setting this camera has, as this kind of entity."""
    settings = coordinator.capabilities.settings
    return [
        description
        for description in descriptions
        if (spec := settings.get(description.key)) is not None and spec.kind is kind
    ]
