"""What the benchmarks need to know about each vendor: one small table, one row per vendor.

Each row says how to serve the vendor's simulator (CLI flag, in-process instance), how to
recognise its fast-status request in the simulator's log, how to rebuild that request
byte for byte from a logged-in client (the bare aiohttp baseline), and how to arm motion
for push where the simulated camera needs more than the integration's own push setup.

A vendor whose API reports no motion at all (Anjia: no alarm status CGI, no push of any
kind; Hankvision: no live motion or alarm status, no push) has ``motion_entity=None``: the
motion-latency benchmarks (polling and push) skip it and say so in the report, while the
poll-cost and request-count benchmarks still run.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlencode

from custom_components.ipcam_cgi.client import Vendor, VendorClient
from custom_components.ipcam_cgi.client.transport import AuthScheme
from custom_components.ipcam_cgi.client.vendors.anjia.client import (
    GET_RELAY_PATH as ANJIA_STATUS_PATH,
)
from custom_components.ipcam_cgi.client.vendors.anjia.client import AnjiaClient
from custom_components.ipcam_cgi.client.vendors.foscam_mjpeg.client import FoscamMjpegClient
from custom_components.ipcam_cgi.client.vendors.grandstream.client import GrandstreamClient
from custom_components.ipcam_cgi.client.vendors.grandstream.parse import redact_config
from custom_components.ipcam_cgi.client.vendors.grandstream.session import cookie_header
from custom_components.ipcam_cgi.client.vendors.hankvision.client import (
    CHANNEL as HANKVISION_CHANNEL,
)
from custom_components.ipcam_cgi.client.vendors.hankvision.client import (
    STATUS_GROUP as HANKVISION_STATUS_GROUP,
)
from custom_components.ipcam_cgi.client.vendors.standard_api.client import (
    EVENTDATA_PATH as STANDARD_API_EVENTDATA_PATH,
)
from custom_components.ipcam_cgi.client.vendors.standard_api.client import StandardApiClient
from tests.simulator import (
    AnjiaSimulator,
    FoscamMjpegSimulator,
    GrandstreamSimulator,
    HankvisionSimulator,
    RequestLog,
    SimulatorBase,
    StandardApiSimulator,
)

USERNAME: Final = "admin"
PASSWORD: Final = "s3cret-Pa55"
GRANDSTREAM_MODEL: Final = "GSC3620"
ANJIA_MODEL: Final = "MC200J6"
HANKVISION_MODEL: Final = "V6202IR-AR0237"
NO_MOTION_CHANNEL: Final = "no motion channel"
"""Why the motion-latency benchmarks skip a row whose ``motion_entity`` is None."""


@dataclass(frozen=True)
class BareRequest:
    """The fast-status request as plain aiohttp sends it: same URL, same headers."""

    url: str
    headers: dict[str, str]


async def _nothing_to_prepare(_client: VendorClient) -> None:
    """The first fast status needs nothing the integration does at setup."""


@dataclass(frozen=True)
class BenchVendor:
    """One vendor as the benchmarks drive it."""

    key: str
    """The vendor key of config entries and results.json (``Vendor`` value)."""
    vendor: Vendor
    simulator_args: tuple[str, ...]
    """``python -m tests.simulator`` options serving this vendor alone on a free port."""
    make_simulator: Callable[[], SimulatorBase]
    is_status: Callable[[RequestLog], bool]
    """Whether a logged request is the vendor's fast-status request."""
    bare_request: Callable[[VendorClient], BareRequest]
    """The fast-status request rebuilt from a client that has already polled once."""
    transport_status: Callable[[VendorClient], Awaitable[Any]]
    """The same request through the client's transport only (no parsing, no session)."""
    arm_push: Callable[[SimulatorBase], None]
    """What the simulated camera needs, besides the integration's push setup, to push."""
    push_sent: Callable[[SimulatorBase], list[str]]
    """The URLs the simulated camera pushed to, one per notification (for an event
    stream we open: one per stream the camera served)."""
    push_target: Callable[[SimulatorBase], str]
    """Where the camera's push setting points (as the integration configured it; for an
    event stream: the request we hold open)."""
    motion_entity: str | None
    """The motion binary sensor the latency benchmarks flip, or None where the vendor has
    no motion channel (neither a status nor a push reports motion): the polling and push
    latency benchmarks then skip the vendor (``NO_MOTION_CHANNEL``), and ``arm_push``,
    ``push_sent`` and ``push_target`` are never called."""
    unique_id: str
    entry_title: str
    entry_options: Mapping[str, Any] = field(default_factory=dict)
    prepare: Callable[[VendorClient], Awaitable[None]] = _nothing_to_prepare
    """What the client-level benchmarks run on a new client before its first fast status:
    what the integration does at setup that decides which request the fast status sends
    (nothing for most vendors)."""

    @property
    def has_motion(self) -> bool:
        """Whether the motion-latency benchmarks can run for this vendor."""
        return self.motion_entity is not None


def _no_arming(_sim: SimulatorBase) -> None:
    """The integration's push setup (Event Notification) is all the camera needs."""


# -- Foscam MJPEG -------------------------------------------------------------------------

FOSCAM_STATUS_PATH: Final = "/get_status.cgi"


def _foscam(client: VendorClient) -> FoscamMjpegClient:
    assert isinstance(client, FoscamMjpegClient), type(client)
    return client


def _foscam_status_needs_auth(client: VendorClient) -> bool:
    # get_status.cgi is "Permission: N/A": the client sends credentials only once the
    # camera asked for them, so the baseline does too.
    return bool(_foscam(client)._status_needs_auth)


def _foscam_bare(client: VendorClient) -> BareRequest:
    headers = {"Accept": "*/*"}
    if _foscam_status_needs_auth(client):
        config = client.transport.config
        token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return BareRequest(f"{client.transport.base_url}{FOSCAM_STATUS_PATH}", headers)


async def _foscam_transport(client: VendorClient) -> Any:
    return await client.transport.request(
        FOSCAM_STATUS_PATH,
        use_auth=_foscam_status_needs_auth(client),
        accept_statuses=frozenset({401}),
    )


def _foscam_arm(sim: SimulatorBase) -> None:
    # Netwave cameras call their alarm HTTP URL only while motion detection is armed.
    _foscam_sim(sim).params["alarm_motion_armed"] = "1"


def _foscam_sim(sim: SimulatorBase) -> FoscamMjpegSimulator:
    assert isinstance(sim, FoscamMjpegSimulator), type(sim)
    return sim


def _foscam_simulator() -> SimulatorBase:
    return FoscamMjpegSimulator(username=USERNAME, password=PASSWORD)


# -- Grandstream GSC36xx ------------------------------------------------------------------

GRANDSTREAM_STATUS_PATH: Final = "/goform/config"
GRANDSTREAM_STATUS_QUERY: Final = {"cmd": "api_get_data", "type": "0"}


def _grandstream(client: VendorClient) -> GrandstreamClient:
    assert isinstance(client, GrandstreamClient), type(client)
    return client


def _grandstream_cookie(client: VendorClient) -> str:
    """The Cookie header of a `/goform/config` request: the admin session's cookies
    (session, uname, level) plus gdsauthkey<port> = the session id, as the client sends."""
    cookies = dict(_grandstream(client).admin_session.cookies)
    if not cookies:
        raise RuntimeError("the Grandstream client holds no session yet: poll once first")
    cookies[f"gdsauthkey{client.transport.config.effective_port}"] = cookies["session"]
    return cookie_header(cookies)


def _grandstream_is_status(entry: RequestLog) -> bool:
    return entry.path == GRANDSTREAM_STATUS_PATH and entry.query.get("cmd") == "api_get_data"


def _grandstream_bare(client: VendorClient) -> BareRequest:
    url = f"{client.transport.base_url}{GRANDSTREAM_STATUS_PATH}?"
    url += urlencode(GRANDSTREAM_STATUS_QUERY)
    return BareRequest(url, {"Accept": "*/*", "Cookie": _grandstream_cookie(client)})


async def _grandstream_transport(client: VendorClient) -> Any:
    return await client.transport.request(
        GRANDSTREAM_STATUS_PATH,
        GRANDSTREAM_STATUS_QUERY,
        use_auth=False,
        extra_headers={"Cookie": _grandstream_cookie(client)},
        accept_statuses=frozenset({405, 501}),
        redact_body=redact_config,
    )


def _grandstream_sim(sim: SimulatorBase) -> GrandstreamSimulator:
    assert isinstance(sim, GrandstreamSimulator), type(sim)
    return sim


def _grandstream_simulator() -> SimulatorBase:
    return GrandstreamSimulator(username=USERNAME, password=PASSWORD, model=GRANDSTREAM_MODEL)


# -- IP Camera Standard API --------------------------------------------------------------

STANDARD_API_MONITOR: Final = "eventdata.cgi?action=monitor"


def _standard_api(client: VendorClient) -> StandardApiClient:
    assert isinstance(client, StandardApiClient), type(client)
    return client


def _standard_api_query(client: VendorClient) -> dict[str, str]:
    """eventdata.cgi?action=get with the groups the client asks for (its layout so far)."""
    return {"action": "get", "group": _standard_api(client)._layout.group_param}


def _standard_api_is_status(entry: RequestLog) -> bool:
    return entry.path == STANDARD_API_EVENTDATA_PATH and entry.query.get("action") == "get"


def _standard_api_bare(client: VendorClient) -> BareRequest:
    # Basic, pre-emptive once the first challenge taught it (the simulator's default);
    # a Digest header depends on the nonce count, so no fixed request reproduces it.
    if client.transport.auth_in_use is not AuthScheme.BASIC:
        raise RuntimeError(f"the client uses {client.transport.auth_in_use}: poll once first")
    config = client.transport.config
    token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode()
    url = f"{client.transport.base_url}{STANDARD_API_EVENTDATA_PATH}?"
    url += urlencode(_standard_api_query(client))
    return BareRequest(url, {"Accept": "*/*", "Authorization": f"Basic {token}"})


async def _standard_api_transport(client: VendorClient) -> Any:
    return await client.transport.request(STANDARD_API_EVENTDATA_PATH, _standard_api_query(client))


def _no_push_setup(_sim: SimulatorBase) -> None:
    """The camera never calls us: its push is the event stream the integration opens."""


def _standard_api_sim(sim: SimulatorBase) -> StandardApiSimulator:
    assert isinstance(sim, StandardApiSimulator), type(sim)
    return sim


def _standard_api_streams(sim: SimulatorBase) -> list[str]:
    """One entry per monitor stream the camera served (its parts all come over it)."""
    return [
        f"{STANDARD_API_MONITOR}&group={entry.query.get('group', '')}"
        for entry in _standard_api_sim(sim).requests
        if entry.path == STANDARD_API_EVENTDATA_PATH
        and entry.query.get("action") == "monitor"
        and "Authorization" in entry.headers
    ]


def _standard_api_simulator() -> SimulatorBase:
    return StandardApiSimulator(username=USERNAME, password=PASSWORD)


# -- Anjia CGI network camera -------------------------------------------------------------


def _anjia(client: VendorClient) -> AnjiaClient:
    assert isinstance(client, AnjiaClient), type(client)
    return client


async def _anjia_prepare(client: VendorClient) -> None:
    # The fast status is getRelayStatus only once the capabilities found a relay that
    # answers (the integration reads them at setup); before that the client keeps its
    # uid alive with keep_alive instead.
    await _anjia(client).async_capabilities()


def _anjia_query(client: VendorClient) -> dict[str, str]:
    """getRelayStatus's query: the session uid alone (the client puts the uid last)."""
    anjia = _anjia(client)
    if not anjia._relay:
        raise RuntimeError("the Anjia client polls keep_alive (no relay found): prepare first")
    uid = anjia.session.uid
    if not uid:
        raise RuntimeError("the Anjia client holds no uid yet: poll once first")
    return {"uid": uid}


def _anjia_bare(client: VendorClient) -> BareRequest:
    headers = {"Accept": "*/*"}
    # The default firmware (--anjia-auth none) asks for no HTTP auth: the client sends no
    # Authorization (AUTO, never challenged). Basic, once learned, is pre-emptive; a
    # Digest header depends on the nonce count, so no fixed request reproduces it.
    scheme = client.transport.auth_in_use
    if scheme is AuthScheme.BASIC:
        config = client.transport.config
        token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    elif scheme is not AuthScheme.AUTO:
        raise RuntimeError(f"the Anjia client uses {scheme}: no fixed request reproduces it")
    url = f"{client.transport.base_url}{ANJIA_STATUS_PATH}?{urlencode(_anjia_query(client))}"
    return BareRequest(url, headers)


async def _anjia_transport(client: VendorClient) -> Any:
    return await client.transport.request(
        ANJIA_STATUS_PATH, _anjia_query(client), accept_statuses=frozenset({400})
    )


def _no_push_arming(_sim: SimulatorBase) -> None:
    """The camera has no push to arm (no motion channel: never called)."""


def _no_push_sent(_sim: SimulatorBase) -> list[str]:
    """The camera pushes nothing (no motion channel: never called)."""
    return []


def _no_push_target(_sim: SimulatorBase) -> str:
    """The camera has no push setting (no motion channel: never called)."""
    return ""


def _anjia_simulator() -> SimulatorBase:
    return AnjiaSimulator(username=USERNAME, password=PASSWORD, auth_mode="none", model=ANJIA_MODEL)


# -- Hankvision /cgi/ video server --------------------------------------------------------

HANKVISION_STATUS_PATH: Final = "/cgi/record_get"
# The client puts Channel first (get and set carry it), then Group.
HANKVISION_STATUS_QUERY: Final = {"Channel": HANKVISION_CHANNEL, "Group": HANKVISION_STATUS_GROUP}


def _hankvision_is_status(entry: RequestLog) -> bool:
    # record_get also reads the record settings' groups (the slow settings read).
    return (
        entry.path == HANKVISION_STATUS_PATH and entry.query.get("Group") == HANKVISION_STATUS_GROUP
    )


def _hankvision_bare(client: VendorClient) -> BareRequest:
    # Basic, pre-emptive once the first challenge taught it (the simulator's default,
    # --hankvision-auth basic); a Digest header depends on the nonce count, so no fixed
    # request reproduces it.
    if client.transport.auth_in_use is not AuthScheme.BASIC:
        raise RuntimeError(f"the client uses {client.transport.auth_in_use}: poll once first")
    config = client.transport.config
    token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode()
    url = f"{client.transport.base_url}{HANKVISION_STATUS_PATH}?"
    url += urlencode(HANKVISION_STATUS_QUERY)
    return BareRequest(url, {"Accept": "*/*", "Authorization": f"Basic {token}"})


async def _hankvision_transport(client: VendorClient) -> Any:
    return await client.transport.request(HANKVISION_STATUS_PATH, HANKVISION_STATUS_QUERY)


def _hankvision_simulator() -> SimulatorBase:
    return HankvisionSimulator(
        username=USERNAME, password=PASSWORD, auth_mode="basic", model=HANKVISION_MODEL
    )


VENDORS: Final[tuple[BenchVendor, ...]] = (
    BenchVendor(
        key=Vendor.FOSCAM_MJPEG.value,
        vendor=Vendor.FOSCAM_MJPEG,
        simulator_args=("--foscam-port", "0"),
        make_simulator=_foscam_simulator,
        is_status=lambda entry: entry.path == FOSCAM_STATUS_PATH,
        bare_request=_foscam_bare,
        transport_status=_foscam_transport,
        arm_push=_foscam_arm,
        push_sent=lambda sim: _foscam_sim(sim).callbacks_sent,
        push_target=lambda sim: _foscam_sim(sim).params.get("alarm_http_url", ""),
        motion_entity="binary_sensor.front_door_motion",
        unique_id="00:62:6e:4a:3c:d0",
        entry_title="Front door (127.0.0.1)",
        entry_options={"invert_pan": False},
    ),
    BenchVendor(
        key=Vendor.GRANDSTREAM.value,
        vendor=Vendor.GRANDSTREAM,
        simulator_args=("--grandstream-port", "0", "--grandstream-model", GRANDSTREAM_MODEL),
        make_simulator=_grandstream_simulator,
        is_status=_grandstream_is_status,
        bare_request=_grandstream_bare,
        transport_status=_grandstream_transport,
        arm_push=_no_arming,
        # Event Notification: P15410 on, P15413 "ip:port/path" (the scheme is P15417's).
        push_sent=lambda sim: _grandstream_sim(sim).notifications,
        push_target=lambda sim: _grandstream_sim(sim).params.get("P15413", ""),
        motion_entity="binary_sensor.gsc3620_motion",
        unique_id="00:0b:82:ab:cc:ba",
        entry_title=f"{GRANDSTREAM_MODEL} (127.0.0.1)",
    ),
    BenchVendor(
        key=Vendor.STANDARD_API.value,
        vendor=Vendor.STANDARD_API,
        simulator_args=("--standard-api-port", "0"),
        make_simulator=_standard_api_simulator,
        is_status=_standard_api_is_status,
        bare_request=_standard_api_bare,
        transport_status=_standard_api_transport,
        arm_push=_no_push_setup,
        # No webhook: the integration holds eventdata.cgi?action=monitor open.
        push_sent=_standard_api_streams,
        push_target=lambda _sim: STANDARD_API_MONITOR,
        motion_entity="binary_sensor.ipcam_motion",
        unique_id="00:d0:89:1b:02:df",
        entry_title="720WA-N4 (127.0.0.1)",
    ),
    BenchVendor(
        key=Vendor.ANJIA.value,
        vendor=Vendor.ANJIA,
        simulator_args=("--anjia-port", "0", "--anjia-auth", "none"),
        make_simulator=_anjia_simulator,
        is_status=lambda entry: entry.path == ANJIA_STATUS_PATH,
        bare_request=_anjia_bare,
        transport_status=_anjia_transport,
        # No alarm status CGI and no push of any kind (specs README, "Anjia CGI").
        arm_push=_no_push_arming,
        push_sent=_no_push_sent,
        push_target=_no_push_target,
        motion_entity=None,
        unique_id="00:12:12:34:56:78",
        entry_title=f"{ANJIA_MODEL} (127.0.0.1)",
        prepare=_anjia_prepare,
    ),
    BenchVendor(
        key=Vendor.HANKVISION.value,
        vendor=Vendor.HANKVISION,
        # Every answer closes its connection (HTTP/1.0 style, spec 2.2; the simulator
        # models it): one new connection per poll is the device's, the bare GET opens
        # one too.
        simulator_args=("--hankvision-port", "0", "--hankvision-auth", "basic"),
        make_simulator=_hankvision_simulator,
        is_status=_hankvision_is_status,
        bare_request=_hankvision_bare,
        transport_status=_hankvision_transport,
        # The fast status is the SD card (record_get RecordDevice): the API has no live
        # motion or alarm status (MDInfo is configuration only) and pushes nothing.
        arm_push=_no_push_arming,
        push_sent=_no_push_sent,
        push_target=_no_push_target,
        motion_entity=None,
        unique_id="52:3e:42:02:bc:20",
        entry_title=f"{HANKVISION_MODEL} (127.0.0.1)",
        # No prepare: the fast status is record_get RecordDevice whatever the capabilities.
    ),
)
BY_KEY: Final = {vendor.key: vendor for vendor in VENDORS}


def selected(keys: str | None) -> list[BenchVendor]:
    """The vendors named in a comma-separated list (all of them for None or empty)."""
    if not keys:
        return list(VENDORS)
    return [BY_KEY[key] for key in keys.split(",") if key]


def request_label(entry: RequestLog) -> str:
    """A logged request as `path`, `path?cmd=..&type=..`, `path?action=..` or
    `path?Group=..` (never credentials)."""
    cmd = entry.query.get("cmd") or entry.form.get("cmd")
    if not cmd:
        # The Standard API's CGIs do several things each (eventdata get / monitor).
        if action := entry.query.get("action"):
            return f"{entry.path}?action={action}"
        # Hankvision's `<class>_get|set|query` read or write one group each.
        group = entry.query.get("Group")
        return f"{entry.path}?Group={group}" if group else entry.path
    kind = entry.query.get("type") or entry.form.get("type")
    return f"{entry.path}?cmd={cmd}" + (f"&type={kind}" if kind else "")


def split_requests(vendor: BenchVendor, entries: list[RequestLog]) -> dict[str, Any]:
    """Status requests, other requests, and how many of each label."""
    labels: dict[str, int] = {}
    for entry in entries:
        label = request_label(entry)
        labels[label] = labels.get(label, 0) + 1
    status = sum(vendor.is_status(entry) for entry in entries)
    return {"status": status, "other": len(entries) - status, "paths": labels}
