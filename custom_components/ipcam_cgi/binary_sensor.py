"""Binary sensors: motion and the other events of the fast status poll."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import CameraState
from .data import IpcamConfigEntry
from .entity import IpcamEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class IpcamBinarySensorDescription(BinarySensorEntityDescription):
    """A binary sensor fed by one event key of the camera's status."""

    value_fn: Callable[[CameraState, str], bool | None] = lambda state, key: state.event(key)


BINARY_SENSORS: tuple[IpcamBinarySensorDescription, ...] = (
    IpcamBinarySensorDescription(
        key="motion", translation_key="motion", device_class=BinarySensorDeviceClass.MOTION
    ),
    IpcamBinarySensorDescription(
        key="sound", translation_key="sound", device_class=BinarySensorDeviceClass.SOUND
    ),
    IpcamBinarySensorDescription(key="input_alarm", translation_key="input_alarm"),
    IpcamBinarySensorDescription(
        key="tamper", translation_key="tamper", device_class=BinarySensorDeviceClass.TAMPER
    ),
    # The extra motion windows (Standard API Motion1-3): off by default, most users watch one.
    *(
        IpcamBinarySensorDescription(
            key=f"motion_{window}",
            translation_key="motion_window",
            translation_placeholders={"window": str(window)},
            device_class=BinarySensorDeviceClass.MOTION,
            entity_registry_enabled_default=False,
        )
        for window in range(2, 5)
    ),
    # Digital inputs by number (a door contact, a doorbell button...).
    *(
        IpcamBinarySensorDescription(
            key=f"input_{number}",
            translation_key="input",
            translation_placeholders={"number": str(number)},
        )
        for number in range(1, 9)
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a binary sensor for each event the camera reports."""
    coordinator = entry.runtime_data.coordinator
    events = coordinator.capabilities.events
    async_add_entities(
        IpcamBinarySensor(coordinator, description)
        for description in BINARY_SENSORS
        if description.key in events
    )


class IpcamBinarySensor(IpcamEntity, BinarySensorEntity):
    """One event of the camera."""

    entity_description: IpcamBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """The event's state, None while unknown."""
        return self.entity_description.value_fn(self.coordinator.data, self.entity_description.key)
