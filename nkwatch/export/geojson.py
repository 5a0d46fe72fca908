"""GeoJSON (RFC 7946): a FeatureCollection with a Point (longitude, latitude) per located event
and the CSV's columns as its properties (lists as arrays). Events with no point (places abroad,
places the gazetteer has no coordinates for) are left out and counted. A change feed adds the
claims withdrawn since then as the collection's "withdrawn" member. One feature a line."""

from __future__ import annotations

from typing import IO, Any

from nkwatch.export.records import Export, flat_row
from nkwatch.terminal import json_text


def feature(event: dict[str, Any], export: Export) -> dict[str, Any] | None:
    if event.get("latitude") is None or event.get("longitude") is None:
        return None
    return {"type": "Feature", "id": event["id"],
            "geometry": {"type": "Point",
                         "coordinates": [float(event["longitude"]), float(event["latitude"])]},
            "properties": flat_row(event, export)}


def write(export: Export, out: IO[str]) -> tuple[int, int]:
    """Returns (features written, events left out for want of a point)."""
    out.write('{"type": "FeatureCollection", "features": [')
    written = 0
    for event in export.events:
        found = feature(event, export)
        if found is not None:
            out.write(("," if written else "") + "\n" + json_text(found))
            written += 1
    out.write("\n]")
    if export.feed:
        out.write(', "withdrawn": ' + json_text(export.withdrawn))
    out.write("}\n")
    return written, len(export.events) - written
