"""JSON Lines: one merged event per line, as `events list --json` gives it, with its reports
(`reports_detail`), its country, location and coordinates; in a change feed each event carries
"change", and each claim withdrawn since then follows as a line of its own."""

from __future__ import annotations

from typing import IO

from nkwatch.export.records import Export
from nkwatch.terminal import json_text


def write(export: Export, out: IO[str]) -> int:
    """Returns the number of lines."""
    for event in export.events:
        out.write(json_text(event) + "\n")
    for withdrawn in export.withdrawn:
        out.write(json_text(withdrawn) + "\n")
    return len(export.events) + len(export.withdrawn)
