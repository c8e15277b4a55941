"""The one error hierarchy every vendor client raises."""

from __future__ import annotations


class CameraError(Exception):
    """Base class of every error the client raises."""


class CameraConnectionError(CameraError):
    """The device could not be reached, or the connection broke."""


class CameraTimeoutError(CameraConnectionError):
    """The device did not answer in time."""


class AuthError(CameraError):
    """The device rejected the credentials; do not retry until they change."""


class LockedOutError(AuthError):
    """The device locked the account after too many failed logins."""

    def __init__(self, message: str, retry_after_minutes: int | None = None) -> None:
        """Keep how long the device says the lock lasts, when it says."""
        super().__init__(message)
        self.retry_after_minutes = retry_after_minutes


class ResponseError(CameraError):
    """The device answered, but with an error or something unusable."""


class RefusedError(ResponseError):
    """The device refused the request and said why; `reason` is its own words (redacted)."""

    def __init__(self, message: str, reason: str) -> None:
        """Keep the device's reason for the user."""
        super().__init__(message)
        self.reason = reason


class ParseError(ResponseError):
    """The device's answer could not be parsed."""


class ResponseTooLargeError(ResponseError):
    """The device's answer exceeded the body size cap."""


class NotSupportedError(CameraError):
    """The device (or this client for it) does not support the request."""


class UnsupportedDeviceError(CameraError):
    """No supported vendor API was recognised at the address."""


class CameraSslError(CameraConnectionError):
    """The TLS handshake failed (often a self-signed certificate with verification on)."""
