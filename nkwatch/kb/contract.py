"""The merging contract (../shared/eval/SCHEMA.md, "Merging events across documents"):
gold-format events and their documents in, one {"doc_id", "index", "cluster"} line per event out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from nkwatch.kb.merge import Merged, Report, merge_reports, report_from_event
from nkwatch.packs import Pack
from nkwatch.resolve.entities import EntityIndex


def record_of(event: dict[str, Any], index: EntityIndex) -> tuple[tuple[str, str], ...]:
    """The facility or system record an event's facility string names, read with its place and
    year: what two reports of one event most often share."""
    if not event.get("facility"):
        return ()
    place = event.get("place") or {}
    context = " ".join(str(v) for v in (place.get("county"), place.get("province"),
                                        (event.get("date") or "")[:4]) if v)
    best = index.best(str(event["facility"]), context or None)
    if best is None or best.entity.kind not in ("facility", "system"):
        return ()
    return ((best.entity.kind, best.entity.id),)


def reports_of(rows: Iterable[dict[str, Any]], docs: dict[str, dict[str, Any]], pack: Pack) -> list[Report]:
    index = EntityIndex.from_pack(pack)
    out = []
    for row in rows:
        for n, event in enumerate(row.get("events") or []):
            out.append(report_from_event(str(row["doc_id"]), n, event, docs.get(str(row["doc_id"])),
                                         record_of(event, index)))
    return out


def write_clusters(reports: list[Report], merged: Merged, out: IO[str]) -> None:
    for report, cluster in zip(reports, merged.clusters):
        first = reports[cluster].key
        out.write(json.dumps({"doc_id": report.key[0], "index": report.key[1],
                              "cluster": f"{first[0]}#{first[1]}"}, ensure_ascii=False) + "\n")


def merge_files(events: IO[str], docs: IO[str] | None, out: IO[str], pack: Pack,
                errors: IO[str], names: tuple[str, str]) -> tuple[int, int]:
    """Read, merge, write. A bad line is one message naming the file and line; the rest go on.
    Returns (events, clusters)."""
    rows = list(_lines(events, names[0], errors))
    documents = {str(d["id"]): d for d in _lines(docs, names[1], errors) if "id" in d} if docs else {}
    reports = reports_of(rows, documents, pack)
    merged = merge_reports(reports)
    write_clusters(reports, merged, out)
    return len(reports), len(set(merged.clusters))


def _lines(src: IO[str], name: str, errors: IO[str]) -> Iterable[dict[str, Any]]:
    for n, line in enumerate(src, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            errors.write(f"{name}:{n}: not a JSON object: {exc}\n")
            continue
        if not isinstance(row, dict):
            errors.write(f"{name}:{n}: not a JSON object\n")
            continue
        yield row
