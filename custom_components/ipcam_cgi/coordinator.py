"""One coordinator per camera: fast status each cycle, settings on a slow cadence, push merged."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from homeassistant.const import CONF_SCAN_INTERVAL
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .client import (
    AuthError,
    CameraError,
    CameraState,
    Capabilities,
    DeviceInfo,
    LockedOutError,
    RefusedError,
    SettingValue,
    StatusUpdate,
    VendorClient,
)
from .const import (
    CONF_PUSH,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    PUSH_GRACE,
    PUSH_MISSES_BEFORE_REPAIR,
    SETTINGS_INTERVAL,
)
from .errors import translated_camera_errors
from .issues import (
    async_clear_account_locked,
    async_clear_push_not_received,
    async_report_account_locked,
    async_report_push_not_received,
)

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry
    from homeassistant.core import HomeAssistant


@dataclass
class PushHealth:
    """How the push channel is doing, for diagnostics and the repair issue."""

    enabled: bool = False
    url_reachable: bool = False
    received: int = 0
    missed: int = 0
    last_received: float | None = None
    error: str | None = None
    # An event stream we hold open (instead of a webhook the camera calls).
    stream: bool = False
    stream_connected: bool = False
    stream_connects: int = 0
    stream_losses: int = 0

    @property
    def channel(self) -> str:
        """The motion channel in use: push, event_stream or poll.

        push: a webhook, polling stays as the safety net; event_stream: polling pauses while
        the stream delivers; poll: polling only.
        """
        if self.stream:
            return "event_stream" if self.stream_connected else "poll"
        return "push" if self.enabled and self.url_reachable else "poll"


class IpcamCoordinator(DataUpdateCoordinator[CameraState]):
    """Polls one camera; entities read `data` (a CameraState)."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: VendorClient,
        device: DeviceInfo,
        capabilities: Capabilities,
    ) -> None:
        """Set up polling at the entry's scan interval."""
        scan_interval = entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL)
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=timedelta(seconds=scan_interval),
            always_update=False,
        )
        self.client = client
        self.device = device
        self.capabilities = capabilities
        self.push = PushHealth(enabled=bool(entry.options.get(CONF_PUSH, client.push_by_default)))
        self.settings_available = False
        self._settings: dict[str, SettingValue] = {}
        self._assumed: dict[str, SettingValue] = {}
        self._settings_due = 0.0
        self._status = StatusUpdate()
        # When polling saw events start that push has not announced (yet).
        self._unannounced: list[float] = []
        self._lock_reported = False

    async def _async_update_data(self) -> CameraState:
        """Fast status every cycle (not while the event stream delivers); settings when due."""
        if self.push.stream_connected:
            await self._async_refresh_settings_if_due()
            return self._compose()
        with translated_camera_errors(UpdateFailed, "update_failed"):
            try:
                status = await self.client.async_fast_status()
            except LockedOutError as err:
                self._report_lock(err)
                raise
        if self._lock_reported:
            self._lock_reported = False
            async_clear_account_locked(self.hass, self.config_entry)
        await self._async_refresh_settings_if_due()
        self._track_push(status)
        self._status = status
        return self._compose()

    async def _async_refresh_settings_if_due(self) -> None:
        if not self.capabilities.settings or time.monotonic() < self._settings_due:
            return
        try:
            settings = await self.client.async_read_settings()
        except LockedOutError as err:
            # A lockout is no refused password: reauth would not help, waiting does.
            self._report_lock(err)
            self._settings_unreadable(err)
            return
        except AuthError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="invalid_auth"
            ) from err
        except CameraError as err:
            self._settings_unreadable(err)
            return
        self._settings = dict(settings)
        self.settings_available = True
        self._settings_due = time.monotonic() + SETTINGS_INTERVAL.total_seconds()

    def _settings_unreadable(self, err: CameraError) -> None:
        """Motion keeps flowing when only the (larger, slower) settings read fails.

        The setting entities go unavailable and the read is tried again next cycle.
        """
        if self.settings_available:
            LOGGER.info("Reading the settings of %s failed: %s", self.name, err)
        self.settings_available = False
        # Forget the stale values: the state then differs, so the listeners run and the
        # setting entities show unavailable (an unchanged state would not notify them).
        self._settings = {}

    def _report_lock(self, err: LockedOutError) -> None:
        self._lock_reported = True
        async_report_account_locked(self.hass, self.config_entry, err.retry_after_minutes)

    def _compose(self) -> CameraState:
        values: dict[str, SettingValue] = {**self._settings, **self._assumed}
        values.update(self._status.values)
        return CameraState(events=dict(self._status.events), values=values)

    def _track_push(self, status: StatusUpdate) -> None:
        """Count events that polling saw starting but push never announced."""
        if self.push.channel != "push":
            return
        now = time.monotonic()
        grace = PUSH_GRACE.total_seconds()
        for key, active in status.events.items():
            if active and not self._status.events.get(key):
                self._unannounced.append(now)
        last = self.push.last_received
        pending: list[float] = []
        for seen in self._unannounced:
            if last is not None and last >= seen - grace:
                continue
            if now - seen > grace:
                self.push.missed += 1
                continue
            pending.append(seen)
        self._unannounced = pending
        if self.push.missed >= PUSH_MISSES_BEFORE_REPAIR:
            async_report_push_not_received(self.hass, self.config_entry)

    async def async_handle_push(self, update: StatusUpdate | None) -> None:
        """Merge a pushed event without rescheduling the poll timer.

        `async_set_updated_data` would reset the poll schedule, so high-rate pushes could starve
        polling; updating `data` and notifying the listeners keeps both running.
        """
        self.push.received += 1
        self.push.last_received = time.monotonic()
        if self.push.missed:
            self.push.missed = 0
            async_clear_push_not_received(self.hass, self.config_entry)
        if update is None:
            try:
                update = await self.client.async_fast_status()
            except CameraError as err:
                LOGGER.debug("Status read after a push from %s failed: %s", self.name, err)
                return
        merged_events = {**self._status.events, **update.events}
        merged_values = {**self._status.values, **update.values}
        self._status = StatusUpdate(events=merged_events, values=merged_values)
        self.data = self._compose()
        self.async_update_listeners()

    def async_stream_update(self, update: StatusUpdate) -> None:
        """A part of the event stream: the camera's whole live state, now."""
        health = self.push
        if not health.stream_connected:
            health.stream_connected = True
            health.stream_connects += 1
            LOGGER.debug("%s: event stream live, polling paused", self.name)
        health.received += 1
        health.last_received = time.monotonic()
        self._status = StatusUpdate(
            events={**self._status.events, **update.events},
            values={**self._status.values, **update.values},
        )
        self.data = self._compose()
        self.last_update_success = True
        self.async_update_listeners()

    async def async_stream_lost(self, reason: str) -> None:
        """The event stream broke or went silent: poll at once, and each cycle until it is back."""
        health = self.push
        health.error = reason
        if not health.stream_connected:
            return
        health.stream_connected = False
        health.stream_losses += 1
        LOGGER.info("%s: event stream lost (%s); polling until it is back", self.name, reason)
        await self.async_request_refresh()

    async def async_write_setting(self, key: str, value: SettingValue) -> None:
        """Write one setting, show it at once, and re-read the settings soon after."""
        spec = self.capabilities.settings.get(key)
        try:
            await self.client.async_write_setting(key, value)
        except RefusedError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="write_refused",
                translation_placeholders={"setting": key, "reason": err.reason},
            ) from err
        except CameraError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="write_failed",
                translation_placeholders={"setting": key, "error": str(err)},
            ) from err
        if spec is not None and not spec.readable:
            self._assumed[key] = value
        else:
            self._settings[key] = value
            self._settings_due = 0.0
        if key in self._status.values:
            # A reading of the live status (an output's state): show the written value until
            # the next status says otherwise, not the stale one.
            self._status = StatusUpdate(
                events=self._status.events, values={**self._status.values, key: value}
            )
        self.data = self._compose()
        self.async_update_listeners()
        if spec is None or spec.readable:
            await self.async_request_refresh()
