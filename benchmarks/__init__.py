"""Benchmarks of the ipcam_cgi client and integration: measured, never asserted.

Run them with ``scripts/bench``; see ``benchmarks/__main__.py``.
"""
