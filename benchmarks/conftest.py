"""Fixtures of the Home Assistant benchmarks: the same shapes as the integration tests.

Every benchmark runs once per vendor in ``IPCAM_BENCH_VENDORS`` (comma-separated vendor
keys; all of them when unset), against that vendor's simulator served on loopback.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestServer

from tests.conftest import auto_enable_custom_integrations
from tests.simulator import SimulatorBase

from .vendors import BenchVendor, selected

__all__ = ["auto_enable_custom_integrations", "bench_vendor", "camera_server", "camera_sim"]


@pytest.fixture(
    params=selected(os.environ.get("IPCAM_BENCH_VENDORS")), ids=lambda vendor: vendor.key
)
def bench_vendor(request: pytest.FixtureRequest) -> BenchVendor:
    """The vendor this run of a benchmark measures."""
    vendor: BenchVendor = request.param
    return vendor


@pytest.fixture
def camera_sim(bench_vendor: BenchVendor) -> SimulatorBase:
    """The vendor's simulated camera (not yet serving)."""
    return bench_vendor.make_simulator()


@pytest.fixture
async def camera_server(
    socket_enabled: None,
    aiohttp_server: Callable[..., Awaitable[TestServer]],
    camera_sim: SimulatorBase,
) -> TestServer:
    """The simulated camera serving on 127.0.0.1."""
    return await aiohttp_server(camera_sim.app)
