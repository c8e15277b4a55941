"""Async client for IP cameras that speak their vendor's CGI/HTTP API.

Independent of Home Assistant: bring an aiohttp ClientSession, get a vendor client.
"""

from .errors import (
    AuthError,
    CameraConnectionError,
    CameraError,
    CameraSslError,
    CameraTimeoutError,
    LockedOutError,
    NotSupportedError,
    ParseError,
    RefusedError,
    ResponseError,
    ResponseTooLargeError,
    UnsupportedDeviceError,
)
from .events import EventStream
from .models import (
    CameraState,
    Capabilities,
    ClientOptions,
    ConnectionConfig,
    DeviceInfo,
    Feature,
    LensAxis,
    LensDirection,
    PresetAction,
    PtzDirection,
    PushTarget,
    RawExchange,
    SettingKind,
    SettingSpec,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    Vendor,
)
from .registry import client_class, create_client, detect, supported_vendors
from .transport import StreamResponse, redact_url
from .vendor import VendorClient

__all__ = [
    "AuthError",
    "CameraConnectionError",
    "CameraError",
    "CameraSslError",
    "CameraState",
    "CameraTimeoutError",
    "Capabilities",
    "ClientOptions",
    "ConnectionConfig",
    "DeviceInfo",
    "EventStream",
    "Feature",
    "LensAxis",
    "LensDirection",
    "LockedOutError",
    "NotSupportedError",
    "ParseError",
    "PresetAction",
    "PtzDirection",
    "PushTarget",
    "RawExchange",
    "RefusedError",
    "ResponseError",
    "ResponseTooLargeError",
    "SettingKind",
    "SettingSpec",
    "SettingValue",
    "StatusUpdate",
    "StreamQuality",
    "StreamResponse",
    "UnsupportedDeviceError",
    "Vendor",
    "VendorClient",
    "client_class",
    "create_client",
    "detect",
    "redact_url",
    "supported_vendors",
]
