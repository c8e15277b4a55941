"""Specification of the pure "IP Camera Standard API" decoding: param lists, eventdata, IO, PTZ.

The examples are the spec's own (Rev 5.0.0, sections 5.1.1, 5.3.1 and 5.4), verbatim where the
spec prints an answer, including its trailing spaces before CRLF and the Face line it wraps.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import string
import sys
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

from custom_components.ipcam_cgi.client.errors import (
    NotSupportedError,
    ParseError,
    ResponseError,
)
from custom_components.ipcam_cgi.client.models import (
    Feature,
    LensAxis,
    LensDirection,
    PtzDirection,
    StatusUpdate,
)
from custom_components.ipcam_cgi.client.transport import HttpResponse
from custom_components.ipcam_cgi.client.vendors.standard_api import ptz
from custom_components.ipcam_cgi.client.vendors.standard_api.parse import (
    IO_FIELDS,
    IoStatus,
    check_error,
    check_ok,
    event_flag,
    event_int,
    face_count,
    faces_of,
    find_mac,
    first_param,
    format_mac,
    param_flag,
    parse_eventdata,
    parse_float,
    parse_io_status,
    parse_key_values,
    parse_param_list,
    parse_ptz_info,
    parse_ptz_values,
    whole_number,
)
from custom_components.ipcam_cgi.client.vendors.standard_api.status import (
    ALL_GROUPS,
    MAX_IO,
    MOTION_GROUPS,
    StatusLayout,
    decode_body,
    decode_groups,
    input_key,
    output_key,
)

# --- the spec's own answers, verbatim ---------------------------------------------------

# 5.1.1.3 "Example: Network query response." (LF line ends, as printed)
SPEC_NETWORK_LIST = "root.Network.IPAddress=192.168.0.250\nroot.Network.SubnetMask=255.255.255.0\n"
SPEC_NETWORK_PARAMS = {
    "Network.IPAddress": "192.168.0.250",
    "Network.SubnetMask": "255.255.255.0",
}
# 5.4.2 action=get examples.
SPEC_MOTION_DISABLED = "Motion:Enabled=0;\r\n"
SPEC_MOTION_AND_MOTION2 = (
    "Motion:Enabled=0;\r\nMotion2:Enabled=1;Level=15;Sensitivity=80;Triggered=0;\r\n"
)
SPEC_MOTION_MOTION1_IO = (
    "Motion:Enabled=1;Level=0;Sensitivity=80;Triggered=0;\r\n"
    "Motion1:Enabled=0; \r\n"
    "IO:Status=00000100000000;\r\n"
    "\r\n"
)
SPEC_MOTION_PARAM = "Motion:Enabled=1;Triggered=0; \r\nMotion1:Enabled=0; \r\n\r\n"
# The Face example prints one answer line wrapped in two; the wrap is shown three ways.
SPEC_FACE_LINE_1 = "Face:Enabled=1;H264_Face=2 0.5_0.4_0.2_0.3,0.8_0.1_0.2_0.3;H264_2_Face=2"
SPEC_FACE_LINE_2 = "0.5_0.4_0.2_0.3,0.7_0.5_0.2_0.3\r\n"
SPEC_FACE = f"{SPEC_FACE_LINE_1}\n{SPEC_FACE_LINE_2}"
# 5.4.2 action=monitor part bodies.
SPEC_MONITOR_MOTION = (
    "Motion:Enabled=1;Level=15;Sensitivity=80;Triggered=0; \r\nMotion1:Enabled=0; \r\n"
)
SPEC_MONITOR_FACE = "Face:Enabled=1;H264_Face=0;H264_2_Face=0;\r\n"
SPEC_MONITOR_FACE_PARAM = "Face:Enabled=1;H264_2_Face=0;\r\n"

FULL_LAYOUT = StatusLayout(groups=ALL_GROUPS, inputs=(1, 2), outputs=(1,))


def _io(*fields: str) -> str:
    """Seven two-hex-digit fields, `00` where not given."""
    return "".join((*fields, *("00",) * (IO_FIELDS - len(fields))))


# --- param.cgi lists (5.1.1.3) ----------------------------------------------------------


def test_spec_network_list_with_lf_line_ends() -> None:
    assert parse_param_list(SPEC_NETWORK_LIST) == SPEC_NETWORK_PARAMS


def test_spec_network_list_with_crlf_line_ends() -> None:
    assert parse_param_list(SPEC_NETWORK_LIST.replace("\n", "\r\n")) == SPEC_NETWORK_PARAMS


@pytest.mark.parametrize(
    "body",
    [
        "# Error: <description>\n",
        "# Error: invalid parameter value\r\n",
        "root.Network.IPAddress=192.168.0.250\n# Error: no such group\n",
        "  # ERROR: upper case\n",
        "Request failed: unknown action\n",
    ],
)
def test_error_answer_raises_response_error(body: str) -> None:
    with pytest.raises(ResponseError, match="refused the request: ") as err:
        parse_param_list(body)
    # A refusal, not a garbled answer.
    assert type(err.value) is ResponseError
    assert body.strip().splitlines()[-1].strip()[:20] in str(err.value)


@pytest.mark.parametrize(
    "parse",
    [check_error, check_ok, parse_eventdata, parse_key_values, parse_ptz_info],
)
def test_every_reader_refuses_an_error_answer(parse: Callable[[str], object]) -> None:
    with pytest.raises(ResponseError, match="description"):
        parse("# Error: <description>\n")


def test_ok_answer_passes() -> None:
    # Neither raises: the test fails if one does.
    check_ok("OK\r\n")
    check_error("root.Network.IPAddress=1.2.3.4\n# a comment\n")


def test_error_text_is_capped() -> None:
    with pytest.raises(ResponseError) as err:
        check_error("# Error: " + "x" * 1000)
    assert len(str(err.value)) < 260


def test_values_keep_every_equals_sign_after_the_first() -> None:
    params = parse_param_list(
        "root.Network.DDNS.Url=http://ddns/?host=cam&key=a==\r\n"
        "root.Image.I0.Text.String==x=\r\n"
        "root.Empty.Value=\r\n"
    )
    assert params == {
        "Network.DDNS.Url": "http://ddns/?host=cam&key=a==",
        "Image.I0.Text.String": "=x=",
        "Empty.Value": "",
    }


def test_latin1_body_decoded_by_the_caller() -> None:
    body = b"root.Network.HostName=Caf\xe9 \xb0N\r\nroot.Brand.Brand=Br\xe4nd\r\n"
    response = HttpResponse(status=200, headers=CIMultiDictProxy(CIMultiDict()), body=body)
    assert parse_param_list(response.text()) == {
        "Network.HostName": "Café °N",
        "Brand.Brand": "Bränd",
    }


def test_utf8_body_decoded_by_the_caller() -> None:
    body = "root.Network.HostName=Café\n".encode()
    response = HttpResponse(status=200, headers=CIMultiDictProxy(CIMultiDict()), body=body)
    assert parse_param_list(response.text()) == {"Network.HostName": "Café"}


def test_list_skips_blank_lines_comments_and_lines_without_a_value() -> None:
    params = parse_param_list(
        "\r\n"
        "# a comment=with an equals sign\r\n"
        "just some text\r\n"
        "=orphan value\r\n"
        "  root.Network.IPAddress =  10.0.0.2  \r\n"
        "ROOT.Network.Gateway=10.0.0.1\r\n"
        "Properties.System.Model=W3512-A\r\n"
        "root.Network.IPAddress=10.0.0.3\r\n"
    )
    assert params == {
        # Later duplicates win; `root.` is dropped whatever its case; names without it stay.
        "Network.IPAddress": "10.0.0.3",
        "Network.Gateway": "10.0.0.1",
        "Properties.System.Model": "W3512-A",
    }


def test_list_line_with_only_the_root_prefix_is_skipped() -> None:
    # Regression: the empty-name check once ran before `root.` was dropped.
    assert parse_param_list("root.=orphan\r\nroot.Network.IPAddress=1.2.3.4\r\n") == {
        "Network.IPAddress": "1.2.3.4"
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("YES", True),
        (" 1 ", True),
        ("true", True),
        ("on", True),
        ("enable", True),
        ("Enabled", True),
        ("no", False),
        ("0", False),
        ("False", False),
        ("off", False),
        ("disable", False),
        ("disabled", False),
        ("maybe", None),
        ("", None),
        ("2", None),
        (None, None),
    ],
)
def test_param_flag(value: str | None, expected: bool | None) -> None:
    assert param_flag(value) is expected


# --- identity: MAC and the other parameters ----------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "00:D0:89:1B:02:DF",
        "00-D0-89-1B-02-DF",
        "00D0891B02DF",
        "00d0891b02df",
        "  00:d0:89:1b:02:df \r",
    ],
)
def test_format_mac_normalises(value: str) -> None:
    assert format_mac(value) == "00:d0:89:1b:02:df"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "00:00:00:00:00:00",
        "000000000000",
        "00:D0:89:1B:02",
        "00:D0:89:1B:02:DF:00",
        "0:D0:89:1B:02:DF",
        "g0:D0:89:1B:02:DF",
        "00:D0:89:1B:02:DF\nx",
        "00.D0.89.1B.02.DF",
        "192.168.0.250",
    ],
)
def test_format_mac_rejects_what_is_no_mac(value: str) -> None:
    assert format_mac(value) is None


def test_mac_from_the_spec_parameter() -> None:
    params = parse_param_list("root.Network.eth0.MACAddress=00:D0:89:1B:02:DF\r\n")
    assert params == {"Network.eth0.MACAddress": "00:D0:89:1B:02:DF"}
    assert find_mac(params) == "00:d0:89:1b:02:df"


def test_eth0_mac_wins_over_other_mac_bearing_parameters() -> None:
    params = {
        "Network.eth1.MACAddress": "00:11:22:33:44:55",
        "Network.eth0.MACAddress": "00:D0:89:1B:02:DF",
    }
    assert find_mac(params) == "00:d0:89:1b:02:df"


def test_an_unusable_eth0_mac_falls_back_to_another_parameter() -> None:
    params = {
        "Network.eth0.MACAddress": "00:00:00:00:00:00",
        "Network.Wireless.MACAddress": "00-11-22-33-44-55",
    }
    assert find_mac(params) == "00:11:22:33:44:55"


@pytest.mark.parametrize(
    "name",
    [
        "Network.wlan0.MacAddress",
        "Network.HWAddress",
        "Properties.System.MAC",
        "Network.Interface.MACAddr",
        "network.eth0.macaddress",
    ],
)
def test_mac_from_other_mac_bearing_names(name: str) -> None:
    params = {"Network.IPAddress": "192.168.0.250", name: "00D0891B02DF"}
    assert find_mac(params) == "00:d0:89:1b:02:df"


def test_mac_looking_values_of_other_parameters_are_ignored() -> None:
    params = {
        "Properties.System.SerialNumber": "00D0891B02DF",
        "Network.MACAddress": "not a mac",
    }
    assert find_mac(params) is None
    assert find_mac({}) is None


IDENTITY = parse_param_list(
    "root.Brand.ProdShortName=W3512-A\r\n"
    "root.Properties.Firmware.Version=  v1.2.3  \r\n"
    "root.Properties.System.SerialNumber=\r\n"
    "root.Network.HostName=   \r\n"
    "root.System.Info.HardwareVersion=HW-7\r\n"
)


def test_first_param_takes_exact_names_in_order() -> None:
    assert first_param(IDENTITY, ("Brand.ProdFullName", "Brand.ProdShortName")) == "W3512-A"
    assert first_param(IDENTITY, ("Properties.Firmware.Version",)) == "v1.2.3"


def test_first_param_takes_suffix_patterns_case_insensitively() -> None:
    assert first_param(IDENTITY, ("Properties.System.HardwareID", "*.hardwareversion")) == "HW-7"


def test_absent_or_blank_identity_params_are_none() -> None:
    assert first_param(IDENTITY, ("Properties.System.SerialNumber", "*.SerialNo")) is None
    assert first_param(IDENTITY, ("Network.HostName", "System.HostName", "*.DeviceName")) is None
    assert first_param({}, ("Brand.Brand", "*.Model")) is None
    assert first_param(IDENTITY, ()) is None


# --- eventdata (5.4.2) --------------------------------------------------------------------


def test_spec_motion_disabled() -> None:
    assert parse_eventdata(SPEC_MOTION_DISABLED) == {"Motion": {"Enabled": "0"}}


def test_spec_motion_and_motion2() -> None:
    assert parse_eventdata(SPEC_MOTION_AND_MOTION2) == {
        "Motion": {"Enabled": "0"},
        "Motion2": {"Enabled": "1", "Level": "15", "Sensitivity": "80", "Triggered": "0"},
    }


def test_spec_motion_motion1_and_io() -> None:
    assert parse_eventdata(SPEC_MOTION_MOTION1_IO) == {
        "Motion": {"Enabled": "1", "Level": "0", "Sensitivity": "80", "Triggered": "0"},
        "Motion1": {"Enabled": "0"},
        "IO": {"Status": "00000100000000"},
    }


def test_spec_motion_param_subset_with_trailing_spaces() -> None:
    assert parse_eventdata(SPEC_MOTION_PARAM) == {
        "Motion": {"Enabled": "1", "Triggered": "0"},
        "Motion1": {"Enabled": "0"},
    }


@pytest.mark.parametrize("wrap", ["\n", "\r\n", " "], ids=["lf", "crlf", "unwrapped"])
def test_spec_face_example_with_its_wrapped_line(wrap: str) -> None:
    assert parse_eventdata(f"{SPEC_FACE_LINE_1}{wrap}{SPEC_FACE_LINE_2}") == {
        "Face": {
            "Enabled": "1",
            "H264_Face": "2 0.5_0.4_0.2_0.3,0.8_0.1_0.2_0.3",
            "H264_2_Face": "2 0.5_0.4_0.2_0.3,0.7_0.5_0.2_0.3",
        }
    }


def test_spec_monitor_part_bodies() -> None:
    assert parse_eventdata(SPEC_MONITOR_MOTION) == {
        "Motion": {"Enabled": "1", "Level": "15", "Sensitivity": "80", "Triggered": "0"},
        "Motion1": {"Enabled": "0"},
    }
    assert parse_eventdata(SPEC_MONITOR_FACE) == {
        "Face": {"Enabled": "1", "H264_Face": "0", "H264_2_Face": "0"}
    }
    assert parse_eventdata(SPEC_MONITOR_FACE_PARAM) == {
        "Face": {"Enabled": "1", "H264_2_Face": "0"}
    }


def test_eventdata_lines_before_any_group_are_ignored() -> None:
    assert parse_eventdata("junk=1\r\nnoise\r\nT0:Enabled=1;Triggered=1;\r\n") == {
        "T0": {"Enabled": "1", "Triggered": "1"}
    }


def test_eventdata_line_without_group_continues_the_current_group() -> None:
    assert parse_eventdata("Motion:Enabled=1;\r\nLevel=3;Triggered=1;\r\n") == {
        "Motion": {"Enabled": "1", "Level": "3", "Triggered": "1"}
    }


def test_eventdata_colon_inside_a_value_is_no_group() -> None:
    assert parse_eventdata("Motion:Enabled=1;\r\nTime=12:30:00;\r\n") == {
        "Motion": {"Enabled": "1", "Time": "12:30:00"}
    }


def test_eventdata_item_without_equals_continues_the_previous_value() -> None:
    assert parse_eventdata("Face:H264_Face=2;0.5_0.4_0.2_0.3;H264_2_Face=0;") == {
        "Face": {"H264_Face": "2 0.5_0.4_0.2_0.3", "H264_2_Face": "0"}
    }


def test_eventdata_text_with_nothing_to_continue_is_ignored() -> None:
    assert parse_eventdata("Motion:\r\ndangling words\r\n;;\r\n") == {"Motion": {}}


def test_eventdata_repeated_group_merges() -> None:
    assert parse_eventdata("Motion:Enabled=1;\r\nT0:Enabled=0;\r\nMotion:Triggered=1;\r\n") == {
        "Motion": {"Enabled": "1", "Triggered": "1"},
        "T0": {"Enabled": "0"},
    }


def test_eventdata_empty_answer_has_no_group() -> None:
    assert parse_eventdata("") == {}
    assert parse_eventdata("\r\n \r\n") == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("0", False), (" 1 ", True), ("yes", True), ("no", False), ("2", None)],
)
def test_event_flag(value: str, expected: bool | None) -> None:
    assert event_flag({"Enabled": value}, "Enabled") is expected


def test_event_flag_of_an_absent_key_is_unknown() -> None:
    assert event_flag({"Enabled": "1"}, "Triggered") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("15", 15), (" 7 ", 7), ("0", 0), ("-1", None), ("1.5", None), ("x", None), ("", None)],
)
def test_event_int(value: str, expected: int | None) -> None:
    assert event_int({"Level": value}, "Level") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        (" 42 ", 42),
        ("999999999", 999_999_999),
        ("1000000000", None),
        ("\u00b2", None),
        ("\u0661", None),
        ("+1", None),
        ("1_000", None),
        ("", None),
    ],
)
def test_whole_number(text: str, expected: int | None) -> None:
    assert whole_number(text) == expected


def test_event_int_of_an_absent_key_is_none() -> None:
    assert event_int({}, "Level") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2 0.5_0.4_0.2_0.3,0.8_0.1_0.2_0.3", 2),
        ("0", 0),
        (" 3 0.1_0.1_0.1_0.1", 3),
        ("12", 12),
        ("", None),
        ("none", None),
        ("-1", None),
    ],
)
def test_face_count(value: str, expected: int | None) -> None:
    assert face_count(value) == expected


def test_faces_is_the_largest_count_over_the_streams() -> None:
    fields = parse_eventdata(SPEC_FACE)["Face"]
    assert faces_of(fields) == 2
    assert (
        faces_of({"Enabled": "1", "H264_Face": "1 a", "h264_2_face": "3 b", "Mjpeg_Face": "x"}) == 3
    )
    assert faces_of({"Enabled": "1"}) is None
    assert faces_of({"H264_Face": "n/a"}) is None


# --- IO status (5.4.2 table) --------------------------------------------------------------

IO_ATTRIBUTES = (
    "input_enabled",  # XX0: 0 disable / 1 enable
    "input_closed",  # XX1: 0 open / 1 closed
    "output_closed",  # XX2: 0 open / 1 closed
    "input_normally_closed",  # XX3: 0 normal open / 1 normal closed
    "output_active_closed",  # XX4: 0 active status open / 1 active status closed
    "input_active",  # XX5: 0 inactive / 1 active
    "output_active",  # XX6: 0 inactive / 1 active
)


@pytest.mark.parametrize(("index", "attribute"), list(enumerate(IO_ATTRIBUTES)))
def test_io_field_decodes_to_its_own_attribute(index: int, attribute: str) -> None:
    fields = ["00"] * IO_FIELDS
    fields[index] = "a2"
    status = parse_io_status("".join(fields))
    assert getattr(status, attribute) == {8, 6, 2}
    for other in IO_ATTRIBUTES:
        if other != attribute:
            assert getattr(status, other) == frozenset(), other
    assert status.fields[index] == 0xA2


@pytest.mark.parametrize(("index", "attribute"), list(enumerate(IO_ATTRIBUTES)))
def test_io_field_bit0_is_number_1_and_bit7_is_number_8(index: int, attribute: str) -> None:
    low, high = ["00"] * IO_FIELDS, ["00"] * IO_FIELDS
    low[index], high[index] = "01", "80"
    assert getattr(parse_io_status("".join(low)), attribute) == {1}
    assert getattr(parse_io_status("".join(high)), attribute) == {8}


def test_spec_a2_example_inputs_8_6_2_enabled() -> None:
    status = parse_io_status(_io("a2"))
    assert status.input_enabled == {8, 6, 2}
    assert status.input_enabled.isdisjoint({7, 5, 4, 3, 1})


def test_spec_io_status_example() -> None:
    status = parse_io_status("00000100000000")
    assert status.fields == (0, 0, 1, 0, 0, 0, 0)
    assert status == IoStatus(output_closed=frozenset({1}), fields=(0, 0, 1, 0, 0, 0, 0))


def test_io_status_all_bits_upper_case_and_surrounding_space() -> None:
    status = parse_io_status(" FFFFFFFFFFFFFF\r\n")
    assert all(getattr(status, name) == set(range(1, 9)) for name in IO_ATTRIBUTES)
    assert status.fields == (255,) * IO_FIELDS


@pytest.mark.parametrize(
    "value",
    [
        "",
        "0000010000000",
        "000001000000000",
        "0000010000000g",
        "00 00 01 00 00 00 00",
        "+f000000000000",
        "0x000100000000",
        "\uff10" * 14,
        "00000100000000;",
        "a2",
    ],
)
def test_malformed_io_status_is_a_parse_error(value: str) -> None:
    with pytest.raises(ParseError, match="seven two-hex-digit fields"):
        parse_io_status(value)


# --- key=value answers and ptz info=1 -------------------------------------------------------


def test_spec_input_check_answer() -> None:
    assert parse_key_values("Input1=0") == {"input1": "0"}


def test_key_values_lower_cases_names_and_keeps_values() -> None:
    assert parse_key_values(
        "query=position\r\nPan=12.5\r\n tilt = -3.0 \r\nzoom=100\r\nnoise\r\n=x\r\nurl=a=b\r\n"
    ) == {"query": "position", "pan": "12.5", "tilt": "-3.0", "zoom": "100", "url": "a=b"}


def test_parse_float() -> None:
    values = {"pan": "12.5", "tilt": "-3", "zoom": "far"}
    assert parse_float(values, "pan") == 12.5
    assert parse_float(values, "tilt") == -3.0
    assert parse_float(values, "zoom") is None
    assert parse_float(values, "focus") is None


def test_ptz_info_names() -> None:
    answer = (
        "move=home,up,down,left,right,upleft,upright,downleft,downright\r\n"
        "{continuouspantiltmove=<int>,<int>}\r\n"
        "  Gotoserverpresetno=1...256  \r\n"
        "query=position\r\n"
        "Available commands:\r\n"
        "x1=2\r\n"
        "bad name=1\r\n"
        "\r\n"
    )
    assert parse_ptz_info(answer) == {
        "move",
        "continuouspantiltmove",
        "gotoserverpresetno",
        "query",
    }
    assert parse_ptz_info("") == frozenset()


# --- status: eventdata groups -> events and readings ----------------------------------------


def _decode(text: str, layout: StatusLayout = FULL_LAYOUT) -> StatusUpdate:
    return decode_groups(parse_eventdata(text), layout)


def test_layout_group_param_and_keys() -> None:
    assert (
        StatusLayout(groups=("Motion", "Motion1", "IO", "T0")).group_param == "Motion,Motion1,IO,T0"
    )
    assert ALL_GROUPS == ("Motion", "Motion1", "Motion2", "Motion3", "IO", "T0", "Face")
    assert (input_key(3), output_key(2), MAX_IO) == ("input_3", "output_2", 8)


def test_spec_disabled_motion_sees_nothing() -> None:
    update = _decode(SPEC_MOTION_DISABLED)
    assert update.events == {"motion": False}
    assert update.values == {"motion_level": 0}


def test_spec_motion_and_motion2_windows() -> None:
    update = _decode(SPEC_MOTION_AND_MOTION2)
    # Motion2 is the third window (Event.E11); only the first window reports its level.
    assert update.events == {"motion": False, "motion_3": False}
    assert update.values == {"motion_level": 0}


def test_status_of_spec_motion_motion1_and_io() -> None:
    update = _decode(SPEC_MOTION_MOTION1_IO)
    # 00000100000000: output 1 closed (XX2) but no input (XX5) or output (XX6) active.
    assert update.events == {"motion": False, "motion_2": False, "input_1": False, "input_2": False}
    assert update.values == {"motion_level": 0, "output_1": False}


def test_motion_windows_map_to_their_keys() -> None:
    text = "".join(f"{group}:Enabled=1;Triggered=1;\r\n" for group in MOTION_GROUPS)
    assert _decode(text).events == {
        "motion": True,
        "motion_2": True,
        "motion_3": True,
        "motion_4": True,
    }


def test_motion_level_and_triggered() -> None:
    update = _decode("Motion:Enabled=1;Level=42;Sensitivity=80;Triggered=1;\r\n")
    assert update.events == {"motion": True}
    assert update.values == {"motion_level": 42}


def test_disabled_motion_keeps_a_reported_level() -> None:
    update = _decode("Motion:Enabled=0;Level=5;\r\n")
    assert update.events == {"motion": False}
    assert update.values == {"motion_level": 5}


def test_enabled_window_without_triggered_reports_no_event() -> None:
    update = _decode("Motion:Enabled=1;Sensitivity=80;\r\nMotion1:Enabled=1;\r\n")
    assert update.events == {}
    assert update.values == {}


def test_windows_outside_the_layout_are_ignored() -> None:
    layout = StatusLayout(groups=("Motion",))
    update = decode_groups(
        parse_eventdata(SPEC_MOTION_AND_MOTION2.replace("Enabled=0", "Triggered=1")), layout
    )
    assert update.events == {"motion": True}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("T0:Enabled=1;Triggered=1;", {"tamper": True}),
        ("T0:Enabled=1;Triggered=0;", {"tamper": False}),
        ("T0:Enabled=0;", {"tamper": False}),
        # The spec's TamperingParam spells it `Enable`.
        ("T0:Enable=0;", {"tamper": False}),
        ("T0:Enable=1;Triggered=1;", {"tamper": True}),
        ("T0:Enabled=1;", {}),
    ],
)
def test_tamper(text: str, expected: dict[str, bool]) -> None:
    assert _decode(text + "\r\n").events == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SPEC_FACE, {"faces": 2}),
        (SPEC_MONITOR_FACE, {"faces": 0}),
        (SPEC_MONITOR_FACE_PARAM, {"faces": 0}),
        ("Face:Enabled=0;\r\n", {"faces": 0}),
        ("Face:Enabled=1;\r\n", {}),
    ],
)
def test_faces(text: str, expected: dict[str, int]) -> None:
    update = _decode(text)
    assert update.values == expected
    assert update.events == {}


def test_inputs_come_from_xx5_and_outputs_from_xx6() -> None:
    # Every other field fully set: none of it may leak into the states.
    layout = StatusLayout(groups=("IO",), inputs=(1, 2, 3), outputs=(1, 2))
    update = _decode(f"IO:Status={_io('ff', 'ff', 'ff', 'ff', 'ff', '05', '02')};\r\n", layout)
    assert update.events == {"input_1": True, "input_2": False, "input_3": True}
    assert update.values == {"output_1": False, "output_2": True}


def test_inputs_and_outputs_are_limited_to_the_layout() -> None:
    layout = StatusLayout(groups=("IO",), inputs=(1,), outputs=())
    update = _decode(f"IO:Status={_io('00', '00', '00', '00', '00', 'ff', 'ff')};", layout)
    assert update.events == {"input_1": True}
    assert update.values == {}


def test_io_without_status_reports_nothing() -> None:
    assert _decode("IO:Other=1;\r\n") == StatusUpdate()


def test_malformed_io_status_is_a_parse_error_of_the_whole_answer() -> None:
    with pytest.raises(ParseError):
        _decode("Motion:Triggered=1;\r\nIO:Status=zz;\r\n")


def test_decode_body_of_spec_answer_bytes() -> None:
    update = decode_body(SPEC_MOTION_MOTION1_IO.encode(), FULL_LAYOUT)
    assert update.events == {"motion": False, "motion_2": False, "input_1": False, "input_2": False}
    assert update.values == {"motion_level": 0, "output_1": False}


def test_decode_body_of_latin1_bytes() -> None:
    body = b"Motion:Enabled=1;Level=3;Triggered=1;Name=Caf\xe9;\r\nT0:Enabled=1;Triggered=1;\r\n"
    update = decode_body(body, FULL_LAYOUT)
    assert update.events == {"motion": True, "tamper": True}
    assert update.values == {"motion_level": 3}


@pytest.mark.parametrize("body", [b"", b"\r\n\r\n", b"hello world", b"Level=3;\r\n"])
def test_decode_body_without_a_group_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError, match="no group"):
        decode_body(body, FULL_LAYOUT)


def test_decode_body_of_an_error_answer_is_a_response_error() -> None:
    with pytest.raises(ResponseError, match="Error: not authorised"):
        decode_body(b"# Error: not authorised\r\n", FULL_LAYOUT)


@pytest.mark.parametrize(
    "level",
    ["\u00b2", "1\u00b3", "1" * 5000],
    ids=["superscript", "trailing_superscript", "5000_digits"],
)
def test_decode_body_of_a_non_decimal_motion_level(level: str) -> None:
    # Regression: str.isdigit() took these, then int() raised ValueError out of decode_body.
    body = f"Motion:Enabled=1;Level={level};Triggered=1;\r\n".encode()
    update = decode_body(body, FULL_LAYOUT)
    assert update.events == {"motion": True}
    assert update.values == {}


def test_decode_body_of_an_absurd_face_count() -> None:
    # Regression: int() of a >4300-digit count raised ValueError out of decode_body.
    body = f"Face:Enabled=1;H264_Face={'9' * 5000};H264_2_Face=1 0.5_0.4_0.2_0.3;\r\n".encode()
    assert decode_body(body, FULL_LAYOUT).values == {"faces": 1}


# --- PTZ: capabilities ----------------------------------------------------------------------

ALL_PATROLS = (
    *(f"autopan_{n}" for n in range(1, 5)),
    *(f"cruise_{n}" for n in range(1, 9)),
    *(f"sequence_{n}" for n in range(1, 9)),
)


def test_ip_ptz_command_set() -> None:
    support = ptz.PtzSupport(commands=ptz.commands_for_model("720WA-N4"))
    assert support.features() == {
        Feature.PTZ_MOVE,
        Feature.PTZ_ZOOM,
        Feature.PTZ_FOCUS,
        Feature.PTZ_PRESETS,
        Feature.PTZ_PATROL,
        Feature.PTZ_POSITION,
    }
    assert support.buttons() == {"ptz_home", "autofocus"}
    assert support.patrol_modes() == ALL_PATROLS
    assert support.reports_position is True


def test_zoom_camera_command_set() -> None:
    support = ptz.PtzSupport(commands=ptz.commands_for_model("W3512-A"))
    assert support.features() == {Feature.PTZ_ZOOM, Feature.PTZ_FOCUS, Feature.PTZ_PRESETS}
    assert support.buttons() == {"autofocus"}
    assert support.patrol_modes() == ()
    assert support.reports_position is True


def test_no_commands_no_ptz() -> None:
    support = ptz.PtzSupport(commands=frozenset())
    assert support.features() == frozenset()
    assert support.buttons() == frozenset()
    assert support.patrol_modes() == ()
    assert support.reports_position is False


@pytest.mark.parametrize(
    ("commands", "features", "buttons"),
    [
        ({"continuouspantiltmove"}, {Feature.PTZ_MOVE}, set()),
        ({"continuouszoommove"}, {Feature.PTZ_ZOOM}, set()),
        ({"continuousfocusmove"}, {Feature.PTZ_FOCUS}, set()),
        ({"autofocus"}, {Feature.PTZ_FOCUS}, {"autofocus"}),
        ({"continuousirismove"}, {Feature.PTZ_IRIS}, set()),
        ({"gotoserverpresetno"}, {Feature.PTZ_PRESETS}, set()),
        ({"gotoservercruiseno"}, {Feature.PTZ_PATROL}, set()),
        ({"pan"}, {Feature.PTZ_POSITION}, set()),
        ({"tilt"}, {Feature.PTZ_POSITION}, set()),
        ({"zoom"}, {Feature.PTZ_POSITION}, set()),
        ({"move"}, set(), {"ptz_home"}),
        ({"query", "center", "rpan"}, set(), set()),
    ],
)
def test_features_and_buttons_per_command(
    commands: set[str], features: set[Feature], buttons: set[str]
) -> None:
    support = ptz.PtzSupport(commands=frozenset(commands))
    assert support.features() == features
    assert support.buttons() == buttons


@pytest.mark.parametrize(
    ("commands", "modes"),
    [
        ({"gotoserverautopanno"}, ("autopan_1", "autopan_2", "autopan_3", "autopan_4")),
        ({"gotoservercruiseno"}, tuple(f"cruise_{n}" for n in range(1, 9))),
        ({"gotoserversequenceno"}, tuple(f"sequence_{n}" for n in range(1, 9))),
        (
            {"gotoserversequenceno", "gotoserverautopanno"},
            (
                *(f"autopan_{n}" for n in range(1, 5)),
                *(f"sequence_{n}" for n in range(1, 9)),
            ),
        ),
    ],
)
def test_patrol_modes(commands: set[str], modes: tuple[str, ...]) -> None:
    assert ptz.PtzSupport(commands=frozenset(commands)).patrol_modes() == modes


@pytest.mark.parametrize(
    ("commands", "sensors"),
    [
        (ptz.commands_for_model("720WA-N4"), {"ptz_pan", "ptz_tilt", "ptz_zoom"}),
        # A camera-zoom lens answers zoom (and focus) only.
        (ptz.commands_for_model("W3512-A"), {"ptz_zoom"}),
        ({"query", "move"}, {"ptz_pan", "ptz_tilt"}),
        ({"query", "pan"}, {"ptz_pan", "ptz_tilt"}),
        ({"query", "continuouspantiltmove"}, {"ptz_pan", "ptz_tilt"}),
        ({"query", "rzoom"}, {"ptz_zoom"}),
        ({"query", "zoom"}, {"ptz_zoom"}),
        ({"query", "autofocus"}, set()),
        # Without query=position there is nothing to read.
        ({"pan", "tilt", "zoom", "continuouszoommove"}, set()),
    ],
)
def test_position_sensors(commands: frozenset[str] | set[str], sensors: set[str]) -> None:
    assert ptz.PtzSupport(commands=frozenset(commands)).position_sensors() == sensors


def test_support_from_an_info_answer() -> None:
    commands = parse_ptz_info(
        "continuouszoommove=-100...100\r\ncontinuousirismove=stop,open,close\r\n"
    )
    support = ptz.PtzSupport(commands=commands)
    assert support.features() == {Feature.PTZ_ZOOM, Feature.PTZ_IRIS}
    assert support.reports_position is False


@pytest.mark.parametrize(
    "model", ["720WA-N4", "820ZA-M2", "720ZA-F3", "820WA-N3", "720ZB-E1", "720wa-n4"]
)
def test_ip_ptz_models(model: str) -> None:
    commands = ptz.commands_for_model(model)
    assert {"continuouspantiltmove", "move", "pan", "tilt", "zoom", "query"} <= commands
    assert "continuousirismove" not in commands


@pytest.mark.parametrize(
    "model",
    [
        "W3512-A",
        "Z3516-7",
        "W2100-2",
        "W2100-3",
        "W2100-5",
        "W2100-6",
        "W2100-F",
        "W2100-M",
        "X012-5",
        "X012-7",
        "Z8000-A",
        "z3516-f",
    ],
)
def test_zoom_models(model: str) -> None:
    assert ptz.commands_for_model(model) == {
        "continuouszoommove",
        "continuousfocusmove",
        "autofocus",
        "gotoserverpresetno",
        "query",
    }


@pytest.mark.parametrize(
    "model", ["W3500", "W3512", "Q1000-A", "620WA-N4", "W3512-B", "W3512-0", "", None]
)
def test_models_without_ptz(model: str | None) -> None:
    assert ptz.commands_for_model(model) == frozenset()


def test_lens_code_9_is_no_zoom_model() -> None:
    # Regression: the lens-code class once had a 9 that no model of the spec's table has.
    assert ptz.commands_for_model("W3512-9") == frozenset()


# --- PTZ: command parameters ----------------------------------------------------------------

MOVES = {
    PtzDirection.UP: "0,50",
    PtzDirection.DOWN: "0,-50",
    PtzDirection.LEFT: "-50,0",
    PtzDirection.RIGHT: "50,0",
    PtzDirection.UP_LEFT: "-50,50",
    PtzDirection.UP_RIGHT: "50,50",
    PtzDirection.DOWN_LEFT: "-50,-50",
    PtzDirection.DOWN_RIGHT: "50,-50",
}
INVERTED = {
    PtzDirection.UP: "0,50",
    PtzDirection.DOWN: "0,-50",
    PtzDirection.LEFT: "50,0",
    PtzDirection.RIGHT: "-50,0",
    PtzDirection.UP_LEFT: "50,50",
    PtzDirection.UP_RIGHT: "-50,50",
    PtzDirection.DOWN_LEFT: "50,-50",
    PtzDirection.DOWN_RIGHT: "-50,-50",
}


@pytest.mark.parametrize("direction", list(PtzDirection))
def test_move_params_for_every_direction(direction: PtzDirection) -> None:
    assert ptz.move_params(direction, 50, invert_pan=False) == {
        "continuouspantiltmove": MOVES[direction]
    }
    assert ptz.move_params(direction, 50, invert_pan=True) == {
        "continuouspantiltmove": INVERTED[direction]
    }


@pytest.mark.parametrize(
    ("speed", "expected"), [(-5, "1"), (0, "1"), (1, "1"), (37, "37"), (100, "100"), (150, "100")]
)
def test_move_speed_is_clamped_to_1_100(speed: int, expected: str) -> None:
    assert ptz.move_params(PtzDirection.RIGHT, speed, invert_pan=False) == {
        "continuouspantiltmove": f"{expected},0"
    }
    assert ptz.move_params(PtzDirection.DOWN_LEFT, speed, invert_pan=False) == {
        "continuouspantiltmove": f"-{expected},-{expected}"
    }


def test_stop_params() -> None:
    assert ptz.STOP_PARAMS == {"continuouspantiltmove": "0,0"}


LENS_COMMANDS = {
    (LensAxis.ZOOM, LensDirection.IN): {"continuouszoommove": "50"},
    (LensAxis.ZOOM, LensDirection.OUT): {"continuouszoommove": "-50"},
    (LensAxis.FOCUS, LensDirection.NEAR): {"continuousfocusmove": "50"},
    (LensAxis.FOCUS, LensDirection.FAR): {"continuousfocusmove": "-50"},
    (LensAxis.FOCUS, LensDirection.AUTO): {"autofocus": "pushaf"},
    (LensAxis.IRIS, LensDirection.OPEN): {"continuousirismove": "open"},
    (LensAxis.IRIS, LensDirection.CLOSE): {"continuousirismove": "close"},
}


@pytest.mark.parametrize(("axis", "direction"), list(LENS_COMMANDS))
def test_lens_params(axis: LensAxis, direction: LensDirection) -> None:
    assert ptz.lens_params(axis, direction) == LENS_COMMANDS[(axis, direction)]


@pytest.mark.parametrize(
    ("axis", "direction"),
    [pair for pair in itertools.product(LensAxis, LensDirection) if pair not in LENS_COMMANDS],
)
def test_invalid_lens_combinations_are_not_supported(
    axis: LensAxis, direction: LensDirection
) -> None:
    with pytest.raises(NotSupportedError, match=str(direction)):
        ptz.lens_params(axis, direction)


def test_every_invalid_lens_combination_is_listed() -> None:
    assert len(list(itertools.product(LensAxis, LensDirection))) - len(LENS_COMMANDS) == 14


@pytest.mark.parametrize(
    ("axis", "expected"),
    [
        (LensAxis.ZOOM, {"continuouszoommove": "0"}),
        (LensAxis.FOCUS, {"continuousfocusmove": "0"}),
        (LensAxis.IRIS, {"continuousirismove": "stop"}),
    ],
)
def test_lens_stop_params(axis: LensAxis, expected: dict[str, str]) -> None:
    assert ptz.lens_stop_params(axis) == expected


def test_patrol_params_for_every_mode() -> None:
    commands = {"autopan": "gotoserverautopanno", "cruise": "gotoservercruiseno"}
    commands["sequence"] = "gotoserversequenceno"
    for mode in ALL_PATROLS:
        name, _, number = mode.partition("_")
        assert ptz.patrol_params(mode) == {commands[name]: number}


def test_patrol_number_is_sent_plainly() -> None:
    assert ptz.patrol_params("autopan_02") == {"gotoserverautopanno": "2"}


@pytest.mark.parametrize(
    "mode",
    [
        "autopan_0",
        "autopan_5",
        "cruise_9",
        "sequence_0",
        "sequence_9",
        "autopan",
        "autopan_",
        "autopan_x",
        "autopan_-1",
        "autopan_1.5",
        "_1",
        "tour_1",
        "AUTOPAN_1",
        "",
    ],
)
def test_invalid_patrol_modes_are_not_supported(mode: str) -> None:
    with pytest.raises(NotSupportedError, match="patrol mode"):
        ptz.patrol_params(mode)


@pytest.mark.parametrize(
    "mode", ["autopan_\u00b2", "cruise_" + "1" * 5000], ids=["superscript", "5000_digits"]
)
def test_non_decimal_patrol_numbers_are_not_supported(mode: str) -> None:
    # Regression: str.isdigit() took these, then int() raised ValueError.
    with pytest.raises(NotSupportedError):
        ptz.patrol_params(mode)


@pytest.mark.parametrize(
    ("pan", "tilt", "zoom", "expected"),
    [
        (12.345, None, None, {"pan": "12.3"}),
        (-180.0, None, None, {"pan": "-180.0"}),
        (180.0, None, None, {"pan": "180.0"}),
        (None, -10.0, None, {"tilt": "-10.0"}),
        (None, 190.0, None, {"tilt": "190.0"}),
        (None, None, 0.0, {"zoom": "0"}),
        (None, None, 100.0, {"zoom": "9999"}),
        (None, None, 50.0, {"zoom": "5000"}),
        (None, None, 25.0, {"zoom": "2500"}),
        (None, None, 1.0, {"zoom": "100"}),
        (0.0, 0.0, 0.0, {"pan": "0.0", "tilt": "0.0", "zoom": "0"}),
        (-90.5, 45.25, 10.0, {"pan": "-90.5", "tilt": "45.2", "zoom": "1000"}),
    ],
)
def test_position_params(
    pan: float | None, tilt: float | None, zoom: float | None, expected: dict[str, str]
) -> None:
    assert ptz.position_params(pan, tilt, zoom) == expected


@pytest.mark.parametrize(
    ("pan", "tilt", "zoom", "message"),
    [
        (180.1, None, None, "pan 180.1 .the camera takes -180 to 180"),
        (-180.1, None, None, "pan -180.1"),
        (None, -10.1, None, "tilt -10.1 .the camera takes -10 to 190"),
        (None, 190.1, None, "tilt 190.1"),
        (None, None, -0.1, "zoom -0.1 .the camera takes 0 to 100"),
        (None, None, 100.1, "zoom 100.1"),
        (float("nan"), None, None, "pan nan"),
        (None, float("inf"), None, "tilt inf"),
        (0.0, 0.0, 101.0, "zoom 101"),
        (None, None, None, "without pan, tilt or zoom"),
    ],
)
def test_position_out_of_range_is_not_supported(
    pan: float | None, tilt: float | None, zoom: float | None, message: str
) -> None:
    with pytest.raises(NotSupportedError, match=message):
        ptz.position_params(pan, tilt, zoom)


def test_spec_ranges() -> None:
    assert tuple(range(1, 257)) == ptz.PRESETS
    assert (ptz.PAN_RANGE, ptz.TILT_RANGE, ptz.ZOOM_STEPS) == (
        (-180.0, 180.0),
        (-10.0, 190.0),
        9999,
    )


# --- fuzzing: any text in, a typed error or a well-formed result out -----------------------

# Any text, superscript digits (which str.isdigit() takes and int() refuses) included.
_ANY_TEXT = st.text(max_size=400)
_TOKENS = st.sampled_from(
    [
        *MOTION_GROUPS,
        "IO",
        "T0",
        "Face",
        "root.",
        ":",
        "=",
        ";",
        "\r\n",
        "\n",
        " ",
        "#",
        "Enabled",
        "Enable",
        "Level",
        "Triggered",
        "Status",
        "H264_Face",
        "1",
        "0",
        "15",
        "a2",
        "ff",
        "00000100000000",
        "2 0.5_0.4_0.2_0.3",
        "é",
        "x",
        "\u00b2",
        "9" * 5000,
    ]
)
_NEAR_EVENTDATA = st.lists(_TOKENS, max_size=60).map("".join)


def _parse_all(text: str) -> None:
    """Every text reader: a typed refusal or a well-formed result."""
    with contextlib.suppress(ResponseError):
        params = parse_param_list(text)
        assert all(name and not name.startswith("#") and "=" not in name for name in params)
        assert all("\n" not in value and value == value.strip() for value in params.values())
    with contextlib.suppress(ResponseError):
        groups = parse_eventdata(text)
        for group, fields in groups.items():
            assert group
            assert ":" not in group
            assert group == group.strip()
            assert all(key and "=" not in key and ";" not in key for key in fields)
    with contextlib.suppress(ResponseError):
        values = parse_key_values(text)
        assert all(name == name.lower().strip() and name for name in values)
    with contextlib.suppress(ResponseError):
        assert all(re.fullmatch(r"[a-z_]+", name) for name in parse_ptz_info(text))
    with contextlib.suppress(ParseError):
        status = parse_io_status(text)
        assert len(status.fields) == IO_FIELDS


def _decode_any(body: bytes) -> None:
    """decode_body: a ResponseError (ParseError) or only the keys the layout allows."""
    with contextlib.suppress(ResponseError):
        update = decode_body(body, FULL_LAYOUT)
        events = {"motion", "motion_2", "motion_3", "motion_4", "tamper", "input_1", "input_2"}
        assert set(update.events) <= events
        assert set(update.values) <= {"motion_level", "faces", "output_1"}
        assert all(isinstance(value, bool) for value in update.events.values())


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_readers_on_arbitrary_text(text: str) -> None:
    _parse_all(text)


@settings(max_examples=300, deadline=None)
@given(_NEAR_EVENTDATA)
def test_readers_on_near_eventdata(text: str) -> None:
    _parse_all(text)
    _decode_any(text.encode())
    _decode_any(text.encode("latin-1", "replace"))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_decode_body_on_arbitrary_bytes(body: bytes) -> None:
    _decode_any(body)
    _decode_any(b"Motion:" + body)
    _decode_any(b"IO:Status=" + body)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=IO_FIELDS, max_size=IO_FIELDS))
def test_io_status_round_trip(raw: bytes) -> None:
    status = parse_io_status(raw.hex())
    assert status.fields == tuple(raw)
    for attribute, byte in zip(IO_ATTRIBUTES, raw, strict=True):
        assert getattr(status, attribute) == {n for n in range(1, 9) if byte & 1 << (n - 1)}


_WORD = st.text(string.ascii_letters + string.digits + "_", min_size=1, max_size=8)
# `root.x` too: the list line is then `root.root.x`, and only the first `root.` goes.
_NAME = st.lists(_WORD, min_size=1, max_size=4).map(".".join)
_VALUE = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\x1c\x1d\x1e\x85"
    ),
    max_size=30,
).map(str.strip)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_NAME, _VALUE, max_size=10))
def test_param_list_round_trip(params: dict[str, str]) -> None:
    text = "".join(f"root.{name}={value}\r\n" for name, value in params.items())
    assert parse_param_list(text) == params


_FIELD_VALUE = st.text(string.ascii_letters + string.digits + "_., ", max_size=12).map(str.strip)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(_WORD, st.dictionaries(_WORD, _FIELD_VALUE, min_size=1, max_size=5), max_size=6)
)
def test_eventdata_round_trip(groups: dict[str, dict[str, str]]) -> None:
    text = "".join(
        f"{group}:{''.join(f'{key}={value};' for key, value in fields.items())} \r\n"
        for group, fields in groups.items()
    )
    assert parse_eventdata(text) == groups


# --- size: 100 kB answers complete, and the work grows with the size ------------------------

BIG = 100_000


def test_big_param_list() -> None:
    lines = BIG // 25
    text = "".join(f"root.Group.Name{i:06d}=value\r\n" for i in range(lines))
    params = parse_param_list(text)
    assert len(params) == lines
    assert params["Group.Name000007"] == "value"


def test_big_eventdata_answers() -> None:
    groups = BIG // 30
    assert (
        len(parse_eventdata("".join(f"G{i}:Enabled=1;Level=5;\r\n" for i in range(groups))))
        == groups
    )
    fields = parse_eventdata("Face:" + "".join(f"K{i}=1;" for i in range(BIG // 8)))["Face"]
    assert len(fields) == BIG // 8
    # The wrapped-line continuation, taken to an extreme.
    wrapped = parse_eventdata("Face:H264_Face=1\n" + "0.5_0.4_0.2_0.3\n" * (BIG // 16))
    assert wrapped["Face"]["H264_Face"].count("0.5_0.4_0.2_0.3") == BIG // 16


def test_big_key_values_ptz_info_and_io() -> None:
    assert len(parse_key_values("".join(f"input{i}=0\r\n" for i in range(BIG // 12)))) == BIG // 12
    assert (
        len(
            parse_ptz_info(
                "".join(f"cmd_{chr(97 + i % 26)}{'a' * (i % 7)}=1\r\n" for i in range(BIG // 12))
            )
        )
        == 26 * 7
    )
    with pytest.raises(ParseError):
        parse_io_status("0" * BIG)
    with pytest.raises(ParseError, match="no group"):
        decode_body(b"x" * BIG, FULL_LAYOUT)


def _seconds(parse: Callable[[str], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        parse(text)
        best = min(best, time.perf_counter() - started)
    return best


def _growth(parse: Callable[[str], object], make: Callable[[int], str]) -> float:
    """How much longer a 16 times larger answer takes (about 16 when the work is linear).

    Under a tracer (coverage, a debugger) every line costs far more than the copying these
    checks look for, and the ratios turn to noise: the checks are skipped there.
    """
    if sys.gettrace() is not None or sys.monitoring.get_tool(sys.monitoring.COVERAGE_ID):
        pytest.skip("timings are meaningless under a tracer")
    small, large = make(20_000), make(320_000)
    return _seconds(parse, large, 2) / max(_seconds(parse, small, 5), 1e-6)


@pytest.mark.parametrize(
    ("parse", "make"),
    [
        (parse_param_list, lambda size: "root.G.N=v\r\n" * (size // 12)),
        (parse_eventdata, lambda size: "Motion:Enabled=1;Level=5;\r\n" * (size // 27)),
        (parse_eventdata, lambda size: "Face:" + "K=1;" * (size // 4)),
        (parse_key_values, lambda size: "pan=1\r\n" * (size // 7)),
        (parse_ptz_info, lambda size: "{move=home}\r\n" * (size // 13)),
    ],
    ids=["param_list", "eventdata_groups", "eventdata_keys", "key_values", "ptz_info"],
)
def test_work_grows_linearly(parse: Callable[[str], object], make: Callable[[int], str]) -> None:
    assert _growth(parse, make) < 48


@pytest.mark.parametrize(
    "make",
    [
        lambda size: "Face:A=1;" + "x;" * (size // 2),
        lambda size: "Face:A=1\n" + "x\n" * (size // 2),
    ],
    ids=["items", "lines"],
)
def test_continuations_grow_linearly(make: Callable[[int], str]) -> None:
    # Regression: each continuation once rebuilt the whole value (quadratic work).
    assert _growth(parse_eventdata, make) < 48


def test_ptz_values_lists_one_commands_values() -> None:
    answer = "Available commands:\r\nautofocus=on|off|pushaf\r\n{move=home|up}\r\n"
    assert parse_ptz_values(answer, "autofocus") == {"on", "off", "pushaf"}
    assert parse_ptz_values(answer, "move") == {"home", "up"}
    assert parse_ptz_values(answer, "zoom") == frozenset()


@pytest.mark.parametrize(
    ("modes", "value"),
    [
        (frozenset(), "pushaf"),
        (frozenset({"on", "off", "pushaf"}), "pushaf"),
        # Spec 5.3.1.1: the Full HD / UHD IP PTZs take on/off only.
        (frozenset({"on", "off"}), "on"),
        (frozenset({"zoomreset"}), "pushaf"),
    ],
)
def test_auto_focus_uses_one_push_where_the_camera_has_it(
    modes: frozenset[str], value: str
) -> None:
    support = ptz.PtzSupport(commands=frozenset({"autofocus"}), autofocus_modes=modes)
    assert support.auto_focus_value == value
    assert ptz.lens_params(LensAxis.FOCUS, LensDirection.AUTO, support.auto_focus_value) == {
        "autofocus": value
    }


@pytest.mark.parametrize(
    ("model", "modes"),
    [
        ("720WA-N4", {"on", "off"}),
        ("W3512-A", {"on", "off", "zoomtrigger", "pushaf"}),
        ("W3500", set()),
        (None, set()),
    ],
)
def test_autofocus_values_of_the_model_table(model: str | None, modes: set[str]) -> None:
    assert ptz.autofocus_for_model(model) == modes
