"""Specification of `python -m custom_components.ipcam_cgi.client probe`, against the simulator."""

from __future__ import annotations

import getpass
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from custom_components.ipcam_cgi.client import (
    AuthError,
    CameraConnectionError,
    CameraError,
    CameraSslError,
    CameraTimeoutError,
    ClientOptions,
    ConnectionConfig,
    LockedOutError,
    NotSupportedError,
    ParseError,
    UnsupportedDeviceError,
    Vendor,
    registry,
)
from custom_components.ipcam_cgi.client import __main__ as cli
from custom_components.ipcam_cgi.client.vendors.foscam_mjpeg.client import FoscamMjpegClient
from tests.simulator import FoscamMjpegSimulator

from .conftest import Serve

USERNAME = "admin"
PASSWORD = "s3cret-Pa55"
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sim() -> FoscamMjpegSimulator:
    """The simulated camera, with the test account."""
    return FoscamMjpegSimulator(username=USERNAME, password=PASSWORD)


@pytest.fixture
async def sim_port(sim: FoscamMjpegSimulator, serve: Serve) -> int:
    """The port the simulated camera listens on."""
    port = (await serve(sim.app)).port
    assert port is not None
    return port


@pytest.fixture(autouse=True)
def password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The right password in IPCAM_PASSWORD; no test may fall through to a real prompt."""
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)

    def no_prompt(prompt: str = "") -> str:
        raise AssertionError("unexpected password prompt")

    monkeypatch.setattr(getpass, "getpass", no_prompt)


def _argv(port: int, *extra: str) -> list[str]:
    return ["probe", "--host", "127.0.0.1", "--port", str(port), "--username", USERNAME, *extra]


def _error(out: str) -> dict[str, Any]:
    """The one-line JSON error report."""
    lines = out.splitlines()
    assert len(lines) == 1, out
    report: dict[str, Any] = json.loads(lines[0])
    return report


async def test_probe_reports_the_detected_camera(
    sim_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli.async_main(_argv(sim_port)) == 0

    report = json.loads(capsys.readouterr().out)
    assert report["vendor"] == "foscam_mjpeg"
    assert report["device"] == {
        "vendor": "foscam_mjpeg",
        "manufacturer": "Foscam",
        "model": "MJPEG IP camera",
        "name": "Front door",
        "mac": "00:62:6e:4a:3c:d0",
        "serial": "00626E4A3CD0",
        "firmware": "11.37.2.49",
        "hardware": "2.0.10.7",
    }
    capabilities = report["capabilities"]
    assert capabilities["features"] == sorted(capabilities["features"])
    assert {"snapshot", "mjpeg", "ptz_move", "ptz_presets"} <= set(capabilities["features"])
    assert capabilities["events"] == ["input_alarm", "motion", "sound"]
    assert capabilities["buttons"] == ["ptz_center", "reboot"]
    assert capabilities["ptz_presets"] == list(range(1, 17))
    assert capabilities["patrol_modes"] == ["vertical", "horizontal"]
    assert capabilities["streams"] == ["main", "sub"]
    assert capabilities["settings"]["brightness"] == {
        "kind": "number",
        "minimum": 0,
        "maximum": 255,
        "step": 1,
        "options": [],
        "readable": True,
    }
    assert capabilities["settings"]["flip"]["options"] == ["none", "vertical", "horizontal", "both"]
    assert capabilities["settings"]["io_output"]["readable"] is False
    assert report["status"] == {
        "events": {"motion": False, "input_alarm": False, "sound": False},
        "values": {},
    }
    assert report["settings"]["brightness"] == 128
    assert report["settings"]["flip"] == "none"
    assert "io_output" not in report["settings"]
    paths = [exchange["path"] for exchange in report["raw_exchanges"]]
    assert "/get_params.cgi" in paths
    assert set(report["raw_exchanges"][0]) == {"method", "path", "status", "body"}


async def test_probe_status_shows_motion(
    sim: FoscamMjpegSimulator, sim_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.trigger_motion(on=True)

    assert await cli.async_main(_argv(sim_port)) == 0

    assert json.loads(capsys.readouterr().out)["status"]["events"]["motion"] is True


async def test_probe_never_prints_or_logs_the_password(
    sim_port: int, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    assert await cli.async_main(_argv(sim_port, "--debug")) == 0

    captured = capsys.readouterr()
    assert "/get_params.cgi" in caplog.text
    assert PASSWORD not in caplog.text
    assert PASSWORD not in captured.out
    assert PASSWORD not in captured.err
    assert "**REDACTED**" in captured.out


async def test_password_echoed_by_the_device_is_redacted(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    sim = FoscamMjpegSimulator(username=USERNAME, password=PASSWORD, alias=f"cam {PASSWORD}")
    port = (await serve(sim.app)).port
    assert port is not None

    assert await cli.async_main(_argv(port)) == 0

    out = capsys.readouterr().out
    assert PASSWORD not in out
    assert json.loads(out)["device"]["name"] == "cam **REDACTED**"


async def test_explicit_vendor_skips_detection(
    sim: FoscamMjpegSimulator, sim_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli.async_main(_argv(sim_port, "--vendor", "foscam_mjpeg")) == 0

    assert json.loads(capsys.readouterr().out)["vendor"] == "foscam_mjpeg"
    # Detection's fingerprint request is not sent: get_status.cgi is read once by identify
    # and once by the status poll.
    assert [r.path for r in sim.requests].count("/get_status.cgi") == 2


async def test_password_is_prompted_when_the_environment_has_none(
    sim_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return PASSWORD

    monkeypatch.delenv(cli.PASSWORD_ENV)
    monkeypatch.setattr(getpass, "getpass", fake_getpass)

    assert await cli.async_main(_argv(sim_port)) == 0

    assert len(prompts) == 1
    assert json.loads(capsys.readouterr().out)["vendor"] == "foscam_mjpeg"


async def test_no_password_and_no_terminal_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def eof(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.delenv(cli.PASSWORD_ENV)
    monkeypatch.setattr(getpass, "getpass", eof)

    assert await cli.async_main(_argv(80)) == 1

    assert _error(capsys.readouterr().out)["error"] == "usage"


async def test_wrong_password_exits_2(
    sim: FoscamMjpegSimulator,
    sim_port: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong = "wr0ng-Passw0rd"
    monkeypatch.setenv(cli.PASSWORD_ENV, wrong)

    assert await cli.async_main(_argv(sim_port)) == 2

    captured = capsys.readouterr()
    report = _error(captured.out)
    assert report["error"] == "auth"
    assert report["raw_exchanges"][-1]["status"] == 401
    for secret in (wrong, PASSWORD):
        assert secret not in captured.out
        assert secret not in captured.err


async def test_closed_port_exits_3(closed_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli.async_main(_argv(closed_port)) == 3

    report = _error(capsys.readouterr().out)
    assert report["error"] == "connection"
    assert "raw_exchanges" not in report


async def test_device_that_is_no_camera_exits_4(
    serve: Serve, capsys: pytest.CaptureFixture[str]
) -> None:
    app = web.Application()

    async def not_found(request: web.Request) -> web.Response:
        return web.Response(status=404, text="nothing")

    app.router.add_get("/{tail:.*}", not_found)
    port = (await serve(app)).port
    assert port is not None

    assert await cli.async_main(_argv(port)) == 4

    assert _error(capsys.readouterr().out)["error"] == "unsupported"


async def test_vendor_without_a_client_exits_4(
    sim_port: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every vendor key has a client today; a key added before its client must still exit 4.
    monkeypatch.delitem(registry.VENDOR_CLIENTS, Vendor.HANKVISION)

    assert await cli.async_main(_argv(sim_port, "--vendor", "hankvision")) == 4

    assert _error(capsys.readouterr().out)["error"] == "unsupported"


async def test_device_error_exits_1_with_the_exchanges(
    sim: FoscamMjpegSimulator, sim_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.faults.http_status = 500
    sim.faults.paths = frozenset({"/get_camera_params.cgi"})

    assert await cli.async_main(_argv(sim_port)) == 1

    report = _error(capsys.readouterr().out)
    assert report["error"] == "device"
    assert "HTTP 500" in report["message"]
    assert report["raw_exchanges"][-1]["status"] == 500


@pytest.mark.parametrize(
    ("error", "kind", "status"),
    [
        (AuthError("no"), "auth", 2),
        (LockedOutError("locked", retry_after_minutes=5), "locked_out", 2),
        (CameraConnectionError("gone"), "connection", 3),
        (CameraTimeoutError("slow"), "timeout", 3),
        (CameraSslError("tls"), "ssl", 3),
        (UnsupportedDeviceError("what"), "unsupported", 4),
        (NotSupportedError("that"), "unsupported", 4),
        (ParseError("garbage"), "device", 1),
        (CameraError("other"), "device", 1),
    ],
)
async def test_errors_map_to_kind_and_exit_status(
    error: CameraError,
    kind: str,
    status: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async def failing(*args: Any) -> None:
        raise error

    monkeypatch.setattr(cli, "detect", failing)

    assert await cli.async_main(_argv(80)) == status

    assert _error(capsys.readouterr().out) == {"error": kind, "message": str(error)}


async def test_unexpected_exception_exits_1_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def broken(*args: Any) -> None:
        raise RuntimeError(f"bug near {PASSWORD}")

    monkeypatch.setattr(cli, "detect", broken)

    assert await cli.async_main(_argv(80)) == 1

    report = _error(capsys.readouterr().out)
    assert report["error"] == "internal"
    assert report["message"] == "RuntimeError: bug near **REDACTED**"


async def test_failure_to_close_the_client_does_not_fail_the_probe(
    sim_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def close_fails(self: FoscamMjpegClient) -> None:
        raise CameraConnectionError("logout failed")

    monkeypatch.setattr(FoscamMjpegClient, "async_close", close_fails)

    assert await cli.async_main(_argv(sim_port)) == 0

    assert json.loads(capsys.readouterr().out)["vendor"] == "foscam_mjpeg"


async def test_options_reach_the_connection_config(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    async def fake_probe(
        config: ConnectionConfig, vendor_key: str, options: ClientOptions
    ) -> dict[str, Any]:
        seen.update(config=config, vendor=vendor_key, options=options)
        return {}

    monkeypatch.setattr(cli, "probe", fake_probe)
    argv = ["probe", "--host", "cam.local", "--ssl", "--insecure", "--username", "viewer"]

    assert await cli.async_main([*argv, "--timeout", "3.5", "--vendor", "foscam_mjpeg"]) == 0

    assert seen["config"] == ConnectionConfig(
        host="cam.local",
        port=None,
        ssl=True,
        verify_ssl=False,
        username="viewer",
        password=PASSWORD,
    )
    assert seen["config"].effective_port == 443
    assert seen["vendor"] == "foscam_mjpeg"
    assert seen["options"].request_timeout == 3.5


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["probe"],
        ["probe", "--host", "h", "--password", "x"],
        ["probe", "--host", "h", "--vendor", "acme"],
        ["probe", "--host", "h", "--port", "eighty"],
        ["probe", "--host", "h", "--port", "0"],
        ["probe", "--host", "h", "--port", "65536"],
        ["probe", "--host", "h", "--timeout", "0"],
        ["probe", "--host", "h", "--timeout", "nan"],
    ],
)
async def test_usage_errors_exit_1_not_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Exit status 2 means "wrong credentials"; argparse's own usage exit would collide.
    assert await cli.async_main(argv) == 1

    captured = capsys.readouterr()
    assert _error(captured.out)["error"] == "usage"
    assert "usage:" in captured.err


def test_main_runs_the_probe(closed_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(_argv(closed_port)) == 3

    assert _error(capsys.readouterr().out)["error"] == "connection"


def test_ctrl_c_at_the_prompt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.delenv(cli.PASSWORD_ENV)
    monkeypatch.setattr(getpass, "getpass", interrupted)

    assert cli.main(_argv(80)) == 130


def test_runs_as_a_module(closed_port: int) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "custom_components.ipcam_cgi.client", *_argv(closed_port)],
        cwd=REPO_ROOT,
        env={**os.environ, cli.PASSWORD_ENV: PASSWORD},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 3, result.stderr
    assert _error(result.stdout)["error"] == "connection"
