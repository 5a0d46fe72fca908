"""HTML pages: trafilatura finds the main text, title, date and site name (offline)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import trafilatura

from nkwatch.errors import InputError
from nkwatch.ingest.base import Items, clean_date, load, make_document
from nkwatch.ingest.encoding import decode


def _extract(html: str) -> Any:
    # favor_recall: short wire items are otherwise discarded as boilerplate.
    return trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True,
                                       include_comments=False, include_tables=True)


_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _decode(data: bytes, label: str) -> str:
    """The page's own <meta charset> when it names a codec that fits, else detection."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            text = data.decode(declared.group(1).decode("ascii"))
            text.encode("utf-8")  # "utf-7", "unicode_escape" can make lone surrogates
            return text
        except (LookupError, UnicodeError, ValueError):
            # A wrong declaration is common, and a page can name any Python codec ("undefined",
            # "punycode", "idna" raise UnicodeError): fall back to detection.
            pass
    return decode(data, label)


def read(source: str | Path | bytes, name: str | None = None) -> Items:
    data, label = load(source, name)
    html = _decode(data, label)
    if "<" not in html:
        raise InputError(label, "not HTML (no tags)")
    found = _extract(html)
    text = (getattr(found, "text", None) or "").strip() if found is not None else ""
    if not text:
        raise InputError(label, "no main text found in the HTML")
    return [make_document(
        text,
        label,
        title=found.title or None,
        url=found.url or None,
        publisher=found.sitename or None,
        published=clean_date(found.date),
        language=found.language or None,
    )]
