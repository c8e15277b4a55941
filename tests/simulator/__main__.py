"""Run simulated cameras from a terminal until Ctrl-C.

    python -m tests.simulator --foscam-port 8081 [--grandstream-port 8082]
        [--standard-api-port 8083 [--standard-api-mjpeg-port 9083]] [--anjia-port 8084]
        [--hankvision-port 8085]
        [--host 127.0.0.1]
        [--username admin] [--password secret] [--motion-every SECONDS]

Each vendor in :data:`VENDORS` contributes a ``--<key>-port`` option (and may add its
own options, and servers on further ports); a later vendor only needs a new
:class:`Vendor` entry.
"""

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import get_args
from urllib.parse import urlencode

from aiohttp import web

from .anjia import AnjiaAuthMode, AnjiaSimulator
from .auth import AuthMode
from .base import SimulatorBase, start_simulator
from .foscam_mjpeg import FoscamMjpegSimulator
from .grandstream import GrandstreamSimulator, MjpegAuth
from .grandstream_protocol import MODELS as GRANDSTREAM_MODELS
from .hankvision import HankvisionAuthMode, HankvisionSimulator
from .standard_api import StandardApiSimulator

_MOTION_ON_SECONDS = 5.0


ExtraServers = Callable[[SimulatorBase, argparse.Namespace], list[tuple[str, web.Application, int]]]
"""Further ``(label, app, port)`` a vendor serves besides ``sim.app``."""


@dataclass(frozen=True)
class Vendor:
    """How the CLI builds and describes one simulated vendor."""

    key: str
    """Option prefix: ``--<key>-port``."""
    title: str
    add_options: Callable[[argparse.ArgumentParser], None]
    build: Callable[[argparse.Namespace], SimulatorBase]
    describe: Callable[[SimulatorBase, str], list[str]]
    """Lines to print, given the simulator and its base URL."""
    extra_servers: ExtraServers = field(default=lambda _sim, _args: [])
    """Further ``(label, app, port)`` to serve besides ``sim.app`` (port 0 picks one)."""


@dataclass(frozen=True)
class _Served:
    """A further application of a simulator, in the shape start_simulator takes."""

    app: web.Application


def _foscam_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Foscam MJPEG (Netwave)")
    group.add_argument(
        "--foscam-auth",
        choices=get_args(AuthMode),
        default="basic",
        help="HTTP authentication the camera accepts besides user=&pwd= (default: basic)",
    )
    group.add_argument("--foscam-alias", default="Front door", help="camera alias")


def _foscam_build(args: argparse.Namespace) -> SimulatorBase:
    return FoscamMjpegSimulator(
        username=args.username,
        password=args.password,
        alias=args.foscam_alias,
        auth_mode=args.foscam_auth,
    )


def _foscam_describe(sim: SimulatorBase, base_url: str) -> list[str]:
    assert isinstance(sim, FoscamMjpegSimulator)
    credentials = urlencode({"user": sim.username, "pwd": sim.password})
    return [
        f"  auth:     {sim.auth_mode} (user {sim.username!r}, password {sim.password!r})",
        f"  status:   {base_url}/get_status.cgi",
        f"  snapshot: {base_url}/snapshot.cgi?{credentials}",
        f"  stream:   {base_url}/videostream.cgi?{credentials}",
    ]


def _grandstream_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Grandstream GSC36xx")
    group.add_argument(
        "--grandstream-model",
        choices=GRANDSTREAM_MODELS,
        default="GSC3610",
        help="camera model; the GSC3620 adds PTZ zoom (default: GSC3610)",
    )
    group.add_argument(
        "--grandstream-mjpeg-auth",
        choices=get_args(MjpegAuth),
        default="challenge",
        help="MJPEG Authentication Mode of /jpeg/stream (default: challenge)",
    )


def _grandstream_build(args: argparse.Namespace) -> SimulatorBase:
    sim = GrandstreamSimulator(
        username=args.username, password=args.password, model=args.grandstream_model
    )
    sim.mjpeg_auth = args.grandstream_mjpeg_auth
    return sim


def _grandstream_describe(sim: SimulatorBase, base_url: str) -> list[str]:
    assert isinstance(sim, GrandstreamSimulator)
    login = urlencode({"cmd": "login", "user": sim.username, "type": 0})
    return [
        f"  model:    {sim.model} (user {sim.username!r}, password {sim.password!r})",
        f"  login:    {base_url}/goform/login?{login} (challenge/response, then cookies)",
        f"  snapshot: {base_url}/snapshot/view.jpg (after a type=1 login)",
        f"  stream:   {base_url}/jpeg/stream (MJPEG authentication: {sim.mjpeg_auth})",
    ]


def _standard_api_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("IP Camera Standard API")
    group.add_argument(
        "--standard-api-mjpeg-port",
        type=int,
        metavar="PORT",
        help="serve its MJPEG server (spec: port 8008) on PORT "
        "(default: --standard-api-port + 1000)",
    )
    group.add_argument(
        "--standard-api-auth",
        choices=("basic", "digest"),
        default="basic",
        help="HTTP authentication the camera asks for (default: basic)",
    )
    group.add_argument(
        "--standard-api-model",
        default="720WA-N4",
        help="model name; 720.../820... are IP PTZs, others (e.g. W3512-A) "
        "camera-zoom lenses (default: 720WA-N4)",
    )
    group.add_argument(
        "--standard-api-faces", action="store_true", help="add face detection (Event.E14)"
    )


def _standard_api_build(args: argparse.Namespace) -> SimulatorBase:
    return StandardApiSimulator(
        username=args.username,
        password=args.password,
        auth_mode=args.standard_api_auth,
        model=args.standard_api_model,
        faces=args.standard_api_faces,
    )


def _standard_api_describe(sim: SimulatorBase, base_url: str) -> list[str]:
    assert isinstance(sim, StandardApiSimulator)
    return [
        f"  model:    {sim.model}, {sim.auth_mode} auth "
        f"(user {sim.username!r}, password {sim.password!r})",
        f"  params:   {base_url}/cgi-bin/admin/param.cgi?action=list",
        f"  events:   {base_url}/cgi-bin/admin/eventdata.cgi?action=monitor",
        f"  snapshot: {base_url}/cgi-bin/jpg/image.cgi",
    ]


def _standard_api_servers(
    sim: SimulatorBase, args: argparse.Namespace
) -> list[tuple[str, web.Application, int]]:
    assert isinstance(sim, StandardApiSimulator)
    port = args.standard_api_mjpeg_port
    if port is None:
        main_port = args.standard_api_port
        port = main_port + 1000 if 0 < main_port <= 65535 - 1000 else 0
    return [("mjpeg", sim.mjpeg_app, port)]


def _anjia_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Anjia CGI Network Camera")
    group.add_argument(
        "--anjia-auth",
        choices=get_args(AnjiaAuthMode),
        default="none",
        help="HTTP authentication wanted besides the uid (default: none)",
    )
    group.add_argument(
        "--anjia-ptz",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="report (and obey) PTZ control (default: on)",
    )
    group.add_argument(
        "--anjia-uid-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="idle lifetime of a session uid (default: 60)",
    )


def _anjia_build(args: argparse.Namespace) -> SimulatorBase:
    return AnjiaSimulator(
        username=args.username,
        password=args.password,
        auth_mode=args.anjia_auth,
        ptz=args.anjia_ptz,
        uid_idle_timeout=args.anjia_uid_timeout,
    )


def _anjia_describe(sim: SimulatorBase, base_url: str) -> list[str]:
    assert isinstance(sim, AnjiaSimulator)
    login = urlencode({"username": sim.username, "password": sim.password})
    return [
        f"  model:    {sim.model}, auth {sim.auth_mode}, ptz {'on' if sim.has_ptz else 'off'} "
        f"(user {sim.username!r}, password {sim.password!r})",
        f"  login:    {base_url}/cgi-bin/getuid?{login} "
        f"(uid lapses after {sim.uid_idle_timeout:g} s idle)",
        f"  info:     {base_url}/cgi-bin/getinfo?uid=<uid>",
        f"  snapshot: {base_url}/cgi-bin/snapshot.cgi?stream=1&{login}",
    ]


def _hankvision_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Hankvision /cgi/ video server")
    group.add_argument(
        "--hankvision-auth",
        choices=get_args(HankvisionAuthMode),
        default="basic",
        help="HTTP authentication the server asks for (default: basic)",
    )
    group.add_argument(
        "--hankvision-ptz",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="answer (and obey) the ptz classes; off: they answer 501 (default: on)",
    )
    group.add_argument(
        "--hankvision-result-without-code",
        action="store_true",
        help="omit the code attribute of <result>, as some firmware does",
    )


def _hankvision_build(args: argparse.Namespace) -> SimulatorBase:
    return HankvisionSimulator(
        username=args.username,
        password=args.password,
        auth_mode=args.hankvision_auth,
        ptz=args.hankvision_ptz,
        result_without_code=args.hankvision_result_without_code,
    )


def _hankvision_describe(sim: SimulatorBase, base_url: str) -> list[str]:
    assert isinstance(sim, HankvisionSimulator)
    codes = "without codes" if sim.result_without_code else "with codes"
    return [
        f"  model:    {sim.model}, {sim.auth_mode} auth, ptz {'on' if sim.has_ptz else 'off'} "
        f"(user {sim.username!r}, password {sim.password!r})",
        f"  info:     {base_url}/cgi/sys_get?Group=DeviceInfo (results {codes})",
        f"  query:    {base_url}/cgi/image_query?Group=All",
        f"  snapshot: {base_url}/jpgimage/1/image.jpg",
        f"  stream:   {base_url}/mjpgstreamreq/1/image.jpg",
    ]


VENDORS: tuple[Vendor, ...] = (
    Vendor(
        key="foscam",
        title="Foscam MJPEG (Netwave)",
        add_options=_foscam_options,
        build=_foscam_build,
        describe=_foscam_describe,
    ),
    Vendor(
        key="grandstream",
        title="Grandstream GSC36xx",
        add_options=_grandstream_options,
        build=_grandstream_build,
        describe=_grandstream_describe,
    ),
    Vendor(
        key="standard-api",
        title="IP Camera Standard API",
        add_options=_standard_api_options,
        build=_standard_api_build,
        describe=_standard_api_describe,
        extra_servers=_standard_api_servers,
    ),
    Vendor(
        key="anjia",
        title="Anjia CGI",
        add_options=_anjia_options,
        build=_anjia_build,
        describe=_anjia_describe,
    ),
    Vendor(
        key="hankvision",
        title="Hankvision /cgi/",
        add_options=_hankvision_options,
        build=_hankvision_build,
        describe=_hankvision_describe,
    ),
)


def _port_dest(vendor: Vendor) -> str:
    return f"{vendor.key.replace('-', '_')}_port"


def build_parser() -> argparse.ArgumentParser:
    """Build the command line parser, with one ``--<vendor>-port`` per vendor."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulator", description="Serve simulated IP cameras."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument("--username", default="admin", help="camera user name")
    parser.add_argument("--password", default="secret", help="camera password")
    parser.add_argument(
        "--motion-every",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help=f"switch motion on for {_MOTION_ON_SECONDS:g} s every SECONDS (0 disables)",
    )
    for vendor in VENDORS:
        parser.add_argument(
            f"--{vendor.key}-port",
            dest=_port_dest(vendor),
            type=int,
            metavar="PORT",
            help=f"serve a {vendor.title} camera on PORT",
        )
    for vendor in VENDORS:
        vendor.add_options(parser)
    return parser


async def _cycle_motion(sims: Sequence[SimulatorBase], every: float) -> None:
    on_seconds = min(_MOTION_ON_SECONDS, every / 2)
    while True:
        await asyncio.sleep(every - on_seconds)
        for sim in sims:
            sim.trigger_motion(on=True)
        print("motion: on", flush=True)
        await asyncio.sleep(on_seconds)
        for sim in sims:
            sim.trigger_motion(on=False)
        print("motion: off", flush=True)


async def run(args: argparse.Namespace) -> None:
    """Start the requested simulators and serve until interrupted."""
    runners: list[web.AppRunner] = []
    sims: list[SimulatorBase] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not available on every platform; Ctrl-C then arrives as KeyboardInterrupt.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    motion: asyncio.Task[None] | None = None
    try:
        for vendor in VENDORS:
            port = getattr(args, _port_dest(vendor))
            if port is None:
                continue
            sim = vendor.build(args)
            runner, bound = await start_simulator(sim, args.host, port)
            runners.append(runner)
            sims.append(sim)
            base_url = f"http://{args.host}:{bound}"
            print(f"{vendor.title} camera at {base_url}")
            for line in vendor.describe(sim, base_url):
                print(line)
            for label, app, extra_port in vendor.extra_servers(sim, args):
                extra_runner, extra_bound = await start_simulator(
                    _Served(app), args.host, extra_port
                )
                runners.append(extra_runner)
                print(f"  {label + ':':<9} http://{args.host}:{extra_bound}/")
        if args.motion_every > 0:
            motion = asyncio.create_task(_cycle_motion(sims, args.motion_every))
            print(
                f"motion switches on for {min(_MOTION_ON_SECONDS, args.motion_every / 2):g} s "
                f"every {args.motion_every:g} s"
            )
        print("Ctrl-C to stop.", flush=True)
        await stop.wait()
    finally:
        if motion is not None:
            motion.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await motion
        for runner in runners:
            await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and serve until Ctrl-C; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not any(getattr(args, _port_dest(vendor)) is not None for vendor in VENDORS):
        options = ", ".join(f"--{vendor.key}-port" for vendor in VENDORS)
        parser.error(f"give at least one of {options}")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(args))
    print("stopped.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
