"""Pure decoding of Grandstream GSC36xx answers: the `<Configuration>` XML, ResCodes, uptime."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from ...errors import AuthError, LockedOutError, ParseError, ResponseError

# Leaf elements only: a value holds no `<` (the device escapes it). Any closing tag is taken
# as the end, and `</P246/>` too: the spec's own examples print `<P246></P246/>` and
# `<P8433></P8434>`. Self-closing `<P4504/>` is an empty value. Names starting with `?` or
# `!` (declarations, DOCTYPE) never match, so no entity is ever declared or expanded.
_LEAF_RE: Final = re.compile(
    r"<(?P<name>[A-Za-z_][\w.:-]*)(?:\s[^<>]*?)?>(?P<value>[^<]*)</[^<>]*>"
    r"|<(?P<empty>[A-Za-z_][\w.:-]*)\s*/>"
)
_CHAR_REF_RE: Final = re.compile(r"&#(?:x(?P<hex>[0-9a-fA-F]{1,6})|(?P<dec>[0-9]{1,7}));")
_PREDEFINED: Final = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
_HTML_RE: Final = re.compile(rb"<\s*(?:!doctype\s+html|html[\s>]|head[\s>]|form[\s>])", re.I)

# ResCodes of the spec's "XML Returned by Device" table (1.0.0.19).
RES_OK: Final = 0
RES_NO_USER: Final = 1
RES_WRONG_PASSWORD: Final = 2
RES_LOGIN_LIMIT: Final = 3
RES_AUTH_FAILED: Final = 401
RES_SESSION_TIMEOUT: Final = 408
RES_MESSAGES: Final = {
    1: "user does not exist",
    2: "password error",
    3: "maximum login or maximum white list number",
    4: "phone number exists",
    5: "parameter should not be empty",
    6: "parameter contains illegal characters",
    7: "message sending error",
    8: "new password does not match",
    9: "FTP test error",
    10: "hostage password",
    11: "remote/local PIN differs from the hostage password",
    12: "SMTP timeout",
    13: "account does not exist",
    14: "SMTP authentication failed",
    15: "SMTP test failed",
    16: "invalid SMTP server",
    17: "email address is empty",
    18: "email test timeout",
    19: "SIP is calling",
    401: "authentication failed",
    408: "session timed out",
}

# Values that are secrets in the modules' answers: some reads return the admin password in
# clear (P2 in `type=event`), SIP/SMTP/FTP/TR-069 passwords, the RTSP password, and the event
# notification URL, which carries Home Assistant's secret webhook id.
SECRET_PARAMS: Final = frozenset(
    {
        "P2",
        "P34",
        "P406",
        "P506",
        "P606",
        "P281",
        "P10128",
        "P10128r",
        "P14117",
        "P15413",
        "P15414",
        "P15415",
        "P15512",
        "P1359",
        "P1361",
        "P4505",
        "P4512",
        "P6769",
        "P63012",
    }
)
# The same opening-tag grammar as _LEAF_RE: whatever the parser reads as P2 is blanked.
_SECRET_RE: Final = re.compile(
    r"(<(?:" + "|".join(sorted(SECRET_PARAMS)) + r")(?:\s[^<>]*?)?>)[^<]*(</)",
)

_UPTIME_UNITS: Final = {"day": 86400, "hour": 3600, "min": 60, "sec": 1}
# Never starting inside a run of digits keeps a device's endless digit run linear.
_UPTIME_RE: Final = re.compile(r"(?<!\d)(\d{1,9})\s*(day|hour|min|sec)", re.I)
_UPTIME_MAX_CHARS: Final = 256


class SessionGoneError(ResponseError):
    """The device no longer knows our session (ResCode 401/408, or its HTML login page)."""


@dataclass(frozen=True)
class ConfigAnswer:
    """One `<Configuration>` answer: its ResCode, message and leaf values (repeatable)."""

    res_code: int | None
    message: str
    values: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """The first value of an element, None if absent."""
        found = self.values.get(name)
        return found[0] if found else None

    def all(self, name: str) -> list[str]:
        """Every value of a repeated element (white list, alarm phones)."""
        return list(self.values.get(name, ()))


def _unescape(text: str) -> str:
    def _char(match: re.Match[str]) -> str:
        code = int(match.group("hex"), 16) if match.group("hex") else int(match.group("dec"))
        return chr(code) if 0 < code <= 0x10FFFF else ""

    text = _CHAR_REF_RE.sub(_char, text)
    for entity, char in _PREDEFINED.items():
        text = text.replace(entity, char)
    # Last, so `&amp;lt;` stays `&lt;` instead of becoming `<`.
    return text.replace("&amp;", "&")


def is_login_page(body: bytes) -> bool:
    """Whether the answer is the HTML login page (some firmware's answer to a lapsed session)."""
    return _HTML_RE.search(body[:4096]) is not None


def parse_configuration(body: bytes) -> ConfigAnswer:
    """Decode a `<Configuration>` answer leniently; ParseError when it is none."""
    if is_login_page(body):
        raise SessionGoneError("the device answered its login page")
    text = body.decode("utf-8", "replace")
    if "<Configuration" not in text:
        raise ParseError("the answer is no <Configuration> document")
    values: dict[str, list[str]] = {}
    for match in _LEAF_RE.finditer(text):
        name = match.group("name") or match.group("empty")
        raw = match.group("value") if match.group("name") else ""
        values.setdefault(name, []).append(_unescape(raw.strip()))
    res_code: int | None = None
    if (raw_code := values.pop("ResCode", [None])[0]) is not None:
        try:
            res_code = int(raw_code)
        except ValueError as err:
            raise ParseError(f"ResCode {raw_code[:20]!r} is not a number") from err
    message = values.pop("RetMsg", [""])[0]
    return ConfigAnswer(res_code=res_code, message=message, values=values)


def check_res_code(answer: ConfigAnswer, *, lockout_minutes: int | None = None) -> ConfigAnswer:
    """Raise the typed error of a failed answer; return it unchanged when it succeeded.

    No ResCode at all counts as success: `api_get_data` answers only MD_STATUS and RetMsg.
    """
    code = answer.res_code
    if code is None or code == RES_OK:
        return answer
    text = RES_MESSAGES.get(code, answer.message or "unknown error")
    if code in (RES_AUTH_FAILED, RES_SESSION_TIMEOUT):
        raise SessionGoneError(f"ResCode {code}: {text}")
    if code in (RES_NO_USER, RES_WRONG_PASSWORD):
        raise AuthError(f"the device refused the login (ResCode {code}: {text})")
    if code == RES_LOGIN_LIMIT:
        raise LockedOutError(
            f"the device refuses logins for now (ResCode {code}: {text})",
            retry_after_minutes=lockout_minutes,
        )
    raise ResponseError(f"the device refused the request (ResCode {code}: {text})")


def redact_config(text: str) -> str:
    """Blank the secret values of a `<Configuration>` answer (for diagnostics)."""
    return _SECRET_RE.sub(r"\1**REDACTED**\2", text)


def parse_uptime(text: str) -> int | None:
    """P15009 ("1 hour 31 minutes", "2 days 3 hours 4 minutes") in seconds; None if unreadable."""
    matches = _UPTIME_RE.findall(text[:_UPTIME_MAX_CHARS])
    if not matches:
        return None
    return sum(int(number) * _UPTIME_UNITS[unit.lower()] for number, unit in matches)


def parse_int(answer: ConfigAnswer, name: str) -> int | None:
    """An integer value, None where absent or not a number."""
    raw = answer.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def format_mac(raw: str | None) -> str | None:
    """P67 (`00:0B:82:AB:CC:BA`) as Home Assistant formats MACs; None if it is no MAC."""
    if raw is None:
        return None
    digits = re.sub(r"[^0-9A-Fa-f]", "", raw)
    if len(digits) != 12 or len(raw.strip()) not in (12, 14, 17):
        return None
    lower = digits.lower()
    return ":".join(lower[i : i + 2] for i in range(0, 12, 2))
