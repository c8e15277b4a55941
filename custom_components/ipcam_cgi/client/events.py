"""A live event stream opened by the client (the device pushes over a connection we hold)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from .errors import NotSupportedError, ResponseError
from .models import StatusUpdate
from .multipart import MultipartReader, boundary_of
from .transport import StreamResponse

# Parts that do not decode in a row before the stream counts as broken (one garbled part
# is survivable; a stream of them says the device speaks something else).
MAX_BAD_PARTS: Final = 3


class EventStream:
    """Status updates as a device sends them over one long-lived multipart answer.

    `async_next` raises CameraConnectionError when the device closes the stream and
    CameraTimeoutError when it stays silent past the watchdog: the caller reconnects.
    """

    def __init__(
        self,
        response: StreamResponse,
        decode: Callable[[bytes], StatusUpdate],
        *,
        watchdog: float,
    ) -> None:
        """Wrap an open multipart answer; `decode` turns one part's body into an update.

        NotSupportedError when the answer is no multipart stream.
        """
        boundary = boundary_of(response.content_type)
        if boundary is None:
            # Firmware without the monitor action answers once (an error line, a page):
            # retrying would only repeat that, so the caller stays with polling.
            response.close()
            raise NotSupportedError(
                f"event stream (the camera answered {response.content_type}, not multipart)"
            )
        self._response = response
        self._decode = decode
        self._reader = MultipartReader(response.content, boundary, part_timeout=watchdog)
        self.parts = 0
        self.bad_parts = 0

    async def async_next(self) -> StatusUpdate:
        """The next update. A part that does not decode is skipped, a run of them is fatal."""
        bad_in_a_row = 0
        while True:
            body = await self._reader.next_part()
            self.parts += 1
            try:
                return self._decode(body)
            # A garbled part or an `# Error:` line in one: the next part may well be fine.
            except ResponseError:
                self.bad_parts += 1
                bad_in_a_row += 1
                if bad_in_a_row >= MAX_BAD_PARTS:
                    raise

    def close(self) -> None:
        """Drop the connection."""
        self._response.close()
