"""What a briefing is made from, read out of the store: the period's events (with the names of
the records they are about), a fetcher of an event's reports, the targets' reports, and the
title page's facts. Used by `nkwatch brief` and the dashboard's /api/brief alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nkwatch.packs import Pack
    from nkwatch.store import Store


def gather(db: Store, pack: Pack, since: str | None, until: str | None, sectors: list[str],
           provinces: list[str], programmes: list[str], database: str
           ) -> tuple[list[dict[str, Any]], Callable[[str], list[dict[str, Any]]], list[dict[str, Any]], dict[str, Any]]:
    """The events, a report fetcher, the target reports and the title-page facts of a briefing."""
    from nkwatch.extract.pipeline import extractor_version
    from nkwatch.kb.merge import shipped_weights
    from nkwatch.kb.tracking import evidence, report
    from nkwatch.resolve.entities import EntityIndex
    from nkwatch.store.db import describe

    index = EntityIndex.from_pack(pack)
    events = db.merged_events(since=since, until=until, limit=10_000_000)
    for e in events:  # the names of the records each event is about, for its sentence
        e["_names"] = {r: index.entities[r].name for r in e.get("records") or [] if r in index.entities}
    if sectors:
        events = [e for e in events if e.get("sector") in sectors]
    if provinces:
        events = [e for e in events if (e.get("place") or {}).get("province") in provinces]
    if programmes:
        events = [e for e in events if e.get("programme") in programmes]
    found = evidence(db, pack)
    when = date.fromisoformat(until) if until and len(until) == 10 else date.today()
    reports = [report(t, found, when) for t in found.targets if not programmes or t.programme in programmes]

    def fetch(event_id: str) -> list[dict[str, Any]]:
        found = db.event(event_id)
        return found["reports_detail"] if found else []

    meta = {"since": since, "until": until, "made": date.today().isoformat(),
            "database": describe(database), "documents": db.stats().get("documents"),
            "extractor": extractor_version(pack), "merger": shipped_weights().trained,
            "filters": ", ".join(f"{k} {', '.join(v)}" for k, v in (("sector", sectors), ("province", provinces),
                                                                      ("programme", programmes)) if v)}
    return events, fetch, reports, meta
