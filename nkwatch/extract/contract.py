"""The extraction contract (eval/SCHEMA.md): documents in as JSON Lines, events out as JSON Lines."""

from __future__ import annotations

import json
from typing import IO, Iterator

from nkwatch import ids
from nkwatch.errors import InputError
from nkwatch.extract.pipeline import analyse
from nkwatch.ingest.jsonl import parse_line
from nkwatch.model import Document
from nkwatch.packs import Pack, load_pack


def read_documents(lines: IO[str], name: str = "<stdin>") -> Iterator[Document | InputError]:
    """Yield a Document per good line and an InputError per bad one, so one bad line stops nothing."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:  # not JSON, nested too deeply, or a lone surrogate ("\\ud800") no output can encode
            row = parse_line(line, f"{name}:{n}")
        except InputError as problem:
            yield problem
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), (str, type(None))):
            yield InputError(f"{name}:{n}", "expected an object with a text field")
            continue
        text = row.get("text") or ""
        doc_id = str(row["id"]) if row.get("id") is not None else ids.document_id(text)
        yield Document(id=doc_id, text=text, title=row.get("title"), url=row.get("url"),
                       publisher=row.get("publisher"), published=_published(row.get("published")))


def _published(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def extract_file(src: IO[str], out: IO[str], errors: IO[str], pack: Pack | None = None,
                 name: str = "<stdin>") -> tuple[int, int, int]:
    """Write one event per line; return (documents, events, problems)."""
    pack = pack or load_pack()
    n_docs = n_events = n_problems = 0
    for item in read_documents(src, name):
        if isinstance(item, InputError):
            print(f"error: {item}", file=errors)
            n_problems += 1
            continue
        n_docs += 1
        state = analyse(item, pack)
        for note in state.notes:
            print(f"note: {name} document {item.id}: {note}", file=errors)
        for event in state.events:
            out.write(json.dumps(event.as_json(), ensure_ascii=False) + "\n")
            n_events += 1
    return n_docs, n_events, n_problems
