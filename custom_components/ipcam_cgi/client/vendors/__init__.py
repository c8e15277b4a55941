"""One package per vendor API; all vendor knowledge lives in these folders."""
