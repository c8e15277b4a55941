"""Foscam MJPEG (Netwave firmware) cameras: "IP Camera CGI V1.27"."""
