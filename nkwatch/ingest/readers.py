"""Which reader handles which file, by extension; folders are walked recursively."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from nkwatch.errors import InputError, Skipped
from nkwatch.ingest import base, feed, html, jsonl, pdf, text
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
        what = f"{path.suffix} files" if path.suffix else "files without an extension"
        raise Skipped(str(path), f"skipped: nkwatch does not read {what} (it reads {known})")
    return reader


def read_path(path: str | Path) -> Items:
    path = Path(path)
    kind = base.file_kind(path)
    if kind is None:
        raise InputError(str(path), "no such file or folder")
    if kind != "file":  # a FIFO would block for ever, /dev/zero never ends: never opened
        raise Skipped(str(path), f"skipped: not a regular file ({kind})")
    return reader_for(path)(path)


def expand(paths: list[str | Path]) -> Iterator[Path]:
    """Paths as given, and every entry under a folder that is not a folder itself (sorted,
    hidden ones left out); what cannot be read is reported when it is read."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if not hidden and not found.is_dir():
                    yield found
        else:
            yield path
