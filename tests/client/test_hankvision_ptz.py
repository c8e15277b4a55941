"""Specification of the Hankvision PTZ parameters (spec 3.6.2 and 3.6.4)."""

from __future__ import annotations

import math

import pytest

from custom_components.ipcam_cgi.client import (
    LensAxis,
    LensDirection,
    NotSupportedError,
    PresetAction,
    PtzDirection,
)
from custom_components.ipcam_cgi.client.vendors.hankvision.ptz import (
    PATROLS,
    STOP,
    lens_params,
    move_params,
    patrol_params,
    position_params,
    preset_params,
    speed_code,
)


@pytest.mark.parametrize(
    ("direction", "code"),
    [
        (PtzDirection.UP, "1"),
        (PtzDirection.DOWN, "2"),
        (PtzDirection.LEFT, "3"),
        (PtzDirection.RIGHT, "4"),
        (PtzDirection.UP_LEFT, "5"),
        (PtzDirection.DOWN_LEFT, "6"),
        (PtzDirection.UP_RIGHT, "7"),
        (PtzDirection.DOWN_RIGHT, "8"),
    ],
)
def test_directions_are_the_spec_codes(direction: PtzDirection, code: str) -> None:
    """1 up ... 8 down-right, pan and tilt at the same speed."""
    assert move_params(direction, 100, invert_pan=False) == {
        "Direction": code,
        "PanSpeed": "63",
        "TiltSpeed": "63",
    }


@pytest.mark.parametrize(
    ("direction", "mirrored"),
    [
        (PtzDirection.LEFT, "4"),
        (PtzDirection.RIGHT, "3"),
        (PtzDirection.UP_LEFT, "7"),
        (PtzDirection.DOWN_RIGHT, "6"),
        (PtzDirection.UP, "1"),
    ],
)
def test_invert_pan_swaps_left_and_right_only(direction: PtzDirection, mirrored: str) -> None:
    """Up stays up; every left becomes right."""
    assert move_params(direction, 50, invert_pan=True)["Direction"] == mirrored


@pytest.mark.parametrize(
    ("percent", "code"), [(1, "1"), (2, "2"), (50, "32"), (99, "63"), (100, "63"), (0, "1")]
)
def test_speed_percent_maps_onto_0_to_63(percent: int, code: str) -> None:
    """Rounded up, never 0 (a move at speed 0 would not move)."""
    assert speed_code(percent) == code


def test_stop_is_stop_0() -> None:
    """3.6.4: "Stop 0: All PTZ operation will be stopped"."""
    assert STOP == {"Stop": "0"}


@pytest.mark.parametrize(
    ("axis", "direction", "params"),
    [
        (LensAxis.ZOOM, LensDirection.IN, {"Zoom": "1"}),
        (LensAxis.ZOOM, LensDirection.OUT, {"Zoom": "0"}),
        (LensAxis.FOCUS, LensDirection.NEAR, {"Focus": "1"}),
        (LensAxis.FOCUS, LensDirection.FAR, {"Focus": "0"}),
        (LensAxis.IRIS, LensDirection.OPEN, {"Iris": "1"}),
        (LensAxis.IRIS, LensDirection.CLOSE, {"Iris": "0"}),
    ],
)
def test_lens_motors_are_1_for_in_near_open_and_0_for_the_other_way(
    axis: LensAxis, direction: LensDirection, params: dict[str, str]
) -> None:
    """3.6.4's Zoom/Focus/Iris codes."""
    assert lens_params(axis, direction) == params


@pytest.mark.parametrize(
    ("axis", "direction"),
    [(LensAxis.FOCUS, LensDirection.AUTO), (LensAxis.ZOOM, LensDirection.NEAR)],
)
def test_auto_focus_and_another_motors_direction_are_not_supported(
    axis: LensAxis, direction: LensDirection
) -> None:
    """The API has no auto focus; zoom has no near."""
    with pytest.raises(NotSupportedError):
        lens_params(axis, direction)


def test_presets_are_called_set_with_a_title_and_not_removed() -> None:
    """Preset=1 calls, Preset=0 sets (title optional); the API cannot remove one."""
    assert preset_params(PresetAction.GOTO, 3) == {"PresetNumber": "3", "Preset": "1"}
    assert preset_params(PresetAction.SAVE, 255, "Gate") == {
        "PresetNumber": "255",
        "Preset": "0",
        "PresetTitle": "Gate",
    }
    assert preset_params(PresetAction.SAVE, 1) == {"PresetNumber": "1", "Preset": "0"}
    with pytest.raises(NotSupportedError, match="no such command"):
        preset_params(PresetAction.REMOVE, 1)
    for number in (0, 256):
        with pytest.raises(NotSupportedError):
            preset_params(PresetAction.GOTO, number)


def test_patrols_run_auto_pan_or_pattern_1_to_4() -> None:
    """`AutoPan=2` / `Pattern=2` is "Run"; auto pan 1 by default."""
    assert len(PATROLS) == 8
    assert patrol_params(None) == {"AutoPanNumber": "1", "AutoPan": "2"}
    assert patrol_params("pattern_4") == {"PatternNumber": "4", "Pattern": "2"}
    with pytest.raises(NotSupportedError):
        patrol_params("pattern_5")


def test_an_absolute_position_is_in_hundredths_of_a_degree_and_zoom_steps() -> None:
    """Model=0; 90.5° is 9050; -90° is 270° (27000); 100 % zoom is 65535."""
    assert position_params(90.5, -90, 100) == {
        "Model": "0",
        "Pan": "9050",
        "Tilt": "27000",
        "ZoomPosition": "65535",
    }
    assert position_params(None, None, 50) == {"Model": "0", "ZoomPosition": "32768"}


@pytest.mark.parametrize(
    ("pan", "tilt", "zoom"),
    [(None, None, None), (None, None, 101), (math.nan, None, None), (None, None, math.inf)],
)
def test_an_impossible_position_is_refused(
    pan: float | None, tilt: float | None, zoom: float | None
) -> None:
    """Nothing to do, zoom past 100 %, or a non-finite number."""
    with pytest.raises(NotSupportedError):
        position_params(pan, tilt, zoom)
