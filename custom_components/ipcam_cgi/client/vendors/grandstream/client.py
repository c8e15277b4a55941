"""Grandstream GSC3610/GSC3615/GSC3620 client: "GSC36XX HTTP API" 1.0.0.19."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import ClassVar, Final
from urllib.parse import urlsplit

from ...errors import CameraError, NotSupportedError, ParseError, ResponseError
from ...login import AccountGuard
from ...models import (
    Capabilities,
    ClientOptions,
    DeviceInfo,
    Feature,
    LensAxis,
    LensDirection,
    PushTarget,
    SettingSpec,
    SettingValue,
    StatusUpdate,
    StreamQuality,
    Vendor,
)
from ...transport import AuthScheme, HttpResponse, StreamResponse, Transport
from ...vendor import VendorClient
from .mjpeg import MjpegOpener
from .parse import (
    SECRET_PARAMS,
    ConfigAnswer,
    SessionGoneError,
    check_res_code,
    format_mac,
    parse_configuration,
    parse_int,
    parse_uptime,
    redact_config,
)
from .session import (
    DEFAULT_LOCKOUT_MINUTES,
    MEDIA_IDLE_RENEW,
    ChallengeSession,
    LoginType,
    cookie_header,
)
from .settings import CATALOGUE, GSC3620_MODULES, MODULES, SETTINGS, SETTINGS_BY_KEY, is_gsc3620

_LOGGER: Final = logging.getLogger(__name__)

# Firmware that takes only the web UI's form posts refuses a GET of /goform/* like this.
_METHOD_REFUSED: Final = frozenset({405, 501})
_SNAPSHOT_MAX: Final = 4 * 1024 * 1024
DEFAULT_RTSP_PORT: Final = 554
# rtsp://<user>:<pass>@<host>:<P903>/X, "X= 0, 4, corresponding to 1st, 2nd video stream".
_RTSP_PATHS: Final = {StreamQuality.MAIN: "0", StreamQuality.SUB: "4"}
# "28. PTZ (GSC3620 only)": opt codes; act 1 starts, 0 stops. Focus+ drives the focus
# farther and Focus- nearer, as on the web UI's PTZ panel.
_LENS_OPTS: Final = {
    (LensAxis.ZOOM, LensDirection.IN): 9,
    (LensAxis.ZOOM, LensDirection.OUT): 10,
    (LensAxis.FOCUS, LensDirection.FAR): 11,
    (LensAxis.FOCUS, LensDirection.NEAR): 12,
}
_ONE_KEY_FOCUS: Final = 20
# "23. Event Notification": the keys we change to point the device at Home Assistant.
_PUSH_KEYS: Final = ("P15410", "P15413", "P15417", "P15553", "P15416")
_PUSH_TEMPLATE: Final = '{ "mac": "${MAC}", "content": "${WARNING_MSG}" }'
_SIP_NUMBER_MAX: Final = 64


async def goform_request(
    transport: Transport,
    path: str,
    params: Mapping[str, str],
    *,
    post: bool,
    headers: Mapping[str, str] | None = None,
) -> tuple[HttpResponse, bool]:
    """GET with the query as the spec writes it, or POST the form as the web UI does.

    Returns the answer and whether POST is needed: firmware that takes only the web UI's
    form posts refuses a GET of /goform/* with 405 or 501.
    """
    if not post:
        response = await transport.request(
            path,
            params,
            use_auth=False,
            extra_headers=headers,
            accept_statuses=_METHOD_REFUSED,
            redact_body=redact_config,
        )
        if response.status not in _METHOD_REFUSED:
            return response, False
        _LOGGER.debug("%s refuses GET on %s; using POST", transport.base_url, path)
    response = await transport.request(
        path,
        method="POST",
        data=dict(params),
        use_auth=False,
        extra_headers=headers,
        redact_body=redact_config,
    )
    return response, True


class GrandstreamClient(VendorClient):
    """A Grandstream GSC36xx camera/intercom."""

    vendor: ClassVar[Vendor] = Vendor.GRANDSTREAM
    manufacturer: ClassVar[str] = "Grandstream"
    # /goform/* authenticate by cookie session; HTTP auth is only for MJPEG in Basic mode.
    auth_scheme: ClassVar[AuthScheme] = AuthScheme.AUTO
    needs_cookie_jar: ClassVar[bool] = True
    setting_catalogue: ClassVar[Mapping[str, SettingSpec]] = CATALOGUE

    @classmethod
    async def async_fingerprint(cls, transport: Transport) -> bool:
        """Step 1 of a login: a challenge costs no failed login and carries no credentials."""
        try:
            response, _ = await goform_request(
                transport,
                "/goform/login",
                {"cmd": "login", "user": transport.config.username, "type": "0"},
                post=False,
            )
            answer = parse_configuration(response.body)
        except CameraError:
            return False
        return answer.get("ChallengeCode") is not None

    def __init__(self, transport: Transport, options: ClientOptions | None = None) -> None:
        """Bind to the transport; nothing is sent until the first call."""
        super().__init__(transport, options)
        transport.add_secret_keys(SECRET_PARAMS | {"call_num"})
        config = transport.config
        self._guard = AccountGuard(DEFAULT_LOCKOUT_MINUTES)
        self._admin = ChallengeSession(
            login_type=LoginType.ADMIN,
            username=config.username,
            password=config.password,
            guard=self._guard,
            send=self._send,
        )
        self._media = ChallengeSession(
            login_type=LoginType.MEDIA,
            username=config.username,
            password=config.password,
            guard=self._guard,
            send=self._send,
        )
        self._mjpeg = MjpegOpener(transport, self._guard)
        self._use_post = False
        self._model = ""
        self._rtsp_port = DEFAULT_RTSP_PORT
        self._prefetched: dict[str, ConfigAnswer] | None = None
        # identify's sysinfo answer, reused by the capabilities read right after it.
        self._identified: dict[str, ConfigAnswer] = {}

    @property
    def session_summary(self) -> Mapping[str, object]:
        """Logins so far of the admin and media sessions (a login per poll shows here)."""
        return {"admin_logins": self._admin.logins, "media_logins": self._media.logins}

    @property
    def admin_session(self) -> ChallengeSession:
        """The admin (config) session, for diagnostics and tests."""
        return self._admin

    @property
    def media_session(self) -> ChallengeSession:
        """The media (snapshot) session, for diagnostics and tests."""
        return self._media

    async def _send(
        self, path: str, params: Mapping[str, str], cookies: Mapping[str, str]
    ) -> HttpResponse:
        """One /goform request, by the method the device takes."""
        headers = {"Cookie": cookie_header(cookies)} if cookies else None
        response, self._use_post = await goform_request(
            self.transport, path, params, post=self._use_post, headers=headers
        )
        return response

    def _admin_cookies(self) -> dict[str, str]:
        cookies = dict(self._admin.cookies)
        # The web UI also sends gdsauthkey<port> = the session id (spec, "Authentication").
        if session := cookies.get("session"):
            cookies[f"gdsauthkey{self.transport.config.effective_port}"] = session
        return cookies

    async def _on_session[T](
        self, session: ChallengeSession, request: Callable[[], Awaitable[T]]
    ) -> T:
        """Run `request` on the session; if the device forgot it, log in once and retry once."""
        generation = await session.async_ensure()
        try:
            return await request()
        except SessionGoneError:
            await session.async_renew(generation)
        return await request()

    async def _config(self, params: Mapping[str, str]) -> ConfigAnswer:
        """One `/goform/config` request on the admin session."""

        async def request() -> ConfigAnswer:
            response = await self._send("/goform/config", params, self._admin_cookies())
            answer = check_res_code(
                parse_configuration(response.body), lockout_minutes=self._guard.lockout_minutes
            )
            self._admin.touch()
            return answer

        return await self._on_session(self._admin, request)

    async def _module(self, module: str) -> ConfigAnswer:
        return await self._config({"cmd": "get", "type": module})

    async def async_identify(self) -> DeviceInfo:
        """Log in; `type=sysinfo` names the model and versions, `type=net` the MAC (P67)."""
        sysinfo = await self._module("sysinfo")
        net = await self._module("net")
        self._model = sysinfo.get("P89") or ""
        self._identified = {"sysinfo": sysinfo}
        return DeviceInfo(
            vendor=self.vendor,
            manufacturer=self.manufacturer,
            model=self._model or None,
            # The API exposes no device name; the model names the device, as on its web UI.
            name=self._model or None,
            mac=format_mac(net.get("P67")),
            serial=sysinfo.get("P1397") or None,
            firmware=sysinfo.get("P68") or sysinfo.get("P45") or None,
            hardware=sysinfo.get("P917") or None,
        )

    def _modules(self) -> tuple[str, ...]:
        return GSC3620_MODULES if is_gsc3620(self._model) else MODULES

    async def _read_modules(
        self, known: Mapping[str, ConfigAnswer] | None = None
    ) -> dict[str, ConfigAnswer]:
        """Every settings module; one the firmware refuses leaves only its settings out."""
        answers: dict[str, ConfigAnswer] = dict(known or {})
        refused: ResponseError | None = None
        for module in self._modules():
            if module in answers:
                continue
            try:
                answers[module] = await self._module(module)
            except ResponseError as err:
                _LOGGER.debug("%s: module %s unavailable: %s", self.transport.base_url, module, err)
                refused = err
        if not answers and refused is not None:
            raise refused
        if access := answers.get("access"):
            self._rtsp_port = parse_int(access, "P903") or self._rtsp_port
            self._guard.lockout_minutes = parse_int(access, "P14834") or None
        return answers

    async def async_capabilities(self) -> Capabilities:
        """What this model and firmware report: settings are offered where their P-value is."""
        if not self._model:
            await self.async_identify()
        answers = await self._read_modules(self._identified)
        self._identified = {}
        self._prefetched = answers
        settings: dict[str, SettingSpec] = {}
        for setting in SETTINGS:
            answer = answers.get(setting.module)
            if answer is not None and answer.get(setting.param) is not None:
                settings[setting.key] = setting.spec_for(self._model)
        features = {Feature.SNAPSHOT, Feature.MJPEG, Feature.RTSP, Feature.SIP, Feature.PUSH}
        buttons = {"reboot"}
        sensors: set[str] = set()
        if (sysinfo := answers.get("sysinfo")) and sysinfo.get("P15009") is not None:
            sensors.add("uptime")
        if is_gsc3620(self._model):
            features |= {Feature.PTZ_ZOOM, Feature.PTZ_FOCUS}
            buttons.add("one_key_focus")
            if (ptz := answers.get("ptz")) and ptz.get("Pzoom_m") is not None:
                sensors.add("zoom")
        return Capabilities(
            features=frozenset(features),
            events=frozenset({"motion"}),
            sensors=frozenset(sensors),
            settings=settings,
            buttons=frozenset(buttons),
            streams=(StreamQuality.MAIN, StreamQuality.SUB),
        )

    async def async_fast_status(self) -> StatusUpdate:
        """`cmd=api_get_data&type=0` ("Other Data API"): MD_STATUS, one request."""
        answer = await self._config({"cmd": "api_get_data", "type": "0"})
        status = parse_int(answer, "MD_STATUS")
        if status not in (0, 1):
            raise ParseError("api_get_data answered no MD_STATUS of 0 or 1")
        return StatusUpdate(events={"motion": status == 1})

    async def async_read_settings(self) -> Mapping[str, SettingValue]:
        """The settings modules (and uptime, zoom): slow cadence only."""
        answers, self._prefetched = self._prefetched, None
        if answers is None:
            answers = await self._read_modules()
        values: dict[str, SettingValue] = {}
        for setting in SETTINGS:
            answer = answers.get(setting.module)
            if answer is not None and (value := setting.decode(answer, self._model)) is not None:
                values[setting.key] = value
        sysinfo = answers.get("sysinfo")
        if sysinfo and (uptime := parse_uptime(sysinfo.get("P15009") or "")) is not None:
            values["uptime"] = uptime
        if (ptz := answers.get("ptz")) and (zoom := parse_int(ptz, "Pzoom_m")) is not None:
            # "zoom_factor = 1 + value / 10".
            values["zoom"] = round(1 + zoom / 10, 1)
        return values

    async def async_write_setting(self, key: str, value: SettingValue) -> None:
        """`cmd=set&<P>=<value>`."""
        setting = SETTINGS_BY_KEY.get(key)
        if setting is None:
            raise NotSupportedError(key)
        await self._config({"cmd": "set", setting.param: setting.encode(value, self._model)})
        # The answers read for the capabilities no longer tell the current state.
        self._prefetched = None

    async def async_snapshot(self, quality: StreamQuality = StreamQuality.MAIN) -> bytes:
        """`/snapshot/view.jpg` on the media session (the device's fixed 1280x720 4th stream)."""
        media = self._media
        if media.active and time.monotonic() - media.last_used >= MEDIA_IDLE_RENEW:
            media.forget()

        async def request() -> bytes:
            response = await self.transport.request(
                "/snapshot/view.jpg",
                use_auth=False,
                extra_headers={"Cookie": cookie_header(media.cookies)},
                max_body=_SNAPSHOT_MAX,
            )
            if response.body.startswith(b"\xff\xd8"):
                media.touch()
                return response.body
            # An XML ResCode (401/408: the session lapsed) or the HTML login page.
            check_res_code(parse_configuration(response.body))
            raise ParseError("/snapshot/view.jpg did not answer a JPEG picture")

        return await self._on_session(media, request)

    async def async_open_mjpeg(self, quality: StreamQuality = StreamQuality.MAIN) -> StreamResponse:
        """`/jpeg/stream` in Challenge+Response or Basic mode, whichever the device uses."""
        return await self._mjpeg.async_open(quality)

    def rtsp_url(self, quality: StreamQuality = StreamQuality.MAIN) -> str | None:
        """rtsp://<user>:<pass>@<host>:<P903>/0 (main) or /4 (sub)."""
        return self.transport.config.rtsp_url(_RTSP_PATHS[quality], self._rtsp_port)

    async def async_press(self, button: str) -> None:
        """`cmd=reboot`, or the GSC3620's one key focus."""
        if button == "reboot":
            await self._config({"cmd": "reboot"})
            # The device forgets every session when it restarts.
            self._admin.forget()
            self._media.forget()
        elif button == "one_key_focus" and is_gsc3620(self._model):
            await self._ptz(1, _ONE_KEY_FOCUS)
        else:
            raise NotSupportedError(button)

    async def _ptz(self, act: int, opt: int) -> None:
        if not is_gsc3620(self._model):
            raise NotSupportedError("PTZ (GSC3620 only)")
        await self._config({"cmd": "set", "type": "ptz", "act": str(act), "opt": str(opt)})

    async def async_ptz_lens(self, axis: LensAxis, direction: LensDirection) -> None:
        """Start zoom+/zoom-/focus+/focus- (act=1), or run one key focus (AUTO)."""
        if axis is LensAxis.FOCUS and direction is LensDirection.AUTO:
            await self._ptz(1, _ONE_KEY_FOCUS)
            return
        opt = _LENS_OPTS.get((axis, direction))
        if opt is None:
            raise NotSupportedError(f"ptz_{axis} {direction}")
        await self._ptz(1, opt)

    async def async_ptz_lens_stop(self, axis: LensAxis, direction: LensDirection) -> None:
        """Stop the lens motor (act=0 with the same opt)."""
        opt = _LENS_OPTS.get((axis, direction))
        if opt is None:
            raise NotSupportedError(f"ptz_{axis} {direction}")
        await self._ptz(0, opt)

    async def async_sip_call(self, number: str) -> None:
        """HTTP SIP DIAL: `cmd=Call&call_type=1&call_num=<number or IP>`."""
        number = number.strip()
        if not number or len(number) > _SIP_NUMBER_MAX or any(c.isspace() for c in number):
            raise NotSupportedError(f"SIP number {number[:_SIP_NUMBER_MAX]!r}")
        await self._config({"cmd": "Call", "call_type": "1", "call_num": number})

    async def async_sip_hangup(self) -> None:
        """HTTP SIP DIAL with call_type=0 ends the call."""
        await self._config({"cmd": "Call", "call_type": "0", "call_num": ""})

    async def async_push_enable(self, url: str) -> PushTarget:
        """Point Event Notification (spec section 23) at `url`; keep what it was."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise NotSupportedError(f"push URL scheme {parts.scheme!r}")
        current = await self._module("log")
        previous = {key: value for key in _PUSH_KEYS if (value := current.get(key)) is not None}
        # P15413's format is "ip:port/path" without a scheme; P15417 says HTTP or HTTPS.
        port = parts.port or (443 if parts.scheme == "https" else 80)
        target = f"{parts.hostname}:{port}{parts.path or '/'}"
        if parts.hostname and ":" in parts.hostname:
            target = f"[{parts.hostname}]:{port}{parts.path or '/'}"
        if parts.query:
            target += f"?{parts.query}"
        await self._config(
            {
                "cmd": "set",
                "P15410": "1",
                "P15417": "2" if parts.scheme == "https" else "1",
                "P15553": "0",
                "P15413": target,
                "P15416": _PUSH_TEMPLATE,
            }
        )
        return PushTarget(previous=previous)

    async def async_push_restore(self, target: PushTarget) -> None:
        """Put the previous Event Notification settings back."""
        restored = {key: value for key, value in target.previous.items() if key in _PUSH_KEYS}
        restored.setdefault("P15410", "0")
        await self._config({"cmd": "set", **restored})

    def parse_push(self, query: Mapping[str, str], body: bytes) -> StatusUpdate | None:
        """A notification whose content names motion is motion; anything else: poll now."""
        try:
            payload = json.loads(body.decode("utf-8", "replace")) if body.strip() else {}
        except (ValueError, RecursionError):
            return None
        content = payload.get("content") if isinstance(payload, dict) else None
        if isinstance(content, str) and "motion" in content.lower():
            return StatusUpdate(events={"motion": True})
        return None
