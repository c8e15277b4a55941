"""Hankvision V6202IR-based cameras and video servers: the `/cgi/<class>_get|set|query` API."""
