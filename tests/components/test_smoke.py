from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from tests.conftest import setup_entry


async def test_setup_creates_entities(hass: HomeAssistant, foscam_entry, foscam_sim) -> None:
    await setup_entry(hass, foscam_entry)
    assert foscam_entry.state is ConfigEntryState.LOADED
    states = sorted(s.entity_id for s in hass.states.async_all())
    print("\n".join(states))
    assert hass.states.get("binary_sensor.front_door_motion").state == "off"
