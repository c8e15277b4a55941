"""Anjia Weishi OEM "CGI Network Camera" (VER. 1.0.10): getuid sessions."""
