"""Simulated IP cameras for tests, benchmarks and local development.

``python -m tests.simulator --foscam-port 8081`` serves them from a terminal; tests use
``aiohttp_server(sim.app)`` or :func:`start_simulator`.
"""

from .anjia import AnjiaSimulator
from .auth import AuthMode, CameraAuth
from .base import RequestLog, SimulatorBase, start_simulator
from .faults import Faults, fault_middleware
from .foscam_mjpeg import FoscamMjpegSimulator, render_var_lines
from .frames import RESOLUTION_SIZES, frame_for_resolution, jpeg_frame
from .grandstream import GrandstreamSimulator, LoginAttempt
from .hankvision import HankvisionSimulator
from .standard_api import StandardApiSimulator

__all__ = [
    "RESOLUTION_SIZES",
    "AnjiaSimulator",
    "AuthMode",
    "CameraAuth",
    "Faults",
    "FoscamMjpegSimulator",
    "GrandstreamSimulator",
    "HankvisionSimulator",
    "LoginAttempt",
    "RequestLog",
    "SimulatorBase",
    "StandardApiSimulator",
    "fault_middleware",
    "frame_for_resolution",
    "jpeg_frame",
    "render_var_lines",
    "start_simulator",
]
