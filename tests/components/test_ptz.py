"""PTZ and SIP actions on the Foscam camera entity, against the simulator's decoder_control.cgi."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest
import voluptuous as vol
from aiohttp.test_utils import TestServer
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ipcam_cgi.client import Feature
from custom_components.ipcam_cgi.const import DOMAIN
from tests.conftest import FOSCAM_MAC, entry_data, setup_entry
from tests.simulator import FoscamMjpegSimulator

CAMERA = "camera.front_door"
SHORT = 0.05

# decoder_control.cgi commands of the spec's "Internal motor" column.
MOVES = {
    "up": 0,
    "down": 2,
    "left": 4,
    "right": 6,
    "up_left": 90,
    "up_right": 91,
    "down_left": 92,
    "down_right": 93,
}
STOP = 1


@pytest.fixture
async def loaded(hass: HomeAssistant, foscam_entry: MockConfigEntry) -> MockConfigEntry:
    """The Foscam entry, set up."""
    await setup_entry(hass, foscam_entry)
    return foscam_entry


async def call(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Run one of the integration's actions on the camera and wait for it."""
    await hass.services.async_call(
        DOMAIN, service, data, target={"entity_id": CAMERA}, blocking=True
    )


async def wait_for(condition: Any, timeout: float = 2.0) -> None:
    """Wait until `condition()` holds (a background request is landing)."""
    async with asyncio.timeout(timeout):
        # The simulator records requests in plain lists and offers no event to wait on.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.005)


# -- ptz_move / ptz_stop ---------------------------------------------------------------------


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(("direction", "command"), MOVES.items())
async def test_move_with_duration_sends_the_move_then_the_stop(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, direction: str, command: int
) -> None:
    await call(hass, "ptz_move", direction=direction, duration=SHORT)
    assert foscam_sim.decoder_commands == [command, STOP]
    assert foscam_sim.ptz_moving is None


@pytest.mark.usefixtures("loaded")
async def test_move_waits_for_the_duration_before_stopping(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    await call(hass, "ptz_move", direction="right", duration=0.2)
    move, stop = [r for r in foscam_sim.requests if r.path == "/decoder_control.cgi"]
    assert move.query["command"] == "6"
    assert stop.query["command"] == "1"
    assert stop.time - move.time >= 0.18


@pytest.mark.usefixtures("loaded")
async def test_move_with_zero_duration_keeps_moving(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    await call(hass, "ptz_move", direction="up", duration=0)
    assert foscam_sim.decoder_commands == [0]
    assert foscam_sim.ptz_moving == "up"


async def test_move_stops_even_when_the_caller_is_cancelled(
    hass: HomeAssistant, loaded: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    client = loaded.runtime_data.coordinator.client
    task = asyncio.create_task(call(hass, "ptz_move", direction="right", duration=30))
    # Cancel once the camera has answered the start, i.e. during the timed wait.
    await wait_for(
        lambda: bool(client.raw_exchanges)
        and client.raw_exchanges[-1].path == "/decoder_control.cgi?command=6"
    )
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await wait_for(lambda: foscam_sim.decoder_commands == [6, STOP])
    assert foscam_sim.ptz_moving is None


@pytest.mark.usefixtures("loaded")
async def test_move_cancelled_while_the_start_is_in_flight_still_stops(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    # A slow camera: the start request has arrived but is not answered when the caller
    # gives up. The camera may still act on it, so a stop must follow.
    foscam_sim.faults.delay = 0.2
    foscam_sim.faults.paths = frozenset({"/decoder_control.cgi"})
    task = asyncio.create_task(call(hass, "ptz_move", direction="right", duration=30))
    await wait_for(lambda: any(r.path == "/decoder_control.cgi" for r in foscam_sim.requests))
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await wait_for(lambda: STOP in foscam_sim.decoder_commands)
    assert foscam_sim.decoder_commands[-1] == STOP
    assert foscam_sim.ptz_moving is None


@pytest.mark.usefixtures("loaded")
async def test_stop_stops_a_move(hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator) -> None:
    await call(hass, "ptz_move", direction="down", duration=0)
    await call(hass, "ptz_stop")
    assert foscam_sim.decoder_commands == [2, STOP]
    assert foscam_sim.ptz_moving is None


@pytest.mark.parametrize(
    ("direction", "command"),
    [("left", 6), ("right", 4), ("up_left", 91), ("down_right", 92), ("up", 0)],
)
async def test_invert_pan_mirrors_left_and_right(
    hass: HomeAssistant,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    direction: str,
    command: int,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id=FOSCAM_MAC,
        data=entry_data(foscam_server),
        options={"scan_interval": 2, "invert_pan": True},
    )
    await setup_entry(hass, entry)
    await call(hass, "ptz_move", direction=direction, duration=0)
    assert foscam_sim.decoder_commands == [command]


@pytest.mark.usefixtures("loaded")
async def test_unknown_direction_is_rejected_before_reaching_the_camera(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    with pytest.raises(vol.Invalid):
        await call(hass, "ptz_move", direction="sideways")
    assert foscam_sim.decoder_commands == []


# -- presets and patrols ---------------------------------------------------------------------


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(
    ("action", "preset", "command"),
    [("goto", 1, 31), ("save", 1, 30), ("goto", 16, 61), ("save", 16, 60)],
)
async def test_preset_action_sends_its_command(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, action: str, preset: int, command: int
) -> None:
    await call(hass, "ptz_preset", action=action, preset=preset)
    assert foscam_sim.decoder_commands == [command]


@pytest.mark.usefixtures("loaded")
async def test_saved_preset_is_where_goto_returns(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.ptz_position = (40, 10)
    await call(hass, "ptz_preset", action="save", preset=2)
    foscam_sim.ptz_position = (0, 0)
    await call(hass, "ptz_preset", action="goto", preset=2)
    assert foscam_sim.ptz_position == (40, 10)


@pytest.mark.usefixtures("loaded")
async def test_removing_a_preset_is_not_supported(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    with pytest.raises(ServiceValidationError) as exc_info:
        await call(hass, "ptz_preset", action="remove", preset=1)
    assert exc_info.value.translation_domain == DOMAIN
    assert exc_info.value.translation_key == "not_supported"
    assert str(exc_info.value) == "Front door (127.0.0.1) does not support ptz_preset"
    assert foscam_sim.decoder_commands == []


@pytest.mark.usefixtures("loaded")
async def test_preset_beyond_the_cameras_sixteen_is_refused(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    with pytest.raises(ServiceValidationError) as exc_info:
        await call(hass, "ptz_preset", action="goto", preset=17)
    assert exc_info.value.translation_key == "not_supported"
    assert foscam_sim.decoder_commands == []


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(
    ("data", "commands"),
    [
        ({"action": "start"}, [28]),
        ({"action": "start", "mode": "horizontal"}, [28]),
        ({"action": "start", "mode": "vertical"}, [26]),
        ({"action": "stop"}, [27, 29]),
        ({"action": "stop", "mode": "vertical"}, [27]),
        ({"action": "stop", "mode": "horizontal"}, [29]),
    ],
)
async def test_patrol_action_sends_its_commands(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, data: dict[str, str], commands: list[int]
) -> None:
    await call(hass, "ptz_patrol", **data)
    assert foscam_sim.decoder_commands == commands


@pytest.mark.usefixtures("loaded")
async def test_patrol_start_leaves_the_camera_patrolling(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    await call(hass, "ptz_patrol", action="start", mode="vertical")
    assert foscam_sim.ptz_moving == "patrol_vertical"
    await call(hass, "ptz_patrol", action="stop")
    assert foscam_sim.ptz_moving is None


@pytest.mark.usefixtures("loaded")
async def test_unknown_patrol_mode_is_not_supported(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    with pytest.raises(ServiceValidationError) as exc_info:
        await call(hass, "ptz_patrol", action="start", mode="both")
    assert exc_info.value.translation_key == "not_supported"
    assert foscam_sim.decoder_commands == []


# -- what the Foscam lacks -------------------------------------------------------------------


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("ptz_zoom", {"direction": "in", "duration": SHORT}),
        ("ptz_zoom", {"direction": "out", "duration": 0}),
        ("ptz_focus", {"direction": "near", "duration": SHORT}),
        ("ptz_focus", {"direction": "auto"}),
        ("ptz_iris", {"direction": "open", "duration": SHORT}),
        ("ptz_position", {"pan": 10, "tilt": 5, "zoom": 50}),
        ("sip_call", {"number": "100"}),
        ("sip_hangup", {}),
    ],
)
async def test_action_the_camera_lacks_raises_a_validation_error(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, action: str, data: dict[str, Any]
) -> None:
    start = len(foscam_sim.requests)
    with pytest.raises(ServiceValidationError) as exc_info:
        await call(hass, action, **data)
    assert exc_info.value.translation_domain == DOMAIN
    assert exc_info.value.translation_key == "not_supported"
    assert exc_info.value.translation_placeholders == {
        "action": action,
        "name": "Front door (127.0.0.1)",
    }
    assert foscam_sim.requests[start:] == []


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("ptz_zoom", {"direction": "in", "duration": SHORT}),
        ("ptz_focus", {"direction": "auto"}),
        ("ptz_iris", {"direction": "close", "duration": 0}),
        ("ptz_position", {"pan": 10}),
        ("sip_call", {"number": "100"}),
        ("sip_hangup", {}),
    ],
)
async def test_action_the_client_refuses_raises_a_validation_error(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    action: str,
    data: dict[str, Any],
) -> None:
    # A camera that claims a feature its API then lacks: the client's NotSupportedError
    # must still reach the user as a validation error, without a request to the camera.
    coordinator = loaded.runtime_data.coordinator
    extra = {Feature.PTZ_ZOOM, Feature.PTZ_FOCUS, Feature.PTZ_IRIS, Feature.PTZ_POSITION}
    coordinator.capabilities = dataclasses.replace(
        coordinator.capabilities,
        features=coordinator.capabilities.features | extra | {Feature.SIP},
    )
    start = len(foscam_sim.requests)
    with pytest.raises(ServiceValidationError) as exc_info:
        await call(hass, action, **data)
    assert exc_info.value.translation_key == "not_supported"
    assert foscam_sim.requests[start:] == []


# -- device errors ---------------------------------------------------------------------------


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("ptz_move", {"direction": "left", "duration": SHORT}),
        ("ptz_stop", {}),
        ("ptz_preset", {"action": "goto", "preset": 1}),
        ("ptz_patrol", {"action": "start"}),
    ],
)
async def test_device_error_raises_action_failed(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, action: str, data: dict[str, Any]
) -> None:
    foscam_sim.faults.http_status = 500
    foscam_sim.faults.paths = frozenset({"/decoder_control.cgi"})
    with pytest.raises(HomeAssistantError) as exc_info:
        await call(hass, action, **data)
    assert not isinstance(exc_info.value, ServiceValidationError)
    assert exc_info.value.translation_domain == DOMAIN
    assert exc_info.value.translation_key == "action_failed"
    assert exc_info.value.translation_placeholders is not None
    assert exc_info.value.translation_placeholders["action"] == action
    assert "HTTP 500" in str(exc_info.value)


@pytest.mark.usefixtures("loaded")
async def test_device_error_message_holds_no_password(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator
) -> None:
    foscam_sim.faults.offline = True
    foscam_sim.faults.paths = frozenset({"/decoder_control.cgi"})
    with pytest.raises(HomeAssistantError) as exc_info:
        await call(hass, "ptz_stop")
    assert exc_info.value.translation_key == "action_failed"
    assert foscam_sim.password not in str(exc_info.value)
