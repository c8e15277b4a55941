"""Specification of the vendor registry and of the VendorClient defaults."""

from __future__ import annotations

import inspect
from collections.abc import Mapping

import aiohttp
import pytest

from custom_components.ipcam_cgi.client import (
    CameraSslError,
    Capabilities,
    ClientOptions,
    DeviceInfo,
    NotSupportedError,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    UnsupportedDeviceError,
    Vendor,
    VendorClient,
    client_class,
    create_client,
    detect,
    supported_vendors,
)
from custom_components.ipcam_cgi.client.transport import AuthScheme, Transport
from custom_components.ipcam_cgi.client.vendors.foscam_mjpeg.client import FoscamMjpegClient

from .helpers import config_for


def test_foscam_mjpeg_is_supported() -> None:
    assert Vendor.FOSCAM_MJPEG in supported_vendors()
    assert client_class(Vendor.FOSCAM_MJPEG) is FoscamMjpegClient


def test_an_unimplemented_vendor_is_an_unsupported_device() -> None:
    missing = [vendor for vendor in Vendor if vendor not in supported_vendors()]
    if not missing:
        pytest.skip("every vendor is implemented")
    with pytest.raises(UnsupportedDeviceError):
        client_class(missing[0])


async def test_create_client_builds_the_vendor_client_on_the_injected_session(
    http_session: aiohttp.ClientSession,
) -> None:
    options = ClientOptions(invert_pan=True, request_timeout=3.0)
    client = create_client(Vendor.FOSCAM_MJPEG, http_session, config_for(8080), options)
    assert isinstance(client, FoscamMjpegClient)
    assert client.options is options
    assert client.transport._session is http_session
    assert client.transport._timeout == 3.0
    assert client.transport.base_url == "http://127.0.0.1:8080"


async def test_create_client_uses_default_options(http_session: aiohttp.ClientSession) -> None:
    client = create_client(Vendor.FOSCAM_MJPEG, http_session, config_for(8080))
    assert client.options == ClientOptions()


async def test_detect_on_a_self_signed_camera_with_verification_is_a_tls_error(
    tls_port: int, http_session: aiohttp.ClientSession
) -> None:
    with pytest.raises(CameraSslError):
        await detect(http_session, config_for(tls_port, ssl=True))


async def test_detect_on_a_tls_server_that_is_no_camera_is_unsupported(
    tls_port: int, http_session: aiohttp.ClientSession
) -> None:
    with pytest.raises(UnsupportedDeviceError):
        await detect(http_session, config_for(tls_port, ssl=True, verify_ssl=False))


class _MinimalClient(VendorClient):
    """A vendor implementing only what is required, to see the base class defaults."""

    vendor = Vendor.FOSCAM_MJPEG
    manufacturer = "Nobody"

    @classmethod
    async def async_fingerprint(cls, transport: Transport) -> bool:
        return False

    async def async_identify(self) -> DeviceInfo:
        return DeviceInfo(vendor=self.vendor, manufacturer=self.manufacturer)

    async def async_capabilities(self) -> Capabilities:
        return Capabilities()

    async def async_fast_status(self) -> StatusUpdate:
        return StatusUpdate()

    async def async_read_settings(self) -> Mapping[str, SettingValue]:
        return {}

    async def async_write_setting(self, key: str, value: SettingValue) -> None:
        raise NotSupportedError(key)

    async def async_snapshot(self, quality: StreamQuality = StreamQuality.MAIN) -> bytes:
        return b""


_OPTIONAL_COROUTINES = [
    name
    for name, member in inspect.getmembers(VendorClient, inspect.iscoroutinefunction)
    if name.startswith("async_")
    and name not in VendorClient.__abstractmethods__
    and name != "async_close"
]


def test_the_base_class_has_optional_features() -> None:
    assert {"async_open_mjpeg", "async_ptz_move", "async_push_enable"} <= set(_OPTIONAL_COROUTINES)


@pytest.mark.parametrize("name", _OPTIONAL_COROUTINES)
async def test_optional_features_are_not_supported_by_default(
    http_session: aiohttp.ClientSession, name: str
) -> None:
    client = _MinimalClient(Transport(http_session, config_for(8080)))
    method = getattr(client, name)
    arguments = [None] * (len(inspect.signature(method).parameters))
    with pytest.raises(NotSupportedError):
        await method(*arguments)


async def test_base_class_defaults_for_rtsp_push_and_close(
    http_session: aiohttp.ClientSession,
) -> None:
    client = _MinimalClient(Transport(http_session, config_for(8080)))
    assert client.options == ClientOptions()
    assert client.auth_scheme is AuthScheme.AUTO
    assert not client.needs_cookie_jar
    assert client.rtsp_url() is None
    assert client.parse_push({}, b"") is None
    assert client.raw_exchanges == []
    await client.async_close()
