"""Setting values as the devices' query parameters: the rules every vendor shares."""

from __future__ import annotations

import math
from collections.abc import Mapping

from .errors import NotSupportedError
from .models import SettingKind, SettingValue


def encode_setting(
    key: str,
    kind: SettingKind,
    value: SettingValue,
    *,
    options: Mapping[str, str],
    minimum: int,
    maximum: int,
) -> str:
    """The device code of a value: `1`/`0`, the option's code, or a whole number in range.

    NotSupportedError for a value the setting cannot take (nothing is sent then).
    """
    if kind is SettingKind.SWITCH:
        if not isinstance(value, bool):
            raise NotSupportedError(f"value {value!r} for {key} (on/off is needed)")
        return "1" if value else "0"
    if kind is SettingKind.SELECT:
        if not isinstance(value, str) or value not in options:
            raise NotSupportedError(f"option {value!r} for {key}")
        return options[value]
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value != int(value)
        or not minimum <= value <= maximum
    ):
        raise NotSupportedError(f"value {value!r} for {key} (a whole number {minimum}-{maximum})")
    return str(int(value))
