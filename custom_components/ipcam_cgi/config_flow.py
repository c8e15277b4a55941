"""Config flow: add a camera (with vendor auto-detection), reauth, reconfigure, options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo

from .client import (
    AuthError,
    CameraConnectionError,
    CameraError,
    CameraSslError,
    DeviceInfo,
    LockedOutError,
    StreamQuality,
    UnsupportedDeviceError,
    Vendor,
    client_class,
    detect,
    supported_vendors,
)
from .const import (
    CONF_INVERT_IR_CUT,
    CONF_INVERT_PAN,
    CONF_PUSH,
    CONF_STREAM,
    CONF_STREAM_QUALITY,
    CONF_STREAM_URL,
    CONF_VENDOR,
    DEFAULT_SCAN_INTERVAL,
    DEFAULT_USERNAME,
    DOMAIN,
    LOGGER,
    MAX_SCAN_INTERVAL,
    MIN_SCAN_INTERVAL,
    STREAM_AUTO,
    STREAM_MODES,
    VENDOR_AUTO,
)
from .session import build_client, connection_config

_PASSWORD = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
_TEXT = TextSelector()
_PORT = NumberSelector(NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX))


def _connection_fields() -> dict[vol.Marker, Any]:
    return {
        vol.Required(CONF_HOST): _TEXT,
        vol.Optional(CONF_PORT): _PORT,
        vol.Required(CONF_SSL, default=False): BooleanSelector(),
        vol.Required(CONF_VERIFY_SSL, default=True): BooleanSelector(),
    }


def _credential_fields() -> dict[vol.Marker, Any]:
    return {
        vol.Required(CONF_USERNAME, default=DEFAULT_USERNAME): _TEXT,
        vol.Optional(CONF_PASSWORD, default=""): _PASSWORD,
    }


def _user_schema() -> vol.Schema:
    vendors = [VENDOR_AUTO, *(vendor.value for vendor in supported_vendors())]
    return vol.Schema(
        {
            **_connection_fields(),
            **_credential_fields(),
            vol.Required(CONF_VENDOR, default=VENDOR_AUTO): SelectSelector(
                SelectSelectorConfig(
                    options=vendors, translation_key="vendor", mode=SelectSelectorMode.DROPDOWN
                )
            ),
        }
    )


class CannotAddError(Exception):
    """Why a camera could not be added, as a translated error key."""

    def __init__(self, key: str) -> None:
        """Keep the error key."""
        super().__init__(key)
        self.key = key


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Entry data from form input: a port is an int, an empty one is no port."""
    cleaned = dict(data)
    if cleaned.get(CONF_PORT):
        cleaned[CONF_PORT] = int(cleaned[CONF_PORT])
    else:
        cleaned.pop(CONF_PORT, None)
    return cleaned


async def async_identify_camera(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> tuple[Vendor, DeviceInfo]:
    """Find the vendor (when `auto`), log in once and read who the camera is."""
    try:
        if data.get(CONF_VENDOR, VENDOR_AUTO) == VENDOR_AUTO:
            config = connection_config(data)
            vendor = await detect(async_get_clientsession(hass, config.verify_ssl), config)
        else:
            vendor = Vendor(data[CONF_VENDOR])
        client, owned_session = build_client(hass, vendor, data)
        try:
            device = await client.async_identify()
        finally:
            await client.async_close()
            if owned_session is not None:
                owned_session.detach()
    except LockedOutError as err:
        raise CannotAddError("account_locked") from err
    except AuthError as err:
        raise CannotAddError("invalid_auth") from err
    except CameraSslError as err:
        raise CannotAddError("ssl_error") from err
    except CameraConnectionError as err:
        raise CannotAddError("cannot_connect") from err
    except UnsupportedDeviceError as err:
        raise CannotAddError("unsupported_device") from err
    except CameraError as err:
        LOGGER.debug("Identifying %s failed: %s", data[CONF_HOST], err)
        raise CannotAddError("unsupported_device") from err
    except Exception as err:
        LOGGER.exception("Unexpected error identifying %s", data[CONF_HOST])
        raise CannotAddError("unknown") from err
    return vendor, device


def _unique_id(vendor: Vendor, device: DeviceInfo, data: Mapping[str, Any]) -> str:
    # The five APIs all expose a MAC or a serial; the host is only a last resort.
    return device.unique_id or f"{vendor}_{data[CONF_HOST]}"


def _title(vendor: Vendor, device: DeviceInfo, host: str) -> str:
    return f"{device.name or device.model or vendor} ({host})"


class IpcamConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add an IP camera."""

    VERSION = 1

    def __init__(self) -> None:
        """Start empty."""
        self._discovered: dict[str, Any] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """The options flow."""
        return IpcamOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask where the camera is and how to log in."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = _clean(user_input)
            try:
                vendor, device = await async_identify_camera(self.hass, data)
            except CannotAddError as err:
                errors["base"] = err.key
            else:
                await self.async_set_unique_id(_unique_id(vendor, device, data))
                self._abort_if_unique_id_configured(
                    updates={CONF_HOST: data[CONF_HOST], CONF_PORT: data.get(CONF_PORT)}
                )
                return self.async_create_entry(
                    title=_title(vendor, device, data[CONF_HOST]),
                    data={**data, CONF_VENDOR: vendor.value},
                )
        suggested = user_input or self._discovered
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(_user_schema(), suggested),
            errors=errors,
        )

    async def async_step_dhcp(self, discovery_info: DhcpServiceInfo) -> ConfigFlowResult:
        """A camera with a known vendor MAC prefix joined the network."""
        await self.async_set_unique_id(format_mac(discovery_info.macaddress))
        self._abort_if_unique_id_configured(updates={CONF_HOST: discovery_info.ip})
        self._discovered = {CONF_HOST: discovery_info.ip}
        self.context["title_placeholders"] = {"host": discovery_info.ip}
        return await self.async_step_user()

    async def _async_update_same_camera(
        self, entry: ConfigEntry, data: dict[str, Any], errors: dict[str, str]
    ) -> ConfigFlowResult | None:
        """Log in with the changed data; if it is the same camera, store the data and reload.

        Returns None with `errors` filled when the camera cannot be reached or logged in to.
        """
        try:
            vendor, device = await async_identify_camera(self.hass, data)
        except CannotAddError as err:
            errors["base"] = err.key
            return None
        await self.async_set_unique_id(_unique_id(vendor, device, data))
        self._abort_if_unique_id_mismatch(reason="unique_id_mismatch")
        return self.async_update_reload_and_abort(entry, data=data)

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The camera rejected the stored credentials."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for new credentials."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**entry.data, **user_input}
            if (result := await self._async_update_same_camera(entry, data, errors)) is not None:
                return result
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(_credential_fields()), {CONF_USERNAME: entry.data.get(CONF_USERNAME)}
            ),
            description_placeholders={"name": entry.title},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change where the camera is."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = _clean({**entry.data, CONF_PORT: None, **user_input})
            if (result := await self._async_update_same_camera(entry, data, errors)) is not None:
                return result
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(_connection_fields()), user_input or entry.data
            ),
            description_placeholders={"name": entry.title},
            errors=errors,
        )


class IpcamOptionsFlow(OptionsFlow):
    """Polling, push and live view options."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show the options."""
        if user_input is not None:
            options = dict(user_input)
            options[CONF_SCAN_INTERVAL] = int(options[CONF_SCAN_INTERVAL])
            if not options.get(CONF_STREAM_URL):
                options.pop(CONF_STREAM_URL, None)
            return self.async_create_entry(data=options)
        vendor_class = client_class(Vendor(self.config_entry.data[CONF_VENDOR]))
        schema = vol.Schema(
            {
                vol.Required(CONF_SCAN_INTERVAL, default=DEFAULT_SCAN_INTERVAL): NumberSelector(
                    NumberSelectorConfig(
                        min=MIN_SCAN_INTERVAL,
                        max=MAX_SCAN_INTERVAL,
                        step=1,
                        unit_of_measurement="s",
                        mode=NumberSelectorMode.BOX,
                    )
                ),
                vol.Required(CONF_PUSH, default=vendor_class.push_by_default): BooleanSelector(),
                vol.Required(CONF_STREAM, default=STREAM_AUTO): SelectSelector(
                    SelectSelectorConfig(options=list(STREAM_MODES), translation_key="stream")
                ),
                vol.Required(CONF_STREAM_QUALITY, default=StreamQuality.MAIN.value): SelectSelector(
                    SelectSelectorConfig(
                        options=[quality.value for quality in StreamQuality],
                        translation_key="stream_quality",
                    )
                ),
                vol.Optional(CONF_STREAM_URL): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.URL)
                ),
                vol.Required(CONF_INVERT_PAN, default=False): BooleanSelector(),
            }
        )
        if vendor_class.ir_cut_invertible:
            schema = schema.extend(
                {vol.Required(CONF_INVERT_IR_CUT, default=False): BooleanSelector()}
            )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(schema, self.config_entry.options),
        )
