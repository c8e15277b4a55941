"""JPEG frames for the simulated cameras: a clock, a moving bar and the camera name.

Frames are baseline JPEGs rendered with Pillow. Rendering is cached per tenth of a
second, so a hundred concurrent MJPEG streams cost one encode per tenth, while the
picture still visibly changes every tenth (the clock shows tenths of a second).
"""

import functools
import io
import time

from PIL import Image, ImageDraw, ImageFont

# Foscam resolution codes, reused by the other simulators for their own sizes.
RESOLUTION_SIZES: dict[int, tuple[int, int]] = {
    2: (160, 120),
    8: (320, 240),
    32: (640, 480),
}

_BACKGROUND = (28, 36, 52)
_BAR = (230, 160, 40)
_TEXT = (240, 240, 240)
_SHADOW = (0, 0, 0)
# The bar crosses the frame in this many tenths of a second (5 s).
_BAR_PERIOD_TENTHS = 50


@functools.lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=32)
def _render(width: int, height: int, label: str, tenth: int) -> bytes:
    image = Image.new("RGB", (width, height), _BACKGROUND)
    draw = ImageDraw.Draw(image)

    # A static horizon and a few blocks give the encoder some real detail to chew on.
    draw.rectangle((0, height * 2 // 3, width, height), fill=(44, 70, 44))
    for index in range(6):
        left = index * width // 6 + width // 48
        top = height // 3 + (index % 3) * height // 24
        draw.rectangle(
            (left, top, left + width // 10, height * 2 // 3),
            fill=(70 + index * 20, 70, 110 - index * 10),
        )

    bar_width = max(4, width // 10)
    bar_x = (tenth % _BAR_PERIOD_TENTHS) * (width + bar_width) // _BAR_PERIOD_TENTHS - bar_width
    draw.rectangle((bar_x, height - height // 12, bar_x + bar_width, height), fill=_BAR)

    seconds, tenths = divmod(tenth, 10)
    clock = time.strftime("%H:%M:%S", time.localtime(seconds)) + f".{tenths * 100:03d}"
    font = _font(max(8, height // 12))
    margin = max(2, width // 64)
    for text, y in ((clock, margin), (label, height - height // 12 - height // 10)):
        draw.text((margin + 1, y + 1), text, fill=_SHADOW, font=font)
        draw.text((margin, y), text, fill=_TEXT, font=font)

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80, progressive=False)
    return buffer.getvalue()


def jpeg_frame(width: int, height: int, label: str, now: float | None = None) -> bytes:
    """Return a baseline JPEG of ``width`` x ``height`` showing ``label`` and the time.

    ``now`` (``time.time()`` by default) picks the tenth of a second that is drawn.
    """
    moment = time.time() if now is None else now
    return _render(width, height, label, int(moment * 10))


def frame_for_resolution(resolution: int, label: str, now: float | None = None) -> bytes:
    """Return a frame for a Foscam resolution code (2, 8 or 32; others fall back to VGA)."""
    width, height = RESOLUTION_SIZES.get(resolution, RESOLUTION_SIZES[32])
    return jpeg_frame(width, height, label, now)
