"""Vendor-neutral models: what every vendor client reports and accepts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final
from urllib.parse import quote

type SettingValue = bool | int | float | str

EMPTY: Final[Mapping[str, SettingValue]] = MappingProxyType({})


class Vendor(StrEnum):
    """The vendor API keys (stable: stored in config entries)."""

    GRANDSTREAM = "grandstream"
    FOSCAM_MJPEG = "foscam_mjpeg"
    STANDARD_API = "standard_api"
    ANJIA = "anjia"
    HANKVISION = "hankvision"


class Feature(StrEnum):
    """Things a device can do, reported by its client and used to gate entities and actions."""

    SNAPSHOT = "snapshot"
    MJPEG = "mjpeg"
    RTSP = "rtsp"
    PTZ_MOVE = "ptz_move"
    PTZ_ZOOM = "ptz_zoom"
    PTZ_FOCUS = "ptz_focus"
    PTZ_IRIS = "ptz_iris"
    PTZ_PRESETS = "ptz_presets"
    PTZ_PATROL = "ptz_patrol"
    PTZ_POSITION = "ptz_position"
    # The device calls a URL of ours (a webhook) on events.
    PUSH = "push"
    # We hold a connection on which the device sends its events as they happen.
    EVENT_STREAM = "event_stream"
    SIP = "sip"


class SettingKind(StrEnum):
    """How a setting is presented: on/off, a number in a range, or one of a set of options."""

    SWITCH = "switch"
    NUMBER = "number"
    SELECT = "select"


class StreamQuality(StrEnum):
    """Which of the device's streams to use."""

    MAIN = "main"
    SUB = "sub"


class PtzDirection(StrEnum):
    """Pan/tilt directions of a continuous move."""

    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"
    UP_LEFT = "up_left"
    UP_RIGHT = "up_right"
    DOWN_LEFT = "down_left"
    DOWN_RIGHT = "down_right"


class LensAxis(StrEnum):
    """Lens motors a PTZ camera may drive."""

    ZOOM = "zoom"
    FOCUS = "focus"
    IRIS = "iris"


class LensDirection(StrEnum):
    """Directions of a lens motor; AUTO is a one-shot (auto focus)."""

    IN = "in"
    OUT = "out"
    NEAR = "near"
    FAR = "far"
    OPEN = "open"
    CLOSE = "close"
    AUTO = "auto"


# Each pan/tilt direction as a (pan, tilt) unit step: right and up are positive.
PTZ_VECTORS: Final[Mapping[PtzDirection, tuple[int, int]]] = MappingProxyType(
    {
        PtzDirection.UP: (0, 1),
        PtzDirection.DOWN: (0, -1),
        PtzDirection.LEFT: (-1, 0),
        PtzDirection.RIGHT: (1, 0),
        PtzDirection.UP_LEFT: (-1, 1),
        PtzDirection.UP_RIGHT: (1, 1),
        PtzDirection.DOWN_LEFT: (-1, -1),
        PtzDirection.DOWN_RIGHT: (1, -1),
    }
)


def mirrored_pan(direction: PtzDirection) -> PtzDirection:
    """The direction with left and right swapped (the `invert_pan` option)."""
    pan, tilt = PTZ_VECTORS[direction]
    return next(d for d, vector in PTZ_VECTORS.items() if vector == (-pan, tilt))


# Each lens motor's directions as a sign (zoom in, focus near, iris open are positive);
# AUTO is a one-shot, not a direction of travel.
LENS_SIGNS: Final[Mapping[LensAxis, Mapping[LensDirection, int]]] = MappingProxyType(
    {
        LensAxis.ZOOM: {LensDirection.IN: 1, LensDirection.OUT: -1},
        LensAxis.FOCUS: {LensDirection.NEAR: 1, LensDirection.FAR: -1},
        LensAxis.IRIS: {LensDirection.OPEN: 1, LensDirection.CLOSE: -1},
    }
)


class SdCardState(StrEnum):
    """What a camera says of its SD card (the `sd_card_status` reading)."""

    OFF = "off"
    ON = "on"
    REMOVED = "removed"
    FORMATTING = "formatting"
    MOUNTED = "mounted"
    UNMOUNTED = "unmounted"
    WRITE_PROTECTED = "write_protected"
    UNINITIALIZED = "uninitialized"
    MOUNTING = "mounting"
    UNMOUNTING = "unmounting"


class PresetAction(StrEnum):
    """What to do with a PTZ preset."""

    GOTO = "goto"
    SAVE = "save"
    REMOVE = "remove"


@dataclass(frozen=True, kw_only=True)
class ConnectionConfig:
    """Where the device is and how to log in. The password never appears in repr()."""

    host: str
    port: int | None = None
    ssl: bool = False
    verify_ssl: bool = True
    username: str = "admin"
    password: str = field(default="", repr=False)

    @property
    def effective_port(self) -> int:
        """The configured port, else the scheme's default."""
        if self.port:
            return self.port
        return 443 if self.ssl else 80

    @property
    def url_host(self) -> str:
        """The host as it stands in a URL: an IPv6 literal in brackets."""
        if ":" in self.host and not self.host.startswith("["):
            return f"[{self.host}]"
        return self.host

    @property
    def base_url(self) -> str:
        """The device's base URL, without credentials."""
        scheme = "https" if self.ssl else "http"
        default = 443 if self.ssl else 80
        if self.effective_port == default:
            return f"{scheme}://{self.url_host}"
        return f"{scheme}://{self.url_host}:{self.effective_port}"

    def rtsp_url(self, path: str, port: int | None = None) -> str:
        """`rtsp://user:pass@host[:port]/path`: RTSP carries the credentials in the URL."""
        userinfo = f"{quote(self.username, safe='')}:{quote(self.password, safe='')}"
        netloc = self.url_host if port is None else f"{self.url_host}:{port}"
        return f"rtsp://{userinfo}@{netloc}/{path}"


@dataclass(frozen=True, kw_only=True)
class ClientOptions:
    """User options that change how a vendor client talks to its device."""

    invert_pan: bool = False
    # For firmware that swaps the day and night IR-cut modes (Anjia).
    invert_ir_cut: bool = False
    request_timeout: float = 10.0
    # Seconds between two status polls: sessions that lapse when idle must outlive it.
    status_interval: float = 2.0


@dataclass(frozen=True, kw_only=True)
class DeviceInfo:
    """Who the device is."""

    vendor: Vendor
    manufacturer: str
    model: str | None = None
    name: str | None = None
    mac: str | None = None
    serial: str | None = None
    firmware: str | None = None
    hardware: str | None = None

    @property
    def unique_id(self) -> str | None:
        """Formatted MAC where known, else `<vendor>_<serial>`, else None."""
        if self.mac:
            return self.mac
        if self.serial:
            return f"{self.vendor}_{self.serial}"
        return None


@dataclass(frozen=True, kw_only=True)
class SettingSpec:
    """One writable device setting with its range or options, as this device reports them."""

    kind: SettingKind
    minimum: float = 0
    maximum: float = 100
    step: float = 1
    options: tuple[str, ...] = ()
    # False where the API cannot read the value back (the integration then assumes the
    # last written value, and shows the entity as assumed state).
    readable: bool = True


@dataclass(frozen=True, kw_only=True)
class Capabilities:
    """What this device has: gates every entity and action."""

    features: frozenset[Feature] = frozenset()
    # Binary states from the fast status poll: "motion", "sound", "input_alarm", ...
    events: frozenset[str] = frozenset()
    # Read-only values: "uptime", "motion_level", ...
    sensors: frozenset[str] = frozenset()
    settings: Mapping[str, SettingSpec] = field(default_factory=dict)
    buttons: frozenset[str] = frozenset()
    ptz_presets: tuple[int, ...] = ()
    # Titles of the presets that have one (where the device names them).
    preset_names: Mapping[int, str] = field(default_factory=dict)
    patrol_modes: tuple[str, ...] = ()
    streams: tuple[StreamQuality, ...] = (StreamQuality.MAIN,)

    def has(self, feature: Feature) -> bool:
        """Whether the device has the feature."""
        return feature in self.features


@dataclass(frozen=True, kw_only=True)
class StatusUpdate:
    """The result of one fast status poll (or one pushed event)."""

    events: Mapping[str, bool] = field(default_factory=dict)
    values: Mapping[str, SettingValue] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CameraState:
    """Everything the integration shows: events, settings and readings, and PTZ presets.

    Lookups of keys a device does not report give None (see `event` and `value`).
    """

    events: Mapping[str, bool] = field(default_factory=dict)
    values: Mapping[str, SettingValue] = field(default_factory=dict)
    preset_names: Mapping[int, str] = field(default_factory=dict)

    def event(self, key: str) -> bool | None:
        """A binary state, None where unknown."""
        return self.events.get(key)

    def value(self, key: str) -> SettingValue | None:
        """A setting or reading, None where unknown."""
        return self.values.get(key)


@dataclass(frozen=True, kw_only=True)
class PushTarget:
    """What the device's push channel was set to before we pointed it at Home Assistant."""

    previous: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RawExchange:
    """One request and the device's answer, redacted, kept for diagnostics and fixtures."""

    method: str
    path: str
    status: int
    body: str
