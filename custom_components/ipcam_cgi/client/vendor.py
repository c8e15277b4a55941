"""The interface every vendor client implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar, Final

from .errors import CameraError, NotSupportedError
from .events import EventStream
from .models import (
    Capabilities,
    ClientOptions,
    DeviceInfo,
    LensAxis,
    LensDirection,
    PresetAction,
    PtzDirection,
    PushTarget,
    RawExchange,
    SettingSpec,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    Vendor,
)
from .transport import AuthScheme, StreamResponse, Transport

# A path no vendor serves: a device that also demands credentials for it protects
# everything, so its 401 on a vendor's path says nothing about which API it speaks.
_ABSENT_PATH: Final = "/ipcam_cgi_fingerprint_probe"


async def async_absent_path_is_unprotected(transport: Transport) -> bool:
    """Whether a path no camera serves answers 404 (no credentials are sent).

    A fingerprint that met a 401 on its vendor's path uses this to tell "this path is the
    vendor's and needs a login" from "everything here needs a login".
    """
    try:
        control = await transport.request(
            _ABSENT_PATH, use_auth=False, accept_statuses=frozenset({401, 403, 404})
        )
    except CameraError:
        return False
    return control.status == 404


class VendorClient(ABC):
    """One device of one vendor. Sessions (logins, cookies) are owned here, not by callers.

    Optional features raise NotSupportedError by default; `capabilities()` says which exist.
    """

    vendor: ClassVar[Vendor]
    manufacturer: ClassVar[str]
    # How the transport authenticates this vendor's requests.
    auth_scheme: ClassVar[AuthScheme] = AuthScheme.AUTO
    # Whether the vendor keeps a cookie session (the integration then gives it its own jar).
    needs_cookie_jar: ClassVar[bool] = False
    # Every setting this vendor can offer, with the options of all its models together:
    # what the entity descriptions and translations must cover.
    setting_catalogue: ClassVar[Mapping[str, SettingSpec]] = MappingProxyType({})
    # Whether the `push` option starts on: where push changes nothing on the device (an
    # event stream we open), there is no reason to poll instead.
    push_by_default: ClassVar[bool] = False
    # Whether the firmware may swap the IR-cut day and night modes (`invert_ir_cut`).
    ir_cut_invertible: ClassVar[bool] = False

    def __init__(self, transport: Transport, options: ClientOptions | None = None) -> None:
        """Bind the client to its transport."""
        self.transport = transport
        self.options = options or ClientOptions()

    @classmethod
    @abstractmethod
    async def async_fingerprint(cls, transport: Transport) -> bool:
        """Whether the device answers like this vendor, WITHOUT sending credentials.

        Auto-detection calls this for every vendor before any login, so that a device gets at
        most one login attempt (some lock accounts after a few failures).
        """

    @abstractmethod
    async def async_identify(self) -> DeviceInfo:
        """Log in if needed and read who the device is. Raises AuthError on bad credentials."""

    @abstractmethod
    async def async_capabilities(self) -> Capabilities:
        """What this device has."""

    @abstractmethod
    async def async_fast_status(self) -> StatusUpdate:
        """The live state (motion, inputs, relay...) in ONE request."""

    @abstractmethod
    async def async_read_settings(self) -> Mapping[str, SettingValue]:
        """The settings the capabilities list, keyed like them (slow cadence)."""

    @abstractmethod
    async def async_write_setting(self, key: str, value: SettingValue) -> None:
        """Change one setting."""

    @abstractmethod
    async def async_snapshot(self, quality: StreamQuality = StreamQuality.MAIN) -> bytes:
        """One JPEG picture."""

    async def async_open_mjpeg(self, quality: StreamQuality = StreamQuality.MAIN) -> StreamResponse:
        """Open the device's MJPEG stream (multipart/x-mixed-replace)."""
        raise NotSupportedError("MJPEG stream")

    def rtsp_url(self, quality: StreamQuality = StreamQuality.MAIN) -> str | None:
        """The RTSP URL (with credentials, as the protocol needs them), None where none exists."""
        return None

    async def async_press(self, button: str) -> None:
        """Run a one-shot command listed in `capabilities().buttons` (reboot, ptz_center...)."""
        raise NotSupportedError(button)

    async def async_ptz_move(self, direction: PtzDirection, speed: int) -> None:
        """Start a continuous pan/tilt move; speed in percent (1-100)."""
        raise NotSupportedError("ptz_move")

    async def async_ptz_stop(self) -> None:
        """Stop any pan/tilt move."""
        raise NotSupportedError("ptz_stop")

    async def async_ptz_lens(self, axis: LensAxis, direction: LensDirection) -> None:
        """Start driving a lens motor (AUTO: one-shot auto focus)."""
        raise NotSupportedError(f"ptz_{axis}")

    async def async_ptz_lens_stop(self, axis: LensAxis, direction: LensDirection) -> None:
        """Stop driving a lens motor."""
        raise NotSupportedError(f"ptz_{axis}")

    async def async_ptz_preset(self, action: PresetAction, preset: int) -> None:
        """Go to, save or remove a preset."""
        raise NotSupportedError("ptz_preset")

    async def async_ptz_patrol(self, start: bool, mode: str | None) -> None:
        """Start or stop a patrol (mode: one of `capabilities().patrol_modes`)."""
        raise NotSupportedError("ptz_patrol")

    async def async_ptz_position(
        self, pan: float | None, tilt: float | None, zoom: float | None
    ) -> None:
        """Move to an absolute position (degrees, degrees, zoom percent)."""
        raise NotSupportedError("ptz_position")

    async def async_sip_call(self, number: str) -> None:
        """Dial a number through the device's SIP account."""
        raise NotSupportedError("sip_call")

    async def async_sip_hangup(self) -> None:
        """Hang up the device's SIP call."""
        raise NotSupportedError("sip_hangup")

    async def async_push_enable(self, url: str) -> PushTarget:
        """Point the device's push channel at `url`; return what it was set to before."""
        raise NotSupportedError("push")

    async def async_push_restore(self, target: PushTarget) -> None:
        """Put back what `async_push_enable` found."""
        raise NotSupportedError("push")

    async def async_open_event_stream(self, watchdog: float) -> EventStream:
        """Open the device's live event stream (Feature.EVENT_STREAM).

        `watchdog`: seconds of silence after which the stream counts as dead.
        """
        raise NotSupportedError("event stream")

    def parse_push(self, query: Mapping[str, str], body: bytes) -> StatusUpdate | None:
        """Turn a pushed request into a status update; None means "poll the status now"."""
        return None

    async def async_close(self) -> None:  # noqa: B027 - optional hook, most vendors hold nothing
        """Log out / release what the client holds."""

    @property
    def session_summary(self) -> Mapping[str, object]:
        """How the vendor's login session is doing (logins so far...), for diagnostics."""
        return {}

    @property
    def raw_exchanges(self) -> list[RawExchange]:
        """The last requests and answers, redacted (for diagnostics and test fixtures)."""
        return list(self.transport.history)
