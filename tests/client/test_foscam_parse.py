"""Specification of the pure Foscam MJPEG (Netwave) parsers: text in, values out."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.ipcam_cgi.client.errors import ParseError, ResponseError
from custom_components.ipcam_cgi.client.vendors.foscam_mjpeg.parse import (
    check_set_result,
    format_mac,
    optional_int,
    parse_int,
    parse_vars,
    redact_vars,
)

# An excerpt of get_status.cgi as the spec prints it ("IP Camera CGI V1.27").
SPEC_STATUS = (
    "var id='003456789A0A';\n"
    "var sys_ver='0.0.1.2';\n"
    "var app_ver='0.0.1.3';\n"
    'var alias="";\n'
    "var now=1195552193;\n"
    "var tz=0;\n"
    "var alarm_status=0;\n"
)


# --- parse_vars ---------------------------------------------------------------------------


def test_parse_vars_reads_the_spec_example() -> None:
    assert parse_vars(SPEC_STATUS) == {
        "id": "003456789A0A",
        "sys_ver": "0.0.1.2",
        "app_ver": "0.0.1.3",
        "alias": "",
        "now": "1195552193",
        "tz": "0",
        "alarm_status": "0",
    }


def test_parse_vars_reads_single_quoted_values() -> None:
    assert parse_vars("var alias='Front door';") == {"alias": "Front door"}


def test_parse_vars_reads_double_quoted_values() -> None:
    assert parse_vars('var alias="Front door";') == {"alias": "Front door"}


def test_parse_vars_reads_an_unquoted_empty_value_as_empty_string() -> None:
    assert parse_vars("var alarm_http_url=;\nvar alarm_http=0;") == {
        "alarm_http_url": "",
        "alarm_http": "0",
    }


def test_parse_vars_reads_unquoted_numbers() -> None:
    assert parse_vars("var alarm_status=3;") == {"alarm_status": "3"}


def test_parse_vars_handles_crlf_line_ends() -> None:
    text = "var id='00626E4A3CD0';\r\nvar alarm_status=1;\r\nvar alias='cam';\r\n"
    assert parse_vars(text) == {"id": "00626E4A3CD0", "alarm_status": "1", "alias": "cam"}


def test_parse_vars_keeps_no_carriage_return_in_unquoted_values() -> None:
    assert parse_vars("var tz=0\r\nvar now=5\r\n") == {"tz": "0", "now": "5"}


def test_parse_vars_keeps_equals_signs_inside_quoted_values() -> None:
    text = "var alarm_http_url='http://ha.local/hook?a=1&b=2';"
    assert parse_vars(text) == {"alarm_http_url": "http://ha.local/hook?a=1&b=2"}


def test_parse_vars_keeps_equals_signs_inside_unquoted_values() -> None:
    assert parse_vars("var ddns_proxy_svr=x=y=z;") == {"ddns_proxy_svr": "x=y=z"}


def test_parse_vars_reads_several_statements_on_one_line() -> None:
    text = "var a='1';var b=\"2\";var c=3;var d=;var e='5'"
    assert parse_vars(text) == {"a": "1", "b": "2", "c": "3", "d": "", "e": "5"}


def test_parse_vars_unescapes_escaped_quotes() -> None:
    text = 'var alias=\'Bob\\\'s cam\';\nvar ssid="say \\"hi\\"";'
    assert parse_vars(text) == {"alias": "Bob's cam", "ssid": 'say "hi"'}


def test_parse_vars_keeps_a_semicolon_inside_quotes() -> None:
    assert parse_vars("var alias='a;b';var x=1;") == {"alias": "a;b", "x": "1"}


def test_parse_vars_does_not_read_statements_inside_a_quoted_value() -> None:
    assert parse_vars("var alias='var id=evil;';") == {"alias": "var id=evil;"}


def test_parse_vars_lets_a_later_duplicate_win() -> None:
    assert parse_vars("var tz=0;\nvar tz=3600;") == {"tz": "3600"}


def test_parse_vars_tolerates_spaces_around_the_equals_sign() -> None:
    assert parse_vars("var  tz = 3600 ;") == {"tz": "3600"}


def test_parse_vars_ignores_lines_that_are_not_var_statements() -> None:
    text = "<!-- header -->\nvar id='1';\nap_ssid[0]='x';\nvar ap_number=0;\n"
    assert parse_vars(text) == {"id": "1", "ap_number": "0"}


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   \r\n",
        "<html><body>401 Unauthorized</body></html>",
        "ok.",
        "error: illegal param",
        "var =1;",
        "var 9x=1;",
    ],
)
def test_parse_vars_raises_parse_error_when_no_statement_is_found(junk: str) -> None:
    with pytest.raises(ParseError):
        parse_vars(junk)


# --- integers -----------------------------------------------------------------------------


def test_parse_int_reads_a_number() -> None:
    assert parse_int({"alarm_status": " 2 "}, "alarm_status") == 2


def test_parse_int_raises_parse_error_for_a_missing_variable() -> None:
    with pytest.raises(ParseError, match="alarm_status"):
        parse_int({}, "alarm_status")


def test_parse_int_raises_parse_error_for_a_non_number() -> None:
    with pytest.raises(ParseError, match="alarm_status"):
        parse_int({"alarm_status": "none"}, "alarm_status")


def test_optional_int_gives_none_for_missing_or_bad_values() -> None:
    assert optional_int({"a": "7"}, "a") == 7
    assert optional_int({}, "a") is None
    assert optional_int({"a": ""}, "a") is None


# --- redact_vars --------------------------------------------------------------------------

SECRET_PARAMS = (
    "var user1_name='admin';\n"
    "var user1_pwd='s3cret-admin';\n"
    "var user2_pwd=;\n"
    "var wifi_ssid='home';\n"
    "var wifi_key1='wepkey1secret';\n"
    'var wifi_wpa_psk="wpa-secret-psk";\n'
    "var mail_user='mailer';\n"
    "var mail_pwd='mail-secret';\n"
    "var ftp_pwd='ftp-secret';\n"
    "var ddns_pwd='ddns-secret';\n"
    "var pppoe_pwd='pppoe-secret';\n"
    "var msn_pwd='msn-secret';\n"
    "var dev2_pwd='dev2-secret';\n"
    "var alarm_http_url='http://ha.local/api/webhook/hook-secret';\n"
    "var alarm_motion_armed=1;\n"
    "var alarm_motion_sensitivity=5;\n"
    "var alarm_http=1;\n"
)


def test_redact_vars_removes_every_secret_value() -> None:
    redacted = redact_vars(SECRET_PARAMS)
    for secret in (
        "admin",
        "s3cret-admin",
        "wepkey1secret",
        "wpa-secret-psk",
        "mailer",
        "mail-secret",
        "ftp-secret",
        "ddns-secret",
        "pppoe-secret",
        "msn-secret",
        "dev2-secret",
        "hook-secret",
    ):
        assert secret not in redacted


@pytest.mark.parametrize(
    "name", ["user1_pwd", "wifi_key1", "wifi_wpa_psk", "mail_pwd", "alarm_http_url"]
)
def test_redact_vars_keeps_the_secret_variable_with_a_placeholder(name: str) -> None:
    assert parse_vars(redact_vars(SECRET_PARAMS))[name] == "**REDACTED**"


def test_redact_vars_keeps_harmless_values() -> None:
    values = parse_vars(redact_vars(SECRET_PARAMS))
    assert values["alarm_motion_armed"] == "1"
    assert values["alarm_motion_sensitivity"] == "5"
    assert values["alarm_http"] == "1"
    assert values["wifi_ssid"] == "home"


def test_redact_vars_keeps_every_variable() -> None:
    assert parse_vars(redact_vars(SECRET_PARAMS)).keys() == parse_vars(SECRET_PARAMS).keys()


def test_redact_vars_keeps_the_quoting_of_each_value() -> None:
    text = "var user1_pwd='a';var user2_pwd=\"b\";var user3_pwd=c;var user4_pwd=;"
    assert redact_vars(text) == (
        "var user1_pwd='**REDACTED**';var user2_pwd=\"**REDACTED**\";"
        "var user3_pwd=**REDACTED**;var user4_pwd=**REDACTED**;"
    )


def test_redact_vars_does_not_pair_a_stray_quote_with_the_placeholder() -> None:
    # A bare value with an unterminated quote, then a secret: adding quotes to the secret's
    # placeholder would close the stray quote and swallow the secret's statement.
    text = "var alias=';var user1_pwd=hunter22;"
    redacted = redact_vars(text)
    assert "hunter22" not in redacted
    assert parse_vars(redacted) == {"alias": "'", "user1_pwd": "**REDACTED**"}


def test_redact_vars_leaves_text_without_statements_alone() -> None:
    assert redact_vars("ok.") == "ok."


# --- format_mac ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("device_id", "mac"),
    [
        ("00626E4A3CD0", "00:62:6e:4a:3c:d0"),
        ("003456789a0a", "00:34:56:78:9a:0a"),
        (" 00626E4A3CD0 ", "00:62:6e:4a:3c:d0"),
        ("00:62:6E:4A:3C:D0", "00:62:6e:4a:3c:d0"),
        ("00-62-6E-4A-3C-D0", "00:62:6e:4a:3c:d0"),
    ],
)
def test_format_mac_formats_the_device_id(device_id: str, mac: str) -> None:
    assert format_mac(device_id) == mac


@pytest.mark.parametrize("device_id", ["", "00626E4A3C", "00626E4A3CD0FF", "00626E4A3CDZ", "cam"])
def test_format_mac_gives_none_for_an_id_that_is_no_mac(device_id: str) -> None:
    assert format_mac(device_id) is None


# --- check_set_result ---------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["ok.", "ok.\r\n", "ok", "<html>next page</html>", ""])
def test_check_set_result_accepts_success_answers(answer: str) -> None:
    check_set_result(answer)


@pytest.mark.parametrize("answer", ["error: illegal param", "Error: illegal param\r\n", " error"])
def test_check_set_result_raises_response_error_on_error_answers(answer: str) -> None:
    with pytest.raises(ResponseError, match="refused"):
        check_set_result(answer)


def test_check_set_result_error_is_not_a_parse_error() -> None:
    with pytest.raises(ResponseError) as info:
        check_set_result("error: illegal param")
    assert not isinstance(info.value, ParseError)


# --- fuzzing: only the client's own errors escape -----------------------------------------

_VAR_TEXT = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.builds(
            "var {}={};".format,
            st.one_of(
                st.from_regex(r"[A-Za-z_]\w{0,10}", fullmatch=True),
                st.sampled_from(["user1_pwd", "wifi_wpa_psk", "alarm_http_url", "alarm_status"]),
            ),
            st.text(alphabet=st.sampled_from("'\";=\\ \r\nab1\x00é"), max_size=12),
        ),
    ),
    max_size=8,
).map("".join)


def _run_every_parser(text: str) -> None:
    try:
        values = parse_vars(text)
    except ParseError:
        values = {"alarm_status": text, "id": text}
    for name in values:
        with contextlib.suppress(ParseError):
            parse_int(values, name)
        optional_int(values, name)
        format_mac(values[name])
    redact_vars(text)
    format_mac(text)
    with contextlib.suppress(ResponseError):
        check_set_result(text)


@settings(max_examples=300, deadline=None)
@given(_VAR_TEXT)
def test_parsers_raise_only_client_errors_on_var_like_text(text: str) -> None:
    _run_every_parser(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=256))
def test_parsers_raise_only_client_errors_on_arbitrary_bytes(body: bytes) -> None:
    _run_every_parser(body.decode("latin-1"))


@settings(max_examples=200, deadline=None)
@given(_VAR_TEXT)
def test_redacted_text_parses_to_the_same_variable_names(text: str) -> None:
    try:
        names = parse_vars(text).keys()
    except ParseError:
        return
    assert parse_vars(redact_vars(text)).keys() == names


@settings(max_examples=200, deadline=None)
@given(_VAR_TEXT)
def test_redacted_text_holds_no_secret_value(text: str) -> None:
    try:
        redacted = parse_vars(redact_vars(text))
    except ParseError:
        return
    for name in ("user1_pwd", "wifi_wpa_psk", "alarm_http_url"):
        assert redacted.get(name, "**REDACTED**") == "**REDACTED**"
