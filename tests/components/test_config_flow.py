"""Config flow: adding a camera, errors, duplicates, discovery, reauth, reconfigure, options.

Every flow talks to the simulated camera over loopback with the real client; only the
`unknown` and `account_locked` errors are produced by patching (nothing real raises them
for a Foscam camera).
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import json
import socket
import ssl
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from homeassistant.config_entries import SOURCE_DHCP, SOURCE_USER, ConfigEntryState
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
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import aiohttp_client
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ipcam_cgi import session as session_module
from custom_components.ipcam_cgi.client import LockedOutError
from custom_components.ipcam_cgi.client.vendors.foscam_mjpeg.client import FoscamMjpegClient
from custom_components.ipcam_cgi.const import (
    CONF_INVERT_IR_CUT,
    CONF_INVERT_PAN,
    CONF_PUSH,
    CONF_STREAM,
    CONF_STREAM_URL,
    CONF_VENDOR,
    DOMAIN,
)
from tests.conftest import (
    ANJIA_MAC,
    FOSCAM_MAC,
    GRANDSTREAM_MAC,
    HANKVISION_MAC,
    PASSWORD,
    STANDARD_API_MAC,
    USERNAME,
    entry_data,
    setup_entry,
)
from tests.simulator import (
    AnjiaSimulator,
    FoscamMjpegSimulator,
    GrandstreamSimulator,
    HankvisionSimulator,
    StandardApiSimulator,
)

OTHER_MAC = "00:62:6e:11:22:33"
WRONG_PASSWORD = "not-the-Pa55word"

type ServerFactory = Callable[..., Awaitable[TestServer]]


def user_input(port: float | None, **overrides: Any) -> dict[str, Any]:
    """What a user types into the user step for the simulated camera."""
    data: dict[str, Any] = {
        CONF_HOST: "127.0.0.1",
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_VENDOR: "auto",
    }
    if port is not None:
        data[CONF_PORT] = port
    data.update(overrides)
    return data


async def start_user_flow(hass: HomeAssistant) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return dict(result)


async def submit_user(hass: HomeAssistant, data: dict[str, Any]) -> dict[str, Any]:
    """Start a user flow and submit one form."""
    result = await start_user_flow(hass)
    return dict(await hass.config_entries.flow.async_configure(result["flow_id"], data))


def suggested(result: dict[str, Any], key: str) -> Any:
    """The suggested value of a form field."""
    for marker in result["data_schema"].schema:
        if marker == key:
            return (marker.description or {}).get("suggested_value")
    raise KeyError(key)


def carries_password(request: Any, password: str) -> bool:
    """Whether a logged simulator request carried this password (Basic header or query)."""
    if request.query.get("pwd") == password or request.form.get("pwd") == password:
        return True
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return False
    return base64.b64decode(value).decode("latin-1").endswith(f":{password}")


@pytest.fixture
def closed_port(socket_enabled: None) -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def other_camera(
    socket_enabled: None, aiohttp_server: ServerFactory
) -> tuple[FoscamMjpegSimulator, TestServer]:
    """A second simulated camera with another MAC address and the same credentials."""
    sim = FoscamMjpegSimulator(
        username=USERNAME, password=PASSWORD, mac=OTHER_MAC.replace(":", "").upper(), alias="Yard"
    )
    return sim, await aiohttp_server(sim.app)


@pytest.fixture
async def not_a_camera(socket_enabled: None, aiohttp_server: ServerFactory) -> TestServer:
    """A web server that answers 404 to everything (a printer, a router...)."""
    return await aiohttp_server(web.Application())


@pytest.fixture
async def camera_on_port_80(
    socket_enabled: None, aiohttp_server: ServerFactory, foscam_sim: FoscamMjpegSimulator
) -> TestServer:
    """The simulated camera on the default HTTP port (what an empty port field means)."""
    try:
        return await aiohttp_server(foscam_sim.app, port=80)
    except OSError as err:  # pragma: no cover - depends on the machine running the tests
        pytest.skip(f"cannot serve the simulator on port 80: {err}")


def _self_signed_context(directory: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file = directory / "cert.pem"
    key_file = directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context


@pytest.fixture
async def tls_camera(
    hass: HomeAssistant,
    socket_enabled: None,
    aiohttp_server: ServerFactory,
    foscam_sim: FoscamMjpegSimulator,
    tmp_path: Path,
) -> TestServer:
    """The simulated camera behind HTTPS with a self-signed certificate.

    A client that rejects the certificate aborts the handshake; asyncio reports that on the
    server side through the loop's exception handler, which would fail the test although
    the camera, not the integration, saw the error.
    """
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()

    def ignore_aborted_handshakes(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if str(context.get("message", "")).startswith(
            "Error on transport creation for incoming connection"
        ):
            return
        if previous is None:
            loop.default_exception_handler(context)
        else:
            previous(loop, context)

    loop.set_exception_handler(ignore_aborted_handshakes)
    return await aiohttp_server(foscam_sim.app, ssl=_self_signed_context(tmp_path))


# -- user step: success ------------------------------------------------------------------


async def test_user_step_shows_an_empty_form(hass: HomeAssistant) -> None:
    result = await start_user_flow(hass)

    assert result["errors"] == {}


async def test_auto_detection_stores_the_resolved_vendor(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    result = await submit_user(hass, user_input(foscam_server.port))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VENDOR] == "foscam_mjpeg"


async def test_new_entry_is_identified_by_the_formatted_mac(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    result = await submit_user(hass, user_input(foscam_server.port))

    assert result["result"].unique_id == FOSCAM_MAC


async def test_new_entry_title_is_the_camera_name_and_host(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    result = await submit_user(hass, user_input(foscam_server.port))

    assert result["title"] == "Front door (127.0.0.1)"


async def test_new_entry_keeps_the_credentials_and_connection(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    result = await submit_user(hass, user_input(foscam_server.port))

    assert result["data"] == {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: foscam_server.port,
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_VENDOR: "foscam_mjpeg",
    }


async def test_new_entry_is_set_up(hass: HomeAssistant, foscam_server: TestServer) -> None:
    result = await submit_user(hass, user_input(foscam_server.port))
    await hass.async_block_till_done()

    assert result["result"].state is ConfigEntryState.LOADED


async def test_auto_detection_probes_without_credentials_first(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> None:
    await submit_user(hass, user_input(foscam_server.port))

    first = foscam_sim.requests[0]
    assert first.path == "/get_status.cgi"
    assert "Authorization" not in first.headers


async def test_explicit_vendor_skips_the_detection_probe(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> None:
    result = await submit_user(hass, user_input(foscam_server.port, vendor="foscam_mjpeg"))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VENDOR] == "foscam_mjpeg"
    # Without detection, identify's get_status.cgi is the only request before the login.
    paths = [request.path for request in foscam_sim.requests]
    assert paths[: paths.index("/get_params.cgi")] == ["/get_status.cgi"]


async def test_port_from_the_number_selector_is_stored_as_int(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    # The frontend's number selector sends floats.
    result = await submit_user(hass, user_input(float(foscam_server.port or 0)))

    port = result["data"][CONF_PORT]
    assert port == foscam_server.port
    assert isinstance(port, int)


async def test_empty_port_uses_the_default_http_port_and_is_not_stored(
    hass: HomeAssistant, camera_on_port_80: TestServer
) -> None:
    result = await submit_user(hass, user_input(None))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert CONF_PORT not in result["data"]


async def test_https_camera_with_self_signed_certificate_is_added_without_verification(
    hass: HomeAssistant, tls_camera: TestServer
) -> None:
    result = await submit_user(
        hass, user_input(tls_camera.port, **{CONF_SSL: True, CONF_VERIFY_SSL: False})
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SSL] is True


async def test_cookie_session_vendor_releases_its_own_session_after_identifying(
    hass: HomeAssistant, foscam_server: TestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FoscamMjpegClient, "needs_cookie_jar", True)
    created: list[aiohttp.ClientSession] = []
    original = aiohttp_client.async_create_clientsession

    def spy(*args: Any, **kwargs: Any) -> aiohttp.ClientSession:
        created.append(original(*args, **kwargs))
        return created[-1]

    monkeypatch.setattr(f"{session_module.__name__}.async_create_clientsession", spy)

    flow = await start_user_flow(hass)
    with patch("custom_components.ipcam_cgi.async_setup_entry", return_value=True):
        result = await hass.config_entries.flow.async_configure(
            flow["flow_id"], user_input(foscam_server.port)
        )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(created) == 1
    assert created[0].closed


# -- user step: errors -------------------------------------------------------------------


async def test_closed_port_is_cannot_connect(hass: HomeAssistant, closed_port: int) -> None:
    result = await submit_user(hass, user_input(closed_port))

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}


async def test_closed_port_with_explicit_vendor_is_cannot_connect(
    hass: HomeAssistant, closed_port: int
) -> None:
    result = await submit_user(hass, user_input(closed_port, vendor="foscam_mjpeg"))

    assert result["errors"] == {"base": "cannot_connect"}


async def test_camera_that_drops_connections_is_cannot_connect(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> None:
    foscam_sim.faults.offline = True

    result = await submit_user(hass, user_input(foscam_server.port))

    assert result["errors"] == {"base": "cannot_connect"}


async def test_wrong_password_is_invalid_auth(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    result = await submit_user(hass, user_input(foscam_server.port, password=WRONG_PASSWORD))

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}


async def test_wrong_password_costs_the_camera_one_failed_login(
    hass: HomeAssistant,
    foscam_sim: FoscamMjpegSimulator,
    failed_logins: list[str],
    foscam_server: TestServer,
) -> None:
    await submit_user(hass, user_input(foscam_server.port, password=WRONG_PASSWORD))

    assert len(failed_logins) == 1
    # get_status.cgi (spec: "Permission: N/A") does not check credentials; every other
    # request that carries the wrong password is a failed login on the device.
    checked = [
        request
        for request in foscam_sim.requests
        if request.path != "/get_status.cgi" and carries_password(request, WRONG_PASSWORD)
    ]
    assert len(checked) == 1


async def test_wrong_password_on_a_digest_camera_sends_one_digest_login(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> None:
    foscam_sim.auth_mode = "digest"

    result = await submit_user(hass, user_input(foscam_server.port, password=WRONG_PASSWORD))

    assert result["errors"] == {"base": "invalid_auth"}
    digest_logins = [
        request
        for request in foscam_sim.requests
        if request.headers.get("Authorization", "").startswith("Digest ")
    ]
    assert len(digest_logins) == 1


async def test_https_against_a_plain_http_camera_is_ssl_error(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    result = await submit_user(
        hass, user_input(foscam_server.port, vendor="foscam_mjpeg", **{CONF_SSL: True})
    )

    assert result["errors"] == {"base": "ssl_error"}


async def test_untrusted_certificate_is_ssl_error(
    hass: HomeAssistant, tls_camera: TestServer
) -> None:
    result = await submit_user(
        hass, user_input(tls_camera.port, vendor="foscam_mjpeg", **{CONF_SSL: True})
    )

    assert result["errors"] == {"base": "ssl_error"}


async def test_untrusted_certificate_during_auto_detection_is_ssl_error(
    hass: HomeAssistant, tls_camera: TestServer
) -> None:
    result = await submit_user(hass, user_input(tls_camera.port, **{CONF_SSL: True}))

    assert result["errors"] == {"base": "ssl_error"}


async def test_device_answering_like_no_camera_is_unsupported(
    hass: HomeAssistant, not_a_camera: TestServer
) -> None:
    result = await submit_user(hass, user_input(not_a_camera.port))

    assert result["errors"] == {"base": "unsupported_device"}


async def test_device_lacking_the_chosen_vendor_api_is_unsupported(
    hass: HomeAssistant, not_a_camera: TestServer
) -> None:
    result = await submit_user(hass, user_input(not_a_camera.port, vendor="foscam_mjpeg"))

    assert result["errors"] == {"base": "unsupported_device"}


async def test_unexpected_exception_is_unknown_and_logged(
    hass: HomeAssistant, foscam_server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    with patch("custom_components.ipcam_cgi.config_flow.detect", side_effect=RuntimeError("boom")):
        result = await submit_user(hass, user_input(foscam_server.port))

    assert result["errors"] == {"base": "unknown"}
    assert "Unexpected error identifying 127.0.0.1" in caplog.text


async def test_locked_account_is_account_locked(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    # Foscam cameras never lock accounts; the error comes from the client's contract.
    with patch(
        "custom_components.ipcam_cgi.config_flow.detect",
        side_effect=LockedOutError("locked", retry_after_minutes=5),
    ):
        result = await submit_user(hass, user_input(foscam_server.port))

    assert result["errors"] == {"base": "account_locked"}


async def test_form_after_an_error_suggests_what_was_typed(
    hass: HomeAssistant, closed_port: int
) -> None:
    result = await submit_user(hass, user_input(closed_port, host="127.0.0.1"))

    assert suggested(result, CONF_HOST) == "127.0.0.1"
    assert suggested(result, CONF_PORT) == closed_port


async def test_flow_recovers_after_an_error(
    hass: HomeAssistant, foscam_server: TestServer, closed_port: int
) -> None:
    result = await start_user_flow(hass)
    failed = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(closed_port)
    )
    assert failed["errors"] == {"base": "cannot_connect"}

    created = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(foscam_server.port)
    )

    assert created["type"] is FlowResultType.CREATE_ENTRY
    assert created["result"].unique_id == FOSCAM_MAC


# -- duplicates ----------------------------------------------------------------------------


async def test_same_camera_twice_aborts_already_configured(
    hass: HomeAssistant, foscam_server: TestServer, foscam_entry: MockConfigEntry
) -> None:
    foscam_entry.add_to_hass(hass)

    result = await submit_user(hass, user_input(foscam_server.port))

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_same_camera_at_a_new_address_updates_the_existing_entry(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=FOSCAM_MAC,
        data=entry_data(foscam_server, host="192.0.2.10", port=8080),
    )
    entry.add_to_hass(hass)

    result = await submit_user(hass, user_input(foscam_server.port))

    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.0.1"
    assert entry.data[CONF_PORT] == foscam_server.port


# -- DHCP discovery ------------------------------------------------------------------------


def dhcp_info(mac: str, ip: str = "127.0.0.1") -> DhcpServiceInfo:
    return DhcpServiceInfo(ip=ip, hostname="ipcam", macaddress=mac.replace(":", ""))


async def test_discovered_camera_shows_the_user_form_with_its_host(
    hass: HomeAssistant,
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info(FOSCAM_MAC, "192.0.2.20")
    )

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert suggested(dict(result), CONF_HOST) == "192.0.2.20"


async def test_discovered_camera_flow_is_titled_with_its_host(hass: HomeAssistant) -> None:
    await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info(FOSCAM_MAC, "192.0.2.20")
    )

    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["title_placeholders"] == {"host": "192.0.2.20"}


async def test_discovered_camera_is_added_from_the_user_form(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info(FOSCAM_MAC)
    )

    created = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(foscam_server.port)
    )

    assert created["type"] is FlowResultType.CREATE_ENTRY
    assert created["result"].unique_id == FOSCAM_MAC


async def test_discovery_of_a_known_camera_updates_its_host_and_aborts(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    foscam_entry.add_to_hass(hass)

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info(FOSCAM_MAC, "192.0.2.30")
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert foscam_entry.data[CONF_HOST] == "192.0.2.30"


# -- reauth --------------------------------------------------------------------------------


async def test_reauth_asks_for_credentials(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    foscam_entry.add_to_hass(hass)

    result = await foscam_entry.start_reauth_flow(hass)

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert suggested(dict(result), CONF_USERNAME) == USERNAME


async def test_reauth_with_the_new_password_updates_the_entry_and_reloads_it(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, foscam_entry)
    before = foscam_entry.runtime_data.coordinator
    foscam_sim.password = "n3w-Pa55"

    result = await foscam_entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: "n3w-Pa55"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert foscam_entry.data[CONF_PASSWORD] == "n3w-Pa55"
    assert foscam_entry.state is ConfigEntryState.LOADED
    assert foscam_entry.runtime_data.coordinator is not before


async def test_reauth_with_a_wrong_password_shows_invalid_auth(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    foscam_entry.add_to_hass(hass)

    result = await foscam_entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: WRONG_PASSWORD}
    )

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    assert foscam_entry.data[CONF_PASSWORD] == PASSWORD


async def test_reauth_recovers_after_a_wrong_password(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    foscam_entry.add_to_hass(hass)
    result = await foscam_entry.start_reauth_flow(hass)
    await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: WRONG_PASSWORD}
    )

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: PASSWORD}
    )

    assert result["reason"] == "reauth_successful"


async def test_reauth_against_a_different_camera_aborts_unique_id_mismatch(
    hass: HomeAssistant, other_camera: tuple[FoscamMjpegSimulator, TestServer]
) -> None:
    _, server = other_camera
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=FOSCAM_MAC,
        data=entry_data(server, password="old"),
    )
    entry.add_to_hass(hass)

    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: PASSWORD}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"
    assert entry.data[CONF_PASSWORD] == "old"


# -- reconfigure ---------------------------------------------------------------------------


async def test_reconfigure_shows_the_current_address(
    hass: HomeAssistant, foscam_server: TestServer, foscam_entry: MockConfigEntry
) -> None:
    foscam_entry.add_to_hass(hass)

    result = await foscam_entry.start_reconfigure_flow(hass)

    assert result["step_id"] == "reconfigure"
    assert suggested(dict(result), CONF_PORT) == foscam_server.port


async def test_reconfigure_to_the_new_address_updates_the_entry(
    hass: HomeAssistant, foscam_server: TestServer, closed_port: int
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=FOSCAM_MAC, data=entry_data(foscam_server, port=closed_port)
    )
    entry.add_to_hass(hass)

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_HOST: "127.0.0.1",
            CONF_PORT: foscam_server.port,
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
        },
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PORT] == foscam_server.port
    assert entry.data[CONF_PASSWORD] == PASSWORD
    assert entry.data[CONF_VENDOR] == "foscam_mjpeg"


async def test_reconfigure_to_an_unreachable_address_shows_cannot_connect(
    hass: HomeAssistant, foscam_server: TestServer, foscam_entry: MockConfigEntry, closed_port: int
) -> None:
    foscam_entry.add_to_hass(hass)

    result = await foscam_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: "127.0.0.1", CONF_PORT: closed_port, CONF_SSL: False, CONF_VERIFY_SSL: True},
    )

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    assert suggested(dict(result), CONF_PORT) == closed_port
    assert foscam_entry.data[CONF_PORT] == foscam_server.port


async def test_reconfigure_without_port_drops_the_stored_port(
    hass: HomeAssistant, camera_on_port_80: TestServer, closed_port: int
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=FOSCAM_MAC, data=entry_data(camera_on_port_80, port=closed_port)
    )
    entry.add_to_hass(hass)

    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1", CONF_SSL: False, CONF_VERIFY_SSL: True}
    )
    await hass.async_block_till_done()

    assert result["reason"] == "reconfigure_successful"
    assert CONF_PORT not in entry.data


async def test_reconfigure_to_a_different_camera_aborts_unique_id_mismatch(
    hass: HomeAssistant,
    foscam_server: TestServer,
    foscam_entry: MockConfigEntry,
    other_camera: tuple[FoscamMjpegSimulator, TestServer],
) -> None:
    _, server = other_camera
    foscam_entry.add_to_hass(hass)

    result = await foscam_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: "127.0.0.1", CONF_PORT: server.port, CONF_SSL: False, CONF_VERIFY_SSL: True},
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"
    assert foscam_entry.data[CONF_PORT] == foscam_server.port


# -- options -------------------------------------------------------------------------------


OPTIONS = {
    CONF_SCAN_INTERVAL: 10.0,
    CONF_PUSH: False,
    CONF_STREAM: "mjpeg",
    CONF_STREAM_URL: "",
    CONF_INVERT_PAN: True,
}


async def test_options_form_suggests_the_current_options(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, foscam_entry)

    result = await hass.config_entries.options.async_init(foscam_entry.entry_id)

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert suggested(dict(result), CONF_SCAN_INTERVAL) == 2


async def test_options_offer_the_ir_cut_inversion_only_where_firmware_may_need_it(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, foscam_entry)

    result = await hass.config_entries.options.async_init(foscam_entry.entry_id)

    assert CONF_INVERT_IR_CUT not in result["data_schema"].schema


async def test_options_are_saved_with_an_int_scan_interval_and_no_empty_stream_url(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, foscam_entry)

    result = await hass.config_entries.options.async_init(foscam_entry.entry_id)
    result = await hass.config_entries.options.async_configure(result["flow_id"], OPTIONS)
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert foscam_entry.options == {
        CONF_SCAN_INTERVAL: 10,
        CONF_PUSH: False,
        CONF_STREAM: "mjpeg",
        "stream_quality": "main",
        CONF_INVERT_PAN: True,
    }
    assert isinstance(foscam_entry.options[CONF_SCAN_INTERVAL], int)


async def test_options_keep_a_given_stream_url(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, foscam_entry)

    result = await hass.config_entries.options.async_init(foscam_entry.entry_id)
    await hass.config_entries.options.async_configure(
        result["flow_id"], {**OPTIONS, CONF_STREAM_URL: "rtsp://127.0.0.1:554/live"}
    )
    await hass.async_block_till_done()

    assert foscam_entry.options[CONF_STREAM_URL] == "rtsp://127.0.0.1:554/live"


async def test_new_options_reload_the_entry_with_the_new_scan_interval(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, foscam_entry)

    result = await hass.config_entries.options.async_init(foscam_entry.entry_id)
    await hass.config_entries.options.async_configure(result["flow_id"], OPTIONS)
    await hass.async_block_till_done()

    assert foscam_entry.state is ConfigEntryState.LOADED
    coordinator = foscam_entry.runtime_data.coordinator
    assert coordinator.update_interval == timedelta(seconds=10)
    assert coordinator.client.options.invert_pan is True


# -- Grandstream: challenge logins -----------------------------------------------------------


async def test_auto_detection_finds_a_grandstream_with_exactly_one_login(
    hass: HomeAssistant, grandstream_server: TestServer, grandstream_sim: GrandstreamSimulator
) -> None:
    result = await submit_user(hass, user_input(grandstream_server.port))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VENDOR] == "grandstream"
    assert result["result"].unique_id == GRANDSTREAM_MAC
    assert result["title"] == "GSC3620 (127.0.0.1)"
    assert grandstream_sim.failed_logins == 0


async def test_grandstream_wrong_password_costs_one_failed_login_per_try(
    hass: HomeAssistant, grandstream_server: TestServer, grandstream_sim: GrandstreamSimulator
) -> None:
    result = await submit_user(
        hass, user_input(grandstream_server.port, **{CONF_PASSWORD: WRONG_PASSWORD})
    )

    assert result["errors"] == {"base": "invalid_auth"}
    assert grandstream_sim.failed_logins == 1


async def test_grandstream_locked_account_shows_account_locked(
    hass: HomeAssistant, grandstream_server: TestServer, grandstream_sim: GrandstreamSimulator
) -> None:
    grandstream_sim.lock_account()

    result = await submit_user(hass, user_input(grandstream_server.port, vendor="grandstream"))

    assert result["errors"] == {"base": "account_locked"}


async def test_grandstream_reauth_sends_one_login_per_submitted_password(
    hass: HomeAssistant, grandstream_server: TestServer, grandstream_sim: GrandstreamSimulator
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=GRANDSTREAM_MAC,
        data=entry_data(grandstream_server, vendor="grandstream", password=WRONG_PASSWORD),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: "Wr0ng-Pa55word"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    assert grandstream_sim.failed_logins == 1
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: PASSWORD}
    )
    await hass.async_block_till_done()

    assert result["reason"] == "reauth_successful"
    assert grandstream_sim.failed_logins == 1
    assert entry.state is ConfigEntryState.LOADED


async def test_discovered_grandstream_is_added_from_the_user_form(
    hass: HomeAssistant, grandstream_server: TestServer
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info(GRANDSTREAM_MAC)
    )

    created = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(grandstream_server.port)
    )

    assert created["type"] is FlowResultType.CREATE_ENTRY
    assert created["result"].unique_id == GRANDSTREAM_MAC


def test_manifest_discovers_grandstream_cameras_by_mac_prefix_and_host_name() -> None:
    manifest = json.loads(
        (Path(__file__).parents[2] / "custom_components/ipcam_cgi/manifest.json").read_text()
    )

    assert {"hostname": "gsc36*", "macaddress": "000B82*"} in manifest["dhcp"]


# -- IP Camera Standard API --------------------------------------------------------------------


async def test_auto_detection_finds_a_standard_api_camera_without_credentials(
    hass: HomeAssistant, standard_api_server: TestServer, standard_api_sim: StandardApiSimulator
) -> None:
    result = await submit_user(hass, user_input(standard_api_server.port))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VENDOR] == "standard_api"
    assert result["result"].unique_id == STANDARD_API_MAC
    assert result["title"] == "ipcam (127.0.0.1)"
    # Detection sent no credentials: the first request with any is the identification.
    with_auth = [r for r in standard_api_sim.requests if "Authorization" in r.headers]
    assert with_auth[0].path == "/cgi-bin/admin/param.cgi"
    assert with_auth[0].query == {"action": "list"}


async def test_standard_api_options_start_with_the_event_stream_on(
    hass: HomeAssistant, standard_api_server: TestServer
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=STANDARD_API_MAC,
        data=entry_data(standard_api_server, **{CONF_VENDOR: "standard_api"}),
    )
    await setup_entry(hass, entry)
    assert entry.runtime_data.coordinator.push.stream is True

    result = await hass.config_entries.options.async_init(entry.entry_id)

    push = next(marker for marker in result["data_schema"].schema if marker == CONF_PUSH)
    assert push.default() is True


async def test_discovered_standard_api_camera_is_added_from_the_user_form(
    hass: HomeAssistant, standard_api_server: TestServer
) -> None:
    # 00:D0:89 (Dynacolor) is the prefix of the spec's own example MAC.
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info(STANDARD_API_MAC)
    )

    created = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(standard_api_server.port)
    )

    assert created["type"] is FlowResultType.CREATE_ENTRY
    assert created["data"][CONF_VENDOR] == "standard_api"
    manifest = json.loads(
        (Path(__file__).parents[2] / "custom_components/ipcam_cgi/manifest.json").read_text()
    )
    assert {"macaddress": "00D089*"} in manifest["dhcp"]


# -- Anjia ---------------------------------------------------------------------------------


async def test_auto_detection_finds_an_anjia_camera_without_credentials(
    hass: HomeAssistant, anjia_server: TestServer, anjia_sim: AnjiaSimulator
) -> None:
    result = await submit_user(hass, user_input(anjia_server.port))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VENDOR] == "anjia"
    assert result["result"].unique_id == ANJIA_MAC
    assert result["title"] == "MC200J6 (127.0.0.1)"
    assert anjia_sim.failed_logins == 0
    # Detection sent no credentials: nothing before the first getuid carries any.
    first_login = next(
        n for n, r in enumerate(anjia_sim.requests) if r.path == "/cgi-bin/getuid" and r.query
    )
    probes = anjia_sim.requests[:first_login]
    assert probes
    assert not any({"password", "pwd", "authcode"} & set(r.query) for r in probes)
    assert not any("Authorization" in r.headers for r in probes)


async def test_anjia_wrong_password_is_invalid_auth_after_one_failed_login(
    hass: HomeAssistant, anjia_server: TestServer, anjia_sim: AnjiaSimulator
) -> None:
    result = await submit_user(hass, user_input(anjia_server.port, password=WRONG_PASSWORD))

    assert result["errors"] == {"base": "invalid_auth"}
    assert anjia_sim.failed_logins == 1


async def test_anjia_options_offer_the_ir_cut_inversion_and_save_it(
    hass: HomeAssistant, anjia_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, anjia_entry)

    result = await hass.config_entries.options.async_init(anjia_entry.entry_id)
    invert = next(marker for marker in result["data_schema"].schema if marker == CONF_INVERT_IR_CUT)
    assert invert.default() is False
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**OPTIONS, CONF_INVERT_IR_CUT: True}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert anjia_entry.options[CONF_INVERT_IR_CUT] is True


# -- Hankvision ----------------------------------------------------------------------------


async def test_auto_detection_finds_a_hankvision_camera_with_an_empty_password(
    hass: HomeAssistant, hankvision_server: TestServer, hankvision_sim: HankvisionSimulator
) -> None:
    hankvision_sim.password = ""
    result = await submit_user(hass, user_input(hankvision_server.port, password=""))

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_VENDOR] == "hankvision"
    assert result["result"].unique_id == HANKVISION_MAC
    assert result["title"] == "V6202IR-AR0237 (127.0.0.1)"
    assert hankvision_sim.failed_logins == 0
    # Detection sent no credentials: its probe of sys_get came without them.
    probe = next(r for r in hankvision_sim.requests if r.path == "/cgi/sys_get")
    assert "Authorization" not in probe.headers


async def test_hankvision_wrong_password_is_invalid_auth_after_one_failed_login(
    hass: HomeAssistant, hankvision_server: TestServer, hankvision_sim: HankvisionSimulator
) -> None:
    result = await submit_user(hass, user_input(hankvision_server.port, password=WRONG_PASSWORD))

    assert result["errors"] == {"base": "invalid_auth"}
    assert hankvision_sim.failed_logins == 1
