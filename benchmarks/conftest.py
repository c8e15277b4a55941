"""Fixtures of the Home Assistant benchmarks: the same shapes as the integration tests."""

from __future__ import annotations

from tests.conftest import auto_enable_custom_integrations, foscam_server, foscam_sim

__all__ = ["auto_enable_custom_integrations", "foscam_server", "foscam_sim"]
