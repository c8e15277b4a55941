"""The camera entity (snapshot, MJPEG live view, RTSP where the device has it) and PTZ actions."""

from __future__ import annotations

from functools import partial

import voluptuous as vol
from aiohttp import web
from homeassistant.components.camera import Camera, CameraEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_platform
from homeassistant.helpers.aiohttp_client import async_aiohttp_proxy_stream
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import VolDictType

from .client import (
    CameraError,
    Feature,
    LensAxis,
    LensDirection,
    PresetAction,
    PtzDirection,
    StreamQuality,
)
from .const import (
    CONF_STREAM,
    CONF_STREAM_QUALITY,
    CONF_STREAM_URL,
    LOGGER,
    STREAM_AUTO,
    STREAM_MJPEG,
    STREAM_RTSP,
    STREAM_SNAPSHOT,
)
from .coordinator import IpcamCoordinator
from .data import IpcamConfigEntry
from .entity import IpcamEntity
from .ptz import async_device_call, async_timed, require

PARALLEL_UPDATES = 0

CAMERA = EntityDescription(key="camera", name=None)

ATTR_DIRECTION = "direction"
ATTR_SPEED = "speed"
ATTR_DURATION = "duration"
ATTR_ACTION = "action"
ATTR_PRESET = "preset"
ATTR_MODE = "mode"
ATTR_PAN = "pan"
ATTR_TILT = "tilt"
ATTR_ZOOM = "zoom"
ATTR_NUMBER = "number"

_DURATION = vol.All(vol.Coerce(float), vol.Range(min=0, max=300))
_LENS_DIRECTIONS = {
    LensAxis.ZOOM: (LensDirection.IN, LensDirection.OUT),
    LensAxis.FOCUS: (LensDirection.NEAR, LensDirection.FAR, LensDirection.AUTO),
    LensAxis.IRIS: (LensDirection.OPEN, LensDirection.CLOSE),
}
_LENS_FEATURES = {
    LensAxis.ZOOM: Feature.PTZ_ZOOM,
    LensAxis.FOCUS: Feature.PTZ_FOCUS,
    LensAxis.IRIS: Feature.PTZ_IRIS,
}

SERVICES: dict[str, VolDictType] = {
    "ptz_move": {
        vol.Required(ATTR_DIRECTION): vol.In([d.value for d in PtzDirection]),
        vol.Optional(ATTR_SPEED, default=50): vol.All(vol.Coerce(int), vol.Range(min=1, max=100)),
        vol.Optional(ATTR_DURATION, default=0.5): _DURATION,
    },
    "ptz_stop": {},
    **{
        f"ptz_{axis}": {
            vol.Required(ATTR_DIRECTION): vol.In([d.value for d in directions]),
            vol.Optional(ATTR_DURATION, default=0.5): _DURATION,
        }
        for axis, directions in _LENS_DIRECTIONS.items()
    },
    "ptz_preset": {
        vol.Required(ATTR_ACTION): vol.In([a.value for a in PresetAction]),
        vol.Required(ATTR_PRESET): vol.All(vol.Coerce(int), vol.Range(min=1)),
    },
    "ptz_patrol": {
        vol.Required(ATTR_ACTION): vol.In(["start", "stop"]),
        vol.Optional(ATTR_MODE): cv.string,
    },
    "ptz_position": {
        vol.Optional(ATTR_PAN): vol.All(vol.Coerce(float), vol.Range(min=-360, max=360)),
        vol.Optional(ATTR_TILT): vol.All(vol.Coerce(float), vol.Range(min=-180, max=360)),
        vol.Optional(ATTR_ZOOM): vol.All(vol.Coerce(float), vol.Range(min=0, max=100)),
    },
    "sip_call": {vol.Required(ATTR_NUMBER): cv.string},
    "sip_hangup": {},
}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: IpcamConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the camera and register the PTZ and SIP actions on it."""
    async_add_entities([IpcamCamera(entry.runtime_data.coordinator)])
    platform = entity_platform.async_get_current_platform()
    for name, schema in SERVICES.items():
        platform.async_register_entity_service(name, schema, f"async_handle_{name}")


class IpcamCamera(IpcamEntity, Camera):
    """The camera's picture."""

    def __init__(self, coordinator: IpcamCoordinator) -> None:
        """Pick the live view from the options and what the device has."""
        IpcamEntity.__init__(self, coordinator, CAMERA)
        Camera.__init__(self)
        options = coordinator.config_entry.options
        self._stream_mode: str = options.get(CONF_STREAM, STREAM_AUTO)
        self._stream_url: str | None = options.get(CONF_STREAM_URL) or None
        quality = StreamQuality(options.get(CONF_STREAM_QUALITY, StreamQuality.MAIN))
        self._quality = (
            quality if quality in coordinator.capabilities.streams else StreamQuality.MAIN
        )
        if self._rtsp_source() is not None:
            self._attr_supported_features = CameraEntityFeature.STREAM

    def _rtsp_source(self) -> str | None:
        if self._stream_mode in (STREAM_MJPEG, STREAM_SNAPSHOT):
            return None
        if self._stream_url:
            return self._stream_url
        if self._stream_mode in (STREAM_AUTO, STREAM_RTSP) and self.coordinator.capabilities.has(
            Feature.RTSP
        ):
            return self.coordinator.client.rtsp_url(self._quality)
        return None

    async def stream_source(self) -> str | None:
        """The RTSP source (credentials included: the protocol needs them)."""
        return self._rtsp_source()

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """A snapshot from the device."""
        try:
            return await self.coordinator.client.async_snapshot(StreamQuality.MAIN)
        except CameraError as err:
            LOGGER.debug("Snapshot from %s failed: %s", self.coordinator.name, err)
            return None

    async def handle_async_mjpeg_stream(self, request: web.Request) -> web.StreamResponse | None:
        """Proxy the device's own MJPEG stream; snapshots at intervals where it has none."""
        if self._stream_mode == STREAM_SNAPSHOT or not self.coordinator.capabilities.has(
            Feature.MJPEG
        ):
            return await super().handle_async_mjpeg_stream(request)
        try:
            stream = await self.coordinator.client.async_open_mjpeg(self._quality)
        except CameraError as err:
            LOGGER.debug("MJPEG stream of %s failed: %s", self.coordinator.name, err)
            return await super().handle_async_mjpeg_stream(request)
        try:
            return await async_aiohttp_proxy_stream(
                self.hass, request, stream.content, stream.content_type
            )
        finally:
            stream.close()

    async def async_handle_ptz_move(
        self, direction: str, speed: int = 50, duration: float = 0.5
    ) -> None:
        """Pan/tilt for `duration` seconds (0: until ptz_stop)."""
        require(self.coordinator, Feature.PTZ_MOVE, "ptz_move")
        client = self.coordinator.client
        await async_timed(
            self.coordinator,
            "ptz_move",
            partial(client.async_ptz_move, PtzDirection(direction), speed),
            client.async_ptz_stop,
            duration,
        )

    async def async_handle_ptz_stop(self) -> None:
        """Stop any pan/tilt move."""
        require(self.coordinator, Feature.PTZ_MOVE, "ptz_stop")
        await async_device_call(
            self.coordinator, "ptz_stop", self.coordinator.client.async_ptz_stop
        )

    async def _async_lens(self, axis: LensAxis, direction: str, duration: float) -> None:
        action = f"ptz_{axis}"
        require(self.coordinator, _LENS_FEATURES[axis], action)
        client = self.coordinator.client
        lens_direction = LensDirection(direction)
        if lens_direction is LensDirection.AUTO:
            await async_device_call(
                self.coordinator, action, client.async_ptz_lens, axis, lens_direction
            )
            return
        await async_timed(
            self.coordinator,
            action,
            partial(client.async_ptz_lens, axis, lens_direction),
            partial(client.async_ptz_lens_stop, axis, lens_direction),
            duration,
        )

    async def async_handle_ptz_zoom(self, direction: str, duration: float = 0.5) -> None:
        """Zoom in or out."""
        await self._async_lens(LensAxis.ZOOM, direction, duration)

    async def async_handle_ptz_focus(self, direction: str, duration: float = 0.5) -> None:
        """Focus near, far, or auto."""
        await self._async_lens(LensAxis.FOCUS, direction, duration)

    async def async_handle_ptz_iris(self, direction: str, duration: float = 0.5) -> None:
        """Open or close the iris."""
        await self._async_lens(LensAxis.IRIS, direction, duration)

    async def async_handle_ptz_preset(self, action: str, preset: int) -> None:
        """Go to, save or remove a preset."""
        require(self.coordinator, Feature.PTZ_PRESETS, "ptz_preset")
        await async_device_call(
            self.coordinator,
            "ptz_preset",
            self.coordinator.client.async_ptz_preset,
            PresetAction(action),
            preset,
        )

    async def async_handle_ptz_patrol(self, action: str, mode: str | None = None) -> None:
        """Start or stop a patrol."""
        require(self.coordinator, Feature.PTZ_PATROL, "ptz_patrol")
        await async_device_call(
            self.coordinator,
            "ptz_patrol",
            self.coordinator.client.async_ptz_patrol,
            action == "start",
            mode,
        )

    async def async_handle_ptz_position(
        self, pan: float | None = None, tilt: float | None = None, zoom: float | None = None
    ) -> None:
        """Move to an absolute position."""
        require(self.coordinator, Feature.PTZ_POSITION, "ptz_position")
        await async_device_call(
            self.coordinator,
            "ptz_position",
            self.coordinator.client.async_ptz_position,
            pan,
            tilt,
            zoom,
        )

    async def async_handle_sip_call(self, number: str) -> None:
        """Dial a number."""
        require(self.coordinator, Feature.SIP, "sip_call")
        await async_device_call(
            self.coordinator, "sip_call", self.coordinator.client.async_sip_call, number
        )

    async def async_handle_sip_hangup(self) -> None:
        """Hang up."""
        require(self.coordinator, Feature.SIP, "sip_hangup")
        await async_device_call(
            self.coordinator, "sip_hangup", self.coordinator.client.async_sip_hangup
        )
