"""Secrets never leak: not into logs (even at debug level), exceptions, states or diagnostics.

One full session against the simulated camera runs with the integration and its client logging
at debug level: a config flow with a wrong and then the right password, setup, a few polls, a
setting write, a snapshot, the password being rejected while running, and a failed reauth.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.camera import async_get_image
from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.ipcam_cgi.const import CONF_WEBHOOK_ID, DOMAIN, SETTINGS_INTERVAL
from custom_components.ipcam_cgi.diagnostics import async_get_config_entry_diagnostics
from tests.conftest import PASSWORD, USERNAME, entry_data, setup_entry
from tests.simulator import FoscamMjpegSimulator

WRONG_PASSWORD = "Wr0ng-Pa55word"
LOGGER_NAME = "custom_components.ipcam_cgi"
CYCLE = timedelta(seconds=3)

# `pwd=` followed by anything but a redaction marker or the end of the value.
PWD_WITH_VALUE = re.compile(r"pwd=(?!\*\*REDACTED\*\*)[^&\s;'\"]")
# An Authorization header value: Basic credentials or a Digest response.
AUTHORIZATION_VALUE = re.compile(
    r"(?i)(basic\s+[a-z0-9+/]{8,}=*|digest\s+\w+\s*=|response\s*=\s*\"?[0-9a-f]{32})"
)
BASIC_TOKENS = tuple(
    base64.b64encode(f"{USERNAME}:{password}".encode()).decode()
    for password in (PASSWORD, WRONG_PASSWORD)
)


# The simulated camera's own server logs (its access log prints request lines as received).
CAMERA_SIDE_LOGGERS = ("aiohttp.access", "aiohttp.server", "aiohttp.web", "tests.")


class Collector(logging.Handler):
    """Keeps every record that reaches the root logger, except the simulated camera's."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(CAMERA_SIDE_LOGGERS):
            self.records.append(record)

    def texts(self) -> list[str]:
        """Each record as printed (message with its args, and any traceback), plus its raw args."""
        return [f"{self.format(record)} {record.args!r}" for record in self.records]


@dataclass
class Session:
    """What a full session left behind."""

    entry: ConfigEntry
    logs: list[str]
    exceptions: list[str]


@pytest.fixture
def debug_logs() -> Iterator[Collector]:
    """Every log record, with the integration and its client at debug level."""
    collector = Collector()
    root = logging.getLogger()
    integration = logging.getLogger(LOGGER_NAME)
    previous = integration.level
    integration.setLevel(logging.DEBUG)
    root.addHandler(collector)
    yield collector
    root.removeHandler(collector)
    integration.setLevel(previous)


async def poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory, step: timedelta) -> None:
    freezer.tick(step)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def exception_chain(error: BaseException | None) -> list[str]:
    texts: list[str] = []
    while error is not None:
        texts.append(f"{error!s} {error!r}")
        error = error.__cause__ or error.__context__
    return texts


@pytest.fixture(params=["basic", "digest"])
async def session(
    request: pytest.FixtureRequest,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    debug_logs: Collector,
    foscam_sim: FoscamMjpegSimulator,
    foscam_server: TestServer,
) -> Session:
    """Run the full session against a camera using Basic or Digest authentication."""
    foscam_sim.auth_mode = request.param
    form = {
        "host": "127.0.0.1",
        "port": foscam_server.port,
        "ssl": False,
        "verify_ssl": True,
        CONF_USERNAME: USERNAME,
        "vendor": "auto",
    }
    exceptions: list[str] = []

    # Config flow: a wrong password first, then the right one.
    flow = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    failed = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {**form, CONF_PASSWORD: WRONG_PASSWORD}
    )
    assert failed["errors"] == {"base": "invalid_auth"}
    created = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {**form, CONF_PASSWORD: PASSWORD}
    )
    assert created["type"] is FlowResultType.CREATE_ENTRY
    entry: ConfigEntry = created["result"]
    await hass.async_block_till_done()

    # A few polls, one of them reading the settings again.
    for _ in range(3):
        await poll(hass, freezer, CYCLE)
    await poll(hass, freezer, SETTINGS_INTERVAL)

    # A setting write and a snapshot.
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.front_door_motion_detection"}, blocking=True
    )
    assert foscam_sim.params["alarm_motion_armed"] == "1"
    image = await async_get_image(hass, "camera.front_door")
    assert image.content.startswith(b"\xff\xd8")

    # The camera starts rejecting the password: the next settings read fails.
    foscam_sim.faults.wrong_credentials = True
    await poll(hass, freezer, SETTINGS_INTERVAL + CYCLE)
    coordinator = entry.runtime_data.coordinator
    assert not coordinator.last_update_success
    exceptions.extend(exception_chain(coordinator.last_exception))

    # The reauth flow the failure started, answered with a wrong password.
    reauth = next(iter(entry.async_get_active_flows(hass, {SOURCE_REAUTH})))
    foscam_sim.faults.wrong_credentials = False
    retried = await hass.config_entries.flow.async_configure(
        reauth["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: WRONG_PASSWORD}
    )
    assert retried["errors"] == {"base": "invalid_auth"}

    return Session(entry=entry, logs=debug_logs.texts(), exceptions=exceptions)


def test_session_logged_at_debug_level(session: Session) -> None:
    # Guards the other tests against passing on an empty log.
    assert any("get_status.cgi" in text for text in session.logs)
    assert any("DEBUG" in text for text in session.logs)


def test_logs_never_contain_the_password(session: Session) -> None:
    leaks = [text for text in session.logs if PASSWORD in text or WRONG_PASSWORD in text]

    assert leaks == []


def test_logs_never_contain_a_pwd_value(session: Session) -> None:
    leaks = [text for text in session.logs if PWD_WITH_VALUE.search(text)]

    assert leaks == []


def test_logs_never_contain_an_authorization_value(session: Session) -> None:
    leaks = [
        text
        for text in session.logs
        if AUTHORIZATION_VALUE.search(text) or any(token in text for token in BASIC_TOKENS)
    ]

    assert leaks == []


def test_exceptions_never_contain_the_password(session: Session) -> None:
    assert session.exceptions
    leaks = [text for text in session.exceptions if PASSWORD in text or WRONG_PASSWORD in text]

    assert leaks == []


# -- diagnostics ---------------------------------------------------------------------------


@pytest.fixture
async def diagnostics(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> tuple[MockConfigEntry, str]:
    """Diagnostics of a camera with push enabled (so the entry holds a webhook id), as JSON."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id="00:62:6e:4a:3c:d0",
        data=entry_data(foscam_server),
        options={"scan_interval": 2, "push": True, "stream": "auto", "invert_pan": False},
    )
    await setup_entry(hass, entry)
    # A write and a snapshot leave their requests in the raw exchanges too.
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.front_door_motion_detection"}, blocking=True
    )
    await async_get_image(hass, "camera.front_door")
    result: dict[str, Any] = await async_get_config_entry_diagnostics(hass, entry)
    return entry, json.dumps(result)


async def test_diagnostics_contain_no_password(diagnostics: tuple[MockConfigEntry, str]) -> None:
    _, dump = diagnostics

    assert PASSWORD not in dump
    assert not PWD_WITH_VALUE.search(dump)


async def test_diagnostics_contain_no_username(diagnostics: tuple[MockConfigEntry, str]) -> None:
    _, dump = diagnostics

    assert f'"{USERNAME}"' not in dump
    assert f"'{USERNAME}'" not in dump
    assert f"user={USERNAME}" not in dump


async def test_diagnostics_contain_no_webhook_id(
    diagnostics: tuple[MockConfigEntry, str],
) -> None:
    entry, dump = diagnostics
    webhook_id = entry.data[CONF_WEBHOOK_ID]

    assert webhook_id
    assert webhook_id not in dump


async def test_diagnostics_still_hold_the_raw_exchanges(
    diagnostics: tuple[MockConfigEntry, str],
) -> None:
    # Guards the other diagnostics tests against passing on an empty dump.
    _, dump = diagnostics
    raw = json.loads(dump)["raw_exchanges"]

    assert any(exchange["path"].startswith("/get_params.cgi") for exchange in raw)
    assert any(exchange["path"].startswith("/set_alarm.cgi") for exchange in raw)
