"""Which reader handles which file, by extension; folders are walked recursively."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from nkwatch.errors import InputError
from nkwatch.ingest import feed, html, jsonl, pdf, text
from nkwatch.ingest.base import Items

Reader = Callable[..., Items]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".pdf": pdf.read,
    ".jsonl": jsonl.read,
    ".xml": feed.read,
    ".rss": feed.read,
    ".atom": feed.read,
}


def reader_for(path: Path) -> Reader:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = " ".join(sorted(READERS))
        raise InputError(str(path), f"unknown file type {path.suffix or '(none)'!r}; nkwatch reads {known}")
    return reader


def read_path(path: str | Path) -> Items:
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    return reader_for(path)(path)


def expand(paths: list[str | Path]) -> Iterator[Path]:
    """Files as given, and every file under a folder (sorted, hidden ones skipped)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and not hidden:
                    yield found
        else:
            yield path  # a missing file is reported when it is read
