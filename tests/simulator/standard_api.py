"""Simulated camera speaking the "IP Camera Standard API" (Rev 5.0.0, 2017-Jan-19).

The spec lives in /work/shared/specs/ip-camera-standard-api.txt; the quirks of real
devices are in the "IP Camera Standard API" notes of /work/shared/specs/README.md.
Served here: param.cgi (5.1.1), restart.cgi (5.1.11), jpg/image.cgi (5.2.1), ptz.cgi and
ptzconfig.cgi (5.3.1), io/input.cgi and io/output.cgi (5.4.1), eventdata.cgi get and
monitor (5.4.2) and, on a second application (``mjpeg_app``, port 8008 on a real
device), the MJPEG-over-HTTP stream of 5.5.2. The device state and the PTZ head are in
``standard_api_state``. Where the spec is silent the choice made here says so.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Final

from aiohttp import hdrs, web

from .auth import AuthMode, CameraAuth
from .base import SimulatorBase, _connect
from .faults import drop_connection, fault_middleware, sleep_unless_stopping
from .frames import jpeg_frame
from .standard_api_state import (
    DEFAULT_TRIGGERED_LEVEL,
    MAX_IO,
    MOTION_WINDOWS,
    Action,
    EventQuery,
    MotionWindow,
    PtzHead,
    default_params,
    in_group,
    is_ptz_model,
    parse_int,
    render_eventdata,
    strip_root,
    valid_param_value,
)

REALM: Final = "IP Camera"
MONITOR_BOUNDARY: Final = "ipcamevent"
"""eventdata.cgi?action=monitor: ``boundary=ipcamevent``, parts start ``--ipcamevent``.
The spec only writes ``<boundary>``."""
MJPEG_BOUNDARY: Final = "ipcamframe"
"""The MJPEG server (5.5.2); the spec does not name its boundary either."""
OK: Final = "OK\r\n"

# CameraAuth's query credentials (user=&pwd=) are no command parameters.
_AUTH_PARAMS: Final = frozenset({"user", "pwd"})
# Snapshots in 720p and the stream in 360p keep the JPEG encoding cheap; frames are
# cached per tenth of a second whatever the number of clients.
_SNAPSHOT_SIZE: Final = (1280, 720)
_MJPEG_SIZE: Final = (640, 360)
_MJPEG_INTERVAL: Final = 0.2


def _text(body: str, status: int = HTTPStatus.OK) -> web.Response:
    # Latin-1 on the wire and no charset declared, as the firmware does.
    return web.Response(
        status=status, body=body.encode("latin-1", "replace"), content_type="text/plain"
    )


def _bad_request() -> web.Response:
    return _text("400 Bad Request\r\n", HTTPStatus.BAD_REQUEST)


def _stream_response(boundary: str) -> web.StreamResponse:
    response = web.StreamResponse(
        status=HTTPStatus.OK,
        headers={
            hdrs.CONTENT_TYPE: f"multipart/x-mixed-replace;boundary={boundary}",
            hdrs.CONNECTION: "close",
        },
    )
    response.force_close()
    # HTTP/1.0 style (section 2): the body ends when the connection closes, never
    # chunked; aiohttp would chunk an HTTP/1.1 answer of unknown length otherwise.
    response._length_check = False
    return response


def _part(boundary: str, content_type: str, body: bytes) -> bytes:
    head = f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body + b"\r\n"


@dataclass(eq=False, slots=True)
class _Monitor:
    """One open eventdata.cgi?action=monitor stream."""

    query: EventQuery
    parts: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    """Bodies to send, rendered when the state changed; None ends the stream."""


class StandardApiSimulator(SimulatorBase, PtzHead):
    """An "IP Camera Standard API" camera (a Full HD IP PTZ by default) over aiohttp.

    ``model`` picks the PTZ flavour: names starting 720/820 are (Full HD / UHD) IP PTZs
    with pan, tilt, move and patrols; any other name (e.g. ``W3512-A``) is a camera-zoom
    lens with zoom, focus, autofocus and presets only. ``iris`` adds a motorised iris
    (continuousirismove; the attribute ``iris`` then holds its movement). ``ptz=False``
    removes ptz.cgi and ptzconfig.cgi. ``faces`` adds the Face group (Event.E14),
    ``tamper`` the T0 group (Event.E2); ``inputs``/``outputs`` are 0..8 digital I/Os.

    ``params`` is the parameter tree of param.cgi (names without ``root.``) and the
    source of every setting eventdata.cgi reports. Live event state is in ``motion``,
    ``inputs_active``, ``outputs_active``, ``tamper_triggered`` and ``face_count``; change
    it with the ``set_*`` methods so open monitor streams get a part at once. Every call
    of a ``set_*`` method sends one part, even when nothing changed.
    """

    server_header = "IPCAM Web Server"

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "admin",
        auth_mode: AuthMode = "basic",
        model: str = "720WA-N4",
        ptz: bool = True,
        iris: bool = False,
        faces: bool = False,
        inputs: int = 2,
        outputs: int = 1,
        inputs_enabled: frozenset[int] = frozenset({1}),
        motion_windows_enabled: frozenset[int] = frozenset({0}),
        tamper: bool = True,
        monitor_period: float = 1.0,
    ) -> None:
        SimulatorBase.__init__(self)
        PtzHead.__init__(self, pan_tilt=is_ptz_model(model), iris=iris)
        for name, count in (("inputs", inputs), ("outputs", outputs)):
            if not 0 <= count <= MAX_IO:
                raise ValueError(f"{name} must be 0..{MAX_IO}, got {count}")
        # Numbers past ``inputs`` are ignored, so inputs=0 needs no inputs_enabled=frozenset().
        if not inputs_enabled <= frozenset(range(1, MAX_IO + 1)):
            raise ValueError(f"inputs_enabled {sorted(inputs_enabled)} not in 1..{MAX_IO}")
        if not motion_windows_enabled <= frozenset(MOTION_WINDOWS):
            raise ValueError(f"motion_windows_enabled {sorted(motion_windows_enabled)} not 0..3")
        self.username = username
        self.password = password
        self.auth_mode: AuthMode = auth_mode
        self.model = model
        self.has_ptz = ptz
        self.monitor_period = monitor_period
        self.params = default_params(
            model=model,
            inputs=inputs,
            outputs=outputs,
            inputs_enabled=inputs_enabled,
            motion_windows_enabled=motion_windows_enabled,
            tamper=tamper,
            faces=faces,
        )
        self.motion: dict[int, MotionWindow] = {window: MotionWindow() for window in MOTION_WINDOWS}
        self.inputs_active: dict[int, bool] = dict.fromkeys(range(1, inputs + 1), False)
        self.outputs_active: dict[int, bool] = dict.fromkeys(range(1, outputs + 1), False)
        self.tamper_triggered = False
        self.face_count = 0
        self.restarts = 0
        self.monitor_connections = 0
        """Monitor streams open right now."""
        self.monitor_opened = 0
        """Monitor streams opened in total."""
        self.stall_monitor = False
        """Fault: a monitor stream sends its headers and one part, then nothing, never
        closing (until the client goes away or the simulator stops)."""
        self.close_monitor_after: int | None = None
        """Fault: a monitor stream closes the connection after this many parts."""
        self.monitor_unsupported = False
        """Fault: firmware without ``action=monitor`` answers it with an ``# Error:`` line."""
        self.refuse_updates = False
        """Fault: every param.cgi action=update answers its ``# Error:`` line (HTTP 200)
        for the first pair and changes nothing, as firmware does for a locked setting."""
        self._monitors: set[_Monitor] = set()
        self._boots = 0
        self._auth = CameraAuth(
            realm=REALM,
            get_mode=lambda: self.auth_mode,
            get_credentials=lambda: (self.username, self.password),
        )
        _connect(self.app.on_shutdown, self._end_monitors_on_shutdown)
        handlers: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]] = {
            "/cgi-bin/admin/param.cgi": self._param,
            "/cgi-bin/admin/eventdata.cgi": self._eventdata,
            "/cgi-bin/admin/restart.cgi": self._restart,
            "/cgi-bin/jpg/image.cgi": self._snapshot,
            "/cgi-bin/io/input.cgi": self._input,
            "/cgi-bin/io/output.cgi": self._output,
        }
        if ptz:
            # Without a PTZ unit these CGIs do not exist: 404, without asking for credentials.
            handlers |= {
                "/cgi-bin/com/ptz.cgi": self._ptz,
                "/cgi-bin/com/ptzconfig.cgi": self._ptzconfig,
            }
        for path, handler in handlers.items():
            # Section 4.0 of the history: "Remove Method: POST"; every CGI is GET only.
            # No HEAD either, so a HEAD cannot open an endless stream without a body.
            self.app.router.add_get(path, handler, allow_head=False)

        # 5.5.2: the MJPEG server listens on its own port (8008), so it is a second app.
        self._mjpeg_stopping = asyncio.Event()
        self.mjpeg_app = web.Application(
            middlewares=[
                self._record_middleware,
                fault_middleware(lambda: self.faults, self._mjpeg_stopping),
            ]
        )
        self.mjpeg_app.router.add_get("/", self._mjpeg, allow_head=False)
        _connect(self.mjpeg_app.on_startup, self._mjpeg_startup)
        _connect(self.mjpeg_app.on_shutdown, self._mjpeg_shutdown)
        _connect(self.mjpeg_app.on_response_prepare, self._on_response_prepare)

    # -- state a test changes ----------------------------------------------------------

    def set_motion(self, triggered: bool, window: int = 0, level: int | None = None) -> None:
        """Trigger (or clear) motion window ``window`` (0 = Motion/E1, 1..3 = Motion1..3).

        ``level`` is the Level reported while triggered (0..100); 0 when not triggered.
        """
        if window not in MOTION_WINDOWS:
            raise ValueError(f"motion window must be 0..3, got {window}")
        if level is not None and not 0 <= level <= 100:
            raise ValueError(f"level must be 0..100, got {level}")
        if triggered:
            self.motion[window] = MotionWindow(
                True, DEFAULT_TRIGGERED_LEVEL if level is None else level
            )
        else:
            self.motion[window] = MotionWindow()
        self._emit()

    def trigger_motion(self, on: bool = True) -> None:
        """Start (or end) motion in the main window (Motion, Event.E1)."""
        self.set_motion(on, 0)

    def set_input(self, number: int, active: bool) -> None:
        """Make digital input ``number`` (1-based) active or inactive."""
        if number not in self.inputs_active:
            raise ValueError(f"no input {number} (inputs 1..{len(self.inputs_active)})")
        self.inputs_active[number] = active
        self._emit()

    def set_tamper(self, triggered: bool) -> None:
        """Trigger (or clear) the tampering alarm (T0)."""
        self.tamper_triggered = triggered
        self._emit()

    def set_faces(self, count: int) -> None:
        """Report ``count`` faces on the first H.264 stream."""
        if count < 0:
            raise ValueError(f"face count must be >= 0, got {count}")
        self.face_count = count
        self._emit()

    def eventdata(self, query: EventQuery | None = None) -> str:
        """The eventdata.cgi?action=get body for ``query`` (all groups by default)."""
        return render_eventdata(self, query or EventQuery(groups=None))

    def _emit(self) -> None:
        """Queue a part, rendered now, on every open monitor stream."""
        for monitor in self._monitors:
            monitor.parts.put_nowait(self.eventdata(monitor.query))

    def close_monitors(self) -> None:
        """Drop the connection of every open monitor stream (a network glitch, say)."""
        for monitor in self._monitors:
            monitor.parts.put_nowait(None)

    async def _end_monitors_on_shutdown(self, _app: web.Application) -> None:
        self.close_monitors()

    # -- param.cgi (5.1.1) ---------------------------------------------------------------

    async def _param(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        action = params.get("action", "")
        if action == "list":
            groups = [
                part.strip()
                for value in request.query.getall("group", [])
                for part in value.split(",")
                if part.strip()
            ]
            return _text(self._list_params(groups))
        if action == "update":
            updates = {name: value for name, value in params.items() if name not in _AUTH_PARAMS}
            updates.pop("action", None)
            return _text(self._update_params(updates))
        if action == "options":
            # 5.1.1.2 gives no answer format; an empty list of options is a valid answer.
            return _text("")
        # Spec silent on other actions (add/remove are for GuardTour groups, not modelled).
        return _text(f"# Error: Unsupported action '{action}'\r\n")

    def _list_params(self, groups: Sequence[str]) -> str:
        if not groups:
            return "".join(f"root.{name}={value}\r\n" for name, value in self.params.items())
        lines: list[str] = []
        listed: set[str] = set()
        for group in groups:
            matching = [name for name in self.params if in_group(name, strip_root(group))]
            if not matching:
                lines.append(f"# Error: Error -1 getting param in group '{group}'\r\n")
            for name in matching:
                if name not in listed:
                    listed.add(name)
                    lines.append(f"root.{name}={self.params[name]}\r\n")
        return "".join(lines)

    def _update_params(self, updates: Mapping[str, str]) -> str:
        changes: dict[str, str] = {}
        for given, value in updates.items():
            name = strip_root(given)
            if self.refuse_updates or name not in self.params or not valid_param_value(name, value):
                # All or nothing: one bad pair and no parameter changes.
                return f"# Error: Error setting '{given}' to '{value}'!\r\n"
            changes[name] = value
        self.params.update(changes)
        if changes:
            self._emit()
        return OK

    # -- eventdata.cgi (5.4.2) -------------------------------------------------------------

    async def _eventdata(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        if "group" in request.query:
            # group=Motion&group=IO works like group=Motion,IO (as param.cgi's group does).
            params["group"] = ",".join(request.query.getall("group"))
        query = EventQuery.from_params(params)
        action = params.get("action")
        if action == "get":
            return _text(self.eventdata(query))
        if action == "monitor" and self.monitor_unsupported:
            return _text("# Error: Unsupported action 'monitor'\r\n")
        if action == "monitor":
            return await self._monitor(request, query)
        # Spec silent on a missing or unknown action: a bad request.
        return _bad_request()

    async def _monitor(self, request: web.Request, query: EventQuery) -> web.StreamResponse:
        response = _stream_response(MONITOR_BOUNDARY)
        await response.prepare(request)
        monitor = _Monitor(query)
        self._monitors.add(monitor)
        self.monitor_connections += 1
        self.monitor_opened += 1
        boots = self._boots
        cut_mid_part = self.faults.reset_mid_body and self.faults.applies_to(request.path)
        body: str | None = self.eventdata(query)
        parts_sent = 0
        try:
            while body is not None and not self.stopping.is_set() and boots == self._boots:
                limit = self.close_monitor_after
                if limit is not None and parts_sent >= limit:
                    break
                part = _part(MONITOR_BOUNDARY, "text/plain", body.encode("latin-1", "replace"))
                if cut_mid_part and parts_sent == 1:
                    await response.write(part[: len(part) // 2])
                    drop_connection(request)
                    break
                await response.write(part)
                await request.writer.drain()
                parts_sent += 1
                if self.stall_monitor:
                    # Nothing more is ever sent; only close_monitors(), a reboot or the
                    # shutdown ends it.
                    while (body := await monitor.parts.get()) is not None:
                        pass
                    break
                try:
                    body = await asyncio.wait_for(monitor.parts.get(), self.monitor_period)
                except TimeoutError:
                    body = self.eventdata(query)  # the heartbeat: nothing changed
            if body is None or boots != self._boots:
                # close_monitors() or a reboot: the connection goes down mid-stream.
                drop_connection(request)
        except ConnectionError:
            pass  # the client went away: the stream simply ends
        finally:
            self._monitors.discard(monitor)
            self.monitor_connections -= 1
        return response

    # -- restart.cgi (5.1.11), image.cgi (5.2.1) -------------------------------------------

    async def _restart(self, request: web.Request) -> web.StreamResponse:
        await self.require_auth(request, self._auth)
        self.restarts += 1
        self._boots += 1
        # Settings and the world outside (motion, inputs) survive a reboot; motion of
        # the head does not.
        self.stop_ptz()
        self.close_monitors()
        self.faults.go_offline_for(self.faults.reboot_downtime)
        response = _text(OK)
        # The device goes down right after answering, taking the connection with it.
        response.force_close()
        return response

    async def _snapshot(self, request: web.Request) -> web.StreamResponse:
        await self.require_auth(request, self._auth)
        width, height = _SNAPSHOT_SIZE
        return web.Response(
            status=HTTPStatus.OK,
            body=jpeg_frame(width, height, self.model),
            content_type="image/jpeg",
        )

    # -- io/input.cgi, io/output.cgi (5.4.1) -----------------------------------------------

    @staticmethod
    def _ids(value: str, known: Collection[int]) -> list[int] | None:
        ids = [parse_int(part.strip()) for part in value.split(",")]
        if not ids or any(number is None or number not in known for number in ids):
            return None
        return [number for number in ids if number is not None]

    def _check(
        self, params: Mapping[str, str], kind: str, states: dict[int, bool]
    ) -> web.Response | None:
        """Answer ``check=`` / ``checkactive=`` for inputs or outputs (None: neither given)."""
        lines: list[str] = []
        for key, word in (("check", False), ("checkactive", True)):
            if key not in params:
                continue
            ids = self._ids(params[key], states)
            if ids is None:
                return _bad_request()
            for number in ids:
                active = states[number]
                value = ("active" if active else "inactive") if word else str(int(active))
                lines.append(f"{kind}{number}={value}\r\n")
        return _text("".join(lines)) if lines else None

    async def _input(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        answer = self._check(params, "Input", self.inputs_active)
        # Not "or": a response is a (here empty) mapping, so it is falsy.
        return _bad_request() if answer is None else answer

    async def _output(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        if "action" in params:
            # "<id>:<a>", id omitted = output 1 ("1:/", ":/" or "/"); "/" active, "\" inactive.
            target, colon, act = params["action"].partition(":")
            if not colon:
                target, act = "", target
            number = parse_int(target) if target else 1
            if number is None or number not in self.outputs_active or act not in ("/", "\\"):
                return _bad_request()
            self.outputs_active[number] = act == "/"
            self._emit()
            return _text(OK)
        answer = self._check(params, "Output", self.outputs_active)
        return _bad_request() if answer is None else answer

    # -- ptz.cgi, ptzconfig.cgi (5.3.1) ------------------------------------------------------

    @staticmethod
    def _validated(
        commands: Mapping[str, str], parsers: Mapping[str, Callable[[str], Action | None]]
    ) -> list[Action] | None:
        """Validate every command before any runs (None: a 400), so a bad one changes nothing."""
        actions: list[Action] = []
        for name, value in commands.items():
            parser = parsers.get(name)
            action = parser(value) if parser is not None else None
            if action is None:
                return None
            actions.append(action)
        return actions

    async def _ptz(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        commands = {name: value for name, value in params.items() if name not in _AUTH_PARAMS}
        info = commands.pop("info", None)
        query = commands.pop("query", None)
        if (info, query) == (None, None) and not commands:
            return _bad_request()
        if info not in (None, "1") or query not in (None, "position"):
            return _bad_request()
        actions = self._validated(commands, self.ptz_parsers())
        if actions is None:
            return _bad_request()
        for action in actions:
            action()
        # Commands run first, so "query=position" with a move reports the new position.
        if query is not None:
            return _text(self.ptz_query_position())
        if info is not None:
            return _text(self.ptz_info())
        return _text(OK)

    async def _ptzconfig(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        commands = {name: value for name, value in params.items() if name not in _AUTH_PARAMS}
        actions = self._validated(commands, self.ptzconfig_parsers())
        if not actions:
            return _bad_request()
        for action in actions:
            action()
        return _text(OK)

    # -- the MJPEG server (5.5.2) -------------------------------------------------------------

    async def _mjpeg_startup(self, _app: web.Application) -> None:
        self._mjpeg_stopping.clear()

    async def _mjpeg_shutdown(self, _app: web.Application) -> None:
        self._mjpeg_stopping.set()

    async def _mjpeg(self, request: web.Request) -> web.StreamResponse:
        await self.require_auth(request, self._auth)
        cut_mid_part = self.faults.reset_mid_body and self.faults.applies_to(request.path)
        response = _stream_response(MJPEG_BOUNDARY)
        await response.prepare(request)
        width, height = _MJPEG_SIZE
        boots = self._boots
        next_due = time.monotonic()
        parts_sent = 0
        try:
            while not (self.stopping.is_set() or self._mjpeg_stopping.is_set()):
                if boots != self._boots:
                    drop_connection(request)  # a reboot takes the stream down too
                    break
                part = _part(MJPEG_BOUNDARY, "image/jpeg", jpeg_frame(width, height, self.model))
                if cut_mid_part and parts_sent == 1:
                    await response.write(part[: len(part) // 2])
                    drop_connection(request)
                    break
                await response.write(part)
                parts_sent += 1
                # A slow client makes us fall behind: resume the pace instead of bursting.
                next_due = max(next_due + _MJPEG_INTERVAL, time.monotonic())
                delay = next_due - time.monotonic()
                if not await sleep_unless_stopping(delay, self._mjpeg_stopping):
                    break
        except ConnectionError:
            pass  # the client went away: the stream simply ends
        return response
