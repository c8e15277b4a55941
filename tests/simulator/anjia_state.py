"""Device state of the simulated Anjia Weishi "CGI Network Camera" (VER. 1.0.10).

The spec lives in /work/shared/specs/anjia-cgi-network-camera.txt; section numbers in the
comments are the spec's. This module holds what ``anjia`` serves: the XML answer shapes
(2.3 and the per-CGI tables), the parameter rules of the set CGIs, their default settings
and the uid sessions of 3.1.1. Where the spec is silent the choice made here says so.
"""

import ipaddress
import re
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape

XML_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>'

_INT = re.compile(r"-?\d{1,9}")
_HEX = re.compile(r"[0-9a-fA-F]*")
_BLOCKCOUNT = re.compile(r"(\d{1,3})x(\d{1,3})")

# 3.6.1: the spec lists these (with spaces); a URL carries them with '_' for ' '.
TIME_FORMATS: Final = (
    "yyyy-mm-dd hh:mm:ss",
    "yyyy/mm/dd hh:mm:ss",
    "yy-mm-dd hh:mm:ss",
    "yy/mm/dd hh:mm:ss",
    "hh:mm:ss dd/mm/yyyy",
    "hh:mm:ss dd-mm-yyyy",
    "hh:mm:ss mm/dd/yyyy",
    "hh:mm:ss mm-dd-yyyy",
    "mm/dd/yyyy hh:mm:ss",
    "mm-dd-yyyy hh:mm:ss",
)

# 3.6.4: the firmware's motion grid. The spec's examples all use 22x18; it never says
# whether another grid can be set, so only this one is accepted.
MOTION_GRID: Final = (22, 18)


def parse_int(value: str) -> int | None:
    """Parse a plain decimal integer (optional ``-``, ASCII digits, no spaces)."""
    return int(value) if value.isascii() and _INT.fullmatch(value) else None


def area_bytes(columns: int, rows: int) -> int:
    """Bytes of an ``areavalue`` for a grid: every block is one bit, 8 blocks a byte.

    3.6.4 packs the blocks "each 8 from left to right" into bytes and pads the last byte
    with 0 bits; its 4x4 example (16 blocks) is ``ffff``, so the grid is packed as one bit
    string, not row by row.
    """
    return (columns * rows + 7) // 8


def full_area(columns: int, rows: int) -> str:
    """The ``areavalue`` with every block selected (padding bits 0, first block = MSB)."""
    blocks = columns * rows
    value = ((1 << blocks) - 1) << (area_bytes(columns, rows) * 8 - blocks)
    return f"{value:0{area_bytes(columns, rows) * 2}x}"


# -- XML answers ---------------------------------------------------------------------------


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def xml_text(tag: str, text: str) -> str:
    """``<tag>text</tag>`` after the declaration, e.g. ``<keep_alive>true</keep_alive>``."""
    return f"{XML_DECLARATION}\n<{tag}>{escape(text)}</{tag}>\n"


def xml_attrs(tag: str, values: Mapping[str, str]) -> str:
    """``<tag a="1" b="2"/>`` after the declaration, attributes in ``values`` order."""
    attrs = "".join(f' {name}="{_attr(value)}"' for name, value in values.items())
    return f"{XML_DECLARATION}\n<{tag}{attrs}/>\n"


def xml_fault(value: str, reason: str) -> str:
    """The error answer of 2.3 (sent with HTTP 400)."""
    return (
        f"{XML_DECLARATION}\n<fault>\n<value>{escape(value)}</value>\n"
        f"<reason>{escape(reason)}</reason>\n</fault>\n"
    )


# -- parameter rules ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """How one set parameter is checked, and the fault ``reason`` when it is wrong."""

    check: Callable[[str], bool]
    reason: str
    normalize: Callable[[str], str] = str
    """Turns an accepted value into the stored one (e.g. ``08`` into ``8``)."""


def _canonical_int(value: str) -> str:
    number = parse_int(value)
    return value if number is None else str(number)


def int_rule(lo: int, hi: int, reason: str) -> Rule:
    """An integer in ``lo..hi``."""

    def check(value: str) -> bool:
        number = parse_int(value)
        return number is not None and lo <= number <= hi

    return Rule(check, reason, _canonical_int)


def choice_rule(options: Sequence[str], reason: str) -> Rule:
    """One of ``options`` exactly as spelled (integers given as ``01`` are refused)."""
    allowed = frozenset(options)
    return Rule(allowed.__contains__, reason)


def flag_rule(name: str) -> Rule:
    """0 or 1, with the spec's "<name>: 0 or 1" reason (3.3.1, 3.6.1, 3.6.4)."""
    return choice_rule(("0", "1"), f"{name}: 0 or 1")


def _ipv4(value: str) -> bool:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def _port(value: str) -> bool:
    number = parse_int(value)
    return number is not None and (number == 80 or 1000 <= number <= 65535)


def _time_format(value: str) -> bool:
    return value.replace("_", " ") in TIME_FORMATS


def _areavalue(value: str) -> bool:
    return bool(_HEX.fullmatch(value)) and len(value) == area_bytes(*MOTION_GRID) * 2


def first_fault(params: Mapping[str, str], rules: Mapping[str, Rule]) -> str | None:
    """The reason of the first wrong parameter, in ``rules`` (spec) order; None if all fit.

    Parameters the CGI does not know are ignored, as the spec never shows a fault for one.
    """
    for name, rule in rules.items():
        if name in params and not rule.check(params[name]):
            return rule.reason
    return None


def apply(params: Mapping[str, str], rules: Mapping[str, Rule], target: dict[str, str]) -> None:
    """Store every known (already checked) parameter of ``params`` in ``target``."""
    for name, rule in rules.items():
        if name in params:
            target[name] = rule.normalize(params[name])


# 3.3.1: only "dhcp: 0 or 1" is printed; "Other parameters similar"; the address and port
# reasons follow 3.4.1's "timezone error" wording.
NETWORK_RULES: Final[dict[str, Rule]] = {
    "dhcp": flag_rule("dhcp"),
    **{
        name: Rule(_ipv4, f"{name} error")
        for name in ("ipaddr", "netmask", "gateway", "dns1", "dns2")
    },
    "port": Rule(_port, "port error", _canonical_int),
}

# 3.6.3: "brightness range: 0-255" is printed, the others follow it.
IMAGE_RULES: Final[dict[str, Rule]] = {
    **{
        name: int_rule(0, 255, f"{name} range: 0-255")
        for name in ("brightness", "contrast", "saturation", "sharpness")
    },
    **{name: int_rule(0, 255, f"{name} range: 0-255") for name in ("hlc", "blc", "nr2d", "nr3d")},
    "tvsystem": choice_rule(("50", "60"), "tvsystem range: 50,60"),
    "antificker": choice_rule(("0", "1"), "antificker range: 0,1"),
}

# 3.6.4: "enable: 0 or 1" is printed; the numbers follow 3.6.3's "range" wording.
MOTION_RULES: Final[dict[str, Rule]] = {
    "enable": flag_rule("enable"),
    "sensitivity": int_rule(1, 100, "sensitivity range: 1-100"),
    "alarmthreshold": int_rule(1, 100, "alarmthreshold range: 1-100"),
    "enable_nighttime": flag_rule("enable_nighttime"),
    "night_sensitivity": int_rule(1, 100, "night_sensitivity range: 1-100"),
    "night_alarmthreshold": int_rule(1, 100, "night_alarmthreshold range: 1-100"),
    "blockcount": choice_rule(
        (f"{MOTION_GRID[0]}x{MOTION_GRID[1]}",),
        f"blockcount: {MOTION_GRID[0]}x{MOTION_GRID[1]}",
    ),
    "areavalue": Rule(_areavalue, "areavalue error", str.lower),
}

# 3.6.1: "enable: 0 or 1" is printed. The positions depend on the position type and are
# checked by osd_position_fault(). The table's "Mpassword" row is a copy-paste slip of
# another CGI and is ignored, as are unknown parameters.
OSD_RULES: Final[dict[str, Rule]] = {
    "enable": flag_rule("enable"),
    "color": choice_rule(("0", "1", "2", "3"), "color: 0 or 1 or 2 or 3"),
    "fontsize": choice_rule(("0", "1", "2"), "fontsize: 0 or 1 or 2"),
    "title_pos_type": flag_rule("title_pos_type"),
    "title_pos_x": int_rule(0, 100, "title_pos_x range: 0-100"),
    "title_pos_y": int_rule(0, 100, "title_pos_y range: 0-100"),
    "show_res_bit": choice_rule(("0", "1", "2", "3"), "show_res_bit: 0 or 1 or 2 or 3"),
    "time_pos_type": flag_rule("time_pos_type"),
    "time_pos_x": int_rule(0, 100, "time_pos_x range: 0-100"),
    "time_pos_y": int_rule(0, 100, "time_pos_y range: 0-100"),
    "show_week": flag_rule("show_week"),
    # Set with '_' for the space (a raw space, as the spec's own example URL has, works
    # too); answered with the space.
    "time_format": Rule(_time_format, "time_format error", lambda value: value.replace("_", " ")),
    # Any text up to 63 bytes in UTF-8 (the limit is a choice: the spec gives none).
    "title_utf8": Rule(lambda value: len(value.encode()) <= 63, "title_utf8 too long"),
}


def osd_position_fault(params: Mapping[str, str], osd: Mapping[str, str]) -> str | None:
    """Check the positions against their (new or current) type: 0-2 by direction, else 0-100."""
    for prefix in ("title", "time"):
        kind = params.get(f"{prefix}_pos_type", osd[f"{prefix}_pos_type"])
        limit = 2 if kind == "0" else 100
        for axis in ("x", "y"):
            name = f"{prefix}_pos_{axis}"
            number = parse_int(params.get(name, osd[name]))
            if number is None or not 0 <= number <= limit:
                return f"{name} range: 0-{limit}"
    return None


# 3.7.7: all three parameters are required (its only example sends all three and it
# prints "not find param brightness"); the reasons follow "brightness: 0 ~ 100".
LED_RULES: Final[dict[str, Rule]] = {
    "brightness": int_rule(0, 100, "brightness: 0 ~ 100"),
    "ledstatus": choice_rule(("0", "1"), "ledstatus: 0 ~ 1"),
    "ledmode": choice_rule(("1", "2"), "ledmode: 1 ~ 2"),
}

LED_MODES: Final = {"1": "infrared", "2": "white"}


def default_network() -> dict[str, str]:
    """3.3.1's example answer, with a fixed MAC in the spec's dash notation."""
    return {
        "macaddr": "00-12-12-34-56-78",
        "dhcp": "0",
        "ipaddr": "192.168.0.10",
        "netmask": "255.255.255.0",
        "gateway": "192.168.0.1",
        "dns1": "114.114.114.114",
        "dns2": "8.8.8.8",
        "port": "80",
    }


def default_image() -> dict[str, str]:
    """3.6.3: the example's mid-range 128s, a 60 Hz system, antiflicker off (a choice)."""
    return {
        "brightness": "128",
        "contrast": "128",
        "saturation": "128",
        "sharpness": "128",
        "hlc": "0",
        "blc": "0",
        "nr2d": "128",
        "nr3d": "128",
        "tvsystem": "60",
        "antificker": "0",
    }


def default_motion() -> dict[str, str]:
    """3.6.4's example answer (night threshold 20 as in its URL), whole grid selected."""
    return {
        "enable": "1",
        "sensitivity": "80",
        "alarmthreshold": "20",
        "enable_nighttime": "0",
        "night_sensitivity": "80",
        "night_alarmthreshold": "20",
        "blockcount": f"{MOTION_GRID[0]}x{MOTION_GRID[1]}",
        "areavalue": full_area(*MOTION_GRID),
    }


def default_osd(title: str) -> dict[str, str]:
    """3.6.1's example answer, with ``title`` as the title."""
    return {
        "enable": "1",
        "color": "1",
        "fontsize": "1",
        "title_pos_type": "1",
        "title_pos_x": "1",
        "title_pos_y": "0",
        "show_res_bit": "0",
        "time_pos_type": "1",
        "time_pos_x": "1",
        "time_pos_y": "0",
        "show_week": "1",
        "time_format": "yyyy-mm-dd hh:mm:ss",
        "title_utf8": title,
    }


def default_led() -> dict[str, str]:
    """3.7.7: infrared at half brightness, off (a choice: the spec has no get answer)."""
    return {"brightness": "50", "ledstatus": "0", "ledmode": "1"}


# -- uid sessions (3.1.1, 3.2.1, 3.7.10) --------------------------------------------------

# Old sessions are forgotten first past this many (the spec gives no limit).
_MAX_UIDS: Final = 64


@dataclass(slots=True)
class UidSession:
    """One uid: when it was last used successfully and how long it may stay idle."""

    last_use: float
    lifetime: float

    def lapsed(self, now: float) -> bool:
        """Return whether the uid has been idle for longer than its lifetime."""
        return now - self.last_use > self.lifetime


class UidTable:
    """The uids handed out by getuid; each lapses ``lifetime`` seconds after its last use.

    Every getuid hands out a new uid and the earlier ones stay valid until they lapse
    (the spec is silent; this lets several clients share one account).
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._sessions: dict[str, UidSession] = {}

    def issue(self, lifetime: float) -> str:
        """Hand out a new uid: 8 lowercase hex digits, like the spec's ``ff2e45cd``."""
        uid = secrets.token_hex(4)
        while uid in self._sessions:
            uid = secrets.token_hex(4)
        self._sessions[uid] = UidSession(self._clock(), lifetime)
        while len(self._sessions) > _MAX_UIDS:
            del self._sessions[next(iter(self._sessions))]
        return uid

    def is_valid(self, uid: str) -> bool:
        """Return whether ``uid`` is known and not lapsed (a lapsed uid is forgotten)."""
        session = self._sessions.get(uid)
        if session is None:
            return False
        if session.lapsed(self._clock()):
            del self._sessions[uid]
            return False
        return True

    def touch(self, uid: str) -> None:
        """Restart the idle time of ``uid`` (after a successful request)."""
        session = self._sessions.get(uid)
        if session is not None:
            session.last_use = self._clock()

    def set_lifetime(self, uid: str, seconds: float) -> None:
        """Change how long ``uid`` may stay idle (setUidValidTime)."""
        session = self._sessions.get(uid)
        if session is not None:
            session.lifetime = seconds

    def lifetime(self, uid: str) -> float | None:
        """The idle lifetime of ``uid`` (None: unknown)."""
        session = self._sessions.get(uid)
        return None if session is None else session.lifetime

    def active(self) -> list[str]:
        """The uids that are valid right now, oldest first."""
        return [uid for uid in list(self._sessions) if self.is_valid(uid)]

    def clear(self) -> None:
        """Forget every uid (a reboot, or a test forcing expiry)."""
        self._sessions.clear()
