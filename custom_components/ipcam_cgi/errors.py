"""Client errors as Home Assistant exceptions, translated, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError

from .client import AuthError, CameraError, LockedOutError
from .const import DOMAIN


@contextmanager
def translated_camera_errors(
    failure: type[HomeAssistantError], translation_key: str
) -> Iterator[None]:
    """Re-raise client errors: bad credentials start reauth, the rest become `failure`.

    `failure` is ConfigEntryNotReady during setup and UpdateFailed while polling; a locked
    account is a retryable failure (a new login would only extend the lock).
    """
    try:
        yield
    except LockedOutError as err:
        raise failure(
            translation_domain=DOMAIN,
            translation_key="account_locked",
            translation_placeholders={"minutes": str(err.retry_after_minutes or "?")},
        ) from err
    except AuthError as err:
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="invalid_auth"
        ) from err
    except CameraError as err:
        raise failure(
            translation_domain=DOMAIN,
            translation_key=translation_key,
            translation_placeholders={"error": str(err)},
        ) from err
