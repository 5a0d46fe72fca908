"""Who published a document, as an analyst grades them: data in the pack's publishers.yaml
(nkwatch/packs/<pack>/publishers.yaml, validated by nkwatch.packs; the pack is the `pack` setting)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from nkwatch import ids, settings
from nkwatch.model import RELIABILITY_GRADES, Document, Source

if TYPE_CHECKING:  # pydantic is imported only when a document is attributed
    from nkwatch.packs.schema import Publisher as Entry  # one record of publishers.yaml


def _known() -> tuple[dict[str, Entry], dict[str, Entry]]:
    return _index(settings.get("pack"))


@lru_cache(maxsize=4)
def _index(pack: str) -> tuple[dict[str, Entry], dict[str, Entry]]:
    from nkwatch.packs import load_publishers

    by_name: dict[str, Entry] = {}
    by_domain: dict[str, Entry] = {}
    for entry in load_publishers(pack):
        for alias in [entry.name, *entry.aliases]:
            by_name[alias.casefold()] = entry
        for domain in entry.domains:
            by_domain[domain] = entry
    return by_name, by_domain


def _entry(doc: Document) -> Entry | None:
    by_name, by_domain = _known()
    if doc.publisher and doc.publisher.strip().casefold() in by_name:
        return by_name[doc.publisher.strip().casefold()]
    host = urlparse(doc.url or "").hostname or ""
    while host:
        if host in by_domain:
            return by_domain[host]
        host = host.partition(".")[2]  # www.example.org -> example.org -> org
    return None


def attribute(doc: Document) -> tuple[Document, Source | None]:
    """The document with a canonical publisher and source type, and its graded Source."""
    entry = _entry(doc)
    if entry is None:
        if not doc.publisher:
            return doc, None
        # A JSONL record may grade its own publisher ("reliability": "B"); otherwise unknown.
        grade = doc.metadata.get("reliability")
        grade = grade if grade in RELIABILITY_GRADES else "F"
        return doc, Source(ids.source_id(doc.publisher), doc.publisher, doc.source_type, grade)
    metadata = dict(doc.metadata)
    if doc.publisher and doc.publisher != entry.name:
        metadata["publisher_as_given"] = doc.publisher
    source = Source(ids.source_id(entry.name), entry.name, entry.type, entry.reliability)
    return replace(doc, publisher=source.name, source_type=source.type, metadata=metadata), source
