"""Logins that never storm: one account guard per device, single-flight session renewal.

Several vendors hand out a session (a cookie, a uid) after a login, forget it after a while,
and lock or count failed logins. Every vendor session shares these rules:
- a refused password stops all further logins until new credentials arrive (a new client),
  and a lockout stops them until it has passed (AccountGuard);
- concurrent requests that find the session gone cost exactly one login (generations);
- a session refused before it ever served a request is not renewed again for a while: a
  device that keeps refusing fresh sessions must not get a login on every poll.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from typing import Final

from .errors import AuthError, LockedOutError, ResponseError

# No new login this soon after one whose session was refused before it served a request.
FRESH_SESSION_BACKOFF: Final = 60.0


class AccountGuard:
    """What the device said about the account; shared by every login of one client."""

    def __init__(self, default_lockout_minutes: int = 5) -> None:
        """No refusal known yet; a lockout of unknown length counts as the default."""
        self.refused: AuthError | None = None
        self.locked_until = 0.0
        self.lockout_minutes: int | None = None
        self.default_lockout_minutes = default_lockout_minutes

    def check(self) -> None:
        """Raise, without contacting the device, while a login could only fail or lock."""
        if self.refused is not None:
            raise AuthError(f"{self.refused} (no new login until the credentials change)")
        remaining = self.locked_until - time.monotonic()
        if remaining > 0:
            raise LockedOutError(
                "the device locked the account; no login until the lock has passed",
                retry_after_minutes=self.lockout_minutes or self.default_lockout_minutes,
            )

    def record(self, err: AuthError) -> None:
        """Remember a refused or locked login so that no further one is sent."""
        if isinstance(err, LockedOutError):
            minutes = self.lockout_minutes or self.default_lockout_minutes
            err.retry_after_minutes = minutes
            self.locked_until = time.monotonic() + minutes * 60
        else:
            self.refused = err


class SingleFlightSession[TokenT](ABC):
    """A session token (cookies, a uid) got by a login that at most one caller runs at a time."""

    def __init__(self, guard: AccountGuard) -> None:
        """Nothing is sent until the first `async_ensure`."""
        self._guard = guard
        self._lock = asyncio.Lock()
        self.token: TokenT | None = None
        # Bumped on every login: a caller whose request failed with generation g logs in
        # again only if nobody did since, so concurrent failures cost exactly one login.
        self.generation = 0
        self.logins = 0
        self.last_used = 0.0
        self.last_login = 0.0
        # Whether the current session has served a request (it then really lapsed later).
        self.proven = False

    @abstractmethod
    async def _login(self) -> TokenT:
        """Log in; AuthError for refused credentials."""

    @property
    def active(self) -> bool:
        """Whether a session is held."""
        return self.token is not None

    def forget(self) -> None:
        """Drop the session (the device forgot it, e.g. after a reboot)."""
        self.token = None
        # Known to be gone, not refused: the next login is no retry of a fresh session.
        self.last_login = 0.0

    def touch(self) -> None:
        """A request on the session succeeded: the device restarted its idle timer."""
        self.last_used = time.monotonic()
        self.proven = True

    async def async_ensure(self) -> int:
        """Log in unless a session is held; return the session's generation."""
        if self.token is not None:
            return self.generation
        return await self.async_renew(self.generation)

    async def async_renew(self, failed_generation: int) -> int:
        """Log in again after `failed_generation` was refused, unless another caller did."""
        async with self._lock:
            if self.token is not None and self.generation != failed_generation:
                return self.generation
            self._guard.check()
            if (
                self.logins
                and not self.proven
                and time.monotonic() - self.last_login < FRESH_SESSION_BACKOFF
            ):
                raise ResponseError("the device refused the session it had just issued")
            self.token = None
            self.last_login = time.monotonic()
            try:
                self.token = await self._login()
            except AuthError as err:
                self._guard.record(err)
                raise
            self.generation += 1
            self.logins += 1
            self.proven = False
            self.last_used = self.last_login
            return self.generation
