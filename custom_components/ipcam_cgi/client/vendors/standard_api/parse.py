"""Pure decoding of "IP Camera Standard API" answers: param lists, eventdata, IO, PTZ info."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from ...errors import ParseError, ResponseError

# Spec 5.1.1.3: errors come as `# Error: <description>` with HTTP 200.
_ERROR_PREFIXES: Final = ("# error", "request failed")
_MAC_RE: Final = re.compile(r"^[0-9a-f]{2}(?:[:-]?[0-9a-f]{2}){5}$", re.IGNORECASE)
_ROOT: Final = "root."
_FACE_RE: Final = re.compile(r"^\s*([0-9]{1,9})(?![0-9])")
# ASCII digits only (`str.isdigit` also takes `²`, which int() refuses), and few enough that
# int() never meets Python's limit on long integer strings.
_WHOLE_RE: Final = re.compile(r"[0-9]{1,9}")
_BITS: Final = 8
IO_FIELDS: Final = 7


def whole_number(text: str) -> int | None:
    """A plain non-negative whole number of up to 9 ASCII digits, else None."""
    text = text.strip()
    return int(text) if _WHOLE_RE.fullmatch(text) else None


def check_error(text: str) -> None:
    """Raise ResponseError for a `# Error: ...` answer (or a `Request failed: ...` one)."""
    for line in text.splitlines():
        stripped = line.strip()
        lowered = stripped.lower()
        if lowered.startswith(_ERROR_PREFIXES):
            raise ResponseError(f"the camera refused the request: {stripped[:200]}")


def check_ok(text: str) -> None:
    """Commands answer `OK`; an error line (or nothing else) is a refusal."""
    check_error(text)


def parse_param_list(text: str) -> dict[str, str]:
    """`root.<Group>.<name>=<value>` lines (CRLF or LF) keyed without `root.`.

    A value keeps every `=` after the first (spec 5.1.1.3: `<parameter>=<value>`); lines
    without `=`, comments and blank lines are skipped.
    """
    check_error(text)
    params: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        name = name.strip()
        if name.lower().startswith(_ROOT):
            name = name[len(_ROOT) :]
        if not sep or not name or name.startswith("#"):
            continue
        params[name] = value.strip()
    return params


def param_flag(value: str | None) -> bool | None:
    """`yes`/`no` (spec 5.1.1.4: `Event.E0.Enabled=yes`), also 1/0, true/false, on/off."""
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in ("yes", "1", "true", "on", "enable", "enabled"):
        return True
    if lowered in ("no", "0", "false", "off", "disable", "disabled"):
        return False
    return None


def format_mac(value: str) -> str | None:
    """`00:D0:89:1B:02:DF`, `00-d0-...` or 12 hex digits as `00:d0:89:1b:02:df`; else None."""
    cleaned = value.strip()
    if not _MAC_RE.match(cleaned):
        return None
    digits = re.sub(r"[:-]", "", cleaned).lower()
    if digits == "0" * 12:
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def first_param(params: Mapping[str, str], candidates: Iterable[str]) -> str | None:
    """The first non-empty parameter of `candidates`: exact names, or `*.suffix` endings."""
    for candidate in candidates:
        if candidate.startswith("*."):
            suffix = candidate[1:].lower()
            for name, value in params.items():
                if name.lower().endswith(suffix) and value.strip():
                    return value.strip()
        elif (value := params.get(candidate, "").strip()) != "":
            return value
    return None


def find_mac(params: Mapping[str, str]) -> str | None:
    """The MAC from `Network.eth0.MACAddress`, else the first MAC-bearing parameter."""
    preferred = params.get("Network.eth0.MACAddress")
    if preferred and (mac := format_mac(preferred)):
        return mac
    for name, value in params.items():
        lowered = name.lower()
        if lowered.endswith(("macaddress", "hwaddress", ".mac", "macaddr")) and (
            mac := format_mac(value)
        ):
            return mac
    return None


def parse_eventdata(text: str) -> dict[str, dict[str, str]]:
    """`Group:Key=Value;Key=Value;` lines (spec 5.4.2) as {group: {key: value}}.

    The spec's Face example wraps one line in two (`H264_2_Face=2` newline
    `0.5_0.4_...`): a line or item without `=` continues the previous value. The pieces are
    joined once at the end, so a long run of them costs linear time.
    """
    check_error(text)
    groups: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    last: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        colon, equals = line.find(":"), line.find("=")
        if colon > 0 and (equals < 0 or colon < equals):
            current = groups.setdefault(line[:colon].strip(), {})
            last = None
            line = line[colon + 1 :]
        elif current is None:
            continue
        for item in line.split(";"):
            key, sep, value = item.partition("=")
            key = key.strip()
            if sep and key:
                last = current[key] = [value.strip()]
            elif key and last is not None:
                last.append(key)
    return {
        group: {key: " ".join(piece for piece in pieces if piece) for key, pieces in fields.items()}
        for group, fields in groups.items()
    }


def event_flag(fields: Mapping[str, str], key: str) -> bool | None:
    """`Enabled=1`, `Triggered=0`: 1 is on; absent or garbled is unknown."""
    value = fields.get(key)
    if value is None:
        return None
    value = value.strip()
    if value in ("1", "0"):
        return value == "1"
    return param_flag(value)


def event_int(fields: Mapping[str, str], key: str) -> int | None:
    """A whole number field (`Level=15`); absent or garbled is None."""
    return whole_number(fields.get(key, ""))


def face_count(value: str) -> int | None:
    """`2 0.5_0.4_0.2_0.3,0.8_0.1_0.2_0.3` -> 2 (spec: `N X1_Y1_W1_H1,...`), `0` -> 0."""
    match = _FACE_RE.match(value)
    return int(match.group(1)) if match else None


def faces_of(fields: Mapping[str, str]) -> int | None:
    """The largest face count over the streams (each stream sees the same scene)."""
    counts = [
        count
        for key, value in fields.items()
        if key.lower().endswith("_face") and (count := face_count(value)) is not None
    ]
    return max(counts) if counts else None


@dataclass(frozen=True, kw_only=True)
class IoStatus:
    """The seven fields of `IO:Status=` (spec 5.4.2 table); bit n-1 is Input/Output n."""

    input_enabled: frozenset[int] = frozenset()
    input_closed: frozenset[int] = frozenset()
    output_closed: frozenset[int] = frozenset()
    input_normally_closed: frozenset[int] = frozenset()
    output_active_closed: frozenset[int] = frozenset()
    input_active: frozenset[int] = frozenset()
    output_active: frozenset[int] = frozenset()
    fields: tuple[int, ...] = field(default=(), repr=False)


def _bits(byte: int) -> frozenset[int]:
    return frozenset(n + 1 for n in range(_BITS) if byte >> n & 1)


def parse_io_status(value: str) -> IoStatus:
    """`00000100000000` -> the fields <XX0>..<XX6>, each two hex digits, b0 = number 1.

    Spec example: `a2` in XX0 (10100010) means Inputs 8, 6 and 2 are enabled.
    """
    digits = value.strip()
    if len(digits) != 2 * IO_FIELDS or not re.fullmatch(r"[0-9a-fA-F]+", digits):
        raise ParseError(f"IO status {digits[:40]!r} is not seven two-hex-digit fields")
    fields = tuple(int(digits[i : i + 2], 16) for i in range(0, 2 * IO_FIELDS, 2))
    return IoStatus(
        input_enabled=_bits(fields[0]),
        input_closed=_bits(fields[1]),
        output_closed=_bits(fields[2]),
        input_normally_closed=_bits(fields[3]),
        output_active_closed=_bits(fields[4]),
        input_active=_bits(fields[5]),
        output_active=_bits(fields[6]),
        fields=fields,
    )


def parse_key_values(text: str) -> dict[str, str]:
    """`name=value` lines (input.cgi `Input1=0`, ptz.cgi `query=position` `pan=12.5`)."""
    check_error(text)
    values: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip():
            values[name.strip().lower()] = value.strip()
    return values


def parse_float(values: Mapping[str, str], key: str) -> float | None:
    """A number of a key=value answer; absent or garbled is None."""
    try:
        return float(values[key])
    except (KeyError, ValueError):
        return None


def parse_ptz_info(text: str) -> frozenset[str]:
    """The command names `info=1` lists.

    The spec (5.3.1.1) says only "Returns a description of available PTZ commands". Real
    answers put one command per line as `name=<values>` (sometimes in braces); take the
    word before each `=` so the set holds names such as `continuouspantiltmove`.
    """
    check_error(text)
    names: set[str] = set()
    for line in text.splitlines():
        name, sep, _ = line.strip().strip("{}").partition("=")
        name = name.strip().lower()
        if sep and re.fullmatch(r"[a-z_]+", name):
            names.add(name)
    return frozenset(names)


def parse_ptz_values(text: str, name: str) -> frozenset[str]:
    """The `|`-separated values `info=1` lists for one command (`autofocus=on|off|pushaf`)."""
    for line in text.splitlines():
        key, sep, values = line.strip().strip("{}").partition("=")
        if sep and key.strip().lower() == name:
            return frozenset(v.strip().lower() for v in values.split("|") if v.strip())
    return frozenset()
