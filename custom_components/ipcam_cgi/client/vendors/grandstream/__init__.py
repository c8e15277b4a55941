"""Grandstream GSC3610/GSC3615/GSC3620: "GSC36XX HTTP API" (challenge-response cookie sessions)."""
