"""Specification of the vendor-neutral models and the error hierarchy."""

from __future__ import annotations

import dataclasses

import pytest

from custom_components.ipcam_cgi.client import errors
from custom_components.ipcam_cgi.client.models import (
    CameraState,
    Capabilities,
    ConnectionConfig,
    DeviceInfo,
    Feature,
    Vendor,
)


@pytest.mark.parametrize(
    ("config", "url"),
    [
        (ConnectionConfig(host="cam.local"), "http://cam.local"),
        (ConnectionConfig(host="cam.local", port=80), "http://cam.local"),
        (ConnectionConfig(host="cam.local", port=8080), "http://cam.local:8080"),
        (ConnectionConfig(host="cam.local", ssl=True), "https://cam.local"),
        (ConnectionConfig(host="cam.local", ssl=True, port=443), "https://cam.local"),
        (ConnectionConfig(host="cam.local", ssl=True, port=80), "https://cam.local:80"),
        (ConnectionConfig(host="fe80::1"), "http://[fe80::1]"),
        (ConnectionConfig(host="[fe80::1]", port=81), "http://[fe80::1]:81"),
    ],
)
def test_base_url_omits_the_default_port_and_brackets_ipv6(
    config: ConnectionConfig, url: str
) -> None:
    assert config.base_url == url


def test_effective_port_defaults_by_scheme() -> None:
    assert ConnectionConfig(host="cam").effective_port == 80
    assert ConnectionConfig(host="cam", ssl=True).effective_port == 443
    assert ConnectionConfig(host="cam", port=8081).effective_port == 8081


def test_connection_config_repr_hides_the_password() -> None:
    config = ConnectionConfig(host="cam", username="admin", password="hunter22")
    assert "hunter22" not in repr(config)
    assert "admin" in repr(config)


def test_connection_config_is_immutable() -> None:
    config = ConnectionConfig(host="cam")
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.host = "other"  # type: ignore[misc]


def test_device_unique_id_prefers_the_mac_then_vendor_and_serial() -> None:
    vendor = Vendor.FOSCAM_MJPEG
    assert DeviceInfo(vendor=vendor, manufacturer="F", mac="aa:bb", serial="S").unique_id == (
        "aa:bb"
    )
    assert DeviceInfo(vendor=vendor, manufacturer="F", serial="S1").unique_id == ("foscam_mjpeg_S1")
    assert DeviceInfo(vendor=vendor, manufacturer="F").unique_id is None


def test_capabilities_has_tells_features() -> None:
    caps = Capabilities(features=frozenset({Feature.SNAPSHOT}))
    assert caps.has(Feature.SNAPSHOT)
    assert not caps.has(Feature.MJPEG)


def test_camera_state_gives_none_for_unknown_keys() -> None:
    state = CameraState(events={"motion": True}, values={"brightness": 3})
    assert state.event("motion") is True
    assert state.event("sound") is None
    assert state.value("brightness") == 3
    assert state.value("contrast") is None


@pytest.mark.parametrize(
    ("error", "base"),
    [
        (errors.CameraConnectionError, errors.CameraError),
        (errors.CameraTimeoutError, errors.CameraConnectionError),
        (errors.CameraSslError, errors.CameraConnectionError),
        (errors.AuthError, errors.CameraError),
        (errors.LockedOutError, errors.AuthError),
        (errors.ResponseError, errors.CameraError),
        (errors.ParseError, errors.ResponseError),
        (errors.ResponseTooLargeError, errors.ResponseError),
        (errors.NotSupportedError, errors.CameraError),
        (errors.UnsupportedDeviceError, errors.CameraError),
    ],
)
def test_every_error_belongs_to_the_one_hierarchy(error: type, base: type) -> None:
    assert issubclass(error, base)


def test_client_errors_do_not_shadow_builtins() -> None:
    assert not issubclass(errors.CameraConnectionError, ConnectionError)
    assert not issubclass(errors.CameraTimeoutError, TimeoutError)


def test_locked_out_error_keeps_the_lock_duration() -> None:
    error = errors.LockedOutError("locked", retry_after_minutes=5)
    assert error.retry_after_minutes == 5
    assert str(error) == "locked"
    assert errors.LockedOutError("locked").retry_after_minutes is None
