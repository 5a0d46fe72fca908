"""Who published a document, as an analyst grades them: data in publishers.yaml."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from nkwatch import ids
from nkwatch.model import RELIABILITY_GRADES, Document, Source, SourceType

MAPPING = Path(__file__).with_name("publishers.yaml")
Entry = dict[str, Any]  # one record of publishers.yaml


@cache
def _known() -> tuple[dict[str, Entry], dict[str, Entry]]:
    by_name, by_domain = {}, {}
    for entry in yaml.safe_load(MAPPING.read_text(encoding="utf-8")):
        Source("check", entry["name"], SourceType(entry["type"]), entry["reliability"])  # validates
        for alias in [entry["name"], *entry.get("aliases", [])]:
            by_name[alias.casefold()] = entry
        for domain in entry.get("domains", []):
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
        host = host.partition(".")[2]  # www.kcna.kp -> kcna.kp -> kp
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
    if doc.publisher and doc.publisher != entry["name"]:
        metadata["publisher_as_given"] = doc.publisher
    source = Source(ids.source_id(entry["name"]), entry["name"], SourceType(entry["type"]),
                    entry["reliability"])
    return replace(doc, publisher=source.name, source_type=source.type, metadata=metadata), source
