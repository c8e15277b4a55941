"""Foscam MJPEG (Netwave firmware) client: "IP Camera CGI V1.27"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Final

from ...errors import CameraError, NotSupportedError, ParseError
from ...models import (
    Capabilities,
    ClientOptions,
    DeviceInfo,
    Feature,
    LensAxis,
    LensDirection,
    PresetAction,
    PtzDirection,
    PushTarget,
    SettingKind,
    SettingSpec,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    Vendor,
    mirrored_pan,
)
from ...transport import StreamResponse, Transport
from ...vendor import VendorClient
from .parse import (
    check_set_result,
    format_mac,
    optional_int,
    parse_int,
    parse_vars,
    redact_vars,
)

# get_status.cgi `alarm_status`: 0 none, 1 motion, 2 input, 3 sound.
_ALARM_EVENTS: Final = {1: "motion", 2: "input_alarm", 3: "sound"}

# decoder_control.cgi commands, "Internal motor" column of the spec.
_MOVE_COMMANDS: Final = {
    PtzDirection.UP: 0,
    PtzDirection.DOWN: 2,
    PtzDirection.LEFT: 4,
    PtzDirection.RIGHT: 6,
    PtzDirection.UP_LEFT: 90,
    PtzDirection.UP_RIGHT: 91,
    PtzDirection.DOWN_LEFT: 92,
    PtzDirection.DOWN_RIGHT: 93,
}
# The spec lists no stop for the diagonal moves (90-93); the firmware stops any move on
# "stop up" (1), as public clients (e.g. the foscam-python library) rely on.
_STOP_ANY: Final = 1
_CENTER: Final = 25
_PATROL: Final = {"vertical": (26, 27), "horizontal": (28, 29)}
_IO_OUTPUT_HIGH: Final = 94
_IO_OUTPUT_LOW: Final = 95
PRESET_COUNT: Final = 16

_RESOLUTIONS: Final = {"320x240": 8, "640x480": 32}
_POWER_FREQUENCY: Final = {"50hz": 0, "60hz": 1, "outdoor": 2}
_FLIP: Final = {"none": 0, "vertical": 1, "horizontal": 2, "both": 3}
_LED_MODE: Final = {"mode_1": 0, "mode_2": 1, "off": 2}

# Setting key -> (get_params.cgi variable, set_alarm.cgi parameter) for the alarm switches.
_ALARM_SWITCHES: Final = {
    "motion_detection": ("alarm_motion_armed", "motion_armed"),
    "sound_detection": ("alarm_sounddetect_armed", "sounddetect_armed"),
    "input_armed": ("alarm_input_armed", "input_armed"),
    "alarm_mail": ("alarm_mail", "mail"),
    "alarm_http": ("alarm_http", "http"),
}
_ALARM_NUMBERS: Final = {
    "motion_sensitivity": ("alarm_motion_sensitivity", "motion_sensitivity"),
    "sound_sensitivity": ("alarm_sounddetect_sensitivity", "sounddetect_sensitivity"),
}
# Setting key -> (get_camera_params.cgi variable, camera_control.cgi param number, options).
# The spec's camera_control table names param 5 "patrol" (an OCR/translation slip): it is the
# image flip, which get_camera_params.cgi reports as `flip` 0-3 and real firmware accepts.
_CAMERA_SELECTS: Final[dict[str, tuple[str, int, dict[str, int]]]] = {
    "resolution": ("resolution", 0, _RESOLUTIONS),
    "power_frequency": ("mode", 3, _POWER_FREQUENCY),
    "flip": ("flip", 5, _FLIP),
}
_CAMERA_NUMBERS: Final = {"brightness": ("brightness", 1), "contrast": ("contrast", 2)}

_SETTINGS: Final[dict[str, SettingSpec]] = {
    **{key: SettingSpec(kind=SettingKind.SWITCH) for key in _ALARM_SWITCHES},
    "motion_sensitivity": SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=9),
    "sound_sensitivity": SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=9),
    "brightness": SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=255),
    "contrast": SettingSpec(kind=SettingKind.NUMBER, minimum=0, maximum=6),
    **{
        key: SettingSpec(kind=SettingKind.SELECT, options=tuple(options))
        for key, (_, _, options) in _CAMERA_SELECTS.items()
    },
    "led_mode": SettingSpec(kind=SettingKind.SELECT, options=tuple(_LED_MODE)),
    # decoder_control 94/95 drive the output; no CGI reads it back.
    "io_output": SettingSpec(kind=SettingKind.SWITCH, readable=False),
}


class FoscamMjpegClient(VendorClient):
    """A Netwave-based Foscam MJPEG camera (FI8904W/FI8908W/FI8910W/FI8918W and clones)."""

    vendor: ClassVar[Vendor] = Vendor.FOSCAM_MJPEG
    manufacturer: ClassVar[str] = "Foscam"
    setting_catalogue: ClassVar[Mapping[str, SettingSpec]] = _SETTINGS

    @classmethod
    async def async_fingerprint(cls, transport: Transport) -> bool:
        """get_status.cgi needs no credentials (spec: "Permission: N/A")."""
        try:
            response = await transport.request("/get_status.cgi", use_auth=False)
            values = parse_vars(response.text())
        except CameraError:
            return False
        return "alarm_status" in values and "id" in values

    def __init__(self, transport: Transport, options: ClientOptions | None = None) -> None:
        """Bind to the transport."""
        super().__init__(transport, options)
        self._status_needs_auth = False

    async def _status_vars(self) -> dict[str, str]:
        """get_status.cgi, without credentials while the camera allows it.

        The spec gives it "Permission: N/A": sending the password (in clear with Basic) on
        every poll would only expose it. Clones that do ask get credentials from then on.
        """
        response = await self.transport.request(
            "/get_status.cgi",
            use_auth=self._status_needs_auth,
            accept_statuses=frozenset({401}),
        )
        if response.status == 401:
            self._status_needs_auth = True
            response = await self.transport.request("/get_status.cgi")
        return parse_vars(response.text())

    async def _vars(self, path: str, *, secret: bool = False) -> dict[str, str]:
        response = await self.transport.request(path, redact_body=redact_vars if secret else None)
        return parse_vars(response.text())

    async def _command(self, path: str, params: Mapping[str, str | int]) -> None:
        response = await self.transport.request(path, params)
        check_set_result(response.text())

    async def async_identify(self) -> DeviceInfo:
        """get_status.cgi says who; get_params.cgi (administrator) proves the credentials."""
        status = await self._status_vars()
        await self._vars("/get_params.cgi", secret=True)
        device_id = status.get("id", "")
        mac = format_mac(device_id)
        return DeviceInfo(
            vendor=self.vendor,
            manufacturer=self.manufacturer,
            model="MJPEG IP camera",
            name=status.get("alias") or None,
            mac=mac,
            serial=device_id or None,
            firmware=status.get("sys_ver") or None,
            hardware=status.get("app_ver") or None,
        )

    async def async_capabilities(self) -> Capabilities:
        """Fixed for this API: it cannot report which model it is, so PTZ is always offered."""
        return Capabilities(
            features=frozenset(
                {
                    Feature.SNAPSHOT,
                    Feature.MJPEG,
                    Feature.PTZ_MOVE,
                    Feature.PTZ_PRESETS,
                    Feature.PTZ_PATROL,
                    Feature.PUSH,
                }
            ),
            events=frozenset(_ALARM_EVENTS.values()),
            settings=_SETTINGS,
            buttons=frozenset({"reboot", "ptz_center"}),
            ptz_presets=tuple(range(1, PRESET_COUNT + 1)),
            patrol_modes=tuple(_PATROL),
            streams=(StreamQuality.MAIN, StreamQuality.SUB),
        )

    async def async_fast_status(self) -> StatusUpdate:
        """get_status.cgi: one request, alarm_status tells motion/input/sound."""
        values = await self._status_vars()
        alarm = parse_int(values, "alarm_status")
        return StatusUpdate(events={event: alarm == code for code, event in _ALARM_EVENTS.items()})

    async def async_read_settings(self) -> Mapping[str, SettingValue]:
        """get_params.cgi, get_camera_params.cgi and get_misc.cgi."""
        params = await self._vars("/get_params.cgi", secret=True)
        camera = await self._vars("/get_camera_params.cgi")
        misc = await self._vars("/get_misc.cgi")
        # A value the firmware leaves empty or garbled (`var alarm_mail=;`) leaves only that
        # setting unknown; it must not cost the user every other setting.
        settings: dict[str, SettingValue] = {}
        for key, (variable, _) in _ALARM_SWITCHES.items():
            if (number := optional_int(params, variable)) is not None:
                settings[key] = number == 1
        for key, (variable, _) in _ALARM_NUMBERS.items():
            if (number := optional_int(params, variable)) is not None:
                settings[key] = number
        for key, (variable, _) in _CAMERA_NUMBERS.items():
            if (number := optional_int(camera, variable)) is not None:
                settings[key] = number
        for key, (variable, _, options) in _CAMERA_SELECTS.items():
            option = _option_for(options, camera, variable)
            if option is not None:
                settings[key] = option
        led = _option_for(_LED_MODE, misc, "led_mode")
        if led is not None:
            settings["led_mode"] = led
        return settings

    async def async_write_setting(self, key: str, value: SettingValue) -> None:
        """set_alarm.cgi, camera_control.cgi, set_misc.cgi or decoder_control.cgi."""
        if key in _ALARM_SWITCHES:
            await self._command("/set_alarm.cgi", {_ALARM_SWITCHES[key][1]: int(bool(value))})
        elif key in _ALARM_NUMBERS:
            await self._command("/set_alarm.cgi", {_ALARM_NUMBERS[key][1]: _whole(value)})
        elif key in _CAMERA_NUMBERS:
            await self._camera_control(_CAMERA_NUMBERS[key][1], _whole(value))
        elif key in _CAMERA_SELECTS:
            _, param, options = _CAMERA_SELECTS[key]
            await self._camera_control(param, _option_value(options, value))
        elif key == "led_mode":
            await self._command("/set_misc.cgi", {"led_mode": _option_value(_LED_MODE, value)})
        elif key == "io_output":
            await self._decoder(_IO_OUTPUT_HIGH if value else _IO_OUTPUT_LOW)
        else:
            raise NotSupportedError(key)

    async def _camera_control(self, param: int, value: int) -> None:
        await self._command("/camera_control.cgi", {"param": param, "value": value})

    async def _decoder(self, command: int) -> None:
        await self._command("/decoder_control.cgi", {"command": command})

    async def async_snapshot(self, quality: StreamQuality = StreamQuality.MAIN) -> bytes:
        """snapshot.cgi: a JPEG at the camera's current resolution."""
        response = await self.transport.request("/snapshot.cgi")
        if not response.body.startswith(b"\xff\xd8"):
            raise ParseError("snapshot.cgi did not answer a JPEG picture")
        return response.body

    async def async_open_mjpeg(self, quality: StreamQuality = StreamQuality.MAIN) -> StreamResponse:
        """videostream.cgi at full speed; the sub stream is the 320x240 resolution."""
        resolution = _RESOLUTIONS["640x480" if quality is StreamQuality.MAIN else "320x240"]
        return await self.transport.open_stream(
            "/videostream.cgi", {"resolution": resolution, "rate": 0}
        )

    async def async_press(self, button: str) -> None:
        """reboot.cgi, or decoder_control center."""
        if button == "reboot":
            await self._command("/reboot.cgi", {})
        elif button == "ptz_center":
            await self._decoder(_CENTER)
        else:
            raise NotSupportedError(button)

    async def async_ptz_move(self, direction: PtzDirection, speed: int) -> None:
        """Start a move; the API has no speed (set_misc patrol rates only affect patrols)."""
        if self.options.invert_pan:
            direction = mirrored_pan(direction)
        await self._decoder(_MOVE_COMMANDS[direction])

    async def async_ptz_stop(self) -> None:
        """Stop any move."""
        await self._decoder(_STOP_ANY)

    async def async_ptz_lens(self, axis: LensAxis, direction: LensDirection) -> None:
        """The internal motor of these cameras drives no lens."""
        raise NotSupportedError(f"ptz_{axis}")

    async def async_ptz_preset(self, action: PresetAction, preset: int) -> None:
        """Presets 1-16: set = 30 + 2(n-1), go to = 31 + 2(n-1); the API cannot remove one."""
        if not 1 <= preset <= PRESET_COUNT:
            raise NotSupportedError(f"preset {preset} (the camera has 1-{PRESET_COUNT})")
        base = 30 + 2 * (preset - 1)
        if action is PresetAction.GOTO:
            await self._decoder(base + 1)
        elif action is PresetAction.SAVE:
            await self._decoder(base)
        else:
            raise NotSupportedError("removing a preset")

    async def async_ptz_patrol(self, start: bool, mode: str | None) -> None:
        """Up&down (26/27) or left&right (28/29) patrol; stop without a mode stops both."""
        if mode is not None and mode not in _PATROL:
            raise NotSupportedError(f"patrol mode {mode}")
        if start:
            await self._decoder(_PATROL[mode or "horizontal"][0])
            return
        for name, (_, stop) in _PATROL.items():
            if mode in (None, name):
                await self._decoder(stop)

    async def async_push_enable(self, url: str) -> PushTarget:
        """Point the alarm HTTP callback (set_alarm.cgi http/http_url) at `url`."""
        params = await self._vars("/get_params.cgi", secret=True)
        previous = {
            "http": params.get("alarm_http", "0") or "0",
            "http_url": params.get("alarm_http_url", ""),
        }
        await self._command("/set_alarm.cgi", {"http": 1, "http_url": url})
        return PushTarget(previous=previous)

    async def async_push_restore(self, target: PushTarget) -> None:
        """Put the previous alarm HTTP callback back."""
        await self._command(
            "/set_alarm.cgi",
            {
                "http": target.previous.get("http", "0"),
                "http_url": target.previous.get("http_url", ""),
            },
        )

    # parse_push stays the default (None): the callback is a bare GET that does not say
    # which alarm fired, so the integration polls get_status.cgi once on arrival.


def _option_for(options: dict[str, int], values: dict[str, str], variable: str) -> str | None:
    number = optional_int(values, variable)
    for option, code in options.items():
        if code == number:
            return option
    return None


def _whole(value: SettingValue) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise NotSupportedError(f"value {value!r} (a whole number is needed)")
    return int(value)


def _option_value(options: dict[str, int], value: SettingValue) -> int:
    if not isinstance(value, str) or value not in options:
        raise NotSupportedError(f"option {value!r}")
    return options[value]
