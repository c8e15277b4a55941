"""Home Assistant side of the benchmarks: requests per coordinator cycle, motion latency.

Run by ``scripts/bench`` (``python -m pytest benchmarks/test_latency.py``); the main suite
never collects it (testpaths = tests). Nothing here asserts a figure: each test records
what it measured into the JSON file named by ``IPCAM_BENCH_OUT`` (and prints it), under
its vendor's key: each test runs once per vendor of ``IPCAM_BENCH_VENDORS`` (conftest.py).
Real time throughout (no freezer): the coordinator polls on its own timer, the simulator
fires its real HTTP callback, and latency is wall time from the flip to the state write.
A vendor without a motion channel (``motion_entity`` None) gets the coordinator figures
only: its latency sections say ``{"skipped": "no motion channel"}`` and the test skips.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import time
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
from custom_components.ipcam_cgi.const import CONF_VENDOR, DOMAIN
from custom_components.ipcam_cgi.coordinator import IpcamCoordinator
from tests.conftest import entry_data, setup_entry
from tests.simulator import SimulatorBase

from .stats import Summary
from .vendors import NO_MOTION_CHANNEL, BenchVendor, split_requests

# Real-time runs: far longer than the suite's 60 s default per test.
pytestmark = pytest.mark.timeout(240)

SCAN_INTERVAL: Final = 1
FLIPS: Final = int(os.environ.get("IPCAM_BENCH_FLIPS", "30"))
CYCLES: Final = int(os.environ.get("IPCAM_BENCH_CYCLES", "100"))
# A flip not seen within this long counts as missed (and is reported, not retried).
STATE_TIMEOUT: Final = 5.0 * SCAN_INTERVAL
PUSH_TARGET_P99_MS: Final = 250.0

type ClientFactory = Callable[[], Coroutine[Any, Any, TestClient[web.Request, web.Application]]]


def record(vendor: BenchVendor, section: str, values: dict[str, Any]) -> None:
    """Merge one vendor's section into the results file (if scripts/bench asked for one).

    The file holds ``{vendor key: {section: values}}``; the section is printed too.
    """
    print(f"\n{vendor.key} {section}: {json.dumps(values, indent=2)}")
    out = os.environ.get("IPCAM_BENCH_OUT")
    if not out:
        return
    path = Path(out)
    results: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    results.setdefault(vendor.key, {})[section] = values
    path.write_text(json.dumps(results, indent=2))


def camera_entry(vendor: BenchVendor, server: TestServer, *, push: bool) -> MockConfigEntry:
    """The simulated camera's entry, polling every SCAN_INTERVAL seconds."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=vendor.entry_title,
        unique_id=vendor.unique_id,
        data=entry_data(server, **{CONF_VENDOR: vendor.key}),
        options={
            "scan_interval": SCAN_INTERVAL,
            "push": push,
            "stream": "auto",
            **vendor.entry_options,
        },
    )


def skip_without_motion(vendor: BenchVendor, section: str) -> str:
    """The vendor's motion entity; else record `section` as skipped and skip the test."""
    if vendor.motion_entity is None:
        record(vendor, section, {"skipped": NO_MOTION_CHANNEL})
        pytest.skip(f"{vendor.key}: {NO_MOTION_CHANNEL} (nothing reports motion)")
    return vendor.motion_entity


async def set_up(
    hass: HomeAssistant, vendor: BenchVendor, server: TestServer, *, push: bool
) -> IpcamCoordinator:
    """Add and set up the vendor's entry; its coordinator, once its motion entity exists."""
    entry = camera_entry(vendor, server, push=push)
    await setup_entry(hass, entry)
    coordinator = coordinator_of(entry)
    if vendor.motion_entity is not None and hass.states.get(vendor.motion_entity) is None:
        motion = sorted(e for e in hass.states.async_entity_ids() if e.endswith("_motion"))
        raise AssertionError(f"no {vendor.motion_entity} after setup (motion entities: {motion})")
    return coordinator


def coordinator_of(entry: MockConfigEntry) -> IpcamCoordinator:
    """The loaded entry's coordinator."""
    assert entry.state is ConfigEntryState.LOADED, entry.state
    coordinator: IpcamCoordinator = entry.runtime_data.coordinator
    return coordinator


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


async def settle_off(hass: HomeAssistant, sim: SimulatorBase, motion: str) -> bool:
    """End motion and wait for the entity to show it (a poll has just run when it does)."""
    with state_reached(hass, motion, "off") as off:
        sim.trigger_motion(on=False)
        state = hass.states.get(motion)
        if state is not None and state.state == "off":
            return True
        try:
            await asyncio.wait_for(off, STATE_TIMEOUT)
        except TimeoutError:
            return False
    return True


async def measure_flips(
    hass: HomeAssistant,
    motion: str,
    sim: SimulatorBase,
    coordinator: IpcamCoordinator,
    flips: int,
) -> dict[str, Any]:
    """Flip motion on at a random offset after a poll, `flips` times; flip -> `motion` "on"."""
    rng = random.Random(20240607)
    latencies_ms: list[float] = []
    missed = 0
    via_push = 0
    offsets: list[float] = []
    await settle_off(hass, sim, motion)
    for _ in range(flips):
        # settle_off returns right after the poll that showed "off": a uniform offset
        # from here is a uniform phase within the poll interval.
        offset = rng.uniform(0.0, SCAN_INTERVAL)
        offsets.append(offset)
        await asyncio.sleep(offset)
        pushes_before = coordinator.push.received
        with state_reached(hass, motion, "on") as on:
            started = time.perf_counter_ns()
            sim.trigger_motion(on=True)
            try:
                reached = await asyncio.wait_for(on, STATE_TIMEOUT)
            except TimeoutError:
                missed += 1
            else:
                latencies_ms.append((reached - started) / 1e6)
                via_push += coordinator.push.received > pushes_before
        await settle_off(hass, sim, motion)
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
    hass: HomeAssistant,
    bench_vendor: BenchVendor,
    camera_sim: SimulatorBase,
    camera_server: TestServer,
) -> None:
    """Drive the real coordinator CYCLES times; count what reaches the camera."""
    coordinator = await set_up(hass, bench_vendor, camera_server, push=False)
    setup_requests = split_requests(bench_vendor, camera_sim.requests)
    setup_connections = camera_sim.connections_opened
    start = len(camera_sim.requests)
    began = time.perf_counter()
    for _ in range(CYCLES):
        # Each refresh pushes the poll timer ~1 s ahead, so no timed poll runs in between.
        await coordinator.async_refresh()
    elapsed = time.perf_counter() - began
    window = camera_sim.requests[start:]
    new_connections = camera_sim.connections_opened - setup_connections
    split = split_requests(bench_vendor, window)
    record(
        bench_vendor,
        "coordinator_requests",
        {
            "cycles": CYCLES,
            "requests_per_cycle": len(window) / CYCLES,
            "status_requests": split["status"],
            "other_requests": split["other"],
            "paths": split["paths"],
            "setup_requests": setup_requests["paths"],
            "setup_connections": setup_connections,
            "new_connections": new_connections,
            "new_connections_per_100": new_connections * 100 / CYCLES,
            "distinct_remote_ports": len({entry.remote_port for entry in window}),
            "ms_per_cycle": round(elapsed * 1000 / CYCLES, 3),
        },
    )


async def test_motion_latency_polling(
    hass: HomeAssistant,
    bench_vendor: BenchVendor,
    camera_sim: SimulatorBase,
    camera_server: TestServer,
) -> None:
    """Polling only: flip -> binary_sensor "on", relative to the poll interval."""
    motion = skip_without_motion(bench_vendor, "latency_polling")
    coordinator = await set_up(hass, bench_vendor, camera_server, push=False)
    start = len(camera_sim.requests)
    connections = camera_sim.connections_opened
    began = time.monotonic()
    result = await measure_flips(hass, motion, camera_sim, coordinator, FLIPS)
    elapsed = time.monotonic() - began
    window = camera_sim.requests[start:]
    split = split_requests(bench_vendor, window)
    result["interval_s"] = SCAN_INTERVAL
    # The same run seen from the camera: what live polling costs it per interval.
    result["live"] = {
        "seconds": round(elapsed, 1),
        "requests": len(window),
        "status_requests": split["status"],
        "other_requests": split["other"],
        "paths": split["paths"],
        "requests_per_interval": round(len(window) * SCAN_INTERVAL / elapsed, 3),
        "new_connections": camera_sim.connections_opened - connections,
    }
    record(bench_vendor, "latency_polling", result)


async def test_motion_latency_push(
    hass: HomeAssistant,
    bench_vendor: BenchVendor,
    camera_sim: SimulatorBase,
    camera_server: TestServer,
    hass_client_no_auth: ClientFactory,
) -> None:
    """Push on: the simulator calls HA's webhook through a real HTTP server; flip -> "on"."""
    motion = skip_without_motion(bench_vendor, "latency_push")
    # Home Assistant's own server is not started in tests; serve its app on a test server
    # and make that the internal URL, so the webhook URL the camera gets reaches it.
    # Components that add HTTP views (webhook, camera) first: the app's router is frozen
    # once it serves.
    for domain in ("webhook", *PLATFORMS):
        assert await async_setup_component(hass, domain, {})
    client = await hass_client_no_auth()
    await hass.config.async_update(internal_url=str(client.make_url("/")).rstrip("/"))
    bench_vendor.arm_push(camera_sim)
    coordinator = await set_up(hass, bench_vendor, camera_server, push=True)
    result = await measure_flips(hass, motion, camera_sim, coordinator, FLIPS)
    result["interval_s"] = SCAN_INTERVAL
    result["push_channel"] = coordinator.push.channel
    result["push_error"] = coordinator.push.error
    if coordinator.push.stream:
        # No callback: the camera's parts come over the stream we hold open.
        result["stream_request"] = bench_vendor.push_target(camera_sim)
        result["streams_opened"] = len(bench_vendor.push_sent(camera_sim))
        result["stream_losses"] = coordinator.push.stream_losses
    else:
        # Where the camera was pointed, without the webhook id.
        result["callback_url"] = bench_vendor.push_target(camera_sim).split("/api/")[0]
        result["callbacks_sent"] = len(bench_vendor.push_sent(camera_sim))
    result["push_received"] = coordinator.push.received
    result["target_p99_ms"] = PUSH_TARGET_P99_MS
    record(bench_vendor, "latency_push", result)
