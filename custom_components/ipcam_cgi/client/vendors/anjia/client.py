"""Client of Anjia Weishi OEM "CGI Network Camera" VER. 1.0.10 cameras (getuid sessions)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import ClassVar, Final

from ...errors import CameraError, NotSupportedError, ParseError, ResponseError
from ...login import AccountGuard
from ...models import (
    LENS_SIGNS,
    PTZ_VECTORS,
    Capabilities,
    ClientOptions,
    DeviceInfo,
    Feature,
    LensAxis,
    LensDirection,
    PresetAction,
    PtzDirection,
    SettingSpec,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    Vendor,
)
from ...transport import REDACTED, AuthScheme, HttpResponse, Transport
from ...vendor import VendorClient, async_absent_path_is_unprotected
from .parse import (
    Answer,
    UidExpiredError,
    check_answer,
    fault_reason,
    format_mac,
    parse_answer,
    parse_flag,
    parse_relay_status,
    redact_uid,
)
from .session import UidSession, wanted_lifetime
from .settings import (
    CATALOGUE,
    CONFIG_PATHS,
    IRCUT_PATH,
    LED_DEFAULTS,
    LED_PARAMS,
    LED_PATH,
    QUERIED_PATHS,
    RELAY_KEY,
    SETTINGS,
    SETTINGS_BY_KEY,
    AnjiaSetting,
    ir_cut_options,
)

GETUID_PATH: Final = "/cgi-bin/getuid"
KEEP_ALIVE_PATH: Final = "/cgi-bin/keep_alive"
SET_UID_TIME_PATH: Final = "/cgi-bin/setUidValidTime"
GET_RELAY_PATH: Final = "/cgi-bin/getRelayStatus"
SET_RELAY_PATH: Final = "/cgi-bin/setRelayStatus"
PTZ_PATH: Final = "/cgi-bin/ptz_ctrl"
SNAPSHOT_PATH: Final = "/cgi-bin/snapshot.cgi"
BUTTON_PATHS: Final = {
    "reboot": "/cgi-bin/reboot",
    # 3.7.11: raises the camera's alarm-input alarm as if the input had triggered.
    "trigger_alarm_input": "/cgi-bin/setManualInputAlarm",
}
# 3.7.5: "0 represents: sub code stream snapshot ... 1 represents: Master bitstream".
SNAPSHOT_STREAMS: Final = {StreamQuality.MAIN: "1", StreamQuality.SUB: "0"}
# 3.7.1: speed "Numbers from 1 to 10".
MAX_SPEED: Final = 10
# The spec gives no preset range; 1-255 is the Pelco-D range such PTZ heads use.
PRESETS: Final = tuple(range(1, 256))
_PRESET_PARAMS: Final = {
    PresetAction.GOTO: "call_preset",
    PresetAction.SAVE: "add_preset",
    PresetAction.REMOVE: "delete_preset",
}
_JPEG_MAGIC: Final = b"\xff\xd8"
_ACCEPTED: Final = frozenset({400})

type Decode[T] = Callable[[HttpResponse], T]


def ptz_speed(percent: int) -> int:
    """1-100 % as the spec's 1-10."""
    return min(MAX_SPEED, max(1, math.ceil(percent / (100 / MAX_SPEED))))


class AnjiaClient(VendorClient):
    """An Anjia Weishi OEM camera: a uid from getuid on every CGI, renewed when it lapses."""

    vendor: ClassVar[Vendor] = Vendor.ANJIA
    manufacturer: ClassVar[str] = "Anjia Weishi"
    # Some firmware also wants Basic or Digest on every request (specs README): learned
    # from the first challenge, before credentials are sent; none where there is none.
    auth_scheme: ClassVar[AuthScheme] = AuthScheme.AUTO
    setting_catalogue: ClassVar[Mapping[str, SettingSpec]] = CATALOGUE
    # Specs README: "Some firmware inverts the IR-cut day/night meaning".
    ir_cut_invertible: ClassVar[bool] = True

    @classmethod
    async def async_fingerprint(cls, transport: Transport) -> bool:
        """A bare getuid answers the 2.3 fault "error, parse parameters" (or asks for auth)."""
        try:
            response = await transport.request(
                GETUID_PATH, use_auth=False, accept_statuses=frozenset({400, 401, 404})
            )
        except CameraError:
            return False
        if response.status == 401:
            # HTTP auth in front of every CGI (some firmware, specs README).
            return await async_absent_path_is_unprotected(transport)
        try:
            return fault_reason(parse_answer(response.text())) is not None
        except ParseError:
            return False

    def __init__(self, transport: Transport, options: ClientOptions | None = None) -> None:
        """Bind to the transport; nothing is sent until the first call."""
        super().__init__(transport, options)
        self._session = UidSession(
            AccountGuard(),
            self._getuid,
            self._set_uid_lifetime,
            wanted_lifetime(self.options.status_interval, self.options.request_timeout),
        )
        self._has_ptz = False
        self._relay = False
        self._settings: dict[str, SettingSpec] = {}
        self._read_paths: tuple[str, ...] = CONFIG_PATHS
        self._led: dict[str, str] = dict(LED_DEFAULTS)
        self._ir_cut_options = ir_cut_options(self.options.invert_ir_cut)

    @property
    def session(self) -> UidSession:
        """The uid session (for diagnostics and tests)."""
        return self._session

    # -- session ------------------------------------------------------------------------

    @property
    def session_summary(self) -> Mapping[str, object]:
        """Logins so far and the uid's idle lifetime (a login per poll shows here)."""
        session = self._session
        return {
            "logins": session.logins,
            "uid_lifetime": session.lifetime,
            "uid_lifetime_settable": session.lifetime_settable,
        }

    def _redact(self, text: str) -> str:
        """The device's words without our credentials or uid (they are shown to the user)."""
        text = self.transport.redact(text)
        uid = self._session.uid
        return text.replace(uid, REDACTED) if len(uid) >= 4 else text

    async def _getuid(self) -> str:
        """3.2.1 getuid: the credentials in the query, the uid in the answer."""
        config = self.transport.config
        response = await self.transport.request(
            GETUID_PATH,
            {"username": config.username, "password": config.password},
            accept_statuses=_ACCEPTED,
            redact_body=redact_uid,
        )
        answer = check_answer(GETUID_PATH, response.status, response.text(), self._redact)
        uid = answer.text.strip()
        if answer.tag.lower() != "uid" or not uid:
            raise ParseError("the getuid answer carries no uid")
        return uid

    async def _set_uid_lifetime(self, uid: str, seconds: int) -> None:
        response = await self.transport.request(
            SET_UID_TIME_PATH, {"validTime": seconds, "uid": uid}, accept_statuses=_ACCEPTED
        )
        check_answer(SET_UID_TIME_PATH, response.status, response.text(), self._redact)

    async def _on_uid[T](
        self, path: str, params: Mapping[str, str | int] | None, decode: Decode[T]
    ) -> T:
        """One CGI request on the uid; if the device forgot it, log in once and retry once."""
        if self._session.lapsed():
            # Idle past its lifetime: the device has dropped it, a request would be wasted.
            self._session.forget()
        generation = await self._session.async_ensure()
        try:
            return await self._send(path, params, decode)
        except UidExpiredError:
            await self._session.async_renew(generation)
        return await self._send(path, params, decode)

    async def _send[T](
        self, path: str, params: Mapping[str, str | int] | None, decode: Decode[T]
    ) -> T:
        # The uid goes last, as in every example URL of the spec.
        query: dict[str, str | int] = {**(params or {}), "uid": self._session.uid}
        response = await self.transport.request(path, query, accept_statuses=_ACCEPTED)
        result = decode(response)
        self._session.touch()
        return result

    async def _call(self, path: str, params: Mapping[str, str | int] | None = None) -> Answer:
        """A CGI answering one XML element."""

        def decode(response: HttpResponse) -> Answer:
            return check_answer(path, response.status, response.text(), self._redact)

        return await self._on_uid(path, params, decode)

    # -- identity and capabilities ----------------------------------------------------------

    async def async_identify(self) -> DeviceInfo:
        """The getinfo (versions, serial), getmodel and network (MAC) answers."""
        info = (await self._call("/cgi-bin/getinfo")).attrs
        model = (await self._call("/cgi-bin/getmodel")).text.strip() or None
        network = (await self._call("/cgi-bin/network")).attrs
        kernel = info.get("kernel", "").strip()
        filesystem = info.get("filesystem", "").strip()
        firmware = filesystem or None
        if filesystem and kernel:
            firmware = f"{filesystem} (kernel {kernel})"
        return DeviceInfo(
            vendor=self.vendor,
            manufacturer=self.manufacturer,
            model=model,
            mac=format_mac(network.get("macaddr")),
            serial=info.get("sn", "").strip() or None,
            firmware=firmware or (f"kernel {kernel}" if kernel else None),
        )

    async def async_capabilities(self) -> Capabilities:
        """What getcapabilities says (PTZ), which settings the answers carry, whether a relay is."""
        capabilities = (await self._call("/cgi-bin/getcapabilities")).attrs
        self._has_ptz = parse_flag(capabilities.get("ptz")) is True
        answers: dict[str, Mapping[str, str]] = {
            path: (await self._call(path)).attrs for path in CONFIG_PATHS
        }
        for path in QUERIED_PATHS:
            if (attrs := await self._query(path)) is not None:
                answers[path] = attrs
        self._read_paths = tuple(answers)
        if LED_PATH in answers:
            self._remember_led(answers[LED_PATH])
        self._settings = {
            setting.key: setting.spec
            for setting in SETTINGS
            if setting.path not in QUERIED_PATHS and setting.attr in answers[setting.path]
        }
        # set_led and set_ircut without a query answer: settable, shown as assumed state.
        for setting in SETTINGS:
            if setting.path in QUERIED_PATHS:
                queried = answers.get(setting.path)
                readable = queried is not None and setting.attr in queried
                self._settings[setting.key] = replace(setting.spec, readable=readable)
        self._relay = await self._relay_answers()
        if self._relay:
            self._settings[RELAY_KEY] = CATALOGUE[RELAY_KEY]
        features = {Feature.SNAPSHOT}
        if self._has_ptz:
            features |= {
                Feature.PTZ_MOVE,
                Feature.PTZ_ZOOM,
                Feature.PTZ_FOCUS,
                Feature.PTZ_IRIS,
                Feature.PTZ_PRESETS,
            }
        return Capabilities(
            features=frozenset(features),
            settings=dict(self._settings),
            buttons=frozenset(BUTTON_PATHS),
            ptz_presets=PRESETS if self._has_ptz else (),
            streams=(StreamQuality.MAIN, StreamQuality.SUB),
        )

    async def _query(self, path: str) -> dict[str, str] | None:
        """2.2's query (no setting given) of a set CGI; None where the camera answers none."""
        try:
            attrs = dict((await self._call(path)).attrs)
        except ResponseError:
            return None
        return attrs or None

    async def _relay_answers(self) -> bool:
        try:
            await self._relay_status()
        except ResponseError:
            # 3.7.13's "Get status(0) fail": no relay on this model.
            return False
        return True

    # -- status and settings ----------------------------------------------------------------

    async def _relay_status(self) -> bool:
        return parse_relay_status((await self._call(GET_RELAY_PATH)).text)

    async def async_fast_status(self) -> StatusUpdate:
        """The relay (getRelayStatus, else keep_alive): ONE request, keeping the uid alive.

        The API reports no motion (no alarm status CGI exists): the status is the relay.
        """
        if not self._relay:
            await self._call(KEEP_ALIVE_PATH)
            return StatusUpdate()
        return StatusUpdate(values={RELAY_KEY: await self._relay_status()})

    async def async_read_settings(self) -> Mapping[str, SettingValue]:
        """image, motion and osd (and set_led/set_ircut where they answer a query)."""
        answers = {path: (await self._call(path)).attrs for path in self._read_paths}
        if LED_PATH in answers:
            self._remember_led(answers[LED_PATH])
        values: dict[str, SettingValue] = {}
        for setting in SETTINGS:
            attrs = answers.get(setting.path)
            if setting.key not in self._settings or attrs is None:
                continue
            value = setting.decode(attrs.get(setting.attr), self._options_of(setting))
            if value is not None:
                values[setting.key] = value
        return values

    def _options_of(self, setting: AnjiaSetting) -> Mapping[str, str]:
        return self._ir_cut_options if setting.path == IRCUT_PATH else setting.options

    def _remember_led(self, attrs: Mapping[str, str]) -> None:
        self._led.update({name: attrs[name] for name in LED_PARAMS if name in attrs})

    async def async_write_setting(self, key: str, value: SettingValue) -> None:
        """`<cgi>?<attr>=<code>`; set_led with all three of its parameters; setRelayStatus."""
        if key not in self._settings:
            raise NotSupportedError(key)
        if key == RELAY_KEY:
            if not isinstance(value, bool):
                raise NotSupportedError(f"value {value!r} for {key} (on/off is needed)")
            answer = await self._call(SET_RELAY_PATH, {"status": int(value)})
            if parse_relay_status(answer.text) is not value:
                raise ResponseError(f"{SET_RELAY_PATH}: the relay did not change")
            return
        setting = SETTINGS_BY_KEY[key]
        code = setting.encode(value, self._options_of(setting))
        if setting.path == LED_PATH:
            led = {**self._led, setting.attr: code}
            await self._call(LED_PATH, {name: led[name] for name in LED_PARAMS})
            self._led = led
            return
        await self._call(setting.path, {setting.attr: code})

    # -- pictures -----------------------------------------------------------------------------

    async def async_snapshot(self, quality: StreamQuality = StreamQuality.MAIN) -> bytes:
        """snapshot.cgi?stream=1 (main) or 0 (sub), on the uid (specs README)."""

        def decode(response: HttpResponse) -> bytes:
            if response.body.startswith(_JPEG_MAGIC):
                return response.body
            check_answer(SNAPSHOT_PATH, response.status, response.text(), self._redact)
            raise ParseError(f"{SNAPSHOT_PATH} answered no JPEG picture")

        return await self._on_uid(SNAPSHOT_PATH, {"stream": SNAPSHOT_STREAMS[quality]}, decode)

    # -- commands -----------------------------------------------------------------------------

    async def async_press(self, button: str) -> None:
        """reboot, or trigger_alarm_input (setManualInputAlarm)."""
        if button not in BUTTON_PATHS:
            raise NotSupportedError(button)
        await self._call(BUTTON_PATHS[button])
        if button == "reboot":
            # The uids live in the camera's RAM: none survives the restart.
            self._session.forget()

    def _require_ptz(self, action: str) -> None:
        if not self._has_ptz:
            raise NotSupportedError(f"{action} (getcapabilities says ptz=0)")

    async def _ptz(self, action: str, params: Mapping[str, str | int]) -> None:
        self._require_ptz(action)
        await self._call(PTZ_PATH, params)

    async def async_ptz_move(self, direction: PtzDirection, speed: int) -> None:
        """move_x/move_y in -1/0/1 with speed 1-10."""
        # 3.7.1: move_x -1 left / 1 right, move_y 1 up / -1 down.
        move_x, move_y = PTZ_VECTORS[direction]
        if self.options.invert_pan:
            move_x = -move_x
        await self._ptz("ptz_move", {"move_x": move_x, "move_y": move_y, "speed": ptz_speed(speed)})

    async def async_ptz_stop(self) -> None:
        """stop=1."""
        await self._ptz("ptz_stop", {"stop": 1})

    async def async_ptz_lens(self, axis: LensAxis, direction: LensDirection) -> None:
        """3.7.1: zoom 1 narrow / -1 wide, focus 1 near / -1 far, iris 1 open / -1 close.

        The API has no auto focus.
        """
        sign = LENS_SIGNS[axis].get(direction)
        if sign is None:
            raise NotSupportedError(f"ptz_{axis} {direction}")
        await self._ptz(f"ptz_{axis}", {str(axis): sign})

    async def async_ptz_lens_stop(self, axis: LensAxis, direction: LensDirection) -> None:
        """stop=1: the one stop the spec documents (what `<axis>=0` does, it does not say)."""
        await self._ptz(f"ptz_{axis}", {"stop": 1})

    async def async_ptz_preset(self, action: PresetAction, preset: int) -> None:
        """call_preset / add_preset / delete_preset = N."""
        if preset not in PRESETS:
            raise NotSupportedError(f"preset {preset} (1-{PRESETS[-1]})")
        await self._ptz("ptz_preset", {_PRESET_PARAMS[action]: preset})
