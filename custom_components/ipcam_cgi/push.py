"""Motion push: the camera calls a Home Assistant webhook; polling stays as the safety net."""

from __future__ import annotations

import ipaddress
import secrets
from typing import Final
from urllib.parse import urlparse

from aiohttp import web
from homeassistant.components import webhook
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.helpers.network import NoURLAvailableError

from .client import CameraError, PushTarget
from .const import CONF_PUSH_PREVIOUS, CONF_WEBHOOK_ID, DOMAIN, LOGGER
from .coordinator import IpcamCoordinator
from .data import IpcamConfigEntry
from .issues import async_clear_push_no_url, async_report_push_no_url

# Devices push tiny requests; anything bigger is not theirs.
MAX_PUSH_BODY: Final = 64 * 1024


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def loopback_url_for_remote_camera(url: str, camera_host: str) -> bool:
    """Whether the webhook URL points at Home Assistant's loopback, which the camera can't reach."""
    return _is_loopback(urlparse(url).hostname) and not _is_loopback(camera_host)


def webhook_id_of(hass: HomeAssistant, entry: IpcamConfigEntry) -> str:
    """The entry's secret webhook id, created once and kept in the entry data."""
    if webhook_id := entry.data.get(CONF_WEBHOOK_ID):
        return str(webhook_id)
    webhook_id = secrets.token_hex(32)
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_WEBHOOK_ID: webhook_id})
    return webhook_id


class PushReceiver:
    """Registers the webhook and points the camera's push channel at it."""

    def __init__(
        self, hass: HomeAssistant, entry: IpcamConfigEntry, coordinator: IpcamCoordinator
    ) -> None:
        """Prepare; nothing happens until `async_start`."""
        self._hass = hass
        self._entry = entry
        self._coordinator = coordinator
        self._webhook_id = webhook_id_of(hass, entry)

    async def async_start(self) -> None:
        """Register the webhook, then configure the camera; on any failure polling carries on."""
        health = self._coordinator.push
        webhook.async_register(
            self._hass,
            DOMAIN,
            f"{self._entry.title} motion",
            self._webhook_id,
            self._async_handle,
            local_only=True,
            allowed_methods=("GET", "POST"),
        )
        try:
            url = webhook.async_generate_url(
                self._hass, self._webhook_id, allow_ip=True, prefer_external=False
            )
        except NoURLAvailableError:
            health.error = "no_url"
            async_report_push_no_url(self._hass, self._entry, "no_url")
            return
        if loopback_url_for_remote_camera(url, self._entry.data[CONF_HOST]):
            health.error = "loopback_url"
            async_report_push_no_url(self._hass, self._entry, "loopback_url")
            return
        try:
            target = await self._coordinator.client.async_push_enable(url)
        except CameraError as err:
            health.error = str(err)
            LOGGER.warning(
                "Could not point %s at Home Assistant for push; polling only: %s",
                self._entry.title,
                err,
            )
            return
        # Keep the camera's original setting from the first time only: a reload must not
        # record our own webhook as "what it was before".
        if CONF_PUSH_PREVIOUS not in self._entry.data:
            self._hass.config_entries.async_update_entry(
                self._entry,
                data={**self._entry.data, CONF_PUSH_PREVIOUS: dict(target.previous)},
            )
        health.url_reachable = True
        health.error = None
        async_clear_push_no_url(self._hass, self._entry)

    def async_stop(self) -> None:
        """Unregister the webhook (the camera keeps calling it until restored on removal)."""
        webhook.async_unregister(self._hass, self._webhook_id)

    async def _async_handle(
        self, hass: HomeAssistant, webhook_id: str, request: web.Request
    ) -> web.Response:
        body = await request.content.read(MAX_PUSH_BODY)
        update = self._coordinator.client.parse_push(dict(request.query), body)
        await self._coordinator.async_handle_push(update)
        return web.Response(text="ok")


def previous_target(entry: IpcamConfigEntry) -> PushTarget | None:
    """What the camera's push channel was before we changed it, if we did."""
    previous = entry.data.get(CONF_PUSH_PREVIOUS)
    if previous is None:
        return None
    return PushTarget(previous={str(k): str(v) for k, v in previous.items()})
