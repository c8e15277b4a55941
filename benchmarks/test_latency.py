"""Home Assistant side of the benchmarks: requests per coordinator cycle, motion latency.

Run by ``scripts/bench`` (``python -m pytest benchmarks/test_latency.py``); the main suite
never collects it (testpaths = tests). Nothing here asserts a figure: each test records
what it measured into the JSON file named by ``IPCAM_BENCH_OUT`` (and prints it).
Real time throughout (no freezer): the coordinator polls on its own timer, the simulator
fires its real HTTP callback, and latency is wall time from the flip to the state write.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, Final

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.ipcam_cgi import PLATFORMS
from custom_components.ipcam_cgi.const import DOMAIN
from custom_components.ipcam_cgi.coordinator import IpcamCoordinator
from tests.conftest import FOSCAM_MAC, entry_data, setup_entry
from tests.simulator import FoscamMjpegSimulator, RequestLog

from .stats import Summary

# Real-time runs: far longer than the suite's 60 s default per test.
pytestmark = pytest.mark.timeout(240)

SCAN_INTERVAL: Final = 1
FLIPS: Final = int(os.environ.get("IPCAM_BENCH_FLIPS", "30"))
CYCLES: Final = int(os.environ.get("IPCAM_BENCH_CYCLES", "100"))
MOTION: Final = "binary_sensor.front_door_motion"
# A flip not seen within this long counts as missed (and is reported, not retried).
STATE_TIMEOUT: Final = 5.0 * SCAN_INTERVAL
PUSH_TARGET_P99_MS: Final = 250.0

type ClientFactory = Callable[[], Coroutine[Any, Any, TestClient[web.Request, web.Application]]]


def record(section: str, values: dict[str, Any]) -> None:
    """Merge one section into the results file (if scripts/bench asked for one) and print it."""
    print(f"\n{section}: {json.dumps(values, indent=2)}")
    out = os.environ.get("IPCAM_BENCH_OUT")
    if not out:
        return
    path = Path(out)
    results: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    results[section] = values
    path.write_text(json.dumps(results, indent=2))


def camera_entry(server: TestServer, *, push: bool) -> MockConfigEntry:
    """The simulated camera's entry, polling every SCAN_INTERVAL seconds."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id=FOSCAM_MAC,
        data=entry_data(server),
        options={
            "scan_interval": SCAN_INTERVAL,
            "push": push,
            "stream": "auto",
            "invert_pan": False,
        },
    )


def coordinator_of(entry: MockConfigEntry) -> IpcamCoordinator:
    """The loaded entry's coordinator."""
    assert entry.state is ConfigEntryState.LOADED, entry.state
    coordinator: IpcamCoordinator = entry.runtime_data.coordinator
    return coordinator


def count_paths(entries: list[RequestLog]) -> dict[str, int]:
    """Requests per path."""
    return dict(Counter(entry.path for entry in entries))


@contextlib.contextmanager
def state_reached(
    hass: HomeAssistant, entity_id: str, target: str
) -> Iterator[asyncio.Future[int]]:
    """A future resolved with perf_counter_ns() when `entity_id` is next written as `target`."""
    reached: asyncio.Future[int] = hass.loop.create_future()

    @callback
    def _changed(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and new.state == target and not reached.done():
            reached.set_result(time.perf_counter_ns())

    unsubscribe = async_track_state_change_event(hass, [entity_id], _changed)
    try:
        yield reached
    finally:
        unsubscribe()


async def settle_off(hass: HomeAssistant, sim: FoscamMjpegSimulator) -> bool:
    """End motion and wait for the entity to show it (a poll has just run when it does)."""
    with state_reached(hass, MOTION, "off") as off:
        sim.trigger_motion(on=False)
        state = hass.states.get(MOTION)
        if state is not None and state.state == "off":
            return True
        try:
            await asyncio.wait_for(off, STATE_TIMEOUT)
        except TimeoutError:
            return False
    return True


async def measure_flips(
    hass: HomeAssistant, sim: FoscamMjpegSimulator, coordinator: IpcamCoordinator, flips: int
) -> dict[str, Any]:
    """Flip motion on at a random offset after a poll, `flips` times; flip -> state "on"."""
    rng = random.Random(20240607)
    latencies_ms: list[float] = []
    missed = 0
    via_push = 0
    offsets: list[float] = []
    await settle_off(hass, sim)
    for _ in range(flips):
        # settle_off returns right after the poll that showed "off": a uniform offset
        # from here is a uniform phase within the poll interval.
        offset = rng.uniform(0.0, SCAN_INTERVAL)
        offsets.append(offset)
        await asyncio.sleep(offset)
        pushes_before = coordinator.push.received
        with state_reached(hass, MOTION, "on") as on:
            started = time.perf_counter_ns()
            sim.trigger_motion(on=True)
            try:
                reached = await asyncio.wait_for(on, STATE_TIMEOUT)
            except TimeoutError:
                missed += 1
            else:
                latencies_ms.append((reached - started) / 1e6)
                via_push += coordinator.push.received > pushes_before
        await settle_off(hass, sim)
    summary = Summary.of(latencies_ms)
    return {
        "flips": flips,
        "missed": missed,
        "via_push": via_push,
        "latency_ms": summary.as_dict(1),
        "p50_over_interval": round(summary.p50 / (SCAN_INTERVAL * 1000), 3),
        "p99_over_interval": round(summary.p99 / (SCAN_INTERVAL * 1000), 3),
        "mean_offset_s": round(sum(offsets) / len(offsets), 3) if offsets else None,
    }


async def test_requests_per_coordinator_cycle(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> None:
    """Drive the real coordinator CYCLES times; count what reaches the camera."""
    entry = camera_entry(foscam_server, push=False)
    await setup_entry(hass, entry)
    coordinator = coordinator_of(entry)
    setup_requests = count_paths(foscam_sim.requests)
    setup_connections = foscam_sim.connections_opened
    start = len(foscam_sim.requests)
    began = time.perf_counter()
    for _ in range(CYCLES):
        # Each refresh pushes the poll timer ~1 s ahead, so no timed poll runs in between.
        await coordinator.async_refresh()
    elapsed = time.perf_counter() - began
    window = foscam_sim.requests[start:]
    new_connections = foscam_sim.connections_opened - setup_connections
    record(
        "coordinator_requests",
        {
            "cycles": CYCLES,
            "requests_per_cycle": len(window) / CYCLES,
            "paths": count_paths(window),
            "setup_requests": setup_requests,
            "setup_connections": setup_connections,
            "new_connections": new_connections,
            "new_connections_per_100": new_connections * 100 / CYCLES,
            "distinct_remote_ports": len({entry.remote_port for entry in window}),
            "ms_per_cycle": round(elapsed * 1000 / CYCLES, 3),
        },
    )


async def test_motion_latency_polling(
    hass: HomeAssistant, foscam_sim: FoscamMjpegSimulator, foscam_server: TestServer
) -> None:
    """Polling only: flip -> binary_sensor "on", relative to the poll interval."""
    entry = camera_entry(foscam_server, push=False)
    await setup_entry(hass, entry)
    coordinator = coordinator_of(entry)
    start = len(foscam_sim.requests)
    connections = foscam_sim.connections_opened
    began = time.monotonic()
    result = await measure_flips(hass, foscam_sim, coordinator, FLIPS)
    elapsed = time.monotonic() - began
    window = foscam_sim.requests[start:]
    result["interval_s"] = SCAN_INTERVAL
    # The same run seen from the camera: what live polling costs it per interval.
    result["live"] = {
        "seconds": round(elapsed, 1),
        "requests": len(window),
        "paths": count_paths(window),
        "requests_per_interval": round(len(window) * SCAN_INTERVAL / elapsed, 3),
        "new_connections": foscam_sim.connections_opened - connections,
    }
    record("latency_polling", result)


async def test_motion_latency_push(
    hass: HomeAssistant,
    foscam_sim: FoscamMjpegSimulator,
    foscam_server: TestServer,
    hass_client_no_auth: ClientFactory,
) -> None:
    """Push on: the simulator calls HA's webhook through a real HTTP server; flip -> "on"."""
    # Home Assistant's own server is not started in tests; serve its app on a test server
    # and make that the internal URL, so the webhook URL the camera gets reaches it.
    # Components that add HTTP views (webhook, camera) first: the app's router is frozen
    # once it serves.
    for domain in ("webhook", *PLATFORMS):
        assert await async_setup_component(hass, domain, {})
    client = await hass_client_no_auth()
    await hass.config.async_update(internal_url=str(client.make_url("/")).rstrip("/"))
    foscam_sim.params["alarm_motion_armed"] = "1"
    entry = camera_entry(foscam_server, push=True)
    await setup_entry(hass, entry)
    coordinator = coordinator_of(entry)
    result = await measure_flips(hass, foscam_sim, coordinator, FLIPS)
    result["interval_s"] = SCAN_INTERVAL
    result["push_channel"] = coordinator.push.channel
    result["push_error"] = coordinator.push.error
    result["callback_url"] = foscam_sim.params.get("alarm_http_url", "").split("/api/")[0]
    result["callbacks_sent"] = len(foscam_sim.callbacks_sent)
    result["push_received"] = coordinator.push.received
    result["target_p99_ms"] = PUSH_TARGET_P99_MS
    record("latency_push", result)
