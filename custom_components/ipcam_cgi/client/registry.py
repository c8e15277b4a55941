"""Which vendor clients exist, how to build one, and how to recognise a device's vendor."""

from __future__ import annotations

import logging
from typing import Final

import aiohttp

from .errors import CameraConnectionError, CameraSslError, UnsupportedDeviceError
from .models import ClientOptions, ConnectionConfig, Vendor
from .transport import Transport
from .vendor import VendorClient
from .vendors.anjia.client import AnjiaClient
from .vendors.foscam_mjpeg.client import FoscamMjpegClient
from .vendors.grandstream.client import GrandstreamClient
from .vendors.hankvision.client import HankvisionClient
from .vendors.standard_api.client import StandardApiClient

_LOGGER: Final = logging.getLogger(__name__)

# In detection order: cheapest and safest fingerprint first.
VENDOR_CLIENTS: Final[dict[Vendor, type[VendorClient]]] = {
    Vendor.FOSCAM_MJPEG: FoscamMjpegClient,
    # A login challenge (step 1): no credentials, and no failed login on the device.
    Vendor.GRANDSTREAM: GrandstreamClient,
    # param.cgi's 401 (or its `root.` lines), checked against a path no camera serves.
    Vendor.STANDARD_API: StandardApiClient,
    # A bare getuid: the spec's "error, parse parameters" fault, no credentials sent.
    Vendor.ANJIA: AnjiaClient,
    # /cgi/sys_get's <Message> (or its 401, checked against a path no camera serves).
    Vendor.HANKVISION: HankvisionClient,
}


def supported_vendors() -> list[Vendor]:
    """The vendors this client implements."""
    return list(VENDOR_CLIENTS)


def client_class(vendor: Vendor) -> type[VendorClient]:
    """The client class of a vendor; UnsupportedDeviceError for one not implemented."""
    try:
        return VENDOR_CLIENTS[vendor]
    except KeyError as err:
        raise UnsupportedDeviceError(f"vendor {vendor} is not implemented") from err


def create_client(
    vendor: Vendor,
    session: aiohttp.ClientSession,
    config: ConnectionConfig,
    options: ClientOptions | None = None,
) -> VendorClient:
    """Build the client of a known vendor on an injected session."""
    cls = client_class(vendor)
    options = options or ClientOptions()
    transport = Transport(session, config, auth=cls.auth_scheme, timeout=options.request_timeout)
    return cls(transport, options)


async def detect(
    session: aiohttp.ClientSession,
    config: ConnectionConfig,
    options: ClientOptions | None = None,
) -> Vendor:
    """Find the device's vendor by probing WITHOUT credentials.

    No login is sent here, so detection never counts against a lockout limit; the caller then
    identifies (logs in) once with the matching client.
    Raises CameraConnectionError when nothing answers (CameraSslError when the TLS handshake
    fails), UnsupportedDeviceError when something answers but no vendor recognises it.
    """
    options = options or ClientOptions()
    probe = Transport(session, config, timeout=options.request_timeout)
    for vendor, cls in VENDOR_CLIENTS.items():
        if await cls.async_fingerprint(probe):
            _LOGGER.debug("%s answers like %s", config.base_url, vendor)
            return vendor
    if probe.requests_sent and not probe.history:
        # The vendors' probes swallow errors; a failed handshake must still reach the user
        # as a TLS problem (e.g. a self-signed certificate), not as "did not answer".
        if probe.tls_failed:
            raise CameraSslError(f"{config.base_url}: the TLS handshake failed")
        raise CameraConnectionError(f"{config.base_url} did not answer")
    raise UnsupportedDeviceError(f"{config.base_url} is no supported camera")
