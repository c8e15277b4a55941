"""Setup, unload and removal of an entry, and how polling behaves when the camera misbehaves.

Time is frozen (`freezer`); a poll cycle is `freezer.tick` + `async_fire_time_changed`. The
scan interval is 2 s and the coordinator schedules at int(now) + jitter (< 0.5 s) + 2 s, so a
3 s tick runs exactly one poll.
"""

from __future__ import annotations

import asyncio
import logging
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import aiohttp_client
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.ipcam_cgi import session as session_module
from custom_components.ipcam_cgi.client import (
    CameraTimeoutError,
    LockedOutError,
    ParseError,
    ResponseTooLargeError,
)
from custom_components.ipcam_cgi.client.vendors.foscam_mjpeg.client import FoscamMjpegClient
from custom_components.ipcam_cgi.const import CONF_PUSH_PREVIOUS, DOMAIN, SETTINGS_INTERVAL
from custom_components.ipcam_cgi.coordinator import IpcamCoordinator
from tests.conftest import PASSWORD, USERNAME, entry_data, setup_entry
from tests.simulator import FoscamMjpegSimulator

MOTION = "binary_sensor.front_door_motion"
MOTION_DETECTION = "switch.front_door_motion_detection"
BRIGHTNESS = "number.front_door_brightness"
FIRMWARE = "sensor.front_door_firmware"
CYCLE = timedelta(seconds=3)
LOGGER_NAME = "custom_components.ipcam_cgi"
SETTINGS_PATHS = {"/get_params.cgi", "/get_camera_params.cgi", "/get_misc.cgi"}

type ServerFactory = Callable[..., Awaitable[TestServer]]


async def poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory, cycles: int = 1) -> None:
    """Let `cycles` poll cycles run to completion."""
    for _ in range(cycles):
        freezer.tick(CYCLE)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)


async def settle_until(predicate: Callable[[], bool], rounds: int = 20_000) -> None:
    """Run the loop until `predicate` holds (time is frozen: no sleeping)."""
    for _ in range(rounds):
        if predicate():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never came true")


def state(hass: HomeAssistant, entity_id: str) -> str:
    current = hass.states.get(entity_id)
    assert current is not None, entity_id
    return current.state


def coordinator_of(entry: MockConfigEntry) -> IpcamCoordinator:
    coordinator: IpcamCoordinator = entry.runtime_data.coordinator
    return coordinator


def last_cause(entry: MockConfigEntry) -> BaseException | None:
    """The client error behind the coordinator's last failure."""
    error = coordinator_of(entry).last_exception
    assert error is not None
    return error.__cause__


def records(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if text in record.getMessage()]


@pytest.fixture
async def back_yard(
    socket_enabled: None, aiohttp_server: ServerFactory
) -> tuple[FoscamMjpegSimulator, MockConfigEntry]:
    """A second simulated camera and its (not yet added) entry."""
    sim = FoscamMjpegSimulator(
        username=USERNAME, password=PASSWORD, mac="00626E112233", alias="Back yard"
    )
    server = await aiohttp_server(sim.app)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Back yard (127.0.0.1)",
        unique_id="00:62:6e:11:22:33",
        data=entry_data(server),
        options={"scan_interval": 2, "push": False, "stream": "auto", "invert_pan": False},
    )
    return sim, entry


# -- setup and unload ----------------------------------------------------------------------


async def test_setup_loads_the_entry(hass: HomeAssistant, foscam_entry: MockConfigEntry) -> None:
    await setup_entry(hass, foscam_entry)

    assert foscam_entry.state is ConfigEntryState.LOADED


async def test_setup_keeps_the_identified_camera_in_runtime_data(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, foscam_entry)

    coordinator = coordinator_of(foscam_entry)
    assert isinstance(coordinator, IpcamCoordinator)
    assert coordinator.device.mac == "00:62:6e:4a:3c:d0"
    assert coordinator.device.name == "Front door"
    assert coordinator.data.event("motion") is False
    assert coordinator.settings_available


async def test_unload_unloads_the_entry(hass: HomeAssistant, foscam_entry: MockConfigEntry) -> None:
    await setup_entry(hass, foscam_entry)

    assert await hass.config_entries.async_unload(foscam_entry.entry_id)
    await hass.async_block_till_done()

    assert foscam_entry.state is ConfigEntryState.NOT_LOADED
    assert state(hass, MOTION) == STATE_UNAVAILABLE


async def test_unloaded_entry_stops_polling(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    await hass.config_entries.async_unload(foscam_entry.entry_id)
    await hass.async_block_till_done()
    before = len(foscam_sim.requests)

    await poll(hass, freezer, cycles=3)

    assert len(foscam_sim.requests) == before


async def test_camera_offline_at_setup_retries_later(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_entry: MockConfigEntry
) -> None:
    foscam_sim.faults.offline = True

    await setup_entry(hass, foscam_entry)

    assert foscam_entry.state is ConfigEntryState.SETUP_RETRY
    assert foscam_entry.reason is not None
    assert "Could not reach the camera" in foscam_entry.reason


async def test_wrong_password_at_setup_fails_and_starts_reauth(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_entry: MockConfigEntry
) -> None:
    foscam_sim.password = "changed-on-the-camera"

    await setup_entry(hass, foscam_entry)

    assert foscam_entry.state is ConfigEntryState.SETUP_ERROR
    assert len(list(foscam_entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1


async def test_locked_account_at_setup_retries_later(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    # No Foscam locks accounts: the error is raised as the client's contract describes it.
    with patch.object(
        FoscamMjpegClient,
        "async_identify",
        side_effect=LockedOutError("locked", retry_after_minutes=15),
    ):
        await setup_entry(hass, foscam_entry)

    assert foscam_entry.state is ConfigEntryState.SETUP_RETRY
    assert foscam_entry.reason is not None
    assert "15 minutes" in foscam_entry.reason


@pytest.fixture
def created(monkeypatch: pytest.MonkeyPatch) -> list[aiohttp.ClientSession]:
    """Make the Foscam client a cookie-session vendor; collect the sessions made for it."""
    monkeypatch.setattr(FoscamMjpegClient, "needs_cookie_jar", True)
    created: list[aiohttp.ClientSession] = []
    original = aiohttp_client.async_create_clientsession

    def spy(*args: Any, **kwargs: Any) -> aiohttp.ClientSession:
        created.append(original(*args, **kwargs))
        return created[-1]

    monkeypatch.setattr(f"{session_module.__name__}.async_create_clientsession", spy)
    return created


async def test_cookie_session_vendor_releases_its_session_on_unload(
    hass: HomeAssistant, foscam_entry: MockConfigEntry, created: list[aiohttp.ClientSession]
) -> None:
    await setup_entry(hass, foscam_entry)
    assert len(created) == 1
    assert not created[0].closed

    await hass.config_entries.async_unload(foscam_entry.entry_id)

    assert created[0].closed


# -- push setting restored when push is no longer used -------------------------------------


def entry_that_changed_the_push_setting(server: TestServer) -> MockConfigEntry:
    """An entry that once pointed the camera's alarm callback at Home Assistant."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id="00:62:6e:4a:3c:d0",
        data={
            **entry_data(server),
            CONF_PUSH_PREVIOUS: {"http": "0", "http_url": "http://192.0.2.5/alarm"},
        },
        options={"scan_interval": 2, "push": False, "stream": "auto", "invert_pan": False},
    )


async def test_setup_without_push_gives_the_camera_back_its_previous_callback(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> None:
    foscam_sim.params["alarm_http"] = "1"
    foscam_sim.params["alarm_http_url"] = "http://127.0.0.1:8123/api/webhook/abc"
    entry = entry_that_changed_the_push_setting(foscam_server)

    await setup_entry(hass, entry)

    assert foscam_sim.params["alarm_http"] == "0"
    assert foscam_sim.params["alarm_http_url"] == "http://192.0.2.5/alarm"
    assert CONF_PUSH_PREVIOUS not in entry.data


async def test_failed_push_restore_is_logged_and_retried_next_setup(
    hass: HomeAssistant,
    foscam_sim: FoscamMjpegSimulator,
    foscam_server: TestServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    foscam_sim.faults.paths = frozenset({"/set_alarm.cgi"})
    foscam_sim.faults.http_status = 500
    entry = entry_that_changed_the_push_setting(foscam_server)

    await setup_entry(hass, entry)

    assert entry.state is ConfigEntryState.LOADED
    assert CONF_PUSH_PREVIOUS in entry.data
    assert len(records(caplog, "Could not restore the push setting")) == 1


async def test_removing_the_entry_gives_the_camera_back_its_previous_callback(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> None:
    entry = entry_that_changed_the_push_setting(foscam_server)
    entry.add_to_hass(hass)
    foscam_sim.params["alarm_http"] = "1"
    foscam_sim.params["alarm_http_url"] = "http://127.0.0.1:8123/api/webhook/abc"

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert foscam_sim.params["alarm_http"] == "0"
    assert foscam_sim.params["alarm_http_url"] == "http://192.0.2.5/alarm"


async def test_removing_an_entry_that_never_changed_push_leaves_the_camera_alone(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_entry: MockConfigEntry
) -> None:
    foscam_entry.add_to_hass(hass)

    await hass.config_entries.async_remove(foscam_entry.entry_id)
    await hass.async_block_till_done()

    assert foscam_sim.requests == []


async def test_removing_a_cookie_session_entry_releases_its_session(
    hass: HomeAssistant,
    foscam_server: TestServer,
    created: list[aiohttp.ClientSession],
) -> None:
    entry = entry_that_changed_the_push_setting(foscam_server)
    entry.add_to_hass(hass)

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert len(created) == 1
    assert created[0].closed


# -- the camera goes away and comes back ---------------------------------------------------


async def test_offline_camera_makes_its_entities_unavailable(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.offline = True

    await poll(hass, freezer)

    assert state(hass, MOTION) == STATE_UNAVAILABLE
    assert state(hass, MOTION_DETECTION) == STATE_UNAVAILABLE
    assert state(hass, FIRMWARE) == STATE_UNAVAILABLE


async def test_offline_camera_is_logged_once_while_down(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.offline = True

    await poll(hass, freezer, cycles=4)

    down = [r for r in caplog.records if r.name == LOGGER_NAME and r.levelno >= logging.WARNING]
    assert len(down) == 1
    assert "Error fetching" in down[0].getMessage()


async def test_returning_camera_is_logged_once_and_available_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.offline = True
    await poll(hass, freezer, cycles=2)
    foscam_sim.faults.clear()
    foscam_sim.trigger_motion()

    await poll(hass, freezer, cycles=3)

    assert state(hass, MOTION) == STATE_ON
    assert len(records(caplog, "data recovered")) == 1


# -- a stalled camera ----------------------------------------------------------------------


async def test_stalled_camera_times_out_and_becomes_unavailable(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.delay = 1000.0
    before = len(foscam_sim.requests)
    freezer.tick(CYCLE)
    async_fire_time_changed(hass)
    await settle_until(lambda: len(foscam_sim.requests) > before)

    # Past the client's default request timeout (10 s).
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    # Bounded wait: a request that never times out fails here instead of hanging the test.
    await settle_until(lambda: state(hass, MOTION) == STATE_UNAVAILABLE)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert isinstance(last_cause(foscam_entry), CameraTimeoutError)


async def test_stalled_camera_does_not_hold_up_another_camera(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
    back_yard: tuple[FoscamMjpegSimulator, MockConfigEntry],
) -> None:
    other_sim, other_entry = back_yard
    await setup_entry(hass, foscam_entry)
    await setup_entry(hass, other_entry)
    foscam_sim.faults.delay = 1000.0
    stalled_at = len(foscam_sim.requests)

    other_sim.trigger_motion()
    freezer.tick(CYCLE)
    async_fire_time_changed(hass)
    await settle_until(lambda: len(foscam_sim.requests) > stalled_at)
    await settle_until(lambda: state(hass, "binary_sensor.back_yard_motion") == STATE_ON)
    other_sim.trigger_motion(on=False)
    freezer.tick(CYCLE)
    async_fire_time_changed(hass)
    await settle_until(lambda: state(hass, "binary_sensor.back_yard_motion") == STATE_OFF)

    # The first camera's request has been hanging for 3 s meanwhile (its timeout is 10 s).
    assert coordinator_of(foscam_entry).last_update_success
    assert len(foscam_sim.requests) == stalled_at + 1
    freezer.tick(timedelta(seconds=8))
    async_fire_time_changed(hass)
    await settle_until(lambda: state(hass, MOTION) == STATE_UNAVAILABLE)
    await hass.async_block_till_done(wait_background_tasks=True)


# -- credentials rejected while running ----------------------------------------------------


async def rejected_credentials_mid_run(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sim: FoscamMjpegSimulator,
    entry: MockConfigEntry,
) -> None:
    """Set up, then let the camera reject every login and run until the settings are due.

    get_status.cgi needs no credentials, so the rejection shows at the next settings read.
    """
    await setup_entry(hass, entry)
    sim.faults.wrong_credentials = True
    freezer.tick(SETTINGS_INTERVAL + CYCLE)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_rejected_credentials_mid_run_start_reauth(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await rejected_credentials_mid_run(hass, freezer, foscam_sim, foscam_entry)

    assert len(list(foscam_entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1
    assert state(hass, MOTION) == STATE_UNAVAILABLE


async def test_rejected_credentials_mid_run_cost_one_failed_login_and_stop_polling(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    failed_logins: list[str],
    foscam_entry: MockConfigEntry,
) -> None:
    await rejected_credentials_mid_run(hass, freezer, foscam_sim, foscam_entry)
    after_failure = len(foscam_sim.requests)

    await poll(hass, freezer, cycles=5)

    assert len(failed_logins) == 1
    assert len(foscam_sim.requests) == after_failure


async def test_status_poll_rejected_with_401_starts_reauth(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    # Firmware that protects get_status.cgi too rejects the fast poll itself.
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.paths = frozenset({"/get_status.cgi"})
    foscam_sim.faults.http_status = 401

    await poll(hass, freezer)

    assert len(list(foscam_entry.async_get_active_flows(hass, {SOURCE_REAUTH}))) == 1
    assert state(hass, MOTION) == STATE_UNAVAILABLE


# -- broken answers ------------------------------------------------------------------------


async def test_malformed_answer_makes_entities_unavailable_with_a_clear_log(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.malformed_body = b"<html><body>Server busy</body></html>"

    await poll(hass, freezer, cycles=2)

    assert state(hass, MOTION) == STATE_UNAVAILABLE
    assert isinstance(last_cause(foscam_entry), ParseError)
    logged = records(caplog, "Error fetching")
    assert len(logged) == 1
    assert "var name=value" in logged[0].getMessage()
    assert not records(caplog, "Unexpected error")


async def test_oversized_answer_makes_entities_unavailable(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.oversized_body_bytes = 5_000_000

    await poll(hass, freezer)

    assert state(hass, MOTION) == STATE_UNAVAILABLE
    cause = last_cause(foscam_entry)
    assert isinstance(cause, ResponseTooLargeError)


async def test_oversized_answer_is_not_read_into_memory(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.oversized_body_bytes = 5_000_000

    tracemalloc.start()
    try:
        await poll(hass, freezer)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # The cap is 1 MiB; reading the whole 5 MB answer would allocate at least that much.
    assert peak < 3_000_000


async def test_failing_settings_read_keeps_motion_available(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.paths = frozenset({"/get_params.cgi"})
    foscam_sim.faults.http_status = 500
    foscam_sim.trigger_motion()

    freezer.tick(SETTINGS_INTERVAL + CYCLE)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert state(hass, MOTION) == STATE_ON
    assert state(hass, MOTION_DETECTION) == STATE_UNAVAILABLE
    assert state(hass, BRIGHTNESS) == STATE_UNAVAILABLE
    assert state(hass, FIRMWARE) != STATE_UNAVAILABLE


async def test_failing_settings_read_is_logged_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.paths = frozenset({"/get_params.cgi"})
    foscam_sim.faults.http_status = 500
    freezer.tick(SETTINGS_INTERVAL)

    # Each cycle tries the settings again while they fail.
    await poll(hass, freezer, cycles=4)

    paths = [request.path for request in foscam_sim.requests]
    assert paths[-2:] == ["/get_status.cgi", "/get_params.cgi"]
    assert len(records(caplog, "Reading the settings of")) == 1


async def test_settings_come_back_when_their_read_works_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.paths = frozenset({"/get_params.cgi"})
    foscam_sim.faults.http_status = 500
    freezer.tick(SETTINGS_INTERVAL + CYCLE)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    foscam_sim.faults.clear()
    foscam_sim.params["alarm_motion_armed"] = "1"

    await poll(hass, freezer)

    assert state(hass, MOTION_DETECTION) == STATE_ON


# -- request economy -----------------------------------------------------------------------


async def test_fast_status_poll_is_one_request_per_cycle(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    before = len(foscam_sim.requests)

    await poll(hass, freezer)

    assert [request.path for request in foscam_sim.requests[before:]] == ["/get_status.cgi"]


async def test_settings_are_not_read_on_every_poll(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    before = len(foscam_sim.requests)

    await poll(hass, freezer, cycles=10)

    paths = [request.path for request in foscam_sim.requests[before:]]
    assert paths == ["/get_status.cgi"] * 10


async def test_settings_are_read_again_on_their_slow_cadence(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    foscam_sim: FoscamMjpegSimulator,
    foscam_entry: MockConfigEntry,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.params["alarm_motion_armed"] = "1"
    before = len(foscam_sim.requests)

    freezer.tick(SETTINGS_INTERVAL + CYCLE)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)

    paths = [request.path for request in foscam_sim.requests[before:]]
    assert sorted(paths) == sorted(["/get_status.cgi", *SETTINGS_PATHS])
    assert state(hass, MOTION_DETECTION) == STATE_ON
