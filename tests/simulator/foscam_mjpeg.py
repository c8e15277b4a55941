"""Simulated Foscam MJPEG camera (Netwave firmware), per "IP Camera CGI V1.27".

The spec lives in /work/shared/specs/foscam-mjpeg-ip-camera-cgi.txt; the quirks of real
devices are listed in the "Foscam MJPEG" notes of /work/shared/specs/README.md.
Where the spec is ambiguous the choice made here is explained next to the code.
"""

import time
from collections.abc import Iterable
from http import HTTPStatus
from typing import Final, Literal

from aiohttp import hdrs, web

from .auth import AuthMode, CameraAuth
from .base import SimulatorBase
from .faults import drop_connection, sleep_unless_stopping
from .frames import frame_for_resolution

REALM: Final = "ipcamera"
BOUNDARY: Final = "ipcamera"
OK: Final = "ok."
ILLEGAL_PARAM: Final = "error: illegal param"

_DAYS: Final = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_FLAG: Final = range(2)
_SENSITIVITY: Final = range(10)
_UINT16: Final = range(65536)
# Each schedule value holds 32 of the 96 quarter-hour bits of a day.
_SCHEDULE_WORD: Final = range(2**32)
_PRESETS: Final = range(17)

# set_alarm.cgi parameter -> (get_params.cgi key, allowed values; None = free text).
_SET_ALARM: Final[dict[str, tuple[str, range | None]]] = {
    "motion_armed": ("alarm_motion_armed", _FLAG),
    "motion_sensitivity": ("alarm_motion_sensitivity", _SENSITIVITY),
    "motion_compensation": ("alarm_motion_compensation", _FLAG),
    "input_armed": ("alarm_input_armed", _FLAG),
    # The spec's get_params table prints "alarm_ioint_level" but its change log (1.10)
    # and real firmware use "alarm_ioin_level"; set_alarm.cgi calls it "iolin_level".
    "iolin_level": ("alarm_ioin_level", _FLAG),
    "sounddetect_armed": ("alarm_sounddetect_armed", _FLAG),
    # set_alarm.cgi's grammar line says sounddetect_enabled, its parameter table says
    # sounddetect_armed: accept both for the same setting.
    "sounddetect_enabled": ("alarm_sounddetect_armed", _FLAG),
    "sounddetect_sensitivity": ("alarm_sounddetect_sensitivity", _SENSITIVITY),
    "iolinkage": ("alarm_iolinkage", _FLAG),
    # "0: disable preset linkage; other: preset" - the internal motor has 16 presets.
    "preset": ("alarm_preset", _PRESETS),
    "ioout_level": ("alarm_ioout_level", _FLAG),
    "mail": ("alarm_mail", _FLAG),
    "upload_interval": ("alarm_upload_interval", _UINT16),
    "http": ("alarm_http", _FLAG),
    "http_url": ("alarm_http_url", None),
    "schedule_enable": ("alarm_schedule_enable", _FLAG),
    **{
        f"schedule_{day}_{part}": (f"alarm_schedule_{day}_{part}", _SCHEDULE_WORD)
        for day in _DAYS
        for part in range(3)
    },
}

# set_misc.cgi / get_misc.cgi keys and their ranges.
_MISC_RANGES: Final[dict[str, range]] = {
    "led_mode": range(3),
    "ptz_center_onstart": _FLAG,
    "ptz_auto_patrol_interval": _UINT16,
    "ptz_auto_patrol_type": range(4),
    "ptz_patrol_h_rounds": range(256),
    "ptz_patrol_v_rounds": range(256),
    "ptz_patrol_rate": range(101),
    "ptz_patrol_up_rate": range(101),
    "ptz_patrol_down_rate": range(101),
    "ptz_patrol_left_rate": range(101),
    "ptz_patrol_right_rate": range(101),
    "ptz_disable_preset": _FLAG,
    "ptz_preset_onstart": _PRESETS,
}

# camera_control.cgi param -> (get_camera_params.cgi key, allowed values).
# The spec's table is OCR-garbled and calls param 5 "patrol" with values
# "initial / vertical / horizontal / both", yet get_camera_params.cgi returns that very
# 0-3 set as "flip", and real firmware (and public clients such as foscam-ruby's
# CAMERA_CONTROLS) use param 5 for flip/mirror. param 4 is not documented at all.
_CAMERA_CONTROLS: Final[dict[int, tuple[str, frozenset[int]]]] = {
    0: ("resolution", frozenset({2, 8, 32})),
    1: ("brightness", frozenset(range(256))),
    2: ("contrast", frozenset(range(7))),
    3: ("mode", frozenset(range(3))),
    5: ("flip", frozenset(range(4))),
}

# decoder_control.cgi, "Internal motor" column of the spec.
PtzMove = Literal[
    "up",
    "down",
    "left",
    "right",
    "up_left",
    "up_right",
    "down_left",
    "down_right",
    "patrol_vertical",
    "patrol_horizontal",
]
_MOVE_COMMANDS: Final[dict[int, PtzMove]] = {
    0: "up",
    2: "down",
    4: "left",
    6: "right",
    26: "patrol_vertical",
    28: "patrol_horizontal",
    90: "up_left",
    91: "up_right",
    92: "down_left",
    93: "down_right",
}
# Real firmware stops whatever is moving on any stop command, whichever direction it
# names, diagonals and patrols included.
_STOP_COMMANDS: Final = frozenset({1, 3, 5, 7, 27, 29})
_ONESTEP_COMMANDS: Final = frozenset({0, 2, 4, 6})
_LENS_COMMANDS: Final = range(12, 20)
_CENTER: Final = 25
_PRESET_COMMANDS: Final = range(30, 62)
_IO_HIGH: Final = 94
_IO_LOW: Final = 95
_MOTOR_TEST: Final = 255
_DIRECTIONS: Final[dict[str, tuple[int, int]]] = {
    "up": (0, 1),
    "down": (0, -1),
    "left": (-1, 0),
    "right": (1, 0),
    "up_left": (-1, 1),
    "up_right": (1, 1),
    "down_left": (-1, -1),
    "down_right": (1, -1),
}
# Roughly a Netwave pan/tilt head: about 300 degrees of pan, 120 of tilt, 1 step/degree.
_PAN_LIMIT: Final = 150
_TILT_LIMIT: Final = 60
_PTZ_STEPS_PER_SECOND: Final = 20.0
_DEFAULT_ONESTEP_DEGREE: Final = 5

# videostream.cgi rate -> frames per second. "0: full speed" is capped at 15 fps, the
# VGA speed of real Netwave units. Values the table skips use the next documented
# (slower) value.
_RATE_FPS: Final[dict[int, float]] = {
    0: 15.0,
    1: 20.0,
    3: 15.0,
    6: 10.0,
    11: 5.0,
    12: 4.0,
    13: 3.0,
    14: 2.0,
    15: 1.0,
    17: 1 / 2,
    19: 1 / 3,
    21: 1 / 4,
    23: 1 / 5,
}
_DEFAULT_STREAM_FPS: Final = 10.0
_STREAM_RESOLUTIONS: Final = frozenset({8, 32})

_STATUS_TEXT_KEYS: Final = frozenset({"ddns_host"})


def _parse_int(value: str | None) -> int | None:
    """Parse a plain decimal integer the way the firmware's atoi-with-checks would."""
    if value is None:
        return None
    text = value.strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    return int(text)


def _default_params(username: str, password: str) -> dict[str, str | int]:
    """get_params.cgi defaults (after id/sys_ver/app_ver/alias/now/tz), in spec order."""
    values: dict[str, str | int] = {
        "daylight_saving_time": 0,
        "ntp_enable": 1,
        "ntp_svr": "time.nist.gov",
    }
    for n in range(1, 9):
        values[f"user{n}_name"] = username if n == 1 else ""
        values[f"user{n}_pwd"] = password if n == 1 else ""
        values[f"user{n}_pri"] = 2 if n == 1 else 0
    for n in range(2, 5):
        values |= {
            f"dev{n}_alias": "",
            f"dev{n}_host": "",
            f"dev{n}_port": 0,
            f"dev{n}_user": "",
            f"dev{n}_pwd": "",
        }
    values |= {
        "ip": "192.168.1.123",
        "mask": "255.255.255.0",
        "gateway": "192.168.1.1",
        "dns": "192.168.1.1",
        "dhcp_vendor": "",
        "port": 80,
        "wifi_enable": 1,
        "wifi_ssid": "HomeNet",
        "wifi_channel": 5,
        "wifi_mode": 0,
        "wifi_encrypt": 4,
        "wifi_authtype": 0,
        "wifi_keyformat": 0,
        "wifi_defkey": 0,
        "wifi_key1": "",
        "wifi_key2": "",
        "wifi_key3": "",
        "wifi_key4": "",
        "wifi_key1_bits": 0,
        "wifi_key2_bits": 0,
        "wifi_key3_bits": 0,
        "wifi_key4_bits": 0,
        "wifi_wpa_psk": "wifi-psk-secret",
        "wifi_country": 1,
        "pppoe_enable": 0,
        "pppoe_user": "",
        "pppoe_pwd": "",
        "upnp_enable": 1,
        "ddns_service": 0,
        "ddns_user": "",
        "ddns_pwd": "",
        "ddns_host": "",
        "ddns_proxy_svr": "",
        "ddns_proxy_port": 0,
        "mail_svr": "smtp.example.com",
        "mail_port": 25,
        "mail_tls": 0,
        "mail_user": "camera@example.com",
        "mail_pwd": "mail-secret",
        "mail_sender": "camera@example.com",
        "mail_receiver1": "owner@example.com",
        "mail_receiver2": "",
        "mail_receiver3": "",
        "mail_receiver4": "",
        "mail_inet_ip": 0,
        "ftp_svr": "ftp.example.com",
        "ftp_port": 21,
        "ftp_user": "camera",
        "ftp_pwd": "ftp-secret",
        "ftp_dir": "/",
        "ftp_mode": 0,
        "ftp_retain": 0,
        "ftp_upload_interval": 0,
        "ftp_filename": "",
        "ftp_numberoffiles": 0,
        "ftp_schedule_enable": 0,
    }
    values |= {f"ftp_schedule_{day}_{part}": 0 for day in _DAYS for part in range(3)}
    values |= {
        "alarm_motion_armed": 0,
        "alarm_motion_sensitivity": 5,
        "alarm_motion_compensation": 0,
        "alarm_input_armed": 0,
        "alarm_ioin_level": 1,
        "alarm_sounddetect_armed": 0,
        "alarm_sounddetect_sensitivity": 5,
        "alarm_iolinkage": 0,
        "alarm_preset": 0,
        "alarm_ioout_level": 1,
        "alarm_mail": 0,
        "alarm_upload_interval": 0,
        "alarm_http": 0,
        "alarm_http_url": "",
        "alarm_schedule_enable": 0,
    }
    values |= {f"alarm_schedule_{day}_{part}": 0 for day in _DAYS for part in range(3)}
    values |= {"decoder_baud": 12, "msn_user": "", "msn_pwd": ""}
    values |= {f"msn_friend{n}": "" for n in range(1, 11)}
    return values


_DEFAULT_PARAMS: Final = _default_params("", "")
# Numeric values are written unquoted (`var port=80;`), text quoted (`var ip='...';`).
NUMERIC_PARAM_KEYS: Final = frozenset(
    key for key, value in _DEFAULT_PARAMS.items() if isinstance(value, int)
)


def render_var_lines(items: Iterable[tuple[str, str, bool]], *, quirky: bool = False) -> bytes:
    """Write ``(key, value, numeric)`` items as ``var key='value';`` lines.

    ``quirky`` reproduces what real firmware emits (specs README): CRLF line ends,
    unquoted empty values (``var alarm_http_url=;``) and double quotes (every second
    text value, so one body exercises both quote styles). Values are never escaped:
    the firmware does not escape them either, so a value may contain ``=`` or ``;``.
    """
    lines: list[str] = []
    text_index = 0
    for key, value, numeric in items:
        if numeric:
            lines.append(f"var {key}={value};")
            continue
        if quirky and value == "":
            lines.append(f"var {key}=;")
        elif quirky and text_index % 2:
            lines.append(f'var {key}="{value}";')
        else:
            lines.append(f"var {key}='{value}';")
        text_index += 1
    newline = "\r\n" if quirky else "\n"
    return (newline.join(lines) + newline).encode("utf-8")


def _text(body: str) -> web.Response:
    return web.Response(status=HTTPStatus.OK, body=body.encode("utf-8"), content_type="text/plain")


def _header_safe(text: str) -> str:
    return "".join(char if " " <= char <= "~" and char != '"' else "_" for char in text)


def _mjpeg_part(frame: bytes) -> bytes:
    head = (
        f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(frame)}\r\n\r\n"
    ).encode("ascii")
    return head + frame + b"\r\n"


class FoscamMjpegSimulator(SimulatorBase):
    """A Foscam MJPEG / Netwave camera speaking "IP Camera CGI V1.27" over aiohttp.

    Device state is held in plain attributes that tests read and write between requests.
    ``username``/``password`` are views of ``params["user1_name"]``/``["user1_pwd"]`` so
    get_params.cgi and the credential check never disagree. The configured user is
    an administrator (``user1_pri=2``, check_user.cgi ``pri=3``).
    """

    server_header = "Netwave IP Camera"

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "secret",
        mac: str = "00626E4A3CD0",
        alias: str = "Front door",
        sys_ver: str = "11.37.2.49",
        app_ver: str = "2.0.10.7",
        auth_mode: AuthMode = "basic",
    ) -> None:
        super().__init__()
        self.mac = mac
        self.alias = alias
        self.sys_ver = sys_ver
        self.app_ver = app_ver
        self.auth_mode: AuthMode = auth_mode
        self.tz = 0
        """get_status ``tz``: seconds of deviation from GMT."""
        self.alarm_status = 0
        """0 none, 1 motion, 2 input, 3 sound."""
        self.status_extra: dict[str, str] = {
            "ddns_status": "0",
            "ddns_host": "",
            "oray_type": "0",
            "upnp_status": "0",
            "msn_status": "0",
            "wifi_status": "0",
        }
        self.params: dict[str, str] = {
            key: str(value) for key, value in _default_params(username, password).items()
        }
        self.camera_params: dict[str, int] = {
            "resolution": 32,
            "brightness": 128,
            "contrast": 4,
            "mode": 0,
            "flip": 0,
        }
        self.misc: dict[str, str] = dict.fromkeys(_MISC_RANGES, "0")
        self.misc |= {
            f"ptz_patrol_{kind}rate": "10" for kind in ("", "up_", "down_", "left_", "right_")
        }
        self.io_output_high = False
        self.ptz_moving: PtzMove | None = None
        self.ptz_position: tuple[int, int] = (0, 0)
        """(pan, tilt) steps from center; updated when a move stops, on steps,
        center and go-to-preset."""
        self.presets: dict[int, tuple[int, int]] = {}
        self.decoder_commands: list[int] = []
        self.reboots = 0
        self.callbacks_sent: list[str] = []
        self._move_started = 0.0
        self._auth = CameraAuth(
            realm=REALM,
            get_mode=lambda: self.auth_mode,
            get_credentials=lambda: (self.username, self.password),
        )
        handlers = {
            "/get_status.cgi": self._get_status,
            "/get_params.cgi": self._get_params,
            "/get_camera_params.cgi": self._get_camera_params,
            "/get_misc.cgi": self._get_misc,
            "/check_user.cgi": self._check_user,
            "/set_alarm.cgi": self._set_alarm,
            "/set_misc.cgi": self._set_misc,
            "/camera_control.cgi": self._camera_control,
            "/decoder_control.cgi": self._decoder_control,
            "/snapshot.cgi": self._snapshot,
            "/videostream.cgi": self._videostream,
            "/reboot.cgi": self._reboot,
        }
        for path, handler in handlers.items():
            # The spec: "only support get and post". HEAD is left out on purpose so a
            # HEAD on the stream cannot start an endless empty-bodied response.
            self.app.router.add_get(path, handler, allow_head=False)
            self.app.router.add_post(path, handler)

    # -- account ---------------------------------------------------------------------

    @property
    def username(self) -> str:
        """The administrator's user name (``params["user1_name"]``)."""
        return self.params.get("user1_name", "")

    @username.setter
    def username(self, value: str) -> None:
        self.params["user1_name"] = value

    @property
    def password(self) -> str:
        """The administrator's password (``params["user1_pwd"]``)."""
        return self.params.get("user1_pwd", "")

    @password.setter
    def password(self, value: str) -> None:
        self.params["user1_pwd"] = value

    # -- alarms ----------------------------------------------------------------------

    def trigger_motion(self, on: bool = True) -> None:
        """Start/end a motion alarm; calls alarm_http_url when motion is armed."""
        self._trigger(1, "alarm_motion_armed", on=on)

    def trigger_input(self, on: bool = True) -> None:
        """Start/end an input (I/O) alarm; calls alarm_http_url when input is armed."""
        self._trigger(2, "alarm_input_armed", on=on)

    def trigger_sound(self, on: bool = True) -> None:
        """Start/end a sound alarm; calls alarm_http_url when sound detection is armed."""
        self._trigger(3, "alarm_sounddetect_armed", on=on)

    def _trigger(self, kind: int, armed_key: str, *, on: bool) -> None:
        if not on:
            # Ending one kind of alarm must not clear a different, still active one.
            if self.alarm_status == kind:
                self.alarm_status = 0
            return
        self.alarm_status = kind
        if self.params.get(armed_key) == "1":
            self._call_alarm_url()

    def _call_alarm_url(self) -> None:
        url = self.params.get("alarm_http_url", "").strip()
        if self.params.get("alarm_http") != "1" or not url:
            return
        if "://" not in url:
            # The web UI lets users type "host:port/path"; the firmware always uses http.
            url = f"http://{url}"
        # Recorded when fired so synchronous test code sees it at once;
        # wait_for_callbacks() waits for the delivery itself.
        self.callbacks_sent.append(url)
        self.spawn(self.http_get(url))

    # -- PTZ model -------------------------------------------------------------------

    def _move_by(self, direction: str, steps: int) -> None:
        d_pan, d_tilt = _DIRECTIONS[direction]
        pan, tilt = self.ptz_position
        self.ptz_position = (
            max(-_PAN_LIMIT, min(_PAN_LIMIT, pan + d_pan * steps)),
            max(-_TILT_LIMIT, min(_TILT_LIMIT, tilt + d_tilt * steps)),
        )

    def _settle_motion(self) -> None:
        """Fold the running move into ptz_position (the move keeps running)."""
        now = time.monotonic()
        if self.ptz_moving in _DIRECTIONS:
            # Even a start immediately followed by a stop nudges the head one step.
            steps = max(1, int((now - self._move_started) * _PTZ_STEPS_PER_SECOND))
            self._move_by(self.ptz_moving, steps)
        self._move_started = now

    def _stop_motion(self) -> None:
        self._settle_motion()
        self.ptz_moving = None

    def _apply_decoder_command(self, command: int, *, onestep: bool, degree: int) -> None:
        if command in _STOP_COMMANDS:
            self._stop_motion()
        elif command in _MOVE_COMMANDS:
            self._stop_motion()
            move = _MOVE_COMMANDS[command]
            if onestep and command in _ONESTEP_COMMANDS:
                self._move_by(move, degree)
            else:
                self.ptz_moving = move
                self._move_started = time.monotonic()
        elif command == _CENTER:
            self._stop_motion()
            self.ptz_position = (0, 0)
        elif command in _PRESET_COMMANDS:
            offset = command - _PRESET_COMMANDS.start
            preset = offset // 2 + 1
            if offset % 2 == 0:
                self._settle_motion()
                self.presets[preset] = self.ptz_position
            else:
                self._stop_motion()
                # Going to a preset that was never set leaves the head where it is.
                if preset in self.presets:
                    self.ptz_position = self.presets[preset]
        elif command == _IO_HIGH:
            self.io_output_high = True
        elif command == _IO_LOW:
            self.io_output_high = False
        # Lens commands (12-19) and the motor test (255) are accepted but not modelled.

    @staticmethod
    def _is_known_command(command: int) -> bool:
        return (
            command in _STOP_COMMANDS
            or command in _MOVE_COMMANDS
            or command in _LENS_COMMANDS
            or command in _PRESET_COMMANDS
            or command in (_CENTER, _IO_HIGH, _IO_LOW, _MOTOR_TEST)
        )

    # -- response helpers ------------------------------------------------------------

    def _vars(self, request: web.Request, items: Iterable[tuple[str, str, bool]]) -> web.Response:
        quirky = self.faults.quirky_var_format and self.faults.applies_to(request.path)
        return web.Response(
            status=HTTPStatus.OK,
            body=render_var_lines(items, quirky=quirky),
            content_type="text/plain",
        )

    def _identity_items(self) -> list[tuple[str, str, bool]]:
        return [
            ("id", self.mac, False),
            ("sys_ver", self.sys_ver, False),
            ("app_ver", self.app_ver, False),
            ("alias", self.alias, False),
            ("now", str(int(time.time())), True),
            ("tz", str(self.tz), True),
        ]

    # -- handlers --------------------------------------------------------------------

    async def _get_status(self, request: web.Request) -> web.StreamResponse:
        # Permission "N/A" in the spec: answered without credentials; auto-detection
        # relies on it to fingerprint the device.
        items = self._identity_items()
        items.append(("alarm_status", str(self.alarm_status), True))
        items.extend(
            (key, value, key not in _STATUS_TEXT_KEYS) for key, value in self.status_extra.items()
        )
        return self._vars(request, items)

    async def _get_params(self, request: web.Request) -> web.StreamResponse:
        await self.require_auth(request, self._auth)
        items = self._identity_items()
        items.extend((key, value, key in NUMERIC_PARAM_KEYS) for key, value in self.params.items())
        return self._vars(request, items)

    async def _get_camera_params(self, request: web.Request) -> web.StreamResponse:
        await self.require_auth(request, self._auth)
        return self._vars(
            request, ((key, str(value), True) for key, value in self.camera_params.items())
        )

    async def _get_misc(self, request: web.Request) -> web.StreamResponse:
        await self.require_auth(request, self._auth)
        return self._vars(request, ((key, value, True) for key, value in self.misc.items()))

    async def _check_user(self, request: web.Request) -> web.StreamResponse:
        await self.require_auth(request, self._auth)
        # Real devices echo the password here; clients must never log this body.
        return self._vars(
            request,
            [("user", self.username, False), ("pwd", self.password, False), ("pri", "3", True)],
        )

    async def _set_alarm(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        updates: dict[str, str] = {}
        for name, value in params.items():
            if name not in _SET_ALARM:
                continue  # user, pwd, next_url and unknown names are ignored
            key, allowed = _SET_ALARM[name]
            if allowed is None:
                updates[key] = value
                continue
            number = _parse_int(value)
            if number is None or number not in allowed:
                return _text(ILLEGAL_PARAM)
            updates[key] = str(number)
        self.params.update(updates)
        return _text(OK)

    async def _set_misc(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        updates: dict[str, str] = {}
        for name, value in params.items():
            if name not in _MISC_RANGES:
                continue
            number = _parse_int(value)
            if number is None or number not in _MISC_RANGES[name]:
                return _text(ILLEGAL_PARAM)
            updates[name] = str(number)
        self.misc.update(updates)
        return _text(OK)

    async def _camera_control(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        param = _parse_int(params.get("param"))
        value = _parse_int(params.get("value"))
        if param is None or value is None or param not in _CAMERA_CONTROLS:
            return _text(ILLEGAL_PARAM)
        key, allowed = _CAMERA_CONTROLS[param]
        if value not in allowed:
            return _text(ILLEGAL_PARAM)
        self.camera_params[key] = value
        return _text(OK)

    async def _decoder_control(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        command = _parse_int(params.get("command"))
        if command is None or not self._is_known_command(command):
            return _text(ILLEGAL_PARAM)
        degree = _DEFAULT_ONESTEP_DEGREE
        if "degree" in params:
            parsed = _parse_int(params["degree"])
            if parsed is None or parsed < 1:
                return _text(ILLEGAL_PARAM)
            degree = parsed
        self.decoder_commands.append(command)
        self._apply_decoder_command(command, onestep=params.get("onestep") == "1", degree=degree)
        return _text(OK)

    async def _snapshot(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        frame = frame_for_resolution(self.camera_params.get("resolution", 32), self.alias)
        # Spec: "device id(device aliasname)_current time.jpg" unless next_url names it.
        filename = params.get("next_url") or (
            f"{self.mac}({self.alias})_{time.strftime('%Y%m%d%H%M%S')}.jpg"
        )
        return web.Response(
            status=HTTPStatus.OK,
            body=frame,
            content_type="image/jpeg",
            headers={hdrs.CONTENT_DISPOSITION: f'attachment; filename="{_header_safe(filename)}"'},
        )

    async def _videostream(self, request: web.Request) -> web.StreamResponse:
        params = await self.require_auth(request, self._auth)
        resolution = self.camera_params.get("resolution", 32)
        if "resolution" in params:
            parsed = _parse_int(params["resolution"])
            if parsed not in _STREAM_RESOLUTIONS:
                return _text(ILLEGAL_PARAM)
            resolution = parsed
        fps = _DEFAULT_STREAM_FPS
        if "rate" in params:
            rate = _parse_int(params["rate"])
            if rate is None or not 0 <= rate <= 23:
                return _text(ILLEGAL_PARAM)
            fps = _RATE_FPS[min(key for key in _RATE_FPS if key >= rate)]
        cut_mid_part = self.faults.reset_mid_body and self.faults.applies_to(request.path)

        response = web.StreamResponse(
            status=HTTPStatus.OK,
            headers={
                hdrs.CONTENT_TYPE: f"multipart/x-mixed-replace;boundary={BOUNDARY}",
                hdrs.CONNECTION: "close",
            },
        )
        response.force_close()
        # The camera sends a plain body delimited by closing the connection, never
        # chunked transfer encoding; aiohttp would chunk an HTTP/1.1 answer of unknown
        # length unless its length bookkeeping (as for WebSockets) is switched off.
        response._length_check = False
        await response.prepare(request)

        interval = 1.0 / fps
        next_due = time.monotonic()
        parts_sent = 0
        try:
            while not self.stopping.is_set():
                part = _mjpeg_part(frame_for_resolution(resolution, self.alias))
                if cut_mid_part and parts_sent == 1:
                    await response.write(part[: len(part) // 2])
                    drop_connection(request)
                    return response
                await response.write(part)
                parts_sent += 1
                next_due += interval
                now = time.monotonic()
                # A slow client makes us fall behind: resume the pace instead of bursting.
                next_due = max(next_due, now)
                if not await sleep_unless_stopping(next_due - now, self.stopping):
                    break
        except ConnectionError:
            pass  # the client went away: the stream simply ends
        return response

    async def _reboot(self, request: web.Request) -> web.StreamResponse:
        await self.require_auth(request, self._auth)
        self.reboots += 1
        self._stop_motion()
        self.alarm_status = 0
        if self.misc.get("ptz_center_onstart") == "1":
            self.ptz_position = (0, 0)
        self.faults.go_offline_for(self.faults.reboot_downtime)
        response = _text(OK)
        # The device goes down right after answering, taking the connection with it.
        response.force_close()
        return response
