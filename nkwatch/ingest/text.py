"""Plain text and Markdown: the whole file is the text; a Markdown `# heading` is the title."""

from __future__ import annotations

import re
from pathlib import Path

from nkwatch.ingest.base import Items, load, make_document
from nkwatch.ingest.encoding import decode

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def read(source: str | Path | bytes, name: str | None = None) -> Items:
    data, label = load(source, name)
    text = decode(data, label)
    title = None
    if label.lower().endswith(".md"):
        heading = _HEADING.search(text)
        title = heading.group(1) if heading else None
    return [make_document(text, label, title=title)]
