"""RSS and Atom feeds (files or fetched bytes): one document per entry.

Entry HTML (summaries, content) is flattened to text; the feed's title is the publisher.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import feedparser
import lxml.html

from nkwatch.errors import InputError
from nkwatch.ingest.base import Items, clean_date, load, make_document


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    html = "\n".join(p for p in parts if p)
    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    # lxml refuses what XML cannot hold (ValueError): a stray \x01 would lose the whole entry.
    root = lxml.html.fromstring(f"<div>{_NOT_XML.sub('', html)}</div>")
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def _date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    # Not strftime: glibc writes the year 25 as "25", not "0025"; clean_date drops year 0.
    return clean_date(f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}")


def read(source: str | Path | bytes, name: str | None = None) -> Items:
    data, label = load(source, name)
    # A stream, never the bytes: feedparser opens bytes that spell a path (b"/etc/passwd") as
    # that local file, and fetched bytes are the remote server's to choose.
    try:
        feed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # its loose parser raises on "&#xD800;", "&#x110000;" and the like
        raise InputError(label, f"broken feed: {type(exc).__name__}: {exc}") from exc
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
