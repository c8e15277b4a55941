"""The camera entity against the simulator: snapshots, the MJPEG live view, stream options."""

from __future__ import annotations

import io
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from homeassistant.components.camera import (
    CameraEntityFeature,
    async_get_image,
    async_get_stream_source,
)
from homeassistant.const import ATTR_SUPPORTED_FEATURES, STATE_IDLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from PIL import Image
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ipcam_cgi.const import DOMAIN
from tests.conftest import FOSCAM_MAC, entry_data, setup_entry
from tests.simulator import FoscamMjpegSimulator

CAMERA = "camera.front_door"
SOI = b"\xff\xd8"
EOI = b"\xff\xd9"
RTSP_URL = "rtsp://192.0.2.10:554/live/ch0"


def camera_entry(server: TestServer, **options: Any) -> MockConfigEntry:
    """A config entry for the simulator with these options."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Front door (127.0.0.1)",
        unique_id=FOSCAM_MAC,
        data=entry_data(server),
        options={"scan_interval": 2, "push": False, "stream": "auto", **options},
    )


def picture_size(jpeg: bytes) -> tuple[int, int]:
    """Width and height of a JPEG (decoding it proves it is one)."""
    with Image.open(io.BytesIO(jpeg)) as image:
        image.load()
        return image.size


async def read_at_least(response: Any, size: int) -> bytes:
    """Read at least `size` bytes of an endless body."""
    data = b""
    while len(data) < size:
        chunk = await response.content.read(size)
        assert chunk, "the stream ended early"
        data += chunk
    return data


async def test_camera_image_is_the_cameras_snapshot(
    hass: HomeAssistant, foscam_entry: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    await setup_entry(hass, foscam_entry)
    image = await async_get_image(hass, CAMERA)
    assert image.content_type == "image/jpeg"
    assert image.content.startswith(SOI)
    assert image.content.endswith(EOI)
    assert picture_size(image.content) == (640, 480)
    assert foscam_sim.requests[-1].path == "/snapshot.cgi"


async def test_camera_image_follows_the_cameras_resolution(
    hass: HomeAssistant, foscam_entry: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.camera_params["resolution"] = 8
    image = await async_get_image(hass, CAMERA)
    assert picture_size(image.content) == (320, 240)


async def test_snapshot_failure_raises_and_the_camera_recovers(
    hass: HomeAssistant, foscam_entry: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.offline = True
    foscam_sim.faults.paths = frozenset({"/snapshot.cgi"})
    with pytest.raises(HomeAssistantError):
        await async_get_image(hass, CAMERA)
    state = hass.states.get(CAMERA)
    assert state is not None
    assert state.state == STATE_IDLE
    foscam_sim.faults.clear()
    image = await async_get_image(hass, CAMERA)
    assert image.content.startswith(SOI)


async def test_snapshot_that_is_not_a_jpeg_is_refused(
    hass: HomeAssistant, foscam_entry: MockConfigEntry, foscam_sim: FoscamMjpegSimulator
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.malformed_body = b"<html>login</html>"
    foscam_sim.faults.paths = frozenset({"/snapshot.cgi"})
    with pytest.raises(HomeAssistantError):
        await async_get_image(hass, CAMERA)


async def test_snapshot_failure_through_the_proxy_answers_an_error(
    hass: HomeAssistant,
    foscam_entry: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    hass_client: ClientSessionGenerator,
) -> None:
    await setup_entry(hass, foscam_entry)
    client = await hass_client()
    foscam_sim.faults.offline = True
    foscam_sim.faults.paths = frozenset({"/snapshot.cgi"})
    response = await client.get(f"/api/camera_proxy/{CAMERA}")
    assert response.status == 500
    foscam_sim.faults.clear()
    response = await client.get(f"/api/camera_proxy/{CAMERA}")
    assert response.status == 200
    assert (await response.read()).startswith(SOI)


async def test_live_view_proxies_the_cameras_mjpeg_stream(
    hass: HomeAssistant,
    foscam_entry: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    hass_client: ClientSessionGenerator,
) -> None:
    await setup_entry(hass, foscam_entry)
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy_stream/{CAMERA}")
    try:
        assert response.status == 200
        assert response.headers["Content-Type"] == "multipart/x-mixed-replace;boundary=ipcamera"
        data = await read_at_least(response, 8192)
    finally:
        response.close()
    assert data.startswith(b"--ipcamera\r\n")
    assert b"Content-Type: image/jpeg" in data
    assert SOI in data
    stream_requests = [r for r in foscam_sim.requests if r.path == "/videostream.cgi"]
    assert len(stream_requests) == 1
    assert stream_requests[0].query == {"resolution": "32", "rate": "0"}
    await hass.async_block_till_done()


async def test_snapshot_stream_option_serves_snapshots(
    hass: HomeAssistant,
    foscam_server: TestServer,
    foscam_sim: FoscamMjpegSimulator,
    hass_client: ClientSessionGenerator,
) -> None:
    await setup_entry(hass, camera_entry(foscam_server, stream="snapshot"))
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy_stream/{CAMERA}")
    try:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("multipart/x-mixed-replace")
        data = await read_at_least(response, 4096)
    finally:
        response.close()
    assert b"--frameboundary" in data
    assert SOI in data
    paths = {request.path for request in foscam_sim.requests}
    assert "/snapshot.cgi" in paths
    assert "/videostream.cgi" not in paths
    await hass.async_block_till_done()


async def test_live_view_falls_back_to_snapshots_when_the_stream_fails(
    hass: HomeAssistant,
    foscam_entry: MockConfigEntry,
    foscam_sim: FoscamMjpegSimulator,
    hass_client: ClientSessionGenerator,
) -> None:
    await setup_entry(hass, foscam_entry)
    foscam_sim.faults.http_status = 500
    foscam_sim.faults.paths = frozenset({"/videostream.cgi"})
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy_stream/{CAMERA}")
    try:
        assert response.status == 200
        data = await read_at_least(response, 4096)
    finally:
        response.close()
    assert b"--frameboundary" in data
    assert SOI in data
    assert foscam_sim.requests[-1].path == "/snapshot.cgi"
    await hass.async_block_till_done()


async def test_camera_without_rtsp_has_no_stream_feature(
    hass: HomeAssistant, foscam_entry: MockConfigEntry
) -> None:
    await setup_entry(hass, foscam_entry)
    state = hass.states.get(CAMERA)
    assert state is not None
    assert not state.attributes[ATTR_SUPPORTED_FEATURES] & CameraEntityFeature.STREAM
    assert await async_get_stream_source(hass, CAMERA) is None


async def test_stream_url_option_turns_on_the_stream_feature(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    await setup_entry(hass, camera_entry(foscam_server, stream_url=RTSP_URL))
    state = hass.states.get(CAMERA)
    assert state is not None
    assert state.attributes[ATTR_SUPPORTED_FEATURES] & CameraEntityFeature.STREAM
    assert await async_get_stream_source(hass, CAMERA) == RTSP_URL


@pytest.mark.parametrize("stream", ["mjpeg", "snapshot"])
async def test_mjpeg_and_snapshot_modes_ignore_the_stream_url(
    hass: HomeAssistant, foscam_server: TestServer, stream: str
) -> None:
    await setup_entry(hass, camera_entry(foscam_server, stream=stream, stream_url=RTSP_URL))
    state = hass.states.get(CAMERA)
    assert state is not None
    assert not state.attributes[ATTR_SUPPORTED_FEATURES] & CameraEntityFeature.STREAM
    assert await async_get_stream_source(hass, CAMERA) is None


async def test_rtsp_mode_without_rtsp_on_the_camera_has_no_stream_source(
    hass: HomeAssistant, foscam_server: TestServer
) -> None:
    await setup_entry(hass, camera_entry(foscam_server, stream="rtsp"))
    assert await async_get_stream_source(hass, CAMERA) is None
