"""Reading the annotated corpus for training and evaluation (texts are local, never in git)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nkwatch.model import Document


@dataclass(frozen=True)
class Example:
    document: Document
    gold: list[dict[str, Any]]  # gold events in the contract's format, with evidence offsets
    group: str  # publisher and year: folds never split a group


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


_RELAY = re.compile(r"\s*[(\[].*$")


def group_of(publisher: str | None, published: str | None) -> str:
    """"KCNA (via KCNA Watch)" published 2025-01-11 -> "kcna|2025": one story's rewrites by one
    outlet in one year stay on one side of a fold."""
    name = _RELAY.sub("", publisher or "").strip().lower() or "unknown"
    return f"{name}|{(published or '')[:4] or 'undated'}"


def load_corpus(index: Path, gold: Path, docs: Path) -> list[Example]:
    meta = {row["id"]: row for row in _read(index)}
    texts = {row["id"]: row["text"] for row in _read(docs)}
    examples = []
    for row in _read(gold):
        doc_id = row["doc_id"]
        if doc_id not in texts:
            continue
        m = meta[doc_id]
        doc = Document(id=doc_id, text=texts[doc_id], url=m.get("url"), publisher=m.get("publisher"),
                       published=m.get("published"))
        examples.append(Example(doc, list(row["events"]), group_of(m.get("publisher"), m.get("published"))))
    return examples


def sentence_labels(sentences: list[tuple[int, int]], gold: list[dict[str, Any]]) -> list[set[str]]:
    """For each sentence, the types of the gold events whose evidence overlaps it."""
    labels: list[set[str]] = [set() for _ in sentences]
    for event in gold:
        evidence = event.get("evidence")
        if not evidence:
            continue
        start, end = evidence
        for i, (s, e) in enumerate(sentences):
            if s < end and start < e:
                labels[i].add(event["type"])
    return labels
