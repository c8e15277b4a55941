"""Pure parsers for the Netwave/Foscam MJPEG CGI answers (bytes/text in, values out)."""

from __future__ import annotations

import re
from typing import Final

from ...errors import ParseError, ResponseError

# `var name=value;` as in the spec ("IP Camera CGI V1.27", get_status.cgi/get_params.cgi),
# plus what real firmware emits (shared/specs/README.md): single or double quotes, unquoted
# empty values (`var alarm_http_url=;`), CRLF line ends, '=' inside values, and several
# statements on one line.
_VAR_RE: Final = re.compile(
    r"""var\s+(?P<name>[A-Za-z_]\w*)\s*=\s*
        (?:'(?P<single>(?:[^'\\\r\n]|\\.)*)'
          |"(?P<double>(?:[^"\\\r\n]|\\.)*)"
          |(?P<bare>[^;\r\n]*)
        )\s*;?""",
    re.VERBOSE,
)
_ESCAPE_RE: Final = re.compile(r"\\(.)")
_MAC_RE: Final = re.compile(r"^[0-9A-Fa-f]{12}$")

# Variables whose values are secrets on a real device (get_params.cgi returns every user's
# password, Wi-Fi keys, mail/FTP/DDNS/PPPoE/MSN passwords in clear).
_SECRET_NAME_RE: Final = re.compile(
    r"(pwd|pass|psk|wifi_key\d|_key$|user\d+_name|_user$|msn_friend\d+|mail_receiver\d|"
    r"mail_sender|ddns_host|alarm_http_url)",
    re.IGNORECASE,
)


def parse_vars(text: str) -> dict[str, str]:
    """Parse every `var name=value;` statement; later duplicates win.

    Raises ParseError when the text holds no statement at all.
    """
    values: dict[str, str] = {}
    for match in _VAR_RE.finditer(text):
        if match.group("single") is not None:
            value = _ESCAPE_RE.sub(r"\1", match.group("single"))
        elif match.group("double") is not None:
            value = _ESCAPE_RE.sub(r"\1", match.group("double"))
        else:
            value = match.group("bare").strip()
        values[match.group("name")] = value
    if not values:
        raise ParseError("the answer holds no `var name=value;` statement")
    return values


def redact_vars(text: str) -> str:
    """Replace the values of secret-bearing variables, keeping the shape for fixtures."""

    def _replace(match: re.Match[str]) -> str:
        if not _SECRET_NAME_RE.search(match.group("name")):
            return match.group(0)
        # Replace only the value, keeping quotes and whitespace as they were: any other
        # character added or removed could pair with a stray quote nearby and change how the
        # rest of the redacted text parses.
        group = next(g for g in ("single", "double", "bare") if match.group(g) is not None)
        start, end = match.span(group)
        offset = match.start()
        whole = match.group(0)
        return f"{whole[: start - offset]}**REDACTED**{whole[end - offset :]}"

    return _VAR_RE.sub(_replace, text)


def parse_int(values: dict[str, str], name: str) -> int:
    """An integer variable; ParseError if missing or not a number."""
    raw = values.get(name)
    if raw is None:
        raise ParseError(f"the answer lacks `{name}`")
    try:
        return int(raw.strip())
    except ValueError as err:
        raise ParseError(f"`{name}` is not a number") from err


def optional_int(values: dict[str, str], name: str) -> int | None:
    """An integer variable, None if missing or not a number."""
    try:
        return parse_int(values, name)
    except ParseError:
        return None


def format_mac(device_id: str) -> str | None:
    """The `id` of get_status.cgi is the MAC as 12 hex digits; format it `aa:bb:...`."""
    cleaned = device_id.strip().replace(":", "").replace("-", "")
    if not _MAC_RE.match(cleaned):
        return None
    lower = cleaned.lower()
    return ":".join(lower[i : i + 2] for i in range(0, 12, 2))


def check_set_result(text: str) -> None:
    """`set_*.cgi` and friends answer `ok.`; failures read like `error: illegal param`.

    Anything else counts as success: with `next_url` (or on some firmware) the answer is a page.
    """
    answer = text.strip()
    if answer.lower().startswith("error"):
        raise ResponseError(f"the device refused the request: {answer[:80]}")
