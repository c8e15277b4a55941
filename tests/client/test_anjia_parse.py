"""Specification of the pure Anjia CGI decoding: answer elements, faults, relay, MAC, numbers.

The examples are the spec's own (VER. 1.0.10, /work/shared/specs/anjia-cgi-network-camera.txt),
copied as printed, table cells flattened to one line, malformed ones included: 3.6.1's
`time_format="yyyy-mm-dd" hh:mm:ss"`, 3.6.4's `blockcount="22x18 areavalue=...`, faults
without `</fault>`, `</value >` and 3.7.11's wrapped `</ManualInputA larm>`.
"""

from __future__ import annotations

import contextlib
import random
import re
import string
import time
from collections.abc import Callable

import pytest

from custom_components.ipcam_cgi.client.errors import (
    AuthError,
    CameraError,
    ParseError,
    RefusedError,
    ResponseError,
)
from custom_components.ipcam_cgi.client.vendors.anjia.parse import (
    PASSWORD_ERROR,
    UID_ERROR,
    Answer,
    UidExpiredError,
    check_answer,
    fault_reason,
    format_mac,
    parse_answer,
    parse_flag,
    parse_relay_status,
    parse_whole,
    redact_uid,
    unescape,
)

DECL = '<?xml version="1.0" encoding="UTF-8"?>'

# --- the spec's own answers ---------------------------------------------------------------

# 2.3, as printed on several lines.
SPEC_FAULT = f"""{DECL}
<fault>
<value>describe the value</value>
<reason>describe the reason</reason>
</fault>
"""


def _fault(value: str, reason: str, close: str = " </fault>") -> str:
    """A fault cell as the spec prints it: one line, `close` as printed (or missing)."""
    return f"{DECL} <fault> <value>{value}</value> <reason>{reason}</reason>{close}"


# (answer, tag, attributes, stripped text) of every successful answer the spec prints.
SPEC_ANSWERS: list[tuple[str, str, dict[str, str], str]] = [
    # 3.2.1
    (f"{DECL} <uid>XXXXXXXX</uid>", "uid", {}, "XXXXXXXX"),
    # 3.2.2
    (f"{DECL} <keep_alive>true</keep_alive>", "keep_alive", {}, "true"),
    # 3.2.3
    (
        f'{DECL} <info kernel="XXXXXX" filesystem="XXXXXX" sn="XXXXXX"/>',
        "info",
        {"kernel": "XXXXXX", "filesystem": "XXXXXX", "sn": "XXXXXX"},
        "",
    ),
    # 3.2.4
    (
        f'{DECL} <capabilities video="1" audio="1" ptz="0"/>',
        "capabilities",
        {"video": "1", "audio": "1", "ptz": "0"},
        "",
    ),
    # 3.2.5, 3.2.6, 3.2.7
    (f"{DECL} <reboot>true</reboot>", "reboot", {}, "true"),
    (f"{DECL} <factory_reset>true</factory_reset>", "factory_reset", {}, "true"),
    (f"{DECL} <model>MC200J6</model>", "model", {}, "MC200J6"),
    # 3.3.1 (its MAC placeholder wrapped with a space)
    (
        f'{DECL} <network macaddr="XX-XX-XX-XX-XX-X X" dhcp="0" ipaddr="192.168.0.10" '
        'netmask="255.255.255.0" gateway="192.168.0.1" dns1="114.114.114.114" '
        'dns2="8.8.8.8" port="80"/>',
        "network",
        {
            "macaddr": "XX-XX-XX-XX-XX-X X",
            "dhcp": "0",
            "ipaddr": "192.168.0.10",
            "netmask": "255.255.255.0",
            "gateway": "192.168.0.1",
            "dns1": "114.114.114.114",
            "dns2": "8.8.8.8",
            "port": "80",
        },
        "",
    ),
    # 3.4.1 (and 3.5.2, which prints the same)
    (
        f'{DECL} <time timezone="GMT+08:00" update_method="ntp" ntpaddr="pool.ntp.org" '
        'port="123" current_time="2017-11-30 08:00:00"/>',
        "time",
        {
            "timezone": "GMT+08:00",
            "update_method": "ntp",
            "ntpaddr": "pool.ntp.org",
            "port": "123",
            "current_time": "2017-11-30 08:00:00",
        },
        "",
    ),
    # 3.5.4
    (
        f'{DECL} <audioencoder enable="1" encode_type="G.711" samplerate="8000" '
        'bitrate="64000" input_volume="60" output_volume="80" amplify="1"/>',
        "audioencoder",
        {
            "enable": "1",
            "encode_type": "G.711",
            "samplerate": "8000",
            "bitrate": "64000",
            "input_volume": "60",
            "output_volume": "80",
            "amplify": "1",
        },
        "",
    ),
    # 3.6.1: time_format's stray quote costs that attribute's second half, nothing else.
    (
        f'{DECL} <osd enable="1" color="1" fontsize="1" title_pos_type="1" title_pos_x="1" '
        'title_pos_y="0" show_res_bit="0" time_pos_type="1" time_pos_x="1" time_pos_y="0" '
        'show_week="1" time_format="yyyy-mm-dd" hh:mm:ss" title_utf8="XXXXXXXXXX"/>',
        "osd",
        {
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
            "time_format": "yyyy-mm-dd",
            "title_utf8": "XXXXXXXXXX",
        },
        "",
    ),
    # 3.6.3
    (
        f'{DECL} <image brightness="128" contrast="128" saturation="128" sharpness="128"/>',
        "image",
        {"brightness": "128", "contrast": "128", "saturation": "128", "sharpness": "128"},
        "",
    ),
    # 3.6.4: blockcount's missing quote swallows areavalue; the others survive.
    (
        f'{DECL} <motion enable="1" sensitivity="80" alarmthreshold="20" enable_nighttime="1" '
        'night_sensitivity="80" night_alarmthreshold="22" blockcount="22x18 '
        'areavalue="xxxxxxxxxx"/>',
        "motion",
        {
            "enable": "1",
            "sensitivity": "80",
            "alarmthreshold": "20",
            "enable_nighttime": "1",
            "night_sensitivity": "80",
            "night_alarmthreshold": "22",
            "blockcount": "22x18 areavalue=",
        },
        "",
    ),
    # 3.6.5, 3.6.6
    (f"{DECL} <user_management>OK</user_management>", "user_management", {}, "OK"),
    (
        f'{DECL} <RtmpConfig Enable="1" Streamno="0" Server="192.168.2.12" Port="98" '
        'Appname="live5" Streamid="55" Type="1"/>',
        "RtmpConfig",
        {
            "Enable": "1",
            "Streamno": "0",
            "Server": "192.168.2.12",
            "Port": "98",
            "Appname": "live5",
            "Streamid": "55",
            "Type": "1",
        },
        "",
    ),
    # 3.7.1, 3.7.2
    (f"{DECL} <ptz_ctrl>true</ptz_ctrl>", "ptz_ctrl", {}, "true"),
    (f"{DECL} <connect_check>true</connect_check>", "connect_check", {}, "true"),
    # 3.7.10
    (
        f"{DECL} <SetUidValidTime>Uid valid time is 60 sec</SetUidValidTime>",
        "SetUidValidTime",
        {},
        "Uid valid time is 60 sec",
    ),
    # 3.7.12
    (f'{DECL} <RtspConfig rtsp_auth="1"/>', "RtspConfig", {"rtsp_auth": "1"}, ""),
    # 3.7.13, 3.7.14
    (f"{DECL} <RelayStatus>status=1</RelayStatus>", "RelayStatus", {}, "status=1"),
    (f"{DECL} <RelayStatus> set status=1</RelayStatus>", "RelayStatus", {}, "set status=1"),
    # 3.7.15, 3.7.16
    (
        f"{DECL} <setShutterSpeed>Set dayShutterMode=1, dayShutterSpeed=100, "
        "nightShutterMode=1, nightShutterSpeed=100</setShutterSpeed>",
        "setShutterSpeed",
        {},
        "Set dayShutterMode=1, dayShutterSpeed=100, nightShutterMode=1, nightShutterSpeed=100",
    ),
    (
        f"{DECL} <setDeviceName>Set device name(xxxxx) successful!</setDeviceName>",
        "setDeviceName",
        {},
        "Set device name(xxxxx) successful!",
    ),
]


def _spec_answer(tag: str) -> str:
    """The spec's printed answer of element `tag`."""
    return next(body for body, answer_tag, *_ in SPEC_ANSWERS if answer_tag == tag)


# 3.7.8 and 3.7.3: answers nesting elements; the outer one is the answer.
SPEC_SERVICE_PORT = (
    f'{DECL} <MediaStreamConfig> <StreamAccess enable_web="1" enable_rtsp="1" '
    'enable_comm="1" enable_hik="1" /> </MediaStreamConfig>'
)
SPEC_RECORD_CONFIG = (
    f'{DECL} <RecordConfig> <Common LocalEnable="1" RemoteEnable="0" MountParam="" '
    'RecordFileSize="10"/> <ScheduleRecord Stream="1" LocalStore="1" RemoteStore="0" '
    'JpegInterval="1"/> </RecordConfig>'
)
# 3.5.1, its cells joined.
SPEC_VIDEO_CAPABILITIES = f"""{DECL} <video_capabilities> <stream1> <encode_mode name="H264"> \
<resolution name="2592X1944"> <framerate_range>1-15</framerate_range> \
<bitrate_range>500-8000</bitrate_range> </resolution> <resolution name="1080P"> \
<framerate_range>1-30</framerate_range> <bitrate_range>500-6000</bitrate_range>
</resolution>
</encode_mode>
<encode_mode name="H265">
    <resolution name="2592X1944">

        <framerate_range>1-15</framerate_range>

        <bitrate_range>500-6000</bitrate_range>
            </resolution>
            <resolution name="1080P">

                <framerate_range>1-30</framerate_range>

                <bitrate_range>500-4000</bitrate_range>
                    </resolution>
                    </encode_mode>
</stream1>
<stream2>
    <encode_mode name="H264">
        <resolution name="VGA">

            <framerate_range>1-30</framerate_range>

            <bitrate_range>50-2000</bitrate_range>
                </resolution>
                <resolution name="480X360">

                    <framerate_range>1-30</framerate_range>

                    <bitrate_range>50-2000</bitrate_range>
                        </resolution>
                        </encode_mode>
                        <encode_mode name="H265">
                            <resolution name="VGA">

                                <framerate_range>1-30</framerate_range>
 <bitrate_range>50-2000</bitrate_range> </resolution> <resolution name="480X360"> \
<framerate_range>1-30</framerate_range> <bitrate_range>50-2000</bitrate_range> </resolution> \
</encode_mode> </stream2> </video_capabilities>"""
# 3.7.11: the closing tag wrapped by the table ("ManualInputA larm").
SPEC_MANUAL_ALARM = f"{DECL} <ManualInputAlarm>successful</ManualInputA larm>"

# (answer, the camera's reason) of every fault the spec prints.
SPEC_FAULTS: list[tuple[str, str]] = [
    (SPEC_FAULT, "describe the reason"),
    (_fault("/cgi-bin/getuid", "error, parse parameters"), "error, parse parameters"),
    (_fault("/cgi-bin/getuid", "error, parse username", close=""), "error, parse username"),
    (_fault("/cgi-bin/getuid", "error, parse password"), "error, parse password"),
    (_fault("/cgi-bin/keep_alive", "error, parse parameters"), "error, parse parameters"),
    (_fault("/cgi-bin/keep_alive", "error, parse uid"), "error, parse uid"),
    (
        f"{DECL} <fault> <value>/cgi-bin/factory_reset</value> "
        "<reason>retain_network 0 or 1</reason> </fault>",
        "retain_network 0 or 1",
    ),
    (_fault("/cgi-bin/factory_reset", "retain_network : NULL"), "retain_network : NULL"),
    (
        f"{DECL} <fault> <value>/cgi-bin/network</value > <reason>dhcp: 0 or 1</reason> </fault>",
        "dhcp: 0 or 1",
    ),
    (_fault("/cgi-bin/time", "timezone error"), "timezone error"),
    (_fault("/cgi-bin/audioencoder", "enable: 0 or 1"), "enable: 0 or 1"),
    (_fault("/cgi-bin/osd", "enable: 0 or 1"), "enable: 0 or 1"),
    (_fault("/cgi-bin/userosd", "enable: 0 or 1"), "enable: 0 or 1"),
    (_fault("/cgi-bin/image", "brightness range: 0-255"), "brightness range: 0-255"),
    (_fault("/cgi-bin/motion", "enable: 0 or 1"), "enable: 0 or 1"),
    (
        _fault("/cgi-bin/user_management", "action: add or edit or delete"),
        "action: add or edit or delete",
    ),
    (
        f"{DECL} <fault> <value>/cgi-bin/user_management</value> <reason>The parameters must "
        "include name,newpasswd,privilege,enable</reason> > </fault>",
        "The parameters must include name,newpasswd,privilege,enable",
    ),
    (_fault("/cgi-bin/rtmp", "port range: 0-65535"), "port range: 0-65535"),
    (_fault("/cgi-bin/ptz_ctrl", "move_x range: -1,0,1"), "move_x range: -1,0,1"),
    (_fault("/cgi-bin/connect_check", "error, invalid addr"), "error, invalid addr"),
    (_fault("/cgi-bin/setScheduleStorage", "enable: 0,1 "), "enable: 0,1"),
    (_fault("/cgi-bin/snapshot", "upload 0 or 1 or 2 or 3"), "upload 0 or 1 or 2 or 3"),
    (_fault("/cgi-bin/snapshot", "Ftp not deploy"), "Ftp not deploy"),
    (_fault("/cgi-bin/snapshot", "sd card not mounted"), "sd card not mounted"),
    (_fault("/cgi-bin/snapshot", "NFS Server not mounted"), "NFS Server not mounted"),
    (_fault("/cgi-bin/set_led", "ircutmode: 0 ~ 5"), "ircutmode: 0 ~ 5"),
    (_fault("/cgi-bin/set_led", "not find param time"), "not find param time"),
    (_fault("/cgi-bin/set_led", "error param time"), "error param time"),
    (_fault("/cgi-bin/set_led", "brightness: 0 ~ 100"), "brightness: 0 ~ 100"),
    (_fault("/cgi-bin/set_led", "not find param brightness "), "not find param brightness"),
    (_fault("/cgi-bin/set_service_port", "enable_web: 0 ~ 1"), "enable_web: 0 ~ 1"),
    (_fault("/cgi-bin/rtsp ", " rtsp_auth: 0 or 1 ", close=""), "rtsp_auth: 0 or 1"),
    (
        _fault("/cgi-bin/setShutterSpeed ", " dayShutterMode: 0 or 1 ", close=""),
        "dayShutterMode: 0 or 1",
    ),
    (
        _fault("/cgi-bin/setShutterSpeed ", " nightShutterSpeed: : 10 or 10000 ", close=""),
        "nightShutterSpeed: : 10 or 10000",
    ),
    (
        _fault("/cgi-bin/setDeviceName ", "set device name failed! ", close=""),
        "set device name failed!",
    ),
]
SPEC_UID_ERROR = _fault("/cgi-bin/keep_alive", "uid error")
SPEC_PASSWORD_ERROR = _fault("/cgi-bin/getuid", "password error")
# 3.7.13's failure: no fault, HTTP 400.
SPEC_RELAY_FAIL = f"{DECL} <RelayStatus>Get status(0) fail</RelayStatus>"

ALL_SPEC_BODIES: list[str] = [
    *(answer for answer, *_ in SPEC_ANSWERS),
    *(answer for answer, _ in SPEC_FAULTS),
    SPEC_SERVICE_PORT,
    SPEC_RECORD_CONFIG,
    SPEC_VIDEO_CAPABILITIES,
    SPEC_MANUAL_ALARM,
    SPEC_UID_ERROR,
    SPEC_PASSWORD_ERROR,
    SPEC_RELAY_FAIL,
]


# --- parse_answer on the spec's answers ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "tag", "attrs", "text"), SPEC_ANSWERS, ids=[a[1] for a in SPEC_ANSWERS]
)
def test_spec_answers(body: str, tag: str, attrs: dict[str, str], text: str) -> None:
    """Each printed answer gives its element's tag, attributes and text."""
    answer = parse_answer(body)
    assert answer.tag == tag
    assert dict(answer.attrs) == attrs
    assert answer.text.strip() == text
    assert fault_reason(answer) is None
    assert check_answer("/cgi-bin/x", 200, body) == answer


def test_spec_osd_keeps_every_attribute_but_the_broken_one() -> None:
    """3.6.1's stray quote: title_utf8 after it still reads, time_format keeps its date."""
    answer = parse_answer(_spec_answer("osd"))
    assert answer.tag == "osd"
    assert answer.attrs["title_utf8"] == "XXXXXXXXXX"
    assert answer.attrs["show_week"] == "1"
    assert "hh:mm:ss" not in answer.attrs


def test_spec_motion_keeps_every_attribute_before_the_broken_one() -> None:
    """3.6.4's missing quote: the six settings before blockcount are all read."""
    answer = parse_answer(_spec_answer("motion"))
    assert answer.attrs["night_alarmthreshold"] == "22"
    assert answer.attrs["enable"] == "1"
    assert "areavalue" not in answer.attrs


def test_spec_answers_nesting_elements_give_the_outer_one() -> None:
    """3.7.8 and 3.7.3 nest elements: the answer is the outer one, the inner ones its text."""
    service = parse_answer(SPEC_SERVICE_PORT)
    assert service.tag == "MediaStreamConfig"
    assert service.attrs == {}
    assert '<StreamAccess enable_web="1"' in service.text
    record = parse_answer(SPEC_RECORD_CONFIG)
    assert record.tag == "RecordConfig"
    assert "<ScheduleRecord" in record.text
    video = parse_answer(SPEC_VIDEO_CAPABILITIES)
    assert video.tag == "video_capabilities"
    assert video.text.count("<encode_mode") == 4
    assert video.text.rstrip().endswith("</stream2>")


def test_spec_manual_alarm_with_its_wrapped_closing_tag() -> None:
    """3.7.11's `</ManualInputA larm>`: the element is found, its text begins with the word."""
    answer = check_answer("/cgi-bin/setManualInputAlarm", 200, SPEC_MANUAL_ALARM)
    assert answer.tag == "ManualInputAlarm"
    assert answer.text.startswith("successful")


def test_answer_defaults() -> None:
    """An Answer without attributes or text has empty ones."""
    answer = Answer(tag="x")
    assert answer.attrs == {}
    assert answer.text == ""


@pytest.mark.parametrize(
    ("body", "tag", "text"),
    [
        ("<uid>ff2e45cd</uid>", "uid", "ff2e45cd"),
        ("\ufeff<uid>ff2e45cd</uid>", "uid", "ff2e45cd"),
        ('<?xml version="1.0"?>\r\n<!-- a comment <x/> -->\r\n<model>M</model>', "model", "M"),
        ("<?xml version='1.0'?><?other pi?><model>M</model >", "model", "M"),
        ("<model>unclosed", "model", "unclosed"),
        ("<model>a</ model>trailing", "model", "a"),
        ("<a.b-c_d>t</a.b-c_d>", "a.b-c_d", "t"),
    ],
)
def test_declarations_comments_and_loose_ends(body: str, tag: str, text: str) -> None:
    """Declarations and comments are skipped; a missing close tag leaves the rest as text."""
    answer = parse_answer(body)
    assert answer.tag == tag
    assert answer.text.strip() == text


def test_close_tag_search_is_case_insensitive_and_blank_tolerant() -> None:
    """`</ RelayStatus >` and `</relaystatus>` close `<RelayStatus>`."""
    assert parse_answer("<RelayStatus>status=1</ RelayStatus >x").text == "status=1"
    assert parse_answer("<RelayStatus>status=1</relaystatus>x").text == "status=1"


def test_an_inner_element_with_a_longer_name_does_not_close_the_answer() -> None:
    """`<a><ab>x</ab>y</a>`: the text is everything up to `</a>`."""
    assert parse_answer("<a><ab>x</ab>y</a>").text == "<ab>x</ab>y"


def test_attributes_spaced_around_the_equals_sign_and_unquoted_ones() -> None:
    """`a = "1"` reads; an unquoted or single-quoted value is skipped, the rest reads."""
    answer = parse_answer('<image a = "1" b=2 c=\'3\' d="4"\n\te=""/>')
    assert answer.attrs == {"a": "1", "d": "4", "e": ""}


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   \r\n",
        "OK",
        "true",
        "uid=ff2e45cd",
        "< uid>x</uid>",
        "<1abc/>",
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- only a comment -->",
        "<>",
        "</uid>",
    ],
)
def test_no_element_is_a_parse_error(body: str) -> None:
    """Text without an element is a ParseError, also through check_answer."""
    with pytest.raises(ParseError):
        parse_answer(body)
    with pytest.raises(ParseError):
        check_answer("/cgi-bin/x", 200, body)


@pytest.mark.parametrize(
    "body",
    [
        '<!DOCTYPE uid [<!ENTITY x "ff2e45cd">]><uid>&x;</uid>',
        '<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><body>login</body></html>',
        "<uid><![CDATA[ff2e45cd]]></uid>",
        "<uid>x</uid><!DOCTYPE y>",
        "<!-- unterminated comment <uid>x</uid>",
        '<!ENTITY lol "lol"><info sn="&lol;"/>',
    ],
)
def test_doctype_and_cdata_are_refused(body: str) -> None:
    """A DOCTYPE, CDATA or entity declaration is refused, never interpreted."""
    with pytest.raises(ParseError, match="DOCTYPE or CDATA"):
        parse_answer(body)


# --- entities -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("&lt;&gt;&quot;&apos;&amp;", "<>\"'&"),
        ("&amp;lt;", "&lt;"),
        ("&amp;amp;", "&amp;"),
        ("&amp;#65;", "&#65;"),
        ("&#65;&#x42;&#x6a;&#X43;", "ABj&#X43;"),
        ("&#x4F60;&#22909;", "你好"),
        ("&#1114111;", "\U0010ffff"),
        ("&#x10FFFF;", "\U0010ffff"),
        ("a&#0;b", "ab"),
        ("a&#x110000;b", "ab"),
        ("a&#1114112;b", "ab"),
        ("&#12345678;", "&#12345678;"),
        ("&#x1234567;", "&#x1234567;"),
        ("&#xZZ;&#;&#x;", "&#xZZ;&#;&#x;"),
        ("&nbsp;&copy;&unknown;&lol;", "&nbsp;&copy;&unknown;&lol;"),
        ("AT&T & co", "AT&T & co"),
        ("&lt", "&lt"),
    ],
)
def test_unescape(text: str, expected: str) -> None:
    """The five predefined entities and in-range character references; nothing else."""
    assert unescape(text) == expected


def test_entities_in_attributes_and_text() -> None:
    """Attribute values and text are unescaped, once."""
    answer = parse_answer('<osd title_utf8="&lt;cam&gt; &amp;amp; &#x4F60;" x="&quot;"/>')
    assert answer.attrs == {"title_utf8": "<cam> &amp; 你", "x": '"'}
    assert parse_answer("<model>A&amp;B &#38; C</model>").text == "A&B & C"


def test_a_character_reference_to_an_ampersand_is_unescaped_once() -> None:
    """`&#38;lt;` is the text `&lt;`, as `&amp;lt;` is."""
    assert unescape("&#38;lt;") == "&lt;"


# --- faults -------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "reason"), SPEC_FAULTS)
def test_spec_faults_give_their_reason(body: str, reason: str) -> None:
    """Each printed fault's reason, stripped; with HTTP 400 it is a RefusedError keeping it."""
    assert fault_reason(parse_answer(body)) == reason
    with pytest.raises(RefusedError) as info:
        check_answer("/cgi-bin/x", 400, body)
    assert info.value.reason == reason
    assert reason in str(info.value)
    assert str(info.value).startswith("/cgi-bin/x: ")


def test_a_fault_is_an_error_whatever_the_status() -> None:
    """A fault answered with HTTP 200 is still refused."""
    with pytest.raises(RefusedError) as info:
        check_answer("/cgi-bin/image", 200, _fault("/cgi-bin/image", "brightness range: 0-255"))
    assert info.value.reason == "brightness range: 0-255"


@pytest.mark.parametrize(
    "reason", ["uid error", "UID ERROR", "Uid Error", " uid error ", "uid\terror"]
)
def test_uid_error_means_log_in_again(reason: str) -> None:
    """`uid error` (any case, surrounding blanks) is UidExpiredError, a ResponseError."""
    body = _fault("/cgi-bin/keep_alive", reason)
    if reason == "uid\terror":
        # Only the exact words count: a tab is another reason.
        with pytest.raises(RefusedError):
            check_answer("/cgi-bin/keep_alive", 400, body)
        return
    with pytest.raises(UidExpiredError) as info:
        check_answer("/cgi-bin/keep_alive", 400, body)
    assert isinstance(info.value, ResponseError)
    assert not isinstance(info.value, RefusedError)
    assert UID_ERROR == "uid error"


@pytest.mark.parametrize("reason", ["password error", "PASSWORD ERROR", "Password Error "])
def test_password_error_is_an_auth_error(reason: str) -> None:
    """`password error` (any case) is an AuthError, never a retry."""
    with pytest.raises(AuthError) as info:
        check_answer("/cgi-bin/getuid", 400, _fault("/cgi-bin/getuid", reason))
    assert not isinstance(info.value, ResponseError)
    assert PASSWORD_ERROR == "password error"


def test_spec_uid_and_password_errors() -> None:
    """The spec's own `uid error` and `password error` answers."""
    with pytest.raises(UidExpiredError):
        check_answer("/cgi-bin/keep_alive", 400, SPEC_UID_ERROR)
    with pytest.raises(AuthError):
        check_answer("/cgi-bin/getuid", 400, SPEC_PASSWORD_ERROR)


@pytest.mark.parametrize(
    "reason", ["uid errors", "no uid error", "password error!", "wrong password error"]
)
def test_reasons_merely_containing_the_words_are_refusals(reason: str) -> None:
    """Only the exact reasons map to a new login or an auth error."""
    with pytest.raises(RefusedError) as info:
        check_answer("/cgi-bin/x", 400, _fault("/cgi-bin/x", reason))
    assert info.value.reason == reason


def test_a_400_without_a_fault_takes_its_text_as_the_reason() -> None:
    """3.7.13's `Get status(0) fail` with HTTP 400: the text, blanks collapsed, is the reason."""
    with pytest.raises(RefusedError) as info:
        check_answer("/cgi-bin/getRelayStatus", 400, SPEC_RELAY_FAIL)
    assert info.value.reason == "Get status(0) fail"
    with pytest.raises(RefusedError) as info:
        check_answer("/cgi-bin/x", 400, "<x>\n  two\t words \n</x>")
    assert info.value.reason == "two words"


def test_a_400_without_fault_or_text_names_the_status() -> None:
    """An empty element with HTTP 400: the reason is the status."""
    with pytest.raises(RefusedError) as info:
        check_answer("/cgi-bin/x", 400, "<x/>")
    assert info.value.reason == "HTTP 400"


def test_check_answer_redacts_the_reason() -> None:
    """The caller's `redact` runs on the reason before it is mapped and shown."""
    body = _fault("/cgi-bin/getuid", "error, parse password hunter2")

    def redact(text: str) -> str:
        return text.replace("hunter2", "***")

    with pytest.raises(RefusedError) as info:
        check_answer("/cgi-bin/getuid", 400, body, redact)
    assert info.value.reason == "error, parse password ***"
    assert "hunter2" not in str(info.value)
    with pytest.raises(RefusedError) as info:
        check_answer("/cgi-bin/getuid", 400, body)
    assert info.value.reason == "error, parse password hunter2"
    assert check_answer("/x", 200, "<uid>hunter2</uid>", redact).text == "hunter2"


def test_a_400_without_a_fault_but_with_the_uid_error_text_is_a_uid_error() -> None:
    """The text of a non-fault 400 is mapped like a reason."""
    with pytest.raises(UidExpiredError):
        check_answer("/cgi-bin/x", 400, "<x>uid error</x>")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<fault><value>/x</value></fault>", "no reason given"),
        ("<fault/>", "no reason given"),
        ("<fault><reason>   </reason></fault>", "no reason given"),
        ("<FAULT><VALUE>/x</VALUE><REASON>shouting</REASON></FAULT>", "shouting"),
        ("<Fault><Reason>mixed</reason></Fault>", "mixed"),
        ("<fault><reason>a</reason><reason>b</reason></fault>", "b"),
        ("<fault><reason>x &amp; y</reason></fault>", "x & y"),
    ],
)
def test_fault_reason_variants(body: str, reason: str) -> None:
    """Case-insensitive tags, a missing or blank reason, entities in the reason."""
    assert fault_reason(parse_answer(body)) == reason


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "<fault><reason>brightness: 0 &lt;= x &lt;= 100</reason></fault>",
            "brightness: 0 <= x <= 100",
        ),
        ("<fault><reason>a &amp;lt; b</reason></fault>", "a &lt; b"),
    ],
)
def test_fault_reason_is_unescaped_once(body: str, reason: str) -> None:
    """A reason with an escaped `<` or `&` keeps the camera's words."""
    assert fault_reason(parse_answer(body)) == reason


# --- relay, MAC, flags, numbers, redaction ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("status=1", True),
        ("status=0", False),
        (" set status=1", True),
        (" set status=0", False),
        ("Set Status = 1\r\n", True),
        ("SET  STATUS=0", False),
        ("\tstatus =1 ", True),
    ],
)
def test_relay_status(text: str, state: bool) -> None:
    """3.7.13's `status=N` and 3.7.14's ` set status=N`: whether the relay is open."""
    assert parse_relay_status(text) is state


@pytest.mark.parametrize(
    "text",
    [
        "",
        "status=",
        "status=2",
        "status=10",
        "status=-1",
        "status=\uff11",
        "Get status(0) fail",
        "set status=1 ok",
        "status=1;status=0",
        "setstatus=1",
        "set status 1",
        "status: 1",
        "true",
    ],
)
def test_relay_status_garbage_is_a_parse_error(text: str) -> None:
    """Anything else is a ParseError."""
    with pytest.raises(ParseError):
        parse_relay_status(text)


@pytest.mark.parametrize(
    ("value", "mac"),
    [
        ("00-12-12-34-56-78", "00:12:12:34:56:78"),
        ("00:12:12:34:56:78", "00:12:12:34:56:78"),
        ("AA-BB-CC-DD-EE-0F", "aa:bb:cc:dd:ee:0f"),
        ("aA:Bb:cC:dD:eE:fE", "aa:bb:cc:dd:ee:fe"),
        (" 00-12-12-34-56-78\n", "00:12:12:34:56:78"),
        ("00-12:12-34:56-78", "00:12:12:34:56:78"),
    ],
)
def test_format_mac(value: str, mac: str) -> None:
    """Dash or colon, any case: lowercase and colon separated."""
    assert format_mac(value) == mac


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "00-00-00-00-00-00",
        "00:00:00:00:00:00",
        "FF-FF-FF-FF-FF-FF",
        "ff:ff:ff:ff:ff:ff",
        "XX-XX-XX-XX-XX-X X",
        "XX-XX-XX-XX-XX-XX",
        "001212345678",
        "00-12-12-34-56",
        "00-12-12-34-56-78-9a",
        "00_12_12_34_56_78",
        "0-12-12-34-56-78",
        "000-12-12-34-56-78",
        "\uff10\uff10-12-12-34-56-78",
        "mac 00-12-12-34-56-78",
    ],
)
def test_format_mac_rejects_what_is_no_usable_mac(value: str | None) -> None:
    """All-zero, broadcast and anything that is no MAC give None."""
    assert format_mac(value) is None


@pytest.mark.parametrize(
    ("value", "flag"),
    [
        ("1", True),
        ("0", False),
        (" 1 ", True),
        ("0\n", False),
        (None, None),
        ("", None),
        ("2", None),
        ("01", None),
        ("true", None),
        ("on", None),
        ("-1", None),
        ("\uff11", None),
    ],
)
def test_parse_flag(value: str | None, flag: bool | None) -> None:
    """`1`/`0` (blanks around allowed) as a bool; None for anything else."""
    assert parse_flag(value) is flag


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("128", 128),
        ("0", 0),
        ("-1", -1),
        (" 7 ", 7),
        ("007", 7),
        ("999999999", 999999999),
        ("-999999999", -999999999),
        ("1000000000", None),
        ("+1", None),
        ("1.0", None),
        ("1e3", None),
        ("0x10", None),
        ("", None),
        ("-", None),
        (None, None),
        ("١٢", None),
        ("²", None),
        ("1 2", None),
    ],
)
def test_parse_whole(value: str | None, number: int | None) -> None:
    """A plain ASCII decimal of up to nine digits; None for anything else."""
    assert parse_whole(value) == number


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (f"{DECL}\n<uid>ff2e45cd</uid>\n", f"{DECL}\n<uid>**REDACTED**</uid>\n"),
        ("<UID>ff2e45cd</Uid>", "<UID>**REDACTED**</Uid>"),
        ("<uid></uid>", "<uid>**REDACTED**</uid>"),
        ("<uid>a</uid><uid>b</uid>", "<uid>**REDACTED**</uid><uid>**REDACTED**</uid>"),
        ("<keep_alive>true</keep_alive>", "<keep_alive>true</keep_alive>"),
        ("uid=ff2e45cd", "uid=ff2e45cd"),
    ],
)
def test_redact_uid(text: str, redacted: str) -> None:
    """The uid of a getuid answer is blanked; other text is kept."""
    assert redact_uid(text) == redacted


# --- fuzzing: any text in, a typed error or a well-formed result out -----------------------

_NAME = re.compile(r"[A-Za-z_][\w.-]*")
_MAC = re.compile(r"(?:[0-9a-f]{2}:){5}[0-9a-f]{2}")
_TOKENS = [
    "<",
    ">",
    "/",
    "/>",
    "</",
    "?",
    "<?",
    "?>",
    "<!--",
    "-->",
    "<!",
    "<![CDATA[",
    "]]>",
    "=",
    '"',
    "'",
    " ",
    "\t",
    "\r\n",
    "\n",
    "&",
    "&#",
    "&#x",
    ";",
    "&amp;",
    "&lt;",
    "&#38;",
    "&#x110000;",
    "&#0;",
    "xml",
    "fault",
    "value",
    "reason",
    "uid",
    "UID",
    "error",
    "password",
    "RelayStatus",
    "status=1",
    " set status=0",
    "image",
    "brightness",
    "a",
    "_",
    "-",
    ".",
    "1",
    "0",
    "128",
    "é",
    "你",
    "\u00b2",
    "\x00",
    "\ufeff",
    "\ud800",
]


def _token_soup(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(_TOKENS) for _ in range(length))


def _char_soup(rng: random.Random, length: int) -> str:
    alphabet = string.printable + "<>/=\"'&;#?!-é你\x00\ufeff"
    return "".join(rng.choice(alphabet) for _ in range(length))


def _byte_soup(rng: random.Random, length: int) -> str:
    raw = bytes(rng.randrange(256) for _ in range(length))
    # As HttpResponse.text() decodes a body: UTF-8 where valid, else Latin-1.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _mutate(rng: random.Random, text: str) -> str:
    """A few random edits: deletions, insertions, duplications, swaps, truncation."""
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        edit = rng.randrange(6)
        if edit == 0:
            del chars[i]
        elif edit == 1:
            chars.insert(i, rng.choice(_TOKENS))
        elif edit == 2:
            j = rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
        elif edit == 3:
            chars[i:i] = chars[i : i + rng.randint(1, 20)]
        elif edit == 4:
            chars = chars[: rng.randint(0, len(chars))]
        else:
            chars[i] = rng.choice("<>\"'&/= ")
    return "".join(chars)


def _checked(status: int, text: str) -> Answer | CameraError:
    """check_answer's answer, or the documented error it raised (any other propagates)."""
    try:
        return check_answer("/cgi-bin/x", status, text)
    except (RefusedError, UidExpiredError, ParseError, AuthError) as err:
        return err


def _decode_all(text: str) -> None:
    """Every decoder on `text`: a well-formed result, or one of its documented errors."""
    try:
        answer = parse_answer(text)
    except ParseError:
        pass
    else:
        assert _NAME.fullmatch(answer.tag)
        assert all(_NAME.fullmatch(name) for name in answer.attrs)
        assert all(isinstance(value, str) for value in answer.attrs.values())
        reason = fault_reason(answer)
        assert reason is None or (reason and reason == reason.strip())
    for status in (200, 400):
        outcome = _checked(status, text)
        if isinstance(outcome, RefusedError):
            assert outcome.reason
            assert outcome.reason == outcome.reason.strip()
        elif isinstance(outcome, Answer):
            assert status < 300
            assert fault_reason(outcome) is None
    with contextlib.suppress(ParseError):
        assert isinstance(parse_relay_status(text), bool)
    mac = format_mac(text)
    assert mac is None or _MAC.fullmatch(mac)
    assert parse_flag(text) in (None, True, False)
    number = parse_whole(text)
    assert number is None or abs(number) < 10**9
    redacted = redact_uid(text)
    assert all(m == "**REDACTED**" for m in re.findall(r"(?i)<uid>([^<]*)</uid>", redacted))
    assert isinstance(unescape(text), str)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_token_soup_gives_typed_errors_only(seed: int) -> None:
    """Random XML-ish token soup: a well-formed result or ParseError/ResponseError/AuthError."""
    rng = random.Random(seed)
    for _ in range(1500):
        _decode_all(_token_soup(rng, rng.randint(0, 40)))


@pytest.mark.parametrize("seed", [4, 5])
def test_char_soup_gives_typed_errors_only(seed: int) -> None:
    """Random printable text with XML's special characters."""
    rng = random.Random(seed)
    for _ in range(1500):
        _decode_all(_char_soup(rng, rng.randint(0, 120)))


@pytest.mark.parametrize("seed", [6, 7])
def test_byte_soup_gives_typed_errors_only(seed: int) -> None:
    """Random bytes, decoded as the transport decodes a body."""
    rng = random.Random(seed)
    for _ in range(1500):
        _decode_all(_byte_soup(rng, rng.randint(0, 120)))


@pytest.mark.parametrize("seed", [8, 9, 10])
def test_mutated_spec_answers_give_typed_errors_only(seed: int) -> None:
    """The spec's answers with random edits."""
    rng = random.Random(seed)
    for _ in range(1500):
        _decode_all(_mutate(rng, rng.choice(ALL_SPEC_BODIES)))


@pytest.mark.parametrize("body", ALL_SPEC_BODIES)
def test_every_spec_body_passes_the_invariants(body: str) -> None:
    """The unmutated spec answers, through every decoder."""
    _decode_all(body)


def test_attributes_round_trip() -> None:
    """Attributes written with the five escapes read back as they were."""
    rng = random.Random(11)
    alphabet = string.ascii_letters + string.digits + " <>&\"'#;:/-_.你é"
    for _ in range(500):
        attrs = {
            f"{rng.choice(string.ascii_letters)}{i}": "".join(
                rng.choice(alphabet) for _ in range(rng.randint(0, 12))
            )
            for i in range(rng.randint(0, 6))
        }
        escaped = {
            name: value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&quot;")
            for name, value in attrs.items()
        }
        body = f"{DECL}\n<cfg{''.join(f' {n}="{v}"' for n, v in escaped.items())}/>\n"
        answer = parse_answer(body)
        assert answer.tag == "cfg"
        assert dict(answer.attrs) == attrs


# --- linear time: big answers parse in a blink ----------------------------------------------

BIG = 200_000


def _timed(func: Callable[[str], object], text: str) -> float:
    started = time.perf_counter()
    with contextlib.suppress(ResponseError, AuthError):
        func(text)
    return time.perf_counter() - started


def _repeat(unit: str, size: int = BIG) -> str:
    return unit * (size // len(unit) + 1)


_BIG_INPUTS: dict[str, Callable[[], str]] = {
    "spec answers": lambda: "".join(ALL_SPEC_BODIES) * (BIG // len("".join(ALL_SPEC_BODIES)) + 1),
    "long attribute value": lambda: f'<info sn="{"x" * BIG}"/>',
    "many attributes": lambda: f"<info{_repeat(' a="1"')}/>",
    "long text": lambda: f"<model>{'M' * BIG}</model>",
    "unclosed text": lambda: f"<model>{'M' * BIG}",
    "many elements": lambda: _repeat("<a/>"),
    "many opening brackets": lambda: _repeat("<a"),
    "many equals signs": lambda: f"<x {_repeat('a=')}>",
    "many entities": lambda: f"<model>{_repeat('&amp;&#65;&lt;')}</model>",
    "many broken references": lambda: f"<model>{_repeat('&#9999999')}</model>",
    "fault with a long reason": lambda: f"<fault><reason>{'r' * BIG}</reason></fault>",
    "many reasons": lambda: f"<fault>{_repeat('<reason>r</reason>')}</fault>",
    "unclosed reasons": lambda: f"<fault>{_repeat('<reason>r')}</fault>",
    "many declarations": lambda: _repeat("<?x?>") + "<uid>u</uid>",
    "many comments": lambda: _repeat("<!---->") + "<uid>u</uid>",
    "token soup": lambda: _token_soup(random.Random(12), BIG // 4),
    "byte soup": lambda: _byte_soup(random.Random(13), BIG),
}


@pytest.mark.parametrize("make", list(_BIG_INPUTS.values()), ids=list(_BIG_INPUTS))
def test_big_answers_parse_in_linear_time(make: Callable[[], str]) -> None:
    """A 200 kB answer goes through every decoder well under 2 s (a robustness bound)."""
    text = make()
    assert len(text) >= BIG // 2
    for func in (
        parse_answer,
        lambda body: check_answer("/cgi-bin/x", 400, body),
        parse_relay_status,
        format_mac,
        parse_whole,
        redact_uid,
        unescape,
    ):
        assert _timed(func, text) < 2.0


# Inputs on which parse_answer's regular expressions backtrack quadratically: ~10-20 kB
# already take a good half second (200 kB: minutes, the event loop blocked all along).
_QUADRATIC: dict[str, str] = {
    "unterminated declarations": "<?" * 7_000,
    "unterminated comments": "<!--" * 6_000,
    "an attribute name without a value": "<x " + "a" * 8_000 + "/>",
    "an unclosed tag of blanks": "<a" + " " * 8_000,
}


@pytest.mark.parametrize("text", list(_QUADRATIC.values()), ids=list(_QUADRATIC))
def test_hostile_answers_parse_in_linear_time(text: str) -> None:
    """Under 25 kB of hostile text parses in far less than 50 ms (a linear parser: ~1 ms)."""
    assert _timed(parse_answer, text) < 0.05
