"""Cost of one fast status poll through the client, and requests/connections per poll.

The timing part talks to the simulator running in a SEPARATE process
(``python -m tests.simulator``), so the server's CPU never shares this event loop and
the difference between the variants is the client's own work.
The counting part uses an in-process simulator, whose request log it reads.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gc
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import aiohttp

from custom_components.ipcam_cgi.client import (
    ConnectionConfig,
    Vendor,
    VendorClient,
    create_client,
)
from tests.simulator import FoscamMjpegSimulator, start_simulator

from .stats import Summary

REPO: Final = Path(__file__).resolve().parent.parent
USERNAME: Final = "admin"
PASSWORD: Final = "s3cret-Pa55"
STATUS_PATH: Final = "/get_status.cgi"
_READY_TIMEOUT: Final = 30.0
_BOUND_RE: Final = re.compile(r"camera at http://[^:]+:(?P<port>\d+)")

type Call = Callable[[], Awaitable[Any]]


@dataclass(frozen=True)
class Variant:
    """One way of fetching the status, timed per call."""

    name: str
    call: Call


@dataclass
class Samples:
    """Per-call wall and CPU times of one variant, in nanoseconds."""

    wall_ns: list[int]
    cpu_ns: list[int]


@contextlib.contextmanager
def simulator_process() -> Iterator[int]:
    """Run ``python -m tests.simulator`` on a free port; yield the bound port."""
    command = [
        sys.executable,
        "-m",
        "tests.simulator",
        "--foscam-port",
        "0",
        "--motion-every",
        "0",
        "--username",
        USERNAME,
        "--password",
        PASSWORD,
    ]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        port = _wait_until_ready(process)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen[str]) -> int:
    assert process.stdout is not None
    deadline = time.monotonic() + _READY_TIMEOUT
    port: int | None = None
    seen: list[str] = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            output = "".join(seen[-10:])
            raise RuntimeError(f"simulator exited early (code {process.wait()}):\n{output}")
        seen.append(line)
        if match := _BOUND_RE.search(line):
            port = int(match.group("port"))
        if line.startswith("Ctrl-C to stop") and port is not None:
            return port
    raise RuntimeError("simulator did not get ready in time")


def _basic_auth() -> str:
    return "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()


@contextlib.asynccontextmanager
async def foscam_client(port: int) -> AsyncIterator[tuple[VendorClient, aiohttp.ClientSession]]:
    """A Foscam MJPEG client built by the registry on a fresh session, and that session."""
    async with aiohttp.ClientSession() as session:
        config = ConnectionConfig(host="127.0.0.1", port=port, username=USERNAME, password=PASSWORD)
        client = create_client(Vendor.FOSCAM_MJPEG, session, config)
        try:
            yield client, session
        finally:
            await client.async_close()


async def _time_interleaved(
    variants: list[Variant], iterations: int, warmup: int
) -> dict[str, Samples]:
    for _ in range(warmup):
        for variant in variants:
            await variant.call()
    samples = {variant.name: Samples([], []) for variant in variants}
    gc.collect()
    for index in range(iterations):
        # Rotate the order so no variant always runs first (or right after another).
        shift = index % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            cpu0 = time.process_time_ns()
            start = time.perf_counter_ns()
            await variant.call()
            wall = time.perf_counter_ns() - start
            cpu = time.process_time_ns() - cpu0
            samples[variant.name].wall_ns.append(wall)
            samples[variant.name].cpu_ns.append(cpu)
    return samples


async def measure_poll_cost(port: int, iterations: int, warmup: int) -> dict[str, Any]:
    """Time client fast status, transport-only and bare aiohttp GETs, interleaved."""
    async with foscam_client(port) as (client, session):
        url = f"http://127.0.0.1:{port}{STATUS_PATH}"
        headers = {"Authorization": _basic_auth(), "Accept": "*/*"}

        async def bare() -> bytes:
            async with session.get(url, headers=headers) as response:
                return await response.read()

        async def transport_only() -> Any:
            return await client.transport.request(STATUS_PATH)

        variants = [
            Variant("client", client.async_fast_status),
            Variant("transport", transport_only),
            Variant("bare", bare),
        ]
        samples = await _time_interleaved(variants, iterations, warmup)

    result: dict[str, Any] = {"iterations": iterations, "warmup": warmup}
    for name, measured in samples.items():
        result[name] = {
            "wall_us": Summary.of([ns / 1000 for ns in measured.wall_ns]).as_dict(),
            "cpu_us": Summary.of([ns / 1000 for ns in measured.cpu_ns]).as_dict(),
        }
    client_wall = result["client"]["wall_us"]
    bare_wall = result["bare"]["wall_us"]
    result["ratio_p50"] = round(client_wall["p50"] / bare_wall["p50"], 3)
    result["ratio_p90"] = round(client_wall["p90"] / bare_wall["p90"], 3)
    result["cpu_ratio_p50"] = round(
        result["client"]["cpu_us"]["p50"] / result["bare"]["cpu_us"]["p50"], 3
    )
    result["target_ratio"] = 1.3
    return result


async def measure_requests_per_poll(polls: int) -> dict[str, Any]:
    """Requests and new TCP connections the simulator sees for `polls` fast status calls."""
    sim = FoscamMjpegSimulator(username=USERNAME, password=PASSWORD)
    runner, port = await start_simulator(sim)
    try:
        async with foscam_client(port) as (client, _session):
            await client.async_fast_status()
            first_connections = sim.connections_opened
            first_requests = len(sim.requests)
            sent_before = client.transport.requests_sent
            for _ in range(polls):
                await client.async_fast_status()
            window = sim.requests[first_requests:]
            return {
                "polls": polls,
                "first_poll_requests": first_requests,
                "first_poll_connections": first_connections,
                "requests_per_poll": len(window) / polls,
                "transport_requests_per_poll": (client.transport.requests_sent - sent_before)
                / polls,
                "paths": _count_paths(window),
                "new_connections": sim.connections_opened - first_connections,
                "new_connections_per_100": (sim.connections_opened - first_connections)
                * 100
                / polls,
                "distinct_remote_ports": len({entry.remote_port for entry in window}),
            }
    finally:
        await runner.cleanup()


def _count_paths(entries: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.path] = counts.get(entry.path, 0) + 1
    return counts


def run(iterations: int = 2000, warmup: int = 200, polls: int = 100) -> dict[str, Any]:
    """Both client-level benchmarks; the timing one against a simulator subprocess."""
    with simulator_process() as port:
        cost = asyncio.run(measure_poll_cost(port, iterations, warmup))
    counts = asyncio.run(measure_requests_per_poll(polls))
    return {"poll_cost": cost, "client_requests": counts}
