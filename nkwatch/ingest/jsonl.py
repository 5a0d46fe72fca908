"""JSON Lines in the document format of eval/SCHEMA.md: one document per line.

A bad line is one problem (`file:LINE: reason`) and the other lines still count; a file where no
line is JSON at all is one problem for the whole file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from nkwatch.errors import InputError
from nkwatch.ingest.base import Items, clean_date, load, make_document
from nkwatch.ingest.encoding import decode
from nkwatch.model import SourceType

KNOWN = {"id", "url", "publisher", "published", "title", "text", "language"}
# Not str.splitlines(): it also breaks at U+2028, U+0085 and the like, which JSON allows raw
# inside a string (json.dumps(..., ensure_ascii=False) writes them so).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def parse_line(line: str, where: str) -> Any:
    """One line's JSON value, or InputError: not JSON, nested too deeply, or holding a lone
    UTF-16 surrogate ("\\ud800" is valid JSON but no text: no database can store it)."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(where, TOO_DEEP) from None
    if _too_deep(value):
        raise InputError(where, TOO_DEEP)
    field = _surrogate_in(value)
    if field is not None:
        raise InputError(where, f"a lone UTF-16 surrogate in {field}: not text")
    return value


# Deeper values parse, but storing (~970 levels) or printing them (`docs list --json`, ~500
# levels) runs into Python's recursion limit; no document needs more than a few.
MAX_DEPTH = 100
TOO_DEEP = f"not usable JSON: nested too deeply (more than {MAX_DEPTH} levels)"


def _too_deep(value: Any) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _surrogate_in(value: Any) -> str | None:
    """Where the first string that UTF-8 cannot encode sits (a field name), else None."""
    stack: list[tuple[str, Any]] = [("the line", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return where
        elif isinstance(item, dict):
            for key, child in item.items():
                label = "a key" if _bad(key) else f'"{key[:40]}"'
                stack += [(label, key), (label, child)]
        elif isinstance(item, list):
            stack.extend((where, child) for child in item)
    return None


def _bad(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _document(record: Any, where: str) -> Any:
    if not isinstance(record, dict):
        raise InputError(where, "a line must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "no \"text\"")
    published = record.get("published")
    if published is not None and clean_date(published) != published:
        raise InputError(where, f"\"published\" must be YYYY-MM-DD, YYYY-MM or YYYY, not {published!r}")
    for key in ("title", "url", "publisher", "language"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(where, f"\"{key}\" must be a string")
    extra = {k: v for k, v in record.items() if k not in KNOWN}
    if "id" in record:
        extra["external_id"] = record["id"]  # the file's own id; ours is the text hash
    return make_document(
        text, where, title=record.get("title"), url=record.get("url"),
        publisher=record.get("publisher"), published=published, language=record.get("language"),
        metadata=extra, source_type=_source_type(extra.get("source_type")),
    )


def _source_type(value: Any) -> SourceType:
    """An optional "source_type" field (not in SCHEMA.md) grades unlisted publishers."""
    try:
        return SourceType(value)
    except ValueError:
        return SourceType.OTHER


def read(source: str | Path | bytes, name: str | None = None) -> Items:
    data, label = load(source, name)
    items: Items = []
    parsed = 0
    for number, line in enumerate(_LINE_BREAK.split(decode(data, label)), start=1):
        if not line.strip():
            continue
        where = f"{label}:{number}"
        try:
            record = parse_line(line, where)
        except InputError as problem:
            if problem.problem.startswith("not JSON:"):
                items.append(problem)
                continue
            parsed += 1  # JSON, but not usable: this line's problem, not the file's
            items.append(problem)
            continue
        parsed += 1
        try:
            document = _document(record, where)
        except InputError as problem:
            items.append(problem)
            continue
        document.origin = label
        items.append(document)
    if parsed == 0:  # nothing parsed: one problem for the file, not one per line
        first = next((i for i in items if isinstance(i, InputError)), None)
        if first is None:  # only characters str.strip() drops but bytes.strip() keeps ("\x1c")
            raise InputError(label, "empty file")
        line = first.path.rsplit(":", 1)[1]
        raise InputError(label, f"not JSON Lines (line {line}: {first.problem})")
    return items
