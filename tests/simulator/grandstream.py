"""Simulated Grandstream GSC3610/GSC3615/GSC3620 camera, per "GSC36XX HTTP API" 1.0.0.19.

The spec lives in /work/shared/specs/grandstream-gsc36xx-http-api.txt; the quirks of real
devices are in the "Grandstream GSC36xx" notes of /work/shared/specs/README.md. Section
names in the comments are the spec's. The tables are in ``grandstream_protocol``.

Every expiry and lockout decision uses :meth:`GrandstreamSimulator.now`, so a test can
move the device's clock with :meth:`~GrandstreamSimulator.advance` instead of sleeping.
"""

import hashlib
import hmac
import logging
import secrets
import string
import time
from dataclasses import dataclass
from http import HTTPStatus
from typing import Final, Literal

import aiohttp
from aiohttp import BasicAuth, hdrs, web
from aiohttp.typedefs import Handler

from .base import SimulatorBase, request_params
from .faults import drop_connection, sleep_unless_stopping
from .frames import jpeg_frame
from .grandstream_protocol import (
    LOGIN_PAGE,
    MODELS,
    QUIRKY_DECLARATION,
    RES_AUTH_FAILED,
    RES_BAD_PASSWORD,
    RES_EMPTY,
    RES_ILLEGAL,
    RES_LOCKED,
    RES_NEW_PASSWORD_MISMATCH,
    RES_NO_USER,
    RES_OK,
    RES_SESSION_TIMEOUT,
    RES_SIP_CALLING,
    XML_DECLARATION,
    ZOOM_MAX,
    ZOOM_MODEL,
    build_modules,
    cross_check,
    format_uptime,
    key_rules,
    result,
    text,
    xml_answer,
)

_LOGGER = logging.getLogger(__name__)

# Authentication: the spec prints "GSC36XXIZpRsFzCbM" (capital I); working public clients
# use a lowercase L, and the media salt is spelled as on the sibling door stations.
ADMIN_SALT: Final = "GSC36XXlZpRsFzCbM"
MEDIA_SALT: Final = "GSC36XXlDyTlHwNgZ"
REALM: Final = "GSC36xx"
BOUNDARY: Final = "GSC36xxMJPEGBoundary"
ExpiredAnswer = Literal["xml401", "xml408", "html"]
"""How a request without a live session is answered (firmware versions differ)."""
MjpegAuth = Literal["challenge", "basic"]
"""Access Settings, "MJPEG Authentication Mode": Challenge+Response or Basic."""

# Snapshots: "fixed resolution 1280 x 720"; the MJPEG default (3rd internal) stream is
# 1280x720 too. The 2nd MJPEG stream gets 640x480, one of stream 2's resolutions.
_STREAM_SIZES: Final = {"0": (1280, 720), "1": (640, 480)}
_STREAM_FPS: Final = 5.0
_IDCODE_ALPHABET: Final = string.ascii_uppercase + string.digits
_MAX_STREAM_CHALLENGES: Final = 64
_ZOOM_STEP_SECONDS: Final = 0.1
_PTZ_OPTIONS: Final = frozenset({"9", "10", "11", "12", "20"})
_ONE_KEY_FOCUS: Final = "20"
# Section 23: the template's ${WARNING_MSG} for a motion alarm.
MOTION_MESSAGE: Final = "Motion Detection Alarm"
_NOTIFY_TIMEOUT: Final = aiohttp.ClientTimeout(total=5)
# "1 hour 31 minutes" in the System Status example.
_INITIAL_UPTIME: Final = 91 * 60.0
_PASSWORD_FIELDS: Final = ("oldpwd", "newpwd", "cfmnewpwd")
_NEW_PASSWORD: Final = text(32, min_length=1)


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """One credential check: a step-2 login, an MJPEG authcode or a Basic header."""

    type: int
    """0 admin login, 1 media (JPEG/MJPEG) login."""
    user: str
    ok: bool
    rescode: int
    """The ResCode of the check (0, 1 unknown user, 2 wrong password, 3 locked)."""


@dataclass(slots=True)
class _Session:
    user: str
    last_used: float


def _md5_hex(text_: str) -> str:
    # The vendor's challenge/response is MD5 by design of the API, not our choice.
    return hashlib.md5(text_.encode("utf-8"), usedforsecurity=False).hexdigest()


def _same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def _mjpeg_part(frame: bytes) -> bytes:
    head = f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(frame)}\r\n\r\n"
    return head.encode("ascii") + frame + b"\r\n"


class GrandstreamSimulator(SimulatorBase):
    """A Grandstream GSC36xx speaking its "HTTP API" (``/goform/*``) over aiohttp.

    ``params`` holds every P-value by name; tests read and write it between requests.
    ``password`` is a view of ``params["P2"]`` (the event module returns it in clear).
    Admin sessions come from type-0 logins, media sessions from type-1 logins; both are
    cookie sessions keyed by the authcode, as in the spec's captures.
    """

    server_header = "Grandstream GSC36xx"

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "admin",
        model: str = "GSC3610",
        mac: str = "00:0B:82:AB:CC:BA",
        firmware: str = "1.0.3.8",
    ) -> None:
        super().__init__()
        if model not in MODELS:
            raise ValueError(f"unknown model {model!r}, expected one of {MODELS}")
        self.username = username
        self.model = model
        self.mac = mac.upper()
        self.firmware = firmware
        self._modules = build_modules(
            model=model, mac=self.mac, firmware=firmware, username=username, password=password
        )
        self._rules = key_rules(self._modules)
        self.params: dict[str, str] = {
            key: default
            for module in self._modules.values()
            for key, (default, _rule) in module.items()
        }
        self.motion = False
        """Other Data API ``MD_STATUS``."""
        self.expired_answer: ExpiredAnswer = "xml408"
        self.mjpeg_auth: MjpegAuth = "challenge"
        self.post_allowed = True
        """False: a POST to /goform/* answers 405 (GET-only firmware)."""
        self.get_allowed = True
        """False: a GET to /goform/* with ``cmd`` in the query answers 405 (POST-only)."""
        self.time_offset = 0.0
        self.media_session_timeout = 30.0
        """Snapshots: a media session ends 30 s after its last successful use."""
        self.logins: list[LoginAttempt] = []
        self.challenges_issued = 0
        """Step-1 answers of /goform/login and /jpeg/stream."""
        self.ptz_commands: list[tuple[int, int]] = []
        """(act, opt) of every accepted PTZ set."""
        self.sip_commands: list[tuple[int, str]] = []
        """(call_type, call_num) of every accepted HTTP SIP DIAL."""
        self.call_active = False
        self.notifications: list[str] = []
        self.rebooted = 0
        self._challenges: dict[tuple[str, int], str] = {}
        self._stream_challenges: dict[str, tuple[str, str]] = {}
        self._admin_sessions: dict[str, _Session] = {}
        self._media_sessions: dict[str, _Session] = {}
        self._issued_tokens: list[str] = []
        self._consecutive_failures = 0
        self._locked_until: float | None = None
        self._booted_at = self.now() - _INITIAL_UPTIME
        self._boots = 0
        self._zoom_direction = 0
        self._zoom_start = 0
        self._zoom_since = 0.0
        self.app.middlewares.append(self._quirk_middleware)
        for path, handler in (("/goform/login", self._login), ("/goform/config", self._config)):
            self.app.router.add_get(path, handler, allow_head=False)
            self.app.router.add_post(path, handler)
        for path in ("/snapshot/view.jpg", "/snapshot/view0.jpg"):
            self.app.router.add_get(path, self._snapshot, allow_head=False)
        # "MJPEG Basic Authentication For Recommended Method": /jpeg/stream=X is a literal path.
        for path in ("/jpeg/stream", "/jpeg/stream=0", "/jpeg/stream=1"):
            self.app.router.add_get(path, self._stream, allow_head=False)
        self.app.router.add_get("/", self._index, allow_head=False)

    # -- clock, account, state -------------------------------------------------------

    def now(self) -> float:
        """The device clock: ``time.monotonic()`` plus ``time_offset``."""
        return time.monotonic() + self.time_offset

    def advance(self, seconds: float) -> None:
        """Move the device clock forward (sessions expire, lockouts end, zoom moves)."""
        self.time_offset += seconds

    @property
    def password(self) -> str:
        """The web login password (``params["P2"]``)."""
        return self.params.get("P2", "")

    @password.setter
    def password(self, value: str) -> None:
        self.params["P2"] = value

    @property
    def session_timeout(self) -> float:
        """Access Settings P12056, "Time Out for Login (minute)", in seconds."""
        return int(self.params["P12056"]) * 60.0

    @property
    def failed_logins(self) -> int:
        """How many entries of ``logins`` failed."""
        return sum(not attempt.ok for attempt in self.logins)

    def session_tokens(self) -> list[str]:
        """Every admin and media session id the device ever issued (secrets to look for)."""
        return list(self._issued_tokens)

    def lock_account(self) -> None:
        """Lock the account as P14832 failed logins in a row would, for P14834 minutes."""
        self._locked_until = self.now() + int(self.params["P14834"]) * 60
        self._consecutive_failures = 0

    def expire_sessions(self) -> None:
        """Forget every admin and media session at once (a device-side timeout)."""
        self._admin_sessions.clear()
        self._media_sessions.clear()

    def trigger_motion(self, on: bool = True) -> None:
        """Start/end a motion alarm; a start sends the Event Notification when enabled."""
        self.motion = on
        target = self.params.get("P15413", "")
        if not on or self.params.get("P15410") != "1" or not target:
            return
        # Section 23: P15413 is "ip:port/path" and P15417 picks the scheme. The get example
        # shows "http://..." in P15413; such a value yields a broken URL, as on the device.
        scheme = "http://" if self.params.get("P15417") == "1" else "https://"
        url = scheme + target
        # Recorded when fired so synchronous test code sees it at once;
        # wait_for_callbacks() waits for the delivery itself.
        self.notifications.append(url)
        self.spawn(self._notify(url))

    async def _notify(self, url: str) -> None:
        use_get = self.params.get("P15553") == "1"
        user = self.params.get("P15414", "")
        # "If don't need the Username & Password to access the HTTP server, keep empty".
        auth = BasicAuth(user, self.params.get("P15415", "")) if user else None
        body: bytes | None = None
        headers: dict[str, str] = {}
        if not use_get:
            template = self.params.get("P15416", "")
            payload = template.replace("${MAC}", self.mac).replace("${WARNING_MSG}", MOTION_MESSAGE)
            body = payload.encode("utf-8")
            headers[hdrs.CONTENT_TYPE] = "application/json"
        try:
            async with (
                aiohttp.ClientSession(timeout=_NOTIFY_TIMEOUT) as session,
                # Receivers are usually self-signed and the spec offers no trust setting here.
                session.request(
                    hdrs.METH_GET if use_get else hdrs.METH_POST,
                    url,
                    data=body,
                    headers=headers,
                    auth=auth,
                    ssl=False,
                ) as response,
            ):
                await response.read()
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as err:
            _LOGGER.debug("Simulated event notification to %s failed: %s", url, err)

    # -- authentication --------------------------------------------------------------

    def _authenticate(self, kind: int, user: str, *, verified: bool, path: str) -> int:
        """Apply the lockout and account checks to one login, record it, return its ResCode."""
        now = self.now()
        if self._locked_until is not None and now < self._locked_until:
            # A locked account refuses even the right password, without extending the lock.
            code = RES_LOCKED
        elif user != self.username:
            code = RES_NO_USER
        elif not verified or (self.faults.wrong_credentials and self.faults.applies_to(path)):
            code = RES_BAD_PASSWORD
        else:
            code = RES_OK
        if code == RES_OK:
            self._consecutive_failures = 0
        elif code != RES_LOCKED:
            # Access Settings: P14832 "Max. continuous errors for Login Lock", P14834 minutes.
            self._consecutive_failures += 1
            if self._consecutive_failures >= int(self.params["P14832"]):
                self._locked_until = now + int(self.params["P14834"]) * 60
                self._consecutive_failures = 0
        self.logins.append(LoginAttempt(kind, user, code == RES_OK, code))
        return code

    def _lock_message(self) -> str:
        remaining = max(0, int((self._locked_until or 0.0) - self.now()))
        return f"Maximum login errors reached, account locked for {remaining} seconds"

    def _refusal(self, code: int) -> web.Response:
        return result(code, self._lock_message() if code == RES_LOCKED else None)

    def _use_session(
        self, sessions: dict[str, _Session], token: str | None, user: str | None, timeout: float
    ) -> bool:
        """Return whether ``token`` names a live session of ``user``; refresh it if so."""
        session = sessions.get(token) if token else None
        if session is None:
            return False
        now = self.now()
        if now - session.last_used > timeout:
            del sessions[token or ""]
            return False
        if session.user != user:
            return False
        session.last_used = now
        return True

    def _drop_expired(self) -> None:
        now = self.now()
        for sessions, timeout in (
            (self._admin_sessions, self.session_timeout),
            (self._media_sessions, self.media_session_timeout),
        ):
            for token in [t for t, s in sessions.items() if now - s.last_used > timeout]:
                del sessions[token]

    def _expired(self) -> web.Response:
        if self.expired_answer == "html":
            # Some firmware answers an expired session with its login page (specs README).
            return web.Response(status=HTTPStatus.OK, text=LOGIN_PAGE, content_type="text/html")
        return result(RES_AUTH_FAILED if self.expired_answer == "xml401" else RES_SESSION_TIMEOUT)

    def _method_refused(self, request: web.Request) -> web.Response | None:
        if request.method == hdrs.METH_POST and not self.post_allowed:
            allow = hdrs.METH_GET
        elif request.method == hdrs.METH_GET and "cmd" in request.query and not self.get_allowed:
            allow = hdrs.METH_POST
        else:
            return None
        return web.Response(
            status=HTTPStatus.METHOD_NOT_ALLOWED,
            text="405 Method Not Allowed",
            headers={hdrs.ALLOW: allow},
        )

    # -- handlers: login and config --------------------------------------------------

    async def _index(self, _request: web.Request) -> web.StreamResponse:
        return web.Response(status=HTTPStatus.OK, text=LOGIN_PAGE, content_type="text/html")

    async def _login(self, request: web.Request) -> web.StreamResponse:
        refused = self._method_refused(request)
        if refused is not None:
            return refused
        params = await request_params(request)
        cmd, user, kind = params.get("cmd"), params.get("user"), params.get("type")
        if not cmd or not user or not kind:
            return result(RES_EMPTY)
        if cmd != "login" or kind not in ("0", "1"):
            return result(RES_ILLEGAL)
        login_type = int(kind)
        authcode = params.get("authcode")
        if authcode is None:
            # Authentication, Step 1. Both examples (type 0 and 1) answer LoginType 0.
            challenge = secrets.token_hex(16)
            self._challenges[(user, login_type)] = challenge
            self.challenges_issued += 1
            return xml_answer(
                [
                    ("ResCode", "0"),
                    ("ChallengeCode", challenge),
                    ("LoginType", "0"),
                    ("RetMsg", "OK"),
                ]
            )
        # Step 2. A challenge answers one login only, whatever its outcome.
        pending = self._challenges.pop((user, login_type), None)
        salt = ADMIN_SALT if login_type == 0 else MEDIA_SALT
        verified = pending is not None and _same(
            _md5_hex(f"{pending}:{salt}:{self.password}"), authcode
        )
        code = self._authenticate(login_type, user, verified=verified, path=request.path)
        if code != RES_OK:
            return self._refusal(code)
        self._drop_expired()
        # The spec's captures return the authcode itself as the session token.
        token = authcode
        if login_type == 0:
            self._admin_sessions[token] = _Session(user, self.now())
            self._issued_tokens.append(token)
            response = xml_answer([("ResCode", "0"), ("LoginType", "0"), ("RetMsg", "OK")])
            names = ("session", "uname", "level")
        else:
            self._media_sessions[token] = _Session(user, self.now())
            self._issued_tokens.append(token)
            response = xml_answer([("ResCode", "0"), ("RetMsg", "OK")])
            names = ("mjpeg_sess", "mjpeg_uname", "mjpeg_level")
        for name, value in zip(names, (token, user, "1"), strict=True):
            response.headers.add(hdrs.SET_COOKIE, f"{name}={value}; path=/")
        return response

    async def _config(self, request: web.Request) -> web.StreamResponse:
        refused = self._method_refused(request)
        if refused is not None:
            return refused
        params = await request_params(request)
        # OVERVIEW: "Administrator Privilege is required" for every operation.
        cookies = request.cookies
        if not self._use_session(
            self._admin_sessions, cookies.get("session"), cookies.get("uname"), self.session_timeout
        ):
            return self._expired()
        cmd = params.get("cmd")
        if not cmd:
            return result(RES_EMPTY)
        if cmd == "get":
            return self._cmd_get(params)
        if cmd == "set":
            return self._ptz(params) if params.get("type") == "ptz" else self._cmd_set(params)
        if cmd == "reboot":
            return self._reboot()
        if cmd == "api_get_data":
            return self._api_get_data(params)
        # HTTP SIP DIAL spells the command "Call"; the firmware compares it exactly.
        if cmd == "Call":
            return self._sip_call(params)
        return result(RES_ILLEGAL)

    def _cmd_get(self, params: dict[str, str]) -> web.Response:
        name = params.get("type")
        if not name:
            return result(RES_EMPTY)
        module = self._modules.get(name)
        if module is None:
            # Includes "ptz" on the GSC3610/GSC3615 (section 28 is GSC3620 only).
            return result(RES_ILLEGAL)
        if name == "sysinfo":
            self.params["P15009"] = format_uptime(self.now() - self._booted_at)
        if name == "ptz":
            self._fold_zoom(stop=False)
        items = [("ResCode", "0"), ("RetMsg", "OK")]
        items.extend((key, self.params.get(key, "")) for key in module)
        return xml_answer(items)

    def _cmd_set(self, params: dict[str, str]) -> web.Response:
        updates = {key: value for key, value in params.items() if key.startswith("P")}
        password_change = [params.get(field) for field in _PASSWORD_FIELDS]
        if not updates and all(value is None for value in password_change):
            return result(RES_EMPTY)
        for key, value in updates.items():
            rule = self._rules.get(key)
            # Unknown keys and status keys (rule None) are refused like illegal values.
            if rule is None or not rule(value):
                return result(RES_ILLEGAL)
        # Tips of HTTP API usage: related parameters must be set correctly together.
        if not cross_check({**self.params, **updates}):
            return result(RES_ILLEGAL)
        if any(value is not None for value in password_change):
            # Section 5, User Management: "Three must be set at the same time".
            old, new, confirm = password_change
            if not old or not new or not confirm:
                return result(RES_EMPTY)
            if not _same(self.password, old):
                return result(RES_BAD_PASSWORD)
            if new != confirm:
                return result(RES_NEW_PASSWORD_MISMATCH)
            if not _NEW_PASSWORD(new):
                return result(RES_ILLEGAL)
            updates["P2"] = new
        self.params.update(updates)
        return result(RES_OK)

    def _ptz(self, params: dict[str, str]) -> web.Response:
        act, opt = params.get("act"), params.get("opt")
        if self.model != ZOOM_MODEL or opt not in _PTZ_OPTIONS:
            return result(RES_ILLEGAL)
        # One key focus has no action; every other option needs act 0 (stop) or 1 (start).
        if act not in ("0", "1"):
            if opt != _ONE_KEY_FOCUS:
                return result(RES_ILLEGAL)
            act = "0"
        self.ptz_commands.append((int(act), int(opt)))
        if opt in ("9", "10"):
            self._fold_zoom(stop=True)
            if act == "1":
                self._zoom_direction = 1 if opt == "9" else -1
                self._zoom_start = int(self.params.get("Pzoom_m", "0"))
                self._zoom_since = self.now()
        return result(RES_OK)

    def _fold_zoom(self, *, stop: bool) -> None:
        """Bring ``Pzoom_m`` up to date with a running zoom (and end it when ``stop``)."""
        if not self._zoom_direction:
            return
        steps = int((self.now() - self._zoom_since) / _ZOOM_STEP_SECONDS)
        if stop:
            # A tap (start at once followed by stop) still moves the lens one step.
            steps = max(1, steps)
        value = self._zoom_start + self._zoom_direction * steps
        self.params["Pzoom_m"] = str(max(0, min(ZOOM_MAX, value)))
        if stop:
            self._zoom_direction = 0

    def _reboot(self) -> web.Response:
        # Section 20, Reboot & Reset.
        self.rebooted += 1
        self._fold_zoom(stop=True)
        self.expire_sessions()
        self._challenges.clear()
        self._stream_challenges.clear()
        self.motion = False
        self.call_active = False
        self._boots += 1
        downtime = self.faults.reboot_downtime
        self._booted_at = self.now() + downtime
        self.faults.go_offline_for(downtime)
        response = result(RES_OK)
        # The device goes down right after answering, taking the connection with it.
        response.force_close()
        return response

    def _api_get_data(self, params: dict[str, str]) -> web.Response:
        kind = params.get("type")
        if kind != "0":
            return result(RES_EMPTY if not kind else RES_ILLEGAL)
        # Other Data API: the example has neither an XML declaration nor a ResCode.
        return xml_answer(
            [("MD_STATUS", "1" if self.motion else "0"), ("RetMsg", "OK")], declaration=False
        )

    def _sip_call(self, params: dict[str, str]) -> web.Response:
        call_type, number = params.get("call_type"), params.get("call_num", "")
        if call_type is None:
            return result(RES_EMPTY)
        if call_type not in ("0", "1"):
            return result(RES_ILLEGAL)
        if call_type == "1":
            if not number:
                return result(RES_EMPTY)
            if self.call_active:
                return result(RES_SIP_CALLING)
        self.call_active = call_type == "1"
        self.sip_commands.append((int(call_type), number))
        return result(RES_OK)

    # -- handlers: media -------------------------------------------------------------

    async def _snapshot(self, request: web.Request) -> web.StreamResponse:
        cookies = request.cookies
        # Snapshots, Step 3: valid for 30 s after the login, refreshed by each snapshot.
        if not self._use_session(
            self._media_sessions,
            cookies.get("mjpeg_sess"),
            cookies.get("mjpeg_uname"),
            self.media_session_timeout,
        ):
            return self._expired()
        width, height = _STREAM_SIZES["0"]
        frame = jpeg_frame(width, height, self.model)
        return web.Response(status=HTTPStatus.OK, body=frame, content_type="image/jpeg")

    async def _stream(self, request: web.Request) -> web.StreamResponse:
        path_stream = request.path.partition("=")[2] or None
        if self.mjpeg_auth == "basic":
            return await self._stream_basic(request, path_stream or "0")
        return await self._stream_challenge(request, path_stream)

    async def _stream_basic(self, request: web.Request, stream: str) -> web.StreamResponse:
        # Basic mode ignores the query entirely: no valid header, no stream.
        header = request.headers.get(hdrs.AUTHORIZATION, "")
        if header.partition(" ")[0].lower() != "basic":
            return self._basic_challenge()
        try:
            credentials = BasicAuth.decode(header)
            user, password = credentials.login, credentials.password
        except ValueError:
            user, password = "", ""
        verified = _same(self.password, password)
        if self._authenticate(1, user, verified=verified, path=request.path) != RES_OK:
            return self._basic_challenge()
        return await self._mjpeg(request, stream)

    @staticmethod
    def _basic_challenge() -> web.Response:
        return web.Response(
            status=HTTPStatus.UNAUTHORIZED,
            text="401 Unauthorized",
            headers={hdrs.WWW_AUTHENTICATE: f'Basic realm="{REALM}"'},
        )

    async def _stream_challenge(
        self, request: web.Request, path_stream: str | None
    ) -> web.StreamResponse:
        # "MJPEG Challenge/Response Authentication at Default Mode" and "Obtain MJPEG
        # stream at specified stream channel"; a Basic header plays no part here.
        query = request.query
        stream = query.get("stream", path_stream or "0")
        kind, user = query.get("type"), query.get("user")
        if not kind or not user:
            return result(RES_EMPTY)
        if stream not in _STREAM_SIZES or kind not in ("0", "1"):
            return result(RES_ILLEGAL)
        if kind == "0":
            challenge = secrets.token_hex(16)
            idcode = "".join(secrets.choice(_IDCODE_ALPHABET) for _ in range(20))
            self._stream_challenges[idcode] = (user, challenge)
            while len(self._stream_challenges) > _MAX_STREAM_CHALLENGES:
                del self._stream_challenges[next(iter(self._stream_challenges))]
            self.challenges_issued += 1
            return xml_answer(
                [
                    ("ResCode", "0"),
                    ("ChallengeCode", challenge),
                    ("IDCode", idcode),
                    ("LoginType", "0"),
                    ("RetMsg", "OK"),
                ]
            )
        # The spec's capture sends "idcode= LS79..." (its IDCode has a leading space).
        pending = self._stream_challenges.pop(query.get("idcode", "").strip(), None)
        verified = (
            pending is not None
            and pending[0] == user
            and _same(
                _md5_hex(f"{pending[1]}:{MEDIA_SALT}:{self.password}"), query.get("authcode", "")
            )
        )
        code = self._authenticate(1, user, verified=verified, path=request.path)
        if code != RES_OK:
            return self._refusal(code)
        return await self._mjpeg(request, stream)

    async def _mjpeg(self, request: web.Request, stream: str) -> web.StreamResponse:
        width, height = _STREAM_SIZES[stream]
        cut_mid_part = self.faults.reset_mid_body and self.faults.applies_to(request.path)
        response = web.StreamResponse(
            status=HTTPStatus.OK,
            headers={
                hdrs.CONTENT_TYPE: f"multipart/x-mixed-replace;boundary={BOUNDARY}",
                hdrs.CONNECTION: "close",
            },
        )
        response.force_close()
        # HTTP/1.0 style: the body ends when the connection closes, never chunked.
        response._length_check = False
        await response.prepare(request)
        boots = self._boots
        interval = 1.0 / _STREAM_FPS
        next_due = time.monotonic()
        parts_sent = 0
        try:
            while not self.stopping.is_set():
                if self._boots != boots:
                    # A reboot takes every open stream down with it.
                    drop_connection(request)
                    break
                part = _mjpeg_part(jpeg_frame(width, height, self.model))
                if cut_mid_part and parts_sent == 1:
                    await response.write(part[: len(part) // 2])
                    drop_connection(request)
                    break
                await response.write(part)
                parts_sent += 1
                next_due = max(next_due + interval, time.monotonic())
                if not await sleep_unless_stopping(next_due - time.monotonic(), self.stopping):
                    break
        except ConnectionError:
            pass  # the client went away: the stream simply ends
        return response

    # -- formatting quirk ------------------------------------------------------------

    @web.middleware
    async def _quirk_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        # faults.quirky_var_format: emit the malformed declaration the spec itself shows
        # (specs README: "Some XML is not well-formed"), for lenient-parser tests.
        if (
            self.faults.quirky_var_format
            and self.faults.applies_to(request.path)
            and isinstance(response, web.Response)
            and isinstance(response.body, bytes)
            and response.body.startswith(XML_DECLARATION.encode())
        ):
            response.body = QUIRKY_DECLARATION.encode() + response.body[len(XML_DECLARATION) :]
        return response
