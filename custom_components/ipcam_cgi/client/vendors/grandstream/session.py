"""GSC36xx challenge-response logins and their cookie sessions (admin and media).

The device locks the account after P14832 (3-10) consecutive failed logins for P14834
minutes, so every login here is single-flight, a refused password stops all further logins
until new credentials arrive (a new client), and a lockout stops them until it has passed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from enum import IntEnum
from http.cookies import CookieError, SimpleCookie
from typing import Final

from ...errors import AuthError, ParseError
from ...login import AccountGuard, SingleFlightSession
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


class ChallengeSession(SingleFlightSession[dict[str, str]]):
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
        super().__init__(guard)
        self._type = login_type
        self._salt = ADMIN_SALT if login_type is LoginType.ADMIN else MEDIA_SALT
        self._username = username
        self._password = password
        self._send = send

    @property
    def cookies(self) -> dict[str, str]:
        """The session cookies (none while logged out)."""
        return self.token or {}

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
