"""Client of Hankvision `/cgi/` video servers: "HTTP API Interface Specification" V3.1."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar, Final

from ...errors import AuthError, CameraError, NotSupportedError, ParseError, ResponseError
from ...login import AccountGuard
from ...models import (
    Capabilities,
    ClientOptions,
    DeviceInfo,
    Feature,
    LensAxis,
    LensDirection,
    PresetAction,
    PtzDirection,
    SdCardState,
    SettingSpec,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    Vendor,
)
from ...transport import AuthScheme, HttpResponse, StreamResponse, Transport
from ...vendor import VendorClient, async_absent_path_is_unprotected
from . import ptz
from .parse import Group, Message, ValueRange, check_result, parse_message, parse_range
from .settings import CATALOGUE, SETTINGS, SETTINGS_BY_KEY

CHANNEL: Final = "1"
# 3.14: "/jpgimage/Channel/image.jpg" and "/mjpgstreamreq/Channel/image.jpg".
JPEG_PATH: Final = f"/jpgimage/{CHANNEL}/image.jpg"
MJPEG_PATH: Final = f"/mjpgstreamreq/{CHANNEL}/image.jpg"
_JPEG_MAGIC: Final = b"\xff\xd8"
# The classes whose `_query?Group=All` tells, once, which settings exist and their ranges.
QUERIED: Final = ("image", "camera", "alarm", "audio", "record")
STATUS_GROUP: Final = "RecordDevice"
# 3.5.1 RecordDevice: "SD status flag, 0 dev off, 1 dev on, 2 sd card pulled out, 3
# formatting sd, 4 sd mounted, 5 sd unmounted, 6 sd is write-protected, 7 device
# uninitialized, 8 mounting sd card, 9 unmounting sd card".
# SdCardState lists them in the order of these codes.
SD_STATES: Final = tuple(SdCardState)
# The spec prints the RecordDevice and DeviceInfo answers as bare values (3.1.1, 3.5.1):
# their element names are matched loosely, first match wins.
_SD_STATUS_RE: Final = re.compile(r"^sd_?(?:card_?)?(?:status|state)(?:_?flag)?$", re.I)
_USED_RE: Final = re.compile(r"^used_?(?:space|size)?$", re.I)
_TOTAL_RE: Final = re.compile(r"^total_?(?:space|size)?$", re.I)
_MODEL_NAMES: Final = ("DeviceID", "DeviceId", "DeviceModel", "Model")
_FIRMWARE_NAMES: Final = ("SoftwareVersion", "SoftVersion", "SWVersion", "Version")
_SERIAL_NAMES: Final = ("SerialNumber", "SerialNum", "SN")
_MAC_NAMES: Final = ("Mac", "MAC", "MacAddress", "MACAddress")
_MAC_RE: Final = re.compile(r"^(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")


def _first(group: Group | None, names: tuple[str, ...]) -> str | None:
    if group is None:
        return None
    for name in names:
        if value := group.get(name):
            return value
    return None


def _matching(group: Group, pattern: re.Pattern[str]) -> str | None:
    return next(
        (value.strip() for name, value in group.values.items() if pattern.match(name)), None
    )


def _mac(value: str | None) -> str | None:
    if value is None or not _MAC_RE.match(value.strip()):
        return None
    mac = value.strip().lower().replace("-", ":")
    return None if mac in ("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff") else mac


def _whole(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


class HankvisionClient(VendorClient):
    """A Hankvision V6202IR-based camera or video server (`/cgi/<class>_get|set|query`)."""

    vendor: ClassVar[Vendor] = Vendor.HANKVISION
    manufacturer: ClassVar[str] = "Hankvision"
    # Basic (admin with an empty password is a common default), Digest where challenged:
    # learned from the first challenge, before credentials are sent.
    auth_scheme: ClassVar[AuthScheme] = AuthScheme.AUTO
    setting_catalogue: ClassVar[Mapping[str, SettingSpec]] = CATALOGUE

    @classmethod
    async def async_fingerprint(cls, transport: Transport) -> bool:
        """`/cgi/sys_get` answers a `<Message>` (or asks for credentials where no path does)."""
        try:
            response = await transport.request(
                "/cgi/sys_get",
                {"Group": "DeviceInfo"},
                use_auth=False,
                accept_statuses=frozenset({401, 404}),
            )
        except CameraError:
            return False
        if response.status == 401:
            return await async_absent_path_is_unprotected(transport)
        if response.status != 200:
            return False
        try:
            message = parse_message(response.text())
        except ParseError:
            return False
        return message.cgi == "sys_get" or message.code is not None

    def __init__(self, transport: Transport, options: ClientOptions | None = None) -> None:
        """Bind to the transport; nothing is sent until the first call."""
        super().__init__(transport, options)
        self._offered: dict[str, ValueRange] = {}
        self._settings: dict[str, SettingSpec] = {}
        # Until the capabilities were read, no setting is known and none is read.
        self._groups: tuple[tuple[str, str], ...] = ()
        self._guard = AccountGuard()
        self._ptz_params: frozenset[str] = frozenset()
        self._sd = False

    async def _call(
        self, cgi: str, verb: str, group: str, params: Mapping[str, str] | None = None
    ) -> Message:
        """One `/cgi/<cgi>_<verb>` request; typed errors for the 4xx/5xx result codes."""
        path = f"/cgi/{cgi}_{verb}"
        query: dict[str, str | int] = {"Group": group}
        if verb != "query" and cgi != "sys":
            # 2.3.1: Channel goes with get and set; the query and sys examples omit it.
            query = {"Channel": CHANNEL, **query}
        query.update(params or {})
        response = await self._request(path, query)
        return check_result(path, parse_message(response.text()), self.transport.redact)

    async def _request(
        self, path: str, query: Mapping[str, str | int] | None = None
    ) -> HttpResponse:
        """Every request carries the credentials: once refused, none is sent again.

        HTTP auth has no session to lose, so a refused password would otherwise be retried
        on every poll (and count as a failed login on the device each time).
        """
        self._guard.check()
        try:
            return await self.transport.request(path, query)
        except AuthError as err:
            self._guard.record(err)
            raise

    # -- identity and capabilities ----------------------------------------------------------

    async def async_identify(self) -> DeviceInfo:
        """3.1.1 DeviceInfo: DeviceID (the model), software version, serial number, MAC."""
        info = (await self._call("sys", "get", "DeviceInfo")).group("DeviceInfo")
        mac = _mac(_first(info, _MAC_NAMES))
        return DeviceInfo(
            vendor=self.vendor,
            manufacturer=self.manufacturer,
            model=_first(info, _MODEL_NAMES),
            mac=mac,
            serial=_first(info, _SERIAL_NAMES),
            firmware=_first(info, _FIRMWARE_NAMES),
        )

    async def async_capabilities(self) -> Capabilities:
        """Each class's `_query?Group=All` (ranges, options), the PTZ query, the SD card."""
        offered: dict[tuple[str, str], Group] = {}
        for cgi in QUERIED:
            try:
                message = await self._call(cgi, "query", "All")
            except (NotSupportedError, ResponseError):
                continue
            for group in message.groups:
                offered.setdefault((cgi, group.name), group)
        self._offered = {}
        for setting in SETTINGS:
            answered = offered.get((setting.cgi, setting.group))
            if answered is not None and setting.param in answered.values:
                value_range = parse_range(answered.values[setting.param])
                if value_range.read_only:
                    continue
                self._offered[setting.key] = value_range
        self._settings = {
            key: SETTINGS_BY_KEY[key].spec(value_range)
            for key, value_range in self._offered.items()
        }
        self._groups = tuple(
            dict.fromkeys((s.cgi, s.group) for s in SETTINGS if s.key in self._settings)
        )
        self._ptz_params = await self._ptz_support()
        preset_names = await self._preset_names() if "PresetNumber" in self._ptz_params else {}
        self._sd = await self._sd_answers()
        features = {Feature.SNAPSHOT, Feature.MJPEG} | self._ptz_features()
        return Capabilities(
            features=frozenset(features),
            sensors=frozenset({"sd_card_status", "sd_card_used"} if self._sd else ()),
            settings=dict(self._settings),
            buttons=frozenset(
                {"reboot"} | ({"ptz_auto_scan"} if "AutoScan" in self._ptz_params else set())
            ),
            ptz_presets=ptz.PRESETS if Feature.PTZ_PRESETS in features else (),
            preset_names=preset_names,
            patrol_modes=ptz.PATROLS if Feature.PTZ_PATROL in features else (),
            streams=(StreamQuality.MAIN,),
        )

    async def _ptz_support(self) -> frozenset[str]:
        """The PTZCtrlInfo parameters the device's query lists; none without PTZ (501)."""
        try:
            message = await self._call("ptz", "query", "All")
        except (NotSupportedError, ResponseError):
            return frozenset()
        names: set[str] = set()
        for group in message.all_of("PTZCtrlInfo"):
            names.update(group.values)
        return frozenset(names)

    def _ptz_features(self) -> set[Feature]:
        params = self._ptz_params
        wanted = {
            Feature.PTZ_MOVE: "Direction",
            Feature.PTZ_ZOOM: "Zoom",
            Feature.PTZ_FOCUS: "Focus",
            Feature.PTZ_IRIS: "Iris",
            Feature.PTZ_PRESETS: "PresetNumber",
            Feature.PTZ_POSITION: "Pan",
        }
        features = {feature for feature, name in wanted.items() if name in params}
        if "AutoPan" in params or "Pattern" in params:
            features.add(Feature.PTZ_PATROL)
        return features

    async def _preset_names(self) -> dict[int, str]:
        """PresetNameInfo: one group per preset with its title (the untitled ones left out)."""
        try:
            message = await self._call("ptz", "get", "PresetNameInfo")
        except (NotSupportedError, ResponseError):
            return {}
        names: dict[int, str] = {}
        for group in message.all_of("PresetNameInfo"):
            number = _whole(group.get("PresetNumber"))
            title = group.get("PresetTitle")
            if number in ptz.PRESETS and title:
                names[number] = title
        return names

    async def _sd_answers(self) -> bool:
        try:
            await self.async_fast_status()
        except (NotSupportedError, ResponseError):
            return False
        return True

    # -- status and settings ----------------------------------------------------------------

    async def async_fast_status(self) -> StatusUpdate:
        """record_get RecordDevice: the SD card's state and use, in ONE request.

        The API reports no live motion (MDInfo is configuration only): this is the live state
        it offers.
        """
        group = (await self._call("record", "get", STATUS_GROUP)).group(STATUS_GROUP)
        if group is None:
            raise ParseError(f"the answer carries no {STATUS_GROUP}")
        values: dict[str, SettingValue] = {}
        status = _whole(_matching(group, _SD_STATUS_RE))
        if status is not None and status < len(SD_STATES):
            values["sd_card_status"] = str(SD_STATES[status])
        used, total = _whole(_matching(group, _USED_RE)), _whole(_matching(group, _TOTAL_RE))
        if used is not None and total:
            values["sd_card_used"] = round(min(used, total) / total * 100, 1)
        return StatusUpdate(values=values)

    async def async_read_settings(self) -> Mapping[str, SettingValue]:
        """One `_get` per group that holds a setting (image, camera, alarm, audio, record)."""
        values: dict[str, SettingValue] = {}
        for cgi, name in self._groups:
            group = (await self._call(cgi, "get", name)).group(name)
            if group is None:
                continue
            for setting in SETTINGS:
                if setting.key in self._settings and (setting.cgi, setting.group) == (cgi, name):
                    value = setting.decode(group.get(setting.param))
                    if value is not None:
                        values[setting.key] = value
        return values

    async def async_write_setting(self, key: str, value: SettingValue) -> None:
        """`<cgi>_set?Channel=1&Group=<group>&<param>=<code>`."""
        if key not in self._settings:
            raise NotSupportedError(key)
        setting = SETTINGS_BY_KEY[key]
        code = setting.encode(value, self._offered.get(key))
        await self._call(setting.cgi, "set", setting.group, {setting.param: code})

    # -- pictures -----------------------------------------------------------------------------

    async def async_snapshot(self, quality: StreamQuality = StreamQuality.MAIN) -> bytes:
        """3.14 Get JPEG."""
        response = await self._request(JPEG_PATH)
        if not response.body.startswith(_JPEG_MAGIC):
            raise ParseError(f"{JPEG_PATH} answered no JPEG picture")
        return response.body

    async def async_open_mjpeg(self, quality: StreamQuality = StreamQuality.MAIN) -> StreamResponse:
        """3.14 Get MJPEG (closing the connection ends it)."""
        self._guard.check()
        try:
            return await self.transport.open_stream(MJPEG_PATH)
        except AuthError as err:
            self._guard.record(err)
            raise

    # -- commands -----------------------------------------------------------------------------

    async def async_press(self, button: str) -> None:
        """Reboot (sys_set Group=Reboot), ptz_auto_scan (AutoScan=1)."""
        if button == "reboot":
            await self._call("sys", "set", "Reboot")
            return
        if button == "ptz_auto_scan" and "AutoScan" in self._ptz_params:
            await self._ptz("ptz_auto_scan", {"AutoScan": "1"})
            return
        raise NotSupportedError(button)

    async def _ptz(self, action: str, params: Mapping[str, str], needs: str | None = None) -> None:
        if needs is not None and needs not in self._ptz_params:
            raise NotSupportedError(f"{action} (the device's PTZ query lists no {needs})")
        await self._call("ptz", "set", "PTZCtrlInfo", params)

    async def async_ptz_move(self, direction: PtzDirection, speed: int) -> None:
        """Direction 1-8 with PanSpeed/TiltSpeed 0-63."""
        await self._ptz(
            "ptz_move", ptz.move_params(direction, speed, self.options.invert_pan), "Direction"
        )

    async def async_ptz_stop(self) -> None:
        """Stop=0 stops every PTZ operation."""
        await self._ptz("ptz_stop", ptz.STOP, "Stop")

    async def async_ptz_lens(self, axis: LensAxis, direction: LensDirection) -> None:
        """Zoom/Focus/Iris = 1 or 0."""
        params = ptz.lens_params(axis, direction)
        await self._ptz(f"ptz_{axis}", params, next(iter(params)))

    async def async_ptz_lens_stop(self, axis: LensAxis, direction: LensDirection) -> None:
        """Stop=0: the one stop the spec has."""
        await self._ptz(f"ptz_{axis}", ptz.STOP, "Stop")

    async def async_ptz_preset(self, action: PresetAction, preset: int) -> None:
        """Preset=1 (goto) or 0 (save) with PresetNumber; removal is not in the API."""
        await self._ptz("ptz_preset", ptz.preset_params(action, preset), "PresetNumber")

    async def async_ptz_patrol(self, start: bool, mode: str | None) -> None:
        """AutoPan/Pattern run 1-4; stop is Stop=0."""
        if not start:
            await self.async_ptz_stop()
            return
        params = ptz.patrol_params(mode)
        await self._ptz("ptz_patrol", params, next(name for name in params if "Number" not in name))

    async def async_ptz_position(
        self, pan: float | None, tilt: float | None, zoom: float | None
    ) -> None:
        """Model=0 (absolute) with Pan/Tilt in hundredths of a degree and ZoomPosition."""
        await self._ptz("ptz_position", ptz.position_params(pan, tilt, zoom), "Pan")
