"""What every reader shares: bounded file loading and building a Document from raw fields.

A reader is a pure function `read(source, name=None) -> list[Document | InputError]`: `source`
is a path or the bytes themselves. It raises `InputError` when the whole input is unusable and
returns an `InputError` in the list for one bad item (a JSONL line, a feed entry) so the rest
of the file still counts.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

from nkwatch import ids, settings
from nkwatch.errors import InputError
from nkwatch.model import Document, is_date

Items = list[Document | InputError]
_SURROGATE = re.compile("[\ud800-\udfff]")


def max_bytes() -> int:
    return int(settings.get("max_bytes"))


def too_big(size: int) -> str:
    return (f"{size / 2**20:.1f} MiB is over the {max_bytes() / 2**20:.0f} MiB limit "
            "(raise NKWATCH_MAX_BYTES to read it)")


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def file_kind(path: Path) -> str | None:
    """"file" for a regular file (links followed), what else it is otherwise, None if missing."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return "file"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def load(source: str | Path | bytes, name: str | None = None) -> tuple[bytes, str]:
    """The bytes to read and the name to report them by; refuses oversized and special files
    unread."""
    if isinstance(source, bytes):
        data, label = source, name or "<bytes>"
    else:
        path = Path(source)
        label = name or str(path)
        kind = file_kind(path)
        if kind not in ("file", None):
            raise InputError(label, f"not a regular file ({kind})")
        try:
            size = path.stat().st_size
            if size > max_bytes():
                raise InputError(label, too_big(size))
            with path.open("rb") as fh:  # read at most the limit: the file may grow meanwhile
                data = fh.read(max_bytes() + 1)
        except OSError as exc:
            raise InputError(label, exc.strerror or str(exc)) from exc
    if len(data) > max_bytes():
        raise InputError(label, too_big(len(data)))
    if not data.strip():
        raise InputError(label, "empty file")
    return data, label


def clean_date(value: Any) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY from a date-like string; None when it is none of those."""
    if not isinstance(value, str):
        return None
    text: str = value.strip()[:10]
    return text if is_date(text) else None


def _storable(text: str) -> str:
    """NUL removed, lone UTF-16 surrogates replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def make_document(text: str, origin: str, **fields: Any) -> Document:
    """A Document whose id is the hash of its text; empty texts are an input problem."""
    # PDF text layers can hold NUL characters, and a feed's "&#xD800;" or a page's UTF-7 lone
    # surrogates; no database stores either, UTF-8 cannot even encode the second.
    text = _storable(text or "")
    if not text.strip():
        raise InputError(origin, "no text found")
    for key in ("url", "publisher", "language"):
        if isinstance(fields.get(key), str):
            fields[key] = _storable(fields[key])
    if isinstance(fields.get("title"), str):
        fields["title"] = _storable(fields["title"]).strip() or None
    return Document(id=ids.document_id(text), text=text, origin=origin, **fields)
