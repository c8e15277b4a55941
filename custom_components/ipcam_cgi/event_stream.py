"""Motion over the camera's live event stream: one connection we hold, polling while it is down."""

from __future__ import annotations

import asyncio
import time

from homeassistant.core import HomeAssistant

from .client import AuthError, CameraError, EventStream, NotSupportedError
from .const import LOGGER, STREAM_BACKOFF_FIRST, STREAM_BACKOFF_MAX, STREAM_WATCHDOG
from .coordinator import IpcamCoordinator
from .data import IpcamConfigEntry


class EventStreamListener:
    """Keeps one event stream per camera open and feeds its parts to the coordinator.

    A stream that closes, breaks or stays silent past the watchdog (peers' event streams are
    known to die without closing) is reconnected with a doubling wait; the coordinator
    polls in the meantime. A stream that lived longer than the watchdog resets the wait, so
    a camera that keeps dropping it at once is not hammered.
    """

    def __init__(
        self, hass: HomeAssistant, entry: IpcamConfigEntry, coordinator: IpcamCoordinator
    ) -> None:
        """Prepare; nothing happens until `async_start`."""
        self._hass = hass
        self._entry = entry
        self._coordinator = coordinator
        self._watchdog = STREAM_WATCHDOG.total_seconds()
        self._backoff = STREAM_BACKOFF_FIRST.total_seconds()

    def async_start(self) -> None:
        """Run the listener for as long as the entry is loaded."""
        self._coordinator.push.stream = True
        self._entry.async_create_background_task(
            self._hass, self._async_run(), f"ipcam_cgi event stream {self._entry.title}"
        )

    async def _async_run(self) -> None:
        coordinator = self._coordinator
        while True:
            started = time.monotonic()
            try:
                stream = await coordinator.client.async_open_event_stream(self._watchdog)
            except NotSupportedError as err:
                await coordinator.async_stream_lost(str(err))
                LOGGER.info("%s has no usable event stream; polling: %s", self._entry.title, err)
                return
            except AuthError as err:
                # Polling raises the reauth flow; retrying here would only add failed logins.
                await coordinator.async_stream_lost("credentials refused")
                LOGGER.debug("Event stream of %s refused: %s", self._entry.title, err)
                await asyncio.sleep(STREAM_BACKOFF_MAX.total_seconds())
                continue
            except CameraError as err:
                await coordinator.async_stream_lost(str(err))
                LOGGER.debug("Event stream of %s did not open: %s", self._entry.title, err)
                await asyncio.sleep(self._next_backoff())
                continue
            await self._async_read(stream)
            if time.monotonic() - started > self._watchdog:
                self._backoff = STREAM_BACKOFF_FIRST.total_seconds()
            await asyncio.sleep(self._next_backoff())

    async def _async_read(self, stream: EventStream) -> None:
        coordinator = self._coordinator
        try:
            while True:
                coordinator.async_stream_update(await stream.async_next())
        except CameraError as err:
            await coordinator.async_stream_lost(str(err))
        finally:
            stream.close()

    def _next_backoff(self) -> float:
        wait = self._backoff
        self._backoff = min(self._backoff * 2, STREAM_BACKOFF_MAX.total_seconds())
        return wait
