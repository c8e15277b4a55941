"""The getuid session: a uid that lapses when idle, renewed single-flight.

3.1.1: "User id timeout for 60 seconds ... After each successful request cgi interface to
recalculate the timeout". 3.7.10 `setUidValidTime` lengthens one uid's lifetime, for status
polls further apart than that.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import Final

from ...errors import ResponseError
from ...login import AccountGuard, SingleFlightSession

# 3.1.1 and 3.7.10: "the default effective time of the current uid is 60 seconds".
DEFAULT_LIFETIME: Final = 60.0
# A uid idle for its lifetime less this margin is taken as gone: a request on it would
# only come back `uid error` (the device's clock and ours drift by a request's duration).
EXPIRY_MARGIN: Final = 5.0

type Login = Callable[[], Awaitable[str]]
type SetLifetime = Callable[[str, int], Awaitable[None]]


def wanted_lifetime(status_interval: float, request_timeout: float) -> int | None:
    """The uid lifetime polls `status_interval` apart need; None where 60 s is enough.

    Two polls' gap plus a request's timeout: one failed poll must not lapse the uid.
    """
    needed = 2 * status_interval + request_timeout
    if needed <= DEFAULT_LIFETIME - EXPIRY_MARGIN:
        return None
    return math.ceil(needed + EXPIRY_MARGIN)


class UidSession(SingleFlightSession[str]):
    """The uid every CGI but getuid takes; a login is getuid (and setUidValidTime if needed)."""

    def __init__(
        self,
        guard: AccountGuard,
        login: Login,
        set_lifetime: SetLifetime,
        wanted: int | None,
    ) -> None:
        """Nothing is sent until the first `async_ensure`."""
        super().__init__(guard)
        self._getuid = login
        self._set_lifetime = set_lifetime
        self._wanted = wanted
        # None until a setUidValidTime was tried: firmware without it keeps 60 s.
        self.lifetime_settable: bool | None = None
        self.lifetime = DEFAULT_LIFETIME

    @property
    def uid(self) -> str:
        """The uid held (empty while logged out)."""
        return self.token or ""

    def lapsed(self) -> bool:
        """Whether the held uid has been idle so long that the device dropped it."""
        idle = time.monotonic() - self.last_used
        return self.token is not None and idle > self.lifetime - EXPIRY_MARGIN

    async def _login(self) -> str:
        uid = await self._getuid()
        self.lifetime = DEFAULT_LIFETIME
        if self._wanted is not None and self.lifetime_settable is not False:
            try:
                await self._set_lifetime(uid, self._wanted)
            except ResponseError:
                # Firmware without 3.7.10 (a fault, a 404): the uid lapses after 60 s idle,
                # and each poll further apart logs in again (found lapsed before any
                # request is wasted on it).
                self.lifetime_settable = False
            else:
                self.lifetime_settable = True
                self.lifetime = float(self._wanted)
        return uid
