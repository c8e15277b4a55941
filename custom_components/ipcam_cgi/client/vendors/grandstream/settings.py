"""The GSC36xx settings offered as entities: which module and P-value, and their values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from ...codec import encode_setting
from ...models import SettingKind, SettingSpec, SettingValue
from .parse import ConfigAnswer


@dataclass(frozen=True, kw_only=True)
class GsSetting:
    """One setting: `cmd=get&type=<module>` reads it, `cmd=set&<param>=<code>` writes it."""

    key: str
    module: str
    param: str
    kind: SettingKind
    minimum: int = 0
    maximum: int = 100
    # Option name -> device code, and the GSC3620's own table where it differs.
    options: dict[str, str] = field(default_factory=dict)
    gsc3620_options: dict[str, str] | None = None

    def options_for(self, model: str) -> dict[str, str]:
        """The option table of this model."""
        if self.gsc3620_options is not None and is_gsc3620(model):
            return self.gsc3620_options
        return self.options

    def spec_for(self, model: str) -> SettingSpec:
        """How the integration presents this setting on this model."""
        if self.kind is SettingKind.SELECT:
            return SettingSpec(kind=self.kind, options=tuple(self.options_for(model)))
        if self.kind is SettingKind.NUMBER:
            return SettingSpec(kind=self.kind, minimum=self.minimum, maximum=self.maximum)
        return SettingSpec(kind=self.kind)

    def catalogue_spec(self) -> SettingSpec:
        """The spec with the options of every model (for metadata checks)."""
        if self.kind is not SettingKind.SELECT:
            return self.spec_for("")
        options = dict(self.options) | dict(self.gsc3620_options or {})
        return SettingSpec(kind=self.kind, options=tuple(options))

    def decode(self, answer: ConfigAnswer, model: str) -> SettingValue | None:
        """The value in a module's answer; None where absent or not one the spec lists."""
        raw = answer.get(self.param)
        if raw is None:
            return None
        if self.kind is SettingKind.SELECT:
            for option, code in self.options_for(model).items():
                if code == raw:
                    return option
            return None
        try:
            number = int(raw)
        except ValueError:
            return None
        if self.kind is SettingKind.SWITCH:
            return number == 1 if number in (0, 1) else None
        return number

    def encode(self, value: SettingValue, model: str) -> str:
        """The device code for a value; NotSupportedError for one the spec does not allow."""
        return encode_setting(
            self.key,
            self.kind,
            value,
            options=self.options_for(model),
            minimum=self.minimum,
            maximum=self.maximum,
        )


def is_gsc3620(model: str) -> bool:
    """The GSC3620 (zoom/focus lens, scheduled IR cut) differs from the GSC3610/GSC3615."""
    return "3620" in model


def _switch(key: str, module: str, param: str) -> GsSetting:
    return GsSetting(key=key, module=module, param=param, kind=SettingKind.SWITCH)


def _number(key: str, module: str, param: str, minimum: int, maximum: int) -> GsSetting:
    return GsSetting(
        key=key,
        module=module,
        param=param,
        kind=SettingKind.NUMBER,
        minimum=minimum,
        maximum=maximum,
    )


def _select(
    key: str,
    module: str,
    param: str,
    options: dict[str, str],
    gsc3620_options: dict[str, str] | None = None,
) -> GsSetting:
    return GsSetting(
        key=key,
        module=module,
        param=param,
        kind=SettingKind.SELECT,
        options=options,
        gsc3620_options=gsc3620_options,
    )


def _codes(*values: int) -> dict[str, str]:
    return {str(value): str(value) for value in values}


# Tables of the spec (1.0.0.19): "1. ISP parameter", "4. Access Settings", "9. OSD",
# "10. CMOS Settings", "11. Audio Settings", "13. Alarm Config", "23. Event Notification".
SETTINGS: Final[tuple[GsSetting, ...]] = (
    _number("brightness", "isp", "P15520", 0, 100),
    _number("contrast", "isp", "P15521", 0, 100),
    _number("saturation", "isp", "P15522", 0, 100),
    _number("sharpness", "isp", "P15523", 0, 100),
    # "Flip 0: NONE 1: Horizontal&Vertical 2: Horizontal 3: Vertical".
    _select(
        "flip", "cmos", "P10500", {"none": "0", "both": "1", "horizontal": "2", "vertical": "3"}
    ),
    # "3: Scheduled-Switch (For GSC3620 only)".
    _select(
        "ir_cut_mode",
        "cmos",
        "P10504",
        {"manual": "0", "automatic": "1"},
        {"manual": "0", "automatic": "1", "scheduled": "3"},
    ),
    _select("day_night", "cmos", "P10505", {"day": "0", "night": "1"}),
    # GSC3610/GSC3615: 0 indoor 50 Hz, 1 indoor 60 Hz, 2 outdoor; GSC3620: 0 50 Hz, 1 60 Hz.
    _select(
        "power_frequency",
        "cmos",
        "P12314",
        {"50hz": "0", "60hz": "1", "outdoor": "2"},
        {"50hz": "0", "60hz": "1"},
    ),
    _switch("wdr", "cmos", "P15513"),
    _switch("osd_time", "osd", "P10044"),
    _switch("osd_text", "osd", "P10045"),
    _select("osd_date_format", "osd", "P10001", {"ymd": "0", "mdy": "1", "dmy": "2"}),
    _number("audio_input_volume", "audio", "P14002", 0, 6),
    _number("audio_output_volume", "audio", "P14003", 0, 6),
    _select(
        "motion_detection_mode",
        "event",
        "P15517",
        {"default": "0", "sequence": "1", "multi_zone": "2", "zone_ratio": "3"},
    ),
    # Minimum duration of motion before an alarm (the spec lists 200-3000 without a unit; the
    # web UI's choices are milliseconds) and minimum interval between two motion events (s).
    _select("motion_min_duration", "event", "P10267", _codes(200, 300, 400, 500, 1000, 2000, 3000)),
    _select("motion_event_interval", "event", "P10268", _codes(3, *range(5, 61, 5))),
    _number("motion_night_min_blocks", "event", "P15519", 1, 100),
    _switch("anonymous_live_view", "access", "P15469"),
    _switch("ssh", "access", "P276"),
    _switch("event_notification", "log", "P15410"),
)
SETTINGS_BY_KEY: Final = {setting.key: setting for setting in SETTINGS}

# Modules read on the slow cadence, in this order (sysinfo carries the uptime).
MODULES: Final = ("sysinfo", "isp", "cmos", "osd", "audio", "event", "access", "log")
GSC3620_MODULES: Final = (*MODULES, "ptz")
CATALOGUE: Final = {setting.key: setting.catalogue_spec() for setting in SETTINGS}
