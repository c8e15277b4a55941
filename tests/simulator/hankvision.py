"""Simulated Hankvision video server, per its "HTTP API Interface Specification" V3.1.

The spec lives in /work/shared/specs/video-server-cgi-xml-api.txt; the quirks of real
devices are in the "Hankvision (/cgi/)" notes of /work/shared/specs/README.md. Section
numbers in the comments are the spec's. Served here:

- ``/cgi/<class>_get|_set|_query?Channel=1&Group=<Group>[&<param>=<value>...]`` (2.3.1),
  GET or POST (form fields count like query parameters), answering the XML of 2.3.1.2
  with ``Content-Type: text/html`` and HTTP 200 also for application errors, whose code
  is in ``<result code="...">`` (2.2, 2.3.1.3). Modelled classes: sys, major_stream,
  minor_stream, mjpeg, image, audio, record, ptz, camera, net, netport, alarm; rs485,
  wifi and user answer 501; any other ``/cgi/`` name is a 404.
- ``/jpgimage/1/image.jpg`` (3.15.1) and ``/mjpgstreamreq/1/image.jpg`` (3.15.2).

Every path needs Basic (or, with ``auth_mode="digest"``, Digest) credentials; paths the
device does not serve answer 404 without asking for any. The parameter tables, defaults
and XML shapes are in ``hankvision_state``. Where the spec is silent or ambiguous the
choice made here says so. Choices that shape every answer:

- Get answers list a group's readable parameters in the order of the spec's example
  answer (else its table). ``<Channel>`` leads a group only where that example lists it.
- A set checks every parameter before it changes anything (one bad value: nothing
  changes), then answers the channel (where the group has it) and the parameters it set,
  in request order and canonical spelling, with their stored values (2.3.1.2 example 2:
  "current parameter values of the device after setting"; 3.4.2 answers in request
  order).
- A query without ``Group`` (3.10.3, 3.12.4 have none) or with ``Group=All`` answers
  every modelled group of the class; a get or set needs a group (``All`` is a query word).
- Errors answer the header and the result only, no group. An unknown group or parameter
  is 402 "Invalid parameter name." (2.3.1.2 calls a group a "parameter name"), so is a
  set of a read-only parameter, one without parameters, or one missing a parameter the
  spec's URL syntax requires; a value outside the query's range or options is 402
  "Invalid parameter value."; a group the spec names but the simulator does not model
  is 501; a setting that only applies in another mode (white-balance gains in auto
  white balance, manual exposure values outside manual mode, manual recording without a
  mounted card...) is 502.
- Every answer closes its connection (HTTP/1.0 style, 2.2); aiohttp still writes the
  request's HTTP version in the status line.
"""

import time
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Final, Literal

from aiohttp import hdrs, web

from .auth import CameraAuth
from .base import SimulatorBase, request_params
from .faults import drop_connection, sleep_unless_stopping
from .frames import jpeg_frame
from .hankvision_state import (
    CHANNEL,
    CODE_OK,
    SD_MOUNTED,
    SD_PULLED_OUT,
    SD_UNMOUNTED,
    TEXT_OK,
    UNMODELLED_CLASSES,
    ClassSpec,
    Domain,
    Group,
    GroupSpec,
    MdGrid,
    Param,
    ResultError,
    Row,
    Settings,
    StreamProfile,
    build_classes,
    decode_md_area,
    default_settings,
    encode_md_area,
    failed,
    invalid_channel,
    invalid_name,
    invalid_value,
    io_access_names,
    not_available,
    not_supported,
    parse_int,
    render_message,
)

HankvisionAuthMode = Literal["basic", "digest"]

# The spec names no realm and no server; generic names, so that a client cannot come to
# rely on them.
REALM: Final = "IP Camera"
MJPEG_BOUNDARY: Final = "myboundary"
"""3.15.2 does not name the boundary; ``myboundary`` is common on such firmware."""
OPERATIONS: Final = ("get", "set", "query")
_NOT_PARAMETERS: Final = frozenset({"Channel", "Group"})
# 3.15 serves JPEGs at the MJPEG encoder's size (3.2.3.3: 1280x720 is its one size).
_PICTURE_SIZE: Final = (1280, 720)

# Lively defaults for the PTZ head (the spec has none): two saved presets, the second at
# 3.6.4's example zoom position 4681, the head resting on the first; tour 1 visits both.
_DEFAULT_PRESETS: Final = {1: "Gate", 2: "Yard"}
_DEFAULT_PRESET_POSITIONS: Final = {
    1: {"Pan": "9000", "Tilt": "1500", "ZoomPosition": "0"},
    2: {"Pan": "27000", "Tilt": "1000", "ZoomPosition": "4681"},
}
_TOURS: Final = range(1, 5)
_FULL_TURN: Final = 36000
_ZOOM_MAX: Final = 65535
# The URL syntax of 3.6.2.5-3.6.2.7: each action comes with its number.
_PTZ_PAIRS: Final = (
    ("Preset", "PresetNumber"),
    ("Pattern", "PatternNumber"),
    ("AutoPan", "AutoPanNumber"),
)
_PTZ_POSITION: Final = ("Pan", "Tilt", "ZoomPosition")

_GroupKey = tuple[str, str]
_Getter = Callable[[dict[str, str]], list[Group]]
_Hook = Callable[[dict[str, str]], None]


def _xml(body: str) -> web.Response:
    # 2.3.1.2: "Content-Type: text/html", no charset; the XML declares UTF-8.
    response = web.Response(
        status=HTTPStatus.OK, body=body.encode("utf-8"), headers={hdrs.CONTENT_TYPE: "text/html"}
    )
    response.force_close()
    return response


def _channel_row() -> Row:
    return ("Channel", "int", str(CHANNEL))


def _stream_response() -> web.StreamResponse:
    response = web.StreamResponse(
        status=HTTPStatus.OK,
        headers={
            hdrs.CONTENT_TYPE: f"multipart/x-mixed-replace;boundary={MJPEG_BOUNDARY}",
            hdrs.CONNECTION: "close",
        },
    )
    response.force_close()
    # HTTP/1.0 style: the body ends when the connection closes, never chunked.
    response._length_check = False
    return response


def _part(body: bytes) -> bytes:
    head = f"--{MJPEG_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body + b"\r\n"


def _size(resolution: str) -> tuple[int, int]:
    width, _, height = resolution.partition("x")
    w, h = parse_int(width), parse_int(height)
    return (w, h) if w and h and w > 0 and h > 0 else _PICTURE_SIZE


class HankvisionSimulator(SimulatorBase):
    """A Hankvision ``/cgi/`` video server (a V6202IR-AR0237 PTZ camera) over aiohttp.

    Constructor: ``username``/``password`` (default admin with an empty password, the
    specs README's factory account), ``auth_mode`` ``basic`` or ``digest``; ``ptz=False``
    and ``audio=False`` make those classes answer 501; ``result_without_code`` drops the
    ``code`` attribute of every ``<result>`` (some firmware, specs README);
    ``preset_remove`` lets ``Preset=2`` delete a preset (not in V3.1, see ``_ptz_apply``);
    ``model``, ``software_version``, ``serial`` and ``mac`` are DeviceInfo's;
    ``alarm_inputs``/``alarm_outputs`` (1-9) size the alarm groups.

    State a test reads or changes (values are strings, as on the wire): ``settings``
    (class -> group -> parameter -> value, every modelled group) and, as the same dicts,
    ``device_info``, ``time_info``, ``major_stream``, ``minor_stream``, ``mjpeg_stream``,
    ``image_info``, ``osd_info``, ``audio_info``, ``record_control``, ``record_device``,
    ``basic_info``, ``exposure_info``, ``speed_info``, ``address_info``, ``net_ports``,
    ``md_info``, ``md_access``, ``io_access``, ``schedule``; ``io_triggers`` (input ->
    IOTrig). PTZ: ``moving`` (PTZCtrlInfo command -> value of what runs now, e.g.
    ``{"Direction": "1", "Zoom": "1"}``), ``position`` (Pan/Tilt/ZoomPosition),
    ``ptz_speed`` (PanSpeed/TiltSpeed of the last move), ``presets`` (number -> title),
    ``preset_positions``, ``at_preset``, ``tours`` (tour -> preset numbers), ``last_ptz``
    (the parameters of the last accepted PTZCtrlInfo set). Counters: ``reboots``,
    ``factory_resets``, ``camera_resets``, ``sd_formats``, ``failed_logins`` (401s to
    requests that carried credentials) and ``unauthorized`` (every 401). Faults besides
    the shared ``faults``: ``failing_groups`` (sets of these groups answer 503).
    """

    server_header = "httpd"

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "",
        auth_mode: HankvisionAuthMode = "basic",
        ptz: bool = True,
        audio: bool = True,
        result_without_code: bool = False,
        preset_remove: bool = True,
        model: str = "V6202IR-AR0237",
        software_version: str = "V1.04.10-161208",
        serial: str = "5509560FBF2D",
        mac: str = "52:3e:42:02:bc:20",
        alarm_inputs: int = 1,
        alarm_outputs: int = 1,
    ) -> None:
        super().__init__()
        for name, count in (("alarm_inputs", alarm_inputs), ("alarm_outputs", alarm_outputs)):
            # One digit each: IOij would be ambiguous past 9.
            if not 1 <= count <= 9:
                raise ValueError(f"{name} must be 1..9, got {count}")
        self.username = username
        self.password = password
        self.auth_mode: HankvisionAuthMode = auth_mode
        self._factory_auth_mode: HankvisionAuthMode = auth_mode
        self.has_ptz = ptz
        self.has_audio = audio
        self.result_without_code = result_without_code
        self.preset_remove = preset_remove
        self.model = model
        self.alarm_inputs = alarm_inputs
        self.alarm_outputs = alarm_outputs

        self.classes: dict[str, ClassSpec]
        self._profiles: dict[str, StreamProfile]
        self.classes, self._profiles = build_classes(
            inputs=alarm_inputs, outputs=alarm_outputs, preset_remove=preset_remove
        )
        self._defaults = default_settings(self.classes)
        self._defaults["sys"]["DeviceInfo"].update(
            {
                "DeviceID": model,
                "SoftwareVersion": software_version,
                "SerialNum": serial,
                "Mac": mac,
            }
        )
        self.settings: Settings = {
            name: {group: dict(values) for group, values in groups.items()}
            for name, groups in self._defaults.items()
        }
        self.device_info = self.settings["sys"]["DeviceInfo"]
        self.time_info = self.settings["sys"]["TimeInfo"]
        self.major_stream = self.settings["major_stream"]["StreamInfo"]
        self.minor_stream = self.settings["minor_stream"]["StreamInfo"]
        self.mjpeg_stream = self.settings["mjpeg"]["StreamInfo"]
        self.image_info = self.settings["image"]["ImageInfo"]
        self.osd_info = self.settings["image"]["OSDInfo"]
        self.audio_info = self.settings["audio"]["AudioInfo"]
        self.record_control = self.settings["record"]["RecordControl"]
        self.record_device = self.settings["record"]["RecordDevice"]
        self.basic_info = self.settings["camera"]["BasicInfo"]
        self.exposure_info = self.settings["camera"]["ExposureInfo"]
        self.speed_info = self.settings["ptz"]["SpeedInfo"]
        self.address_info = self.settings["net"]["AddressInfo"]
        self.net_ports = self.settings["netport"]["NetPortInfo"]
        self.md_info = self.settings["alarm"]["MDInfo"]
        self.md_access = self.settings["alarm"]["MDAccessInfo"]
        self.io_access = self.settings["alarm"]["IOAccessInfo"]
        self.schedule = self.settings["alarm"]["ScheduleInfo"]
        # 3.13.1.1's example: input 1 "1" (open circuit).
        self.io_triggers: dict[int, str] = dict.fromkeys(range(1, alarm_inputs + 1), "1")

        self.moving: dict[str, str] = {}
        self.position: dict[str, str] = dict(_DEFAULT_PRESET_POSITIONS[1])
        self.ptz_speed: dict[str, str] = {"PanSpeed": "6", "TiltSpeed": "6"}
        self.presets: dict[int, str] = dict(_DEFAULT_PRESETS)
        self.preset_positions: dict[int, dict[str, str]] = {
            number: dict(position) for number, position in _DEFAULT_PRESET_POSITIONS.items()
        }
        self.at_preset: int | None = 1
        self.tours: dict[int, list[int]] = {tour: [] for tour in _TOURS}
        self.tours[1] = [1, 2]
        self.last_ptz: dict[str, str] | None = None

        self.reboots = 0
        self.factory_resets = 0
        self.camera_resets = 0
        self.sd_formats = 0
        self.failed_logins = 0
        self.unauthorized = 0
        self.failing_groups: set[str] = set()
        """Fault: a set of any of these groups (e.g. ``{"ImageInfo"}``) answers 503
        "Server failed." after its checks passed, changing nothing."""
        self.motion_detected = False
        """Set by trigger_motion(); the spec has no request that reports alarms."""

        # CameraTime is the host clock plus this offset (0: the clock is right, as after
        # an NTP sync); UpTime counts from the last (simulated) boot.
        self._clock_offset = 0.0
        self._booted = time.monotonic()
        self._boots = 0
        self._reboot_pending = False

        self._getters: dict[_GroupKey, _Getter] = {
            ("ptz", "PTZCtrlInfo"): self._ptz_get,
            ("ptz", "PresetNameInfo"): self._preset_names_get,
            ("ptz", "TourInfo"): self._tour_get,
            ("alarm", "IOTrigInfo"): self._io_trig_get,
        }
        self._checks: dict[_GroupKey, _Hook] = {
            ("sys", "TimeInfo"): self._time_check,
            ("sys", "SystemInfo"): self._system_check,
            ("camera", "BasicInfo"): self._basic_check,
            ("camera", "ExposureInfo"): self._exposure_check,
            ("record", "RecordControl"): self._record_control_check,
            ("record", "RecordDevice"): self._record_device_check,
            ("ptz", "PTZCtrlInfo"): self._ptz_check,
            ("ptz", "PresetNameInfo"): self._preset_names_check,
            ("ptz", "TourInfo"): self._tour_check,
        }
        self._actions: dict[_GroupKey, _Hook] = {
            ("sys", "TimeInfo"): self._time_apply,
            ("sys", "SystemInfo"): self._system_apply,
            ("sys", "Reboot"): lambda _given: self._schedule_reboot(),
            ("sys", "RmSerialnum"): self._remove_serial,
            ("major_stream", "StreamInfo"): lambda _given: self._fit_stream("major_stream"),
            ("minor_stream", "StreamInfo"): lambda _given: self._fit_stream("minor_stream"),
            ("camera", "ResetInfo"): self._camera_reset,
            ("record", "RecordDevice"): self._record_device_apply,
            ("net", "DigestLoginInfo"): self._digest_apply,
            ("ptz", "PTZCtrlInfo"): self._ptz_apply,
            ("ptz", "PresetNameInfo"): self._preset_names_apply,
            ("ptz", "TourInfo"): self._tour_apply,
            ("alarm", "IOTrigInfo"): self._io_trig_apply,
        }

        self._auth = CameraAuth(
            realm=REALM,
            get_mode=lambda: self.auth_mode,
            get_credentials=lambda: (self.username, self.password),
        )
        # 2.3.1.1: "Method: GET/POST". No HEAD, so a HEAD cannot open an endless stream.
        self.app.router.add_get("/cgi/{cgi}", self._cgi, allow_head=False)
        self.app.router.add_post("/cgi/{cgi}", self._cgi)
        self.app.router.add_get("/jpgimage/{channel}/image.jpg", self._jpeg, allow_head=False)
        self.app.router.add_get("/mjpgstreamreq/{channel}/image.jpg", self._mjpeg, allow_head=False)

    # -- state a test changes ----------------------------------------------------------

    def trigger_motion(self, on: bool = True) -> None:
        """Start (or end) a motion alarm (only ``motion_detected`` shows it)."""
        self.motion_detected = on

    @property
    def md_grid(self) -> MdGrid:
        """MDInfo's area as 18 rows of 22 cells (True = watched), top-left first."""
        return decode_md_area(self.md_info["MDArea"])

    def set_md_grid(self, grid: MdGrid) -> None:
        """Store ``grid`` (18 rows of 22 cells) as MDInfo's area."""
        self.md_info["MDArea"] = encode_md_area(grid)

    def set_sd_status(self, status: int) -> None:
        """Put the SD card in 3.5.1's state ``status`` (0-9); without a card no space."""
        if not 0 <= status <= 9:
            raise ValueError(f"SD status must be 0..9, got {status}")
        self.record_device["SDStatus"] = str(status)
        if status in (0, 2, 7):
            self.record_device["TotalSpace"] = "0"
            self.record_device["UsedSpace"] = "0"

    @property
    def recording(self) -> bool:
        """Whether manual recording runs: RecordControl Mode 1 with a mounted card."""
        return self.record_control["Mode"] == "1" and self.record_device["SDStatus"] == SD_MOUNTED

    @property
    def is_moving(self) -> bool:
        """Whether any PTZ movement (pan/tilt, lens, scan, pattern, tour) runs."""
        return bool(self.moving)

    # -- authentication ----------------------------------------------------------------

    def _check_auth(self, request: web.Request) -> None:
        """Raise the 401 answer unless the request carries the account's credentials.

        Only the Authorization header counts: the spec knows no query credentials.
        """
        wrong = self.faults.wrong_credentials and self.faults.applies_to(request.path)
        if wrong or not self._auth.is_authorized(request, {}):
            self.unauthorized += 1
            if hdrs.AUTHORIZATION in request.headers:
                self.failed_logins += 1
            raise self._auth.unauthorized()

    # -- /cgi/ (2.3.1) -----------------------------------------------------------------

    async def _cgi(self, request: web.Request) -> web.Response:
        self._check_auth(request)
        params = await request_params(request)
        cgi = request.match_info["cgi"]
        name, _, operation = cgi.rpartition("_")
        if operation not in OPERATIONS or not (name in self.classes or name in UNMODELLED_CLASSES):
            raise web.HTTPNotFound
        try:
            groups = self._dispatch(name, operation, params)
        except ResultError as err:
            body = render_message(
                cgi, err.code, err.text, [], without_code=self.result_without_code
            )
        else:
            body = render_message(
                cgi, CODE_OK, TEXT_OK, groups, without_code=self.result_without_code
            )
        response = _xml(body)
        if self._reboot_pending:
            # Answered first; the device then goes down (3.1.2.1, 3.1.4 Reboot).
            self._reboot_pending = False
            self._reboot()
        return response

    def _dispatch(self, name: str, operation: str, params: dict[str, str]) -> list[Group]:
        if name in UNMODELLED_CLASSES:
            raise not_supported()
        if (name == "ptz" and not self.has_ptz) or (name == "audio" and not self.has_audio):
            raise not_supported()
        if "Channel" in params and parse_int(params["Channel"]) != CHANNEL:
            raise invalid_channel()
        spec = self.classes[name]
        group_name = params.get("Group")
        given = {key: value for key, value in params.items() if key not in _NOT_PARAMETERS}
        if operation == "query":
            if group_name is None or group_name == "All":
                return [part for group in spec.groups for part in self._query(name, group)]
            return self._query(name, self._group(spec, group_name))
        if group_name is None:
            raise invalid_name()
        group = self._group(spec, group_name)
        if operation == "get":
            return self._get(name, group, given)
        return self._set(name, group, given)

    @staticmethod
    def _group(spec: ClassSpec, name: str) -> GroupSpec:
        if name in spec.unmodelled:
            raise not_supported()
        group = spec.group(name)
        if group is None:
            raise invalid_name()
        return group

    # -- get ---------------------------------------------------------------------------

    def _get(self, name: str, group: GroupSpec, given: dict[str, str]) -> list[Group]:
        getter = self._getters.get((name, group.name))
        if getter is not None:
            return getter(given)
        # Other parameters of a get are ignored (the syntax of 2.3.1.1 allows any).
        self._refresh(name, group.name)
        values = self.settings[name][group.name]
        rows: list[Row] = [_channel_row()] if group.channel else []
        rows += [
            (param.name, param.kind, values[param.name])
            for param in group.params
            if param.access != "wo"
        ]
        return [(group.name, rows)]

    def _refresh(self, name: str, group: str) -> None:
        """Bring live values up to date before they are read."""
        if (name, group) == ("sys", "TimeInfo"):
            self.time_info["CameraTime"] = str(int(time.time() + self._clock_offset))
            self.time_info["UpTime"] = str(int(time.monotonic() - self._booted))
        elif (name, group) == ("net", "DigestLoginInfo"):
            enabled = "1" if self.auth_mode == "digest" else "0"
            self.settings["net"]["DigestLoginInfo"]["AuthenticationEnable"] = enabled

    # -- query -------------------------------------------------------------------------

    def _query(self, name: str, group: GroupSpec) -> list[Group]:
        """2.3.1.2 example 3: ranges ``a ... b``, options ``a, b``, read-only empty."""
        profile = self._profiles.get(name)
        if profile is not None and profile.repeated:
            # One group per resolution with the options valid at it (2.3.1.2, 3.2.1.3);
            # the channel only in the first, as 3.2.1.3 prints it once.
            groups: list[Group] = []
            for index, (resolution, domains) in enumerate(profile.domains.items()):
                rows: list[Row] = [_channel_row()] if index == 0 else []
                for param in group.params:
                    if param.name == "Resolution":
                        rows.append((param.name, param.kind, resolution))
                    else:
                        domain = domains.get(param.name, param.domain)
                        rows.append((param.name, param.kind, domain.describe))
                groups.append((group.name, rows))
            return groups
        rows = [_channel_row()] if group.channel else []
        rows += [(param.name, param.kind, param.domain.describe) for param in group.params]
        return [(group.name, rows)]

    # -- set ---------------------------------------------------------------------------

    def _set(self, name: str, group: GroupSpec, given: dict[str, str]) -> list[Group]:
        resolved = self._resolve(group, given)
        values = self.settings[name][group.name]
        accepted: dict[str, str] = {}
        found: dict[str, Param] = {}
        for key, value in resolved.items():
            param = group.param(key)
            if param is None or param.access == "ro":
                raise invalid_name()
            domain = self._domain(name, param, resolved, values)
            if not domain.check(value):
                raise invalid_value()
            accepted[key] = domain.normalize(value)
            found[key] = param
        if not accepted and not group.action:
            raise invalid_name()
        if any(required not in accepted for required in group.required):
            raise invalid_name()
        check = self._checks.get((name, group.name))
        if check is not None:
            check(accepted)
        if group.name in self.failing_groups:
            raise failed()
        values.update({key: value for key, value in accepted.items() if found[key].access == "rw"})
        action = self._actions.get((name, group.name))
        if action is not None:
            action(accepted)
        rows: list[Row] = [_channel_row()] if group.channel else []
        rows += [(key, found[key].kind, value) for key, value in accepted.items()]
        return [(group.name, rows)]

    def _resolve(self, group: GroupSpec, given: Mapping[str, str]) -> dict[str, str]:
        """Map the spec's other spellings of a parameter onto the canonical name."""
        resolved: dict[str, str] = {}
        number = given.get("IOTrigNum", "")
        for key, value in given.items():
            canonical = group.aliases.get(key, key)
            if group.name == "IOAccessInfo" and group.param(key) is None:
                canonical = self._io_access_alias(key, number)
            resolved[canonical] = value
        return resolved

    def _io_access_alias(self, key: str, number: str) -> str:
        # 3.13.2.4 spells the names three ways: the table's IOij/IMi/IFi/ITi/ISi/IAi, the
        # example's IO1 (output 1) and IM (no number), and the URL's Mi/Fi/Ai/Ti/Si.
        # Unnumbered names belong to the input IOTrigNum names.
        parsed = parse_int(number)
        if parsed is None or not 1 <= parsed <= self.alarm_inputs:
            return key  # left unmapped: a 402 either way (its name, or IOTrigNum's value)
        number = str(parsed)
        if key.startswith("IO") and len(key) == 3 and key[2].isdigit():
            return f"IO{number}{key[2]}"
        if key in ("IM", "IF", "IT", "IS", "IA"):
            return f"{key}{number}"
        if len(key) >= 2 and key[0] in "MFATS" and key[1:].isdigit():
            return f"I{key}"
        return key

    def _domain(
        self, name: str, param: Param, given: Mapping[str, str], values: Mapping[str, str]
    ) -> Domain:
        """The domain of ``param`` for this set: a StreamInfo's depend on its resolution."""
        profile = self._profiles.get(name)
        if profile is not None:
            resolution = given.get("Resolution", values.get("Resolution", ""))
            domain = profile.domains.get(resolution, {}).get(param.name)
            if domain is not None:
                return domain
        return param.domain

    # -- sys (3.1) ---------------------------------------------------------------------

    @staticmethod
    def _time_check(given: dict[str, str]) -> None:
        # The time is set by hand only with TimeMethod 0 (3.1.2.3 example 1).
        if given["TimeMethod"] == "1" and "CameraTime" in given:
            raise not_available()

    def _time_apply(self, given: dict[str, str]) -> None:
        if given["TimeMethod"] == "1":
            self._clock_offset = 0.0  # "synchronised": the host clock
        elif "CameraTime" in given:
            self._clock_offset = int(given["CameraTime"]) - time.time()

    @staticmethod
    def _system_check(given: dict[str, str]) -> None:
        # 3.1.4: IPkeep is "Use with ResetFlag".
        if "IPkeep" in given and "ResetFlag" not in given:
            raise invalid_name()

    def _system_apply(self, given: dict[str, str]) -> None:
        if "ResetFlag" not in given:
            return
        if given["ResetFlag"] == "1":
            # IPkeep without a value keeps the address (the spec gives no default; losing
            # the device on the network is the worse surprise).
            self._factory_reset(keep_ip=given.get("IPkeep", "1") == "1")
        self._schedule_reboot()

    def _remove_serial(self, _given: dict[str, str]) -> None:
        self.device_info["SerialNum"] = ""

    def _schedule_reboot(self) -> None:
        self._reboot_pending = True

    def _reboot(self) -> None:
        self.reboots += 1
        self._boots += 1
        self._booted = time.monotonic()
        # Settings survive a reboot; movement does not.
        self.moving.clear()
        self.faults.go_offline_for(self.faults.reboot_downtime)

    def _factory_reset(self, *, keep_ip: bool) -> None:
        """Every setting back to its default, except identity (and the address if kept)."""
        self.factory_resets += 1
        for name, groups in self._defaults.items():
            for group, defaults in groups.items():
                if (name, group) == ("sys", "DeviceInfo"):
                    continue
                if keep_ip and (name, group) == ("net", "AddressInfo"):
                    continue
                values = self.settings[name][group]
                values.clear()
                values.update(defaults)
        self.auth_mode = self._factory_auth_mode
        self._clock_offset = 0.0
        # In place, so that a test holding one of these sees the reset.
        self.io_triggers.update(dict.fromkeys(self.io_triggers, "1"))
        self.presets.clear()
        self.presets.update(_DEFAULT_PRESETS)
        self.preset_positions.clear()
        self.preset_positions.update(
            {number: dict(position) for number, position in _DEFAULT_PRESET_POSITIONS.items()}
        )
        for tour, presets in self.tours.items():
            presets[:] = [1, 2] if tour == 1 else []
        self.ptz_speed.update({"PanSpeed": "6", "TiltSpeed": "6"})

    # -- streams (3.2) -----------------------------------------------------------------

    def _fit_stream(self, name: str) -> None:
        """After a resolution change, bring values the new resolution lacks into range.

        The spec is silent; firmware clamps rather than refusing the resolution.
        """
        values = self.settings[name]["StreamInfo"]
        for key, domain in self._profiles[name].domains.get(values["Resolution"], {}).items():
            if not domain.check(values[key]) and domain.bounds is not None:
                number = parse_int(values[key]) or 0
                low, high = domain.bounds
                values[key] = str(min(max(number, low), high))

    # -- camera (3.8) ------------------------------------------------------------------

    def _basic_check(self, given: dict[str, str]) -> None:
        # 3.8.4: WBRGain/WBBGain are "Effective when WBMode = 1".
        mode = given.get("WBMode", self.basic_info["WBMode"])
        if mode != "1" and ("WBRGain" in given or "WBBGain" in given):
            raise not_available()

    def _exposure_check(self, given: dict[str, str]) -> None:
        # 3.8.2.2 example 3: the manual gain and shutter go with ExposureMode 2 (manual).
        mode = given.get("ExposureMode", self.exposure_info["ExposureMode"])
        if mode != "2" and ("AGCManual" in given or "ShutterManual" in given):
            raise not_available()

    def _camera_reset(self, _given: dict[str, str]) -> None:
        # 3.8.2.3: ResetInfo restores the camera (image sensor) settings.
        self.camera_resets += 1
        for group in ("BasicInfo", "ExposureInfo"):
            self.settings["camera"][group].clear()
            self.settings["camera"][group].update(self._defaults["camera"][group])

    # -- record (3.5) ------------------------------------------------------------------

    def _record_control_check(self, given: dict[str, str]) -> None:
        if given.get("Mode") == "1" and self.record_device["SDStatus"] != SD_MOUNTED:
            raise not_available()

    def _record_device_check(self, given: dict[str, str]) -> None:
        status = self.record_device["SDStatus"]
        if status in ("0", SD_PULLED_OUT):
            raise not_available()  # no card (or the device is off)
        if given["Operate"] == "2" and (status == "6" or self.record_device["WriteProtect"] == "1"):
            raise not_available()

    def _record_device_apply(self, given: dict[str, str]) -> None:
        operation = given["Operate"]
        if operation == "0":
            self.record_device["SDStatus"] = SD_UNMOUNTED
            self.record_control["Mode"] = "0"  # recording stops with the card
        elif operation == "1":
            self.record_device["SDStatus"] = SD_MOUNTED
        else:
            self.sd_formats += 1
            self.record_device["UsedSpace"] = "0"
            self.record_device["SDStatus"] = SD_MOUNTED

    # -- net (3.9) ---------------------------------------------------------------------

    def _digest_apply(self, given: dict[str, str]) -> None:
        # From the next request on, the server asks for the other scheme.
        self.auth_mode = "digest" if given["AuthenticationEnable"] == "1" else "basic"

    # -- ptz (3.6) ---------------------------------------------------------------------

    def _ptz_get(self, _given: dict[str, str]) -> list[Group]:
        # The spec shows no get answer: the speeds of the last move and the position, in
        # the units of 3.6.2.8's absolute positioning.
        rows: list[Row] = [
            _channel_row(),
            ("PanSpeed", "int", self.ptz_speed["PanSpeed"]),
            ("TiltSpeed", "int", self.ptz_speed["TiltSpeed"]),
            *((key, "int", self.position[key]) for key in _PTZ_POSITION),
        ]
        return [("PTZCtrlInfo", rows)]

    @staticmethod
    def _ptz_check(given: dict[str, str]) -> None:
        # 3.6.2.5-3.6.2.8's URL syntax: a preset, pattern or auto-pan action needs its
        # number; PresetTitle goes with Preset; a position needs Model.
        for command, number in _PTZ_PAIRS:
            if (command in given) != (number in given):
                raise invalid_name()
        if "PresetTitle" in given and "Preset" not in given:
            raise invalid_name()
        if any(key in given for key in _PTZ_POSITION) and "Model" not in given:
            raise invalid_name()

    def _ptz_apply(self, given: dict[str, str]) -> None:
        """Run the commands of one PTZCtrlInfo set; a Stop first, so Stop + move moves.

        Continuous moves (Direction, Zoom, Focus, Iris, AutoScan, Pattern/AutoPan run) last
        until Stop=0, as with the Pelco heads behind such servers; the position only
        changes with Model (3.6.2.8) and preset calls. Pattern/AutoPan 0 and 1 (record the
        start and end) are only logged in ``last_ptz``. ``Preset=2`` removes a preset: V3.1
        has no removal (the issue asks for one; Pelco-D has "clear preset"); with
        ``preset_remove=False`` the query offers 0, 1 only and 2 is a 402.
        """
        if "Stop" in given:
            self.moving.clear()
        for key in ("PanSpeed", "TiltSpeed"):
            if key in given:
                self.ptz_speed[key] = given[key]
        if "Direction" in given:
            self.moving["Direction"] = given["Direction"]
            self.at_preset = None
        for key in ("Zoom", "Focus", "Iris"):
            if key in given:
                self.moving[key] = given[key]
        if "AutoScan" in given:
            self.moving["AutoScan"] = given["AutoScan"]
            self.at_preset = None
        for command, number in _PTZ_PAIRS[1:]:
            if given.get(command) == "2":
                self.moving[command] = given[number]
                self.at_preset = None
        if "Preset" in given:
            self._preset(int(given["PresetNumber"]), given["Preset"], given.get("PresetTitle"))
        if "Model" in given:
            self._position(given, relative=given["Model"] == "1")
        self.last_ptz = dict(given)

    def _preset(self, number: int, action: str, title: str | None) -> None:
        if action == "0":
            self.presets[number] = title or self.presets.get(number) or f"Preset {number}"
            self.preset_positions[number] = dict(self.position)
            self.at_preset = number
        elif action == "1":
            # An unsaved preset: the head stays where it is and the call still succeeds,
            # as a Pelco head does (the spec is silent).
            if number in self.presets:
                self._stop_travel()
                self.position.update(self.preset_positions.get(number, self.position))
                self.at_preset = number
        else:
            self.presets.pop(number, None)
            self.preset_positions.pop(number, None)
            for tour in self.tours.values():
                tour[:] = [preset for preset in tour if preset != number]
            if self.at_preset == number:
                self.at_preset = None

    def _position(self, given: Mapping[str, str], *, relative: bool) -> None:
        # 3.6.4 Model: 0 absolute, 1 relative. Relative offsets can only be positive (the
        # ranges start at 0): pan and tilt wrap at 360 degrees, the zoom stops at its end.
        self._stop_travel()
        self.at_preset = None
        for key in _PTZ_POSITION:
            if key not in given:
                continue
            value = int(given[key])
            if relative:
                current = int(self.position[key])
                if key == "ZoomPosition":
                    value = min(current + value, _ZOOM_MAX)
                else:
                    value = (current + value) % _FULL_TURN
            self.position[key] = str(value)

    def _stop_travel(self) -> None:
        """End every movement that changes the position (the lens keeps going)."""
        for key in ("Direction", "AutoScan", "Pattern", "AutoPan", "Tour"):
            self.moving.pop(key, None)

    def _preset_names_get(self, given: dict[str, str]) -> list[Group]:
        # The spec shows no answer: one group per saved preset (as a query repeats
        # StreamInfo), or the one asked for with PresetNumber; none saved: an empty group.
        if "PresetNumber" in given:
            number = parse_int(given["PresetNumber"])
            if number is None or number not in self.presets:
                raise invalid_value()
            numbers = [number]
        else:
            numbers = sorted(self.presets)
        if not numbers:
            return [("PresetNameInfo", [])]
        groups: list[Group] = []
        for number in numbers:
            rows: list[Row] = [
                ("PresetNumber", "int", str(number)),
                ("PresetTitle", "string", self.presets[number]),
            ]
            groups.append(("PresetNameInfo", rows))
        return groups

    def _preset_names_check(self, given: dict[str, str]) -> None:
        # Only a saved preset can be renamed (the spec is silent).
        if int(given["PresetNumber"]) not in self.presets:
            raise invalid_value()

    def _preset_names_apply(self, given: dict[str, str]) -> None:
        self.presets[int(given["PresetNumber"])] = given["PresetTitle"]

    def _tour_get(self, _given: dict[str, str]) -> list[Group]:
        # The spec shows no answer: one group per tour, TourAct 1 while it runs, then one
        # PresetNumber element per preset it visits.
        groups: list[Group] = []
        for tour, presets in self.tours.items():
            running = self.moving.get("Tour") == str(tour)
            rows: list[Row] = [
                ("TourNum", "int", str(tour)),
                ("TourAct", "int", "1" if running else "0"),
                *(("PresetNumber", "int", str(preset)) for preset in presets),
            ]
            groups.append(("TourInfo", rows))
        return groups

    def _tour_check(self, given: dict[str, str]) -> None:
        # TourAct has no description: 1 starts the tour, 0 stops it; PresetNumber adds a
        # saved preset to it. An empty tour cannot run (502).
        if "PresetNumber" in given and int(given["PresetNumber"]) not in self.presets:
            raise invalid_value()
        tour = int(given["TourNum"])
        if given.get("TourAct") == "1" and not self.tours[tour] and "PresetNumber" not in given:
            raise not_available()

    def _tour_apply(self, given: dict[str, str]) -> None:
        tour = int(given["TourNum"])
        if "PresetNumber" in given:
            preset = int(given["PresetNumber"])
            if preset not in self.tours[tour]:
                self.tours[tour].append(preset)
        if given.get("TourAct") == "1":
            self._stop_travel()
            self.moving["Tour"] = str(tour)
            self.at_preset = None
        elif given.get("TourAct") == "0" and self.moving.get("Tour") == str(tour):
            del self.moving["Tour"]

    # -- alarm (3.13) ------------------------------------------------------------------

    def _io_trig_get(self, _given: dict[str, str]) -> list[Group]:
        # 3.13.1.1's answer (IO number, IOTrig) for each input, as repeated groups.
        return [
            ("IOTrigInfo", [("IOTrigNum", "int", str(number)), ("IOTrig", "int", value)])
            for number, value in self.io_triggers.items()
        ]

    def _io_trig_apply(self, given: dict[str, str]) -> None:
        self.io_triggers[int(given["IOTrigNum"])] = given["IOTrig"]

    def io_access_of(self, number: int) -> dict[str, str]:
        """IOAccessInfo's links of alarm input ``number`` (IOij, IMi, ISi, IFi, ITi, IAi)."""
        return {name: self.io_access[name] for name in io_access_names(number, self.alarm_outputs)}

    # -- JPEG / MJPEG (3.15) -----------------------------------------------------------

    @staticmethod
    def _check_path_channel(request: web.Request) -> None:
        if parse_int(request.match_info["channel"]) != CHANNEL:
            raise web.HTTPNotFound

    async def _jpeg(self, request: web.Request) -> web.Response:
        self._check_auth(request)
        self._check_path_channel(request)
        width, height = _PICTURE_SIZE
        return web.Response(
            status=HTTPStatus.OK,
            body=jpeg_frame(width, height, self.model),
            content_type="image/jpeg",
        )

    async def _mjpeg(self, request: web.Request) -> web.StreamResponse:
        self._check_auth(request)
        self._check_path_channel(request)
        if self.mjpeg_stream["Resolution"] == "CLOSED":
            # 3.2.3.3's CLOSED: no MJPEG encoder, so no stream (the spec is silent).
            raise web.HTTPNotFound
        cut_mid_part = self.faults.reset_mid_body and self.faults.applies_to(request.path)
        response = _stream_response()
        await response.prepare(request)
        boots = self._boots
        next_due = time.monotonic()
        parts_sent = 0
        try:
            while not self.stopping.is_set():
                if boots != self._boots:
                    drop_connection(request)  # a reboot takes the stream down too
                    break
                resolution = self.mjpeg_stream["Resolution"]
                if resolution == "CLOSED":
                    break
                width, height = _size(resolution)
                part = _part(jpeg_frame(width, height, f"{self.model} MJPEG"))
                if cut_mid_part and parts_sent == 1:
                    await response.write(part[: len(part) // 2])
                    drop_connection(request)
                    break
                await response.write(part)
                parts_sent += 1
                # The pace is the MJPEG FrameRate (3.2.3), read on every frame.
                rate = parse_int(self.mjpeg_stream["FrameRate"]) or 1
                next_due = max(next_due + 1.0 / max(rate, 1), time.monotonic())
                if not await sleep_unless_stopping(next_due - time.monotonic(), self.stopping):
                    break
        except ConnectionError:
            pass  # the client went away: the stream simply ends
        return response
