"""Probe a camera from a terminal, for users' bug reports.

    python -m custom_components.ipcam_cgi.client probe --host 192.168.1.20 [--port 80]
        [--ssl] [--insecure] [--username admin] [--vendor auto] [--timeout 10] [--debug]

The password comes from the IPCAM_PASSWORD environment variable, else a prompt; never from
the command line (it would end up in the shell history and the process list).
Prints one JSON document: vendor, device, capabilities, one status poll, the settings and the
redacted raw exchanges. Errors print one JSON line {"error": kind, "message": ...} and exit
2 (credentials), 3 (connection), 4 (unsupported device) or 1 (anything else).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import os
import sys
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any, Final, NoReturn

import aiohttp

from .errors import (
    AuthError,
    CameraConnectionError,
    CameraError,
    CameraSslError,
    CameraTimeoutError,
    LockedOutError,
    NotSupportedError,
    UnsupportedDeviceError,
)
from .models import (
    Capabilities,
    ClientOptions,
    ConnectionConfig,
    SettingValue,
    StatusUpdate,
    Vendor,
)
from .registry import create_client, detect
from .transport import REDACTED
from .vendor import VendorClient

PASSWORD_ENV: Final = "IPCAM_PASSWORD"  # noqa: S105 - the variable name, not a password
AUTO: Final = "auto"

# Like the transport: shorter passwords would blank out ordinary text.
MIN_SCRUB_LENGTH: Final = 3

EXIT_ERROR: Final = 1
EXIT_AUTH: Final = 2
EXIT_CONNECTION: Final = 3
EXIT_UNSUPPORTED: Final = 4

# Most specific first: LockedOutError is an AuthError, CameraTimeoutError a connection error.
_ERROR_KINDS: Final[tuple[tuple[type[CameraError], str, int], ...]] = (
    (LockedOutError, "locked_out", EXIT_AUTH),
    (AuthError, "auth", EXIT_AUTH),
    (CameraSslError, "ssl", EXIT_CONNECTION),
    (CameraTimeoutError, "timeout", EXIT_CONNECTION),
    (CameraConnectionError, "connection", EXIT_CONNECTION),
    (UnsupportedDeviceError, "unsupported", EXIT_UNSUPPORTED),
    (NotSupportedError, "unsupported", EXIT_UNSUPPORTED),
)


class UsageError(Exception):
    """The command line is wrong, or no password could be read."""


class ProbeError(Exception):
    """A probe failed: the client's error and what was exchanged before it."""

    def __init__(self, error: CameraError, raw_exchanges: list[dict[str, Any]]) -> None:
        """Keep the cause and the (redacted) exchanges for the error report."""
        super().__init__(str(error))
        self.error = error
        self.raw_exchanges = raw_exchanges


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on bad usage, which would read as "wrong credentials" here."""

    def error(self, message: str) -> NoReturn:
        """Show the usage, then raise instead of exiting (usage errors exit 1)."""
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is no TCP port (1-65535)")
    return port


def _seconds(text: str) -> float:
    seconds = float(text)
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text} is no positive number of seconds")
    return seconds


def build_parser() -> argparse.ArgumentParser:
    """The command line parser."""
    parser = _Parser(
        prog="python -m custom_components.ipcam_cgi.client",
        description="Talk to an IP camera the way the ipcam_cgi integration does.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    probe = commands.add_parser(
        "probe",
        help="identify a camera and print what the integration would see, as JSON",
        description=(
            f"Identify a camera and print what the integration would see, as JSON. "
            f"The password comes from the {PASSWORD_ENV} environment variable, else a prompt."
        ),
    )
    probe.add_argument("--host", required=True, help="camera address (IP or name)")
    probe.add_argument(
        "--port", type=_port, default=None, help="HTTP(S) port (default: 80, or 443 with --ssl)"
    )
    probe.add_argument("--ssl", action="store_true", help="use HTTPS")
    probe.add_argument(
        "--insecure",
        action="store_true",
        help="with --ssl: do not verify the certificate (self-signed cameras)",
    )
    probe.add_argument("--username", default="admin", help="user name (default: admin)")
    probe.add_argument(
        "--vendor",
        choices=[AUTO, *(vendor.value for vendor in Vendor)],
        default=AUTO,
        help="the camera's API (default: auto-detect)",
    )
    probe.add_argument(
        "--timeout",
        type=_seconds,
        default=ClientOptions().request_timeout,
        metavar="SECONDS",
        help="per-request timeout (default: %(default)g)",
    )
    probe.add_argument(
        "--debug", action="store_true", help="log every request (redacted) to stderr"
    )
    return parser


def read_password() -> str:
    """The password from the environment, else a prompt on the terminal."""
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    try:
        return getpass.getpass(f"Password (or set {PASSWORD_ENV}): ")
    except EOFError as err:
        raise UsageError(f"no password: set {PASSWORD_ENV} or run in a terminal") from err


def _capabilities_json(capabilities: Capabilities) -> dict[str, Any]:
    return {
        "features": sorted(capabilities.features),
        "events": sorted(capabilities.events),
        "sensors": sorted(capabilities.sensors),
        "settings": {
            key: {**asdict(spec), "options": list(spec.options)}
            for key, spec in sorted(capabilities.settings.items())
        },
        "buttons": sorted(capabilities.buttons),
        "ptz_presets": list(capabilities.ptz_presets),
        "patrol_modes": list(capabilities.patrol_modes),
        "streams": list(capabilities.streams),
    }


def _status_json(status: StatusUpdate) -> dict[str, Any]:
    return {"events": dict(status.events), "values": dict(status.values)}


def _settings_json(settings: Mapping[str, SettingValue]) -> dict[str, SettingValue]:
    return dict(sorted(settings.items()))


def _scrub(value: Any, secret: str) -> Any:
    """Replace the password wherever it appears, as a last line of defence.

    The transport already redacts what it records; this also covers device answers that
    echo the password in places no redaction rule knows about.
    """
    if len(secret) < MIN_SCRUB_LENGTH:
        return value
    if isinstance(value, str):
        return value.replace(secret, REDACTED)
    if isinstance(value, dict):
        return {_scrub(key, secret): _scrub(item, secret) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item, secret) for item in value]
    return value


async def probe(
    config: ConnectionConfig, vendor_key: str, options: ClientOptions
) -> dict[str, Any]:
    """Detect (unless given), identify and read one camera; the JSON-ready report.

    Raises ProbeError.
    """
    # The CLI talks to one device, usually by IP address: an unsafe jar keeps session cookies
    # that aiohttp's default jar would drop for IP hosts.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        try:
            if vendor_key == AUTO:
                vendor = await detect(session, config, options)
            else:
                vendor = Vendor(vendor_key)
            client = create_client(vendor, session, config, options)
        except CameraError as err:
            raise ProbeError(err, []) from err
        try:
            return await _read(client)
        except CameraError as err:
            raise ProbeError(err, _exchanges_json(client)) from err
        finally:
            await _close(client)


async def _read(client: VendorClient) -> dict[str, Any]:
    device = await client.async_identify()
    capabilities = await client.async_capabilities()
    status = await client.async_fast_status()
    settings = await client.async_read_settings()
    return {
        "vendor": client.vendor.value,
        "device": asdict(device),
        "capabilities": _capabilities_json(capabilities),
        "status": _status_json(status),
        "settings": _settings_json(settings),
        "raw_exchanges": _exchanges_json(client),
    }


def _exchanges_json(client: VendorClient) -> list[dict[str, Any]]:
    return [asdict(exchange) for exchange in client.raw_exchanges]


async def _close(client: VendorClient) -> None:
    try:
        await client.async_close()
    except CameraError as err:
        logging.getLogger(__name__).debug("closing the client failed: %s", err)


def _error_line(kind: str, message: str, secret: str, **extra: Any) -> str:
    return json.dumps(_scrub({"error": kind, "message": message, **extra}, secret))


def _classify(err: CameraError) -> tuple[str, int]:
    for error_type, kind, status in _ERROR_KINDS:
        if isinstance(err, error_type):
            return kind, status
    return "device", EXIT_ERROR


async def async_main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv` (default: sys.argv[1:]); return the exit status."""
    try:
        args = build_parser().parse_args(argv)
        password = read_password()
    except UsageError as err:
        print(_error_line("usage", str(err), ""))
        return EXIT_ERROR
    if args.debug:
        logging.basicConfig(
            level=logging.DEBUG, stream=sys.stderr, format="%(name)s %(levelname)s %(message)s"
        )
    config = ConnectionConfig(
        host=args.host,
        port=args.port,
        ssl=args.ssl,
        verify_ssl=not args.insecure,
        username=args.username,
        password=password,
    )
    options = ClientOptions(request_timeout=args.timeout)
    try:
        report = await probe(config, args.vendor, options)
    except ProbeError as err:
        kind, status = _classify(err.error)
        extra: dict[str, Any] = {}
        if err.raw_exchanges:
            extra["raw_exchanges"] = err.raw_exchanges
        print(_error_line(kind, str(err.error), password, **extra))
        return status
    except Exception as err:  # noqa: BLE001 - a bug report needs a line, not a traceback only
        # The frames help a bug report; the message may quote the password, so it is scrubbed
        # and the traceback is logged without it.
        message = _scrub(f"{type(err).__name__}: {err}", password)
        frames = "".join(traceback.format_tb(err.__traceback__))
        logging.getLogger(__name__).debug("probe failed: %s\n%s", message, frames)
        print(_error_line("internal", f"{type(err).__name__}: {err}", password))
        return EXIT_ERROR
    print(json.dumps(_scrub(report, password), indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Synchronous entry point."""
    try:
        return asyncio.run(async_main(argv))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
