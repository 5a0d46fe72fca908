"""What the targets tracker reads from a store, and a target's report as the CLI, the API and
briefings show it: one place, so all three judge a target from the same evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from nkwatch.kb.targets import summary, track

if TYPE_CHECKING:
    from nkwatch.packs import Pack
    from nkwatch.packs.schema import TargetRecord
    from nkwatch.store import Store


@dataclass
class Evidence:
    targets: list[TargetRecord]  # the pack's, then the analyst's added or edited ones
    events: list[dict[str, Any]]  # merged events, a county taken from their record where they name none
    kinds: dict[str, str]  # record id -> its kind
    names: dict[str, tuple[str, str | None]]  # place id -> (province, county) as events name them


def evidence(store: Store, pack: Pack) -> Evidence:
    from nkwatch.resolve.entities import EntityIndex

    index = EntityIndex.from_pack(pack)
    events = store.merged_events(limit=10_000_000)
    for e in events:
        record = index.entities.get(e.get("entity") or "")
        place = e.get("place") or {}
        if record is not None and record.place_id and not place.get("county") and "/" in record.place_id:
            e["place"] = {"province": record.province, "county": index.gaz.places[record.place_id].name}
    return Evidence(all_targets(pack, store), events, {e.id: e.type for e in index.entities.values()},
                    {pid: (index.gaz.province_of(pid), pl.name if "/" in pid else None)
                     for pid, pl in index.gaz.places.items()})


def all_targets(pack: Pack, store: Store) -> list[TargetRecord]:
    """The pack's targets, then the analyst's: an added target, or an edit of any target's
    fields, is a decision in the store (the latest one wins)."""
    from nkwatch.packs.schema import TargetRecord

    by_id = {t.id: t for t in pack.targets}
    for d in reversed(store.decisions(limit=1_000_000)):
        if d["action"] not in ("target_add", "target_edit") or not d["value"]:
            continue
        base = by_id.get(d["event"])
        fields = {**(base.model_dump() if base else {}), **d["value"], "id": d["event"]}
        by_id[d["event"]] = TargetRecord.model_validate(fields)
    return list(by_id.values())


def report(target: TargetRecord, found: Evidence, as_of: date) -> dict[str, Any]:
    """A target's periods, units, status and sources, as `targets show --json` gives them."""
    periods = track(target, found.events, as_of, found.kinds, found.names)
    return {"id": target.id, "name": target.name, "programme": target.programme,
            "goal": target.goal, "per": target.per, "goal_unit": target.goal_unit,
            "start": target.start, "end": target.end, "deadline": target.deadline,
            "confirmed": target.confirmed, "status": summary(periods),
            "periods": [p.as_json() for p in periods],
            "units": [u for p in periods for u in p.as_json()["units"]],
            "sources": [s.model_dump(exclude_none=True) for s in target.sources]}
