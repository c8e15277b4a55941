"""Repair issues the integration raises (and clears) for the user."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, ISSUE_ACCOUNT_LOCKED, ISSUE_PUSH_NO_URL, ISSUE_PUSH_NOT_RECEIVED


def _issue_id(kind: str, entry: ConfigEntry) -> str:
    return f"{kind}_{entry.entry_id}"


def _report(
    hass: HomeAssistant,
    entry: ConfigEntry,
    kind: str,
    severity: ir.IssueSeverity,
    **placeholders: str,
) -> None:
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(kind, entry),
        is_fixable=False,
        severity=severity,
        translation_key=kind,
        translation_placeholders={"name": entry.title, **placeholders},
    )


@callback
def async_report_push_no_url(hass: HomeAssistant, entry: ConfigEntry, reason: str) -> None:
    """Home Assistant has no URL the camera can call: push cannot work, polling continues."""
    _report(hass, entry, ISSUE_PUSH_NO_URL, ir.IssueSeverity.WARNING, reason=reason)


@callback
def async_clear_push_no_url(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Push has a usable URL again."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(ISSUE_PUSH_NO_URL, entry))


@callback
def async_report_push_not_received(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Polling keeps seeing events that the camera never pushed."""
    _report(hass, entry, ISSUE_PUSH_NOT_RECEIVED, ir.IssueSeverity.WARNING)


@callback
def async_clear_push_not_received(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """A push arrived: the channel works."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(ISSUE_PUSH_NOT_RECEIVED, entry))


@callback
def async_report_account_locked(
    hass: HomeAssistant, entry: ConfigEntry, minutes: int | None
) -> None:
    """The camera locked the account: no login is tried until the lock has passed."""
    _report(hass, entry, ISSUE_ACCOUNT_LOCKED, ir.IssueSeverity.ERROR, minutes=str(minutes or "?"))


@callback
def async_clear_account_locked(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The camera lets us in again."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(ISSUE_ACCOUNT_LOCKED, entry))


@callback
def async_clear_all(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove every issue of an entry (on removal)."""
    for kind in (ISSUE_PUSH_NO_URL, ISSUE_PUSH_NOT_RECEIVED, ISSUE_ACCOUNT_LOCKED):
        ir.async_delete_issue(hass, DOMAIN, _issue_id(kind, entry))
