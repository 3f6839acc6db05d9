"""korea: an offline command-line catalogue of archival documents on the Korean War."""

__version__ = "0.1.0"
