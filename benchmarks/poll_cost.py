"""Cost of one fast status poll through the client, and requests/connections per poll.

The timing part talks to the simulator running in a SEPARATE process
(``python -m tests.simulator``), so the server's CPU never shares this event loop and
the difference between the variants is the client's own work.
The counting part uses an in-process simulator, whose request log it reads.
"""

from __future__ import annotations

import asyncio
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
    VendorClient,
    client_class,
    create_client,
)
from tests.simulator import RequestLog, start_simulator

from .stats import Summary
from .vendors import PASSWORD, USERNAME, VENDORS, BenchVendor, split_requests

REPO: Final = Path(__file__).resolve().parent.parent
_READY_TIMEOUT: Final = 30.0
# Every vendor's CLI line: "<title> camera at http://host:PORT".
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
def simulator_process(vendor: BenchVendor) -> Iterator[int]:
    """Run ``python -m tests.simulator`` serving `vendor` alone on a free port; its port."""
    command = [
        sys.executable,
        "-m",
        "tests.simulator",
        *vendor.simulator_args,
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


@contextlib.asynccontextmanager
async def vendor_client(
    vendor: BenchVendor, port: int
) -> AsyncIterator[tuple[VendorClient, aiohttp.ClientSession]]:
    """The vendor's client built by the registry on a fresh session, and that session.

    The session gets a cookie jar for IP addresses where the vendor needs one, as the
    integration's session does (Grandstream's cookie sessions). The row's ``prepare``
    has run (what the integration does at setup that decides the fast-status request).
    """
    jar = aiohttp.CookieJar(unsafe=True) if client_class(vendor.vendor).needs_cookie_jar else None
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        config = ConnectionConfig(host="127.0.0.1", port=port, username=USERNAME, password=PASSWORD)
        client = create_client(vendor.vendor, session, config)
        try:
            await vendor.prepare(client)
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


async def measure_poll_cost(
    vendor: BenchVendor, port: int, iterations: int, warmup: int
) -> dict[str, Any]:
    """Time client fast status, transport-only and bare aiohttp GETs, interleaved."""
    async with vendor_client(vendor, port) as (client, session):
        # The first call logs in where the vendor needs a session; the baseline then
        # sends exactly the request the client sends from here on.
        await client.async_fast_status()
        bare_request = vendor.bare_request(client)

        async def bare() -> bytes:
            async with session.get(bare_request.url, headers=bare_request.headers) as response:
                return await response.read()

        async def transport_only() -> Any:
            return await vendor.transport_status(client)

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


def _request_differences(client: RequestLog, bare: RequestLog) -> list[str]:
    """What differs between the client's status request and the baseline's, as received."""
    differences = [
        name
        for name in ("method", "path", "query", "form")
        if getattr(client, name) != getattr(bare, name)
    ]
    names = {name.lower() for name in (*client.headers, *bare.headers)}
    differences += sorted(
        f"header {name}"
        for name in names
        if client.headers.getall(name, []) != bare.headers.getall(name, [])
    )
    return differences


async def measure_requests_per_poll(vendor: BenchVendor, polls: int) -> dict[str, Any]:
    """Requests and new TCP connections the simulator sees for `polls` fast status calls.

    Also sends the bare baseline once and checks the simulator received the same request.
    """
    sim = vendor.make_simulator()
    runner, port = await start_simulator(sim)
    try:
        async with vendor_client(vendor, port) as (client, session):
            await client.async_fast_status()
            first_connections = sim.connections_opened
            first_requests = len(sim.requests)
            sent_before = client.transport.requests_sent
            for _ in range(polls):
                await client.async_fast_status()
            window = sim.requests[first_requests:]
            new_connections = sim.connections_opened - first_connections
            bare_request = vendor.bare_request(client)
            async with session.get(bare_request.url, headers=bare_request.headers) as response:
                await response.read()
            differences = _request_differences(sim.requests[-2], sim.requests[-1])
            split = split_requests(vendor, window)
            return {
                "polls": polls,
                "first_poll_requests": first_requests,
                "first_poll_connections": first_connections,
                "requests_per_poll": len(window) / polls,
                "status_per_poll": split["status"] / polls,
                "transport_requests_per_poll": (client.transport.requests_sent - sent_before)
                / polls,
                "paths": split["paths"],
                "new_connections": new_connections,
                "new_connections_per_100": new_connections * 100 / polls,
                "distinct_remote_ports": len({entry.remote_port for entry in window}),
                "bare_same_request": not differences,
                "bare_differences": differences,
            }
    finally:
        await runner.cleanup()


def run_vendor(
    vendor: BenchVendor, iterations: int = 2000, warmup: int = 200, polls: int = 100
) -> dict[str, Any]:
    """Both client-level benchmarks of one vendor; the timing one against a subprocess."""
    with simulator_process(vendor) as port:
        cost = asyncio.run(measure_poll_cost(vendor, port, iterations, warmup))
    counts = asyncio.run(measure_requests_per_poll(vendor, polls))
    return {"poll_cost": cost, "client_requests": counts}


def run(
    vendors: list[BenchVendor] | None = None,
    iterations: int = 2000,
    warmup: int = 200,
    polls: int = 100,
) -> dict[str, dict[str, Any]]:
    """`run_vendor` for each vendor: keyed by vendor, then section."""
    return {
        vendor.key: run_vendor(vendor, iterations, warmup, polls)
        for vendor in vendors or list(VENDORS)
    }
