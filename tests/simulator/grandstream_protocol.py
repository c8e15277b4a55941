"""Protocol tables of the simulated Grandstream GSC36xx: modules, value rules, XML answers.

Section names refer to /work/shared/specs/grandstream-gsc36xx-http-api.txt. Each module
lists its keys in the order of the spec's ``cmd=get`` example, then the keys the Set table
adds. A key's rule says which ``cmd=set`` values the firmware accepts; ``None`` marks a
status value that can only be read.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Final
from xml.sax.saxutils import escape

from aiohttp import hdrs, web

Rule = Callable[[str], bool]
"""Whether the firmware accepts a ``cmd=set`` value (given as sent)."""

MODELS: Final = ("GSC3610", "GSC3615", "GSC3620")
# The GSC3620 is the motorised-lens model: section 28 (PTZ) and the GSC3620-only rows
# of section 10 (CMOS) exist only there.
ZOOM_MODEL: Final = "GSC3620"
ZOOM_MAX: Final = 30
"""Section 28: ``Pzoom_m`` is 0-30, zoom factor = 1 + value / 10."""

_DIGITS = re.compile(r"\d{1,10}")
# "Parameter contain illegal characters" (XML Returned by Device, code 6): control
# characters cannot be stored in the firmware's configuration file.
_ILLEGAL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DAYTIME = re.compile(r"(\d{2})-(\d{2})")
_REGION = re.compile(r"\[(\d{1,3}(?:,\d{1,3}){3,5})\]")


def int_range(low: int, high: int) -> Rule:
    """Accept a decimal integer from ``low`` to ``high`` (both included)."""

    def check(value: str) -> bool:
        return bool(_DIGITS.fullmatch(value)) and low <= int(value) <= high

    return check


def int_set(*allowed: int) -> Rule:
    """Accept one of the listed decimal integers (a ``<a b c>`` set in the spec)."""
    choices = frozenset(allowed)

    def check(value: str) -> bool:
        return bool(_DIGITS.fullmatch(value)) and int(value) in choices

    return check


def text(max_length: int, *, min_length: int = 0) -> Rule:
    """Accept a string of ``min_length`` to ``max_length`` characters, no control characters."""

    def check(value: str) -> bool:
        return min_length <= len(value) <= max_length and not _ILLEGAL_TEXT.search(value)

    return check


def _daytime(value: str) -> bool:
    # Section 10, P15552: "start_time-end_time", 0-23 each, "cannot be the same".
    match = _DAYTIME.fullmatch(value)
    if match is None:
        return False
    start, end = int(match.group(1)), int(match.group(2))
    return start <= 23 and end <= 23 and start != end


def _motion_regions(value: str) -> bool:
    # Section 13, P14224: "The 8 regions must be configured at the same time all at once".
    # The spec's own examples disagree on the fields per region (its format names six,
    # the get example has four, the set example mixes six and five), so 4-6 integers are
    # accepted; coordinates stay within the 704 x 576 grid the rules give.
    regions = _REGION.findall(value.replace(" ", ""))
    if len(regions) != 8 or ",".join(f"[{r}]" for r in regions) != value.replace(" ", ""):
        return False
    return all(int(field) <= 704 for region in regions for field in region.split(","))


_FLAG: Final = int_set(0, 1)
_BYTE: Final = int_range(0, 255)
# Keys that the get examples return but no Set table documents: the web UI writes them
# back with the same shape, so any value of that shape is stored.
_UNDOCUMENTED_INT: Final = int_range(0, 65535)
_UNDOCUMENTED_TEXT: Final = text(255)


def _undocumented(default: str) -> Rule:
    return _UNDOCUMENTED_INT if _DIGITS.fullmatch(default) else _UNDOCUMENTED_TEXT


type Module = dict[str, tuple[str, Rule | None]]
"""P-name -> (default value, rule), in the order ``cmd=get`` returns them."""


def _sysinfo(model: str, firmware: str) -> Module:
    # Section 25, System Status: "Support cmd= get" only.
    return {
        "P89": (model, None),
        "P917": ("V1.5A", None),
        "P1397": ("9650001415A", None),
        "P70": (firmware, None),
        "P45": (firmware, None),
        "P68": (firmware, None),
        "P15009": ("1 hour 31 minutes", None),
        # P499 is the SIP registration status of account 2 (Account Settings: Read Only).
        "P499": ("0", None),
    }


def _net(mac: str) -> Module:
    # Section 3 (Network Settings) makes P8-P28 settable; the MAC is status (section 26).
    example = (
        ("P8", "0", _FLAG),
        ("P9", "192", _BYTE),
        ("P10", "168", _BYTE),
        ("P11", "86", _BYTE),
        ("P12", "3", _BYTE),
        ("P13", "255", _BYTE),
        ("P14", "255", _BYTE),
        ("P15", "255", _BYTE),
        ("P16", "0", _BYTE),
        ("P17", "192", _BYTE),
        ("P18", "168", _BYTE),
        ("P19", "86", _BYTE),
        ("P20", "1", _BYTE),
        ("P10107", "0", _FLAG),
        ("P21", "192", _BYTE),
        ("P22", "168", _BYTE),
        ("P23", "84", _BYTE),
        ("P24", "217", _BYTE),
        ("P25", "192", _BYTE),
        ("P26", "168", _BYTE),
        ("P27", "10", _BYTE),
        ("P28", "253", _BYTE),
    )
    module: Module = {"P67": (mac.upper(), None)}
    module.update({key: (value, rule) for key, value, rule in example})
    return module


def _isp() -> Module:
    # Section 1, ISP parameter: brightness, contrast, saturation, sharpness.
    return {key: ("50", int_range(0, 100)) for key in ("P15520", "P15521", "P15522", "P15523")}


def _cmos(model: str) -> Module:
    zoom_model = model == ZOOM_MODEL
    module: Module = {
        "P10572": ("1", _undocumented("1")),
        "P10573": ("0", _undocumented("0")),
        # Power frequency: 0-2 on GSC3610/GSC3615, 0-1 on GSC3620 (section 10).
        "P12314": ("1", int_set(0, 1) if zoom_model else int_set(0, 1, 2)),
        "P10503": ("0", int_set(0, 30, 60, 125, 250, 500, 1000, 2000, 5000, 10000)),
        "P10500": ("0", int_set(0, 1, 2, 3)),
        # IR cut 3 (Scheduled-Switch) is "For GSC3620 only".
        "P10504": ("1", int_set(0, 1, 3) if zoom_model else _FLAG),
        "P10505": ("0", _FLAG),
        "P15513": ("0", _FLAG),
    }
    if zoom_model:
        module["P15552"] = ("08-22", _daytime)
    return module


def _osd() -> Module:
    # Section 9, On Screen Display.
    return {
        "P10044": ("1", _FLAG),
        "P10045": ("0", _FLAG),
        "P10001": ("1", int_set(0, 1, 2)),
        "P10007": ("0", _undocumented("0")),
        "P10040": ("", text(32)),
        "P10041": ("0", int_set(0, 1, 2, 3)),
        "P10046": ("0", int_set(0, 1, 2, 3)),
    }


def _audio() -> Module:
    # Section 11. The spec's example shows P14002=13, outside its own 0-6 range; the
    # default here is a settable value (a test can store "13" to reproduce the example).
    return {
        "P14000": ("1", int_set(1, 2)),
        "P14002": ("4", int_range(0, 6)),
        "P14003": ("4", int_range(0, 6)),
        "P14836": ("4", _undocumented("4")),
        "P14835": ("4", _undocumented("4")),
    }


def _event(username: str, password: str) -> Module:
    # Section 13, Alarm Config: the get example, then the keys the Set table adds.
    module: Module = {
        "P10250": ("0", _undocumented("0")),
        "P14221": ("0", int_range(0, 10)),
        "P14222": ("1", int_range(1, 10)),
        "P14223": ("50", _undocumented("50")),
        "P14224": (",".join(["[0,0,0,0]"] * 8), _motion_regions),
    }
    for key, value in (
        ("P14320", "0"),
        ("P14321", "0"),
        ("P14322", "1"),
        ("P14325", "0"),
        ("P14326", "0"),
        ("P14327", "1"),
    ):
        module[key] = (value, _undocumented(value))
    module["P903"] = ("554", int_range(554, 65535))
    # The example really returns the web login in this module, the password in clear
    # (specs README: never log or expose raw config). P3 is documented as account 1's
    # SIP account name; P2 changes only through oldpwd/newpwd (section 5).
    module["P3"] = (username, text(64))
    module["P2"] = (password, None)
    # Sections 14 and 15: schedule and profile names are "Max. Length = 20" plus their rules.
    for index in range(10):
        module[f"P{14200 + index}"] = (f"schedule{index + 1},0@0000@2359,", text(255))
    for index in range(10):
        module[f"P{14300 + index}"] = (f"profile{index + 1}@0,0,0,0,0,0,", text(255))
    for key, value in (
        ("P10467", "0"),
        ("P10466", "N"),
        ("P14341", "5"),
        ("P10468", "1"),
        ("P10469", ""),
        ("P14350", "0"),
        ("P14355", "1"),
        ("P14354", ""),
        ("P14825", "1"),
        ("P14826", "1"),
        ("P15407", "1"),
        ("P15408", "1"),
    ):
        module[key] = (value, _undocumented(value))
    module.update(
        {
            "P15517": ("0", int_set(0, 1, 2, 3)),
            "P10267": ("200", int_set(200, 300, 400, 500, 1000, 2000, 3000)),
            "P10268": ("10", int_set(3, *range(5, 61, 5))),
            "P15519": ("10", int_range(1, 100)),
            "P15524": ("10", int_range(5, 60)),
            "P15525": ("2", int_range(1, 4)),
        }
    )
    return module


def _access() -> Module:
    # Section 4, Access Settings (P12052 is in the example but not in the Set table).
    return {
        "P12054": ("0", _FLAG),
        # "HTTP: 80 - 65535 HTTPS: 443 - 65535": the HTTPS bound is checked across keys.
        "P901": ("80", int_range(80, 65535)),
        "P903": ("554", int_range(554, 65535)),
        "P12056": ("60", int_range(3, 60)),
        "P14832": ("5", int_range(3, 10)),
        "P14834": ("5", int_range(5, 60)),
        "P12052": ("1", _undocumented("1")),
        "P12053": ("1", _FLAG),
        "P15469": ("0", _FLAG),
        "P276": ("1", _FLAG),
        "P27006": ("22", int_range(22, 65535)),
        # "RTSP Password MIN length 1, MAX length is 32", although it ships empty.
        "P15512": ("", text(32, min_length=1)),
    }


NOTIFICATION_TEMPLATE: Final = '{ "mac": "${MAC}", "content": "${WARNING_MSG}" }'


def _log() -> Module:
    # Section 23, Event Notification.
    return {
        "P15410": ("0", _FLAG),
        "P15417": ("1", int_set(1, 2)),
        "P15553": ("0", _FLAG),
        # "Format ip:port/path", without a scheme: the scheme comes from P15417.
        "P15413": ("", text(256)),
        "P15414": ("", text(128)),
        "P15415": ("", text(128)),
        "P15416": (NOTIFICATION_TEMPLATE, text(1024)),
    }


# XML Returned by Device: response codes and their texts.
RES_OK: Final = 0
RES_NO_USER: Final = 1
RES_BAD_PASSWORD: Final = 2
RES_LOCKED: Final = 3
RES_EMPTY: Final = 5
RES_ILLEGAL: Final = 6
RES_NEW_PASSWORD_MISMATCH: Final = 8
RES_SIP_CALLING: Final = 19
RES_AUTH_FAILED: Final = 401
RES_SESSION_TIMEOUT: Final = 408
RET_MSG: Final = {
    RES_OK: "OK",
    RES_NO_USER: "User does not exist",
    RES_BAD_PASSWORD: "Password error",
    RES_LOCKED: "Maximum login or maximum white list number",
    RES_EMPTY: "Parameter should not be empty",
    RES_ILLEGAL: "Parameter contain illegal characters",
    RES_NEW_PASSWORD_MISMATCH: "New password not match",
    RES_SIP_CALLING: "SIP is calling",
    RES_AUTH_FAILED: "Authentication failed",
    RES_SESSION_TIMEOUT: "Session time out",
}


XML_CONTENT_TYPE: Final = "text/xml;charset=UTF-8"
XML_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8" ?>'
# The snapshot example of the spec really sends this malformed declaration.
QUIRKY_DECLARATION: Final = '<?xml version="1.0"encoding="UTF-8" ?>'
LOGIN_PAGE: Final = (
    "<html><head><title>Login</title></head><body>"
    '<form action="/goform/login" method="post">'
    '<input type="text" name="user"><input type="password" name="password">'
    '<input type="submit" value="Login"></form></body></html>'
)


def xml_answer(items: Iterable[tuple[str, str]], *, declaration: bool = True) -> web.Response:
    """Answer ``<Configuration>`` with one element per item (values XML-escaped)."""
    lines = [XML_DECLARATION] if declaration else []
    lines.append("<Configuration>")
    lines.extend(f"<{name}>{escape(value)}</{name}>" for name, value in items)
    lines.append("</Configuration>")
    body = ("\n".join(lines) + "\n").encode("utf-8")
    return web.Response(
        status=HTTPStatus.OK, body=body, headers={hdrs.CONTENT_TYPE: XML_CONTENT_TYPE}
    )


def result(code: int, message: str | None = None) -> web.Response:
    """Answer a bare ResCode with its RetMsg (the spec's text unless ``message`` is given)."""
    text_ = RET_MSG.get(code, "Error") if message is None else message
    return xml_answer([("ResCode", str(code)), ("RetMsg", text_)])


def build_modules(
    *, model: str, mac: str, firmware: str, username: str, password: str
) -> dict[str, Module]:
    """Return every ``cmd=get&type=<module>`` module of ``model`` with defaults and rules."""
    modules: dict[str, Module] = {
        "sysinfo": _sysinfo(model, firmware),
        "net": _net(mac),
        "isp": _isp(),
        "cmos": _cmos(model),
        "osd": _osd(),
        "audio": _audio(),
        "event": _event(username, password),
        "access": _access(),
        "log": _log(),
    }
    if model == ZOOM_MODEL:
        # Section 28: the zoom factor moves only through act/opt, never through a P set.
        modules["ptz"] = {"Pzoom_m": ("0", None)}
    return modules


def key_rules(modules: Mapping[str, Module]) -> dict[str, Rule | None]:
    """Map every P-name to its rule (P903 is in two modules, with the same rule)."""
    rules: dict[str, Rule | None] = {}
    for module in modules.values():
        for key, (_default, rule) in module.items():
            rules.setdefault(key, rule)
    return rules


def cross_check(values: Mapping[str, str]) -> bool:
    """Check the rules that span keys, on the values as they would be after a set."""
    # Section 4: the web port must be 443 or more once HTTPS (P12054=1) is selected.
    return not (values.get("P12054") == "1" and int(values.get("P901", "443")) < 443)


def format_uptime(seconds: float) -> str:
    """Render an uptime the way System Status P15009 does ("1 hour 31 minutes")."""
    minutes_total = max(0, int(seconds // 60))
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts: list[str] = []
    for amount, unit in ((days, "day"), (hours, "hour")):
        if amount or parts:
            parts.append(f"{amount} {unit}{'' if amount == 1 else 's'}")
    parts.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
    return " ".join(parts)
