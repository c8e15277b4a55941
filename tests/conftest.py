"""Shared fixtures: custom integrations on, simulated cameras on loopback, config entries."""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, cast

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ipcam_cgi.client.vendors.standard_api import client as standard_api_client
from custom_components.ipcam_cgi.const import CONF_VENDOR, DOMAIN
from tests.simulator import (
    AnjiaSimulator,
    FoscamMjpegSimulator,
    GrandstreamSimulator,
    HankvisionSimulator,
    StandardApiSimulator,
)

FOSCAM_MAC = "00:62:6e:4a:3c:d0"
GRANDSTREAM_MAC = "00:0b:82:ab:cc:ba"
USERNAME = "admin"
PASSWORD = "s3cret-Pa55"


# Every password the suite uses (conftest, client helpers, flows, security, probe tests).
TEST_PASSWORDS = (
    PASSWORD,
    "Pa55-w0rd!secret",
    "wrong-password",
    "not-the-Pa55word",
    "Wr0ng-Pa55word",
    "hunter22",
)
_OUR_SIDE = ("custom_components.", "homeassistant", "pytest_homeassistant_custom_component")
_CREDENTIAL_RE = re.compile(
    r"Authorization|Basic [A-Za-z0-9+/]{8,}=*|Digest username|response=\"[0-9a-f]{32}"
    r"|[?&](?:pwd|password|passwd)=(?!\*\*REDACTED)[^&\s]+"
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom_components/ in every test."""


@pytest.fixture(autouse=True)
def no_credentials_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The integration and its client log at DEBUG in every test; no record may hold a secret.

    This makes the security promise (no password, Authorization value or credential-bearing
    URL in any log) hold across the whole suite, not only in tests written for it.
    """
    caplog.set_level(logging.DEBUG, logger="custom_components.ipcam_cgi")
    yield
    tokens = {base64.b64encode(f"admin:{pw}".encode()).decode() for pw in TEST_PASSWORDS}
    for when in ("setup", "call", "teardown"):
        for record in caplog.get_records(when):
            # The simulated cameras' access logs are the device side, not ours.
            if not record.name.startswith(_OUR_SIDE):
                continue
            text = record.getMessage()
            if record.exc_text:
                text += record.exc_text
            leaked = [secret for secret in (*TEST_PASSWORDS, *tokens) if secret in text]
            assert not leaked, f"secret in log record {record.name}: {text[:200]}"
            assert not _CREDENTIAL_RE.search(text), f"credential in log: {text[:200]}"


@pytest.fixture
def foscam_sim() -> FoscamMjpegSimulator:
    """A simulated Foscam MJPEG camera (not yet serving)."""
    return FoscamMjpegSimulator(username=USERNAME, password=PASSWORD)


@pytest.fixture
async def foscam_server(
    socket_enabled: None,
    aiohttp_server: Callable[..., Awaitable[TestServer]],
    foscam_sim: FoscamMjpegSimulator,
) -> TestServer:
    """The simulated Foscam camera serving on 127.0.0.1."""
    return await aiohttp_server(foscam_sim.app)


@pytest.fixture
def failed_logins(foscam_sim: FoscamMjpegSimulator) -> list[str]:
    """Paths of the requests that carried credentials and were refused (401).

    A 401 to a request without credentials is a challenge, not a failed login. Request it
    before `foscam_server`: signals freeze when the app starts.
    """
    seen: list[str] = []

    async def record(request: web.Request, response: web.StreamResponse) -> None:
        if response.status == 401 and "Authorization" in request.headers:
            seen.append(request.path)

    cast("list[Any]", foscam_sim.app.on_response_prepare).append(record)
    return seen


def entry_data(server: TestServer, **overrides: Any) -> dict[str, Any]:
    """Config entry data pointing at a simulator."""
    return {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: server.port,
        "ssl": False,
        "verify_ssl": True,
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_VENDOR: "foscam_mjpeg",
        **overrides,
    }


@pytest.fixture
def foscam_entry(foscam_server: TestServer) -> MockConfigEntry:
    """A config entry for the simulated Foscam camera (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id=FOSCAM_MAC,
        data=entry_data(foscam_server),
        options={"scan_interval": 2, "push": False, "stream": "auto", "invert_pan": False},
    )


@pytest.fixture
def grandstream_model() -> str:
    """The simulated Grandstream model (override with parametrize)."""
    return "GSC3620"


@pytest.fixture
def grandstream_sim(grandstream_model: str) -> GrandstreamSimulator:
    """A simulated Grandstream GSC36xx (not yet serving)."""
    return GrandstreamSimulator(username=USERNAME, password=PASSWORD, model=grandstream_model)


@pytest.fixture
async def grandstream_server(
    socket_enabled: None,
    aiohttp_server: Callable[..., Awaitable[TestServer]],
    grandstream_sim: GrandstreamSimulator,
) -> TestServer:
    """The simulated Grandstream serving on 127.0.0.1."""
    return await aiohttp_server(grandstream_sim.app)


@pytest.fixture
def grandstream_entry(grandstream_server: TestServer, grandstream_model: str) -> MockConfigEntry:
    """A config entry for the simulated Grandstream (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{grandstream_model} (127.0.0.1)",
        unique_id=GRANDSTREAM_MAC,
        data=entry_data(grandstream_server, **{CONF_VENDOR: "grandstream"}),
        options={"scan_interval": 2, "push": False, "stream": "auto"},
    )


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add and set up an entry, waiting for everything to settle."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


STANDARD_API_MAC = "00:d0:89:1b:02:df"


@pytest.fixture
def standard_api_sim() -> StandardApiSimulator:
    """A simulated "IP Camera Standard API" PTZ camera (not yet serving)."""
    return StandardApiSimulator(username=USERNAME, password=PASSWORD, monitor_period=0.5)


@pytest.fixture
async def standard_api_server(
    socket_enabled: None,
    aiohttp_server: Callable[..., Awaitable[TestServer]],
    standard_api_sim: StandardApiSimulator,
    monkeypatch: pytest.MonkeyPatch,
) -> TestServer:
    """The simulated camera on 127.0.0.1, its MJPEG server on a port of its own.

    The client asks for MJPEG on the spec's port 8008; point it at the test server's port.
    """
    mjpeg = await aiohttp_server(standard_api_sim.mjpeg_app)
    monkeypatch.setattr(standard_api_client, "MJPEG_PORT", mjpeg.port)
    return await aiohttp_server(standard_api_sim.app)


@pytest.fixture
def standard_api_options() -> dict[str, Any]:
    """Entry options (override to test polling without the event stream)."""
    return {"scan_interval": 2, "push": True, "stream": "auto"}


@pytest.fixture
def standard_api_entry(
    standard_api_server: TestServer, standard_api_options: dict[str, Any]
) -> MockConfigEntry:
    """A config entry for the simulated Standard API camera (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="720WA-N4 (127.0.0.1)",
        unique_id=STANDARD_API_MAC,
        data=entry_data(standard_api_server, **{CONF_VENDOR: "standard_api"}),
        options=standard_api_options,
    )


ANJIA_MAC = "00:12:12:34:56:78"


@pytest.fixture
def anjia_sim() -> AnjiaSimulator:
    """A simulated Anjia Weishi PTZ camera (uid sessions, no HTTP auth; not yet serving)."""
    return AnjiaSimulator(username=USERNAME, password=PASSWORD)


@pytest.fixture
async def anjia_server(
    socket_enabled: None,
    aiohttp_server: Callable[..., Awaitable[TestServer]],
    anjia_sim: AnjiaSimulator,
) -> TestServer:
    """The simulated Anjia camera serving on 127.0.0.1."""
    return await aiohttp_server(anjia_sim.app)


@pytest.fixture
def anjia_options() -> dict[str, Any]:
    """Entry options (override for long poll intervals or the IR-cut inversion)."""
    return {"scan_interval": 2, "push": False, "stream": "auto"}


@pytest.fixture
def anjia_entry(anjia_server: TestServer, anjia_options: dict[str, Any]) -> MockConfigEntry:
    """A config entry for the simulated Anjia camera (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="MC200J6 (127.0.0.1)",
        unique_id=ANJIA_MAC,
        data=entry_data(anjia_server, **{CONF_VENDOR: "anjia"}),
        options=anjia_options,
    )


HANKVISION_MAC = "52:3e:42:02:bc:20"


@pytest.fixture
def hankvision_sim() -> HankvisionSimulator:
    """A simulated Hankvision PTZ camera (Basic auth; not yet serving)."""
    return HankvisionSimulator(username=USERNAME, password=PASSWORD)


@pytest.fixture
async def hankvision_server(
    socket_enabled: None,
    aiohttp_server: Callable[..., Awaitable[TestServer]],
    hankvision_sim: HankvisionSimulator,
) -> TestServer:
    """The simulated Hankvision camera serving on 127.0.0.1."""
    return await aiohttp_server(hankvision_sim.app)


@pytest.fixture
def hankvision_entry(hankvision_server: TestServer) -> MockConfigEntry:
    """A config entry for the simulated Hankvision camera (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="V6202IR-AR0237 (127.0.0.1)",
        unique_id=HANKVISION_MAC,
        data=entry_data(hankvision_server, **{CONF_VENDOR: "hankvision"}),
        options={"scan_interval": 2, "push": False, "stream": "auto"},
    )
