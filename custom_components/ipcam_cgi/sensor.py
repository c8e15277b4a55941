"""Sensors: firmware and the readings the camera reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import DEGREE, PERCENTAGE, EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .client import SdCardState
from .coordinator import IpcamCoordinator
from .data import IpcamConfigEntry
from .entity import IpcamEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class IpcamSensorDescription(SensorEntityDescription):
    """A sensor: a reading from the status/settings, or a fact of the device."""

    value_fn: Callable[[IpcamCoordinator, str], StateType] = lambda coordinator, key: _as_state(
        coordinator.data.value(key)
    )
    exists_fn: Callable[[IpcamCoordinator, str], bool] = (
        lambda coordinator, key: key in coordinator.capabilities.sensors
    )


def _as_state(value: object) -> StateType:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | str):
        return value
    return None


SENSORS: tuple[IpcamSensorDescription, ...] = (
    IpcamSensorDescription(
        key="firmware",
        translation_key="firmware",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda coordinator, _: coordinator.device.firmware,
        exists_fn=lambda coordinator, _: coordinator.device.firmware is not None,
    ),
    IpcamSensorDescription(
        key="sd_card_status",
        translation_key="sd_card_status",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in SdCardState],
    ),
    IpcamSensorDescription(
        key="sd_card_used",
        translation_key="sd_card_used",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
    IpcamSensorDescription(
        key="uptime",
        translation_key="uptime",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
    ),
    IpcamSensorDescription(
        key="zoom",
        translation_key="zoom",
        native_unit_of_measurement="×",  # noqa: RUF001 - the optical zoom factor's sign
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
    # Share of the watched area that moves: noisy, so off by default.
    IpcamSensorDescription(
        key="motion_level",
        translation_key="motion_level",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
    ),
    IpcamSensorDescription(
        key="faces", translation_key="faces", state_class=SensorStateClass.MEASUREMENT
    ),
    IpcamSensorDescription(
        key="ptz_pan",
        translation_key="ptz_pan",
        native_unit_of_measurement=DEGREE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
    IpcamSensorDescription(
        key="ptz_tilt",
        translation_key="ptz_tilt",
        native_unit_of_measurement=DEGREE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
    IpcamSensorDescription(
        key="ptz_zoom",
        translation_key="ptz_zoom",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors that apply to this camera."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        IpcamSensor(coordinator, description)
        for description in SENSORS
        if description.exists_fn(coordinator, description.key)
    )


class IpcamSensor(IpcamEntity, SensorEntity):
    """One reading."""

    entity_description: IpcamSensorDescription

    @property
    def native_value(self) -> StateType:
        """The reading."""
        return self.entity_description.value_fn(self.coordinator, self.entity_description.key)
