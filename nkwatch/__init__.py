"""nkwatch: track North Korea's industrial, military-industrial and infrastructure development."""

__version__ = "0.1.0"
