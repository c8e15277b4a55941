"""Specification of the pure Grandstream GSC36xx decoding: answers in, values and errors out."""

from __future__ import annotations

import contextlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

from custom_components.ipcam_cgi.client.errors import (
    AuthError,
    LockedOutError,
    NotSupportedError,
    ParseError,
    ResponseError,
)
from custom_components.ipcam_cgi.client.models import SettingKind, SettingValue
from custom_components.ipcam_cgi.client.transport import HttpResponse
from custom_components.ipcam_cgi.client.vendors.grandstream.parse import (
    SECRET_PARAMS,
    ConfigAnswer,
    SessionGoneError,
    check_res_code,
    format_mac,
    is_login_page,
    parse_configuration,
    parse_int,
    parse_uptime,
    redact_config,
)
from custom_components.ipcam_cgi.client.vendors.grandstream.session import (
    ADMIN_SALT,
    MEDIA_SALT,
    authcode,
    cookie_header,
    session_cookies,
)
from custom_components.ipcam_cgi.client.vendors.grandstream.settings import (
    CATALOGUE,
    GSC3620_MODULES,
    MODULES,
    SETTINGS,
    SETTINGS_BY_KEY,
    GsSetting,
    is_gsc3620,
)

REDACTED = "**REDACTED**"

# --- the spec's own example answers, verbatim ("GSC36XX HTTP API" 1.0.0.19) ---------------

SPEC_SYSINFO = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P89>GSC3610</P89>
<P917>V1.5A</P917>
<P1397>9650001415A</P1397>
<P70>1.0.3.1</P70>
<P45>1.0.3.1</P45>
<P68>1.0.3.1</P68>
<P15009>1 hour 31 minutes</P15009>
<P499>0</P499>
</Configuration>
"""

SPEC_NET = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P67>00:0B:82:AB:CC:BA</P67>
<P8>0</P8>
<P9>192</P9>
<P10>168</P10>
<P11>86</P11>
<P12>3</P12>
<P13>255</P13>
<P14>255</P14>
<P15>255</P15>
<P16>0</P16>
<P17>192</P17>
<P18>168</P18>
<P19>86</P19>
<P20>1</P20>
<P10107>0</P10107>
<P21>192</P21>
<P22>168</P22>
<P23>84</P23>
<P24>217</P24>
<P25>192</P25>
<P26>168</P26>
<P27>10</P27>
<P28>253</P28>
</Configuration>
"""

SPEC_EVENT = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P10250>0</P10250>
<P14221>0</P14221>
<P14222>1</P14222>
<P14223>50</P14223>
<P14224>[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0],[0,0,0,0]</P14224>
<P14320>0</P14320>
<P14321>0</P14321>
<P14322>1</P14322>
<P14325>0</P14325>
<P14326>0</P14326>
<P14327>1</P14327>
<P903>554</P903>
<P3>admin</P3>
<P2>123</P2>
<P14200>schedule1,0@0000@2359,</P14200>
<P14201>schedule2,0@0000@2359,</P14201>
<P14202>schedule3,0@0000@2359,</P14202>
<P14203>schedule4,0@0000@2359,</P14203>
<P14204>schedule5,0@0000@2359,</P14204>
<P14205>schedule6,0@0000@2359,</P14205>
<P14206>schedule7,0@0000@2359,</P14206>
<P14207>schedule8,0@0000@2359,</P14207>
<P14208>schedule9,0@0000@2359,</P14208>
<P14209>schedule10,0@0000@2359,</P14209>
<P14300>profile1@0,0,0,0,0,0</P14300>
<P14301>profile2@0,0,0,0,0,0,</P14301>
<P14302>profile3@0,0,0,0,0,0,</P14302>
<P14303>profile4@0,0,0,0,0,0,</P14303>
<P14304>profile5@0,0,0,0,0,0,</P14304>
<P14305>profile6@0,0,0,0,0,0,</P14305>
<P14306>profile7@0,0,0,0,0,0,</P14306>
<P14307>profile8@0,0,0,0,0,0,</P14307>
<P14308>profile9@0,0,0,0,0,0,</P14308>
<P14309>profile10@0,0,0,0,0,0,</P14309>
<P10467>0</P10467>
<P10466>N</P10466>
<P14341>5</P14341>
<P10468>1</P10468>
<P10469></P10469>
<P14350>0</P14350>
<P14355>1</P14355>
<P14354></P14354>
<P14825>1</P14825>
<P14826>1</P14826>
<P15407>1</P15407>
<P15408>1</P15408>
</Configuration>
"""

# "7. White List": the same element once per entry.
SPEC_WHITE_LIST = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P10460>1111</P10460>
<P10460>2222</P10460>
<P10460>3333</P10460>
</Configuration>
"""

# "24. Trusted CA Certificates": every opening tag says P8433, the closing tags differ.
SPEC_TRUSTEDCA = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P8433></P8433>
<P8433></P8434>
<P8433></P8435>
<P8433></P8436>
<P8433></P8437>
<P8433></P8438>
<P8475></P8475>
</Configuration>
"""

# "2. Date and Time": `</P246/>` closing tags.
SPEC_DATE = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P64>16</P64>
<P246></P246/>
<P5006>1</P5006>
<P30>pool.ntp.org</P30>
<P10006>1440</P10006>
<P10004>0</P10004>
<P10005></P10005/>
<P10008>0</P10008>
<P14040>2017</P14040>
<P14041>6</P14041>
<P14042>3</P14042>
<P14043>9</P14043>
<P14044>37</P14044>
<P14045>33</P14045>
</Configuration>
"""

# "28. TR069": self-closing empty values.
SPEC_TR069 = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P1409>1</P1409>
<P4503>https://acs.gdms.cloud/</P4503>
<P4504/>
<P4505>N</P4505>
<P4506>1</P4506>
<P4507>86400</P4507>
<P4511>C074AD1DB1F9</P4511>
<P4512>Y</P4512>
<P4518>7547</P4518>
<P8220/>
<P8221/>
</Configuration>
"""

# "12. Privacy Masks": the value is broken over two lines.
SPEC_PRIVACY = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P14225>0@0,0,0,0;0@0,0,0,0;0@0,0,0,0;0@0,0,0,0
;:</P14225>
</Configuration>
"""

# "Snapshots", step 2: the malformed declaration, indented elements.
SPEC_MEDIA_LOGIN = b"""<?xml version="1.0"encoding="UTF-8" ?>
<Configuration>
    <ResCode>0</ResCode>
    <RetMsg>OK</RetMsg>
</Configuration>
"""

# "MJPEG Stream", step 2: the IDCode value starts with a space; RetMsg is empty.
SPEC_MJPEG_CHALLENGE = b"""<?xml version="1.0" encoding="UTF-8" ?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg></RetMsg>
<ChallengeCode>9c07f92ea2ab55c2d7ef433e5fa163a0</ChallengeCode>
<IDCode> QDOJBDQBT8MJ7WRVCZ7L</IDCode>
</Configuration>
"""

# "Other Data API": neither declaration nor ResCode.
SPEC_OTHER_DATA = b"""<Configuration>
    <MD_STATUS>1</MD_STATUS>
    <RetMsg>OK</RetMsg>
</Configuration>
"""

# "4. Access Settings": the example is split over two code blocks; the first one ends
# without its closing tag.
SPEC_ACCESS_FIRST_BLOCK = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P12054>0</P12054>
<P901>80</P901>
<P903>554</P903>
<P12056>60</P12056>
<P14832>5</P14832>
<P14834>5</P14834>
<P12052>1</P12052>
<P12053>1</P12053>
"""

# "23. Event Notification": indented elements, the URL with a scheme.
SPEC_LOG = b"""<?xml version="1.0" encoding="utf-8"?>
<Configuration>
<ResCode>0</ResCode>
<RetMsg>OK</RetMsg>
<P15410>1</P15410>
  <P15413>http://192.168.1.2:80/</P15413>
  <P15414>admin</P15414>
  <P15415>admin</P15415>
</Configuration>
"""


def _xml(*elements: tuple[str, str]) -> bytes:
    inner = "".join(f"<{name}>{value}</{name}>" for name, value in elements)
    return f'<?xml version="1.0" encoding="UTF-8" ?><Configuration>{inner}</Configuration>'.encode()


def _answer(code: int | None, message: str = "") -> ConfigAnswer:
    return ConfigAnswer(res_code=code, message=message)


# --- parse_configuration: the spec's examples ---------------------------------------------


def test_spec_sysinfo_example_parses() -> None:
    answer = parse_configuration(SPEC_SYSINFO)
    assert answer.res_code == 0
    assert answer.message == "OK"
    assert answer.values == {
        "P89": ["GSC3610"],
        "P917": ["V1.5A"],
        "P1397": ["9650001415A"],
        "P70": ["1.0.3.1"],
        "P45": ["1.0.3.1"],
        "P68": ["1.0.3.1"],
        "P15009": ["1 hour 31 minutes"],
        "P499": ["0"],
    }


def test_spec_net_example_reads_the_mac_and_every_address_byte() -> None:
    answer = parse_configuration(SPEC_NET)
    assert answer.get("P67") == "00:0B:82:AB:CC:BA"
    assert len(answer.values) == 23
    assert [answer.get(f"P{n}") for n in (9, 10, 11, 12)] == ["192", "168", "86", "3"]


def test_spec_event_example_reads_every_element_with_its_odd_values() -> None:
    answer = parse_configuration(SPEC_EVENT)
    assert len(answer.values) == SPEC_EVENT.count(b"\n<P") == 46
    assert answer.get("P2") == "123"
    assert answer.get("P14224") == ",".join(["[0,0,0,0]"] * 8)
    # The first profile lacks the trailing comma of the others: kept as printed.
    assert answer.get("P14300") == "profile1@0,0,0,0,0,0"
    assert answer.get("P14301") == "profile2@0,0,0,0,0,0,"
    assert answer.get("P14200") == "schedule1,0@0000@2359,"
    assert answer.get("P10469") == ""
    assert answer.get("P10466") == "N"


def test_spec_white_list_example_returns_repeated_elements_as_a_list() -> None:
    answer = parse_configuration(SPEC_WHITE_LIST)
    assert answer.all("P10460") == ["1111", "2222", "3333"]
    assert answer.get("P10460") == "1111"


def test_all_returns_a_copy_and_an_empty_list_for_an_absent_element() -> None:
    answer = parse_configuration(SPEC_WHITE_LIST)
    answer.all("P10460").append("4444")
    assert answer.all("P10460") == ["1111", "2222", "3333"]
    assert answer.all("P9999") == []
    assert answer.get("P9999") is None


def test_spec_trustedca_example_with_mismatched_closing_tags_parses() -> None:
    answer = parse_configuration(SPEC_TRUSTEDCA)
    assert answer.all("P8433") == [""] * 6
    assert answer.get("P8475") == ""
    assert "P8434" not in answer.values


def test_spec_date_example_with_slash_closing_tags_parses() -> None:
    answer = parse_configuration(SPEC_DATE)
    assert answer.get("P246") == ""
    assert answer.get("P10005") == ""
    # The element after each odd one is still read.
    assert answer.get("P5006") == "1"
    assert answer.get("P10008") == "0"
    assert answer.get("P30") == "pool.ntp.org"
    assert len(answer.values) == 14


def test_spec_tr069_self_closing_elements_are_empty_values() -> None:
    answer = parse_configuration(SPEC_TR069)
    assert answer.get("P4504") == ""
    assert answer.get("P8220") == ""
    assert answer.get("P8221") == ""
    assert answer.get("P4505") == "N"
    assert answer.get("P4503") == "https://acs.gdms.cloud/"


def test_spec_privacy_value_spanning_two_lines_is_one_value() -> None:
    answer = parse_configuration(SPEC_PRIVACY)
    assert answer.get("P14225") == "0@0,0,0,0;0@0,0,0,0;0@0,0,0,0;0@0,0,0,0\n;:"


def test_spec_malformed_xml_declaration_is_tolerated() -> None:
    answer = parse_configuration(SPEC_MEDIA_LOGIN)
    assert (answer.res_code, answer.message, answer.values) == (0, "OK", {})


def test_spec_mjpeg_challenge_values_are_stripped_and_an_empty_retmsg_is_empty() -> None:
    answer = parse_configuration(SPEC_MJPEG_CHALLENGE)
    assert answer.message == ""
    assert answer.get("IDCode") == "QDOJBDQBT8MJ7WRVCZ7L"
    assert answer.get("ChallengeCode") == "9c07f92ea2ab55c2d7ef433e5fa163a0"


def test_spec_other_data_answer_without_rescode_counts_as_success() -> None:
    answer = parse_configuration(SPEC_OTHER_DATA)
    assert answer.res_code is None
    assert answer.get("MD_STATUS") == "1"
    assert check_res_code(answer) is answer


def test_spec_access_example_without_closing_tag_still_parses() -> None:
    answer = parse_configuration(SPEC_ACCESS_FIRST_BLOCK)
    assert answer.get("P14834") == "5"
    assert answer.get("P12053") == "1"


def test_spec_log_example_with_indented_elements_parses() -> None:
    answer = parse_configuration(SPEC_LOG)
    assert answer.get("P15413") == "http://192.168.1.2:80/"
    assert answer.get("P15415") == "admin"


def test_rescode_and_retmsg_are_not_left_among_the_values() -> None:
    answer = parse_configuration(_xml(("ResCode", "6"), ("RetMsg", "bad"), ("P1", "x")))
    assert answer.res_code == 6
    assert answer.message == "bad"
    assert answer.values == {"P1": ["x"]}


def test_element_with_attributes_is_read() -> None:
    answer = parse_configuration(b'<Configuration><P1 a="b">v</P1></Configuration>')
    assert answer.get("P1") == "v"


def test_rescode_that_is_no_number_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="ResCode"):
        parse_configuration(_xml(("ResCode", "OK")))


# --- entities -----------------------------------------------------------------------------


def test_predefined_entities_and_character_references_are_decoded() -> None:
    body = b"<Configuration><P1>a &amp; b &lt;c&gt; &quot;d&apos; &#65;&#x42;&#x6a;</P1>"
    assert parse_configuration(body + b"</Configuration>").get("P1") == "a & b <c> \"d' ABj"


def test_an_escaped_ampersand_is_decoded_only_once() -> None:
    body = b"<Configuration><P1>&amp;lt; &amp;#65;</P1></Configuration>"
    assert parse_configuration(body).get("P1") == "&lt; &#65;"


def test_character_references_outside_unicode_are_dropped() -> None:
    body = b"<Configuration><P1>a&#0;b&#x110000;c&#9999999;d</P1></Configuration>"
    assert parse_configuration(body).get("P1") == "abcd"


def test_unknown_named_entity_is_kept_literally() -> None:
    body = b"<Configuration><P1>&nbsp;&copy;</P1></Configuration>"
    assert parse_configuration(body).get("P1") == "&nbsp;&copy;"


def _billion_laughs() -> bytes:
    declarations = ['<!ENTITY lol "lol">']
    for level in range(1, 10):
        previous = f"&lol{level - 1};" if level > 1 else "&lol;"
        declarations.append(f'<!ENTITY lol{level} "{previous * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n '
        + "\n ".join(declarations)
        + "\n]>\n<Configuration><ResCode>0</ResCode><P1>&lol9;</P1></Configuration>\n"
    ).encode()


BILLION_LAUGHS = _billion_laughs()


def test_declared_entities_are_never_expanded() -> None:
    started = time.perf_counter()
    answer = parse_configuration(BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert answer.res_code == 0
    assert answer.values == {"P1": ["&lol9;"]}


def test_external_entity_is_never_resolved() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<Configuration><P1>&xxe;</P1></Configuration>"
    )
    assert parse_configuration(body).values == {"P1": ["&xxe;"]}


# --- what is no Configuration answer ------------------------------------------------------

LOGIN_PAGES = [
    b"<html><head><title>Login</title></head><body><form action='/goform/login'></form>",
    b"<!DOCTYPE html>\n<html lang='en'><body>Login</body></html>",
    b"<!doctype HTML><title>x</title>",
    b"\n\n<HTML>\n<BODY>session expired</BODY></HTML>",
    b"<head><meta http-equiv='refresh' content='0;url=/login.html'></head>",
    b"< form method=post action=/goform/login>",
]


def test_html_login_page_means_the_session_is_gone() -> None:
    for body in LOGIN_PAGES:
        assert is_login_page(body), body
        with pytest.raises(SessionGoneError):
            parse_configuration(body)


def test_html_page_that_mentions_configuration_is_still_the_login_page() -> None:
    with pytest.raises(SessionGoneError):
        parse_configuration(b"<html><body><Configuration></Configuration></body></html>")


def test_login_page_is_looked_for_only_at_the_start_of_the_answer() -> None:
    body = b"<Configuration><P1>x</P1>" + b" " * 5000 + b"<html></Configuration>"
    assert not is_login_page(body)
    assert parse_configuration(body).get("P1") == "x"


def test_configuration_answer_is_no_login_page() -> None:
    assert not is_login_page(SPEC_SYSINFO)
    assert not is_login_page(b"<Configuration><Phtml>1</Phtml></Configuration>")


def test_answer_that_is_no_configuration_document_is_a_parse_error() -> None:
    for body in (b"", b"ok.", b'{"ResCode": 0}', b"\xff\xfe\x00garbage", b"<xml><P1/></xml>"):
        with pytest.raises(ParseError) as info:
            parse_configuration(body)
        assert not isinstance(info.value, SessionGoneError), body


def test_invalid_utf8_inside_a_value_is_replaced_not_fatal() -> None:
    answer = parse_configuration(b"<Configuration><P1>a\xffb</P1></Configuration>")
    assert answer.get("P1") == "a\ufffdb"


# --- check_res_code -----------------------------------------------------------------------


def test_rescode_zero_or_none_is_success() -> None:
    for code in (None, 0):
        answer = _answer(code, "OK")
        assert check_res_code(answer) is answer


def test_unknown_user_or_wrong_password_is_an_auth_error() -> None:
    for code, text in ((1, "user does not exist"), (2, "password error")):
        with pytest.raises(AuthError, match=text) as info:
            check_res_code(_answer(code))
        assert not isinstance(info.value, LockedOutError)


def test_login_limit_is_a_lockout_with_the_given_minutes() -> None:
    with pytest.raises(LockedOutError, match="ResCode 3") as info:
        check_res_code(_answer(3), lockout_minutes=15)
    assert info.value.retry_after_minutes == 15


def test_login_limit_without_known_minutes_has_no_retry_time() -> None:
    with pytest.raises(LockedOutError) as info:
        check_res_code(_answer(3))
    assert info.value.retry_after_minutes is None


def test_rescode_401_or_408_means_the_session_is_gone() -> None:
    for code, text in ((401, "authentication failed"), (408, "timed out")):
        with pytest.raises(SessionGoneError, match=text) as info:
            check_res_code(_answer(code))
        assert not isinstance(info.value, AuthError)


def test_other_rescodes_are_response_errors_with_the_spec_text() -> None:
    for code, text in (
        (5, "parameter should not be empty"),
        (6, "parameter contains illegal characters"),
        (8, "new password does not match"),
        (19, "SIP is calling"),
    ):
        with pytest.raises(ResponseError, match=text) as info:
            check_res_code(_answer(code, "something else"))
        assert not isinstance(info.value, SessionGoneError | ParseError)
        assert f"ResCode {code}" in str(info.value)


def test_unknown_rescode_uses_the_device_message() -> None:
    with pytest.raises(ResponseError, match="Disk full"):
        check_res_code(_answer(77, "Disk full"))


def test_unknown_rescode_without_message_is_an_unknown_error() -> None:
    with pytest.raises(ResponseError, match="unknown error"):
        check_res_code(_answer(77))


def test_session_gone_is_a_response_error_but_no_parse_error() -> None:
    assert issubclass(SessionGoneError, ResponseError)
    assert not issubclass(SessionGoneError, ParseError)


# --- redact_config ------------------------------------------------------------------------


def test_redact_config_blanks_the_admin_password_of_the_event_module() -> None:
    redacted = redact_config(SPEC_EVENT.decode())
    assert "<P2>**REDACTED**</P2>" in redacted
    assert "<P2>123</P2>" not in redacted


def test_redact_config_blanks_the_event_notification_url_and_its_credentials() -> None:
    values = parse_configuration(redact_config(SPEC_LOG.decode()).encode())
    assert values.get("P15413") == REDACTED
    assert values.get("P15414") == REDACTED
    assert values.get("P15415") == REDACTED
    assert values.get("P15410") == "1"


def test_redact_config_blanks_every_secret_parameter() -> None:
    for name in sorted(SECRET_PARAMS):
        text = _xml(("P3", "admin"), (name, "top-secret-value"), ("P903", "554")).decode()
        redacted = redact_config(text)
        assert "top-secret-value" not in redacted, name
        assert parse_configuration(redacted.encode()).values == {
            "P3": ["admin"],
            name: [REDACTED],
            "P903": ["554"],
        }


def test_redact_config_keeps_the_other_values_and_the_structure() -> None:
    redacted = parse_configuration(redact_config(SPEC_EVENT.decode()).encode())
    original = parse_configuration(SPEC_EVENT)
    assert redacted.values.keys() == original.values.keys()
    assert {k: v for k, v in redacted.values.items() if k != "P2"} == {
        k: v for k, v in original.values.items() if k != "P2"
    }


def test_redact_config_does_not_take_p20_for_p2() -> None:
    assert redact_config("<P20>1</P20><P2x>2</P2x>") == "<P20>1</P20><P2x>2</P2x>"


def test_redact_config_blanks_a_secret_value_spanning_lines() -> None:
    assert redact_config("<P2>first\nsecond</P2>") == "<P2>**REDACTED**</P2>"


def test_redact_config_blanks_a_secret_whose_tag_the_parser_reads_with_attributes() -> None:
    # The parser reads `<P2 ...>` and `<P2 >` as P2, so the redaction must blank them too.
    text = '<Configuration><P2 a="1">hunter22</P2><P15413 >h:1/api/webhook/id</P15413>'
    redacted = redact_config(text + "</Configuration>")
    assert "hunter22" not in redacted
    assert "api/webhook/id" not in redacted


def test_redact_config_leaves_text_without_secrets_alone() -> None:
    assert redact_config(SPEC_SYSINFO.decode()) == SPEC_SYSINFO.decode()


# --- parse_uptime, parse_int, format_mac --------------------------------------------------


UPTIMES = {
    "1 hour 31 minutes": 5460,
    "2 days 3 hours 4 minutes": 2 * 86400 + 3 * 3600 + 4 * 60,
    "1 day 0 hours 1 minute": 86460,
    "0 minutes": 0,
    "45 seconds": 45,
    "3 min 20 sec": 200,
    "1 Hour 2 MINUTES": 3720,
    "5days": 5 * 86400,
}


def test_parse_uptime_reads_the_device_text() -> None:
    assert {text: parse_uptime(text) for text in UPTIMES} == UPTIMES


def test_parse_uptime_of_garbage_is_none() -> None:
    for text in ("", "unknown", "hours", "1.5", "-", "12"):
        assert parse_uptime(text) is None, text


def test_parse_uptime_of_a_long_run_of_digits_returns_quickly() -> None:
    # P15009 comes from the device (up to the 1 MiB body cap); a regex that backtracks over
    # every start position of a digit run blocks the event loop quadratically.
    started = time.perf_counter()
    assert parse_uptime("7" * 4000) is None
    assert time.perf_counter() - started < 0.1


def test_parse_int_reads_a_number_and_gives_none_otherwise() -> None:
    answer = parse_configuration(_xml(("P1", " 42 "), ("P2", "x"), ("P3", "")))
    assert parse_int(answer, "P1") == 42
    assert parse_int(answer, "P2") is None
    assert parse_int(answer, "P3") is None
    assert parse_int(answer, "P4") is None


def test_format_mac_formats_the_device_mac() -> None:
    for raw in (
        "00:0B:82:AB:CC:BA",
        "00-0b-82-ab-cc-ba",
        "000B82ABCCBA",
        "000B.82AB.CCBA",
        " 00:0B:82:AB:CC:BA\n",
    ):
        assert format_mac(raw) == "00:0b:82:ab:cc:ba", raw


def test_format_mac_gives_none_for_what_is_no_mac() -> None:
    for raw in (
        None,
        "",
        "00:0B:82:AB:CC",
        "00:0B:82:AB:CC:BA:FF",
        "0:B:82:AB:CC:BA",
        "00:0B:82:AB:CC:BZ",
        "000B82ABCCBA99",
        "mac 000B82ABCCBA",
    ):
        assert format_mac(raw) is None, raw


# --- authcode and cookies -----------------------------------------------------------------


def test_salts_use_the_lowercase_l_spelling_of_working_clients() -> None:
    assert ADMIN_SALT == "GSC36XXlZpRsFzCbM"
    assert MEDIA_SALT == "GSC36XXlDyTlHwNgZ"


@pytest.mark.parametrize(
    ("salt", "expected"),
    [
        ("GSC36XXlZpRsFzCbM", "736b198303a02ef801f0976f562fea00"),
        ("GSC36XXlDyTlHwNgZ", "40656a5346b5592f8817c9a1fc2ef9f2"),
    ],
)
def test_authcode_is_md5_of_challenge_salt_and_password(salt: str, expected: str) -> None:
    # Known vectors: md5("c1cd724b1fc2d552652bba09a56f6f3c:<salt>:admin").
    assert authcode("c1cd724b1fc2d552652bba09a56f6f3c", salt, "admin") == expected


def _response(*set_cookies: str) -> HttpResponse:
    headers = CIMultiDict([("Content-Type", "text/xml")])
    for value in set_cookies:
        headers.add("Set-Cookie", value)
    return HttpResponse(status=200, headers=CIMultiDictProxy(headers), body=b"")


def test_session_cookies_read_the_spec_form_with_a_space_before_the_value() -> None:
    response = _response(
        "session= bc8201d7a16262366aa9d72b6b67f06;path=/;",
        "uname=admin; path=/;",
        "level=1; path=/;",
    )
    assert session_cookies(response) == {
        "session": "bc8201d7a16262366aa9d72b6b67f06",
        "uname": "admin",
        "level": "1",
    }


def test_session_cookies_read_the_media_trio() -> None:
    response = _response(
        "mjpeg_sess=750b540fdf15366ae4bf329c1c6c6529;path=/;",
        "mjpeg_uname=admin;path=/;",
        "mjpeg_level=1;path=/;",
    )
    assert session_cookies(response)["mjpeg_sess"] == "750b540fdf15366ae4bf329c1c6c6529"


def test_session_cookies_skip_a_header_that_is_no_cookie() -> None:
    assert session_cookies(_response(",=x", "session=abc; path=/")) == {"session": "abc"}


def test_session_cookies_of_an_answer_without_cookies_are_empty() -> None:
    assert session_cookies(_response()) == {}


def test_cookie_header_joins_the_cookies() -> None:
    assert cookie_header({"session": "abc", "uname": "admin"}) == "session=abc; uname=admin"
    assert cookie_header({}) == ""


# --- the settings table -------------------------------------------------------------------

MODELS = ["GSC3610", "GSC3620"]


def _values_of(setting: GsSetting, model: str) -> list[SettingValue]:
    if setting.kind is SettingKind.SWITCH:
        return [True, False]
    if setting.kind is SettingKind.SELECT:
        return list(setting.options_for(model))
    middle = (setting.minimum + setting.maximum) // 2
    return [setting.minimum, middle, setting.maximum]


def _decoded(setting: GsSetting, code: str, model: str) -> SettingValue | None:
    return setting.decode(ConfigAnswer(0, "OK", {setting.param: [code]}), model)


@pytest.mark.parametrize("model", MODELS)
def test_every_setting_round_trips_every_value(model: str) -> None:
    for setting in SETTINGS:
        for value in _values_of(setting, model):
            code = setting.encode(value, model)
            assert code.isdigit(), (setting.key, value, code)
            assert _decoded(setting, code, model) == value, (setting.key, value, code)


def _bad_values(setting: GsSetting) -> list[object]:
    if setting.kind is SettingKind.SWITCH:
        return [1, 0, "on", None]
    if setting.kind is SettingKind.SELECT:
        return ["no-such-option", 0, True, "", None]
    return [setting.minimum - 1, setting.maximum + 1, 2.5, True, "5", None]


@pytest.mark.parametrize("model", MODELS)
def test_every_setting_refuses_values_of_the_wrong_kind_or_range(model: str) -> None:
    for setting in SETTINGS:
        for value in _bad_values(setting):
            with pytest.raises(NotSupportedError):
                setting.encode(value, model)  # type: ignore[arg-type]


def test_every_setting_decodes_an_absent_or_unknown_value_as_none() -> None:
    for setting in SETTINGS:
        assert setting.decode(ConfigAnswer(0, "OK", {}), "GSC3610") is None, setting.key
        assert _decoded(setting, "x", "GSC3610") is None, setting.key
        if setting.kind is not SettingKind.NUMBER:
            assert _decoded(setting, "99", "GSC3610") is None, setting.key


def test_a_whole_float_is_accepted_for_a_number() -> None:
    assert SETTINGS_BY_KEY["brightness"].encode(40.0, "GSC3610") == "40"


def test_scheduled_ir_cut_exists_only_on_the_gsc3620() -> None:
    ir_cut = SETTINGS_BY_KEY["ir_cut_mode"]
    assert ir_cut.encode("scheduled", "GSC3620") == "3"
    with pytest.raises(NotSupportedError):
        ir_cut.encode("scheduled", "GSC3610")
    assert _decoded(ir_cut, "3", "GSC3620") == "scheduled"
    assert _decoded(ir_cut, "3", "GSC3615") is None


def test_outdoor_power_frequency_exists_only_on_the_gsc3610_and_gsc3615() -> None:
    power = SETTINGS_BY_KEY["power_frequency"]
    assert power.encode("outdoor", "GSC3615") == "2"
    with pytest.raises(NotSupportedError):
        power.encode("outdoor", "GSC3620")
    assert power.spec_for("GSC3610").options == ("50hz", "60hz", "outdoor")
    assert power.spec_for("GSC3620").options == ("50hz", "60hz")


def test_spec_for_gives_ranges_options_and_kinds() -> None:
    volume = SETTINGS_BY_KEY["audio_input_volume"].spec_for("GSC3610")
    assert (volume.kind, volume.minimum, volume.maximum) == (SettingKind.NUMBER, 0, 6)
    assert SETTINGS_BY_KEY["wdr"].spec_for("GSC3610").kind is SettingKind.SWITCH
    flip = SETTINGS_BY_KEY["flip"].spec_for("GSC3620")
    assert flip.options == ("none", "both", "horizontal", "vertical")


def test_catalogue_holds_every_setting_with_the_options_of_all_models() -> None:
    assert set(CATALOGUE) == {setting.key for setting in SETTINGS}
    assert CATALOGUE["ir_cut_mode"].options == ("manual", "automatic", "scheduled")
    assert CATALOGUE["power_frequency"].options == ("50hz", "60hz", "outdoor")
    assert CATALOGUE["flip"].options == ("none", "both", "horizontal", "vertical")
    assert CATALOGUE["brightness"].maximum == 100
    assert CATALOGUE["ssh"].kind is SettingKind.SWITCH


def test_setting_keys_and_params_are_unique() -> None:
    assert len(SETTINGS_BY_KEY) == len(SETTINGS)
    assert len({setting.param for setting in SETTINGS}) == len(SETTINGS)
    assert {setting.module for setting in SETTINGS} <= set(MODULES)


def test_only_the_gsc3620_reads_the_ptz_module() -> None:
    assert "ptz" not in MODULES
    assert GSC3620_MODULES[:-1] == MODULES
    assert GSC3620_MODULES[-1] == "ptz"
    assert is_gsc3620("GSC3620")
    assert not is_gsc3620("GSC3610")
    assert not is_gsc3620("")


# --- fuzzing: only the client's own errors escape, and quickly ----------------------------

_NAMES = st.sampled_from(["P2", "P15413", "P89", "P8433", "ResCode", "RetMsg", "MD_STATUS", "x"])
_TEXT = st.text(alphabet=st.sampled_from("ab1 \n\t&;#x<>/=\"'?!é\x00"), max_size=12)
_ATTRIBUTES = st.sampled_from([" ", ' a="1"', " x=y z", "\t"])
_ENTITY = st.sampled_from(["&amp;", "&lt;", "&#65;", "&#x42;", "&#0;", "&#x;", "&#99999999;", "&"])
_TOKEN = st.one_of(
    st.sampled_from(
        [
            '<?xml version="1.0" encoding="UTF-8" ?>',
            '<?xml version="1.0"encoding="UTF-8" ?>',
            "<Configuration>",
            "</Configuration>",
            '<!DOCTYPE c [<!ENTITY a "&b;&b;">]>',
            "<html>",
            "<!-- comment -->",
            "<![CDATA[x]]>",
        ]
    ),
    st.builds("<{}>".format, _NAMES),
    st.builds("</{}>".format, _NAMES),
    st.builds("<{}/>".format, _NAMES),
    st.builds("</{}/>".format, _NAMES),
    st.builds("<{} {}>".format, _NAMES, _TEXT),
    # An element with attributes or a space in its tag, as the lenient parser reads them.
    st.builds("<{0}{1}>{2}</{0}>".format, _NAMES, _ATTRIBUTES, _TEXT),
    st.builds("<{0}>{1}</{0}>".format, _NAMES, _TEXT),
    st.builds("<ResCode>{}</ResCode>".format, st.one_of(st.integers(-5, 500).map(str), _TEXT)),
    _TEXT,
    _ENTITY,
)
_PROLOGUE = st.sampled_from(
    ["", "<Configuration>", '<?xml version="1.0"encoding="UTF-8" ?>\n<Configuration>\n']
)
NEAR_XML = st.builds(
    lambda prologue, tokens: prologue + "".join(tokens), _PROLOGUE, st.lists(_TOKEN, max_size=24)
)


def _parse_or_none(body: bytes) -> ConfigAnswer | None:
    started = time.perf_counter()
    try:
        answer = parse_configuration(body)
    except (ParseError, SessionGoneError):
        answer = None
    assert time.perf_counter() - started < 1.0
    return answer


def _check_answer(answer: ConfigAnswer | None) -> None:
    if answer is None:
        return
    assert answer.res_code is None or isinstance(answer.res_code, int)
    assert isinstance(answer.message, str)
    for name, values in answer.values.items():
        assert values
        assert all(isinstance(value, str) for value in values)
        assert answer.get(name) == values[0]
    # A failed answer raises one of the client's typed errors, never anything else.
    with contextlib.suppress(AuthError, ResponseError):
        check_res_code(answer, lockout_minutes=5)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_parse_configuration_on_arbitrary_bytes_raises_only_parse_errors(body: bytes) -> None:
    _check_answer(_parse_or_none(body))
    _check_answer(_parse_or_none(b"<Configuration>" + body))


@settings(max_examples=200, deadline=None)
@given(NEAR_XML)
def test_parse_configuration_on_near_xml_raises_only_parse_errors(text: str) -> None:
    _check_answer(_parse_or_none(text.encode()))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_parse_uptime_of_any_text_is_none_or_non_negative(text: str) -> None:
    result = parse_uptime(text)
    assert result is None or (isinstance(result, int) and result >= 0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.sampled_from(["day", "days", "hour", "hours", "minute", "minutes", "second"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_parse_uptime_adds_up_every_unit(parts: list[tuple[int, str]]) -> None:
    unit_seconds = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}
    text = " ".join(f"{number} {unit}" for number, unit in parts)
    expected = sum(number * unit_seconds[unit.rstrip("s")] for number, unit in parts)
    assert parse_uptime(text) == expected


@settings(max_examples=200, deadline=None)
@given(NEAR_XML)
def test_redact_config_never_leaves_a_secret_value_readable(text: str) -> None:
    answer = _parse_or_none(redact_config(text).encode())
    if answer is None:
        return
    for name in SECRET_PARAMS & answer.values.keys():
        assert set(answer.all(name)) <= {"", REDACTED}, (name, text)
