"""PDF files: the text layer only. A scanned PDF without one is reported, not OCRed."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pypdf

from nkwatch.errors import InputError
from nkwatch.ingest.base import Items, load, make_document

# pypdf logs recoverable structure problems as warnings; we report failures ourselves.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read(source: str | Path | bytes, name: str | None = None) -> Items:
    data, label = load(source, name)
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError(label, "not a PDF (no %PDF- header)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.get("/Title") if reader.metadata else None
    except Exception as exc:  # pypdf raises many types for broken files
        raise InputError(label, f"broken PDF: {type(exc).__name__}: {exc}") from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise InputError(label, "PDF has no text layer (scanned? run OCR first)")
    return [make_document(text, label, title=str(title) if title else None)]
