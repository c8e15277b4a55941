"""The Hankvision settings offered as entities: which class, group and parameter, and values.

`/cgi/<cgi>_get?Channel=1&Group=<group>` reads a group, `<cgi>_set?...&<param>=<code>` writes
one parameter, and `<cgi>_query?Group=All` says once, at setup, which parameters the device
has and their ranges or options (spec 2.3.1.2): the ranges below are the spec's, used only
where the device's query does not say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from ...codec import encode_setting
from ...models import SettingKind, SettingSpec, SettingValue
from .parse import ValueRange

IMAGE: Final = "image"
CAMERA: Final = "camera"
ALARM: Final = "alarm"
AUDIO: Final = "audio"
RECORD: Final = "record"


@dataclass(frozen=True, kw_only=True)
class HvSetting:
    """One setting: parameter `param` of group `group` of the `cgi` class."""

    key: str
    cgi: str
    group: str
    param: str
    kind: SettingKind
    minimum: int = 0
    maximum: int = 255
    # Option name -> device code, in the spec's order.
    options: Mapping[str, str] = field(default_factory=dict)

    def spec(self, offered: ValueRange | None = None) -> SettingSpec:
        """How the integration presents the setting, narrowed to what the device offers."""
        if self.kind is SettingKind.SELECT:
            return SettingSpec(kind=self.kind, options=tuple(self.offered_options(offered)))
        if self.kind is SettingKind.NUMBER:
            low, high = self.limits(offered)
            return SettingSpec(kind=self.kind, minimum=low, maximum=high)
        return SettingSpec(kind=self.kind)

    def limits(self, offered: ValueRange | None) -> tuple[int, int]:
        """The device's `a ... b` where its query gives one, else the spec's range."""
        if offered is not None and offered.minimum is not None and offered.maximum is not None:
            return int(offered.minimum), int(offered.maximum)
        return self.minimum, self.maximum

    def decode(self, raw: str | None) -> SettingValue | None:
        """The value of the parameter; None where absent or not one the setting takes."""
        if raw is None:
            return None
        raw = raw.strip()
        if self.kind is SettingKind.SELECT:
            return next((name for name, code in self.options.items() if code == raw), None)
        if not raw.isascii() or not raw.lstrip("-").isdigit():
            return None
        number = int(raw)
        if self.kind is SettingKind.SWITCH:
            return {0: False, 1: True}.get(number)
        return number

    def encode(self, value: SettingValue, offered: ValueRange | None = None) -> str:
        """The device code for a value; NotSupportedError for one it does not take."""
        low, high = self.limits(offered)
        return encode_setting(
            self.key,
            self.kind,
            value,
            options=self.offered_options(offered),
            minimum=low,
            maximum=high,
        )

    def offered_options(self, offered: ValueRange | None) -> dict[str, str]:
        """The options whose codes the device's query lists (all of them where it lists none)."""
        codes = set(offered.options) if offered is not None and offered.options else None
        return {name: code for name, code in self.options.items() if codes is None or code in codes}


def _number(key: str, cgi: str, group: str, param: str, low: int, high: int) -> HvSetting:
    return HvSetting(
        key=key,
        cgi=cgi,
        group=group,
        param=param,
        kind=SettingKind.NUMBER,
        minimum=low,
        maximum=high,
    )


def _switch(key: str, cgi: str, group: str, param: str) -> HvSetting:
    return HvSetting(key=key, cgi=cgi, group=group, param=param, kind=SettingKind.SWITCH)


def _select(key: str, cgi: str, group: str, param: str, options: dict[str, str]) -> HvSetting:
    return HvSetting(
        key=key, cgi=cgi, group=group, param=param, kind=SettingKind.SELECT, options=options
    )


# 3.3.4 ImageInfo, 3.8.4 BasicInfo, 3.8.5 ExposureInfo, 3.13.4 MDInfo, 3.4.4 AudioInfo,
# 3.5.4 RecordControl.
SETTINGS: Final[tuple[HvSetting, ...]] = (
    _number("brightness", IMAGE, "ImageInfo", "Brightness", 0, 255),
    _number("contrast", IMAGE, "ImageInfo", "Contrast", 0, 255),
    _number("saturation", IMAGE, "ImageInfo", "Saturation", 0, 255),
    _number("sharpness", IMAGE, "ImageInfo", "Sharpness", 0, 255),
    _number("hue", IMAGE, "ImageInfo", "Hue", 0, 255),
    _number("denoise", IMAGE, "ImageInfo", "Denoise", 0, 255),
    # "Format 0 = PAL 1 = NTSC".
    _select("video_format", IMAGE, "ImageInfo", "Format", {"pal": "0", "ntsc": "1"}),
    _switch("mirror_horizontal", CAMERA, "BasicInfo", "MirrorHor"),
    _switch("mirror_vertical", CAMERA, "BasicInfo", "MirrorVer"),
    _switch("wdr", CAMERA, "BasicInfo", "WDRSwitch"),
    _number("wdr_level", CAMERA, "BasicInfo", "WDRLevel", 0, 255),
    _switch("anti_fog", CAMERA, "BasicInfo", "AFGSwitch"),
    _switch("image_stabilization", CAMERA, "BasicInfo", "DISSwitch"),
    # "WBMode 0 = auto 1 = manual".
    _select("white_balance_mode", CAMERA, "BasicInfo", "WBMode", {"auto": "0", "manual": "1"}),
    # "ExposureMode 0 = auto mode 1 = shutter mode 2 = manual mode".
    _select(
        "exposure_mode",
        CAMERA,
        "ExposureInfo",
        "ExposureMode",
        {"auto": "0", "shutter": "1", "manual": "2"},
    ),
    # "ICRSwitch 0 = out control 1 = night 2 = day 3 = auto": 0 follows an external input.
    _select(
        "ir_cut_mode",
        CAMERA,
        "ExposureInfo",
        "ICRSwitch",
        {"external": "0", "night": "1", "day": "2", "automatic": "3"},
    ),
    # "ColorMode 0 = colorful 1 = standard 2 = cold".
    _select(
        "color_mode",
        CAMERA,
        "ExposureInfo",
        "ColorMode",
        {"colorful": "0", "standard": "1", "cold": "2"},
    ),
    _switch("motion_detection", ALARM, "MDInfo", "MDEnable"),
    _number("motion_sensitivity", ALARM, "MDInfo", "MDSensitivity", 1, 100),
    _switch("audio", AUDIO, "AudioInfo", "AudioEnable"),
    _number("audio_volume", AUDIO, "AudioInfo", "AudioVolume", 0, 9),
    # "Mode 0 = stop manually recording 1 = start manually recording".
    _switch("manual_recording", RECORD, "RecordControl", "Mode"),
)
SETTINGS_BY_KEY: Final = MappingProxyType({setting.key: setting for setting in SETTINGS})
# The groups read on the slow cadence, one request each, in this order.
GROUPS: Final = tuple(dict.fromkeys((setting.cgi, setting.group) for setting in SETTINGS))
CATALOGUE: Final[Mapping[str, SettingSpec]] = MappingProxyType(
    {setting.key: setting.spec() for setting in SETTINGS}
)
