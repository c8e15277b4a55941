"""Pure decoding of Hankvision `/cgi/` answers: `<Message>`, result codes, groups, ranges.

Spec "HTTP API Interface Specification" V3.1, 2.3.1.2: every answer is

    <Message>
      <Header class="<cgi name>"></Header>
      <result code="200">Successfully</result>
      <Group><Param><type>value</type></Param>...</Group>   (repeated in query answers)
    </Message>

The spec's own examples leave groups and the message unclosed, so the answer is read as a
stream of tags with a stack that forgives missing and stray closing tags. Every pattern is
possessive and the walk is one pass: a hostile body of the transport's full size cap is read
in linear time. No DTD is read, so no entity is declared or expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from ...errors import NotSupportedError, ParseError, RefusedError, ResponseError
from ...xml_text import DECLARATION_RE, unescape

_TAG_RE: Final = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z_][\w.:-]*+)(?P<attrs>[^<>]*+)>|<\?[^<>]*+>|<!--"
)
_CLASS_RE: Final = re.compile(r"(?<![\w.-])class\s*=\s*\"(?P<value>[^\"<>]*)\"")
_CODE_RE: Final = re.compile(r"(?<![\w.-])code\s*=\s*\"\s*(?P<value>\d{1,4})\s*\"")
# A web page where an answer was expected (a login or error page of the web server).
_HTML_TAGS: Final = frozenset({"html", "head", "body", "title", "meta", "script", "style"})
# Spec 2.3.1.2, remark 3: `value1 ... value2` is a range, `value1, value2` a list.
_RANGE_RE: Final = re.compile(r"^\s*(?P<lo>-?\d+(?:\.\d+)?)\s*\.\.\.\s*(?P<hi>-?\d+(?:\.\d+)?)\s*$")

# 2.3.1.3 Return code.
CODE_OK: Final = 200
CODE_INVALID_CHANNEL: Final = 401
CODE_INVALID_VALUE: Final = 402
CODE_NOT_SUPPORTED: Final = 501
CODE_NOT_AVAILABLE: Final = 502
CODE_FAILED: Final = 503
CODE_MESSAGES: Final = {
    CODE_INVALID_CHANNEL: "invalid channel number",
    CODE_INVALID_VALUE: "invalid parameter value or name",
    CODE_NOT_SUPPORTED: "feature not supported by the device",
    CODE_NOT_AVAILABLE: "feature not available in the current mode",
    CODE_FAILED: "the device failed",
}
# The text of a successful `<result>`; some firmware sends it without the code attribute.
SUCCESS_TEXT: Final = "successfully"
# Spec 2.3.1.2, remark 5: a string parameter that takes any sensible string.
FREE_TEXT: Final = "valid string"

_MESSAGE: Final = 1
_CHILD: Final = 2
_PARAM: Final = 3
_TYPE: Final = 4
# A `/cgi/` answer nests four deep; a much deeper one is no answer (and the stack search
# for a closing tag stays bounded).
_MAX_DEPTH: Final = 16


@dataclass(frozen=True, kw_only=True)
class Group:
    """One group of an answer: its parameters' values and their type element names."""

    name: str
    values: Mapping[str, str] = field(default_factory=dict)
    types: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """A parameter's value (stripped), None where the group does not carry it."""
        value = self.values.get(name)
        return None if value is None else value.strip()


@dataclass(frozen=True, kw_only=True)
class Message:
    """One answer: the Header's class, the result's code and text, and the groups in order."""

    cgi: str | None = None
    code: int | None = None
    result: str = ""
    groups: tuple[Group, ...] = ()

    def group(self, name: str) -> Group | None:
        """The first group of that name (get and set answers carry one of each)."""
        return next((group for group in self.groups if group.name == name), None)

    def all_of(self, name: str) -> tuple[Group, ...]:
        """Every group of that name (query answers list one per option set)."""
        return tuple(group for group in self.groups if group.name == name)


@dataclass
class _Building:
    """The group being read, and the parameter and text being collected."""

    name: str
    values: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    param: str | None = None
    text: list[str] = field(default_factory=list)

    def close_param(self) -> None:
        if self.param is not None:
            self.values.setdefault(self.param, unescape("".join(self.text)))
        self.param = None
        self.text = []

    def freeze(self) -> Group:
        self.close_param()
        return Group(name=self.name, values=self.values, types=self.types)


def parse_message(body: str) -> Message:
    """The answer's Header, result and groups; ParseError where it is no `/cgi/` answer."""
    if DECLARATION_RE.search(body):
        raise ParseError("the answer carries a DOCTYPE or CDATA section")
    stack: list[str] = []
    cgi: str | None = None
    code: int | None = None
    result: list[str] = []
    groups: list[Group] = []
    group: _Building | None = None
    position = 0
    in_result = False
    while (match := _TAG_RE.search(body, position)) is not None:
        text = body[position : match.start()]
        position = match.end()
        if in_result:
            result.append(text)
        elif group is not None and group.param is not None and len(stack) >= _PARAM:
            group.text.append(text)
        if match.group(0) == "<!--":
            end = body.find("-->", position)
            if end < 0:
                raise ParseError("an unterminated comment")
            position = end + 3
            continue
        name = match.group("name")
        if name is None:
            continue  # an XML declaration
        if not stack and name.lower() in _HTML_TAGS:
            raise ParseError("the device answered a web page instead of XML")
        if match.group("close"):
            if name in stack:
                while True:  # ends at `name`, which is on the stack
                    closed = stack.pop()
                    depth = len(stack) + 1
                    if depth == _CHILD and group is not None and closed == group.name:
                        groups.append(group.freeze())
                        group = None
                    elif depth == _CHILD and closed == "result":
                        in_result = False
                    elif depth == _PARAM and group is not None:
                        group.close_param()
                    if closed == name:
                        break
            continue
        empty = match.group("attrs").rstrip().endswith("/")
        depth = len(stack) + 1
        if depth == _CHILD:
            if name == "Header":
                if found := _CLASS_RE.search(match.group("attrs")):
                    cgi = found.group("value").strip()
            elif name == "result":
                if found := _CODE_RE.search(match.group("attrs")):
                    code = int(found.group("value"))
                in_result = not empty
            elif not empty:
                group = _Building(name=name)
        elif depth == _PARAM and group is not None:
            group.close_param()
            group.param = name
            if empty:
                group.close_param()
        elif depth == _TYPE and group is not None and group.param is not None:
            group.types.setdefault(group.param, name)
            # The value is the type element's text, not the blanks around it.
            group.text = []
        if not empty:
            if len(stack) >= _MAX_DEPTH:
                raise ParseError("the answer nests deeper than any /cgi/ answer")
            stack.append(name)
    if group is not None:
        groups.append(group.freeze())
    if not stack and not groups and cgi is None and code is None and not result:
        raise ParseError(f"no /cgi/ answer: {body[:80]!r}")
    return Message(
        cgi=cgi, code=code, result=" ".join(unescape("".join(result)).split()), groups=tuple(groups)
    )


def _verbatim(text: str) -> str:
    return text


def check_result(path: str, message: Message, redact: Callable[[str], str] = _verbatim) -> Message:
    """The message of a successful request; the matching typed error for a failed one.

    2xx, or no code and the text `Successfully` (some firmware, specs README), is success;
    501 is NotSupportedError, every other 4xx/5xx a RefusedError with the device's text,
    passed through `redact` first (it is shown to the user, and a device may echo a secret).
    """
    code = message.code
    if code is None:
        if message.result.lower().startswith(SUCCESS_TEXT) or not message.result:
            return message
        reason = redact(message.result)
        raise RefusedError(f"{path}: the device refused the request: {reason}", reason)
    if 200 <= code < 300:
        return message
    reason = redact(message.result) or CODE_MESSAGES.get(code, f"code {code}")
    if code == CODE_NOT_SUPPORTED:
        raise NotSupportedError(f"{path}: {reason} (code {code})")
    if 400 <= code < 600:
        raise RefusedError(
            f"{path}: the device refused the request: {reason} (code {code})", reason
        )
    raise ResponseError(f"{path}: unexpected result code {code}")


@dataclass(frozen=True, kw_only=True)
class ValueRange:
    """What a `_query` answer says a parameter takes (2.3.1.2, remarks 3-5)."""

    minimum: float | None = None
    maximum: float | None = None
    options: tuple[str, ...] = ()
    # Remark 4: an empty element means the value can only be read.
    read_only: bool = False
    # Remark 5: "valid string", any sensible text.
    free_text: bool = False

    @property
    def is_range(self) -> bool:
        """Whether it is `lo ... hi`."""
        return self.minimum is not None and self.maximum is not None


def parse_range(value: str | None) -> ValueRange:
    """`a ... b` a range, `a, b, c` a list, empty read-only, "valid string" free text.

    A single value is a list of one (the device offers that value only).
    """
    text = (value or "").strip()
    if not text:
        return ValueRange(read_only=True)
    if text.lower() == FREE_TEXT:
        return ValueRange(free_text=True)
    if match := _RANGE_RE.match(text):
        low, high = float(match.group("lo")), float(match.group("hi"))
        return ValueRange(minimum=min(low, high), maximum=max(low, high))
    options = tuple(option.strip() for option in text.split(",") if option.strip())
    return ValueRange(options=options)


# 3.13.1: "the video viewport is divided into 18x22 MD areas, which is represented as 18
# numbers delimited with '/'. A number is represented as 64-based digits mapping
# [0-9a-zA-Z:;] to [0-63]". The digits run least significant first: `;;;f` is 2^22 - 1
# (63 + 63*64 + 63*64^2 + 15*64^3, as 3.13.4 says), `1` the leftmost area alone and `;f`
# the leftmost ten; bit 0 of a line is its leftmost area.
MD_ROWS: Final = 18
MD_COLUMNS: Final = 22
_MD_DIGITS: Final = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:;"
_MD_VALUES: Final = {digit: value for value, digit in enumerate(_MD_DIGITS)}


def decode_md_area(value: str) -> tuple[tuple[bool, ...], ...]:
    """MDArea as rows of 22 areas (True = watched); ParseError for a malformed value.

    The spec's own example lists 15 lines where the text says 18 (with a trailing `/`): the
    lines given are decoded, at most 18, so that a write gives back what was read.
    """
    lines = [line.strip() for line in value.strip().strip("/").split("/")]
    if len(lines) > MD_ROWS:
        raise ParseError(f"MDArea has {len(lines)} lines, more than {MD_ROWS}")
    rows: list[tuple[bool, ...]] = []
    for line in lines:
        if not line or len(line) > 4 or any(digit not in _MD_VALUES for digit in line):
            raise ParseError(f"MDArea line {line!r} is no 64-based number")
        bits = sum(_MD_VALUES[digit] << (6 * place) for place, digit in enumerate(line))
        if bits >= 1 << MD_COLUMNS:
            raise ParseError(f"MDArea line {line!r} exceeds {MD_COLUMNS} areas")
        rows.append(tuple(bool(bits >> column & 1) for column in range(MD_COLUMNS)))
    return tuple(rows)


def encode_md_area(rows: tuple[tuple[bool, ...], ...]) -> str:
    """Rows of 22 areas as MDArea (`;;;f/.../;;;f`, 18 lines, for the whole picture)."""
    if not 0 < len(rows) <= MD_ROWS or any(len(row) != MD_COLUMNS for row in rows):
        raise ValueError(f"an MD area is up to {MD_ROWS} rows of {MD_COLUMNS}")
    lines: list[str] = []
    for row in rows:
        bits = sum(1 << column for column, watched in enumerate(row) if watched)
        digits = ""
        while bits:
            digits += _MD_DIGITS[bits % 64]
            bits //= 64
        lines.append(digits or "0")
    return "/".join(lines)
