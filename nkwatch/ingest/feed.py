"""RSS and Atom feeds (files or fetched bytes): one document per entry.

Entry HTML (summaries, content) is flattened to text; the feed's title is the publisher.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import feedparser
import lxml.html

from nkwatch.errors import InputError
from nkwatch.ingest.base import Items, load, make_document


def _text(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    html = "\n".join(p for p in parts if p)
    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    root = lxml.html.fromstring(f"<div>{html}</div>")
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def _date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def read(source: str | Path | bytes, name: str | None = None) -> Items:
    data, label = load(source, name)
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = feed.get("bozo_exception")
        raise InputError(label, f"not an RSS/Atom feed{f' ({reason})' if reason else ' (no entries)'}")
    publisher = feed.feed.get("title") or None
    items: Items = []
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{label}#{number}"
        try:
            items.append(make_document(
                _text(entry), label, title=entry.get("title"), url=entry.get("link"),
                publisher=publisher, published=_date(entry), language=feed.feed.get("language"),
            ))
        except InputError as problem:
            items.append(InputError(where, f"entry {entry.get('title')!r}: {problem.problem}"))
    return items
