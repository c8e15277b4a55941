"""Device state of the simulated Hankvision video server ("HTTP API Interface Specification" V3.1).

The spec lives in /work/shared/specs/video-server-cgi-xml-api.txt; section numbers in the
comments are the spec's. This module holds what ``hankvision`` serves: the result codes
(2.3.1.3), the XML answer of 2.3.1.2, the parameter tables of every modelled group with
their ranges and option lists (which the ``_query`` answers print), their default values
and the motion-detection area code of 3.13.2.2. Where the spec is silent or ambiguous the
choice made here says so.
"""

import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal
from xml.sax.saxutils import escape

XML_DECLARATION: Final = '<?xml version="1.0" encoding="utf-8"?>'

# The simulated server has one video channel (the V6202IR is a single camera); "Channel"
# is "1 ... n" in every table.
CHANNEL: Final = 1

_INT = re.compile(r"-?\d{1,10}")
_HEX12 = re.compile(r"[0-9a-fA-F]{12}")

# -- result codes (2.3.1.3) ----------------------------------------------------------------

CODE_OK: Final = 200
CODE_INVALID_CHANNEL: Final = 401
CODE_INVALID_PARAMETER: Final = 402
CODE_NOT_SUPPORTED: Final = 501
CODE_NOT_AVAILABLE: Final = 502
CODE_FAILED: Final = 503

# The texts exactly as 2.3.1.3 prints them (its grammar and full stops included).
TEXT_OK: Final = "Successfully"
TEXT_INVALID_CHANNEL: Final = "Invalid Channel number."
TEXT_INVALID_VALUE: Final = "Invalid parameter value."
TEXT_INVALID_NAME: Final = "Invalid parameter name."
TEXT_NOT_SUPPORTED: Final = "Feature does not support by server."
TEXT_NOT_AVAILABLE: Final = "Feature supported by server but not available in current mode."
TEXT_FAILED: Final = "Server failed."


class ResultError(Exception):
    """An application error: answered as HTTP 200 with ``<result code=...>`` (2.2)."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text


def invalid_channel() -> ResultError:
    """401: the Channel parameter names no channel of the server."""
    return ResultError(CODE_INVALID_CHANNEL, TEXT_INVALID_CHANNEL)


def invalid_value() -> ResultError:
    """402: a known parameter with a value outside its range or options."""
    return ResultError(CODE_INVALID_PARAMETER, TEXT_INVALID_VALUE)


def invalid_name() -> ResultError:
    """402: a parameter (or group, 2.3.1.2: "Label group: parameter name") not known here."""
    return ResultError(CODE_INVALID_PARAMETER, TEXT_INVALID_NAME)


def not_supported() -> ResultError:
    """501: a feature this server does not have."""
    return ResultError(CODE_NOT_SUPPORTED, TEXT_NOT_SUPPORTED)


def not_available() -> ResultError:
    """502: a feature the server has, but not in its current mode."""
    return ResultError(CODE_NOT_AVAILABLE, TEXT_NOT_AVAILABLE)


def failed() -> ResultError:
    """503: the server failed to carry the request out."""
    return ResultError(CODE_FAILED, TEXT_FAILED)


def parse_int(value: str) -> int | None:
    """Parse a plain decimal integer (optional ``-``, ASCII digits, no spaces)."""
    return int(value) if value.isascii() and _INT.fullmatch(value) else None


# -- XML answers (2.3.1.2) -----------------------------------------------------------------

ParamType = Literal["int", "string"]
Row = tuple[str, ParamType, str]
"""One ``<name><type>value</type></name>`` line of a group."""
Group = tuple[str, Sequence[Row]]
"""One group element: its name and its lines (none: an empty element)."""


def render_message(
    cgi: str, code: int, text: str, groups: Sequence[Group], *, without_code: bool = False
) -> str:
    """The XML answer of 2.3.1.2, in its layout: two-space indents, one element a line.

    ``<Header class="..." ></Header>`` keeps the space before ``>`` of 2.3.1.2's syntax
    (its examples drop it; a parser must not care). ``without_code`` drops the ``code``
    attribute of ``<result>``, as some firmware does (specs README); the text stays.
    """
    lines = [XML_DECLARATION, "<Message>", f'  <Header class="{escape(cgi)}" ></Header>']
    if without_code:
        lines.append(f"  <result>{escape(text)}</result>")
    else:
        lines.append(f'  <result code="{code}">{escape(text)}</result>')
    for name, rows in groups:
        if not rows:
            lines.append(f"  <{name}></{name}>")
            continue
        lines.append(f"  <{name}>")
        lines.extend(
            f"    <{param}><{kind}>{escape(value)}</{kind}></{param}>"
            for param, kind, value in rows
        )
        lines.append(f"  </{name}>")
    lines.append("</Message>")
    return "\n".join(lines) + "\n"


# -- value domains (what a set accepts, what a query prints) -------------------------------


@dataclass(frozen=True, slots=True)
class Domain:
    """The values one parameter takes, and how 2.3.1.2's query answer writes them."""

    check: Callable[[str], bool]
    describe: str
    """The query text: ``a ... b`` (a range), ``a, b, c`` (options), ``valid string``, or
    empty for a value that can only be read (2.3.1.2, query remarks 3-5)."""
    normalize: Callable[[str], str] = str
    """Turns an accepted value into the stored one (``08`` into ``8``, ``up`` into ``1``)."""
    bounds: tuple[int, int] | None = None
    """For integer ranges: ``(lo, hi)``, to bring a value that no longer fits back in."""


def _canonical_int(value: str) -> str:
    number = parse_int(value)
    return value if number is None else str(number)


def int_range(lo: int, hi: int) -> Domain:
    """Every integer in ``lo..hi``, printed ``lo ... hi`` (a one-value range as the value)."""

    def check(value: str) -> bool:
        number = parse_int(value)
        return number is not None and lo <= number <= hi

    describe = str(lo) if lo == hi else f"{lo} ... {hi}"
    return Domain(check, describe, _canonical_int, (lo, hi))


def int_options(*options: int) -> Domain:
    """One of ``options``, printed ``a, b, c``."""
    allowed = frozenset(options)

    def check(value: str) -> bool:
        number = parse_int(value)
        return number is not None and number in allowed

    return Domain(check, ", ".join(str(option) for option in options), _canonical_int)


def str_options(*options: str) -> Domain:
    """One of ``options`` exactly as spelled, printed ``a, b, c``."""
    allowed = frozenset(options)
    return Domain(allowed.__contains__, ", ".join(options))


def _printable(value: str) -> bool:
    return value.isprintable()


def text(max_length: int = 32, *, allow_empty: bool = False) -> Domain:
    """Free text ("Any valid string"): printable, at most ``max_length`` characters.

    The spec gives no length limit; 32 is a choice (titles on such firmware rarely allow
    more).
    """

    def check(value: str) -> bool:
        return (allow_empty or bool(value)) and len(value) <= max_length and _printable(value)

    return Domain(check, "valid string")


def _ipv4(value: str) -> bool:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


IPV4: Final = Domain(_ipv4, "valid string")
"""3.1.4 / 3.9.4: "0.0.0.0-255.255.255.255"; query remark 5 calls it "valid string"."""

SERIAL: Final = Domain(lambda value: bool(_HEX12.fullmatch(value)), "valid string", str.upper)
"""3.1.4: "12 hexdemical numbers"; stored in capitals like 3.1.1's ``5509560FBF2D``."""

READ_ONLY: Final = Domain(lambda _value: False, "")
"""Query remark 4: an empty element means the value can only be read."""

# 3.6.4: Direction 1 = up ... 8 = downright. 3.6.2.2's first example sends ``Direction=up``:
# the words are accepted too (any case) and stored as their number.
DIRECTION_WORDS: Final = (
    "up",
    "down",
    "left",
    "right",
    "upleft",
    "downleft",
    "upright",
    "downright",
)


def _direction_check(value: str) -> bool:
    number = parse_int(value)
    return (number is not None and 1 <= number <= 8) or value.lower() in DIRECTION_WORDS


def _direction_normalize(value: str) -> str:
    if value.lower() in DIRECTION_WORDS:
        return str(DIRECTION_WORDS.index(value.lower()) + 1)
    return _canonical_int(value)


DIRECTION: Final = Domain(_direction_check, "1 ... 8", _direction_normalize, (1, 8))

# -- the motion-detection area (3.13.2.2, 3.13.4) ----------------------------------------

MD_ROWS: Final = 18
MD_COLUMNS: Final = 22
MD_DIGITS: Final = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:;"
"""3.13.2.2: "64-based digits mapping [0-9a-zA-Z:;] to [0-63]"."""
_MD_ROW_MAX: Final = (1 << MD_COLUMNS) - 1
# 22 bits need four base-64 digits (6 bits each); the fourth holds the top 4 bits.
_MD_ROW_DIGITS: Final = 4

MdGrid = list[list[bool]]
"""``MD_ROWS`` rows (top first) of ``MD_COLUMNS`` cells (leftmost first); True = watched."""


def encode_md_row(cells: Sequence[bool]) -> str:
    """One line of the area: a 22-bit number, leftmost cell = bit 0, in base-64 digits.

    3.13.2.2's note: "a number is represented as 64-based digits mapping [0-9a-zA-Z:;] to
    [0-63] (the enable status of 6 MD areas). For example, 1 means only the leftmost 1 MD
    area is enabled, and ;f means the leftmost 10 areas are enabled." 3.13.4 adds that a
    line runs "from 0 to ;;;f (2^22-1)". Both hold only with the LEAST significant digit
    first: ``;f`` = 63 + 15 * 64 = 1023 = ten cells, ``;;;f`` = 63 + 63 * 64 + 63 * 64^2 +
    15 * 64^3 = 2^22 - 1. Each digit thus covers six cells, its bit 0 the leftmost of them.
    Zero digits past the last set cell are not written (``1``, not ``1000``); an empty line
    is ``0``.
    """
    if len(cells) != MD_COLUMNS:
        raise ValueError(f"an MD line has {MD_COLUMNS} cells, got {len(cells)}")
    value = sum(1 << column for column, on in enumerate(cells) if on)
    digits = ""
    while True:
        value, digit = divmod(value, 64)
        digits += MD_DIGITS[digit]
        if not value:
            return digits


def decode_md_row(line: str) -> list[bool]:
    """The cells (leftmost first) of one line written as :func:`encode_md_row` does.

    Trailing ``0`` digits (high zero digits) are accepted. Raises ValueError for an empty
    line, an unknown digit, more than four digits or a number past ``;;;f`` (2^22 - 1).
    """
    if not line or len(line) > _MD_ROW_DIGITS:
        raise ValueError(f"MD line {line!r}: 1 to {_MD_ROW_DIGITS} digits")
    value = 0
    for position, char in enumerate(line):
        digit = MD_DIGITS.find(char)
        if digit < 0:
            raise ValueError(f"MD line {line!r}: {char!r} is no base-64 digit")
        value += digit << (6 * position)
    if value > _MD_ROW_MAX:
        raise ValueError(f"MD line {line!r} is past ;;;f (2^22 - 1)")
    return [bool(value >> column & 1) for column in range(MD_COLUMNS)]


def encode_md_area(grid: Sequence[Sequence[bool]]) -> str:
    """The ``MDArea`` value of a grid: 18 lines joined by ``/`` (3.13.2.2, 3.13.4).

    3.13.4 writes it ``L1/L2/.../L18`` and the note "18 numbers delimited with /", so no
    ``/`` follows the last line, although the example under 3.13.2.2 ends with one.
    """
    if len(grid) != MD_ROWS:
        raise ValueError(f"an MD area has {MD_ROWS} lines, got {len(grid)}")
    return "/".join(encode_md_row(row) for row in grid)


def decode_md_area(area: str) -> MdGrid:
    """The grid of an ``MDArea`` value; raises ValueError unless it has exactly 18 lines.

    One trailing ``/`` is accepted, as in 3.13.2.2's example (``;;;f/;;;f/.../``). The
    spec's two examples print 13 and 15 lines, against "18x22" in the same note; a set
    must carry all 18 here (the spec names no default for missing lines).
    """
    body = area.removesuffix("/")
    lines = body.split("/")
    if len(lines) != MD_ROWS:
        raise ValueError(f"an MD area has {MD_ROWS} lines, got {len(lines)}")
    return [decode_md_row(line) for line in lines]


def md_area_full() -> str:
    """Every cell watched: ``;;;f`` 18 times."""
    return encode_md_area([[True] * MD_COLUMNS for _ in range(MD_ROWS)])


def md_area_empty() -> str:
    """No cell watched: ``0`` 18 times."""
    return encode_md_area([[False] * MD_COLUMNS for _ in range(MD_ROWS)])


def _md_area_check(value: str) -> bool:
    try:
        decode_md_area(value)
    except ValueError:
        return False
    return True


MD_AREA: Final = Domain(
    _md_area_check, "valid string", lambda value: encode_md_area(decode_md_area(value))
)
"""Stored in the canonical spelling (no trailing ``/``, no high zero digits)."""

# -- parameters and groups -----------------------------------------------------------------

Access = Literal["rw", "ro", "wo"]
"""``rw``: read and set; ``ro``: read only (a set answers 402 "Invalid parameter name.");
``wo``: a command or a key, never in a get answer (PTZ moves, ResetFlag, IOTrigNum...)."""


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a group: its name, its ``<type>`` element, values and default."""

    name: str
    kind: ParamType
    domain: Domain
    default: str = ""
    access: Access = "rw"


def num(name: str, domain: Domain, default: str = "", access: Access = "rw") -> Param:
    """An ``<int>`` parameter (read-only when its domain is READ_ONLY)."""
    return Param(name, "int", domain, default, "ro" if domain is READ_ONLY else access)


def word(name: str, domain: Domain, default: str = "", access: Access = "rw") -> Param:
    """A ``<string>`` parameter (read-only when its domain is READ_ONLY)."""
    return Param(name, "string", domain, default, "ro" if domain is READ_ONLY else access)


def flag(name: str, default: str = "0") -> Param:
    """A 0/1 ``<int>`` switch."""
    return num(name, int_options(0, 1), default)


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """One group (``Group=<name>``) of a class: its parameters in get-answer order."""

    name: str
    params: tuple[Param, ...] = ()
    channel: bool = False
    """Get and set answers start with ``<Channel><int>1</int></Channel>`` (only where the
    spec's example answer for the group lists the channel)."""
    required: tuple[str, ...] = ()
    """Parameters every set must carry (the spec's URL syntax has them outside ``[]``)."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Other spellings a set accepts (the spec's own variants); answers use the canonical."""
    action: bool = False
    """A command without parameters (Reboot, ResetInfo): a set runs it."""

    def param(self, name: str) -> Param | None:
        """The parameter called ``name`` (None: no such parameter)."""
        for param in self.params:
            if param.name == name:
                return param
        return None


@dataclass(frozen=True, slots=True)
class ClassSpec:
    """One class (``/cgi/<class>_get|_set|_query``) and its groups."""

    name: str
    groups: tuple[GroupSpec, ...]
    """In the order of the spec's "GroupName" list: the order of a ``Group=All`` query."""
    unmodelled: frozenset[str] = frozenset()
    """Groups the spec names but the simulator does not model: they answer 501."""

    def group(self, name: str) -> GroupSpec | None:
        """The group called ``name`` (None: no such group)."""
        for group in self.groups:
            if group.name == name:
                return group
        return None


# Classes the spec documents whose groups are not modelled at all: every request 501.
UNMODELLED_CLASSES: Final = frozenset({"rs485", "wifi", "user"})

# 3.1.4: TimeZone in minutes from GMT, every value the table lists.
TIME_ZONES: Final = (
    *(-720, -660, -600, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 0),
    *(60, 120, 180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 540, 570, 600),
    *(660, 720, 780),
)
# The spec never bounds "1...n seconds": a signed 32-bit time_t is what such firmware has.
_TIME_MAX: Final = 2**31 - 1


def _sys_class() -> ClassSpec:
    # 3.1: no sys URL carries Channel, and no answer lists one.
    return ClassSpec(
        "sys",
        (
            # 3.1.1: "HwdVersion, 0 old, 1 new", the example answer 1.
            GroupSpec("HardwareV", (num("HwdVersion", int_options(0, 1), "1"),)),
            # 3.1.1's answer in its order. Only DeviceID's element name is printed (2.3.1.2
            # remark 4); the serial is SerialNum as 3.1.2.2 sets it (a set echoes the name
            # it set), the others follow the answer's labels.
            GroupSpec(
                "DeviceInfo",
                (
                    word("DeviceID", READ_ONLY),
                    word("SoftwareVersion", READ_ONLY),
                    word("SerialNum", SERIAL),
                    word("Mac", READ_ONLY),
                ),
            ),
            # 3.1.1's answer order; its "NTP Switch" is the TimeMethod of 3.1.2.3; UpTime
            # is not in the table, so it is read-only. "others be must": TimeMethod.
            GroupSpec(
                "TimeInfo",
                (
                    num("TimeMethod", int_options(0, 1), "0"),
                    num("CameraTime", int_range(1, _TIME_MAX), "1488005407"),
                    num("UpTime", READ_ONLY, "661"),
                    num("DaylightEnable", int_options(0, 1), "0"),
                    num("TimeZone", int_options(*TIME_ZONES), "480"),
                    word("NTPServerIP", IPV4, "192.168.1.100"),
                ),
                required=("TimeMethod",),
            ),
            # 3.1.2.1: ResetFlag and IPkeep are a command (write-only); Aging is kept.
            GroupSpec(
                "SystemInfo",
                (
                    num("ResetFlag", int_options(0, 1), access="wo"),
                    num("IPkeep", int_options(0, 1), access="wo"),
                    flag("Aging"),
                ),
            ),
            GroupSpec("Reboot", action=True),
            GroupSpec("RmTemplate", action=True),
            GroupSpec("RmSerialnum", action=True),
        ),
        unmodelled=frozenset({"FactoryCheck", "EapilInfo"}),
    )


# 3.2.1.3's query example: the same ranges for every resolution of the major stream.
_MAJOR_RESOLUTIONS: Final = ("1920x1080", "1280x960", "1280x720", "720x576", "720x480", "640x480")
FRAME_RATES: Final = int_options(3, 5, 10, 15, 20, 25, 30)
IP_RATES: Final = int_options(5, 10, 15, 20, 25, 30, 40, 50, 60, 100, 120)
# The minor stream has no query example: these sizes and bit-rate ceilings are a choice,
# different per resolution so that a client sees why 2.3.1.2 repeats the group.
_MINOR_BITRATES: Final = {
    "720x576": 4000,
    "720x480": 4000,
    "640x480": 2000,
    "640x360": 2000,
    "352x288": 1000,
    "320x240": 1000,
}


@dataclass(frozen=True, slots=True)
class StreamProfile:
    """A StreamInfo's resolutions and the domains that depend on each (2.3.1.2, 3.2.1.3)."""

    domains: Mapping[str, Mapping[str, Domain]]
    """Resolution -> parameter -> its domain at that resolution."""
    repeated: bool
    """The query prints one StreamInfo group per resolution (2.3.1.2, 3.2.1.3); else one
    group with the resolutions as an option list (3.2.3.3)."""


def _stream_group(
    resolutions: Sequence[str], bitrate: Domain, defaults: Mapping[str, str]
) -> GroupSpec:
    # 3.2.1.1's answer order (Channel first). The 3.2.1.3 query prints one "0, 1" between
    # IPRate and VideoQuality where Payload and StreamRateCut are two: both are listed.
    # ForceIframe (a blank table row) is not modelled.
    return GroupSpec(
        "StreamInfo",
        (
            word("Resolution", str_options(*resolutions), defaults["Resolution"]),
            num("BitRate", bitrate, defaults["BitRate"]),
            num("BitType", int_options(0, 1), "0"),
            num("FrameRate", FRAME_RATES, defaults["FrameRate"]),
            num("IPRate", IP_RATES, defaults["IPRate"]),
            num("Payload", int_options(0, 1), "0"),
            num("StreamRateCut", int_options(0, 1), "0"),
            num("VideoQuality", int_range(0, 4), "2"),
        ),
        channel=True,
    )


def stream_classes() -> tuple[dict[str, ClassSpec], dict[str, StreamProfile]]:
    """The three stream classes of 3.2 and the resolution profiles of their StreamInfo."""
    # Defaults: 2.3.1.2's XML example where it has the value (1920x1080, 8000, 25, 30),
    # 3.2.1.1's answer for the rest; the minor stream is 3.2.2.1's answer.
    major = _stream_group(
        _MAJOR_RESOLUTIONS,
        int_range(256, 10000),
        {"Resolution": "1920x1080", "BitRate": "8000", "FrameRate": "25", "IPRate": "30"},
    )
    minor_group = _stream_group(
        tuple(_MINOR_BITRATES),
        int_range(64, max(_MINOR_BITRATES.values())),
        {"Resolution": "640x480", "BitRate": "512", "FrameRate": "25", "IPRate": "50"},
    )
    # 3.2.3.2 sets Resolution, FrameRate and VideoQuality; 3.2.3.3's query answer gives
    # their options, CLOSED switching the MJPEG encoder off. Defaults are a choice.
    mjpeg = GroupSpec(
        "StreamInfo",
        (
            word("Resolution", str_options("1280x720", "CLOSED"), "1280x720"),
            num("FrameRate", int_options(1, 2, 3, 4, 5), "5"),
            num("VideoQuality", int_range(0, 4), "2"),
        ),
        channel=True,
    )
    classes = {
        "major_stream": ClassSpec("major_stream", (major,)),
        "minor_stream": ClassSpec("minor_stream", (minor_group,)),
        "mjpeg": ClassSpec("mjpeg", (mjpeg,)),
    }
    profiles = {
        "major_stream": StreamProfile(
            {resolution: {"BitRate": int_range(256, 10000)} for resolution in _MAJOR_RESOLUTIONS},
            repeated=True,
        ),
        "minor_stream": StreamProfile(
            {
                resolution: {"BitRate": int_range(64, ceiling)}
                for resolution, ceiling in _MINOR_BITRATES.items()
            },
            repeated=True,
        ),
    }
    return classes, profiles


def _osd_params() -> tuple[Param, ...]:
    # 3.3.4's OSDInfo rows. DateFormat is in 3.3.2.2's URL but not in the table: taken as
    # free text. Defaults are a choice (title, date and time on, the rest off).
    params: list[Param] = [
        flag("TextOSDStatus", "1"),
        word("TextOSDTitle", text(allow_empty=True), "IPCamera"),
        num("TextOSDX", int_range(0, 99), "2"),
        num("TextOSDY", int_range(0, 99), "90"),
        num("TextOSDSize", int_range(1, 8), "4"),
    ]
    for index in range(1, 5):
        params += [
            flag(f"TextOSDStatus{index}"),
            word(f"TextOSDTitle{index}", text(allow_empty=True), ""),
            num(f"TextOSDX{index}", int_range(0, 99), "2"),
            num(f"TextOSDY{index}", int_range(0, 99), str(10 + 15 * index)),
            num(f"TextOSDSize{index}", int_range(1, 8), "4"),
        ]
    params += [
        flag("MultipleOSDStatus"),
        num("MultipleOSDX", int_range(0, 99), "2"),
        num("MultipleOSDY", int_range(0, 99), "80"),
        num("MultipleOSDSize", int_range(1, 8), "4"),
        flag("DateOSDStatus", "1"),
        word("DateFormat", text(16), "yyyy-mm-dd"),
        num("DateOSDX", int_range(0, 99), "60"),
        num("DateOSDY", int_range(0, 99), "2"),
        flag("TimeOSDStatus", "1"),
        num("TimeOSDX", int_range(0, 99), "82"),
        num("TimeOSDY", int_range(0, 99), "2"),
        num("TimeOSDSize", int_range(1, 8), "4"),
    ]
    return tuple(params)


def _image_class() -> ClassSpec:
    # 3.3.4, table order. Gamma's value cell is blank: 3.3.2.1's example sets 4, the range
    # 0 ... 15 is a choice. Defaults: the example's 128s, PAL (listed first).
    levels = int_range(0, 255)
    image = GroupSpec(
        "ImageInfo",
        (
            num("Format", int_options(0, 1), "0"),
            num("Hue", levels, "128"),
            num("Brightness", levels, "128"),
            num("Sharpness", levels, "128"),
            num("Saturation", levels, "128"),
            num("Contrast", levels, "128"),
            num("Denoise", levels, "128"),
            num("Gamma", int_range(0, 15), "4"),
        ),
    )
    # 3.3.3: "GroupName: All, ImageInfo and OSDInfo".
    return ClassSpec(
        "image",
        (image, GroupSpec("OSDInfo", _osd_params())),
        unmodelled=frozenset({"ROIInfo", "AreaExpInfo", "PrivacyMaskInfo"}),
    )


AUDIO_CODECS: Final = ("G711U", "G711A", "PCM", "G726", "AAC")


def _audio_class() -> ClassSpec:
    # 3.4.1's answer order. Its "Volume" is AudioVolume in the table and in 3.4.2's
    # example answer: AudioVolume is answered, Volume accepted on a set. SampleRate is
    # "8, 44...n": the options between are a choice. 3.4.2's URL also names BitRate and
    # Track, which the table does not: not modelled (402). Enabled at a mid volume.
    return ClassSpec(
        "audio",
        (
            GroupSpec(
                "AudioInfo",
                (
                    word("AudioCodec", str_options(*AUDIO_CODECS), "G711U"),
                    flag("AudioEnable", "1"),
                    num("AudioVolume", int_range(0, 9), "5"),
                    num("SampleRate", int_options(8, 16, 32, 44, 48), "8"),
                ),
                aliases={"Volume": "AudioVolume"},
            ),
        ),
    )


# 3.5.1: "SD status flag, 0 dev off, 1 dev on, 2 sd card pulled out, 3 formatting sd,
# 4 sd mounted, 5 sd unmounted, 6 sd is write-protected, 7 device uninitialized,
# 8 mounting sd card, 9 unmounting sd card".
SD_STATUSES: Final = {
    0: "dev off",
    1: "dev on",
    2: "pulled out",
    3: "formatting",
    4: "mounted",
    5: "unmounted",
    6: "write-protected",
    7: "uninitialized",
    8: "mounting",
    9: "unmounting",
}
SD_MOUNTED: Final = "4"
SD_UNMOUNTED: Final = "5"
SD_PULLED_OUT: Final = "2"
# A lively card: 32 GB (in MB: 3.5.1's unit is cut off, "total space, in").
SD_TOTAL_MB: Final = "29652"
SD_USED_MB: Final = "1873"


def _record_class() -> ClassSpec:
    # 3.5.1's RecordControl answer (and defaults) in its order; "Lenght" is the spec's
    # spelling everywhere, "Length" is accepted too. StreamType 2 ("error") is only read.
    control = GroupSpec(
        "RecordControl",
        (
            num("Loop", int_options(0, 1), "1"),
            num("Mode", int_options(0, 1), "1"),
            num("StreamType", int_options(0, 1), "1"),
            num("Event", int_options(0, 1), "0"),
            num("Lenght", int_range(10, 3600), "600"),
        ),
        aliases={"Length": "Lenght"},
    )
    # 3.5.1's RecordDevice answer: only its descriptions are printed, so the element
    # names are a choice. Operate (3.5.4; 3.5.2.2's URL says OperateRate) is a command.
    device = GroupSpec(
        "RecordDevice",
        (
            num("TotalSpace", READ_ONLY, SD_TOTAL_MB),
            num("UsedSpace", READ_ONLY, SD_USED_MB),
            num("SDStatus", READ_ONLY, SD_MOUNTED),
            num("WriteProtect", READ_ONLY, "0"),
            num("Operate", int_options(0, 1, 2), access="wo"),
        ),
        channel=True,
        required=("Operate",),
        aliases={"OperateRate": "Operate"},
    )
    # 3.5.3: "GroupName: All and RecordControl"; RecordDevice is listed too (it has a
    # command). RecordSearch / ElSearch (3.5.1) are not modelled.
    return ClassSpec(
        "record",
        (control, device),
        unmodelled=frozenset({"RecordSearch", "ElSearch"}),
    )


PRESETS: Final = range(1, 256)
PATTERNS: Final = range(1, 5)


def _ptz_class(*, preset_remove: bool) -> ClassSpec:
    # 3.6.4. Every PTZCtrlInfo parameter is a command ("wo"); its get answer (the spec
    # shows none) is built by the simulator from the head's state.
    preset_actions = (0, 1, 2) if preset_remove else (0, 1)
    control = GroupSpec(
        "PTZCtrlInfo",
        (
            num("Stop", int_options(0), access="wo"),
            num("Direction", DIRECTION, access="wo"),
            num("PanSpeed", int_range(0, 63), access="wo"),
            num("TiltSpeed", int_range(0, 63), access="wo"),
            num("Iris", int_options(0, 1), access="wo"),
            num("Zoom", int_options(0, 1), access="wo"),
            num("Focus", int_options(0, 1), access="wo"),
            num("AutoScan", int_options(1), access="wo"),
            num("Preset", int_options(*preset_actions), access="wo"),
            num("PresetNumber", int_range(PRESETS.start, PRESETS.stop - 1), access="wo"),
            word("PresetTitle", text(), access="wo"),
            num("Pattern", int_options(0, 1, 2), access="wo"),
            num("PatternNumber", int_range(1, 4), access="wo"),
            num("AutoPan", int_options(0, 1, 2), access="wo"),
            num("AutoPanNumber", int_range(1, 4), access="wo"),
            num("Model", int_options(0, 1), access="wo"),
            num("Pan", int_range(0, 36000), access="wo"),
            num("Tilt", int_range(0, 36000), access="wo"),
            num("ZoomPosition", int_range(0, 65535), access="wo"),
        ),
        channel=True,
    )
    # 3.6.1.1's answer (6, 6, 2, 2) in its order.
    speed = GroupSpec(
        "SpeedInfo",
        (
            num("PanSpeed", int_range(1, 8), "6"),
            num("TiltSpeed", int_range(1, 8), "6"),
            num("ZoomSpeed", int_range(0, 2), "2"),
            num("FocusSpeed", int_range(0, 2), "2"),
        ),
    )
    names = GroupSpec(
        "PresetNameInfo",
        (
            num("PresetNumber", int_range(1, 255), access="wo"),
            word("PresetTitle", text(), access="wo"),
        ),
        required=("PresetNumber", "PresetTitle"),
    )
    tour = GroupSpec(
        "TourInfo",
        (
            num("TourNum", int_range(1, 4), access="wo"),
            num("TourAct", int_options(0, 1), access="wo"),
            num("PresetNumber", int_range(1, 255), access="wo"),
        ),
        required=("TourNum",),
    )
    # Defaults are a choice: address 1, Pelco-D at 9600 baud.
    protocol = GroupSpec(
        "ProtocolInfo",
        (
            num("CamAddr", int_range(1, 255), "1"),
            num("ProtocolType", int_range(0, 2), "0"),
            num("BaudRate", int_range(0, 4), "2"),
            num("Protocol3D", int_options(0, 1), "0"),
            num("UserMode", int_range(0, 3), "0"),
        ),
    )
    # 3.6.1.1's GroupName list (3.6.3 names only All and PTZCtrlInfo for a query; every
    # group is answered).
    return ClassSpec("ptz", (control, speed, names, tour, protocol))


AGC_MAX: Final = int_options(2, 4, 8, 16, 32, 64)
AGC_MANUAL: Final = int_options(1, 2, 4, 8, 16, 32, 64)


def _camera_class() -> ClassSpec:
    # Defaults: 3.8.2's examples (AGCMax 16, shutter 1/100, ICR auto after 5 s), levels
    # mid-range, switches off; the thresholds are a choice.
    levels = int_range(0, 255)
    # 3.8.4, table order. The URL of 3.8.2.1 repeats LDCSwitch and omits LSCSwitch and
    # LDCLevel; the table has all three.
    basic = GroupSpec(
        "BasicInfo",
        (
            flag("MirrorHor"),
            flag("MirrorVer"),
            flag("WDRSwitch"),
            num("WDRLevel", levels, "128"),
            flag("AFCSwitch"),
            flag("AFGSwitch"),
            flag("LSCSwitch"),
            flag("LDCSwitch"),
            flag("DISSwitch"),
            num("WBMode", int_options(0, 1), "0"),
            num("WBRGain", levels, "128"),
            num("WBBGain", levels, "128"),
            num("LDCLevel", levels, "0"),
        ),
    )
    # 3.8.5, table order. "2,4,8 ...64" and "1,2,4 ...64" are read as powers of two;
    # "25,30 ...8000" as the range 25 ... 8000. HLCSwitch: the value cell says "0, 1",
    # its description lists 0-3: 0 ... 3 is accepted. BLCLevel is "BLCLLevel" in 3.8.2.2's
    # URL and example: both spellings are accepted.
    exposure = GroupSpec(
        "ExposureInfo",
        (
            num("ExposureMode", int_options(0, 1, 2), "0"),
            num("ScenceSelect", int_options(0, 1), "0"),
            num("AGCMax", AGC_MAX, "16"),
            num("AGCManual", AGC_MANUAL, "1"),
            num("ShutterMax", int_range(25, 8000), "100"),
            num("ShutterManual", int_range(25, 8000), "100"),
            num("ICRSwitch", int_options(0, 1, 2, 3), "3"),
            num("ICREnable", int_options(0, 1), "1"),
            num("ICRTimer", int_options(0, 3, 5, 10), "5"),
            num("ICRC2BThr", levels, "80"),
            num("ICRB2CThr", levels, "160"),
            num("BLCSwitch", int_options(0, 1), "0"),
            num("ColorMode", int_options(0, 1, 2), "1"),
            num("BLCLevel", int_range(0, 240), "0"),
            num("HLCSwitch", int_range(0, 3), "0"),
            num("ELCLevel", levels, "128"),
        ),
        aliases={"BLCLLevel": "BLCLevel"},
    )
    # 3.8.3: "GroupName: All, ExposureInfo, BasicInfo, ResetInfo".
    return ClassSpec("camera", (exposure, basic, GroupSpec("ResetInfo", action=True)))


def _net_classes() -> dict[str, ClassSpec]:
    # 3.9.1.1's answer (and defaults) in its order.
    address = GroupSpec(
        "AddressInfo",
        (
            word("IPAddress", IPV4, "192.168.1.100"),
            word("SubnetMask", IPV4, "255.255.255.0"),
            word("Gateway", IPV4, "192.168.1.1"),
            num("AddressType", int_options(0, 1), "0"),
            num("AutoDNSEnable", int_options(0, 1), "1"),
            word("DNSServer", IPV4, "192.168.1.1"),
            word("DNSServer2", IPV4, "8.8.8.8"),
        ),
    )
    # 3.9.4 "DigestLogin Info": AuthenticationEnable 0/1, read here as "Digest instead of
    # Basic" (the simulator's auth_mode follows it).
    digest = GroupSpec("DigestLoginInfo", (num("AuthenticationEnable", int_options(0, 1), "0"),))
    # 3.10.1's answer (and defaults).
    ports = int_range(1, 65535)
    netport = GroupSpec(
        "NetPortInfo",
        (
            num("HttpPort", ports, "80"),
            num("VideoPort", ports, "90"),
            num("RtspPort", ports, "554"),
            num("OnvifPort", ports, "8999"),
            num("RecordPort", ports, "8088"),
        ),
    )
    return {
        # 3.9.3's GroupName list; only AddressInfo and DigestLoginInfo are modelled.
        "net": ClassSpec(
            "net",
            (address, digest),
            unmodelled=frozenset(
                {
                    "SMTPInfo",
                    "FTPInfo",
                    "KaiCong",
                    "DDNSInfo",
                    "UluInfo",
                    "GlinkInfo",
                    "ElInfo",
                    "AlarmServerInfo",
                    "NetProtocolInfo",
                }
            ),
        ),
        "netport": ClassSpec("netport", (netport,)),
    }


# 3.13.2.6: day d (0 = Sunday ... 6 = Saturday) has period d and period d + 8.
SCHEDULE_DAYS: Final = range(7)
SCHEDULE_SECOND_PERIOD: Final = 8


def _schedule_params() -> tuple[Param, ...]:
    # 3.13.1.4's answer is cut off after "0 ---> enable Sunday": the order is the one
    # 3.13.2.6's URL uses, day by day. Defaults: every day off (the example's Sunday),
    # first period the whole day, second period empty.
    params: list[Param] = []
    hours, minutes = int_range(0, 23), int_range(0, 59)
    for day in SCHEDULE_DAYS:
        params.append(flag(f"enable{day}"))
        for period, (start, end) in (
            (day, ("0", "23")),
            (day + SCHEDULE_SECOND_PERIOD, ("0", "0")),
        ):
            params += [
                num(f"start{period}H", hours, start),
                num(f"start{period}M", minutes, "0"),
                num(f"end{period}H", hours, end),
                num(f"end{period}M", minutes, "59" if end == "23" else "0"),
            ]
    return tuple(params)


def io_access_names(number: int, outputs: int) -> list[str]:
    """IOAccessInfo's names for alarm input ``number``, in 3.13.1.3's answer order.

    3.13.4: IOij (input i to output j), IMi, ISi, IFi, ITi, IAi.
    """
    return [
        *(f"IO{number}{output}" for output in range(1, outputs + 1)),
        f"IM{number}",
        f"IS{number}",
        f"IF{number}",
        f"IT{number}",
        f"IA{number}",
    ]


def _alarm_class(inputs: int, outputs: int) -> ClassSpec:
    io_trig = GroupSpec(
        "IOTrigInfo",
        (
            num("IOTrigNum", int_range(1, inputs), access="wo"),
            num("IOTrig", int_options(0, 1), access="wo"),
        ),
        required=("IOTrigNum", "IOTrig"),
    )
    # 3.13.1.2's answer order; enabled at 50 (3.13.2.2's example enables it), every cell
    # watched. The table's "(X0, Y0), (X1, Y1)" rectangle is not modelled.
    md = GroupSpec(
        "MDInfo",
        (
            flag("MDEnable", "1"),
            num("MDSensitivity", int_range(1, 100), "50"),
            word("MDArea", MD_AREA, md_area_full()),
        ),
        channel=True,
    )
    scope = GroupSpec("AccessScopeInfo", (num("AlarmAccessScope", int_options(0, 1), "0"),))
    # 3.13.1.3: all links off. IAi: the value cell says "0, 1", the description "1 = Open
    # all alarm output 2 = Close all": 0/1 as MDAccessInfo's MA.
    io_params: list[Param] = [num("IOTrigNum", int_range(1, inputs), access="wo")]
    for number in range(1, inputs + 1):
        io_params += [flag(name) for name in io_access_names(number, outputs)]
    io_access = GroupSpec("IOAccessInfo", tuple(io_params), channel=True, required=("IOTrigNum",))
    # 3.13.2.5. Its MDArea is a number ("Set Motion Detection Area 2"), not MDInfo's grid:
    # 1 ... 4 is a choice, stored like any value (the spec does not say what it selects).
    # MOi is per alarm output; the URL's MO and IOj mean MO1 / MOj. Defaults: SD save on.
    md_access = GroupSpec(
        "MDAccessInfo",
        (
            num("MDArea", int_range(1, 4), "1"),
            *(flag(f"MO{output}") for output in range(1, outputs + 1)),
            flag("MM"),
            flag("MF"),
            flag("MT"),
            flag("MS", "1"),
            flag("MA"),
        ),
        aliases={
            "MO": "MO1",
            **{f"IO{output}": f"MO{output}" for output in range(1, outputs + 1)},
        },
    )
    schedule = GroupSpec("ScheduleInfo", _schedule_params())
    # 3.13.3's GroupName list, then ScheduleInfo (3.13.1.4).
    return ClassSpec("alarm", (io_trig, md, scope, io_access, md_access, schedule))


def build_classes(
    *, inputs: int = 1, outputs: int = 1, preset_remove: bool = True
) -> tuple[dict[str, ClassSpec], dict[str, StreamProfile]]:
    """Every modelled class by name, and the StreamInfo profiles of the stream classes."""
    streams, profiles = stream_classes()
    classes = {
        "sys": _sys_class(),
        **streams,
        "image": _image_class(),
        "audio": _audio_class(),
        "record": _record_class(),
        "ptz": _ptz_class(preset_remove=preset_remove),
        "camera": _camera_class(),
        **_net_classes(),
        "alarm": _alarm_class(inputs, outputs),
    }
    return classes, profiles


Settings = dict[str, dict[str, dict[str, str]]]
"""class -> group -> parameter -> value, as on the wire."""


def default_values(group: GroupSpec) -> dict[str, str]:
    """The defaults of a group's readable parameters, in answer order."""
    return {param.name: param.default for param in group.params if param.access != "wo"}


def default_settings(classes: Mapping[str, ClassSpec]) -> Settings:
    """Every readable value of every modelled group at its default."""
    return {
        name: {group.name: default_values(group) for group in spec.groups}
        for name, spec in classes.items()
    }
