"""Diagnostics: redacted entry, device, capabilities, motion channel and raw answers."""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .client import DeviceInfo, RawExchange
from .const import CONF_PUSH_PREVIOUS, CONF_STREAM_URL, CONF_WEBHOOK_ID
from .data import IpcamConfigEntry

TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_WEBHOOK_ID,
    CONF_PUSH_PREVIOUS,
    CONF_STREAM_URL,
    "mac",
    "serial",
    "unique_id",
}


def _redact_identifiers(exchange: RawExchange, device: DeviceInfo) -> RawExchange:
    """Hide the device's MAC and serial in raw answers too (some APIs echo them, e.g. `id`)."""
    values = {value for value in (device.mac, device.serial) if value}
    if device.mac:
        values.add(device.mac.replace(":", ""))
    if not values:
        return exchange
    pattern = re.compile("|".join(re.escape(value) for value in values), re.IGNORECASE)
    return replace(
        exchange,
        path=pattern.sub(REDACTED, exchange.path),
        body=pattern.sub(REDACTED, exchange.body),
    )


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: IpcamConfigEntry
) -> dict[str, Any]:
    """Everything needed to understand (and replay) a user's camera, minus secrets."""
    coordinator = entry.runtime_data.coordinator
    capabilities = coordinator.capabilities
    state = coordinator.data
    return {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": async_redact_data(dict(entry.options), TO_REDACT),
        },
        "device": async_redact_data(asdict(coordinator.device), TO_REDACT),
        "capabilities": {
            "features": sorted(capabilities.features),
            "events": sorted(capabilities.events),
            "sensors": sorted(capabilities.sensors),
            "settings": {key: asdict(spec) for key, spec in sorted(capabilities.settings.items())},
            "buttons": sorted(capabilities.buttons),
            "ptz_presets": list(capabilities.ptz_presets),
            "patrol_modes": list(capabilities.patrol_modes),
            "streams": list(capabilities.streams),
        },
        "motion_channel": {
            "channel": coordinator.push.channel,
            **asdict(coordinator.push),
        },
        "transport": {
            "auth": coordinator.client.transport.auth_in_use,
            "requests_sent": coordinator.client.transport.requests_sent,
            "session": dict(coordinator.client.session_summary),
        },
        "state": {
            "last_update_success": coordinator.last_update_success,
            "settings_available": coordinator.settings_available,
            "events": dict(state.events) if state else None,
            "values": dict(state.values) if state else None,
        },
        "raw_exchanges": [
            asdict(_redact_identifiers(exchange, coordinator.device))
            for exchange in coordinator.client.raw_exchanges
        ],
    }
