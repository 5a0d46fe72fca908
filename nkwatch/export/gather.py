"""Reading an export out of the store: the merged events the filters select, each with its
reports (`Store.event`), its place on the map (the domain pack's records and gazetteer) and, for
a change feed, what changed (`Store.changes_since`). The one part of nkwatch.export that reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nkwatch.export.records import COUNTY_POINT, DPRK, PROVINCE_POINT, RECORD_POINT, Export

if TYPE_CHECKING:
    from nkwatch.resolve.entities import EntityIndex
    from nkwatch.store import Store

EVERY_EVENT = 1 << 62  # a LIMIT both engines take: the export is one query, one snapshot
REPORT_KEYS = ("claim", "chain", "document", "publisher", "published", "url", "title", "sentence",
               "source", "grade")


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    precision: int  # RECORD_POINT, COUNTY_POINT or PROVINCE_POINT


class Locator:
    """Where an event lies: its pack record's own point (precision 1), else the point of its
    county (2) or province (3), whichever is the more precise; the record's point when it is
    only its place's or province's counts as that place's. Places abroad have no point: the
    gazetteer is the DPRK's."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index
        self._places: dict[tuple[str, str | None, bool], Point | None] = {}

    def _place_point(self, place_id: str | None) -> Point | None:
        place = self.index.gaz.places.get(place_id or "")
        if place is None or place.lat is None or place.lon is None:
            return None
        return Point(place.lat, place.lon, COUNTY_POINT if place.parent else PROVINCE_POINT)

    def _record_point(self, entity_id: str | None) -> Point | None:
        entity = self.index.entity(entity_id) if entity_id else None
        if entity is None or entity.lat is None or entity.lon is None:
            return None
        if entity.located == "record":
            return Point(entity.lat, entity.lon, RECORD_POINT)
        if entity.located == "place":
            place = self._place_point(entity.place_id)
            precision = place.precision if place else PROVINCE_POINT
            return Point(entity.lat, entity.lon, precision)
        return Point(entity.lat, entity.lon, PROVINCE_POINT)

    def _named(self, name: str, province: str | None, *, first_level: bool) -> Point | None:
        """A county (with its province as context) or a province, by name: a county the
        gazetteer places in another province than the event's is not taken, nor a province
        name that resolves to anything but a first-level unit."""
        key = (name, province, first_level)
        if key not in self._places:
            best = self.index.gaz.best(name, province)
            point = None
            if best is not None and (province is None or best.province == province):
                point = self._place_point(best.place_id)
                if point is not None and first_level and point.precision != PROVINCE_POINT:
                    point = None
            self._places[key] = point
        return self._places[key]

    def point(self, event: dict[str, Any]) -> Point | None:
        place = event.get("place") or {}
        if place.get("country"):
            return None
        found = [self._record_point(event.get("entity"))]
        if place.get("county"):
            found.append(self._named(str(place["county"]), place.get("province"),
                                     first_level=False))
        if place.get("province"):
            found.append(self._named(str(place["province"]), None, first_level=True))
        points = [p for p in found if p is not None]
        return min(points, key=lambda p: p.precision) if points else None


def _country(place: dict[str, Any]) -> tuple[str, str]:
    code = place.get("country")
    if not code:
        return DPRK
    from followthemoney.types import registry

    return registry.country.caption(str(code).lower()) or str(code), str(code).upper()


def _location(event: dict[str, Any], record_name: str | None) -> str | None:
    place = event.get("place") or {}
    for name in (record_name, event.get("facility"), place.get("county"), place.get("province"),
                 place.get("name")):
        if name:
            return str(name)
    return None


def collect(store: Store, index: EntityIndex, filters: dict[str, Any],
            since: str | None = None) -> Export:
    """The events `filters` select (those of `Store.merged_events`), or with `since` only those
    created or changed from then on (rejected ones too: the feed says they were rejected)."""
    changes = store.changes_since(since) if since is not None else None
    query = {**filters, "limit": EVERY_EVENT}
    if changes is not None and query.get("status") is None:
        query["hide_rejected"] = False
    events = store.merged_events(**query)
    if changes is not None:
        events = [e for e in events if e["id"] in changes["events"]]
    locator = Locator(index)
    records: dict[str, dict[str, Any]] = {}
    out = []
    for event in events:
        detail = store.event(event["id"])  # None only if a rebuild just dropped it
        event = dict(event)
        event["reports_detail"] = [{k: r.get(k) for k in REPORT_KEYS}
                                   for r in (detail or {}).get("reports_detail") or ()]
        record = index.entity(event["entity"]) if event.get("entity") else None
        if record is not None:
            records[record.id] = {"name": record.name, "kind": record.kind, "type": record.type,
                                  "sector": record.sector, "hangul": record.hangul}
        event["country"], event["country_code"] = _country(event.get("place") or {})
        event["location"] = _location(event, record.name if record and record.kind == "facility"
                                      else None)
        point = locator.point(event)
        event["latitude"] = point.lat if point else None
        event["longitude"] = point.lon if point else None
        event["geo_precision"] = point.precision if point else None
        if changes is not None:
            event["change"] = changes["events"][event["id"]]
        out.append(event)
    types = {s.name: s.type.value for s in store.sources()}
    return Export(out, since=since, withdrawn=changes["withdrawn"] if changes else [],
                  source_types=types, records=records)
