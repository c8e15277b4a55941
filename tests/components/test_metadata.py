"""The files Home Assistant, hassfest and HACS read agree with the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from custom_components.ipcam_cgi import binary_sensor, button, number, select, sensor, switch
from custom_components.ipcam_cgi.camera import SERVICES
from custom_components.ipcam_cgi.client import SettingKind, SettingSpec, Vendor, VendorClient
from custom_components.ipcam_cgi.client.registry import VENDOR_CLIENTS

ROOT = Path(__file__).parents[2]
COMPONENT = ROOT / "custom_components" / "ipcam_cgi"
STRINGS = json.loads((COMPONENT / "strings.json").read_text())
ICONS = json.loads((COMPONENT / "icons.json").read_text())

DESCRIPTIONS = {
    "binary_sensor": binary_sensor.BINARY_SENSORS,
    "button": button.BUTTONS,
    "number": number.NUMBERS,
    "select": (*select.SELECTS, select.PRESET_SELECT),
    "sensor": sensor.SENSORS,
    "switch": switch.SWITCHES,
}


def test_translations_equal_strings() -> None:
    assert (COMPONENT / "translations" / "en.json").read_text() == (
        COMPONENT / "strings.json"
    ).read_text()


def test_strings_hold_no_references_urls_or_html() -> None:
    text = (COMPONENT / "strings.json").read_text()
    assert "[%key:" not in text
    assert "http://" not in text
    assert "https://" not in text
    assert not re.search(r"<[a-z]+[ >]", text)


@pytest.mark.parametrize("platform", sorted(DESCRIPTIONS))
def test_every_entity_description_is_translated(platform: str) -> None:
    names = STRINGS["entity"][platform]
    for description in DESCRIPTIONS[platform]:
        assert description.translation_key in names, description.key
        assert names[description.translation_key]["name"]


def test_every_option_of_every_vendor_select_is_translated() -> None:
    select_strings = STRINGS["entity"]["select"]
    for cls in VENDOR_CLIENTS.values():
        capabilities_settings = _static_settings(cls)
        for key, spec in capabilities_settings.items():
            if spec.kind is SettingKind.SELECT:
                states = select_strings[key]["state"]
                assert set(spec.options) <= set(states), (cls.vendor, key)


def test_every_vendor_setting_has_an_entity_description() -> None:
    described = {
        SettingKind.SWITCH: {d.key for d in switch.SWITCHES},
        SettingKind.NUMBER: {d.key for d in number.NUMBERS},
        SettingKind.SELECT: {d.key for d in select.SELECTS},
    }
    for cls in VENDOR_CLIENTS.values():
        for key, spec in _static_settings(cls).items():
            assert key in described[spec.kind], (cls.vendor, key)


def _static_settings(cls: type[VendorClient]) -> dict[str, SettingSpec]:
    assert cls.setting_catalogue, cls.vendor
    return dict(cls.setting_catalogue)


def test_exception_translation_keys_exist() -> None:
    used: set[str] = set()
    for path in COMPONENT.glob("*.py"):
        used |= set(re.findall(r'translation_key="([a-z_]+)"', path.read_text()))
    entity_keys = {key for platform in STRINGS["entity"].values() for key in platform}
    known = entity_keys | set(STRINGS["exceptions"]) | set(STRINGS["selector"])
    missing = used - known
    assert not missing


def test_services_yaml_strings_icons_and_code_agree() -> None:
    services = yaml.safe_load((COMPONENT / "services.yaml").read_text())
    assert set(services) == set(SERVICES)
    assert set(STRINGS["services"]) == set(SERVICES)
    assert set(ICONS["services"]) == set(SERVICES)
    for name, spec in services.items():
        assert spec["target"]["entity"] == {"integration": "ipcam_cgi", "domain": "camera"}
        fields = set(spec.get("fields", {}))
        assert fields == {str(marker) for marker in SERVICES[name]}, name
        assert fields == set(STRINGS["services"][name].get("fields", {})), name
        for field in spec.get("fields", {}).values():
            key = field["selector"].get("select", {}).get("translation_key")
            if key:
                assert set(field["selector"]["select"]["options"]) <= set(
                    STRINGS["selector"][key]["options"]
                )


def test_vendor_selector_lists_every_vendor_key() -> None:
    assert set(STRINGS["selector"]["vendor"]["options"]) == {"auto", *(v.value for v in Vendor)}


def test_manifest_keys_are_in_hassfest_order() -> None:
    manifest = json.loads((COMPONENT / "manifest.json").read_text())
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert manifest["domain"] == COMPONENT.name
    assert manifest["documentation"].startswith("https://")
    assert {"webhook", "http"} <= set(manifest["dependencies"])


def test_hacs_json_uses_only_allowed_keys() -> None:
    allowed = {
        "name",
        "content_in_root",
        "country",
        "filename",
        "hacs",
        "hide_default_branch",
        "homeassistant",
        "persistent_directory",
        "render_readme",
        "zip_release",
    }
    hacs = json.loads((ROOT / "hacs.json").read_text())
    assert set(hacs) <= allowed
    assert hacs["homeassistant"] == "2025.4.0"


def test_quality_scale_lists_every_rule_done_or_exempt_with_reason() -> None:
    rules = yaml.safe_load((COMPONENT / "quality_scale.yaml").read_text())["rules"]
    assert len(rules) >= 50
    for name, rule in rules.items():
        if isinstance(rule, dict):
            assert rule["status"] in {"done", "exempt"}, name
            assert rule["status"] == "done" or rule.get("comment"), name
        else:
            assert rule == "done", name
