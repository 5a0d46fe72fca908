"""How each stable id is formed. docs/ids.md explains the choices.

Ids hash *raw* identifying fields, never cleaned or enriched ones, so an improved cleaner or
resolver does not silently renumber what an analyst has already reviewed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

_SPACE = re.compile(r"\s+")


def _digest(*parts: Any, length: int = 16) -> str:
    raw = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:length]


def normalize_text(text: str) -> str:
    """The text a document id is computed over: NFC, whitespace folded, trimmed.

    Case and punctuation are kept: two texts that differ only in layout are the same document,
    two that differ in a word are not.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def document_id(text: str) -> str:
    return "doc_" + hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:20]


def claim_id(document_id: str, extractor: str, kind: str, start: int, end: int, value: Any) -> str:
    """Same document, extractor, span and value -> same claim: a re-run adds nothing."""
    return "clm_" + _digest(document_id, extractor, kind, start, end, value, length=20)


def review_id(claim_id: str, status: str, author: str | None, value: Any, note: str | None) -> str:
    return "rev_" + _digest(claim_id, status, author, value, note, length=20)


def source_id(publisher: str) -> str:
    return "src_" + _digest(publisher.strip().casefold(), length=12)
