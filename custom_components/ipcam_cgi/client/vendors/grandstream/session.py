"""GSC36xx challenge-response logins and their cookie sessions (admin and media).

The device locks the account after P14832 (3-10) consecutive failed logins for P14834
minutes, so every login here is single-flight, a refused password stops all further logins
until new credentials arrive (a new client), and a lockout stops them until it has passed.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Mapping
from enum import IntEnum
from http.cookies import CookieError, SimpleCookie
from typing import Final

from ...errors import AuthError, LockedOutError, ParseError, ResponseError
from ...transport import HttpResponse
from .parse import SessionGoneError, check_res_code, parse_configuration

# The spec prints the salts with a capital I; real devices (and public clients such as
# ZoneMinder's Grandstream control module) use a lowercase L: see the specs README.
ADMIN_SALT: Final = "GSC36XXlZpRsFzCbM"
MEDIA_SALT: Final = "GSC36XXlDyTlHwNgZ"
# "Step 3 should be finished within 30 seconds after authentication OK": renew a media
# session that has been idle this long instead of spending a request on a refused snapshot.
MEDIA_IDLE_RENEW: Final = 25.0
# P14834's range is 5-60 minutes; until the access settings were read, assume the shortest.
DEFAULT_LOCKOUT_MINUTES: Final = 5
# A session refused before it ever served a request is not renewed again this soon: a
# device that keeps refusing fresh sessions must not get a login on every poll.
FRESH_SESSION_BACKOFF: Final = 60.0

type Send = Callable[[str, Mapping[str, str], Mapping[str, str]], Awaitable[HttpResponse]]


class LoginType(IntEnum):
    """`type=` of `/goform/login`: the admin (config) session or the media (JPEG) session."""

    ADMIN = 0
    MEDIA = 1


def authcode(challenge: str, salt: str, password: str) -> str:
    """md5("<ChallengeCode>:<salt>:<password>") as 32 lowercase hex digits (spec, Step 2)."""
    # MD5 is what the device's login protocol specifies, not a choice of ours.
    data = f"{challenge}:{salt}:{password}".encode()
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


class AccountGuard:
    """What the device said about the account; shared by every login of one client."""

    def __init__(self) -> None:
        """No refusal known yet."""
        self.refused: AuthError | None = None
        self.locked_until = 0.0
        self.lockout_minutes: int | None = None

    def check(self) -> None:
        """Raise, without contacting the device, while a login could only fail or lock."""
        if self.refused is not None:
            raise AuthError(f"{self.refused} (no new login until the credentials change)")
        remaining = self.locked_until - time.monotonic()
        if remaining > 0:
            raise LockedOutError(
                "the device locked the account; no login until the lock has passed",
                retry_after_minutes=self.lockout_minutes or DEFAULT_LOCKOUT_MINUTES,
            )

    def record(self, err: AuthError) -> None:
        """Remember a refused or locked login so that no further one is sent."""
        if isinstance(err, LockedOutError):
            minutes = self.lockout_minutes or DEFAULT_LOCKOUT_MINUTES
            err.retry_after_minutes = minutes
            self.locked_until = time.monotonic() + minutes * 60
        else:
            self.refused = err


class ChallengeSession:
    """One cookie session of the device, logged in by challenge and response, single-flight."""

    def __init__(
        self,
        *,
        login_type: LoginType,
        username: str,
        password: str,
        guard: AccountGuard,
        send: Send,
    ) -> None:
        """Nothing is sent until the first `async_ensure`."""
        self._type = login_type
        self._salt = ADMIN_SALT if login_type is LoginType.ADMIN else MEDIA_SALT
        self._username = username
        self._password = password
        self._guard = guard
        self._send = send
        self._lock = asyncio.Lock()
        self.cookies: dict[str, str] = {}
        # Bumped on every login: a caller whose request failed with generation g re-logs in
        # only if nobody did since, so concurrent failures cost exactly one login.
        self.generation = 0
        self.logins = 0
        self.last_used = 0.0
        self.last_login = 0.0
        # Whether the current session has served a request (it then really lapsed later).
        self.proven = False

    @property
    def active(self) -> bool:
        """Whether a session cookie is held."""
        return bool(self.cookies)

    def forget(self) -> None:
        """Drop the session (the device forgot it, e.g. after a reboot)."""
        self.cookies = {}
        # Known to be gone, not refused: the next login is no retry of a fresh session.
        self.last_login = 0.0

    def touch(self) -> None:
        """A request on the session succeeded: the device restarted its idle timer."""
        self.last_used = time.monotonic()
        self.proven = True

    async def async_ensure(self) -> int:
        """Log in unless a session is held; return the session's generation."""
        if self.cookies:
            return self.generation
        return await self.async_renew(self.generation)

    async def async_renew(self, failed_generation: int) -> int:
        """Log in again after `failed_generation` was refused, unless another caller did."""
        async with self._lock:
            if self.cookies and self.generation != failed_generation:
                return self.generation
            self._guard.check()
            if (
                self.logins
                and not self.proven
                and time.monotonic() - self.last_login < FRESH_SESSION_BACKOFF
            ):
                raise ResponseError("the device refused the session it had just issued")
            self.cookies = {}
            self.last_login = time.monotonic()
            try:
                self.cookies = await self._login()
            except AuthError as err:
                self._guard.record(err)
                raise
            self.generation += 1
            self.logins += 1
            self.proven = False
            self.last_used = self.last_login
            return self.generation

    async def _login(self) -> dict[str, str]:
        base = {"cmd": "login", "user": self._username, "type": str(int(self._type))}
        challenge_answer = check_res_code(
            parse_configuration((await self._send("/goform/login", base, {})).body)
        )
        challenge = challenge_answer.get("ChallengeCode")
        if not challenge:
            raise ParseError("the login answer carries no ChallengeCode")
        code = authcode(challenge, self._salt, self._password)
        response = await self._send("/goform/login", {**base, "authcode": code}, {})
        try:
            check_res_code(
                parse_configuration(response.body),
                lockout_minutes=self._guard.lockout_minutes or DEFAULT_LOCKOUT_MINUTES,
            )
        except SessionGoneError as err:
            # A 401 to the response itself is a refused password, not an expired session.
            raise AuthError(f"the device refused the login ({err})") from err
        cookies = session_cookies(response)
        if not cookies:
            raise ParseError("the device accepted the login but set no session cookie")
        return cookies


def session_cookies(response: HttpResponse) -> dict[str, str]:
    """The cookies a login answer sets (`session`, `uname`, `level`, or the `mjpeg_` trio)."""
    cookies: dict[str, str] = {}
    for header in response.headers.getall("Set-Cookie", []):
        jar: SimpleCookie = SimpleCookie()
        try:
            # The spec's capture shows `session= bc82...;path=/;`: a space before the value.
            jar.load(header.replace("= ", "="))
        except CookieError:
            continue
        cookies.update({name: morsel.value for name, morsel in jar.items()})
    return cookies


def cookie_header(cookies: Mapping[str, str]) -> str:
    """A Cookie header value."""
    return "; ".join(f"{name}={value}" for name, value in cookies.items())
