"""Converting between table rows and the model's plain types."""

from __future__ import annotations

from typing import Any

from nkwatch.model import Claim, ClaimStatus, Document, Source, SourceType, Span


def document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "text": doc.text,
        "title": doc.title,
        "url": doc.url,
        "publisher": doc.publisher,
        "published": doc.published,
        "source_type": SourceType(doc.source_type).value,
        "language": doc.language,
        "origin": doc.origin,
        "meta": dict(doc.metadata),
        "near_duplicate_of": doc.near_duplicate_of,
    }


def to_document(row: Any) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        title=row.title,
        url=row.url,
        publisher=row.publisher,
        published=row.published,
        source_type=SourceType(row.source_type),
        language=row.language,
        origin=row.origin,
        metadata=dict(row.meta or {}),
        near_duplicate_of=row.near_duplicate_of,
    )


def claim_row(claim: Claim, original_id: str) -> dict[str, Any]:
    return {
        "id": claim.id,
        "document_id": claim.document_id,
        "original_id": original_id,
        "kind": claim.kind,
        "span_start": claim.span.start,
        "span_end": claim.span.end,
        "value": claim.value,
        "quote": claim.quote,
        "extractor": claim.extractor,
        "extractor_version": claim.extractor_version,
        "confidence": float(claim.confidence),
        "status": ClaimStatus(claim.status).value,
        "supersedes": claim.supersedes,
        "author": claim.author,
        "note": claim.note,
        "event_type": _short(claim.value.get("type"), 32),
        "event_date": _short(claim.value.get("date"), 10),
        "sector": _short(claim.value.get("sector"), 32),
        "is_head": True,
    }


def _short(value: Any, length: int) -> str | None:
    return value[:length] if isinstance(value, str) else None


def to_claim(row: Any) -> Claim:
    return Claim(
        id=row.id,
        document_id=row.document_id,
        span=Span(row.span_start, row.span_end),
        kind=row.kind,
        value=row.value,
        quote=row.quote,
        extractor=row.extractor,
        extractor_version=row.extractor_version,
        confidence=row.confidence,
        status=ClaimStatus(row.status),
        supersedes=row.supersedes,
        author=row.author,
        note=row.note,
    )


def source_row(source: Source) -> dict[str, Any]:
    return {"id": source.id, "name": source.name, "type": SourceType(source.type).value,
            "reliability": source.reliability}


def to_source(row: Any) -> Source:
    return Source(id=row.id, name=row.name, type=SourceType(row.type), reliability=row.reliability)
