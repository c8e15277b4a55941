"""Device state of the simulated "IP Camera Standard API" camera (Rev 5.0.0).

The spec lives in /work/shared/specs/ip-camera-standard-api.txt; section numbers in the
comments are the spec's. This module holds what ``standard_api`` serves: the parameter
tree of param.cgi (5.1.1), the eventdata.cgi lines (5.4.2) and the pan/tilt/zoom head of
ptz.cgi (5.3.1.1). Where the spec is silent the choice made here says so in a comment.
"""

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final, Literal, Protocol

IrisMove = Literal["stop", "open", "close"]

MAX_IO: Final = 8
MOTION_WINDOWS: Final = range(4)
# 5.4.2: Motion is Event.E1, Motion1..3 are Event.E10..E12, T0 Event.E2, Face Event.E14.
MOTION_EVENTS: Final = ("E1", "E10", "E11", "E12")
MOTION_GROUPS: Final = ("Motion", "Motion1", "Motion2", "Motion3")
TAMPER_EVENT: Final = "E2"
FACE_EVENT: Final = "E14"
GROUPS: Final = (*MOTION_GROUPS, "IO", "T0", "Face")
_GROUP_BY_LOWER: Final = {group.lower(): group for group in GROUPS}
_MOTION_FIELDS: Final = ("Enabled", "Level", "Sensitivity", "Triggered")
_TAMPER_FIELDS: Final = ("Enabled", "Triggered")
_FACE_FIELDS: Final = (
    "Enabled",
    "H264_Face",
    "H264_2_Face",
    "H264_3_Face",
    "H264_4_Face",
    "Mjpeg_Face",
)
# The spec's face example shows the first two streams only when FaceParam is omitted.
_FACE_DEFAULT: Final = ("Enabled", "H264_Face", "H264_2_Face")
# The spec's own FaceParam/TamperingParam tables spell the field "Enable" in the values
# column and "Enabled" in the description and the answers: accept both.
_FIELD_ALIASES: Final = {"enable": "Enabled"}

# Spec silent on a triggered window's Level ("percentage of motion detected"): a fixed
# mid-range value keeps tests deterministic; set_motion(level=...) picks another.
DEFAULT_TRIGGERED_LEVEL: Final = 35
# The spec's face example; further faces get generated boxes.
_FACE_BOXES: Final = ("0.5_0.4_0.2_0.3", "0.8_0.1_0.2_0.3")

_INT = re.compile(r"-?\d{1,9}")
_DECIMAL = re.compile(r"-?\d{1,9}(?:\.\d{1,6})?")


def parse_int(value: str) -> int | None:
    """Parse a plain decimal integer (no sign other than ``-``, no spaces)."""
    return int(value) if _INT.fullmatch(value) else None


def parse_decimal(value: str) -> float | None:
    """Parse a plain decimal number such as ``-12.5`` (no exponent, no inf/nan)."""
    return float(value) if _DECIMAL.fullmatch(value) else None


# -- param.cgi (5.1.1) ---------------------------------------------------------------


def default_params(
    *,
    model: str,
    inputs: int,
    outputs: int,
    inputs_enabled: frozenset[int],
    motion_windows_enabled: frozenset[int],
    tamper: bool,
    faces: bool,
) -> dict[str, str]:
    """The parameter tree (names without ``root.``), in the order action=list prints it."""

    def yes(on: bool) -> str:
        return "yes" if on else "no"

    params = {
        "Brand.Brand": "IPCAM",
        "Brand.ProdShortName": model,
        "Properties.Firmware.Version": "5.0.0-sim",
        "Properties.System.SerialNumber": "00D0891B02DF",
        # The 5.1.1.3 example's addresses.
        "Network.IPAddress": "192.168.0.250",
        "Network.SubnetMask": "255.255.255.0",
        "Network.DefaultRouter": "192.168.0.1",
        "Network.HostName": "ipcam",
        "Network.eth0.MACAddress": "00:D0:89:1B:02:DF",
        # Latin-1, not UTF-8, on the wire (specs README: "Bodies may not be UTF-8").
        "System.Location": "Caf\xe9",
    }
    for window, event in zip(MOTION_WINDOWS, MOTION_EVENTS, strict=True):
        params[f"Event.{event}.Enabled"] = yes(window in motion_windows_enabled)
        params[f"Event.{event}.Sensitivity"] = "80"
    if tamper:
        params[f"Event.{TAMPER_EVENT}.Enabled"] = "yes"
    if faces:
        params[f"Event.{FACE_EVENT}.Enabled"] = "yes"
    params["Image.I0.Appearance.Resolution"] = "1920x1080"
    params["ImageSource.I0.Sensor.Exposure"] = "auto"
    for number in range(1, inputs + 1):
        params[f"IO.Input.I{number}.Enabled"] = yes(number in inputs_enabled)
        params[f"IO.Input.I{number}.NormalState"] = "open"
    for number in range(1, outputs + 1):
        params[f"IO.Output.O{number}.ActiveState"] = "closed"
    return params


def strip_root(name: str) -> str:
    """``root.Network.IPAddress`` -> ``Network.IPAddress`` (the prefix is optional)."""
    return name[len("root.") :] if name.startswith("root.") else name


def in_group(name: str, group: str) -> bool:
    """Whether parameter ``name`` belongs to ``group`` (a name prefix on dot boundaries)."""
    return name == group or name.startswith(f"{group}.")


def valid_param_value(name: str, value: str) -> bool:
    """Whether ``value`` may be written to ``name``.

    Spec silent on value checks; the ones here cover the parameters a client writes:
    switches take yes/no, sensitivities 0..100, I/O states open/closed.
    """
    leaf = name.rpartition(".")[2]
    if leaf == "Enabled":
        return value in ("yes", "no")
    if leaf == "Sensitivity":
        number = parse_int(value)
        return number is not None and 0 <= number <= 100
    if leaf in ("NormalState", "ActiveState"):
        return value in ("open", "closed")
    return True


# -- eventdata.cgi (5.4.2) -----------------------------------------------------------


@dataclass(slots=True)
class MotionWindow:
    """One motion window's live state (its settings are in the parameters)."""

    triggered: bool = False
    level: int = 0


@dataclass(frozen=True, slots=True)
class EventQuery:
    """The groups and ``*Param`` field selections of one eventdata.cgi request."""

    groups: tuple[str, ...] | None
    """Canonical group names in request order; None = every group."""
    motion_fields: tuple[str, ...] = _MOTION_FIELDS
    tamper_fields: tuple[str, ...] = _TAMPER_FIELDS
    face_fields: tuple[str, ...] = _FACE_DEFAULT

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> "EventQuery":
        """Read ``group``, ``MotionParam``, ``TamperingParam`` and ``FaceParam``.

        Unknown group names are dropped like groups the device lacks. A ``*Param`` that
        names no known field is treated as omitted (spec silent). ``IOParam`` has a single
        field (Status), so it never changes the IO line.
        """
        groups: tuple[str, ...] | None = None
        if "group" in params:
            names = [
                _GROUP_BY_LOWER.get(part.strip().lower()) for part in params["group"].split(",")
            ]
            groups = tuple(dict.fromkeys(name for name in names if name is not None))
        return cls(
            groups=groups,
            motion_fields=_fields(params.get("MotionParam"), _MOTION_FIELDS, _MOTION_FIELDS),
            tamper_fields=_fields(params.get("TamperingParam"), _TAMPER_FIELDS, _TAMPER_FIELDS),
            face_fields=_fields(params.get("FaceParam"), _FACE_FIELDS, _FACE_DEFAULT),
        )


def _fields(value: str | None, known: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    by_lower = {field.lower(): field for field in known}
    by_lower.update(_FIELD_ALIASES)
    wanted = {by_lower.get(part.strip().lower()) for part in value.split(",")}
    # Printed in the spec's order whatever the request's order.
    chosen = tuple(field for field in known if field in wanted)
    return chosen or default


class EventSource(Protocol):
    """What the eventdata lines are made of (the simulator provides it)."""

    params: dict[str, str]
    motion: dict[int, MotionWindow]
    inputs_active: dict[int, bool]
    outputs_active: dict[int, bool]
    tamper_triggered: bool
    face_count: int


def _bits(numbers: range, test: Callable[[int], bool]) -> int:
    return sum(1 << (number - 1) for number in numbers if test(number))


def io_status(dev: EventSource) -> str:
    """The seven two-hex-digit fields XX0..XX6 of ``IO:Status=`` (bit 0 = Input1/Output1)."""
    params = dev.params
    inputs = range(1, len(dev.inputs_active) + 1)
    outputs = range(1, len(dev.outputs_active) + 1)

    def input_active(n: int) -> bool:
        return dev.inputs_active.get(n, False)

    def normally_closed(n: int) -> bool:
        return params.get(f"IO.Input.I{n}.NormalState") == "closed"

    def output_active(n: int) -> bool:
        return dev.outputs_active.get(n, False)

    def active_closed(n: int) -> bool:
        return params.get(f"IO.Output.O{n}.ActiveState", "closed") == "closed"

    fields = (
        _bits(inputs, lambda n: params.get(f"IO.Input.I{n}.Enabled") == "yes"),
        # An input is active when its contact leaves its normal state.
        _bits(inputs, lambda n: input_active(n) != normally_closed(n)),
        # An output's contact is closed when active with "active = closed", or inactive
        # with "active = open" (the spec's example 00000100000000 is the latter).
        _bits(outputs, lambda n: output_active(n) == active_closed(n)),
        _bits(inputs, normally_closed),
        _bits(outputs, active_closed),
        _bits(inputs, input_active),
        _bits(outputs, output_active),
    )
    return "".join(f"{field:02x}" for field in fields)


def face_value(count: int) -> str:
    """``N X1_Y1_W1_H1,...`` as in the spec's Face example; ``0`` without faces."""
    if count <= 0:
        return "0"
    boxes = [
        _FACE_BOXES[index] if index < len(_FACE_BOXES) else f"{0.1 * (index % 8):.1f}_0.6_0.1_0.2"
        for index in range(count)
    ]
    return f"{count} {','.join(boxes)}"


def present_groups(dev: EventSource) -> tuple[str, ...]:
    """The groups this device has, in the spec's order."""
    groups = list(MOTION_GROUPS)
    if dev.inputs_active or dev.outputs_active:
        groups.append("IO")
    if f"Event.{TAMPER_EVENT}.Enabled" in dev.params:
        groups.append("T0")
    if f"Event.{FACE_EVENT}.Enabled" in dev.params:
        groups.append("Face")
    return tuple(groups)


def _line(group: str, values: list[tuple[str, str]]) -> str:
    return group + ":" + "".join(f"{name}={value};" for name, value in values)


def _group_line(dev: EventSource, group: str, query: EventQuery) -> str:
    params = dev.params
    if group in MOTION_GROUPS:
        window = MOTION_GROUPS.index(group)
        event = MOTION_EVENTS[window]
        if params.get(f"Event.{event}.Enabled") != "yes":
            # The spec's examples answer a disabled window with its Enabled field only.
            return _line(group, [("Enabled", "0")])
        state = dev.motion.get(window, MotionWindow())
        motion = {
            "Enabled": "1",
            "Level": str(state.level if state.triggered else 0),
            "Sensitivity": params.get(f"Event.{event}.Sensitivity", "0"),
            "Triggered": "1" if state.triggered else "0",
        }
        return _line(group, [(field, motion[field]) for field in query.motion_fields])
    if group == "IO":
        return _line(group, [("Status", io_status(dev))])
    if group == "T0":
        if params.get(f"Event.{TAMPER_EVENT}.Enabled") != "yes":
            # Spec silent on a disabled T0: answered like a disabled motion window.
            return _line(group, [("Enabled", "0")])
        tamper = {"Enabled": "1", "Triggered": "1" if dev.tamper_triggered else "0"}
        return _line(group, [(field, tamper[field]) for field in query.tamper_fields])
    if params.get(f"Event.{FACE_EVENT}.Enabled") != "yes":
        # Spec silent on a disabled Face group: answered like a disabled motion window.
        return _line(group, [("Enabled", "0")])
    # Faces are only ever seen on the first H.264 stream here.
    face = dict.fromkeys(_FACE_FIELDS, "0")
    face["Enabled"] = "1"
    face["H264_Face"] = face_value(dev.face_count)
    return _line(group, [(field, face[field]) for field in query.face_fields])


def render_eventdata(dev: EventSource, query: EventQuery) -> str:
    """The action=get body: one ``\\r\\n``-ended line per requested group the device has.

    The spec's examples are inconsistent about a space before some line ends and an
    extra empty line at the end; neither is sent here.
    """
    present = present_groups(dev)
    wanted = present if query.groups is None else query.groups
    return "".join(_group_line(dev, group, query) + "\r\n" for group in wanted if group in present)


# -- ptz.cgi (5.3.1.1) ---------------------------------------------------------------

PAN_RANGE: Final = (-180.0, 180.0)
TILT_RANGE: Final = (-10.0, 190.0)
LENS_RANGE: Final = (0.0, 9999.0)
RELATIVE_ANGLE: Final = 360.0
RELATIVE_STEPS: Final = 9999
SPEED_LIMIT: Final = 100
MOVE_DEGREES: Final = 5.0
PRESETS: Final = range(1, 257)
AUTOPANS: Final = range(1, 5)
CRUISES: Final = range(1, 9)
SEQUENCES: Final = range(1, 9)
AUTOFOCUS_VALUES: Final = ("on", "off", "pushaf", "zoomtrigger", "zoomreset", "focusreset", "reset")
# Spec silent on speeds: 30 degrees/s pan and tilt at speed 100; the lens crosses its
# 0..9999 range in 5 s at speed 100.
PAN_TILT_DEGREES_PER_SECOND: Final = 30.0
LENS_STEPS_PER_SECOND: Final = 2000.0
_MOVES: Final[dict[str, tuple[float, float]]] = {
    "up": (0.0, 1.0),
    "down": (0.0, -1.0),
    "left": (-1.0, 0.0),
    "right": (1.0, 0.0),
    "upleft": (-1.0, 1.0),
    "upright": (1.0, 1.0),
    "downleft": (-1.0, -1.0),
    "downright": (1.0, -1.0),
}
_RANGES: Final = {"pan": PAN_RANGE, "tilt": TILT_RANGE, "zoom": LENS_RANGE, "focus": LENS_RANGE}

Action = Callable[[], None]
"""A validated ptz.cgi command, applied once every parameter of the request is valid."""


def is_ptz_model(model: str) -> bool:
    """Whether ``model`` is a (Full HD / UHD) IP PTZ: 720Wx-Nx, 820Zx-Mx, ... (5.3.1.1)."""
    return model.startswith(("720", "820"))


def _clamp(axis: str, value: float) -> float:
    low, high = _RANGES[axis]
    return max(low, min(high, value))


def _speed(value: str) -> int | None:
    number = parse_int(value)
    return number if number is not None and abs(number) <= SPEED_LIMIT else None


class PtzHead:
    """The pan/tilt/zoom/focus head behind ptz.cgi and ptzconfig.cgi.

    Mixed into the simulator so its state is plain simulator attributes. Continuous
    moves are folded into ``position`` whenever it, or a velocity, is read or written.
    """

    def __init__(self, *, pan_tilt: bool, iris: bool) -> None:
        self.pan_tilt = pan_tilt
        """Full HD / UHD IP PTZ: pan, tilt, move and patrols; else a camera-zoom lens."""
        self.has_iris = iris
        self.iris: IrisMove = "stop"
        self.presets: dict[int, dict[str, float]] = {}
        self.home: dict[str, float] = {"pan": 0.0, "tilt": 0.0, "zoom": 0.0}
        self.patrol: str | None = None
        self.autofocus = "on"
        self.autofocus_pushes = 0
        self.ignore_first_stop = False
        """Fault: the first stop after a move is ignored (the head keeps moving)."""
        self._position: dict[str, float] = {"pan": 0.0, "tilt": 0.0, "zoom": 0.0, "focus": 0.0}
        self._velocity: dict[str, int] = {"pan": 0, "tilt": 0, "zoom": 0, "focus": 0}
        self._settled_at = time.monotonic()
        # Which moves ("pantilt", "zoom", "focus") will shrug off their next stop.
        self._stop_ignorable: set[str] = set()

    # -- state -----------------------------------------------------------------------

    def _settle(self) -> None:
        now = time.monotonic()
        elapsed = now - self._settled_at
        self._settled_at = now
        for axis, speed in self._velocity.items():
            if speed:
                lens = axis in ("zoom", "focus")
                rate = LENS_STEPS_PER_SECOND if lens else PAN_TILT_DEGREES_PER_SECOND
                moved = self._position[axis] + speed / SPEED_LIMIT * rate * elapsed
                self._position[axis] = _clamp(axis, moved)

    @property
    def position(self) -> dict[str, float]:
        """``pan``, ``tilt`` (degrees), ``zoom``, ``focus`` (steps), brought up to date."""
        self._settle()
        return self._position

    @position.setter
    def position(self, value: dict[str, float]) -> None:
        self._settle()
        self._position = value

    @property
    def ptz_velocity(self) -> tuple[int, int]:
        """The continuouspantiltmove in effect; (0, 0) when stopped."""
        return (self._velocity["pan"], self._velocity["tilt"])

    @ptz_velocity.setter
    def ptz_velocity(self, value: tuple[int, int]) -> None:
        self._settle()
        self._velocity["pan"], self._velocity["tilt"] = value

    @property
    def zoom_velocity(self) -> int:
        """The continuouszoommove in effect; 0 when stopped."""
        return self._velocity["zoom"]

    @zoom_velocity.setter
    def zoom_velocity(self, value: int) -> None:
        self._settle()
        self._velocity["zoom"] = value

    @property
    def focus_velocity(self) -> int:
        """The continuousfocusmove in effect; 0 when stopped."""
        return self._velocity["focus"]

    @focus_velocity.setter
    def focus_velocity(self, value: int) -> None:
        self._settle()
        self._velocity["focus"] = value

    def stop_ptz(self) -> None:
        """Stop every motion and patrol (a reboot, say)."""
        self._settle()
        self._velocity = dict.fromkeys(self._velocity, 0)
        self._stop_ignorable.clear()
        self.iris = "stop"
        self.patrol = None

    # -- ptz.cgi -----------------------------------------------------------------------

    def ptz_parsers(self) -> dict[str, Callable[[str], Action | None]]:
        """Command name -> parser of its value (None = invalid value) for this model."""
        parsers: dict[str, Callable[[str], Action | None]] = {}
        if self.pan_tilt:
            parsers |= {
                "move": self._parse_move,
                "pan": lambda value: self._parse_absolute("pan", value, lens=False),
                "tilt": lambda value: self._parse_absolute("tilt", value, lens=False),
                "zoom": lambda value: self._parse_absolute("zoom", value, lens=True),
                "focus": lambda value: self._parse_absolute("focus", value, lens=True),
                "rpan": lambda value: self._parse_relative("pan", value, lens=False),
                "rtilt": lambda value: self._parse_relative("tilt", value, lens=False),
                "rzoom": lambda value: self._parse_relative("zoom", value, lens=True),
                "rfocus": lambda value: self._parse_relative("focus", value, lens=True),
                "continuouspantiltmove": self._parse_pan_tilt_move,
            }
        parsers |= {
            "continuouszoommove": lambda value: self._parse_lens_move("zoom", value),
            "continuousfocusmove": lambda value: self._parse_lens_move("focus", value),
            "autofocus": self._parse_autofocus,
            "gotoserverpresetno": self._parse_goto_preset,
        }
        if self.has_iris:
            parsers["continuousirismove"] = self._parse_iris
        if self.pan_tilt:
            parsers |= {
                "gotoserverautopanno": lambda value: self._parse_patrol("autopan", AUTOPANS, value),
                "gotoservercruiseno": lambda value: self._parse_patrol("cruise", CRUISES, value),
                "gotoserversequenceno": lambda value: self._parse_patrol(
                    "sequence", SEQUENCES, value
                ),
            }
        return parsers

    def ptz_info(self) -> str:
        """The info=1 answer. Spec silent on its format: one ``name=<values>`` a line."""
        lines = ["Available commands:"]
        if self.pan_tilt:
            lines += [
                f"move=home|{'|'.join(_MOVES)}",
                "pan=-180.0...180.0",
                "tilt=-10.0...190.0",
                "zoom=0...9999",
                "focus=0...9999",
                "rpan=-360.0...360.0",
                "rtilt=-360.0...360.0",
                "rzoom=-9999...9999",
                "rfocus=-9999...9999",
                "continuouspantiltmove=<int>,<int>",
            ]
        lines += [
            "continuouszoommove=<int>",
            "continuousfocusmove=<int>",
        ]
        if self.has_iris:
            lines.append("continuousirismove=open|close|stop")
        lines += [f"autofocus={'|'.join(AUTOFOCUS_VALUES)}", "gotoserverpresetno=1...256"]
        if self.pan_tilt:
            lines += [
                "gotoserverautopanno=1...4",
                "gotoservercruiseno=1...8",
                "gotoserversequenceno=1...8",
            ]
        lines.append("query=position")
        return "".join(f"{line}\r\n" for line in lines)

    def ptz_query_position(self) -> str:
        """The query=position answer. Spec silent on its format: Axis-style lines."""
        position = self.position
        lines = []
        if self.pan_tilt:
            lines += [f"pan={position['pan']:.2f}", f"tilt={position['tilt']:.2f}"]
        lines += [
            f"zoom={round(position['zoom'])}",
            f"focus={round(position['focus'])}",
            f"autofocus={self.autofocus}",
        ]
        return "".join(f"{line}\r\n" for line in lines)

    def _end_pan_tilt(self) -> None:
        """A move, a stop or a go-to takes over: continuous pan/tilt and patrols end."""
        self.ptz_velocity = (0, 0)
        self._stop_ignorable.discard("pantilt")
        self.patrol = None

    def _parse_move(self, value: str) -> Action | None:
        if value == "home":

            def go_home() -> None:
                self._end_pan_tilt()
                self.position.update(self.home)

            return go_home
        if value not in _MOVES:
            return None
        d_pan, d_tilt = _MOVES[value]

        def step() -> None:
            self._end_pan_tilt()
            position = self.position
            position["pan"] = _clamp("pan", position["pan"] + d_pan * MOVE_DEGREES)
            position["tilt"] = _clamp("tilt", position["tilt"] + d_tilt * MOVE_DEGREES)

        return step

    def _lens_stop(self, axis: str) -> None:
        setattr(self, f"{axis}_velocity", 0)
        self._stop_ignorable.discard(axis)

    def _parse_absolute(self, axis: str, value: str, *, lens: bool) -> Action | None:
        if lens:
            steps = parse_int(value)
            number = None if steps is None else float(steps)
        else:
            number = parse_decimal(value)
        low, high = _RANGES[axis]
        if number is None or not low <= number <= high:
            return None
        target = number

        def go() -> None:
            if lens:
                self._lens_stop(axis)
            else:
                self._end_pan_tilt()
            self.position[axis] = target

        return go

    def _parse_relative(self, axis: str, value: str, *, lens: bool) -> Action | None:
        if lens:
            steps = parse_int(value)
            delta = None if steps is None or abs(steps) > RELATIVE_STEPS else float(steps)
        else:
            degrees = parse_decimal(value)
            delta = None if degrees is None or abs(degrees) > RELATIVE_ANGLE else degrees
        if delta is None:
            return None
        offset = delta

        def go() -> None:
            if lens:
                self._lens_stop(axis)
            else:
                self._end_pan_tilt()
            position = self.position
            position[axis] = _clamp(axis, position[axis] + offset)

        return go

    def _parse_pan_tilt_move(self, value: str) -> Action | None:
        x_text, comma, y_text = value.partition(",")
        x, y = _speed(x_text), _speed(y_text)
        if not comma or x is None or y is None:
            return None

        def go() -> None:
            if (x, y) == (0, 0):
                if "pantilt" in self._stop_ignorable:
                    self._stop_ignorable.discard("pantilt")
                    return
                self._end_pan_tilt()
                return
            self.patrol = None
            self.ptz_velocity = (x, y)
            if self.ignore_first_stop:
                self._stop_ignorable.add("pantilt")

        return go

    def _parse_lens_move(self, axis: str, value: str) -> Action | None:
        speed = _speed(value)
        if speed is None:
            return None

        def go() -> None:
            if speed == 0:
                if axis in self._stop_ignorable:
                    self._stop_ignorable.discard(axis)
                    return
                self._lens_stop(axis)
                return
            setattr(self, f"{axis}_velocity", speed)
            if self.ignore_first_stop:
                self._stop_ignorable.add(axis)

        return go

    def _parse_iris(self, value: str) -> Action | None:
        if value not in ("open", "close", "stop"):
            return None
        move: IrisMove = "open" if value == "open" else "close" if value == "close" else "stop"

        def go() -> None:
            self.iris = move

        return go

    def _parse_autofocus(self, value: str) -> Action | None:
        if value not in AUTOFOCUS_VALUES:
            return None

        def go() -> None:
            position = self.position
            if value == "pushaf":
                self.autofocus_pushes += 1
            elif value in ("zoomreset", "reset"):
                self._lens_stop("zoom")
                position["zoom"] = 0.0
            if value in ("focusreset", "reset"):
                self._lens_stop("focus")
                position["focus"] = 0.0
            if value in ("on", "off", "zoomtrigger"):
                self.autofocus = value

        return go

    def _parse_goto_preset(self, value: str) -> Action | None:
        number = parse_int(value)
        if number is None or number not in self.presets:
            # Out of 1..256, or never saved: nothing to go to.
            return None
        saved = dict(self.presets[number])

        def go() -> None:
            self._end_pan_tilt()
            self._lens_stop("zoom")
            self._lens_stop("focus")
            self.position.update(saved)

        return go

    def _parse_patrol(self, kind: str, allowed: range, value: str) -> Action | None:
        number = parse_int(value)
        if number is None or number not in allowed:
            return None

        def go() -> None:
            self._end_pan_tilt()
            self.patrol = f"{kind} {number}"

        return go

    # -- ptzconfig.cgi (5.3.1.3) -------------------------------------------------------

    def ptzconfig_parsers(self) -> dict[str, Callable[[str], Action | None]]:
        """ptzconfig.cgi command name -> parser of its value, for this model."""
        parsers: dict[str, Callable[[str], Action | None]] = {
            "setserverpresetno": self._parse_save_preset,
            "removeserverpresetno": self._parse_remove_preset,
        }
        if self.pan_tilt:
            parsers["home"] = self._parse_home
        return parsers

    def _parse_save_preset(self, value: str) -> Action | None:
        number = parse_int(value)
        if number is None or number not in PRESETS:
            return None

        def go() -> None:
            self.presets[number] = dict(self.position)

        return go

    def _parse_remove_preset(self, value: str) -> Action | None:
        number = parse_int(value)
        if number is None or number not in PRESETS:
            return None

        def go() -> None:
            # Spec silent on removing a preset that was never saved: a no-op, answered OK.
            self.presets.pop(number, None)

        return go

    def _parse_home(self, value: str) -> Action | None:
        if value != "yes":
            return None

        def go() -> None:
            position = self.position
            self.home = {axis: position[axis] for axis in ("pan", "tilt", "zoom")}

        return go
