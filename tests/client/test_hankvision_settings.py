"""Specification of the Hankvision settings table: codes, ranges from the device, options."""

from __future__ import annotations

import pytest

from custom_components.ipcam_cgi.client import NotSupportedError, SettingKind
from custom_components.ipcam_cgi.client.vendors.hankvision.parse import ValueRange, parse_range
from custom_components.ipcam_cgi.client.vendors.hankvision.settings import (
    CATALOGUE,
    GROUPS,
    SETTINGS,
    SETTINGS_BY_KEY,
)

# The issue's minimum entity list for this vendor (the settings among them).
EXPECTED = {
    SettingKind.NUMBER: {
        "brightness",
        "contrast",
        "saturation",
        "sharpness",
        "hue",
        "denoise",
        "wdr_level",
        "motion_sensitivity",
        "audio_volume",
    },
    SettingKind.SWITCH: {
        "motion_detection",
        "mirror_horizontal",
        "mirror_vertical",
        "wdr",
        "anti_fog",
        "image_stabilization",
        "manual_recording",
        "audio",
    },
    SettingKind.SELECT: {
        "ir_cut_mode",
        "exposure_mode",
        "white_balance_mode",
        "color_mode",
        "video_format",
    },
}


def test_the_table_offers_every_setting_of_the_issue_once() -> None:
    """Each key once, of the kind its entity needs."""
    assert len(SETTINGS) == len(SETTINGS_BY_KEY)
    for kind, keys in EXPECTED.items():
        assert {s.key for s in SETTINGS if s.kind is kind} == keys


def test_the_groups_are_read_once_each_in_table_order() -> None:
    """One request per (class, group) on the slow cadence."""
    assert GROUPS == (
        ("image", "ImageInfo"),
        ("camera", "BasicInfo"),
        ("camera", "ExposureInfo"),
        ("alarm", "MDInfo"),
        ("audio", "AudioInfo"),
        ("record", "RecordControl"),
    )


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("brightness", "128", 128),
        ("brightness", " 7 ", 7),
        ("brightness", "x", None),
        ("brightness", None, None),
        ("wdr", "1", True),
        ("wdr", "0", False),
        ("wdr", "2", None),
        ("ir_cut_mode", "0", "external"),
        ("ir_cut_mode", "1", "night"),
        ("ir_cut_mode", "2", "day"),
        ("ir_cut_mode", "3", "automatic"),
        ("ir_cut_mode", "9", None),
        ("video_format", "1", "ntsc"),
        ("exposure_mode", "2", "manual"),
        ("color_mode", "2", "cold"),
    ],
)
def test_device_codes_decode_to_values(key: str, raw: str | None, value: object) -> None:
    """3.3.4/3.8.4/3.8.5: the codes the spec lists; anything else is unknown (None)."""
    assert SETTINGS_BY_KEY[key].decode(raw) == value


def test_a_range_from_the_device_narrows_the_number_and_its_writes() -> None:
    """`0 ... 100` from the query replaces the spec's 0-255."""
    setting = SETTINGS_BY_KEY["brightness"]
    offered = parse_range("0 ... 100")

    spec = setting.spec(offered)
    assert (spec.minimum, spec.maximum) == (0, 100)
    assert setting.encode(100, offered) == "100"
    with pytest.raises(NotSupportedError):
        setting.encode(200, offered)
    assert setting.encode(200) == "200"


def test_an_option_list_from_the_device_narrows_the_select() -> None:
    """A device offering ICRSwitch `1, 2, 3` has no external mode."""
    setting = SETTINGS_BY_KEY["ir_cut_mode"]

    assert setting.spec(parse_range("1, 2, 3")).options == ("night", "day", "automatic")
    assert setting.spec().options == ("external", "night", "day", "automatic")
    # A range where a list was expected changes nothing.
    assert setting.spec(ValueRange(minimum=0, maximum=3)).options == setting.spec().options


def test_writes_encode_the_spec_codes() -> None:
    """Switch 1/0, select codes, whole numbers."""
    assert SETTINGS_BY_KEY["motion_detection"].encode(True) == "1"
    assert SETTINGS_BY_KEY["ir_cut_mode"].encode("day") == "2"
    assert SETTINGS_BY_KEY["audio_volume"].encode(9) == "9"
    with pytest.raises(NotSupportedError):
        SETTINGS_BY_KEY["audio_volume"].encode(10)
    with pytest.raises(NotSupportedError):
        SETTINGS_BY_KEY["ir_cut_mode"].encode("twilight")


def test_the_catalogue_holds_the_widest_spec_of_every_setting() -> None:
    """What the entity descriptions and translations must cover."""
    assert set(CATALOGUE) == set(SETTINGS_BY_KEY)
    assert CATALOGUE["motion_sensitivity"].minimum == 1
    assert CATALOGUE["wdr"].kind is SettingKind.SWITCH
