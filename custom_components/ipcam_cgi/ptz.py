"""PTZ actions: capability checks, error translation and timed moves that always stop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .client import CameraError, Feature, NotSupportedError, RefusedError
from .const import DOMAIN
from .coordinator import IpcamCoordinator


def require(coordinator: IpcamCoordinator, feature: Feature, action: str) -> None:
    """Raise the translated validation error when the camera lacks the feature."""
    if not coordinator.capabilities.has(feature):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="not_supported",
            translation_placeholders={"action": action, "name": coordinator.config_entry.title},
        )


async def async_device_call(
    coordinator: IpcamCoordinator,
    action: str,
    func: Callable[..., Awaitable[None]],
    *args: Any,
) -> None:
    """Run one client call; translate what can go wrong."""
    try:
        await func(*args)
    except NotSupportedError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="not_supported",
            translation_placeholders={"action": action, "name": coordinator.config_entry.title},
        ) from err
    except RefusedError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_refused",
            translation_placeholders={"action": action, "reason": err.reason},
        ) from err
    except CameraError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="action_failed",
            translation_placeholders={"action": action, "error": str(err)},
        ) from err


async def async_timed(
    coordinator: IpcamCoordinator,
    action: str,
    start: Callable[[], Awaitable[None]],
    stop: Callable[[], Awaitable[None]],
    duration: float,
) -> None:
    """Start a motion; with a duration, stop it afterwards, even when the caller is cancelled."""
    if duration <= 0:
        await async_device_call(coordinator, action, start)
        return
    try:
        await async_device_call(coordinator, action, start)
        await asyncio.sleep(duration)
    finally:
        # Also when the start was cancelled or timed out in flight: the device may have got it.
        # shield: a cancelled caller must not cancel the stop itself.
        await asyncio.shield(async_device_call(coordinator, action, stop))
