"""Constants of the ipcam_cgi integration."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Final

DOMAIN: Final = "ipcam_cgi"
LOGGER: Final = logging.getLogger(__package__)

CONF_VENDOR: Final = "vendor"
CONF_PUSH: Final = "push"
CONF_STREAM: Final = "stream"
CONF_STREAM_URL: Final = "stream_url"
CONF_STREAM_QUALITY: Final = "stream_quality"
CONF_INVERT_PAN: Final = "invert_pan"
CONF_INVERT_IR_CUT: Final = "invert_ir_cut"
CONF_WEBHOOK_ID: Final = "webhook_id"
CONF_PUSH_PREVIOUS: Final = "push_previous"

VENDOR_AUTO: Final = "auto"

STREAM_AUTO: Final = "auto"
STREAM_RTSP: Final = "rtsp"
STREAM_MJPEG: Final = "mjpeg"
STREAM_SNAPSHOT: Final = "snapshot"
STREAM_MODES: Final = (STREAM_AUTO, STREAM_RTSP, STREAM_MJPEG, STREAM_SNAPSHOT)

DEFAULT_USERNAME: Final = "admin"
DEFAULT_SCAN_INTERVAL: Final = 2
MIN_SCAN_INTERVAL: Final = 1
MAX_SCAN_INTERVAL: Final = 300
# Settings change rarely and cost several requests: read them on this slower cadence and right
# after a write, never on every fast status poll.
SETTINGS_INTERVAL: Final = timedelta(seconds=60)
# A pushed alarm is expected within this long after polling saw the event start.
PUSH_GRACE: Final = timedelta(seconds=10)
# After this many events that polling saw but no push announced, push is reported broken.
PUSH_MISSES_BEFORE_REPAIR: Final = 3

ISSUE_PUSH_NO_URL: Final = "push_no_url"
ISSUE_PUSH_NOT_RECEIVED: Final = "push_not_received"
ISSUE_ACCOUNT_LOCKED: Final = "account_locked"
# An event stream that sends nothing (no change, no heartbeat part) this long is dead.
STREAM_WATCHDOG: Final = timedelta(seconds=10)
# Reconnect waits, doubling from the first to the last after each failure.
STREAM_BACKOFF_FIRST: Final = timedelta(seconds=1)
STREAM_BACKOFF_MAX: Final = timedelta(seconds=60)
