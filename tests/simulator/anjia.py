"""Simulated Anjia Weishi OEM "CGI Network Camera", per its CGI spec VER. 1.0.10.

The spec lives in /work/shared/specs/anjia-cgi-network-camera.txt; the quirks of real
devices are in the "Anjia CGI" notes of /work/shared/specs/README.md. Section numbers in
the comments are the spec's. Every CGI but getuid and snapshot.cgi takes the session
``uid`` that getuid hands out (3.1.1); it lapses ``uid_idle_timeout`` seconds after its
last successful use. Answers are XML (attribute style, e.g. ``<image brightness="128"
.../>``) and faults the ``<fault>`` of 2.3 with HTTP 400. The device state, the parameter
rules and the XML shapes are in ``anjia_state``. Where the spec is silent or ambiguous
the choice made here says so.
"""

from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus
from typing import Final, Literal

from aiohttp import web

from .anjia_state import (
    IMAGE_RULES,
    LED_MODES,
    LED_RULES,
    MOTION_RULES,
    NETWORK_RULES,
    OSD_RULES,
    Rule,
    UidTable,
    apply,
    default_image,
    default_led,
    default_motion,
    default_network,
    default_osd,
    first_fault,
    osd_position_fault,
    parse_int,
    xml_attrs,
    xml_fault,
    xml_text,
)
from .auth import CameraAuth
from .base import SimulatorBase
from .frames import jpeg_frame

AnjiaAuthMode = Literal["none", "basic", "digest"]
"""``none``: the uid alone; ``basic``/``digest``: every request also needs that header."""

# The spec names no realm; CameraAuth needs one for both schemes.
REALM: Final = "IP Camera"

# 3.1.1: "User id timeout for 60 seconds"; 3.7.10: "default effective time ... 60 seconds".
DEFAULT_UID_LIFETIME: Final = 60.0

# 3.7.5: stream 0 is the sub stream, 1 the main stream; sizes from 3.5.1's 1080P (main)
# and VGA (sub) resolutions.
SNAPSHOT_SIZES: Final[dict[int, tuple[int, int]]] = {0: (640, 480), 1: (1920, 1080)}
# 3.7.5: upload 0 SD card, 1 FTP, 2 e-mail, 3 NFS.
UPLOAD_TARGETS: Final = ("sd", "ftp", "email", "nfs")

# 3.7.1: move_x/move_y/zoom/focus/iris take -1, 0 or 1.
PTZ_AXES: Final = ("move_x", "move_y", "zoom", "focus", "iris")
PTZ_PRESET_ACTIONS: Final = ("call_preset", "add_preset", "delete_preset")
# The spec gives no preset range; 1-255 is the common Pelco-style range (a choice).
PTZ_PRESETS: Final = range(1, 256)
PTZ_SPEEDS: Final = range(1, 11)

_Handler = Callable[[web.Request, dict[str, str]], Awaitable[web.Response]]


def _xml(body: str, status: int = HTTPStatus.OK) -> web.Response:
    # The spec names no content type; its answers declare UTF-8 XML.
    return web.Response(status=status, text=body, content_type="text/xml", charset="utf-8")


def _fault(path: str, reason: str) -> web.Response:
    return _xml(xml_fault(path, reason), HTTPStatus.BAD_REQUEST)


class AnjiaSimulator(SimulatorBase):
    """An Anjia Weishi OEM CGI network camera over aiohttp.

    ``auth_mode`` is what the firmware asks for besides the uid: ``none`` (the uid
    alone), or a ``basic`` / ``digest`` Authorization header on every request, getuid
    included. ``ptz`` is the capability reported by getcapabilities; without it
    ptz_ctrl answers a fault. ``uid_idle_timeout`` is the lifetime of a new uid.

    Settings a test can read or change (values are strings, as on the wire):
    ``network``, ``image``, ``motion``, ``osd``, ``led``, and ``ircut_mode`` and
    ``relay_status`` (ints). Counters: ``logins``, ``failed_logins``, ``reboots``,
    ``manual_alarms``; ``uploads`` lists the snapshot upload targets asked for. PTZ:
    ``moving`` (axis -> -1/1 of whatever moves now), ``ptz_speed``, ``presets``,
    ``at_preset`` and ``last_ptz`` (the parameters of the last accepted ptz_ctrl).
    """

    # The spec does not name the web server; Boa is what such OEM firmware ships.
    server_header = "Boa/0.94.14rc21"

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "123456",
        auth_mode: AnjiaAuthMode = "none",
        ptz: bool = True,
        audio: bool = True,
        model: str = "MC200J6",
        kernel: str = "3.4.35",
        filesystem: str = "V1.0.10.20190510",
        serial: str = "AJWS00123456",
        uid_idle_timeout: float = DEFAULT_UID_LIFETIME,
    ) -> None:
        super().__init__()
        self.username = username
        self.password = password
        self.auth_mode: AnjiaAuthMode = auth_mode
        self.has_ptz = ptz
        self.has_audio = audio
        self.model = model
        self.kernel = kernel
        self.filesystem = filesystem
        self.serial = serial
        self.uid_idle_timeout = uid_idle_timeout
        """Lifetime given to each new uid (setUidValidTime changes one uid's)."""

        self.network = default_network()
        self.image = default_image()
        self.motion = default_motion()
        self.osd = default_osd(model)
        self.led = default_led()
        # 3.7.6 documents only the range 0-5, not what each mode means (README: some
        # firmware even inverts day/night), so the simulator stores the number only.
        self.ircut_mode = 0
        self.relay_status = 0
        self.relay_fails = False
        """Fault: getRelayStatus answers the spec's ``Get status(0) fail`` (HTTP 400)."""
        self.sd_card_mounted = False
        self.ftp_deployed = False
        self.nfs_mounted = False

        self.logins = 0
        self.failed_logins = 0
        self.reboots = 0
        self.manual_alarms = 0
        self.uploads: list[str] = []
        self.motion_detected = False
        """Set by trigger_motion(); the spec has no CGI that reports alarms."""

        self.moving: dict[str, int] = {}
        self.ptz_speed = 5
        self.presets: set[int] = set()
        self.at_preset: int | None = None
        self.last_ptz: dict[str, str] | None = None

        self._uids = UidTable()
        self._auth = CameraAuth(
            realm=REALM,
            get_mode=lambda: "digest" if self.auth_mode == "digest" else "basic",
            get_credentials=lambda: (self.username, self.password),
        )

        # 3.2.1: getuid checks username/password itself; 3.7.5: snapshot.cgi takes a
        # uid or username/password.
        self.app.router.add_get("/cgi-bin/getuid", self._getuid, allow_head=False)
        for path in ("/cgi-bin/snapshot.cgi", "/cgi-bin/snapshot"):
            # The spec's URLs say snapshot.cgi, its fault values /cgi-bin/snapshot.
            self.app.router.add_get(path, self._snapshot, allow_head=False)
        handlers: dict[str, _Handler] = {
            "/cgi-bin/keep_alive": self._keep_alive,
            "/cgi-bin/getinfo": self._getinfo,
            "/cgi-bin/getcapabilities": self._getcapabilities,
            "/cgi-bin/getmodel": self._getmodel,
            "/cgi-bin/reboot": self._reboot,
            "/cgi-bin/network": self._network,
            "/cgi-bin/image": self._image,
            "/cgi-bin/motion": self._motion,
            "/cgi-bin/osd": self._osd,
            "/cgi-bin/ptz_ctrl": self._ptz_ctrl,
            "/cgi-bin/connect_check": self._connect_check,
            "/cgi-bin/set_ircut": self._set_ircut,
            "/cgi-bin/set_led": self._set_led,
            "/cgi-bin/setUidValidTime": self._set_uid_valid_time,
            "/cgi-bin/setManualInputAlarm": self._manual_input_alarm,
            "/cgi-bin/getRelayStatus": self._get_relay_status,
            "/cgi-bin/setRelayStatus": self._set_relay_status,
        }
        for path, handler in handlers.items():
            self.app.router.add_get(path, self._with_uid(path, handler), allow_head=False)

    # -- state a test changes ----------------------------------------------------------

    def trigger_motion(self, on: bool = True) -> None:
        """Start (or end) a motion alarm (only ``motion_detected`` shows it)."""
        self.motion_detected = on

    @property
    def uids(self) -> list[str]:
        """The uids valid right now, oldest first."""
        return self._uids.active()

    def uid_lifetime(self, uid: str) -> float | None:
        """The idle lifetime of ``uid`` in seconds (None: unknown or lapsed)."""
        return self._uids.lifetime(uid) if self._uids.is_valid(uid) else None

    def expire_uids(self) -> None:
        """Make every uid lapse now, as if each had been idle past its lifetime."""
        self._uids.clear()

    # -- authentication and sessions ----------------------------------------------------

    def _check_header(self, request: web.Request) -> None:
        """Raise the 401 answer unless the auth mode's header is there (none: no check)."""
        if self.auth_mode == "none":
            return
        wrong = self.faults.wrong_credentials and self.faults.applies_to(request.path)
        # Only the header counts: query credentials are getuid's business, not HTTP auth.
        if wrong or not self._auth.is_authorized(request, {}):
            raise self._auth.unauthorized()

    def _credentials_ok(self, params: Mapping[str, str], path: str) -> bool:
        if self.faults.wrong_credentials and self.faults.applies_to(path):
            return False
        return (params.get("username"), params.get("password")) == (self.username, self.password)

    def _uid_fault(self, path: str, params: Mapping[str, str]) -> web.Response | None:
        """3.2.2's three uid faults, which every uid CGI shares."""
        if not params:
            return _fault(path, "error, parse parameters")
        uid = params.get("uid", "")
        if not uid:
            return _fault(path, "error, parse uid")
        if not self._uids.is_valid(uid):
            return _fault(path, "uid error")
        return None

    def _with_uid(
        self, path: str, handler: _Handler
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def wrapped(request: web.Request) -> web.Response:
            self._check_header(request)
            params = dict(request.query)
            fault = self._uid_fault(path, params)
            if fault is not None:
                return fault
            uid = params["uid"]
            response = await handler(request, params)
            # 3.1.1: "After each successful request ... recalculate the timeout": a
            # fault answer does not keep the uid alive.
            if response.status == HTTPStatus.OK:
                self._uids.touch(uid)
            return response

        return wrapped

    @staticmethod
    def _settings(params: Mapping[str, str]) -> dict[str, str]:
        return {name: value for name, value in params.items() if name != "uid"}

    async def _getuid(self, request: web.Request) -> web.Response:
        self._check_header(request)
        path = "/cgi-bin/getuid"
        params = dict(request.query)
        if not params:
            return _fault(path, "error, parse parameters")
        if "username" not in params:
            return _fault(path, "error, parse username")
        if "password" not in params:
            return _fault(path, "error, parse password")
        # The spec has no "username error": an unknown user is a wrong password too.
        if not self._credentials_ok(params, path):
            self.failed_logins += 1
            return _fault(path, "password error")
        self.logins += 1
        return _xml(xml_text("uid", self._uids.issue(self.uid_idle_timeout)))

    async def _keep_alive(self, _request: web.Request, _params: dict[str, str]) -> web.Response:
        return _xml(xml_text("keep_alive", "true"))

    async def _set_uid_valid_time(
        self, _request: web.Request, params: dict[str, str]
    ) -> web.Response:
        path = "/cgi-bin/setUidValidTime"
        # 3.7.10 prints no fault; the reasons follow 3.7.6's "not find param time" and
        # "error param time".
        if "validTime" not in params:
            return _fault(path, "not find param validTime")
        seconds = parse_int(params["validTime"])
        if seconds is None or seconds <= 0:
            return _fault(path, "error param validTime")
        self._uids.set_lifetime(params["uid"], float(seconds))
        # The spec's example sets 80 and answers "60 sec"; the answer here names the
        # time just set, which is what the text says.
        return _xml(xml_text("SetUidValidTime", f"Uid valid time is {seconds} sec"))

    # -- basic information (3.2) ----------------------------------------------------------

    async def _getinfo(self, _request: web.Request, _params: dict[str, str]) -> web.Response:
        info = {"kernel": self.kernel, "filesystem": self.filesystem, "sn": self.serial}
        return _xml(xml_attrs("info", info))

    async def _getcapabilities(
        self, _request: web.Request, _params: dict[str, str]
    ) -> web.Response:
        capabilities = {
            "video": "1",
            "audio": str(int(self.has_audio)),
            "ptz": str(int(self.has_ptz)),
        }
        return _xml(xml_attrs("capabilities", capabilities))

    async def _getmodel(self, _request: web.Request, _params: dict[str, str]) -> web.Response:
        return _xml(xml_text("model", self.model))

    async def _reboot(self, _request: web.Request, _params: dict[str, str]) -> web.Response:
        self.reboots += 1
        # Sessions live in RAM: every uid is gone after a reboot; so is any movement.
        self._uids.clear()
        self.moving.clear()
        self.faults.go_offline_for(self.faults.reboot_downtime)
        response = _xml(xml_text("reboot", "true"))
        # The device goes down right after answering, taking the connection with it.
        response.force_close()
        return response

    async def _connect_check(self, _request: web.Request, _params: dict[str, str]) -> web.Response:
        return _xml(xml_text("connect_check", "true"))

    # -- get/set configuration CGIs (2.2: no setting given = a query) -----------------------

    def _configure(
        self,
        path: str,
        tag: str,
        params: Mapping[str, str],
        rules: Mapping[str, Rule],
        target: dict[str, str],
        extra_check: Callable[[Mapping[str, str]], str | None] | None = None,
    ) -> web.Response:
        """Check every given setting, then store them all (one bad one changes nothing).

        2.2: a set answers the configuration as it is after the change, like a query.
        """
        settings = self._settings(params)
        reason = first_fault(settings, rules)
        if reason is None and extra_check is not None:
            reason = extra_check(settings)
        if reason is not None:
            return _fault(path, reason)
        apply(settings, rules, target)
        return _xml(xml_attrs(tag, target))

    async def _network(self, _request: web.Request, params: dict[str, str]) -> web.Response:
        return self._configure("/cgi-bin/network", "network", params, NETWORK_RULES, self.network)

    async def _image(self, _request: web.Request, params: dict[str, str]) -> web.Response:
        # 3.6.3's example answer shows the four fields its example URL sets; all ten
        # settable fields are answered here, in the table's order.
        return self._configure("/cgi-bin/image", "image", params, IMAGE_RULES, self.image)

    async def _motion(self, _request: web.Request, params: dict[str, str]) -> web.Response:
        return self._configure("/cgi-bin/motion", "motion", params, MOTION_RULES, self.motion)

    async def _osd(self, _request: web.Request, params: dict[str, str]) -> web.Response:
        def positions(settings: Mapping[str, str]) -> str | None:
            return osd_position_fault(settings, self.osd)

        return self._configure("/cgi-bin/osd", "osd", params, OSD_RULES, self.osd, positions)

    async def _set_ircut(self, _request: web.Request, params: dict[str, str]) -> web.Response:
        path = "/cgi-bin/set_ircut"
        # 3.7.6 prints no success answer (the cell is empty) and its faults carry the
        # value /cgi-bin/set_led, a copy-paste slip: the path here is set_ircut's.
        # The answer is <set_ircut ircutmode="N"/>, also for a query (no ircutmode).
        # Its "not find param time" / "error param time" faults are for a time
        # parameter the table never lists; not modelled.
        if "ircutmode" in params:
            mode = parse_int(params["ircutmode"])
            if mode is None:
                return _fault(path, "error param ircutmode")
            if not 0 <= mode <= 5:
                return _fault(path, "ircutmode: 0 ~ 5")
            self.ircut_mode = mode
        return _xml(xml_attrs("set_ircut", {"ircutmode": str(self.ircut_mode)}))

    async def _set_led(self, _request: web.Request, params: dict[str, str]) -> web.Response:
        path = "/cgi-bin/set_led"
        # 3.7.7 prints no success answer: <set_led brightness= ledstatus= ledmode=/>.
        # Only the uid = a query of the current state (2.2).
        settings = self._settings(params)
        if settings:
            for name in LED_RULES:
                if name not in settings:
                    return _fault(path, f"not find param {name}")
        return self._configure(path, "set_led", params, LED_RULES, self.led)

    @property
    def led_mode(self) -> str:
        """The light type of ``led``: ``infrared`` or ``white``."""
        return LED_MODES[self.led["ledmode"]]

    # -- alarm input and relay (3.7.11, 3.7.13, 3.7.14) -------------------------------------

    async def _manual_input_alarm(
        self, _request: web.Request, _params: dict[str, str]
    ) -> web.Response:
        self.manual_alarms += 1
        return _xml(xml_text("ManualInputAlarm", "successful"))

    async def _get_relay_status(
        self, _request: web.Request, _params: dict[str, str]
    ) -> web.Response:
        if self.relay_fails:
            # 3.7.13's failure answer: no <fault>, but HTTP 400.
            body = xml_text("RelayStatus", "Get status(0) fail")
            return _xml(body, HTTPStatus.BAD_REQUEST)
        return _xml(xml_text("RelayStatus", f"status={self.relay_status}"))

    async def _set_relay_status(
        self, _request: web.Request, params: dict[str, str]
    ) -> web.Response:
        path = "/cgi-bin/setRelayStatus"
        # 3.7.14 prints no fault: the reasons follow 3.7.6 and 3.3.1.
        if "status" not in params:
            return _fault(path, "not find param status")
        if params["status"] not in ("0", "1"):
            return _fault(path, "status: 0 or 1")
        self.relay_status = int(params["status"])
        # Exactly as printed, with the space after the opening tag.
        return _xml(xml_text("RelayStatus", f" set status={self.relay_status}"))

    # -- PTZ (3.7.1) ------------------------------------------------------------------------

    def _ptz_fault(self, commands: Mapping[str, str]) -> str | None:
        for name in PTZ_AXES:
            if name in commands and commands[name] not in ("-1", "0", "1"):
                return f"{name} range: -1,0,1"
        if "speed" in commands:
            speed = parse_int(commands["speed"])
            if speed is None or speed not in PTZ_SPEEDS:
                return "speed range: 1-10"
        if "stop" in commands and commands["stop"] != "1":
            return "stop range: 1"
        for name in PTZ_PRESET_ACTIONS:
            if name in commands:
                number = parse_int(commands[name])
                if number is None or number not in PTZ_PRESETS:
                    return f"{name} range: 1-255"
        return None

    async def _ptz_ctrl(self, _request: web.Request, params: dict[str, str]) -> web.Response:
        path = "/cgi-bin/ptz_ctrl"
        if not self.has_ptz:
            # The spec is silent; a camera without PTZ (getcapabilities ptz="0") answers
            # a fault rather than pretending to move.
            return _fault(path, "ptz not support")
        known = {*PTZ_AXES, *PTZ_PRESET_ACTIONS, "speed", "stop"}
        commands = {name: value for name, value in params.items() if name in known}
        if not commands:
            return _fault(path, "error, parse parameters")
        reason = self._ptz_fault(commands)
        if reason is not None:
            return _fault(path, reason)
        # All checked: run them. A stop first, so "stop=1&move_x=1" ends up moving.
        if "stop" in commands:
            self.moving.clear()
        if "speed" in commands:
            self.ptz_speed = int(commands["speed"])
        for axis in PTZ_AXES:
            if axis in commands:
                direction = int(commands[axis])
                if direction:
                    self.moving[axis] = direction
                    if axis in ("move_x", "move_y"):
                        self.at_preset = None
                else:
                    self.moving.pop(axis, None)
        if "add_preset" in commands:
            self.presets.add(int(commands["add_preset"]))
        if "delete_preset" in commands:
            self.presets.discard(int(commands["delete_preset"]))
        if "call_preset" in commands:
            number = int(commands["call_preset"])
            # The spec is silent on an unset preset: the head stays where it is, as a
            # Pelco-style head does, and the call still answers true.
            if number in self.presets:
                self.moving.pop("move_x", None)
                self.moving.pop("move_y", None)
                self.at_preset = number
        self.last_ptz = commands
        return _xml(xml_text("ptz_ctrl", "true"))

    @property
    def is_moving(self) -> bool:
        """Whether any PTZ axis (pan, tilt, zoom, focus, iris) is moving."""
        return bool(self.moving)

    # -- snapshot (3.7.5) --------------------------------------------------------------------

    async def _snapshot(self, request: web.Request) -> web.Response:
        self._check_header(request)
        path = "/cgi-bin/snapshot"
        params = dict(request.query)
        uid: str | None = None
        if "username" in params or "password" in params:
            # getuid's faults for a half-given account (3.2.1).
            if "username" not in params:
                return _fault(path, "error, parse username")
            if "password" not in params:
                return _fault(path, "error, parse password")
            if not self._credentials_ok(params, path):
                self.failed_logins += 1
                return _fault(path, "password error")
        else:
            fault = self._uid_fault(path, params)
            if fault is not None:
                return fault
            uid = params["uid"]
        # stream is "(must)" in 3.7.5, yet README notes bare snapshot.cgi?uid=<uid>
        # on real devices: without it the main stream (1) is sent.
        stream = parse_int(params.get("stream", "1"))
        if stream is None or stream not in SNAPSHOT_SIZES:
            return _fault(path, "stream 0 or 1")
        if "upload" in params:
            target = parse_int(params["upload"])
            if target is None or not 0 <= target < len(UPLOAD_TARGETS):
                return _fault(path, "upload 0 or 1 or 2 or 3")
            reason = self._upload_fault(target)
            if reason is not None:
                return _fault(path, reason)
            # The spec does not say what an upload answers; the picture is sent as well.
            self.uploads.append(UPLOAD_TARGETS[target])
        if uid is not None:
            self._uids.touch(uid)
        width, height = SNAPSHOT_SIZES[stream]
        return web.Response(
            status=HTTPStatus.OK,
            body=jpeg_frame(width, height, f"{self.model} stream {stream}"),
            content_type="image/jpeg",
        )

    def _upload_fault(self, target: int) -> str | None:
        if target == 0 and not self.sd_card_mounted:
            return "sd card not mounted"
        if target == 1 and not self.ftp_deployed:
            return "Ftp not deploy"
        if target == 3 and not self.nfs_mounted:
            return "NFS Server not mounted"
        # E-mail (2) has no fault in the spec: it always succeeds here.
        return None
