"""What a Standard API camera's PTZ can do (`ptz.cgi?info=1`, else its model) and its commands."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ...errors import NotSupportedError
from ...models import LENS_SIGNS, PTZ_VECTORS, Feature, LensAxis, LensDirection, PtzDirection
from .parse import whole_number

PTZ_PATH: Final = "/cgi-bin/com/ptz.cgi"
PTZ_CONFIG_PATH: Final = "/cgi-bin/com/ptzconfig.cgi"

# Spec 5.3.1.1: "For all models, the available preset number is from 1 to 256".
PRESETS: Final = tuple(range(1, 257))
# Spec 5.3.1.1: gotoserverautopanno 1-4, gotoservercruiseno 1-8, gotoserversequenceno 1-8.
PATROLS: Final = {
    "autopan": ("gotoserverautopanno", 4),
    "cruise": ("gotoservercruiseno", 8),
    "sequence": ("gotoserversequenceno", 8),
}
# Spec limits of the absolute position (Full HD / UHD IP PTZ).
PAN_RANGE: Final = (-180.0, 180.0)
TILT_RANGE: Final = (-10.0, 190.0)
ZOOM_STEPS: Final = 9999
# Lens motors get no speed from the actions; half speed, as the web UI's buttons default.
LENS_SPEED: Final = 50

_LENS_COMMAND: Final = {LensAxis.ZOOM: "continuouszoommove", LensAxis.FOCUS: "continuousfocusmove"}

# Spec 5.3.1.1 "PTZ control supported camera models", for firmware whose info=1 fails:
# the IP PTZs (720Wx/820Wx Full HD, 720Zx/820Zx UHD) do everything but the iris; the zoom
# and RS-485 models (W/X/Z series, lens code -2/-3/-5/-6/-7/-A/-F/-M) drive zoom, focus
# and presets; the others have no PTZ.
_PTZ_MODEL_RE: Final = re.compile(r"^[78]20[WZ]", re.IGNORECASE)
_ZOOM_MODEL_RE: Final = re.compile(r"^[WXZ][0-9A-Z]{2,4}-[23567AFM]", re.IGNORECASE)
_PTZ_COMMANDS: Final = frozenset(
    {
        "move",
        "pan",
        "tilt",
        "zoom",
        "continuouspantiltmove",
        "continuouszoommove",
        "continuousfocusmove",
        "autofocus",
        "gotoserverpresetno",
        "gotoserverautopanno",
        "gotoservercruiseno",
        "gotoserversequenceno",
        "query",
    }
)
_ZOOM_COMMANDS: Final = frozenset(
    {"continuouszoommove", "continuousfocusmove", "autofocus", "gotoserverpresetno", "query"}
)


def commands_for_model(model: str | None) -> frozenset[str]:
    """The PTZ commands the spec's model table promises, for when info=1 is unavailable."""
    if not model:
        return frozenset()
    if _PTZ_MODEL_RE.match(model):
        return _PTZ_COMMANDS
    if _ZOOM_MODEL_RE.match(model):
        return _ZOOM_COMMANDS
    return frozenset()


# Spec 5.3.1.1 `autofocus` values: the IP PTZs take on/off only, the zoom and motorized
# models a one push `pushaf`.
_PTZ_AUTOFOCUS: Final = frozenset({"on", "off"})
_ZOOM_AUTOFOCUS: Final = frozenset({"on", "off", "zoomtrigger", "pushaf"})


def autofocus_for_model(model: str | None) -> frozenset[str]:
    """The `autofocus` values the spec's model table gives, for when info=1 is unavailable."""
    if model and _PTZ_MODEL_RE.match(model):
        return _PTZ_AUTOFOCUS
    if model and _ZOOM_MODEL_RE.match(model):
        return _ZOOM_AUTOFOCUS
    return frozenset()


@dataclass(frozen=True, kw_only=True)
class PtzSupport:
    """The PTZ commands one camera has, turned into features, buttons and patrols."""

    commands: frozenset[str]
    # The values info=1 lists for `autofocus` (empty: not listed, assume the one push).
    autofocus_modes: frozenset[str] = frozenset()

    @property
    def auto_focus_value(self) -> str:
        """`pushaf` (one push) where the camera has it, else `on` (continuous autofocus)."""
        if "pushaf" in self.autofocus_modes or "on" not in self.autofocus_modes:
            return "pushaf"
        return "on"

    def features(self) -> frozenset[Feature]:
        """The PTZ features these commands give."""
        has = self.commands.__contains__
        features: set[Feature] = set()
        if has("continuouspantiltmove"):
            features.add(Feature.PTZ_MOVE)
        if has("continuouszoommove"):
            features.add(Feature.PTZ_ZOOM)
        if has("continuousfocusmove") or has("autofocus"):
            features.add(Feature.PTZ_FOCUS)
        if has("continuousirismove"):
            features.add(Feature.PTZ_IRIS)
        if has("gotoserverpresetno"):
            features.add(Feature.PTZ_PRESETS)
        if self.patrol_modes():
            features.add(Feature.PTZ_PATROL)
        if has("pan") or has("tilt") or has("zoom"):
            features.add(Feature.PTZ_POSITION)
        return frozenset(features)

    def buttons(self) -> frozenset[str]:
        """`ptz_home` (move=home) and `autofocus` (see `auto_focus_value`) where present."""
        buttons: set[str] = set()
        if "move" in self.commands:
            buttons.add("ptz_home")
        if "autofocus" in self.commands:
            buttons.add("autofocus")
        return frozenset(buttons)

    def patrol_modes(self) -> tuple[str, ...]:
        """`autopan_1`..`autopan_4`, `cruise_1`.., `sequence_1`.. as the camera has them."""
        return tuple(
            f"{name}_{number}"
            for name, (command, count) in PATROLS.items()
            if command in self.commands
            for number in range(1, count + 1)
        )

    @property
    def reports_position(self) -> bool:
        """Whether `query=position` exists."""
        return "query" in self.commands

    def position_sensors(self) -> frozenset[str]:
        """The axes `query=position` can report.

        Pan/tilt only where the head pans and tilts: a camera-zoom lens answers zoom and
        focus only.
        """
        if not self.reports_position:
            return frozenset()
        sensors: set[str] = set()
        if self.commands & {"pan", "continuouspantiltmove", "move"}:
            sensors.update({"ptz_pan", "ptz_tilt"})
        if self.commands & {"zoom", "continuouszoommove", "rzoom"}:
            sensors.add("ptz_zoom")
        return frozenset(sensors)


def move_params(direction: PtzDirection, speed: int, invert_pan: bool) -> dict[str, str]:
    """continuouspantiltmove=<pan>,<tilt>, speed 1-100 as the spec's -100..100 scale."""
    # continuouspantiltmove: positive values mean right (pan) and up (tilt).
    pan, tilt = PTZ_VECTORS[direction]
    if invert_pan:
        pan = -pan
    speed = max(1, min(100, speed))
    return {"continuouspantiltmove": f"{pan * speed},{tilt * speed}"}


STOP_PARAMS: Final = {"continuouspantiltmove": "0,0"}


def lens_params(
    axis: LensAxis, direction: LensDirection, auto_focus: str = "pushaf"
) -> dict[str, str]:
    """The command starting a lens motor (AUTO: `autofocus=<auto_focus>`)."""
    if axis is LensAxis.IRIS:
        if direction not in (LensDirection.OPEN, LensDirection.CLOSE):
            raise NotSupportedError(f"iris {direction}")
        return {"continuousirismove": str(direction)}
    if axis is LensAxis.FOCUS and direction is LensDirection.AUTO:
        return {"autofocus": auto_focus}
    # continuouszoommove: positive zooms in; continuousfocusmove: positive focuses near.
    sign = LENS_SIGNS[axis].get(direction)
    if sign is None:
        raise NotSupportedError(f"{axis} {direction}")
    return {_LENS_COMMAND[axis]: str(sign * LENS_SPEED)}


def lens_stop_params(axis: LensAxis) -> dict[str, str]:
    """The command stopping a lens motor ("0" / "stop" in the spec)."""
    if axis is LensAxis.IRIS:
        return {"continuousirismove": "stop"}
    return {_LENS_COMMAND[axis]: "0"}


def patrol_params(mode: str) -> dict[str, str]:
    """`autopan_2` -> gotoserverautopanno=2."""
    name, _, digits = mode.rpartition("_")
    number = whole_number(digits)
    if name not in PATROLS or number is None or not 1 <= number <= PATROLS[name][1]:
        raise NotSupportedError(f"patrol mode {mode}")
    return {PATROLS[name][0]: str(number)}


def position_params(pan: float | None, tilt: float | None, zoom: float | None) -> dict[str, str]:
    """Absolute pan/tilt in degrees within the spec's limits; zoom percent as 0-9999 steps."""
    params: dict[str, str] = {}
    if pan is not None:
        params["pan"] = f"{_within(pan, PAN_RANGE, 'pan'):.1f}"
    if tilt is not None:
        params["tilt"] = f"{_within(tilt, TILT_RANGE, 'tilt'):.1f}"
    if zoom is not None:
        percent = _within(zoom, (0.0, 100.0), "zoom")
        params["zoom"] = str(round(percent / 100 * ZOOM_STEPS))
    if not params:
        raise NotSupportedError("a position without pan, tilt or zoom")
    return params


def _within(value: float, limits: tuple[float, float], name: str) -> float:
    low, high = limits
    if not low <= value <= high:
        raise NotSupportedError(f"{name} {value} (the camera takes {low:g} to {high:g})")
    return value
