"""FollowTheMoney entities (the `followthemoney` model, as OpenSanctions and Aleph read it), one
JSON entity a line (`EntityProxy.to_dict()`):

    Event          a merged event: name, date, country, location, summary (its first report's
                   sentence), keywords (type, sector), publisher, sourceUrl, notes, recordId
                   (our event id); addressEntity its point; involved its facility
    Address        where the event lies: latitude, longitude, region (province), city (county)
    Organization   a facility of the domain pack (the event's record), and each publisher
    Article        a report's document (Document for publishers that are not news media)
    Documentation  links an event to a document: role "report", the sentence as summary
    UnknownLink    links a publisher to its document: role "publisher"

Ids are `make_id` of a namespace and our own ids, so the same event, document or record has the
same entity id in every export. Every value goes through the model's cleaning (`add`), and an
unknown property is an error, so what is written is what the model accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from nkwatch.export.records import Export, publishers, quantity_text
from nkwatch.terminal import json_text

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

NEWS_TYPES = frozenset({"state_media", "news_agency", "newspaper"})
CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful",
               5: "improbable", 6: "cannot be judged"}


def _make(schema: str, *key: str) -> EntityProxy:
    from followthemoney import model

    entity = model.make_entity(schema)
    entity.make_id(*key)
    return entity


def _address(event: dict[str, Any]) -> EntityProxy | None:
    if event.get("latitude") is None or event.get("longitude") is None:
        return None
    place = event.get("place") or {}
    lat, lon = float(event["latitude"]), float(event["longitude"])
    address = _make("Address", "nkwatch.address", str(event.get("location") or ""),
                    f"{lat:.6f}", f"{lon:.6f}")
    address.add("full", _place_text(event))
    address.add("name", event.get("location"))
    address.add("region", place.get("province"))
    address.add("city", place.get("county"))
    address.add("country", str(event["country_code"]).lower())
    address.add("latitude", f"{lat:.6f}")
    address.add("longitude", f"{lon:.6f}")
    return address


def _place_text(event: dict[str, Any]) -> str:
    place = event.get("place") or {}
    parts = (event.get("location"), place.get("county"), place.get("province"),
             place.get("name"), event.get("country"))
    return ", ".join(dict.fromkeys(str(p) for p in parts if p))


def _notes(event: dict[str, Any], since: str | None) -> list[str]:
    notes = [f"status: {event.get('status')}",
             f"credibility: {event.get('credibility')} "
             f"({CREDIBILITY.get(int(event.get('credibility') or 0), '?')}), "
             f"{event.get('sources')} independent sources, {event.get('reports')} reports, "
             f"confidence {event.get('confidence')}"]
    if event.get("leader_present"):
        notes.append("the leader was present")
    if event.get("partners"):
        notes.append("partners: " + ", ".join(str(p) for p in event["partners"]))
    if event.get("quantities"):
        notes.append("quantities: " + ", ".join(quantity_text(q) for q in event["quantities"]))
    if event.get("deadline"):
        notes.append(f"deadline: {event['deadline']}")
    if event.get("change"):
        notes.append(f"{event['change']} since {since}")
    return notes


def _event(event: dict[str, Any], export: Export) -> EntityProxy:
    entity = _make("Event", "nkwatch.event", event["id"])
    kind = str(event.get("type") or "event").replace("_", " ")
    where = event.get("location")
    entity.add("name", f"{kind}: {where}" if where else kind)
    entity.add("recordId", event["id"])
    entity.add("date", event.get("date"))
    entity.add("country", str(event["country_code"]).lower())
    entity.add("location", _place_text(event) or None)
    reports = event.get("reports_detail") or []
    if reports and reports[0].get("sentence"):
        entity.add("summary", reports[0]["sentence"])
    entity.add("keywords", [k for k in (event.get("type"), event.get("sector")) if k])
    entity.add("publisher", publishers(event))
    entity.add("sourceUrl", [r["url"] for r in reports if r.get("url")])
    entity.add("notes", _notes(event, export.since))
    return entity


def _record(entity_id: str, export: Export) -> EntityProxy | None:
    record = export.records.get(entity_id)
    if record is None or record.get("kind") != "facility":
        return None
    org = _make("Organization", "nkwatch.record", entity_id)
    org.add("name", record["name"])
    org.add("alias", record.get("hangul"))
    org.add("country", "kp")
    org.add("description", ", ".join(str(v).replace("_", " ") for v in (
        record.get("type"), record.get("sector")) if v))
    org.add("notes", f"nkwatch record {entity_id}")
    return org


def _document(report: dict[str, Any], export: Export) -> EntityProxy:
    kind = export.source_types.get(report.get("publisher") or "", "")
    doc = _make("Article" if kind in NEWS_TYPES else "Document", "nkwatch.document",
                str(report["document"]))
    doc.add("title", report.get("title"))
    parts = (report.get("publisher"), report.get("published"), report["document"])
    doc.add("name", report.get("title") or " ".join(str(v) for v in parts if v))
    doc.add("publisher", report.get("publisher"))
    doc.add("publishedAt", report.get("published"))
    doc.add("sourceUrl", report.get("url"))
    return doc


def _publisher(name: str, export: Export) -> EntityProxy:
    org = _make("Organization", "nkwatch.publisher", name.casefold())
    org.add("name", name)
    kind = export.source_types.get(name)
    if kind:
        org.add("description", f"publisher ({kind.replace('_', ' ')})")
    return org


def entities(export: Export) -> Iterator[EntityProxy]:
    """Every entity once, each before the entities that point at it."""
    seen: set[str] = set()

    def new(entity: EntityProxy | None) -> Iterator[EntityProxy]:
        if entity is not None and entity.id not in seen:
            seen.add(str(entity.id))
            yield entity

    for event in export.events:
        ev = _event(event, export)
        address = _address(event)
        if address is not None:
            yield from new(address)
            ev.add("addressEntity", address.id)
        record = _record(event["entity"], export) if event.get("entity") else None
        if record is not None:
            yield from new(record)
            ev.add("involved", record.id)
        yield from new(ev)
        for report in event.get("reports_detail") or ():
            doc = _document(report, export)
            yield from new(doc)
            if report.get("publisher"):
                org = _publisher(str(report["publisher"]), export)
                yield from new(org)
                link = _make("UnknownLink", "nkwatch.published", str(org.id), str(doc.id))
                link.add("subject", org.id)
                link.add("object", doc.id)
                link.add("role", "publisher")
                yield from new(link)
            documentation = _make("Documentation", "nkwatch.report", str(report["claim"]))
            documentation.add("entity", ev.id)
            documentation.add("document", doc.id)
            documentation.add("role", "report")
            documentation.add("date", report.get("published"))
            documentation.add("summary", report.get("sentence"))
            documentation.add("publisher", report.get("publisher"))
            documentation.add("sourceUrl", report.get("url"))
            documentation.add("recordId", report["claim"])
            yield from new(documentation)


def write(export: Export, out: IO[str]) -> int:
    """Returns the number of entities."""
    n = 0
    for entity in entities(export):
        out.write(json_text(entity.to_dict()) + "\n")
        n += 1
    return n
