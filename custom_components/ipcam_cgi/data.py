"""Typed runtime data of a config entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

if TYPE_CHECKING:
    from .coordinator import IpcamCoordinator
    from .push import PushReceiver


@dataclass
class IpcamRuntimeData:
    """What a loaded entry holds."""

    coordinator: IpcamCoordinator
    push: PushReceiver | None = None


type IpcamConfigEntry = ConfigEntry[IpcamRuntimeData]
