"""Build vendor clients on Home Assistant's shared HTTP sessions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiohttp
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import (
    async_create_clientsession,
    async_get_clientsession,
)

from .client import (
    ClientOptions,
    ConnectionConfig,
    Vendor,
    VendorClient,
    client_class,
    create_client,
)
from .const import CONF_INVERT_IR_CUT, CONF_INVERT_PAN, DEFAULT_SCAN_INTERVAL, DEFAULT_USERNAME


def connection_config(data: Mapping[str, Any]) -> ConnectionConfig:
    """The client's connection settings from config entry (or flow) data."""
    return ConnectionConfig(
        host=data[CONF_HOST],
        port=data.get(CONF_PORT) or None,
        ssl=data.get(CONF_SSL, False),
        verify_ssl=data.get(CONF_VERIFY_SSL, True),
        username=data.get(CONF_USERNAME, DEFAULT_USERNAME),
        password=data.get(CONF_PASSWORD, ""),
    )


def client_options(options: Mapping[str, Any]) -> ClientOptions:
    """The client's behaviour options from config entry options."""
    return ClientOptions(
        invert_pan=bool(options.get(CONF_INVERT_PAN, False)),
        invert_ir_cut=bool(options.get(CONF_INVERT_IR_CUT, False)),
        status_interval=float(options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL)),
    )


def http_session(
    hass: HomeAssistant, vendor: Vendor, verify_ssl: bool
) -> tuple[aiohttp.ClientSession, bool]:
    """The session a vendor's client uses, and whether the caller owns (must close) it.

    Vendors with cookie sessions get their own jar (unsafe: devices are addressed by IP),
    so that two cameras never share a login cookie.
    """
    if client_class(vendor).needs_cookie_jar:
        jar = aiohttp.CookieJar(unsafe=True)
        return async_create_clientsession(
            hass, verify_ssl=verify_ssl, cookie_jar=jar, auto_cleanup=False
        ), True
    return async_get_clientsession(hass, verify_ssl=verify_ssl), False


def build_client(
    hass: HomeAssistant,
    vendor: Vendor,
    data: Mapping[str, Any],
    options: Mapping[str, Any] | None = None,
) -> tuple[VendorClient, aiohttp.ClientSession | None]:
    """A vendor client for entry data, and the session to close with it (None if shared)."""
    config = connection_config(data)
    session, owned = http_session(hass, vendor, config.verify_ssl)
    client = create_client(vendor, session, config, client_options(options or {}))
    return client, session if owned else None
