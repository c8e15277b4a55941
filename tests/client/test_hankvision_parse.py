"""Specification of the Hankvision `/cgi/` answer parser: spec examples, leniency, hostile input."""

from __future__ import annotations

import contextlib
import random
import time

import pytest

from custom_components.ipcam_cgi.client import (
    NotSupportedError,
    ParseError,
    RefusedError,
    ResponseError,
)
from custom_components.ipcam_cgi.client.vendors.hankvision.parse import (
    MD_COLUMNS,
    MD_ROWS,
    Message,
    ValueRange,
    check_result,
    decode_md_area,
    encode_md_area,
    parse_message,
    parse_range,
)

# Spec 2.3.1.2 1): the get answer, as printed (StreamInfo and Message are never closed).
SPEC_GET = """HTTP/1.0 200 OK\\r\\n
<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header class="major_stream_get"></Header>
  <result code="200">Successfully</result>
  <StreamInfo>
    <Resolution><string>1920x1080</string></Resolution>
    <BitRate><int>8000</int></BitRate>
    <FrameRate><int>25</int></FrameRate>
    <IPRate><int>30</int></IPRate>
"""
# 2.3.1.2 2): the set answer (blank lines between the elements, no closing tags).
SPEC_SET = """<?xml version="1.0" encoding="utf-8"?>

<Message>

<Header class="major_stream_set"></Header>

<result code="200">Successfully</result>

<StreamInfo>

<Resolution><string>720x576</string></Resolution>

<IPRate><int>20</int></IPRate>

</StreamInfo>
"""
# 2.3.1.2 3): the query answer, one StreamInfo per resolution.
SPEC_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<Message>
<Header class="major_stream_query"></Header>
<result code="200">Successfully</result>
<StreamInfo>
<Resolution><string>1280x720</string></Resolution>
<BitRate><int>1000, 2000, 3000, 4000</int></BitRate>
<FrameRate><int>1 ... 30</int></FrameRate>
<IPRate><int>1 ... 30</int></IPRate>
</StreamInfo>
<StreamInfo>
<Resolution><string>1920x1080</string></Resolution>
<BitRate><int>1000, 2000, 3000, 4000, 6000, 8000</int></BitRate>
<FrameRate><int>1 ... 30</int></FrameRate>
    <IPRate><int>1 ... 30</int></IPRate>
</StreamInfo>
</Message>
"""


def test_the_spec_get_answer_reads_although_nothing_is_closed() -> None:
    """Header class, result code and text, and every parameter of the unclosed group."""
    message = parse_message(SPEC_GET)

    assert message.cgi == "major_stream_get"
    assert message.code == 200
    assert message.result == "Successfully"
    group = message.group("StreamInfo")
    assert group is not None
    assert dict(group.values) == {
        "Resolution": "1920x1080",
        "BitRate": "8000",
        "FrameRate": "25",
        "IPRate": "30",
    }
    assert group.types["BitRate"] == "int"
    assert group.types["Resolution"] == "string"


def test_a_2xx_code_is_success() -> None:
    """200 (and any 2xx) passes the message through."""
    message = parse_message(SPEC_GET)

    assert check_result("/cgi/major_stream_get", message) is message


def test_the_spec_set_answer_reads_with_blank_lines_between_elements() -> None:
    """Only the parameters set are answered."""
    group = parse_message(SPEC_SET).group("StreamInfo")

    assert group is not None
    assert dict(group.values) == {"Resolution": "720x576", "IPRate": "20"}


def test_the_spec_query_answer_keeps_each_repeated_group() -> None:
    """Query answers list one group per option set, in order."""
    message = parse_message(SPEC_QUERY)
    groups = message.all_of("StreamInfo")

    assert [g.get("Resolution") for g in groups] == ["1280x720", "1920x1080"]
    assert parse_range(groups[1].get("BitRate")).options[-1] == "8000"
    assert parse_range(groups[0].get("FrameRate")) == ValueRange(minimum=1, maximum=30)
    assert message.group("Nothing") is None
    assert message.all_of("Nothing") == ()


def test_a_parameter_without_a_type_element_gives_its_text() -> None:
    """`<Mac>52:3e:...</Mac>` reads like `<Mac><string>...</string></Mac>`."""
    group = parse_message(
        "<Message><result code='200'>ok</result><DeviceInfo><Mac>52:3e:42:02:bc:20</Mac>"
        "<DeviceID><string>V6202IR-AR0237</string></DeviceID></DeviceInfo></Message>"
    ).group("DeviceInfo")

    assert group is not None
    assert group.get("Mac") == "52:3e:42:02:bc:20"
    assert group.get("DeviceID") == "V6202IR-AR0237"
    assert group.get("Missing") is None


def test_values_are_stripped_unescaped_and_empty_elements_read_as_empty() -> None:
    """Blanks around a value go; `&amp;` is `&`; `<X/>` and `<X><string/></X>` are ''."""
    group = parse_message(
        "<Message><G><A><string>  a &amp;lt; b  </string></A><B/><C><string/></C></G></Message>"
    ).group("G")

    assert group is not None
    assert group.get("A") == "a &lt; b"
    assert group.get("B") == ""
    assert group.get("C") == ""


def test_a_result_without_a_code_attribute_says_just_successfully() -> None:
    """Some firmware (specs README) omits `code`; the text still tells success."""
    message = parse_message(
        '<Message><Header class="sys_set"/><result>Successfully</result></Message>'
    )

    assert message.code is None
    assert check_result("/cgi/sys_set", message) is message


def test_stray_closing_tags_and_comments_are_ignored() -> None:
    """A closing tag never opened is skipped; comments are not content."""
    group = parse_message(
        "<Message></Bogus><!-- a comment <G> --><G><A><int>1</int></A></Z></G></Message>"
    ).group("G")

    assert group is not None
    assert dict(group.values) == {"A": "1"}


@pytest.mark.parametrize(
    ("code", "error", "reason"),
    [
        (401, RefusedError, "Invalid Channel number."),
        (402, RefusedError, "Invalid parameter value."),
        (502, RefusedError, "Feature supported by server but not available in current mode."),
        (503, RefusedError, "Server failed."),
        (501, NotSupportedError, None),
    ],
)
def test_error_codes_are_typed_errors_with_the_device_text(
    code: int, error: type[Exception], reason: str | None
) -> None:
    """2.3.1.3's codes: 501 means not supported, the others a refusal keeping the text."""
    text = reason or "Feature does not support by server."
    message = parse_message(f'<Message><result code="{code}">{text}</result></Message>')

    with pytest.raises(error) as raised:
        check_result("/cgi/image_set", message)

    if isinstance(raised.value, RefusedError):
        assert raised.value.reason == text
    assert str(code) in str(raised.value)


def test_an_error_code_without_text_gets_the_spec_meaning() -> None:
    """An empty `<result code="402"/>` still says what 402 means."""
    with pytest.raises(RefusedError) as raised:
        check_result("/cgi/x", parse_message('<Message><result code="402"></result></Message>'))

    assert raised.value.reason == "invalid parameter value or name"


def test_a_code_less_result_that_is_not_success_is_a_refusal() -> None:
    """No code and a text other than `Successfully`: the text is the reason."""
    with pytest.raises(RefusedError) as raised:
        check_result("/cgi/x", parse_message("<Message><result>Failed</result></Message>"))

    assert raised.value.reason == "Failed"


def test_an_unexpected_code_is_a_response_error() -> None:
    """A 1xx or 6xx code is none the spec knows."""
    with pytest.raises(ResponseError):
        check_result("/cgi/x", Message(code=600, result="?"))


@pytest.mark.parametrize(
    "body",
    [
        "",
        "plain text",
        "<html><body>Login</body></html>",
        "<!DOCTYPE html><Message/>",
        "<Message><![CDATA[x]]></Message>",
        "<Message><!-- never closed",
    ],
)
def test_what_is_no_cgi_answer_is_a_parse_error(body: str) -> None:
    """Empty, text, a web page, a DOCTYPE or CDATA, an unterminated comment."""
    with pytest.raises(ParseError):
        parse_message(body)


def test_absurd_nesting_is_refused() -> None:
    """Far deeper than any answer: refused before the stack grows."""
    with pytest.raises(ParseError, match="nests deeper"):
        parse_message("<A>" * 100)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1 ... 30", ValueRange(minimum=1, maximum=30)),
        ("-10 ... 10", ValueRange(minimum=-10, maximum=10)),
        ("100 ... 0", ValueRange(minimum=0, maximum=100)),
        ("0.5 ... 2.5", ValueRange(minimum=0.5, maximum=2.5)),
        ("1000, 2000, 3000", ValueRange(options=("1000", "2000", "3000"))),
        ("0, 1", ValueRange(options=("0", "1"))),
        ("PAL", ValueRange(options=("PAL",))),
        ("", ValueRange(read_only=True)),
        (None, ValueRange(read_only=True)),
        ("valid string", ValueRange(free_text=True)),
    ],
)
def test_query_values_are_ranges_option_lists_read_only_or_free_text(
    value: str | None, expected: ValueRange
) -> None:
    """2.3.1.2 remarks 3-5."""
    parsed = parse_range(value)

    assert parsed == expected
    assert parsed.is_range is (expected.minimum is not None)


FULL = ";;;f"


def test_the_whole_picture_decodes_to_every_area_and_back() -> None:
    """3.13.4: `;;;f` is 2^22 - 1, every area of a line."""
    area = "/".join([FULL] * MD_ROWS)
    rows = decode_md_area(area)

    assert len(rows) == MD_ROWS
    assert all(len(row) == MD_COLUMNS and all(row) for row in rows)
    assert encode_md_area(rows) == area


def test_the_spec_examples_1_and_semicolon_f_are_the_leftmost_areas() -> None:
    """`1` is the leftmost area alone, `;f` the leftmost ten; `0` none."""
    rows = decode_md_area("/".join(["1", ";f", "0", *([FULL] * 15)]))

    assert rows[0] == (True,) + (False,) * 21
    assert rows[1] == (True,) * 10 + (False,) * 12
    assert rows[2] == (False,) * 22


def test_the_spec_example_of_15_lines_with_a_trailing_slash_round_trips() -> None:
    """The printed example has 15 lines and ends in `/`: read as given, written back the same."""
    rows = decode_md_area(f"{FULL}/" * 15)

    assert len(rows) == 15
    assert encode_md_area(rows) == "/".join([FULL] * 15)


@pytest.mark.parametrize(
    "value",
    [
        "/".join([FULL] * 19),
        "/".join([*([FULL] * 17), "!!"]),
        "/".join([*([FULL] * 17), "0000f"]),
        "/".join([*([FULL] * 17), ";;;;"]),
        "/".join([*([FULL] * 8), "", *([FULL] * 8)]),
    ],
)
def test_malformed_md_areas_are_parse_errors(value: str) -> None:
    """Too many lines, foreign digits, too long, more than 22 areas, an empty line."""
    with pytest.raises(ParseError):
        decode_md_area(value)


def test_encode_refuses_a_grid_of_the_wrong_shape() -> None:
    """No rows, too many, or a row of another width."""
    for rows in ((), ((True,) * 22,) * 19, ((True,) * 21,)):
        with pytest.raises(ValueError, match="rows of"):
            encode_md_area(rows)


def test_random_md_areas_round_trip() -> None:
    """Any grid of 1-18 rows survives encode then decode."""
    rng = random.Random(6202)
    for _ in range(500):
        rows = tuple(
            tuple(rng.random() < 0.5 for _ in range(MD_COLUMNS))
            for _ in range(rng.randint(1, MD_ROWS))
        )
        assert decode_md_area(encode_md_area(rows)) == rows


TOKENS = [
    "<Message>",
    "</Message>",
    "<result code='200'>",
    '<result code="402">',
    "</result>",
    "<Header class='x_get'>",
    "</Header>",
    "<G>",
    "</G>",
    "<A>",
    "</A>",
    "<int>",
    "</int>",
    "<B/>",
    "Successfully",
    "1 ... 9",
    "&amp;",
    "&#60;",
    "<",
    ">",
    "<?xml?>",
    "<!--",
    "-->",
    " ",
    "\n",
    "\x00",
    "é",
]


def test_fuzzed_answers_raise_only_parse_errors_and_give_well_formed_messages() -> None:
    """Random token soup: a Message of string-valued groups, or ParseError; nothing else."""
    rng = random.Random(20180123)
    for _ in range(3000):
        body = "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 40)))
        try:
            message = parse_message(body)
        except ParseError:
            continue
        for group in message.groups:
            assert all(isinstance(v, str) for v in group.values.values())
        with contextlib.suppress(RefusedError, NotSupportedError, ResponseError):
            check_result("/cgi/x", message)


@pytest.mark.parametrize(
    "body",
    [
        "<a" + " " * 200_000,
        "<" + "a" * 200_000,
        "<Message><G><A><int>" + "<" * 200_000,
        "<Message>" + "<G><A>x</A></G>" * 20_000,
        "<Message><G>" + "</Z>" * 50_000,
        "<Message><result code=" + '"' * 200_000,
        "<?" * 100_000,
        "&" * 200_000,
    ],
    ids=[
        "unclosed tag of blanks",
        "long name",
        "many opening brackets",
        "many groups",
        "many stray closes",
        "quotes",
        "declarations",
        "ampersands",
    ],
)
def test_hostile_answers_parse_in_linear_time(body: str) -> None:
    """200 kB of worst-case input is read in well under a second (robustness bound)."""
    started = time.perf_counter()
    with contextlib.suppress(ParseError):
        parse_message(body)
    assert time.perf_counter() - started < 2.0
