"""eventdata.cgi groups -> the vendor-neutral events and readings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from ...errors import ParseError
from ...models import SettingValue, StatusUpdate
from .parse import IoStatus, event_flag, event_int, faces_of, parse_eventdata, parse_io_status

# Spec 5.4.2: Motion = Event.E1, Motion1-3 = Event.E10-E12, T0 = tampering (Event.E2),
# Face = Event.E14 (Full HD WDR IP Camera only).
MOTION_GROUPS: Final = {
    "Motion": "motion",
    "Motion1": "motion_2",
    "Motion2": "motion_3",
    "Motion3": "motion_4",
}
IO_GROUP: Final = "IO"
TAMPER_GROUP: Final = "T0"
FACE_GROUP: Final = "Face"
ALL_GROUPS: Final = (*MOTION_GROUPS, IO_GROUP, TAMPER_GROUP, FACE_GROUP)
MAX_IO: Final = 8


def input_key(number: int) -> str:
    """`input_1`: the binary sensor of digital input 1."""
    return f"input_{number}"


def output_key(number: int) -> str:
    """`output_1`: the switch of digital output 1."""
    return f"output_{number}"


@dataclass(frozen=True, kw_only=True)
class StatusLayout:
    """Which groups, windows, inputs and outputs this camera reports."""

    groups: tuple[str, ...]
    inputs: tuple[int, ...] = ()
    outputs: tuple[int, ...] = ()

    @property
    def group_param(self) -> str:
        """`Motion,Motion1,IO,T0`: every group in ONE request."""
        return ",".join(self.groups)


def decode_groups(groups: Mapping[str, Mapping[str, str]], layout: StatusLayout) -> StatusUpdate:
    """Events (motion windows, tamper, inputs) and readings (level, faces, outputs)."""
    events: dict[str, bool] = {}
    values: dict[str, SettingValue] = {}
    for group, key in MOTION_GROUPS.items():
        fields = groups.get(group)
        if fields is None or group not in layout.groups:
            continue
        # A disabled window answers only `Enabled=0`: it sees no motion.
        triggered = event_flag(fields, "Triggered")
        enabled = event_flag(fields, "Enabled")
        if triggered is not None:
            events[key] = triggered
        elif enabled is False:
            events[key] = False
        if key == "motion" and (level := event_int(fields, "Level")) is not None:
            values["motion_level"] = level
        elif key == "motion" and enabled is False:
            values["motion_level"] = 0
    if (tamper := groups.get(TAMPER_GROUP)) is not None:
        triggered = event_flag(tamper, "Triggered")
        enabled = event_flag(tamper, "Enabled")
        if enabled is None:
            enabled = event_flag(tamper, "Enable")
        if triggered is not None or enabled is False:
            events["tamper"] = bool(triggered)
    if (face := groups.get(FACE_GROUP)) is not None:
        count = faces_of(face)
        if count is not None:
            values["faces"] = count
        elif event_flag(face, "Enabled") is False:
            values["faces"] = 0
    if (io := groups.get(IO_GROUP)) is not None and "Status" in io:
        status = parse_io_status(io["Status"])
        events.update(_inputs(status, layout))
        values.update(_outputs(status, layout))
    return StatusUpdate(events=events, values=values)


def _inputs(status: IoStatus, layout: StatusLayout) -> dict[str, bool]:
    return {input_key(n): n in status.input_active for n in layout.inputs}


def _outputs(status: IoStatus, layout: StatusLayout) -> dict[str, SettingValue]:
    return {output_key(n): n in status.output_active for n in layout.outputs}


def decode_body(body: bytes, layout: StatusLayout) -> StatusUpdate:
    """One eventdata answer (or one monitor part) as text, tolerant of non-UTF-8 bytes."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("latin-1")
    groups = parse_eventdata(text)
    if not groups:
        raise ParseError(f"eventdata answered no group: {text[:80]!r}")
    return decode_groups(groups, layout)
