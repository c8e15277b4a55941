"""Hankvision PTZ commands: the parameters of `ptz_set?Group=PTZCtrlInfo` (spec 3.6.2, 3.6.4)."""

from __future__ import annotations

import math
from typing import Final

from ...errors import NotSupportedError
from ...models import (
    LENS_SIGNS,
    LensAxis,
    LensDirection,
    PresetAction,
    PtzDirection,
    mirrored_pan,
)

# 3.6.4: "Direction 1= up 2= down 3= left 4= right 5= upleft 6= downleft 7= upright
# 8= downright".
DIRECTIONS: Final = {
    PtzDirection.UP: 1,
    PtzDirection.DOWN: 2,
    PtzDirection.LEFT: 3,
    PtzDirection.RIGHT: 4,
    PtzDirection.UP_LEFT: 5,
    PtzDirection.DOWN_LEFT: 6,
    PtzDirection.UP_RIGHT: 7,
    PtzDirection.DOWN_RIGHT: 8,
}
MAX_SPEED: Final = 63
# "Stop 0: All PTZ operation will be stopped".
STOP: Final = {"Stop": "0"}
# "Iris 0= Iris Close 1= Iris Open; Zoom 0= Zoom Out 1= Zoom In; Focus 0= Focus Far 1= Focus
# Near": the positive direction of each motor is 1, the negative 0.
_LENS_PARAMS: Final = {LensAxis.ZOOM: "Zoom", LensAxis.FOCUS: "Focus", LensAxis.IRIS: "Iris"}
PRESETS: Final = tuple(range(1, 256))
PATROLS: Final = tuple(
    f"{kind}_{number}" for kind in ("autopan", "pattern") for number in range(1, 5)
)
# "Pan 0...36000 (0° *100 ... 360° *100)", "ZoomPosition 0...65535".
PAN_TILT_STEPS: Final = 100
ZOOM_STEPS: Final = 65535


def speed_code(percent: int) -> str:
    """1-100 % as the spec's 0-63 (1 % is still a move: at least 1)."""
    return str(min(MAX_SPEED, max(1, math.ceil(percent * MAX_SPEED / 100))))


def move_params(direction: PtzDirection, speed: int, invert_pan: bool) -> dict[str, str]:
    """Direction 1-8 with the same pan and tilt speed."""
    if invert_pan:
        direction = mirrored_pan(direction)
    code = speed_code(speed)
    return {"Direction": str(DIRECTIONS[direction]), "PanSpeed": code, "TiltSpeed": code}


def lens_params(axis: LensAxis, direction: LensDirection) -> dict[str, str]:
    """Zoom/Focus/Iris = 1 (in, near, open) or 0 (out, far, close); no auto focus here."""
    sign = LENS_SIGNS[axis].get(direction)
    if sign is None:
        raise NotSupportedError(f"ptz_{axis} {direction}")
    return {_LENS_PARAMS[axis]: "1" if sign > 0 else "0"}


def preset_params(action: PresetAction, preset: int, title: str | None = None) -> dict[str, str]:
    """3.6.2.5: Preset=1 calls, Preset=0 sets (with an optional PresetTitle); no removal."""
    if preset not in PRESETS:
        raise NotSupportedError(f"preset {preset} (1-{PRESETS[-1]})")
    if action is PresetAction.REMOVE:
        raise NotSupportedError("removing a preset (the API has no such command)")
    params = {"PresetNumber": str(preset), "Preset": "1" if action is PresetAction.GOTO else "0"}
    if action is PresetAction.SAVE and title:
        params["PresetTitle"] = title
    return params


def patrol_params(mode: str | None) -> dict[str, str]:
    """3.6.2.6/3.6.2.7: `AutoPan=2` / `Pattern=2` runs number 1-4 (default: auto pan 1)."""
    mode = mode or PATROLS[0]
    if mode not in PATROLS:
        raise NotSupportedError(f"patrol {mode!r} (one of {', '.join(PATROLS)})")
    kind, _, number = mode.partition("_")
    name = "AutoPan" if kind == "autopan" else "Pattern"
    return {f"{name}Number": number, name: "2"}


def position_params(pan: float | None, tilt: float | None, zoom: float | None) -> dict[str, str]:
    """3.6.2.8 with Model=0 (absolute): degrees as hundredths 0-36000, zoom % as 0-65535."""
    params = {"Model": "0"}
    for name, degrees in (("Pan", pan), ("Tilt", tilt)):
        if degrees is not None:
            if not math.isfinite(degrees):
                raise NotSupportedError(f"{name.lower()} {degrees}")
            params[name] = str(round((degrees % 360) * PAN_TILT_STEPS))
    if zoom is not None:
        if not (math.isfinite(zoom) and 0 <= zoom <= 100):
            raise NotSupportedError(f"zoom {zoom} % (0-100)")
        params["ZoomPosition"] = str(round(zoom / 100 * ZOOM_STEPS))
    if len(params) == 1:
        raise NotSupportedError("a position needs pan, tilt or zoom")
    return params
