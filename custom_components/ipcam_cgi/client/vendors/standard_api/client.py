"""Client of "IP Camera Standard API" Rev 5.0.0 cameras (param.cgi, eventdata.cgi, ptz.cgi, io)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar, Final

from ...errors import CameraError, NotSupportedError, ParseError, ResponseError
from ...events import EventStream
from ...models import (
    Capabilities,
    ClientOptions,
    DeviceInfo,
    Feature,
    LensAxis,
    LensDirection,
    PresetAction,
    PtzDirection,
    SettingKind,
    SettingSpec,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    Vendor,
)
from ...transport import AuthScheme, HttpResponse, StreamResponse, Transport
from ...vendor import VendorClient, async_absent_path_is_unprotected
from . import ptz
from .parse import (
    check_ok,
    find_mac,
    first_param,
    param_flag,
    parse_eventdata,
    parse_float,
    parse_io_status,
    parse_key_values,
    parse_param_list,
    parse_ptz_info,
    parse_ptz_values,
    whole_number,
)
from .status import (
    ALL_GROUPS,
    FACE_GROUP,
    IO_GROUP,
    MAX_IO,
    MOTION_GROUPS,
    TAMPER_GROUP,
    StatusLayout,
    decode_body,
    input_key,
    output_key,
)

PARAM_PATH: Final = "/cgi-bin/admin/param.cgi"
EVENTDATA_PATH: Final = "/cgi-bin/admin/eventdata.cgi"
INPUT_PATH: Final = "/cgi-bin/io/input.cgi"
OUTPUT_PATH: Final = "/cgi-bin/io/output.cgi"
SNAPSHOT_PATH: Final = "/cgi-bin/jpg/image.cgi"
RESTART_PATH: Final = "/cgi-bin/admin/restart.cgi"
# Spec 5.5.2: "Connect a video stream by HTTP ... http://<servername>:8008".
MJPEG_PORT: Final = 8008
RTSP_PATHS: Final = {StreamQuality.MAIN: "h264", StreamQuality.SUB: "h264_2"}
_RTSP_PORT_PARAMS: Final = ("Network.RTSP.Port", "*.RTSP.Port", "*.RTSPPort")

_MODEL_PARAMS: Final = (
    "Brand.ProdShortName",
    "Brand.ProdFullName",
    "Properties.System.Model",
    "*.ModelName",
    "*.ProdNbr",
    "*.Model",
)
_FIRMWARE_PARAMS: Final = ("Properties.Firmware.Version", "*.FirmwareVersion", "*.Firmware.Version")
_SERIAL_PARAMS: Final = ("Properties.System.SerialNumber", "*.SerialNumber", "*.SerialNo")
_HARDWARE_PARAMS: Final = ("Properties.System.HardwareID", "*.HardwareVersion", "*.HardwareID")
_NAME_PARAMS: Final = ("Network.HostName", "System.HostName", "*.DeviceName")
_BRAND_PARAMS: Final = ("Brand.Brand",)
# Parameters that hold secrets (SMTP/PPPoE/DDNS passwords...): blanked in diagnostics.
_SECRET_PARAM_RE: Final = re.compile(
    r"^(?P<name>(?:root\.)?[\w.]*(?:pass(?:word|wd)?|pwd|secret|token|psk|key)\d*)=.*$",
    re.IGNORECASE | re.MULTILINE,
)
_IO_PARAM_RE: Final = re.compile(r"^IO\.(Input|Output)\.[IO](\d+)\.", re.IGNORECASE)

# Setting key -> param.cgi name (spec 5.4.2: Motion is Event.E1, tampering Event.E2).
_EVENT_PARAMS: Final = {
    "motion_detection": "Event.E1.Enabled",
    "tamper_detection": "Event.E2.Enabled",
}
_SENSITIVITY_PARAM: Final = "Event.E1.Sensitivity"
_SWITCH: Final = SettingSpec(kind=SettingKind.SWITCH)
_SENSITIVITY: Final = SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=100)
_SETTINGS: Final[Mapping[str, SettingSpec]] = MappingProxyType(
    {
        "motion_detection": _SWITCH,
        "tamper_detection": _SWITCH,
        "motion_sensitivity": _SENSITIVITY,
        **{output_key(n): _SWITCH for n in range(1, MAX_IO + 1)},
    }
)


def redact_params(text: str) -> str:
    """Blank secret parameter values of a param.cgi list (for diagnostics)."""
    return _SECRET_PARAM_RE.sub(lambda m: f"{m.group('name')}=**REDACTED**", text)


class StandardApiClient(VendorClient):
    """A camera speaking the "IP Camera Standard API" (E-Vidence, Beward BD and other OEMs)."""

    vendor: ClassVar[Vendor] = Vendor.STANDARD_API
    manufacturer: ClassVar[str] = "IP Camera Standard API"
    # Basic (pre-emptive once learned) or Digest, learned from the first challenge.
    auth_scheme: ClassVar[AuthScheme] = AuthScheme.AUTO
    setting_catalogue: ClassVar[Mapping[str, SettingSpec]] = _SETTINGS
    push_by_default: ClassVar[bool] = True

    @classmethod
    async def async_fingerprint(cls, transport: Transport) -> bool:
        """param.cgi exists (200 `root.` lines, or 401) where a missing path is no 401."""
        try:
            response = await transport.request(
                PARAM_PATH,
                {"action": "list", "group": "Network"},
                use_auth=False,
                accept_statuses=frozenset({401, 404}),
            )
        except CameraError:
            return False
        if response.status == 404:
            return False
        if response.status == 200:
            return response.text().lstrip().lower().startswith("root.")
        return await async_absent_path_is_unprotected(transport)

    def __init__(self, transport: Transport, options: ClientOptions | None = None) -> None:
        """Bind to the transport."""
        super().__init__(transport, options)
        self._params: dict[str, str] = {}
        self._layout = StatusLayout(groups=tuple(MOTION_GROUPS))
        self._ptz = ptz.PtzSupport(commands=frozenset())
        self._settings: dict[str, SettingSpec] = {}
        self._rtsp_port = 554

    async def _get(self, path: str, params: Mapping[str, str | int] | None = None) -> str:
        response = await self.transport.request(path, params)
        return response.text()

    async def _command(self, path: str, params: Mapping[str, str | int]) -> None:
        check_ok(await self._get(path, params))

    async def _param_list(self, group: str | None = None) -> dict[str, str]:
        params: dict[str, str | int] = {"action": "list"}
        if group is not None:
            params["group"] = group
        response: HttpResponse = await self.transport.request(
            PARAM_PATH, params, redact_body=redact_params
        )
        return parse_param_list(response.text())

    async def async_identify(self) -> DeviceInfo:
        """The whole param list (administrator): identity, IO layout, RTSP port, settings."""
        self._params = await self._param_list()
        params = self._params
        if port := first_param(params, _RTSP_PORT_PARAMS):
            self._rtsp_port = whole_number(port) or self._rtsp_port
        mac = find_mac(params)
        serial = first_param(params, _SERIAL_PARAMS)
        brand = first_param(params, _BRAND_PARAMS)
        return DeviceInfo(
            vendor=self.vendor,
            manufacturer=brand or self.manufacturer,
            model=first_param(params, _MODEL_PARAMS),
            name=first_param(params, _NAME_PARAMS),
            mac=mac,
            serial=serial or (mac.replace(":", "") if mac else None),
            firmware=first_param(params, _FIRMWARE_PARAMS),
            hardware=first_param(params, _HARDWARE_PARAMS),
        )

    async def async_capabilities(self) -> Capabilities:
        """Eventdata (all groups) says which events exist; ptz.cgi?info=1 which PTZ commands."""
        if not self._params:
            self._params = await self._param_list()
        groups = parse_eventdata(await self._get(EVENTDATA_PATH, {"action": "get"}))
        present = tuple(g for g in ALL_GROUPS if g in groups)
        inputs, outputs = await self._io_layout(groups)
        self._layout = StatusLayout(
            groups=present or tuple(MOTION_GROUPS), inputs=inputs, outputs=outputs
        )
        self._ptz = await self._ptz_support()
        self._settings = self._present_settings()
        events = {MOTION_GROUPS["Motion"]}
        for group, key in MOTION_GROUPS.items():
            # The extra windows only where enabled: a disabled window never sees motion.
            if group != "Motion" and groups.get(group, {}).get("Enabled", "0").strip() == "1":
                events.add(key)
        if TAMPER_GROUP in groups:
            events.add("tamper")
        events.update(input_key(n) for n in inputs)
        sensors = {"motion_level"} if "Level" in groups.get("Motion", {}) else set()
        if FACE_GROUP in groups:
            sensors.add("faces")
        sensors.update(self._ptz.position_sensors())
        features = {Feature.SNAPSHOT, Feature.MJPEG, Feature.RTSP, Feature.EVENT_STREAM}
        features |= self._ptz.features()
        return Capabilities(
            features=frozenset(features),
            events=frozenset(events),
            sensors=frozenset(sensors),
            settings=dict(self._settings),
            buttons=frozenset({"reboot"}) | self._ptz.buttons(),
            ptz_presets=ptz.PRESETS if Feature.PTZ_PRESETS in features else (),
            patrol_modes=self._ptz.patrol_modes(),
            streams=(StreamQuality.MAIN, StreamQuality.SUB),
        )

    async def _io_layout(
        self, groups: Mapping[str, Mapping[str, str]]
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Inputs (the enabled ones) and outputs, from the param names and the IO status."""
        counts = {"input": set[str](), "output": set[str]()}
        for name in self._params:
            if match := _IO_PARAM_RE.match(name):
                counts[match.group(1).lower()].add(match.group(2))
        io = groups.get(IO_GROUP, {})
        status = parse_io_status(io["Status"]) if "Status" in io else None
        enabled = status.input_enabled if status else frozenset()
        # The param names may count from 0 (I0) or 1 (I1); the IO fields always from 1.
        input_count = len(counts["input"]) or (max(enabled) if enabled else 0)
        inputs = tuple(n for n in range(1, min(input_count, MAX_IO) + 1) if n in enabled)
        output_count = len(counts["output"])
        if not output_count and status is not None:
            output_count = await self._probe_outputs()
        return inputs, tuple(range(1, min(output_count, MAX_IO) + 1))

    async def _probe_outputs(self) -> int:
        """Firmware that lists no IO parameters: output.cgi?check=1 tells if output 1 exists."""
        try:
            answer = parse_key_values(await self._get(OUTPUT_PATH, {"check": 1}))
        except (ResponseError, ParseError):
            return 0
        return 1 if "output1" in answer else 0

    async def _ptz_support(self) -> ptz.PtzSupport:
        """info=1, else the spec's model table (firmware whose info=1 fails or says nothing)."""
        try:
            text = await self._get(ptz.PTZ_PATH, {"info": 1})
            commands = parse_ptz_info(text)
        except (ResponseError, ParseError):
            text, commands = "", frozenset()
        if commands:
            return ptz.PtzSupport(
                commands=commands, autofocus_modes=parse_ptz_values(text, "autofocus")
            )
        model = first_param(self._params, _MODEL_PARAMS)
        return ptz.PtzSupport(
            commands=ptz.commands_for_model(model), autofocus_modes=ptz.autofocus_for_model(model)
        )

    def _present_settings(self) -> dict[str, SettingSpec]:
        settings = {key: _SWITCH for key, name in _EVENT_PARAMS.items() if name in self._params}
        if _SENSITIVITY_PARAM in self._params:
            settings["motion_sensitivity"] = _SENSITIVITY
        settings.update({output_key(n): _SWITCH for n in self._layout.outputs})
        return settings

    async def async_fast_status(self) -> StatusUpdate:
        """eventdata.cgi?action=get with every group the camera has: ONE request."""
        response = await self.transport.request(
            EVENTDATA_PATH, {"action": "get", "group": self._layout.group_param}
        )
        return decode_body(response.body, self._layout)

    async def async_open_event_stream(self, watchdog: float) -> EventStream:
        """eventdata.cgi?action=monitor: a part per change (and periodically) on one connection."""
        response = await self.transport.open_stream(
            EVENTDATA_PATH,
            {"action": "monitor", "group": self._layout.group_param},
            read_timeout=watchdog,
        )
        layout = self._layout
        return EventStream(response, lambda body: decode_body(body, layout), watchdog=watchdog)

    async def async_read_settings(self) -> Mapping[str, SettingValue]:
        """param.cgi Event group, and the PTZ position where the camera reports it."""
        params = await self._param_list("Event")
        self._params.update(params)
        settings: dict[str, SettingValue] = {}
        for key, name in _EVENT_PARAMS.items():
            if key in self._settings and (flag := param_flag(params.get(name))) is not None:
                settings[key] = flag
        sensitivity = whole_number(params.get(_SENSITIVITY_PARAM, ""))
        if "motion_sensitivity" in self._settings and sensitivity is not None:
            settings["motion_sensitivity"] = sensitivity
        if self._ptz.reports_position:
            settings.update(await self._position())
        return settings

    async def _position(self) -> dict[str, SettingValue]:
        """query=position: pan/tilt in degrees, zoom 0-9999 steps shown as percent."""
        try:
            values = parse_key_values(await self._get(ptz.PTZ_PATH, {"query": "position"}))
        except ResponseError:
            return {}
        position: dict[str, SettingValue] = {}
        if (pan := parse_float(values, "pan")) is not None:
            position["ptz_pan"] = pan
        if (tilt := parse_float(values, "tilt")) is not None:
            position["ptz_tilt"] = tilt
        if (zoom := parse_float(values, "zoom")) is not None:
            position["ptz_zoom"] = round(zoom / ptz.ZOOM_STEPS * 100, 1)
        return position

    async def async_write_setting(self, key: str, value: SettingValue) -> None:
        """param.cgi update (answers `OK`), or io/output.cgi for the outputs."""
        if key not in self._settings:
            raise NotSupportedError(key)
        if key.startswith("output_"):
            number = int(key.removeprefix("output_"))
            # Spec 5.4.1.2: `/` = active, `\` = inactive.
            await self._command(OUTPUT_PATH, {"action": f"{number}:{'/' if value else chr(92)}"})
            return
        if key == "motion_sensitivity":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise NotSupportedError(f"value {value!r}")
            if not 0 <= value <= 100 or value != int(value):
                raise NotSupportedError(f"sensitivity {value} (0-100)")
            await self._update(_SENSITIVITY_PARAM, str(int(value)))
            return
        name = _EVENT_PARAMS[key]
        await self._update(name, self._flag_like(name, bool(value)))

    def _flag_like(self, name: str, on: bool) -> str:
        """`yes`/`no` as the spec writes them, or `1`/`0` where the camera lists flags so."""
        if self._params.get(name, "").strip() in ("0", "1"):
            return "1" if on else "0"
        return "yes" if on else "no"

    async def _update(self, name: str, value: str) -> None:
        await self._command(PARAM_PATH, {"action": "update", name: value})
        self._params[name] = value

    async def async_snapshot(self, quality: StreamQuality = StreamQuality.MAIN) -> bytes:
        """jpg/image.cgi (spec 5.2.1): one JPEG of the current stream."""
        response = await self.transport.request(SNAPSHOT_PATH)
        if not response.body.startswith(b"\xff\xd8"):
            raise ParseError("image.cgi did not answer a JPEG picture")
        return response.body

    async def async_open_mjpeg(self, quality: StreamQuality = StreamQuality.MAIN) -> StreamResponse:
        """MJPEG over HTTP from the camera's own server on port 8008 (spec 5.5.2)."""
        return await self.transport.open_stream("/", port=MJPEG_PORT)

    def rtsp_url(self, quality: StreamQuality = StreamQuality.MAIN) -> str | None:
        """rtsp://user:pass@host[:port]/h264 (main) or /h264_2 (second stream), spec 5.5.1."""
        port = None if self._rtsp_port == 554 else self._rtsp_port
        return self.transport.config.rtsp_url(RTSP_PATHS[quality], port)

    async def async_press(self, button: str) -> None:
        """restart.cgi, move=home or one push auto focus."""
        if button == "reboot":
            await self._command(RESTART_PATH, {})
        elif button == "ptz_home" and "ptz_home" in self._ptz.buttons():
            await self._ptz_command({"move": "home"})
        elif button == "autofocus" and "autofocus" in self._ptz.buttons():
            await self._ptz_command({"autofocus": self._ptz.auto_focus_value})
        else:
            raise NotSupportedError(button)

    async def _ptz_command(self, params: Mapping[str, str | int]) -> None:
        await self._command(ptz.PTZ_PATH, params)

    async def _ptz_stop(self, params: Mapping[str, str | int]) -> None:
        """Stops go out twice: cameras do not always stop on the first (public clients do so)."""
        await self._ptz_command(params)
        await self._ptz_command(params)

    def _require(self, feature: Feature) -> None:
        if feature not in self._ptz.features():
            raise NotSupportedError(str(feature))

    async def async_ptz_move(self, direction: PtzDirection, speed: int) -> None:
        """Continuouspantiltmove at the speed given."""
        self._require(Feature.PTZ_MOVE)
        await self._ptz_command(ptz.move_params(direction, speed, self.options.invert_pan))

    async def async_ptz_stop(self) -> None:
        """continuouspantiltmove=0,0, twice."""
        self._require(Feature.PTZ_MOVE)
        await self._ptz_stop(ptz.STOP_PARAMS)

    async def async_ptz_lens(self, axis: LensAxis, direction: LensDirection) -> None:
        """Continuouszoommove / continuousfocusmove / continuousirismove, or auto focus."""
        self._require(_LENS_FEATURES[axis])
        params = ptz.lens_params(axis, direction, self._ptz.auto_focus_value)
        if not set(params) <= self._ptz.commands:
            raise NotSupportedError(f"{axis} {direction} on this camera")
        await self._ptz_command(params)

    async def async_ptz_lens_stop(self, axis: LensAxis, direction: LensDirection) -> None:
        """The lens motor's stop, twice (a one push auto focus needs none)."""
        self._require(_LENS_FEATURES[axis])
        if axis is LensAxis.FOCUS and direction is LensDirection.AUTO:
            return
        await self._ptz_stop(ptz.lens_stop_params(axis))

    async def async_ptz_preset(self, action: PresetAction, preset: int) -> None:
        """Gotoserverpresetno (ptz.cgi), setserverpresetno / removeserverpresetno (ptzconfig)."""
        self._require(Feature.PTZ_PRESETS)
        if preset not in ptz.PRESETS:
            raise NotSupportedError(f"preset {preset} (the camera has 1-256)")
        if action is PresetAction.GOTO:
            await self._ptz_command({"gotoserverpresetno": preset})
        elif action is PresetAction.SAVE:
            await self._command(ptz.PTZ_CONFIG_PATH, {"setserverpresetno": preset})
        else:
            await self._command(ptz.PTZ_CONFIG_PATH, {"removeserverpresetno": preset})

    async def async_ptz_patrol(self, start: bool, mode: str | None) -> None:
        """Gotoserverautopanno / cruiseno / sequenceno; a stop of the pan/tilt ends it."""
        self._require(Feature.PTZ_PATROL)
        modes = self._ptz.patrol_modes()
        if mode is not None and mode not in modes:
            raise NotSupportedError(f"patrol mode {mode}")
        if start:
            await self._ptz_command(ptz.patrol_params(mode or modes[0]))
        else:
            await self._ptz_stop(ptz.STOP_PARAMS)

    async def async_ptz_position(
        self, pan: float | None, tilt: float | None, zoom: float | None
    ) -> None:
        """Absolute pan/tilt/zoom in one ptz.cgi request."""
        self._require(Feature.PTZ_POSITION)
        params = ptz.position_params(pan, tilt, zoom)
        missing = [name for name in params if name not in self._ptz.commands]
        if missing:
            raise NotSupportedError(f"absolute {', '.join(missing)}")
        await self._ptz_command(params)


_LENS_FEATURES: Final = {
    LensAxis.ZOOM: Feature.PTZ_ZOOM,
    LensAxis.FOCUS: Feature.PTZ_FOCUS,
    LensAxis.IRIS: Feature.PTZ_IRIS,
}
