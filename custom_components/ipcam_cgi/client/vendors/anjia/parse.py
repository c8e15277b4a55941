"""Pure decoding of Anjia CGI answers: one XML element (attributes or text), and faults.

Spec VER. 1.0.10, 2.3: a failed request answers HTTP 400 with
`<fault><value>PATH</value><reason>WHY</reason></fault>`. Successful answers are one
element, attribute style (`<image brightness="128" .../>`) or text (`<uid>ff2e45cd</uid>`,
`<RelayStatus>status=1</RelayStatus>`). The spec's own examples are not always well formed
(`time_format="yyyy-mm-dd" hh:mm:ss"`, `blockcount="22x18 areavalue=...`), so the answer is
read leniently with regular expressions: a stray quote costs that one attribute, not the
answer. No DTD is ever read, so no entity is declared or expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from ...errors import AuthError, ParseError, RefusedError, ResponseError
from ...xml_text import DECLARATION_RE, unescape

# Every pattern here is matched in linear time: a hostile body of the transport's full size
# cap must not block the event loop (no nested or overlapping quantifiers).
_TAG_START_RE: Final = re.compile(r"<(?P<tag>[A-Za-z_][\w.-]*)")
# The lookbehind lets a name start only at the start of a run, so a long run without `=`
# is scanned once, not once per position.
_ATTR_RE: Final = re.compile(r"(?<![\w.-])(?P<name>[A-Za-z_][\w.-]*)\s*=\s*\"(?P<value>[^\"<>]*)\"")
_CHILD_RE: Final = re.compile(r"<(?P<tag>value|reason)>(?P<text>[^<]*)</(?P=tag)\s*>", re.I)
# A web page where an answer was expected (a login or error page of the web server).
_HTML_TAGS: Final = frozenset({"html", "head", "body", "title", "meta", "script", "style"})
_RELAY_RE: Final = re.compile(r"^\s*(?:set\s+)?status\s*=\s*(?P<state>[01])\s*$", re.I)
_MAC_RE: Final = re.compile(r"^\s*(?P<mac>(?:[0-9A-Fa-f]{2}[-:]){5}[0-9A-Fa-f]{2})\s*$")
_UID_RE: Final = re.compile(r"(<uid>)[^<]*(</uid>)", re.I)

# 3.2.2: "uid error or invalid timeout" - the session lapsed: log in again.
UID_ERROR: Final = "uid error"
# 3.2.1: the getuid answer to a wrong password (the spec has no "username error").
PASSWORD_ERROR: Final = "password error"  # noqa: S105 - a fault reason, no password


class UidExpiredError(ResponseError):
    """`uid error`: the device forgot the session (idle too long, or it restarted)."""


@dataclass(frozen=True, kw_only=True)
class Answer:
    """One answer element: its tag, its attributes and its text."""

    tag: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    text: str = ""
    # The element's content as sent (child elements and entities not decoded).
    inner: str = ""


def _skip_prolog(body: str) -> int:
    """Where the content starts after `<?xml ...?>` declarations, comments and blanks."""
    position = 0
    while True:
        start = body.find("<", position)
        if start < 0:
            return len(body)
        for opening, closing in (("<?", "?>"), ("<!--", "-->")):
            if body.startswith(opening, start):
                end = body.find(closing, start + len(opening))
                if end < 0:
                    raise ParseError(
                        "the answer carries an unterminated comment, a DOCTYPE or CDATA section"
                    )
                position = end + len(closing)
                break
        else:
            return start


def parse_answer(body: str) -> Answer:
    """The answer's element; ParseError where there is none, or a web page."""
    text = body[_skip_prolog(body) :]
    if DECLARATION_RE.search(text):
        # A DOCTYPE (or CDATA): no camera sends one; refuse rather than interpret it.
        raise ParseError("the answer carries a DOCTYPE or CDATA section")
    match = _TAG_START_RE.search(text)
    if match is None:
        raise ParseError(f"no XML element in the answer: {body[:80]!r}")
    tag = match.group("tag")
    if tag.lower() in _HTML_TAGS:
        raise ParseError("the camera answered a web page instead of XML")
    close = text.find(">", match.end())
    if close < 0:
        raise ParseError(f"an unterminated <{tag}> element")
    head = text[match.end() : close]
    attrs = {m.group("name"): unescape(m.group("value")) for m in _ATTR_RE.finditer(head)}
    inner = ""
    if not head.rstrip().endswith("/"):
        rest = text[close + 1 :]
        end = rest.find(f"</{tag}>")
        if end < 0:
            # `</tag >`, another case, or none at all: lenient, as the spec's examples are.
            found = re.search(rf"</\s*{re.escape(tag)}\s*>", rest, re.I)
            end = found.start() if found else len(rest)
        inner = rest[:end]
    return Answer(tag=tag, attrs=attrs, text=unescape(inner), inner=inner)


def fault_reason(answer: Answer) -> str | None:
    """The `<reason>` of a 2.3 fault answer; None for any other answer."""
    if answer.tag.lower() != "fault":
        return None
    children = {m.group("tag").lower(): m.group("text") for m in _CHILD_RE.finditer(answer.inner)}
    return unescape(children.get("reason", "")).strip() or "no reason given"


def _verbatim(text: str) -> str:
    return text


def check_answer(
    path: str, status: int, body: str, redact: Callable[[str], str] = _verbatim
) -> Answer:
    """The answer of a successful request; the matching typed error for a refused one.

    `uid error` is UidExpiredError (log in again), `password error` AuthError (never
    retried), any other fault RefusedError with the camera's reason. Some refusals come
    without a fault (3.7.13: `<RelayStatus>Get status(0) fail</RelayStatus>` with HTTP 400):
    their text is the reason. `redact` removes credentials from the reason (a camera may
    echo what it was sent), since the reason is shown to the user.
    """
    answer = parse_answer(body)
    reason = fault_reason(answer)
    if reason is None and status < 300:
        return answer
    if reason is None:
        reason = " ".join(answer.text.split()) or f"HTTP {status}"
    reason = redact(reason)
    if reason.lower() == UID_ERROR:
        raise UidExpiredError(f"{path}: the camera forgot the session (uid error)")
    if reason.lower() == PASSWORD_ERROR:
        raise AuthError(f"{path}: the camera refused the credentials (password error)")
    raise RefusedError(f"{path}: the camera refused the request: {reason}", reason)


def parse_relay_status(text: str) -> bool:
    """3.7.13/3.7.14: `status=1` (or ` set status=1`): whether the relay is open (1)."""
    match = _RELAY_RE.match(text)
    if match is None:
        raise ParseError(f"unexpected relay status {text[:40]!r}")
    return match.group("state") == "1"


def format_mac(value: str | None) -> str | None:
    """3.3.1 writes the MAC `XX-XX-XX-XX-XX-XX`: lowercase and colon separated, else None."""
    match = _MAC_RE.match(value or "")
    if match is None:
        return None
    mac = match.group("mac").lower().replace("-", ":")
    return None if mac in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff") else mac


def parse_flag(value: str | None) -> bool | None:
    """`1`/`0` as a bool; None for anything else."""
    if value is None:
        return None
    value = value.strip()
    return {"1": True, "0": False}.get(value)


def parse_whole(value: str | None) -> int | None:
    """A plain decimal integer; None for anything else."""
    if value is None:
        return None
    value = value.strip()
    if not value.isascii() or not re.fullmatch(r"-?\d{1,9}", value):
        return None
    return int(value)


def redact_uid(text: str) -> str:
    """Blank the session id of a getuid answer (for diagnostics)."""
    return _UID_RE.sub(r"\1**REDACTED**\2", text)
