"""The Anjia settings offered as entities: which CGI and attribute, and their values.

Each configuration CGI answers its settings as attributes (`<image brightness="128" .../>`)
and takes them as query parameters (2.2: without parameters it is a query). set_led and
set_ircut print no answer at all (3.7.6/3.7.7 copy the OSD description), so whether they
answer a query is learned from the camera (see the client).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from ...codec import encode_setting
from ...models import SettingKind, SettingSpec, SettingValue
from .parse import parse_flag, parse_whole

IMAGE_PATH: Final = "/cgi-bin/image"
MOTION_PATH: Final = "/cgi-bin/motion"
OSD_PATH: Final = "/cgi-bin/osd"
LED_PATH: Final = "/cgi-bin/set_led"
IRCUT_PATH: Final = "/cgi-bin/set_ircut"
# Read on the slow cadence, always (the ones whose query the camera answers are added).
CONFIG_PATHS: Final = (IMAGE_PATH, MOTION_PATH, OSD_PATH)
QUERIED_PATHS: Final = (LED_PATH, IRCUT_PATH)
RELAY_KEY: Final = "relay"

# 3.7.6 documents only "ircutmode: 0 ~ 5". 0-2 carry the names the OEM web pages give
# them (automatic, day/colour, night/black and white); 3-5 are named by number, since
# nothing documents them. Some firmware swaps day and night (specs README): the client's
# `invert_ir_cut` option swaps those two codes.
IR_CUT_MODES: Final = {
    "automatic": "0",
    "day": "1",
    "night": "2",
    "mode_3": "3",
    "mode_4": "4",
    "mode_5": "5",
}
# 3.7.7: "ledmode 1: Indicates infrared 2: Indicates white light".
LED_MODES: Final = {"infrared": "1", "white": "2"}


@dataclass(frozen=True, kw_only=True)
class AnjiaSetting:
    """One setting: attribute `attr` of the answer of `path`, written as `path?attr=code`."""

    key: str
    path: str
    attr: str
    kind: SettingKind
    minimum: int = 0
    maximum: int = 100
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> SettingSpec:
        """How the integration presents the setting."""
        if self.kind is SettingKind.SELECT:
            return SettingSpec(kind=self.kind, options=tuple(self.options))
        if self.kind is SettingKind.NUMBER:
            return SettingSpec(kind=self.kind, minimum=self.minimum, maximum=self.maximum)
        return SettingSpec(kind=self.kind)

    def decode(self, raw: str | None, options: Mapping[str, str]) -> SettingValue | None:
        """The value of the attribute; None where absent or not one the spec allows."""
        if self.kind is SettingKind.SWITCH:
            return parse_flag(raw)
        if self.kind is SettingKind.SELECT:
            code = (raw or "").strip()
            return next((option for option, value in options.items() if value == code), None)
        number = parse_whole(raw)
        if number is None or not self.minimum <= number <= self.maximum:
            return None
        return number

    def encode(self, value: SettingValue, options: Mapping[str, str]) -> str:
        """The device code for a value; NotSupportedError for one the spec does not allow."""
        return encode_setting(
            self.key,
            self.kind,
            value,
            options=options,
            minimum=self.minimum,
            maximum=self.maximum,
        )


def _switch(key: str, path: str, attr: str) -> AnjiaSetting:
    return AnjiaSetting(key=key, path=path, attr=attr, kind=SettingKind.SWITCH)


def _number(key: str, path: str, attr: str, minimum: int, maximum: int) -> AnjiaSetting:
    return AnjiaSetting(
        key=key, path=path, attr=attr, kind=SettingKind.NUMBER, minimum=minimum, maximum=maximum
    )


def _select(key: str, path: str, attr: str, options: Mapping[str, str]) -> AnjiaSetting:
    return AnjiaSetting(key=key, path=path, attr=attr, kind=SettingKind.SELECT, options=options)


# 3.6.3 Image (0-255), 3.6.4 Motion Detect (1-100), 3.6.1 OSD, 3.7.7 LED, 3.7.6 IR-cut.
SETTINGS: Final[tuple[AnjiaSetting, ...]] = (
    _number("brightness", IMAGE_PATH, "brightness", 0, 255),
    _number("contrast", IMAGE_PATH, "contrast", 0, 255),
    _number("saturation", IMAGE_PATH, "saturation", 0, 255),
    _number("sharpness", IMAGE_PATH, "sharpness", 0, 255),
    _switch("motion_detection", MOTION_PATH, "enable"),
    _number("motion_sensitivity", MOTION_PATH, "sensitivity", 1, 100),
    _number("motion_threshold", MOTION_PATH, "alarmthreshold", 1, 100),
    _switch("night_motion_parameters", MOTION_PATH, "enable_nighttime"),
    _number("night_motion_sensitivity", MOTION_PATH, "night_sensitivity", 1, 100),
    _number("night_motion_threshold", MOTION_PATH, "night_alarmthreshold", 1, 100),
    _switch("osd", OSD_PATH, "enable"),
    _switch("led", LED_PATH, "ledstatus"),
    _number("led_brightness", LED_PATH, "brightness", 0, 100),
    _select("led_mode", LED_PATH, "ledmode", LED_MODES),
    _select("ir_cut_mode", IRCUT_PATH, "ircutmode", IR_CUT_MODES),
)
SETTINGS_BY_KEY: Final = {setting.key: setting for setting in SETTINGS}
# 3.7.7's only example sends all three LED parameters (and a missing one is refused with
# "not find param brightness"): a change of one re-sends the other two as last known.
LED_PARAMS: Final = ("brightness", "ledstatus", "ledmode")
# Until the camera said otherwise (a set_led it answers no query for): what 3.7.7's
# example URL sends.
LED_DEFAULTS: Final = MappingProxyType({"brightness": "50", "ledstatus": "0", "ledmode": "1"})

CATALOGUE: Final[Mapping[str, SettingSpec]] = MappingProxyType(
    {RELAY_KEY: SettingSpec(kind=SettingKind.SWITCH)}
    | {setting.key: setting.spec for setting in SETTINGS}
)


def ir_cut_options(invert: bool) -> dict[str, str]:
    """The IR-cut codes, with day and night swapped for firmware that inverts them."""
    options = dict(IR_CUT_MODES)
    if invert:
        options["day"], options["night"] = options["night"], options["day"]
    return options
